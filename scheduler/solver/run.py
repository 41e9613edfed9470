"""Solve a scenario: the solver's one entry, as named steps.

1. **Decompose** (large programmes, displacement objective): the exact
   decomposition of :mod:`scheduler.solver.by_parts`; when it proves its plan,
   that is the answer.
2. **Search**: on large programmes, large neighbourhood search
   (:mod:`scheduler.solver.lns`): a first checked plan in seconds, then improvement
   until the time limit; elsewhere the whole model stage by stage
   (:mod:`scheduler.solver.whole`), from the hand method's plan or, when the hand
   method finds none, from the neighbourhood construction.
3. **Bound**: the decomposition's bound counts for every plan that places the
   required requests; a plan that meets it is proven optimal.

Every step keeps to the time limit; a stop (Ctrl-C, the workbench's cancel) ends the
search and keeps its best plan.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Unpack

from scheduler.plan import Plan, SolveStatus
from scheduler.scenario import Objective, Scenario
from scheduler.solver.by_parts import (
    PARTS_MIN_WORKS,
    apply_parts_bound,
    decompose_step,
    part_solver,
    parts_apply,
    proven_by_parts,
)
from scheduler.solver.cpsat import Progress, ProgressEvent, StopToken
from scheduler.solver.decompose import Decomposition, strengthen
from scheduler.solver.lns import NeighbourhoodSearch
from scheduler.solver.model import ModelOptions
from scheduler.solver.result import Search, SolveResult, StageResult, StageStatus
from scheduler.solver.settings import SettingsOverrides, SolveSettings
from scheduler.solver.whole import canonical, plan_of, search_whole_model

__all__ = [
    "PARTS_MIN_WORKS",
    "Progress",
    "ProgressEvent",
    "SolveResult",
    "SolveSettings",
    "StageResult",
    "StopToken",
    "part_solver",
    "solve",
]

# Programmes of at least this many works are searched by neighbourhoods when the
# decomposition does not prove them: the whole model's search stalls there on
# coupled programmes (docs/benchmarks.md).
LNS_MIN_WORKS = 250
# Seconds of the limit kept back for checking, explaining and writing the result.
FINISH_RESERVE = 1.0
# Up to this many works, the neighbourhoods hand over to the whole model at this share
# of the limit: on mid-size programmes its search, from the neighbourhoods' plan and
# with shifts capped by that plan's cost, still proves the optimum (coupled 500-work
# programmes: in 18-44 s where it must have the time).
POLISH_MAX_WORKS = 1000
POLISH_AFTER = 0.2
# ... unless less than this is left: the whole model's presolve alone may need it.
POLISH_MIN_SECONDS = 10.0
# With parts the decomposition could not prove: improve the plan until IMPROVE_FIRST of
# the limit, give those parts more time until BOUND_UNTIL, then improve (or polish).
IMPROVE_FIRST = 0.4
BOUND_UNTIL = 0.7
# Share of the limit the neighbourhood construction may take as the whole model's
# first plan, when the hand method finds none.
CONSTRUCT_SHARE = 0.3


def solve(
    scenario: Scenario,
    settings: SolveSettings | None = None,
    *,
    options: ModelOptions | None = None,
    progress: Progress | None = None,
    stop: StopToken | None = None,
    **overrides: Unpack[SettingsOverrides],
) -> SolveResult:
    """Solve a scenario lexicographically; never raises for an infeasible scenario."""
    settings = settings or SolveSettings.from_policy(scenario, **overrides)
    began = time.monotonic()
    if settings.started is not None:
        began = min(began, settings.started)  # the limit counts from the command's start
    stop = stop or StopToken()
    search = None
    if _lns_applies(scenario, settings, options):
        # A checked first plan before anything else, so a stop or the limit always has one.
        deadline = began + settings.time_limit - FINISH_RESERVE
        search = NeighbourhoodSearch(scenario, settings, stop, deadline, progress, began)
        search.construct()
    decomposition = None
    if settings.bound_by_parts and parts_apply(scenario, options):
        decomposition = decompose_step(scenario, settings, began, stop, progress)
        if decomposition.plan is not None:
            proven = proven_by_parts(scenario, decomposition, settings, began, stop)
            if proven is not None:
                return proven
    if search is not None and search.checked is not None:
        return _search_by_neighbourhoods(scenario, settings, began, stop, search, decomposition)
    # No constructed plan (a request fits nowhere, or no time): the whole model can still
    # find one, or prove that none exists (then the conflict search says why).
    return _search_whole(scenario, settings, options, began, stop, progress, decomposition)


def _lns_applies(
    scenario: Scenario, settings: SolveSettings, options: ModelOptions | None
) -> bool:
    if settings.lns is not None:
        return settings.lns and _plain(scenario, options)
    return _plain(scenario, options) and len(scenario.works) >= LNS_MIN_WORKS


def _plain(scenario: Scenario, options: ModelOptions | None) -> bool:
    """Neighbourhoods need the displacement objective and no what-if options."""
    return (options is None or options == ModelOptions()) and (
        scenario.policy.objective == Objective.DISPLACEMENT
    )


def _search_whole(
    scenario: Scenario,
    settings: SolveSettings,
    options: ModelOptions | None,
    began: float,
    stop: StopToken,
    progress: Progress | None,
    decomposition: Decomposition | None,
    first_plan: Plan | None = None,
) -> SolveResult:
    """The whole model from the best first plan: the hand method's, else the construction's."""
    tried = first_plan is not None
    if not tried and settings.warm_start and _plain(scenario, options) and scenario.requests:
        first_plan = _hand_or_constructed(scenario, settings, began, stop, progress)
        tried = True
    # What was tried above is not tried again inside.
    inner = replace(settings, warm_start=settings.warm_start and not tried)
    outcome = search_whole_model(scenario, inner, options, began, stop, progress, first_plan)
    parts_bound = decomposition.bound if decomposition is not None else None
    status = apply_parts_bound(
        scenario, outcome.plan, outcome.stages, outcome.status, parts_bound, stop.stopped
    )
    plan, reproducible = outcome.plan, outcome.reproducible
    final = outcome.stages[-1] if outcome.stages else None
    if (
        status == SolveStatus.OPTIMAL
        and outcome.status != SolveStatus.OPTIMAL
        and settings.deterministic
        and outcome.last_stage is not None
        and final is not None
        and final.objective is not None
    ):
        # The parts' bound proved the plan: make it the reproducible one.
        left = settings.time_limit - (time.monotonic() - began)
        values = canonical(outcome.built, outcome.last_stage, final.objective, settings, left, stop)
        reproducible = reproducible and values is not None
        if values is not None:
            plan = plan_of(outcome.built, values)
    return SolveResult(
        reproducible=reproducible and status == SolveStatus.OPTIMAL and not stop.stopped,
        status=status,
        plan=plan,
        stages=outcome.stages,
        settings=settings,
        seconds=time.monotonic() - began,
        interrupted=stop.stopped,
        empty_domains=outcome.empty_domains,
        parts_bound=parts_bound,
        decomposition=decomposition,
    )


def _hand_or_constructed(
    scenario: Scenario,
    settings: SolveSettings,
    began: float,
    stop: StopToken,
    progress: Progress | None,
) -> Plan | None:
    """The hand method's plan (time-boxed); when it finds none, the neighbourhood construction's."""
    from scheduler.greedy import greedy  # plain Python; imports no solver code

    limit = settings.time_limit
    hand = greedy(scenario, deadline=began + max(1.0, limit * 0.1))
    if hand.plan is not None:
        return hand.plan
    deadline = min(began + limit * CONSTRUCT_SHARE, began + limit - FINISH_RESERVE)
    search = NeighbourhoodSearch(scenario, settings, stop, deadline, progress, began)
    return search.plan() if search.construct() else None


def _search_by_neighbourhoods(
    scenario: Scenario,
    settings: SolveSettings,
    began: float,
    stop: StopToken,
    search: NeighbourhoodSearch,
    decomposition: Decomposition | None,
) -> SolveResult:
    """Improvement of the constructed plan until the limit; the parts' bound where it holds.

    The plan usually settles early; parts the decomposition could not prove in its
    round then get more time (a higher bound, sometimes the proof). On mid-size
    programmes the whole model takes over for the last part of the time, from the
    neighbourhoods' plan: there it can still prove the optimum.
    """
    constructed = search.checked is not None
    limit = settings.time_limit
    polish = constructed and len(scenario.works) <= POLISH_MAX_WORKS and not stop.stopped
    open_parts = decomposition is not None and bool(decomposition.open_parts)
    end = search.deadline
    if polish:
        search.deadline = min(end, began + limit * POLISH_AFTER)
    elif open_parts:
        search.deadline = min(end, began + limit * IMPROVE_FIRST)
    if decomposition is not None:
        search.target = decomposition.bound
    if constructed:
        search.improve()
    strengthen_now = (
        open_parts and constructed and not polish and not stop.stopped
        and not search.cannot_improve()
    )
    if strengthen_now and decomposition is not None:
        seconds = began + limit * BOUND_UNTIL - time.monotonic()
        solve_part = part_solver(settings, stop, search.progress, began)
        strengthen(decomposition, solve_part, seconds, lambda: stop.stopped)
        search.target = decomposition.bound
        search.deadline = end
        search.improve()
    if polish and began + limit - time.monotonic() < POLISH_MIN_SECONDS:
        # Too little time left for the whole model (its presolve alone may take it).
        polish = False
        search.deadline = end
        search.improve()
    plan = search.plan() if constructed else None
    if polish and plan is not None and not stop.stopped:
        # Core-based search first: it proved coupled 500-work programmes as one part.
        polisher = replace(settings, core_first=True)
        whole = _search_whole(scenario, polisher, None, began, stop, None, decomposition, plan)
        if whole.plan is not None and whole.status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE):
            whole.search, whole.lns = Search.NEIGHBOURHOODS, search.stats
            return whole
    parts_bound = decomposition.bound if decomposition is not None else None
    seconds = time.monotonic() - began
    stages: list[StageResult] = []
    status = SolveStatus.FEASIBLE if plan is not None else SolveStatus.UNKNOWN
    if plan is not None:
        stages = _neighbourhood_stages(scenario, plan, seconds, search.stats.improvements)
        status = apply_parts_bound(scenario, plan, stages, status, parts_bound, stop.stopped)
        if all(s.objective == s.bound for s in stages) and not stop.stopped:
            status = SolveStatus.OPTIMAL
            for stage in stages:
                stage.status = StageStatus.OPTIMAL
    return SolveResult(
        status=status,
        plan=plan,
        stages=stages,
        settings=settings,
        seconds=time.monotonic() - began,
        interrupted=stop.stopped,
        parts_bound=parts_bound,
        decomposition=decomposition,
        search=Search.NEIGHBOURHOODS,
        lns=search.stats,
    )


def _neighbourhood_stages(
    scenario: Scenario, plan: Plan, seconds: float, improvements: int
) -> list[StageResult]:
    """The stages as the result document shows them; bounds only where they are proven."""
    stages: list[StageResult] = []
    optional = [r for r in scenario.requests if not r.mandatory and r.value > 0]
    if optional:
        value = plan.accepted_value(scenario)
        most = sum(r.value for r in optional)
        status = StageStatus.OPTIMAL if value == most else StageStatus.FEASIBLE
        stages.append(StageResult("value", status, value, most, seconds, improvements + 1))
    cost = plan.displacement_cost(scenario)
    bound = 0 if cost > 0 else cost
    status = StageStatus.OPTIMAL if cost == bound else StageStatus.FEASIBLE
    stages.append(StageResult("displacement", status, cost, bound, seconds, improvements + 1))
    return stages
