"""Scenarios side by side, as data: the same key figures for each, and where items stand.

The figures are recomputed from each outcome's plan (never from solver
internals), so two scenarios are compared on exactly what a reader sees. Items
are matched by id: a work that exists in one scenario only shows ``—`` in the
others. The words (rows, cells) are made in :mod:`scheduler.report.comparison`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from scheduler.plan import ItemStatus, Plan, SolveStatus
from scheduler.workflow import SolveOutcome


@dataclass(frozen=True)
class Kpis:
    """The key figures of one outcome; None where the outcome has no plan."""

    name: str
    status: SolveStatus
    gap: float | None
    requests: int
    placed: int | None
    accepted: int | None
    rejected: int | None
    moved: int | None
    shift_weeks: int | None
    max_shift: int | None
    displacement_cost: int | None
    accepted_value: int | None
    request_cost: int | None
    overruns: int | None
    tightest_headroom: Fraction | None
    full_weeks: int | None
    last_finish: int | None
    seconds: float


def kpis(outcome: SolveOutcome) -> Kpis:
    scenario = outcome.scenario
    plan = outcome.result.plan
    if plan is None:
        return Kpis(outcome.name, outcome.status, None, len(scenario.requests), None, None, None,
                    None, None, None, None, None, None, None, None, None, None,
                    outcome.result.seconds)
    shifts = [abs(item.shift or 0) for item in plan.moved()]
    spend = plan.budget_use(scenario)
    headrooms = []
    overruns = 0
    for line in scenario.budgets:
        for year in sorted(set(line.per_year) | {y for (b, y) in spend if b == line.id}):
            room = line.per_year.get(year, 0) - spend.get((line.id, year), Fraction(0))
            headrooms.append(room)
            overruns += room < -1  # the format's rounding tolerance
    finishes = [item.finish for item in plan if item.finish is not None]
    return Kpis(
        name=outcome.name,
        status=outcome.status,
        gap=outcome.result.gap,
        requests=len(scenario.requests),
        placed=sum(1 for r in scenario.requests if r.mandatory and plan[r.id].scheduled),
        accepted=sum(1 for r in scenario.requests if not r.mandatory and plan[r.id].scheduled),
        rejected=sum(1 for r in scenario.requests if plan[r.id].status == ItemStatus.REJECTED),
        moved=len(shifts),
        shift_weeks=sum(shifts),
        max_shift=max(shifts, default=0),
        displacement_cost=plan.displacement_cost(scenario),
        accepted_value=plan.accepted_value(scenario),
        request_cost=sum(r.cost for r in scenario.requests if plan[r.id].scheduled),
        overruns=overruns,
        tightest_headroom=min(headrooms) if headrooms else None,
        full_weeks=_full_weeks(outcome, plan),
        last_finish=max(finishes) if finishes else None,
        seconds=outcome.result.seconds,
    )


def _full_weeks(outcome: SolveOutcome, plan: Plan) -> int:
    """Crew-weeks booked to capacity, summed over crews."""

    scenario = outcome.scenario
    total = 0
    for (resource_id, week), used in plan.load(scenario).items():
        resource = scenario.resource_by_id.get(resource_id)
        if resource is not None and used and used >= resource.capacity_in(week):
            total += 1
    return total


def unique_names(names: Sequence[str]) -> list[str]:
    """Scenario names made distinct (``plan``, ``plan (2)``) so columns can be told apart."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


class PlaceKind(StrEnum):
    ABSENT = "absent"  # the item is not in this scenario
    NO_PLAN = "no_plan"  # the scenario has no plan
    REJECTED = "rejected"
    PLACED = "placed"


@dataclass(frozen=True)
class Place:
    """Where one item stands in one outcome (start and shift only when placed)."""

    kind: PlaceKind
    start: int | None = None
    shift: int = 0


def place_of(outcome: SolveOutcome, item_id: str) -> Place:
    if item_id not in outcome.scenario.item_by_id:
        return Place(PlaceKind.ABSENT)
    plan = outcome.result.plan
    if plan is None:
        return Place(PlaceKind.NO_PLAN)
    item = plan[item_id]
    if item.start is None:
        return Place(PlaceKind.REJECTED)
    return Place(PlaceKind.PLACED, item.start, item.shift or 0)


@dataclass(frozen=True)
class ItemDiff:
    """One item placed differently somewhere: its place in each outcome."""

    id: str
    name: str
    places: tuple[Place, ...]
    spread: int | None  # weeks between its earliest and latest start; None if not everywhere


def item_diffs(outcomes: Sequence[SolveOutcome]) -> list[ItemDiff]:
    """Items placed differently somewhere; the largest differences first.

    An item that is scheduled in one scenario and rejected or absent in another
    comes before all others; then the spread of its start weeks decides.
    """
    order: dict[str, str] = {}
    for outcome in outcomes:
        for source in outcome.scenario.items:
            order.setdefault(source.id, source.name)
    diffs = []
    for item_id, name in order.items():
        places = tuple(place_of(o, item_id) for o in outcomes)
        if len(set(places)) <= 1:
            continue
        starts = [p.start for p in places]
        known = [s for s in starts if s is not None]
        spread = max(known) - min(known) if len(known) == len(starts) else None
        diffs.append(ItemDiff(item_id, name, places, spread))
    rank = {item_id: index for index, item_id in enumerate(order)}
    diffs.sort(key=lambda d: (d.spread is not None, -(d.spread or 0), rank[d.id]))
    return diffs
