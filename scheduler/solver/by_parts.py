"""The exact decomposition as a step of the solve (scheduler/solver/decompose.py).

On programmes large enough that the whole model's bound stays weak, the
decomposition runs first in its share of the time. When its merged plan is proven
optimal and the whole model accepts it, that is the result; otherwise its bound
still counts for the plan the other searches find.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from scheduler.plan import Plan, SolveStatus
from scheduler.scenario import Objective, Scenario
from scheduler.solver.cpsat import Progress, ProgressEvent, Reporter, StopToken, run_cpsat
from scheduler.solver.decompose import (
    Decomposition,
    PartResult,
    SolvePart,
    decompose,
    required_requests,
)
from scheduler.solver.model import ModelOptions, ScheduleModel
from scheduler.solver.result import Search, SolveResult, StageResult, StageStatus
from scheduler.solver.settings import SolveSettings
from scheduler.solver.stages import objective_stages
from scheduler.solver.whole import hint_plan

# Shares of the time limit the decomposition may use: its first round at most
# PARTS_SHARE; repair rounds, once every first part is proven, up to PARTS_REPAIR_SHARE.
# On coupled programmes it rarely proves, and the rest of the time belongs to the
# search that finds plans there (neighbourhoods, or the whole model).
PARTS_SHARE = 0.4
PARTS_REPAIR_SHARE = 0.7
PARTS_MIN_WORKS = 200
# A repair that merges parts past this share of the items has become the whole model
# again: the decomposition stops there and leaves the time to the other searches.
PARTS_MAX_SHARE = 0.35
# One attempt at one part may take this share of the limit (at least PART_MIN_SECONDS):
# parts of loosely coupled programmes prove in about a second; one that does not prove
# in this time will not let the decomposition prove the whole.
PART_SHARE = 0.1
# Weeks around a request's window within which a part keeps the works planned there:
# on a coupled 2,000-work programme the two slowest parts (258 and 350 items, 46 s each
# to prove) shrank to 62 and 111 items and were proven in 0.3 and 0.8 s, same optima.
PART_WINDOW = 26
PART_MIN_SECONDS = 5.0
# Seconds at most for CP-SAT to confirm that the merged plan fits the whole model.
CONFIRM_SECONDS = 30.0


def apply_parts_bound(
    scenario: Scenario,
    plan: Plan | None,
    stages: list[StageResult],
    status: SolveStatus,
    parts_bound: int | None,
    stopped: bool,
) -> SolveStatus:
    """Raise the final displacement stage's bound to the parts' bound where it holds.

    The parts bound holds for every plan that places all required requests; a plan
    that does so has the best value, so the best plan does too. Returns the new status.
    """
    final = stages[-1] if stages else None
    if (
        parts_bound is None
        or plan is None
        or status != SolveStatus.FEASIBLE
        or final is None
        or final.name != "displacement"
        or final.objective is None
        or stopped
        or not all(plan[r].start is not None for r in required_requests(scenario))
    ):
        return status
    if parts_bound > (final.bound or 0):
        final.bound = min(parts_bound, final.objective)
    if parts_bound < final.objective:
        return status
    final.status = StageStatus.OPTIMAL
    for stage_result in stages:
        if stage_result.name == "value" and stage_result.objective is not None:
            # Every valuable request is placed: no plan has more value.
            stage_result.bound, stage_result.status = stage_result.objective, StageStatus.OPTIMAL
    return SolveStatus.OPTIMAL


def parts_apply(scenario: Scenario, options: ModelOptions | None) -> bool:
    """The decomposition needs the displacement objective and a plain model."""
    return (
        (options is None or options == ModelOptions())
        and scenario.policy.objective == Objective.DISPLACEMENT
        and len(scenario.works) >= PARTS_MIN_WORKS
        and any(request.demand for request in scenario.requests)
    )


def decompose_step(
    scenario: Scenario,
    settings: SolveSettings,
    began: float,
    stop: StopToken,
    progress: Progress | None,
) -> Decomposition:
    """Solve by parts (scheduler/solver/decompose.py) in its share of the time."""
    elapsed = time.monotonic() - began
    solve_part = part_solver(settings, stop, progress, began)
    return decompose(
        scenario,
        required_requests(scenario),
        settings.time_limit * PARTS_REPAIR_SHARE - elapsed,
        solve_part,
        lambda: stop.stopped,
        first_round=settings.time_limit * PARTS_SHARE - elapsed,
        max_part_items=max(PARTS_MIN_WORKS, int(len(scenario.items) * PARTS_MAX_SHARE)),
        part_seconds=max(PART_MIN_SECONDS, settings.time_limit * PART_SHARE),
        window=PART_WINDOW,
    )


def part_solver(
    settings: SolveSettings,
    stop: StopToken | None = None,
    progress: Progress | None = None,
    began: float | None = None,
) -> SolvePart:
    """How the decomposition solves one part: this solver, core-based search first.

    A part's plan is used only when it is proven optimal (the merge needs optima).
    """
    token = stop or StopToken()
    start = time.monotonic() if began is None else began
    solved = 0

    def solve_part(
        part: Scenario, options: ModelOptions, limit: float, attempt: int
    ) -> PartResult:
        nonlocal solved
        from scheduler.solver.run import solve  # the parts are solved by the same entry

        result = solve(
            part,
            time_limit=limit,
            seed=(settings.seed + attempt) % 2**31,
            workers=settings.workers,
            deterministic=settings.deterministic,
            options=options,
            stop=token,
            bound_by_parts=False,
            warm_start=False,
            core_first=True,
        )
        solved += 1
        stage = result.final_stage
        bound = stage.bound if stage is not None and not token.stopped else None
        if progress is not None and stage is not None:
            progress(
                ProgressEvent(
                    "parts",
                    solved,
                    float(stage.objective or 0),
                    float(bound or 0),
                    time.monotonic() - start,
                )
            )
        starts = None
        if result.plan is not None and result.proven_optimal:
            starts = {item.id: result.plan[item.id].start for item in part.items}
        return PartResult(
            bound=bound,
            objective=stage.objective if stage is not None else None,
            starts=starts,
            infeasible=result.status == SolveStatus.INFEASIBLE,
            reproducible=result.reproducible,
        )

    return solve_part


def proven_by_parts(
    scenario: Scenario,
    decomposition: Decomposition,
    settings: SolveSettings,
    began: float,
    stop: StopToken,
) -> SolveResult | None:
    """The decomposition's plan as the result, once the whole model confirms it fits."""
    plan = decomposition.plan
    if plan is None or stop.stopped:
        return None
    built = ScheduleModel(scenario)
    if not fits(built, plan, stop):
        return None
    cost = plan.displacement_cost(scenario)
    seconds = time.monotonic() - began
    results = []
    if objective_stages(built)[0].name == "value":
        value = plan.accepted_value(scenario)
        results.append(StageResult("value", StageStatus.OPTIMAL, value, value, seconds, 0))
    results.append(
        StageResult(
            "displacement", StageStatus.OPTIMAL, cost, cost, seconds, decomposition.solved
        )
    )
    return SolveResult(
        status=SolveStatus.OPTIMAL,
        plan=plan,
        stages=results,
        settings=settings,
        seconds=time.monotonic() - began,
        empty_domains=dict(built.empty_domains),
        parts_bound=decomposition.bound,
        decomposition=decomposition,
        reproducible=settings.deterministic and decomposition.reproducible,
        search=Search.PARTS,
    )


def fits(built: ScheduleModel, plan: Plan, stop: StopToken) -> bool:
    """Whether CP-SAT accepts the plan as a solution of the whole model, every rule exact.

    The decomposition's plan already passed the independent checker; this second
    opinion uses the solver's own model, so a proof never rests on the checker alone.
    """
    if not hint_plan(built, plan):
        return False
    built.model.clear_objective()
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = 1
    params.fix_variables_to_their_hinted_value = True
    params.max_time_in_seconds = CONFIRM_SECONDS
    code = run_cpsat(solver, built.model, Reporter("confirm", None, 0.0), stop)
    built.model.clear_hints()
    return bool(code in (cp_model.OPTIMAL, cp_model.FEASIBLE))
