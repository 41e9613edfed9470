"""The lexicographic objective as stages: what CP-SAT optimises, and what is fixed after.

The objective `displacement` is solved in stages, each to its proven optimum when
time allows: (1) every mandatory request placed (hard), (2) the value of accepted
optional requests maximised, (3) the displacement cost minimised. `makespan`
replaces stage 3 by the last finish week.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scheduler.scenario import Objective, Request
from scheduler.solver.model import ScheduleModel

# Largest combined objective (M * value + displacement) CP-SAT weighs exactly.
COMBINED_LIMIT = 2**53


@dataclass
class Stage:
    """One lexicographic stage: what CP-SAT optimises and what is fixed afterwards."""

    name: str
    expr: Any
    maximise: bool
    primary: Any
    decode: Callable[[int], int]
    # For a combined stage: the tie-breaker's value from the combined objective value.
    then: Callable[[int], int] | None = None


def objective_stages(built: ScheduleModel) -> list[Stage]:
    """The stages in lexicographic order.

    With optional requests, the value stage optimises ``M * value - secondary`` where
    ``M`` exceeds any secondary value: its optimum is the lexicographic optimum, and
    its search already prefers plans that displace little. When it is not proven in
    its share of the time, the secondary stage continues with the value fixed.
    """
    scenario = built.scenario
    if scenario.policy.objective == Objective.MAKESPAN:
        last = built.makespan_var()
        offset = scenario.horizon.first - 1
        secondary = Stage("makespan", last, False, last, lambda v: v - offset)
        secondary_max = scenario.horizon.length
        secondary_of = last - offset
    else:
        cost, cost_max = built.displacement_expr()
        secondary = Stage("displacement", cost, False, cost, lambda v: v)
        secondary_max = cost_max
        secondary_of = cost
    has_value = any(
        isinstance(item, Request) and not item.mandatory and item.value > 0 for item in built.items
    )
    if not has_value:
        return [secondary]
    weight = secondary_max + 1
    value = built.value_expr()
    total_value = sum(
        item.value for item in built.items if isinstance(item, Request) and not item.mandatory
    )
    if weight * total_value + secondary_max > COMBINED_LIMIT:
        # M * value would not fit CP-SAT's exact range: value first, then the rest.
        alone = Stage("value", value, True, value, lambda v: v)
        return [alone, secondary]
    combined = Stage(
        "value",
        weight * value - secondary_of,
        True,
        value,
        lambda v: (v + secondary_max) // weight,
        lambda v: weight * ((v + secondary_max) // weight) - v,
    )
    return [combined, secondary]


