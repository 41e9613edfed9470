"""Rule specs: one entry per kind of rule in a scenario's ``rules`` section.

Each :class:`RuleSpec` says where its rule stands in a spreadsheet (a row of
Regels named in column ``regel``, or a sheet of its own), which columns it
fills and under which YAML key, and whether the rule is one block, a list of
blocks or one number. The reader (:mod:`.reading`) and the writer
(:mod:`.writing`, ``scheduler/io/write_tabular.py``) loop over
:data:`RULE_SPECS` and know no rule by name, so adding a rule to the
spreadsheets is adding an entry here (docs/adding-a-rule.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, assert_never

from pydantic import BaseModel

from scheduler.io.tables.columns import (
    BUDGETS,
    BUNDLES,
    REQUESTS,
    RESOURCES,
    RULES,
    SCENARIO,
    WORKS,
    Lang,
    SheetSpec,
    ValueKind,
)
from scheduler.rules import Rule, scenario_fields
from scheduler.scenario import Rules

Shape = Literal["one", "many", "number"]


@dataclass(frozen=True)
class RuleSpec:
    """How one kind of rule of the ``rules`` section stands in a spreadsheet."""

    rule: Rule
    field: str  # its field of the scenario's Rules (the YAML key under rules:)
    sheet: SheetSpec  # RULES (a row named in column regel) or a sheet of its own
    columns: Mapping[str, str]  # column key -> YAML key of the rule (own sheet: the same)
    shape: Shape  # one block (at most one row), a list of blocks, or one number
    nl: str = ""  # its name in column regel, and in messages about that column
    en: str = ""
    period: ValueKind = "week"  # what the van/tot (period) columns hold for this rule
    # YAML keys written as an empty cell while they hold the model's default.
    blank_at_default: frozenset[str] = frozenset()
    # (YAML key of a list of ids, the output error for an id a , or ; would split).
    split_ids: tuple[tuple[str, str], ...] = ()

    @property
    def on_rules_sheet(self) -> bool:
        return self.sheet.key == RULES.key

    def name(self, lang: Lang) -> str:
        return self.nl if lang == "nl" else self.en

    def stated(self, rules: Rules) -> list[Any]:
        """What ``rules`` states of this kind: one entry per row to write."""
        value = getattr(rules, self.field)
        if self.shape == "many":
            return list(value)
        return [] if value is None else [value]

    def row(self, stated: Any) -> dict[str, Any]:
        """One stated rule as column key -> model value (lists still lists, None: empty)."""
        if self.shape == "number":
            [column] = self.columns
            return {column: stated}
        row: dict[str, Any] = {}
        for column, key in self.columns.items():
            value, default = _field(stated, key)
            row[column] = None if key in self.blank_at_default and value == default else value
        return row

    def unsplittable(self, rules: Rules) -> Iterator[tuple[str, str]]:
        """(error code, id) for every id a list cell of this rule cannot hold."""
        for stated in self.stated(rules):
            for key, code in self.split_ids:
                for item_id in _field(stated, key)[0]:
                    if "," in item_id or ";" in item_id:
                        yield code, item_id


def _field(model: Any, key: str) -> tuple[Any, Any]:
    """A model's field named by its YAML key (``from`` is ``from_``): value and default."""
    assert isinstance(model, BaseModel)
    for name, info in type(model).model_fields.items():
        if (info.alias or name) == key:
            return getattr(model, name), info.default
    raise KeyError(key)


# The order is the order of the rows written on Regels and of the names listed in
# the drop-down of column regel and in the message for an unknown rule.
RULE_SPECS: tuple[RuleSpec, ...] = (
    RuleSpec(
        Rule.BREEDING_SEASON,
        "breeding_season",
        RULES,
        {"from": "from", "to": "to", "kinds": "kinds"},
        "one",
        "broedseizoen",
        "breeding season",
        period="day",
    ),
    RuleSpec(
        Rule.BREEKVERBOD,
        "breekverbod_years",
        RULES,
        {"years": "breekverbod_years"},
        "number",
        "breekverbod",
        "breekverbod",
    ),
    RuleSpec(
        Rule.EVENT,
        "events",
        RULES,
        {"name": "name", "from": "from", "to": "to", "areas": "areas", "kinds": "kinds"},
        "many",
        "evenement",
        "event",
        blank_at_default=frozenset({"kinds"}),
    ),
    RuleSpec(
        Rule.MAX_CONCURRENT,
        "max_concurrent",
        RULES,
        {"kinds": "kinds", "per": "per", "limit": "limit"},
        "many",
        "max gelijktijdig",
        "max concurrent",
    ),
    RuleSpec(
        Rule.SCHOOL_HOLIDAYS,
        "school_holidays",
        RULES,
        {"region": "region", "kinds": "kinds", "items": "items"},
        "one",
        "schoolvakantie",
        "school holidays",
    ),
    RuleSpec(
        Rule.BUNDLE,
        "bundles",
        BUNDLES,
        {column.key: column.key for column in BUNDLES.columns},
        "many",
        split_ids=(("items", "output_comma_in_bundle"),),
    ),
)
RULE_SPEC: dict[Rule, RuleSpec] = {spec.rule: spec for spec in RULE_SPECS}
# The rules named in column regel, in order.
NAMED_RULES: tuple[RuleSpec, ...] = tuple(spec for spec in RULE_SPECS if spec.on_rules_sheet)


def rule_sheet(rule: Rule) -> str | None:
    """The sheet (its spec key) that holds a scenario rule; None for no scenario rule.

    The writer puts every rule of the ``rules`` section on the sheet named here
    (:func:`.writing.scenario_tables`), so this match is on the path of every
    xlsx and CSV written. It makes mypy ask every new kind where it stands; a kind of
    the ``rules`` section stands where its entry in :data:`RULE_SPECS` says (a
    missing entry fails tests/test_rule_registry.py), and a field of ``rules``
    no entry holds stops every write (:func:`require_every_rule_written`).
    """
    match rule:
        case Rule.HORIZON:
            return SCENARIO.key
        case Rule.MANDATORY:
            return REQUESTS.key
        case Rule.WINDOW | Rule.PINNED | Rule.MAX_SHIFT | Rule.AFTER:
            return WORKS.key
        case Rule.CAPACITY:
            return RESOURCES.key
        case Rule.BUDGET:
            return BUDGETS.key
        case (Rule.BREEDING_SEASON | Rule.EVENT | Rule.BREEKVERBOD | Rule.MAX_CONCURRENT
              | Rule.SCHOOL_HOLIDAYS | Rule.BUNDLE):
            return RULE_SPEC[rule].sheet.key
        case Rule.UNKNOWN_ITEM | Rule.MISSING_ITEM:
            return None
        case Rule.EARLIEST | Rule.DEADLINE | Rule.BEFORE | Rule.NONE:
            return None
        case _:
            assert_never(rule)


def require_every_rule_written() -> None:
    """Every field of the scenario's ``rules`` has an entry, under its kind's name.

    An internal check, not an input error: a rule added to the format but not to
    the spreadsheets would otherwise vanish from every xlsx and CSV written.
    """
    held = {
        spec.field for spec in RULE_SPECS if f"rules.{spec.field}" in scenario_fields(spec.rule)
    }
    missing = sorted(set(Rules.model_fields) - held)
    if missing:
        raise RuntimeError(f"internal error: no sheet holds rules.{', rules.'.join(missing)}")
