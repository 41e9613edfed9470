"""The wall-clock deadline of a whole impact run, and a solve that keeps to it."""

from __future__ import annotations

import time
from typing import Any

from ortools.sat.python import cp_model

from scheduler.solver.cpsat import Progress, ProgressEvent, StopToken
from scheduler.solver.cpsat import Reporter as _Reporter
from scheduler.solver.cpsat import make_solver as _make_solver
from scheduler.solver.cpsat import run_cpsat as _run
from scheduler.solver.levers.outcome import STATUS
from scheduler.solver.model import ScheduleModel
from scheduler.solver.settings import SolveSettings

# No solve is started with less than this many seconds; below it, it reports `unknown`.
MIN_SOLVE_SECONDS = 0.05


class Clock:
    """The wall-clock deadline of a whole impact run; every solve is cut off at it.

    It also carries the run's progress callback (the workbench's live view), so
    every solve of the run reports to it with seconds counted from the run's start.
    """

    def __init__(self, seconds: float, progress: Progress | None = None) -> None:
        self.began = time.monotonic()
        self.deadline = self.began + seconds
        self.progress = progress

    def reporter(self, stage: str, scale: int = 1) -> _Reporter:
        """A solution callback for one solve; ``scale`` divides a ranked objective back
        into displacement cost (floor of the bound stays a valid bound)."""
        progress = self.progress
        if progress is not None and scale > 1:
            outer = progress

            def progress(event: ProgressEvent) -> None:
                outer(ProgressEvent(event.stage, event.solutions, event.objective // scale,
                                    event.bound // scale, event.seconds))

        return _Reporter(stage, progress, time.monotonic() - self.began)

    def left(self) -> float:
        return self.deadline - time.monotonic()


def solver_for(settings: SolveSettings, seconds: float, clock: Clock) -> cp_model.CpSolver:
    """The project's solver parameters, with a time limit that ends by the run's deadline."""
    solver = _make_solver(settings, seconds)
    solver.parameters.max_time_in_seconds = max(
        MIN_SOLVE_SECONDS, min(solver.parameters.max_time_in_seconds, clock.left())
    )
    return solver


def minimise(
    built: ScheduleModel,
    objective: Any,
    name: str,
    settings: SolveSettings,
    seconds: float,
    clock: Clock,
    stop: StopToken | None,
) -> tuple[str, cp_model.CpSolver | None]:
    """Minimise ``objective`` within the run's time; the solver only when it found a plan."""
    if clock.left() <= 0:
        return "unknown", None
    built.model.minimize(objective)
    solver = solver_for(settings, seconds, clock)
    code = _run(solver, built.model, clock.reporter(name), stop or StopToken())
    status = STATUS.get(code, "unknown")
    return status, solver if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None
