"""A solver-independent plan: where every work and request stands.

A :class:`Plan` is only a schedule (start week or rejected, per item). Every
figure a user sees (displacement cost, spend per budget line and year, load
per resource and week) is recomputed here from the schedule in plain Python,
so a number never depends on how the solver happened to model it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from typing import Literal

from scheduler import weeks
from scheduler.scenario import Request, Scenario, Work


class SolveStatus(StrEnum):
    """The result contract's status of a whole solve."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


class ItemStatus(StrEnum):
    UNCHANGED = "unchanged"
    MOVED = "moved"
    NEW = "new"
    REJECTED = "rejected"


@dataclass(frozen=True)
class ScheduledItem:
    """One work or request in a plan; weeks are ordinals (see scheduler.weeks)."""

    id: str
    type: Literal["work", "request"]
    start: int | None
    duration: int
    planned_start: int | None = None

    @property
    def scheduled(self) -> bool:
        return self.start is not None

    @property
    def finish(self) -> int | None:
        return None if self.start is None else self.start + self.duration - 1

    @property
    def shift(self) -> int | None:
        if self.start is None or self.planned_start is None:
            return None
        return self.start - self.planned_start

    @property
    def status(self) -> ItemStatus:
        if self.type == "request":
            return ItemStatus.NEW if self.start is not None else ItemStatus.REJECTED
        return ItemStatus.MOVED if self.shift not in (0, None) else ItemStatus.UNCHANGED

    def weeks(self) -> range:
        """The weeks the item occupies (empty when not scheduled)."""
        if self.start is None:
            return range(0)
        return range(self.start, self.start + self.duration)


class Plan:
    """The schedule of every item of a scenario, in scenario order (works, then requests)."""

    def __init__(self, items: list[ScheduledItem]) -> None:
        self.items = {item.id: item for item in items}

    @classmethod
    def from_starts(cls, scenario: Scenario, starts: dict[str, int | None]) -> Plan:
        """A plan from start ordinals; missing works stay at their planned start."""
        items: list[ScheduledItem] = []
        for work in scenario.works:
            planned = scenario.planned(work)
            start = starts.get(work.id, planned)
            items.append(ScheduledItem(work.id, "work", start, work.duration, planned))
        for request in scenario.requests:
            items.append(
                ScheduledItem(request.id, "request", starts.get(request.id), request.duration)
            )
        return cls(items)

    @classmethod
    def baseline(cls, scenario: Scenario) -> Plan:
        """The programme as planned today, with every request left out."""
        return cls.from_starts(scenario, {})

    def __getitem__(self, item_id: str) -> ScheduledItem:
        return self.items[item_id]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items.values())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Plan) and self.starts() == other.starts()

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.starts().items())))

    def starts(self) -> dict[str, int | None]:
        return {item.id: item.start for item in self.items.values()}

    def moved(self) -> list[ScheduledItem]:
        return [item for item in self.items.values() if item.status == ItemStatus.MOVED]

    # -- figures recomputed from the schedule -------------------------------------------

    def displacement_cost(self, scenario: Scenario) -> int:
        """sum(weight * |shift|) + move_penalty * (number of works that moved)."""
        total = 0
        for work in scenario.works:
            shift = self.items[work.id].shift or 0
            if shift:
                total += work.weight * abs(shift) + scenario.policy.move_penalty
        return total

    def accepted_value(self, scenario: Scenario) -> int:
        """Summed value of the optional requests that are scheduled."""
        return sum(
            request.value
            for request in scenario.requests
            if not request.mandatory and self.items[request.id].scheduled
        )

    def makespan(self, scenario: Scenario) -> int | None:
        """Weeks from the horizon start to the last finish, inclusive."""
        finishes = [item.finish for item in self.items.values() if item.finish is not None]
        if not finishes:
            return None
        return max(finishes) - scenario.horizon.first + 1

    def budget_use(self, scenario: Scenario) -> dict[tuple[str, int], Fraction]:
        """Exact spend per (budget line, ISO year): cost spread evenly over the item's weeks."""
        spend: dict[tuple[str, int], Fraction] = defaultdict(Fraction)
        for source in scenario.items:
            item = self.items[source.id]
            if source.budget is None or source.cost == 0 or not item.scheduled:
                continue
            per_year: dict[int, int] = defaultdict(int)
            for week in item.weeks():
                per_year[weeks.iso_year(week)] += 1
            for year, count in per_year.items():
                spend[(source.budget, year)] += Fraction(source.cost * count, source.duration)
        return dict(spend)

    def load(self, scenario: Scenario) -> dict[tuple[str, int], int]:
        """Summed demand per (resource, week ordinal)."""
        load: dict[tuple[str, int], int] = defaultdict(int)
        for source in scenario.items:
            item = self.items[source.id]
            for resource, units in source.demand.items():
                if units:
                    for week in item.weeks():
                        load[(resource, week)] += units
        return dict(load)


def item_type(item: Work | Request) -> Literal["work", "request"]:
    return "work" if isinstance(item, Work) else "request"
