"""A lower bound on the displacement cost from one relaxed problem per resource.

CP-SAT's own bound on a city-scale programme often stays at 0: the LP relaxation
of many cumulatives cannot see that a request *must* push a work aside. Here each
work is assigned to one resource (its first with a demand) and for every resource
we solve the problem that keeps only that resource's capacity, the items assigned
to it, the requests that must be placed, and every single-item rule (window,
pinned, max_shift, breeding season, events). Everything else is dropped.

Each sub-problem is a relaxation of the part of the objective it carries, and the
parts are disjoint, so the sum of the sub-problems' proven bounds is a valid lower
bound of the whole: exact, never a guess. It is only a bound; the plan always
comes from the full model.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from scheduler.scenario import Request, Rules, Scenario, Work

# Below this, building and presolving a part costs more than its search can give.
MIN_PART_SECONDS = 0.5

Solve = Callable[[Scenario, float], tuple[int | None, bool]]


def primary_resource(item: Work | Request) -> str | None:
    """The resource a work's displacement cost is counted under: its first with a demand."""
    return next((r for r, units in item.demand.items() if units > 0), None)


def relaxed_parts(scenario: Scenario, required: set[str]) -> list[Scenario]:
    """One sub-scenario per resource that a required request needs."""
    parts: list[Scenario] = []
    rules = Rules(
        breeding_season=scenario.rules.breeding_season,
        events=scenario.rules.events,
    )
    for resource in scenario.resources:
        requests = [
            _only(request, resource.id).model_copy(update={"mandatory": True})
            for request in scenario.requests
            if request.id in required and request.demand.get(resource.id, 0) > 0
        ]
        if not requests:
            continue
        works = [
            _only(work, resource.id)
            for work in scenario.works
            if primary_resource(work) == resource.id
        ]
        parts.append(
            scenario.model_copy(
                update={
                    "name": f"{scenario.name or 'scenario'} [{resource.id}]",
                    "resources": [resource],
                    "budgets": [],
                    "works": works,
                    "requests": requests,
                    "rules": rules,
                }
            )
        )
    return parts


def _only(item: Work | Request, resource_id: str) -> Work | Request:
    """The item with its demand on one resource and no cross-item rules."""
    return item.model_copy(
        update={
            "demand": {resource_id: item.demand[resource_id]},
            "after": [],
            "cost": 0,
            "budget": None,
            "digs": False,
            "resurfaces": False,
        }
    )


def decomposition_bound(
    scenario: Scenario, required: set[str], time_limit: float, solve_part: Solve
) -> int | None:
    """Sum of the sub-problems' proven lower bounds; None when a part gave none in time."""
    began = time.monotonic()
    parts = relaxed_parts(scenario, required)
    total = 0
    for index, part in enumerate(parts):
        remaining = time_limit - (time.monotonic() - began)
        if remaining <= MIN_PART_SECONDS:
            return None
        bound, _ = solve_part(part, remaining / (len(parts) - index))
        if bound is None:
            return None
        total += bound
    return total
