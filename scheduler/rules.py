"""The rule registry: every kind of hard rule plooi knows, under one name.

Before this module three vocabularies overlapped: the checker said ``window``,
the conflict finder split it into ``earliest`` and ``deadline``, the explainer
added ``before`` and ``none``. Now there is one enum, :class:`Rule`, whose values
are exactly the codes that appear in the result JSON (``causes[].rule``,
``conflict[].rule``), so the documented values are unchanged.

Some members are one *side* of a rule, named where a consumer needs the side:

======================  ==========================================================
side                    rule it belongs to
======================  ==========================================================
``earliest``            ``window``: the start may not come before the earliest week
``deadline``            ``window``: the finish may not come after the latest week
``before``              ``after``, seen from the predecessor: its successor starts
                        too early for it to go back
======================  ==========================================================

:func:`kind` maps a side to its rule. ``none`` is not a rule: it is the
explainer's answer when no rule keeps a work from its planned weeks.

Each consumer takes the subset it can meet, as a ``Literal`` type, and turns it
into something (a message, a cause, a conflict text, a briefing phrase) with an
exhaustive ``match`` that ends in ``assert_never``: add a member to a subset and
mypy names every place that must say something about it (docs/adding-a-rule.md).

- :data:`Checked`: what the independent checker reports (``Violation.rule``).
- :data:`Guarded`: a rule group of the guarded model, named by a minimal conflict.
- :data:`CauseRule`: a direct cause of a move in the explainer.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, assert_never, get_args

__all__ = [
    "CAUSES",
    "CHECKED",
    "GUARDED",
    "SCENARIO_RULES",
    "CauseRule",
    "Checked",
    "Guarded",
    "Rule",
    "kind",
    "scenario_fields",
]


class Rule(StrEnum):
    """Every rule kind, side and plan check; the value is the code in JSON and messages."""

    # The plan against the scenario (checker only).
    UNKNOWN_ITEM = "unknown_item"
    MISSING_ITEM = "missing_item"
    MANDATORY = "mandatory"
    # Rules of the scenario.
    HORIZON = "horizon"
    WINDOW = "window"
    PINNED = "pinned"
    MAX_SHIFT = "max_shift"
    AFTER = "after"
    CAPACITY = "capacity"
    BUDGET = "budget"
    BREEDING_SEASON = "breeding_season"
    EVENT = "event"
    BREEKVERBOD = "breekverbod"
    MAX_CONCURRENT = "max_concurrent"
    BUNDLE = "bundle"
    SCHOOL_HOLIDAYS = "school_holidays"
    # Sides of a rule (see kind()).
    EARLIEST = "earliest"
    DEADLINE = "deadline"
    BEFORE = "before"
    # No rule at all: the explainer found nothing that forces a move.
    NONE = "none"


# What the checker reports, in the order it reports it (a stable contract).
Checked = Literal[
    Rule.UNKNOWN_ITEM,
    Rule.MISSING_ITEM,
    Rule.MANDATORY,
    Rule.HORIZON,
    Rule.WINDOW,
    Rule.PINNED,
    Rule.MAX_SHIFT,
    Rule.AFTER,
    Rule.CAPACITY,
    Rule.BUDGET,
    Rule.BREEDING_SEASON,
    Rule.EVENT,
    Rule.BREEKVERBOD,
    Rule.MAX_CONCURRENT,
    Rule.BUNDLE,
    Rule.SCHOOL_HOLIDAYS,
]

# A rule group of the guarded model (horizon: an item longer than the whole horizon).
Guarded = Literal[
    Rule.HORIZON,
    Rule.EARLIEST,
    Rule.DEADLINE,
    Rule.PINNED,
    Rule.MAX_SHIFT,
    Rule.AFTER,
    Rule.CAPACITY,
    Rule.BUDGET,
    Rule.BREEDING_SEASON,
    Rule.EVENT,
    Rule.BREEKVERBOD,
    Rule.MAX_CONCURRENT,
    Rule.BUNDLE,
    Rule.SCHOOL_HOLIDAYS,
]

# A direct cause of a move. Pinned, max_shift and the horizon never keep a work from
# its own planned weeks (a work at its planned start keeps them, and the loader
# refuses planned weeks outside the horizon), so they are no causes.
CauseRule = Literal[
    Rule.WINDOW,
    Rule.AFTER,
    Rule.BEFORE,
    Rule.CAPACITY,
    Rule.BUDGET,
    Rule.BREEDING_SEASON,
    Rule.EVENT,
    Rule.BREEKVERBOD,
    Rule.MAX_CONCURRENT,
    Rule.BUNDLE,
    Rule.SCHOOL_HOLIDAYS,
    Rule.NONE,
]

CHECKED: tuple[Checked, ...] = get_args(Checked)
GUARDED: tuple[Guarded, ...] = get_args(Guarded)
CAUSES: tuple[CauseRule, ...] = get_args(CauseRule)

# The kinds a scenario file states (the rest are plan checks, sides or no rule).
SCENARIO_RULES: tuple[Rule, ...] = (
    Rule.MANDATORY,
    Rule.HORIZON,
    Rule.WINDOW,
    Rule.PINNED,
    Rule.MAX_SHIFT,
    Rule.AFTER,
    Rule.CAPACITY,
    Rule.BUDGET,
    Rule.BREEDING_SEASON,
    Rule.EVENT,
    Rule.BREEKVERBOD,
    Rule.MAX_CONCURRENT,
    Rule.BUNDLE,
    Rule.SCHOOL_HOLIDAYS,
)


def kind(rule: Rule) -> Rule:
    """The rule a side belongs to (earliest, deadline: window; before: after); else itself."""
    match rule:
        case Rule.EARLIEST | Rule.DEADLINE:
            return Rule.WINDOW
        case Rule.BEFORE:
            return Rule.AFTER
        case _:
            return rule


def scenario_fields(rule: Rule) -> tuple[str, ...]:
    """Where a scenario states the rule (docs/scenario-format.md); () for no scenario rule.

    Paths are dotted; ``works[]`` means the field of every work (and request, where
    requests have it too). The round-trip test reads these to check every rule
    survives YAML, xlsx and CSV.
    """
    match rule:
        case Rule.HORIZON:
            return ("horizon.start", "horizon.end")
        case Rule.WINDOW:
            return ("works[].earliest", "works[].latest_finish", "requests[].earliest")
        case Rule.PINNED:
            return ("works[].pinned",)
        case Rule.MAX_SHIFT:
            return ("works[].max_shift",)
        case Rule.AFTER:
            return ("works[].after",)
        case Rule.CAPACITY:
            return ("resources[].capacity", "resources[].exceptions")
        case Rule.BUDGET:
            return ("budgets[].per_year", "works[].budget", "works[].cost")
        case Rule.BREEDING_SEASON:
            return ("rules.breeding_season",)
        case Rule.EVENT:
            return ("rules.events",)
        case Rule.BREEKVERBOD:
            return ("rules.breekverbod_years", "works[].digs", "works[].resurfaces")
        case Rule.MAX_CONCURRENT:
            return ("rules.max_concurrent",)
        case Rule.BUNDLE:
            return ("rules.bundles",)
        case Rule.SCHOOL_HOLIDAYS:
            return ("rules.school_holidays",)
        case Rule.MANDATORY:
            return ("requests[].mandatory",)
        case Rule.UNKNOWN_ITEM | Rule.MISSING_ITEM:
            return ()
        case Rule.EARLIEST | Rule.DEADLINE | Rule.BEFORE | Rule.NONE:
            return ()
        case _:
            assert_never(rule)
