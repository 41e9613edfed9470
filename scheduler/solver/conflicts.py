"""A minimal set of rules that cannot hold together: why a scenario is infeasible.

Every rule group of the guarded model sits behind an assumption literal. One
feasibility solve (no objective: with one, CP-SAT's core is not minimal)
gives a core; deleting members one by one, and keeping only those whose removal
makes the rest feasible, shrinks it to a *minimal* conflict: remove any one of
its rules and the scenario fits. Each deletion step is a real solve, so the
result says whether minimality was verified within the time limit. The conflict is
data (:class:`scheduler.guards.Conflict`, loadable without OR-Tools);
scheduler/text/conflicts.py puts it into words.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from scheduler.guards import Conflict
from scheduler.scenario import Scenario
from scheduler.solver.model import ModelOptions, ScheduleModel


def find_conflict(
    scenario: Scenario,
    options: ModelOptions | None = None,
    time_limit: float = 30.0,
    seed: int = 0,
) -> Conflict | None:
    """A minimal conflict, or None when the scenario (with options) is feasible."""
    began = time.monotonic()
    guarded = ModelOptions(**{**(options or ModelOptions()).__dict__, "guarded": True})
    built = ScheduleModel(scenario, guarded)
    if built.empty_domains:
        return Conflict((), True, tuple(sorted(built.empty_domains)))
    keys = list(built.guard_literal)

    def feasible_with(active: list[str]) -> tuple[bool | None, list[str]]:
        remaining = time_limit - (time.monotonic() - began)
        if remaining <= 0:
            return None, active
        built.model.clear_assumptions()
        built.model.add_assumptions([built.guard_literal[k] for k in active])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.catch_sigint_signal = False
        solver.parameters.random_seed = seed
        solver.parameters.max_time_in_seconds = remaining
        code = solver.solve(built.model)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return True, active
        if code == cp_model.INFEASIBLE:
            core_indices = set(solver.sufficient_assumptions_for_infeasibility())
            core = [k for k in active if built.guard_literal[k].index in core_indices]
            return False, core or active
        return None, active

    ok, core = feasible_with(keys)
    if ok is None:
        return Conflict(tuple(built.guards[k] for k in keys), False)
    if ok:
        return None
    minimal = True
    position = 0
    while position < len(core):
        candidate = core[:position] + core[position + 1 :]
        ok, smaller = feasible_with(candidate)
        if ok is False:
            # Still infeasible without this member: drop it (and whatever the new core drops).
            # Members before `position` are verified necessary, so every core keeps them.
            kept = set(smaller)
            core = core[:position] + [k for k in core[position + 1 :] if k in kept]
            continue
        if ok is None:
            minimal = False
        position += 1
    return Conflict(tuple(built.guards[k] for k in core), minimal)
