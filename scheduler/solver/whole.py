"""The whole model, stage by stage: proven optima on programmes CP-SAT can take whole.

Each stage of :mod:`scheduler.solver.stages` is solved to its proven optimum when
time allows; its optimum is then fixed as a constraint and its solution handed to
the next stage as a complete hint. A proven stage is followed by a *canonical*
search (see :func:`canonical`) so the same scenario and seed give the same plan.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from scheduler.plan import Plan, SolveStatus
from scheduler.scenario import Objective, Scenario, Work
from scheduler.solver.cpsat import (
    LINEARIZATION_LEVEL,
    STATUS_NAMES,
    Progress,
    Reporter,
    StopToken,
    make_solver,
    run_cpsat,
)
from scheduler.solver.model import ModelOptions, ScheduleModel
from scheduler.solver.result import StageResult, StageStatus
from scheduler.solver.settings import SolveSettings
from scheduler.solver.stages import Stage, objective_stages

# Share of the time limit the combined value stage may use before the tie-breaking
# stage continues alone; the combined stage usually settles both (see stages.py).
VALUE_STAGE_SHARE = 0.75
# Seconds the canonical (reproducible) search may always take after a proven stage,
# and the share of the time limit it may take at most: at 500 works it can need 20 s,
# and a plan that is optimal but not reproducible beats spending the whole limit.
CANONICAL_MIN_SECONDS = 5.0
CANONICAL_SHARE = 0.25
# A stage that would get less than this is skipped: presolving a city-scale model
# alone takes seconds, and the previous stage's plan stands.
MIN_STAGE_SECONDS = 3.0
# Share of the time limit the hand method may take as the warm start (at least 1 s).
WARM_START_SHARE = 0.1


@dataclass
class WholeModelOutcome:
    """The stages' results, the plan and how it ended."""

    status: SolveStatus
    plan: Plan | None
    stages: list[StageResult]
    built: ScheduleModel
    last_stage: Stage | None
    reproducible: bool
    empty_domains: dict[str, dict[str, int]] = field(default_factory=dict)


def search_whole_model(
    scenario: Scenario,
    settings: SolveSettings,
    options: ModelOptions | None,
    began: float,
    stop: StopToken,
    progress: Progress | None,
    first_plan: Plan | None = None,
) -> WholeModelOutcome:
    """Every stage on the whole model, from the best first plan at hand."""
    warm = first_plan
    if warm is None and settings.warm_start:
        deadline = began + max(1.0, settings.time_limit * WARM_START_SHARE)
        warm = _warm_start(scenario, options, deadline)
    if warm is not None and (options is None or options == ModelOptions()):
        options = _cap_shifts(scenario, warm)
    built = ScheduleModel(scenario, options)
    if (warm is None or not hint_plan(built, warm)) and not _hint_serial(built):
        _hint_baseline(built)
    run = _StageRun(scenario, settings, built, began, stop, progress)
    run.run_all()
    plan = plan_of(built, run.values) if run.values is not None else None
    status = run.status
    if plan is None and warm is not None:
        # CP-SAT found nothing in time (or nothing within exact budgets, where the hand
        # method used the format's rounding tolerance): the checked warm plan stands.
        plan, status = warm, SolveStatus.FEASIBLE
        cost = warm.displacement_cost(scenario)
        run.results.append(StageResult("warm_start", StageStatus.FEASIBLE, cost, None, 0.0, 1))
    if plan is None and status == SolveStatus.OPTIMAL:
        status = SolveStatus.UNKNOWN
    if status == SolveStatus.FEASIBLE and run.results and not stop.stopped and all(
        stage.objective is not None and stage.objective == stage.bound for stage in run.results
    ):
        # Every stage's plan meets its proven bound (the time limit fell just as it closed).
        status = SolveStatus.OPTIMAL
        for stage_result in run.results:
            stage_result.status = StageStatus.OPTIMAL
    return WholeModelOutcome(
        status, plan, run.results, built, run.last_stage, run.reproducible,
        dict(built.empty_domains),
    )


class _StageRun:
    """The stages in order on one model; what each found and whether it was proven."""

    def __init__(
        self,
        scenario: Scenario,
        settings: SolveSettings,
        built: ScheduleModel,
        began: float,
        stop: StopToken,
        progress: Progress | None,
    ) -> None:
        self.scenario, self.settings, self.built = scenario, settings, built
        self.began, self.stop, self.progress = began, stop, progress
        self.stages = objective_stages(built)
        self.results: list[StageResult] = []
        self.inherited: StageResult | None = None
        self.last_stage: Stage | None = None
        self.reproducible = settings.deterministic
        self.values: dict[str, int] | None = None
        self.status = SolveStatus.OPTIMAL

    def run_all(self) -> None:
        limit = self.settings.time_limit
        for index, stage in enumerate(self.stages):
            remaining = limit - (time.monotonic() - self.began)
            budget = remaining
            if index + 1 < len(self.stages):
                budget = min(remaining, limit * VALUE_STAGE_SHARE)
            if self.stop.stopped or (budget < MIN_STAGE_SECONDS and self.values is not None):
                self.status = SolveStatus.FEASIBLE
                return
            if not self._run_stage(index, stage, max(budget, 0.05)):
                return
            if self.stop.stopped:
                if index + 1 < len(self.stages):
                    self.status = SolveStatus.FEASIBLE
                return

    def _run_stage(self, index: int, stage: Stage, budget: float) -> bool:
        """One stage; False when the stages end here."""
        built, settings = self.built, self.settings
        built.model.clear_objective()
        if stage.maximise:
            built.model.maximize(stage.expr)
        else:
            built.model.minimize(stage.expr)
        solver = make_solver(settings, budget, settings.core_first, self.scenario)
        reporter = Reporter(stage.name, self.progress, time.monotonic() - self.began)
        stage_began = time.monotonic()
        code = run_cpsat(solver, built.model, reporter, self.stop)
        seconds = time.monotonic() - stage_began
        if code == cp_model.MODEL_INVALID:
            raise RuntimeError(f"internal error: invalid CP-SAT model ({built.model.validate()})")
        has_solution = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        objective = bound = None
        if has_solution:
            objective = stage.decode(round(solver.objective_value))
            bound = stage.decode(round(solver.best_objective_bound))
        status = StageStatus(STATUS_NAMES.get(code, "UNKNOWN"))
        record = StageResult(stage.name, status, objective, bound, seconds, reporter.solutions)
        if self.inherited is not None and self.inherited.name == stage.name:
            # Keep what the combined stage knew where this stage found nothing better.
            self.results.remove(self.inherited)
            if objective is None:
                record.objective, record.status = self.inherited.objective, self.inherited.status
            record.bound = max(record.bound or 0, self.inherited.bound or 0)
        self.results.append(record)
        if not has_solution:
            if self.values is None:
                infeasible = code == cp_model.INFEASIBLE
                self.status = SolveStatus.INFEASIBLE if infeasible else SolveStatus.UNKNOWN
            else:
                self.status = SolveStatus.FEASIBLE
            return False
        assert objective is not None
        self.values = _read_values(built, solver)
        self.last_stage = stage
        if code == cp_model.OPTIMAL and settings.deterministic:
            left = settings.time_limit - (time.monotonic() - self.began)
            found = canonical(
                built, stage, round(solver.objective_value), settings, left, self.stop
            )
            self.reproducible = self.reproducible and found is not None
            self.values = found or self.values
        if code != cp_model.OPTIMAL:
            self.status = SolveStatus.FEASIBLE
        settled = stage.then is not None and not self._follow(
            index, stage, solver, code, objective, bound
        )
        if settled:
            return False
        if stage.maximise:
            built.model.add(stage.primary >= objective)
        else:
            built.model.add(stage.primary <= objective)
        _hint_values(built, self.values)
        return True

    def _follow(
        self,
        index: int,
        stage: Stage,
        solver: cp_model.CpSolver,
        code: int,
        objective: int,
        bound: int | None,
    ) -> bool:
        """What a combined stage tells of its tie-breaker; False when that settles it."""
        assert stage.then is not None
        follow = self.stages[index + 1]
        combined = round(solver.objective_value)
        combined_bound = round(solver.best_objective_bound)
        if code == cp_model.OPTIMAL:
            # The combined objective is proven optimal, so its tie-breaker is too.
            tie = stage.then(combined)
            self.results.append(StageResult(follow.name, StageStatus.OPTIMAL, tie, tie, 0.0, 0))
            return False
        if bound == objective:
            # The value is proven; what the combined search knows of the tie-breaker
            # stands until (unless) the next stage improves it.
            tie, tie_bound = stage.then(combined), stage.then(combined_bound)
            self.results.append(
                StageResult(follow.name, StageStatus.FEASIBLE, tie, max(0, tie_bound), 0.0, 0)
            )
            self.inherited = self.results[-1]
        return True


def canonical(
    built: ScheduleModel,
    stage: Stage,
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
    code = run_cpsat(solver, built.model, Reporter("canonical", None, 0.0), stop)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE) or stop.stopped:
        return None
    return _read_values(built, solver)


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


def _warm_start(
    scenario: Scenario, options: ModelOptions | None, deadline: float | None = None
) -> Plan | None:
    """The hand method's plan: valid by construction and checked, so a first solution.

    On city-scale programmes CP-SAT may spend its whole time limit repairing the
    baseline hint (the requests collide with it); from this plan the search starts
    improving at once. Not used for what-if models, whose changes the hand method
    does not know.
    """
    if options is not None and options != ModelOptions():
        return None
    from scheduler.greedy import greedy  # plain Python; imports no solver code

    return greedy(scenario, deadline=deadline).plan


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


def hint_plan(built: ScheduleModel, plan: Plan) -> bool:
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


def plan_of(built: ScheduleModel, values: dict[str, int]) -> Plan:
    starts: dict[str, int | None] = {}
    for item in built.scenario.items:
        if item.id not in built.start:
            starts[item.id] = None
        elif values.get(f"?{item.id}", 1):
            starts[item.id] = values[item.id]
        else:
            starts[item.id] = None
    return Plan.from_starts(built.scenario, starts)
