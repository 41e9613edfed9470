"""What a what-if solve hands back: a schedule found (or not), a least lever, its kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ortools.sat.python import cp_model

from scheduler.solver.model import ScheduleModel

STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "unknown",
}


class LeverKind(StrEnum):
    """What a lever lifts; the values are the ``plooi-impact/1`` strings (docs/impact.md)."""

    DEADLINE = "deadline"
    CAPACITY = "capacity"
    BUDGET = "budget"


@dataclass(frozen=True)
class Found:
    """The outcome of one what-if solve: a schedule (item -> start or None) when one was found."""

    name: str
    # optimal | optimal_near (optimal with only the works near R free) | feasible |
    # infeasible | unknown
    status: str
    starts: dict[str, int | None] | None = None
    objective: int | None = None

    @property
    def has_plan(self) -> bool:
        return self.starts is not None


@dataclass(frozen=True)
class LeverFound:
    """The least extra amount that lets R in with nothing displaced, as found by a solve.

    ``extra`` maps (resource, week ordinal) -> units, or (budget line, year) -> euros.
    """

    kind: LeverKind  # CAPACITY or BUDGET (the deadline lever needs no solve of its own)
    status: str
    start: int | None = None
    extra: dict[tuple[str, int], int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.extra.values())


def starts_of(built: ScheduleModel, solver: cp_model.CpSolver) -> dict[str, int | None]:
    """Start of every item of the scenario; None for an excluded or rejected one."""
    starts: dict[str, int | None] = {}
    for item in built.scenario.items:
        if item.id not in built.start:
            starts[item.id] = None
            continue
        present = built.present[item.id]
        if present is not True and not solver.boolean_value(present):
            starts[item.id] = None
        else:
            starts[item.id] = solver.value(built.start[item.id])
    return starts
