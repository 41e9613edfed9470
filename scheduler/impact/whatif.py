"""What-ifs of the impact analysis: each one a transform from a scenario to a scenario.

Every "what if" the analysis asks — R made mandatory, R left out, the other
requests held, the planned starts moved to the plan without R, extra capacity,
extra budget, a later deadline — is one of these transforms, and nothing else.
The solver used to receive levers as :class:`~scheduler.solver.ModelOptions`
while the checker received a scenario copy; now both receive the same
transformed scenario. That is the point of picking scenarios over options: the
independent checker (and the explainer) only read scenarios, so a what-if that
lived only in solver options could never be checked against the rules it
changes, and two representations of one lever could drift apart. ModelOptions
remain only for *where the search may look* (works held at their starts, items
left out, shift caps), which change no rule and need no checking.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from scheduler import weeks
from scheduler.scenario import Budget, CapacityException, Request, Resource, Scenario


class WhatIf(Protocol):
    """A change to a scenario; ``apply`` returns a fresh scenario and leaves its input alone."""

    def apply(self, scenario: Scenario) -> Scenario: ...


def scenario_with(scenario: Scenario, **update: Any) -> Scenario:
    """A copy with some top-level fields replaced (fresh: no stale cached lookups)."""
    return Scenario.model_construct(**{**dict(scenario), **update})


def replace_request(scenario: Scenario, request: Request) -> Scenario:
    return scenario_with(
        scenario, requests=[request if r.id == request.id else r for r in scenario.requests]
    )


def _request(scenario: Scenario, request_id: str) -> Request:
    request = scenario.item_by_id[request_id]
    assert isinstance(request, Request)
    return request


@dataclass(frozen=True)
class Mandatory:
    """R analysed as if it must be placed ("what if we place it")."""

    request_id: str

    def apply(self, scenario: Scenario) -> Scenario:
        forced = _request(scenario, self.request_id).model_copy(update={"mandatory": True})
        return replace_request(scenario, forced)


@dataclass(frozen=True)
class LeaveOut:
    """The scenario without R: the reference every displacement is measured against."""

    request_id: str

    def apply(self, scenario: Scenario) -> Scenario:
        return scenario_with(
            scenario, requests=[r for r in scenario.requests if r.id != self.request_id]
        )


@dataclass(frozen=True)
class HoldRequests:
    """Every request but R and those ``left_out`` made mandatory (the fixed world)."""

    request_id: str
    left_out: frozenset[str]

    def apply(self, scenario: Scenario) -> Scenario:
        return scenario_with(
            scenario,
            requests=[
                r if r.id == self.request_id or r.id in self.left_out
                else r.model_copy(update={"mandatory": True})
                for r in scenario.requests
            ],
        )


@dataclass(frozen=True)
class Rebase:
    """Every work's planned start moved to its start in ``reference`` (the plan without R)."""

    reference: dict[str, int | None]

    def apply(self, scenario: Scenario) -> Scenario:
        works = []
        for work in scenario.works:
            start = self.reference.get(work.id)
            if start is None or start == scenario.planned(work):
                works.append(work)
            else:
                works.append(work.model_copy(update={"planned_start": weeks.format_week(start)}))
        return scenario_with(scenario, works=works)


@dataclass(frozen=True)
class LaterDeadline:
    """R's latest finish moved to ``finish`` (the deadline lever)."""

    request_id: str
    finish: int

    def apply(self, scenario: Scenario) -> Scenario:
        request = _request(scenario, self.request_id)
        moved = request.model_copy(update={"latest_finish": weeks.format_week(self.finish)})
        return replace_request(scenario, moved)


@dataclass(frozen=True)
class ExtraCapacity:
    """Extra units of resources in single weeks, written as capacity exceptions."""

    extra: dict[tuple[str, int], int]

    def apply(self, scenario: Scenario) -> Scenario:
        by_resource: dict[str, dict[int, int]] = {}
        for (rid, week), units in self.extra.items():
            by_resource.setdefault(rid, {})[week] = units
        resources: list[Resource] = []
        for resource in scenario.resources:
            more = by_resource.get(resource.id)
            resources.append(_lifted(resource, more) if more else resource)
        return scenario_with(scenario, resources=resources)


def _lifted(resource: Resource, more: dict[int, int]) -> Resource:
    """``resource`` with ``more[week]`` extra units in those weeks; other exceptions kept."""
    rows: list[tuple[int, int, int]] = []
    for exception in resource.exceptions:
        first, last = weeks.parse_week(exception.from_), weeks.parse_week(exception.to)
        run: int | None = None
        for week in range(first, last + 2):
            inside = week <= last and week not in more
            if inside and run is None:
                run = week
            if not inside and run is not None:
                rows.append((run, week - 1, exception.capacity))
                run = None
    for week, units in more.items():
        rows.append((week, week, resource.capacity_in(week) + units))
    exceptions = [
        CapacityException.model_validate(
            {"from": weeks.format_week(a), "to": weeks.format_week(b), "capacity": c}
        )
        for a, b, c in sorted(rows)
    ]
    return resource.model_copy(update={"exceptions": exceptions})


@dataclass(frozen=True)
class ExtraBudget:
    """Extra euros on budget lines in given years."""

    extra: dict[tuple[str, int], int]

    def apply(self, scenario: Scenario) -> Scenario:
        budgets: list[Budget] = []
        for line in scenario.budgets:
            per_year = dict(line.per_year)
            for (line_id, year), euros in self.extra.items():
                if line_id == line.id:
                    per_year[year] = per_year.get(year, 0) + euros
            budgets.append(line.model_copy(update={"per_year": per_year}))
        return scenario_with(scenario, budgets=budgets)


def with_capacity(scenario: Scenario, extra: dict[tuple[str, int], int]) -> Scenario:
    """The scenario with extra units of resources in single weeks, written as exceptions."""
    return ExtraCapacity(extra).apply(scenario)


def with_budget(scenario: Scenario, extra: dict[tuple[str, int], int]) -> Scenario:
    """The scenario with extra euros on budget lines in given years."""
    return ExtraBudget(extra).apply(scenario)
