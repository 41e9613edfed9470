"""Solve a scenario: the lexicographic stages, solver parameters and interruption.

The objective `displacement` is solved in stages, each to its proven optimum
when time allows: (1) every mandatory request placed (hard), (2) the value of
accepted optional requests maximised, (3) the displacement cost minimised.
After each stage its optimum is fixed as a constraint and the solution is
handed to the next stage as a complete hint. The objective `makespan` replaces
stage 3 by the last finish week.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from scheduler.plan import Plan, SolveStatus
from scheduler.scenario import Objective, Request, Scenario, Work
from scheduler.solver.decompose import (
    Decomposition,
    PartResult,
    SolvePart,
    decompose,
    required_requests,
)
from scheduler.solver.model import ModelOptions, ScheduleModel
from scheduler.solver.tuning import tune

# Share of the time limit the combined value stage may use before the tie-breaking
# stage continues alone; the combined stage usually settles both (see _stages).
VALUE_STAGE_SHARE = 0.75
# Seconds the canonical (reproducible) search may always take after a proven stage,
# and the share of the time limit it may take at most: at 500 works it can need 20 s,
# and a plan that is optimal but not reproducible beats spending the whole limit.
CANONICAL_MIN_SECONDS = 5.0
CANONICAL_SHARE = 0.25
# Largest combined objective (M * value + displacement) CP-SAT weighs exactly.
COMBINED_LIMIT = 2**53
# A stage that would get less than this is skipped: presolving a city-scale model
# alone takes seconds, and the previous stage's plan stands.
MIN_STAGE_SECONDS = 3.0
# Shares of the time limit the exact decomposition (scheduler/solver/decompose.py) may
# use on programmes large enough that the whole model's bound stays weak: its first
# round at most PARTS_SHARE; repair rounds, once every first part is proven, up to
# PARTS_REPAIR_SHARE. When it does not prove the optimum, the whole model gets the rest
# (its warm start gives a plan at once) and the parts' bound still counts.
PARTS_SHARE = 0.5
PARTS_REPAIR_SHARE = 0.8
PARTS_MIN_WORKS = 200
# The portfolio for the decomposition's parts, core-based search first (see _make_solver).
CORE_FIRST_SUBSOLVERS = (
    "core", "default_lp", "max_lp", "quick_restart", "reduced_costs", "pseudo_costs",
    "no_lp", "lb_tree_search",
)
# Seconds at most for CP-SAT to confirm that the merged plan fits the whole model.
CONFIRM_SECONDS = 30.0
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


@dataclass
class StageResult:
    name: str
    status: str
    objective: int | None
    bound: int | None
    seconds: float
    solutions: int


@dataclass
class SolveSettings:
    """Solver parameters; every value comes from the scenario's policy unless overridden."""

    time_limit: float
    seed: int
    workers: int
    deterministic: bool

    @classmethod
    def from_policy(
        cls,
        scenario: Scenario,
        time_limit: float | None = None,
        seed: int | None = None,
        workers: int | None = None,
        deterministic: bool | None = None,
    ) -> SolveSettings:
        policy = scenario.policy
        return cls(
            time_limit=policy.time_limit if time_limit is None else time_limit,
            seed=policy.seed if seed is None else seed,
            workers=workers or policy.workers or default_workers(),
            deterministic=policy.deterministic if deterministic is None else deterministic,
        )


def default_workers() -> int:
    """One solver thread per core, at most 8: more threads than cores only slow CP-SAT."""
    return max(1, min(8, os.cpu_count() or 1))


@dataclass
class SolveResult:
    """What a solve found: the plan (if any), how good it is proven to be, and how long it took."""

    status: SolveStatus
    plan: Plan | None
    stages: list[StageResult]
    settings: SolveSettings
    seconds: float
    interrupted: bool = False
    empty_domains: dict[str, dict[str, int]] = field(default_factory=dict)
    # Lower bound on the displacement cost from the decomposition, if it ran.
    parts_bound: int | None = None
    # What the decomposition did (None when it did not run).
    decomposition: Decomposition | None = None
    # Whether the same scenario and seed give this same plan again (see _canonical).
    reproducible: bool = False

    @property
    def proven_optimal(self) -> bool:
        return self.status == SolveStatus.OPTIMAL

    @property
    def final_stage(self) -> StageResult | None:
        return self.stages[-1] if self.stages else None

    @property
    def bound(self) -> int | None:
        """Best proven bound of the last stage's objective (displacement or makespan)."""
        stage = self.final_stage
        return stage.bound if stage else None

    @property
    def gap(self) -> float | None:
        """Relative gap of the last stage: 0 when proven optimal."""
        stage = self.final_stage
        if stage is None or stage.objective is None or stage.bound is None:
            return None
        if stage.objective == stage.bound:
            return 0.0
        return abs(stage.objective - stage.bound) / max(1, abs(stage.objective))


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


class _Reporter(cp_model.CpSolverSolutionCallback):
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


_STATUS_NAMES = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.UNKNOWN: "UNKNOWN",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
}


def solve(
    scenario: Scenario,
    *,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    deterministic: bool | None = None,
    options: ModelOptions | None = None,
    progress: Progress | None = None,
    stop: StopToken | None = None,
    bound_by_parts: bool = True,
    warm_start: bool = True,
    core_first: bool = False,
) -> SolveResult:
    """Solve a scenario lexicographically; never raises for an infeasible scenario."""
    settings = SolveSettings.from_policy(scenario, time_limit, seed, workers, deterministic)
    began = time.monotonic()
    stop = stop or StopToken()
    use_parts = bound_by_parts and _parts_apply(scenario, options)
    main_limit = settings.time_limit
    decomposition = None
    if use_parts:
        decomposition = _decompose(scenario, settings, began, stop, progress)
        if decomposition.plan is not None:
            proven = _proven_by_parts(scenario, decomposition, settings, began, stop)
            if proven is not None:
                return proven
    warm = _warm_start(scenario, options) if warm_start else None
    if warm is not None:
        options = _cap_shifts(scenario, warm)
    built = ScheduleModel(scenario, options)
    stages = _stages(built)
    if (warm is None or not _hint_plan(built, warm)) and not _hint_serial(built):
        _hint_baseline(built)
    results: list[StageResult] = []
    inherited: StageResult | None = None
    last_stage: _Stage | None = None
    reproducible = settings.deterministic
    values: dict[str, int] | None = None
    status = SolveStatus.OPTIMAL
    for index, stage in enumerate(stages):
        remaining = main_limit - (time.monotonic() - began)
        budget = remaining
        if index + 1 < len(stages):
            budget = min(remaining, main_limit * VALUE_STAGE_SHARE)
        if stop.stopped or (budget < MIN_STAGE_SECONDS and values is not None):
            status = SolveStatus.FEASIBLE
            break
        budget = max(budget, 0.05)
        built.model.clear_objective()
        if stage.maximise:
            built.model.maximize(stage.expr)
        else:
            built.model.minimize(stage.expr)
        solver = _make_solver(settings, budget, core_first, scenario)
        reporter = _Reporter(stage.name, progress, time.monotonic() - began)
        stage_began = time.monotonic()
        code = _run(solver, built.model, reporter, stop)
        seconds = time.monotonic() - stage_began
        if code == cp_model.MODEL_INVALID:
            raise RuntimeError(f"internal error: invalid CP-SAT model ({built.model.validate()})")
        has_solution = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        objective = bound = None
        if has_solution:
            objective = stage.decode(round(solver.objective_value))
            bound = stage.decode(round(solver.best_objective_bound))
        record = StageResult(
            stage.name,
            _STATUS_NAMES.get(code, str(code)),
            objective,
            bound,
            seconds,
            reporter.solutions,
        )
        if inherited is not None and inherited.name == stage.name:
            # Keep what the combined stage knew where this stage found nothing better.
            results.remove(inherited)
            if objective is None:
                record.objective, record.status = inherited.objective, inherited.status
            record.bound = max(record.bound or 0, inherited.bound or 0)
        results.append(record)
        if not has_solution:
            if values is None:
                infeasible = code == cp_model.INFEASIBLE
                status = SolveStatus.INFEASIBLE if infeasible else SolveStatus.UNKNOWN
            else:
                status = SolveStatus.FEASIBLE
            break
        values = _read_values(built, solver)
        last_stage = stage
        if code == cp_model.OPTIMAL and settings.deterministic:
            left = main_limit - (time.monotonic() - began)
            canonical = _canonical(
                built, stage, round(solver.objective_value), settings, left, stop
            )
            reproducible = reproducible and canonical is not None
            values = canonical or values
        if code != cp_model.OPTIMAL:
            status = SolveStatus.FEASIBLE
        if stage.then is not None:
            follow = stages[index + 1]
            combined = round(solver.objective_value)
            combined_bound = round(solver.best_objective_bound)
            if code == cp_model.OPTIMAL:
                # The combined objective is proven optimal, so its tie-breaker is too.
                tie = stage.then(combined)
                results.append(StageResult(follow.name, "OPTIMAL", tie, tie, 0.0, 0))
                break
            if bound == objective:
                # The value is proven; what the combined search knows of the tie-breaker
                # stands until (unless) the next stage improves it.
                tie, tie_bound = stage.then(combined), stage.then(combined_bound)
                results.append(StageResult(follow.name, "FEASIBLE", tie, max(0, tie_bound), 0.0, 0))
                inherited = results[-1]
        assert objective is not None
        assert objective is not None
        if stage.maximise:
            built.model.add(stage.primary >= objective)
        else:
            built.model.add(stage.primary <= objective)
        _hint_values(built, values)
        if stop.stopped:
            if index + 1 < len(stages):
                status = SolveStatus.FEASIBLE
            break
    plan = _plan(built, values) if values is not None else None
    if plan is None and warm is not None:
        # CP-SAT found nothing in time (or nothing within exact budgets, where the hand
        # method used the format's rounding tolerance): the checked warm plan stands.
        plan, status = warm, SolveStatus.FEASIBLE
        cost = warm.displacement_cost(scenario)
        results.append(StageResult("warm_start", "FEASIBLE", cost, None, 0.0, 1))
    if plan is None and status == SolveStatus.OPTIMAL:
        status = SolveStatus.UNKNOWN
    if status == SolveStatus.FEASIBLE and results and not stop.stopped and all(
        stage.objective is not None and stage.objective == stage.bound for stage in results
    ):
        # Every stage's plan meets its proven bound (the time limit fell just as it closed).
        status = SolveStatus.OPTIMAL
        for stage_result in results:
            stage_result.status = "OPTIMAL"
    parts_bound = decomposition.bound if decomposition is not None else None
    final = results[-1] if results else None
    if (
        parts_bound is not None
        and plan is not None
        and status == SolveStatus.FEASIBLE
        and final is not None
        and final.name == "displacement"
        and final.objective is not None
        and all(plan[r].start is not None for r in required_requests(scenario))
        and not stop.stopped
    ):
        # The parts bound holds for every plan that places all these requests; this plan
        # does, so the best plan does too (its value can be no lower).
        if parts_bound > (final.bound or 0):
            final.bound = min(parts_bound, final.objective)
        if parts_bound >= final.objective:
            final.status, status = "OPTIMAL", SolveStatus.OPTIMAL
            for stage_result in results:
                if stage_result.name == "value" and stage_result.objective is not None:
                    # Every valuable request is placed: no plan has more value.
                    stage_result.bound, stage_result.status = stage_result.objective, "OPTIMAL"
            if settings.deterministic and last_stage is not None:
                left = settings.time_limit - (time.monotonic() - began)
                canonical = _canonical(built, last_stage, final.objective, settings, left, stop)
                reproducible = reproducible and canonical is not None
                if canonical is not None:
                    plan = _plan(built, canonical)
    return SolveResult(
        reproducible=reproducible and status == SolveStatus.OPTIMAL and not stop.stopped,
        status=status,
        plan=plan,
        stages=results,
        settings=settings,
        seconds=time.monotonic() - began,
        interrupted=stop.stopped,
        empty_domains=dict(built.empty_domains),
        parts_bound=parts_bound,
        decomposition=decomposition,
    )


@dataclass
class _Stage:
    """One lexicographic stage: what CP-SAT optimises and what is fixed afterwards."""

    name: str
    expr: Any
    maximise: bool
    primary: Any
    decode: Callable[[int], int]
    # For a combined stage: the tie-breaker's value from the combined objective value.
    then: Callable[[int], int] | None = None


def _stages(built: ScheduleModel) -> list[_Stage]:
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
        secondary = _Stage("makespan", last, False, last, lambda v: v - offset)
        secondary_max = scenario.horizon.length
        secondary_of = last - offset
    else:
        cost, cost_max = built.displacement_expr()
        secondary = _Stage("displacement", cost, False, cost, lambda v: v)
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
        alone = _Stage("value", value, True, value, lambda v: v)
        return [alone, secondary]
    combined = _Stage(
        "value",
        weight * value - secondary_of,
        True,
        value,
        lambda v: (v + secondary_max) // weight,
        lambda v: weight * ((v + secondary_max) // weight) - v,
    )
    return [combined, secondary]


def _make_solver(
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


def _canonical(
    built: ScheduleModel,
    stage: _Stage,
    optimum: int,
    settings: SolveSettings,
    budget: float,
    stop: StopToken,
) -> dict[str, int] | None:
    """The plan a single-threaded search finds with the stage's optimum fixed.

    Parallel CP-SAT proves the optimum fastest, but which of several optimal plans it
    returns depends on thread timing. With the optimum fixed as a constraint and no
    hint, one search thread with a fixed seed always walks the same path, so the same
    scenario and seed give the same plan. None when that search runs out of time
    (the parallel plan then stands).
    """
    built.model.clear_objective()
    built.model.clear_hints()
    built.model.add(stage.expr == optimum)
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.random_seed = settings.seed
    params.num_workers = 1
    params.linearization_level = LINEARIZATION_LEVEL
    params.max_time_in_seconds = max(
        min(budget, settings.time_limit * CANONICAL_SHARE), CANONICAL_MIN_SECONDS
    )
    code = _run(solver, built.model, _Reporter("canonical", None, 0.0), stop)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or stop.stopped:
        return None
    return _read_values(built, solver)


def _run(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    reporter: _Reporter,
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


def _hint_baseline(built: ScheduleModel) -> None:
    """Hint every work at its planned week (or the nearest allowed one); requests early."""
    starts: dict[str, int] = {}
    present: dict[str, bool] = {}
    for item in built.items:
        domain = built.domain[item.id]
        target = domain[0]
        if isinstance(item, Work):
            planned = built.scenario.planned(item)
            if planned is not None:
                target = min(domain, key=lambda s: (abs(s - planned), s))
        starts[item.id] = target
        present[item.id] = True
    built.hint(starts, present)


def _parts_apply(scenario: Scenario, options: ModelOptions | None) -> bool:
    """The decomposition needs the displacement objective and a plain model."""
    return (
        (options is None or options == ModelOptions())
        and scenario.policy.objective == Objective.DISPLACEMENT
        and len(scenario.works) >= PARTS_MIN_WORKS
        and any(request.demand for request in scenario.requests)
    )


def _decompose(
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


def _proven_by_parts(
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
    if not _fits(built, plan, stop):
        return None
    cost = plan.displacement_cost(scenario)
    seconds = time.monotonic() - began
    results = []
    if _stages(built)[0].name == "value":
        value = plan.accepted_value(scenario)
        results.append(StageResult("value", "OPTIMAL", value, value, seconds, 0))
    results.append(
        StageResult("displacement", "OPTIMAL", cost, cost, seconds, decomposition.solved)
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
    )


def _fits(built: ScheduleModel, plan: Plan, stop: StopToken) -> bool:
    """Whether CP-SAT accepts the plan as a solution of the whole model, every rule exact.

    The decomposition's plan already passed the independent checker; this second
    opinion uses the solver's own model, so a proof never rests on the checker alone.
    """
    if not _hint_plan(built, plan):
        return False
    built.model.clear_objective()
    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = 1
    params.fix_variables_to_their_hinted_value = True
    params.max_time_in_seconds = CONFIRM_SECONDS
    code = _run(solver, built.model, _Reporter("confirm", None, 0.0), stop)
    built.model.clear_hints()
    return bool(code in (cp_model.OPTIMAL, cp_model.FEASIBLE))


def _warm_start(scenario: Scenario, options: ModelOptions | None) -> Plan | None:
    """The hand method's plan: valid by construction and checked, so a first solution.

    On city-scale programmes CP-SAT may spend its whole time limit repairing the
    baseline hint (the requests collide with it); from this plan the search starts
    improving at once. Not used for what-if models, whose changes the hand method
    does not know.
    """
    if options is not None and options != ModelOptions():
        return None
    from scheduler.greedy import greedy  # plain Python; imports no solver code

    return greedy(scenario).plan


def _cap_shifts(scenario: Scenario, warm: Plan) -> ModelOptions:
    """Bound each work's shift by what the warm plan costs: exact, and smaller domains.

    Only when displacement is the whole objective (no optional request with a value):
    an optimal plan costs at most the warm plan's cost C, so a work of weight w moves
    at most (C - move_penalty) / w weeks, and no work moves at all when move_penalty > C.
    """
    has_value = any(not r.mandatory and r.value > 0 for r in scenario.requests)
    if has_value or scenario.policy.objective != Objective.DISPLACEMENT:
        return ModelOptions()
    # The checker (and so the hand method) allows the format's 1 euro per work of
    # rounding; the solver compares budgets exactly, so only an exactly valid plan's
    # cost bounds the optimum.
    for (line, year), spent in warm.budget_use(scenario).items():
        if spent > scenario.budget_by_id[line].per_year.get(year, 0):
            return ModelOptions()
    cost = warm.displacement_cost(scenario)
    penalty = scenario.policy.move_penalty
    caps: dict[str, int] = {}
    for work in scenario.works:
        if cost < penalty:
            caps[work.id] = 0
        elif work.weight > 0:
            caps[work.id] = (cost - penalty) // work.weight
    return ModelOptions(shift_cap=caps)


def _hint_serial(built: ScheduleModel) -> bool:
    """For the makespan objective: hint a serial schedule (see scheduler/solver/sgs.py)."""
    if built.scenario.policy.objective != Objective.MAKESPAN:
        return False
    from scheduler.solver.sgs import serial_schedule

    capacity = {r.id: built.capacity_profile(r.id) for r in built.scenario.resources}
    starts = serial_schedule(built.scenario, built.domain, capacity)
    if starts is None:
        return False
    present = {item.id: item.id in starts for item in built.items}
    full = {item.id: starts.get(item.id, built.domain[item.id][0]) for item in built.items}
    built.hint(full, present)
    return True


def _hint_plan(built: ScheduleModel, plan: Plan) -> bool:
    """Hint a complete plan; False when it does not fit the model's domains."""
    starts: dict[str, int] = {}
    present: dict[str, bool] = {}
    for item in built.items:
        start = plan[item.id].start
        if start is None or start not in built.domain_set(item.id):
            if built.present[item.id] is True:
                return False
            starts[item.id], present[item.id] = built.domain[item.id][0], False
        else:
            starts[item.id], present[item.id] = start, True
    built.hint(starts, present)
    return True


def _read_values(built: ScheduleModel, solver: cp_model.CpSolver) -> dict[str, int]:
    values: dict[str, int] = {}
    for item in built.items:
        values[item.id] = solver.value(built.start[item.id])
        present = built.present[item.id]
        if present is not True:
            values[f"?{item.id}"] = int(solver.boolean_value(present))
    return values


def _hint_values(built: ScheduleModel, values: dict[str, int]) -> None:
    starts = {item.id: values[item.id] for item in built.items}
    present = {item.id: bool(values.get(f"?{item.id}", 1)) for item in built.items}
    built.hint(starts, present)


def _plan(built: ScheduleModel, values: dict[str, int]) -> Plan:
    starts: dict[str, int | None] = {}
    for item in built.scenario.items:
        if item.id not in built.start:
            starts[item.id] = None
        elif values.get(f"?{item.id}", 1):
            starts[item.id] = values[item.id]
        else:
            starts[item.id] = None
    return Plan.from_starts(built.scenario, starts)
