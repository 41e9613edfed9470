"""CP-SAT plumbing shared by every search: parameters, progress, interruption.

The solve runs in a worker thread so that Ctrl-C in the main thread (or a
:class:`StopToken` from another thread) stops the search and keeps its best plan.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model

from scheduler.scenario import Scenario
from scheduler.solver.settings import SolveSettings
from scheduler.solver.tuning import tune

# The portfolio for the decomposition's parts, core-based search first (see make_solver).
CORE_FIRST_SUBSOLVERS = (
    "core", "default_lp", "max_lp", "quick_restart", "reduced_costs", "pseudo_costs",
    "no_lp", "lb_tree_search",
)
# CP-SAT's LP relaxation at level 2 (cuts on the cumulative and linear rows) roughly
# halved the time to prove optimality on generated programmes (docs/benchmarks.md).
LINEARIZATION_LEVEL = 2

Progress = Callable[["ProgressEvent"], None]


@dataclass(frozen=True)
class ProgressEvent:
    stage: str
    solutions: int
    objective: float
    bound: float
    seconds: float


class StopToken:
    """Lets another thread (or a signal handler) stop a running solve, keeping its best plan."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._solver: cp_model.CpSolver | None = None
        self._lock = threading.Lock()

    def stop(self) -> None:
        self._event.set()
        with self._lock:
            if self._solver is not None:
                self._solver.stop_search()

    @property
    def stopped(self) -> bool:
        return self._event.is_set()

    def attach(self, solver: cp_model.CpSolver | None) -> None:
        with self._lock:
            self._solver = solver
        if solver is not None and self._event.is_set():
            solver.stop_search()


class Reporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, stage: str, progress: Progress | None, offset: float) -> None:
        super().__init__()
        self.stage = stage
        self.progress = progress
        self.offset = offset
        self.solutions = 0

    def on_solution_callback(self) -> None:
        self.solutions += 1
        if self.progress is not None:
            self.progress(
                ProgressEvent(
                    self.stage,
                    self.solutions,
                    self.objective_value,
                    self.best_objective_bound,
                    self.offset + self.wall_time,
                )
            )


STATUS_NAMES = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.UNKNOWN: "UNKNOWN",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
}


def make_solver(
    settings: SolveSettings,
    budget: float,
    core_first: bool = False,
    scenario: Scenario | None = None,
) -> cp_model.CpSolver:
    """The parallel portfolio: fastest to a proven optimum, but not reproducible by itself.

    ``core_first`` puts CP-SAT's core-based search first (for the decomposition's parts):
    it raises the bound by the cheapest set of works that must move, and proved the
    parts of generated programmes in about 1 s where the default portfolio took 3-20 s.
    ``scenario`` lets scheduler/solver/tuning.py adjust the makespan search.
    """
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.random_seed = settings.seed
    params.num_workers = settings.workers
    params.linearization_level = LINEARIZATION_LEVEL
    params.max_time_in_seconds = budget
    if core_first:
        if settings.workers == 1:
            params.optimize_with_core = True
        else:
            params.subsolvers.extend(CORE_FIRST_SUBSOLVERS[: settings.workers])
    if scenario is not None:
        tune(scenario, params)
    return solver


def run_cpsat(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    reporter: Reporter,
    stop: StopToken,
) -> Any:
    """Solve in a worker thread so that Ctrl-C in the main thread can stop the search.

    CP-SAT's own SIGINT handler is switched off (it aborts the process from a
    callback thread); the main thread waits on an Event, not on Thread.join, because
    a KeyboardInterrupt inside join leaves Python 3.11 thinking the thread ended.
    """
    outcome: dict[str, Any] = {}
    done = threading.Event()
    solver.parameters.catch_sigint_signal = False

    def work() -> None:
        try:
            outcome["code"] = solver.solve(model, reporter)
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller's thread
            outcome["error"] = error
        finally:
            done.set()

    stop.attach(solver)
    thread = threading.Thread(target=work, name="cp-sat", daemon=True)
    thread.start()
    try:
        while not done.is_set():
            try:
                done.wait(0.1)
            except KeyboardInterrupt:
                stop.stop()
    finally:
        stop.attach(None)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["code"]
