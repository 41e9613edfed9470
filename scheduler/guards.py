"""Rule groups that can be switched off, and a conflict of them: plain data, no OR-Tools.

The guarded model (:mod:`scheduler.solver.model`) puts every rule group behind a
:class:`Guard`; :func:`scheduler.solver.conflicts.find_conflict` returns the groups
that clash as a :class:`Conflict`. They live here, outside the solver package, so
the readers of a conflict (the result JSON, the text layer) load without OR-Tools.
:func:`conflict_parts` decides what each group of a conflict names (its items and,
for a crew's capacity, the weeks); scheduler/text/conflicts.py puts that into words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scheduler.rules import Guarded, Rule
from scheduler.scenario import Scenario, Work, capacity_profile

__all__ = ["Conflict", "ConflictPart", "Guard", "conflict_parts"]


@dataclass(frozen=True)
class Guard:
    """One rule group that can be switched off in the guarded model."""

    key: str
    rule: Guarded
    items: tuple[str, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Conflict:
    """Rule groups that together leave no valid plan."""

    guards: tuple[Guard, ...]
    minimal: bool
    # Items with no start week at all, even before any rule (longer than the horizon).
    impossible_items: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConflictPart:
    """One rule group of a conflict as a reader is shown it.

    ``items`` are the works and requests it names; a crew's capacity names the
    conflict's items that use the crew, over ``weeks`` (first, last), where the
    crew has ``capacity`` (lowest, highest) units per week.
    """

    guard: Guard
    items: tuple[str, ...]
    weeks: tuple[int, int] | None = None
    capacity: tuple[int, int] | None = None


def conflict_parts(scenario: Scenario, conflict: Conflict) -> list[ConflictPart]:
    """The conflict's rule groups, items longer than the horizon first."""
    parts = [
        ConflictPart(Guard(f"horizon:{item_id}", Rule.HORIZON, (item_id,)), (item_id,))
        for item_id in conflict.impossible_items
    ]
    involved = {i for guard in conflict.guards for i in guard.items}
    for guard in conflict.guards:
        if guard.rule == Rule.CAPACITY:
            parts.append(_capacity(scenario, guard, involved))
        else:
            parts.append(ConflictPart(guard, guard.items))
    return parts


def _capacity(scenario: Scenario, guard: Guard, involved: set[str]) -> ConflictPart:
    """The crew's capacity over the weeks the conflict is about, and the items using it."""
    resource = scenario.resource_by_id[str(guard.detail["resource"])]
    users = sorted(i for i in involved if scenario.item_by_id[i].demand.get(resource.id, 0) > 0)
    first, last = _window_weeks(scenario, users)
    values = set(capacity_profile(resource, first, last).values())
    return ConflictPart(guard, tuple(users), (first, last), (min(values), max(values)))


def _window_weeks(scenario: Scenario, item_ids: list[str]) -> tuple[int, int]:
    """The weeks the conflict is about: windows and pinned weeks of the items, if bounded."""
    spans = []
    for item_id in item_ids:
        item = scenario.item_by_id[item_id]
        planned = scenario.planned(item) if isinstance(item, Work) else None
        if isinstance(item, Work) and item.pinned and planned is not None:
            spans.append((planned, planned + item.duration - 1))
        elif item.earliest or item.latest_finish:
            spans.append(scenario.window(item))
    if not spans:
        return scenario.horizon.first, scenario.horizon.last
    return min(s for s, _ in spans), max(e for _, e in spans)
