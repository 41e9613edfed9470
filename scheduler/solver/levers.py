"""What-if solves behind `plooi impact`: one request R against the standing programme.

Two kinds of model serve every question (see docs/impact.md):

* :class:`RequestModel` is the whole scenario with every work free and R
  switched on or off by an assumption literal. The model is built once; the
  plan without R, the least-displacement plan with R, the alternatives (each
  adds a no-good) and the Pareto front (each point bounds R's start) are all
  solves of that one model under different assumptions.
* The *fixed world*: every work, and every other placed request, fixed where
  the plan without R puts it; only R moves. The earliest start of R and the
  least extra capacity or budget that let R in are small solves of it.

Each solve here runs with the project's solver parameters (seed, workers,
deterministic mode) and an explicit time limit, and is cut off at the run's
wall-clock deadline as well. Nothing here judges a plan: the caller checks
every plan with the independent checker.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ortools.sat.python import cp_model

from scheduler import weeks
from scheduler.plan import Plan
from scheduler.scenario import Request, Resource, Scenario, Work
from scheduler.solver.cpsat import Progress, ProgressEvent, StopToken
from scheduler.solver.cpsat import Reporter as _Reporter
from scheduler.solver.cpsat import make_solver as _make_solver
from scheduler.solver.cpsat import run_cpsat as _run
from scheduler.solver.domains import allowed_starts
from scheduler.solver.model import ModelOptions, ScheduleModel
from scheduler.solver.settings import SolveSettings

# Share of a lexicographic solve's time the value stage may use (as in plooi solve).
VALUE_STAGE_SHARE = 0.4
# No solve is started with less than this many seconds; below it, it reports `unknown`.
MIN_SOLVE_SECONDS = 0.05

_STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "unknown",
}


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

    kind: str  # capacity | budget
    status: str
    start: int | None = None
    extra: dict[tuple[str, int], int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.extra.values())


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


def _solver(settings: SolveSettings, seconds: float, clock: Clock) -> cp_model.CpSolver:
    solver = _make_solver(settings, seconds)
    solver.parameters.max_time_in_seconds = max(
        MIN_SOLVE_SECONDS, min(solver.parameters.max_time_in_seconds, clock.left())
    )
    return solver


def _hint(built: ScheduleModel, starts: dict[str, int | None]) -> None:
    """A complete hint where the model supports it (derived variables too), else the starts."""
    hinted: dict[str, int] = {}
    present: dict[str, bool] = {}
    for item in built.items:
        domain = built.domain[item.id]
        start = starts.get(item.id)
        present[item.id] = start is not None
        hinted[item.id] = start if start is not None else domain[0]
    complete = getattr(built, "hint", None)
    if callable(complete):
        complete(hinted, present)
        return
    built.model.clear_hints()  # type: ignore[no-untyped-call]
    for item in built.items:
        built.model.add_hint(built.start[item.id], hinted[item.id])
        if built.present[item.id] is not True:
            built.model.add_hint(built.present[item.id], present[item.id])


def _starts(built: ScheduleModel, solver: cp_model.CpSolver) -> dict[str, int | None]:
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


def _with_request(scenario: Scenario, request: Request) -> Scenario:
    """The scenario with one request replaced (a fresh object: no stale cached lookups)."""
    requests = [request if r.id == request.id else r for r in scenario.requests]
    return Scenario.model_construct(**{**dict(scenario), "requests": requests})


# -- the whole programme, R switched by an assumption -------------------------------------


class RequestModel:
    """One CP-SAT model of the scenario in which R's presence is an assumption.

    R is made optional (value 0, so it never counts in the value stage) and then
    required or forbidden per solve. Other requests keep their own status:
    mandatory ones must be placed, optional ones are weighed by their value
    first, as in ``plooi solve``.
    """

    def __init__(
        self,
        scenario: Scenario,
        request_id: str,
        settings: SolveSettings,
        clock: Clock,
        stop: StopToken | None = None,
        options: ModelOptions | None = None,
    ) -> None:
        request = scenario.item_by_id[request_id]
        assert isinstance(request, Request)
        switchable = request.model_copy(update={"mandatory": False, "value": 0})
        self.scenario = scenario
        self.request_id = request_id
        self.settings = settings
        self.clock = clock
        self.stop = stop or StopToken()
        self.built = ScheduleModel(_with_request(scenario, switchable), options)
        # Some works held fixed: "optimal" then means optimal among the works left free.
        self.restricted = bool(options and options.fixed_starts)
        self.cost, _ = self.built.displacement_expr()
        self.value = self.built.value_expr()
        self.has_value = any(
            not r.mandatory and r.value > 0 for r in scenario.requests if r.id != request_id
        )
        present = self.built.present[request_id]
        assert present is not True
        self.present: Any = present
        domain = self.built.domain[request_id]
        self.first = domain[0]
        self.width = domain[-1] - domain[0]
        self.start = self.built.start[request_id]
        self._value_floor: Any = None
        # Auxiliary variables of this module, each with how to compute it from starts,
        # so every hint stays complete (CP-SAT may drop a partial one).
        self._aux: list[tuple[Any, Callable[[dict[str, int | None]], int]]] = []
        self.differs: Any = 0
        self.differ_count = 0

    def set_reference(self, reference: dict[str, int | None]) -> None:
        """Count the works whose start differs from ``reference`` (the plan without R),
        as the tie-breaker between plans of equal displacement cost."""
        model = self.built.model
        flags = []
        for work in self.scenario.works:
            target = reference.get(work.id)
            domain = self.built.domain.get(work.id)
            if target is None or not domain or domain[0] == domain[-1]:
                continue
            differ = model.new_bool_var(f"differs[{work.id}]")
            model.add(self.built.start[work.id] == target).only_enforce_if(differ.Not())
            flags.append(differ)
            self._aux.append((differ, _differs_from(work.id, target)))
        self.differs = sum(flags)
        self.differ_count = len(flags)

    def _hint(self, starts: dict[str, int | None]) -> None:
        _hint(self.built, starts)
        for var, compute in self._aux:
            self.built.model.add_hint(var, compute(starts))

    def solve(
        self,
        name: str,
        *,
        with_request: bool,
        seconds: float,
        hint: dict[str, int | None],
        require: Sequence[Any] = (),
        prefer_early: bool = False,
        fallback: dict[str, int | None] | None = None,
    ) -> Found:
        """Lexicographic: value of optional requests (when any), then displacement cost.

        With ``prefer_early`` the last stage minimises
        ``(cost * (D + 1) + differing) * (W + 1) + lateness``, where ``differing``
        counts the works whose start differs from the reference (at most D) and W is
        the width of R's window in weeks: exactly "least cost, then the fewest works
        moved from where the plan without R has them, then R as early as possible".

        ``fallback`` is a plan the caller knows to be valid (checked); when the solve
        finds nothing in its time, that plan is returned as ``feasible``.
        """
        model = self.built.model
        assumptions = [self.present if with_request else self.present.Not(), *require]
        if with_request and self._value_floor is not None:
            assumptions.append(self._value_floor)
        stages: list[tuple[str, Any, bool]] = []
        if self.has_value and not (with_request and self._value_floor is not None):
            stages.append(("value", self.value, True))
        objective = self.cost
        if with_request and prefer_early:
            ranked = self.cost * (self.differ_count + 1) + self.differs
            objective = ranked * (self.width + 1) + (self.start - self.first)
        stages.append(("displacement", objective, False))
        status = "optimal"
        starts: dict[str, int | None] | None = None
        result: int | None = None
        hint = dict(hint)
        if with_request and hint.get(self.request_id) is None:
            hint[self.request_id] = self.first
        if not with_request:
            hint[self.request_id] = None
        self._hint(hint)
        for index, (stage, expr, maximise) in enumerate(stages):
            budget = seconds * VALUE_STAGE_SHARE if index + 1 < len(stages) else seconds
            if index > 0:
                budget = seconds * (1 - VALUE_STAGE_SHARE)
            if self.clock.left() <= 0 or self.stop.stopped:
                if starts is None and fallback is not None:
                    return Found(name, "feasible", dict(fallback))
                return Found(name, status if starts is not None else "unknown", starts, result)
            model.clear_objective()  # type: ignore[no-untyped-call]
            if maximise:
                model.maximize(expr)
            else:
                model.minimize(expr)
            model.clear_assumptions()
            model.add_assumptions(assumptions)
            solver = _solver(self.settings, budget, self.clock)
            scale = (self.differ_count + 1) * (self.width + 1) if expr is not self.cost else 1
            reporter = self.clock.reporter(name if stage == "displacement" else stage, scale)
            code = _run(solver, model, reporter, self.stop)
            if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                model.clear_assumptions()
                if starts is not None:
                    return Found(name, "feasible", starts, result)
                if fallback is not None and code != cp_model.INFEASIBLE:
                    return Found(name, "feasible", dict(fallback))
                return Found(name, _STATUS.get(code, "unknown"))
            if code == cp_model.FEASIBLE:
                status = "feasible"
            starts = _starts(self.built, solver)
            optimum = round(solver.objective_value)
            result = optimum
            self._hint(starts)
            if stage == "value":
                floor = model.new_bool_var(f"value_floor[{name}]")
                model.add(self.value >= optimum).only_enforce_if(floor)
                self._aux.append((floor, _always))
                assumptions.append(floor)
                if with_request:
                    self._value_floor = floor
        model.clear_assumptions()
        if status == "optimal" and self.restricted:
            status = "optimal_near"
        return Found(name, status, starts, result)

    def keep_one_of(self, moved: Iterable[str], reference: dict[str, int | None]) -> Any:
        """A literal that, when assumed, keeps at least one of ``moved`` at its reference start."""
        model = self.built.model
        literal = model.new_bool_var("keep_one")
        stays = []
        for work_id in sorted(moved):
            target = reference.get(work_id)
            if target is None or work_id not in self.built.start:
                continue
            stay = model.new_bool_var(f"stay[{work_id}]")
            model.add(self.built.start[work_id] == target).only_enforce_if(stay)
            stays.append(stay)
            self._aux.append((stay, _stays_at(work_id, target)))
        model.add_bool_or(stays).only_enforce_if(literal)
        self._aux.append((literal, _always))
        return literal

    def start_at_most(self, week: int) -> Any:
        """A literal that, when assumed, makes R start no later than ``week``."""
        model = self.built.model
        literal = model.new_bool_var(f"start_at_most[{week}]")
        model.add(self.start <= week).only_enforce_if(literal)
        self._aux.append((literal, _always))
        return literal

    def alternatives(
        self,
        best: Found,
        reference: dict[str, int | None],
        count: int,
        seconds_each: float,
    ) -> list[Found]:
        """Up to ``count - 1`` more plans: each keeps at least one work of every earlier
        option's displaced set at its reference start (so no option repeats or merely
        extends an earlier one), at the least displacement cost, R as early as possible."""
        found: list[Found] = []
        require: list[Any] = []
        previous = best
        while len(found) + 1 < count and previous.starts is not None:
            moved = displaced(self.scenario, previous.starts, reference)
            if not moved:
                break
            require.append(self.keep_one_of(moved, reference))
            candidate = self.solve(
                f"alternative {len(found) + 2}",
                with_request=True,
                seconds=seconds_each,
                hint=previous.starts,
                require=require,
                prefer_early=True,
            )
            if not candidate.has_plan:
                break
            found.append(candidate)
            previous = candidate
        return found

    def pareto(self, best: Found, max_points: int, seconds_each: float) -> list[Found]:
        """Non-dominated (displacement cost, lateness of R) points, from the cheapest one:
        each next point is the cheapest plan with R strictly earlier than the last."""
        points = [best]
        require: list[Any] = []
        while len(points) < max_points:
            last = points[-1].starts
            if last is None or last[self.request_id] is None:
                break
            start = last[self.request_id]
            assert start is not None
            if start <= self.first:
                break
            require.append(self.start_at_most(start - 1))
            candidate = self.solve(
                f"pareto {len(points) + 1}",
                with_request=True,
                seconds=seconds_each,
                hint=last,
                require=require,
                prefer_early=True,
            )
            if not candidate.has_plan:
                break
            points.append(candidate)
        return points


def _always(_: dict[str, int | None]) -> int:
    return 1


def _differs_from(work_id: str, target: int) -> Callable[[dict[str, int | None]], int]:
    return lambda starts: int(starts.get(work_id) != target)


def _stays_at(work_id: str, target: int) -> Callable[[dict[str, int | None]], int]:
    return lambda starts: int(starts.get(work_id) == target)


def displaced(
    scenario: Scenario, starts: dict[str, int | None], reference: dict[str, int | None]
) -> list[str]:
    """Works whose start differs from the reference plan, in scenario order."""
    return [
        work.id
        for work in scenario.works
        if starts.get(work.id) is not None and starts.get(work.id) != reference.get(work.id)
    ]


# -- the fixed world: every work where it stands, only R moves ------------------------------


def _minimise(
    built: ScheduleModel,
    objective: Any,
    name: str,
    settings: SolveSettings,
    seconds: float,
    clock: Clock,
    stop: StopToken | None,
) -> tuple[str, cp_model.CpSolver | None]:
    if clock.left() <= 0:
        return "unknown", None
    built.model.minimize(objective)
    solver = _solver(settings, seconds, clock)
    code = _run(solver, built.model, clock.reporter(name), stop or StopToken())
    status = _STATUS.get(code, "unknown")
    return status, solver if code in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None


def earliest_start(
    scenario: Scenario,
    request_id: str,
    options: ModelOptions,
    settings: SolveSettings,
    seconds: float,
    clock: Clock,
    stop: StopToken | None = None,
) -> Found:
    """The earliest start of R with everything in ``options.fixed_starts`` held, ignoring
    R's deadline (the window is stretched to the horizon's end)."""
    request = scenario.item_by_id[request_id]
    _, latest_finish = scenario.window(request)
    stretch = max(0, scenario.horizon.last - latest_finish)
    wide = ModelOptions(
        fixed_starts=dict(options.fixed_starts),
        excluded=options.excluded,
        deadline_shift={**options.deadline_shift, request_id: stretch},
    )
    built = ScheduleModel(scenario, wide)
    status, solver = _minimise(
        built, built.start[request_id], "earliest", settings, seconds, clock, stop
    )
    if solver is None:
        return Found("earliest", status)
    return Found("earliest", status, _starts(built, solver), solver.value(built.start[request_id]))


def week_capacity(resource: Resource, week: int) -> int:
    """A resource's capacity in one week: :meth:`Resource.capacity_in` (scheduler.impact's name)."""
    return resource.capacity_in(week)


def _reach(scenario: Scenario, request: Work | Request) -> tuple[list[int], range]:
    """R's allowed starts (window and blocked weeks) and every week it could occupy."""
    starts = allowed_starts(scenario, request).starts
    if not starts:
        return [], range(0)
    return starts, range(starts[0], starts[-1] + request.duration)


def _choose_start(
    built: ScheduleModel,
    request_id: str,
    need: dict[int, int],
    name: str,
    settings: SolveSettings,
    seconds: float,
    clock: Clock,
    stop: StopToken | None,
) -> tuple[str, int | None]:
    """Pick R's start minimising the tabled need, then as early as possible."""
    model = built.model
    domain = built.domain[request_id]
    totals = [need.get(s, 0) for s in domain]
    position = model.new_int_var(0, len(domain) - 1, f"lever_position[{request_id}]")
    model.add_element(position, domain, built.start[request_id])
    total = model.new_int_var(0, max(totals), f"lever_total[{request_id}]")
    model.add_element(position, totals, total)
    status, solver = _minimise(
        built, total * len(domain) + position, name, settings, seconds, clock, stop
    )
    if solver is None:
        return status, None
    return status, solver.value(built.start[request_id])


def least_capacity(
    scenario: Scenario,
    request_id: str,
    options: ModelOptions,
    settings: SolveSettings,
    seconds: float,
    clock: Clock,
    stop: StopToken | None = None,
) -> LeverFound | None:
    """The fewest extra unit-weeks of R's resources that let R in, all else fixed.

    Every other item is fixed, so the load they leave in each week is a
    constant; the extra a start ``s`` needs is, per resource and occupied week,
    ``max(0, load + demand - capacity)``. The model's own capacity constraint is
    lifted by exactly R's demand in R's reachable weeks (so it never binds R),
    and the solve picks the start with the least total need that keeps every
    other rule (budget, hinder, order, breekverbod, werk met werk). None when R uses
    no resource.
    """
    request = scenario.item_by_id[request_id]
    resources = [
        rid for rid, units in sorted(request.demand.items())
        if units > 0 and rid in scenario.resource_by_id
    ]
    if not resources:
        return None
    allowed, reach = _reach(scenario, request)
    if not allowed:
        return LeverFound("capacity", "infeasible")
    fixed_plan = Plan.from_starts(scenario, {**options.fixed_starts})
    load = fixed_plan.load(scenario)
    short: dict[tuple[str, int], int] = {}
    for rid in resources:
        resource = scenario.resource_by_id[rid]
        for week in reach:
            over = load.get((rid, week), 0) + request.demand[rid] - resource.capacity_in(week)
            if over > 0:
                short[(rid, week)] = over
    lifted = dict(options.extra_capacity)
    for rid in resources:
        for week in reach:
            lifted[(rid, week)] = lifted.get((rid, week), 0) + request.demand[rid]
    built = ScheduleModel(
        scenario,
        ModelOptions(fixed_starts=dict(options.fixed_starts), excluded=options.excluded,
                     extra_capacity=lifted, extra_budget=dict(options.extra_budget),
                     deadline_shift=dict(options.deadline_shift)),
    )
    need = {
        s: sum(short.get((rid, w), 0) for rid in resources for w in range(s, s + request.duration))
        for s in built.domain[request_id]
    }
    status, start = _choose_start(
        built, request_id, need, "capacity lever", settings, seconds, clock, stop
    )
    if start is None:
        return LeverFound("capacity", status)
    extra = {
        (rid, w): short[(rid, w)]
        for rid in resources
        for w in range(start, start + request.duration)
        if (rid, w) in short
    }
    return LeverFound("capacity", status, start, extra)


def least_budget(
    scenario: Scenario,
    request_id: str,
    options: ModelOptions,
    settings: SolveSettings,
    seconds: float,
    clock: Clock,
    stop: StopToken | None = None,
) -> LeverFound | None:
    """The fewest extra euros on R's budget line (per year) that let R in, all else fixed.

    The other items' spend per year is a constant (an exact fraction); a start
    ``s`` needs ``ceil(spend + cost * weeks_in_year(s) / duration - limit)``
    extra euros in each year where that is positive. As for capacity, the
    model's own limit on that line is lifted by R's cost and the solve picks the
    start with the least total need under every other rule. None when R costs nothing.
    """
    request = scenario.item_by_id[request_id]
    if request.cost == 0 or request.budget is None or request.budget not in scenario.budget_by_id:
        return None
    line = scenario.budget_by_id[request.budget]
    allowed, reach = _reach(scenario, request)
    if not allowed:
        return LeverFound("budget", "infeasible")
    years = sorted({weeks.iso_year(w) for w in reach})
    spend = Plan.from_starts(scenario, {**options.fixed_starts}).budget_use(scenario)
    lifted = dict(options.extra_budget)
    for year in years:
        lifted[(line.id, year)] = lifted.get((line.id, year), 0) + request.cost
    built = ScheduleModel(
        scenario,
        ModelOptions(fixed_starts=dict(options.fixed_starts), excluded=options.excluded,
                     extra_capacity=dict(options.extra_capacity), extra_budget=lifted,
                     deadline_shift=dict(options.deadline_shift)),
    )

    def short(start: int) -> dict[int, int]:
        per_year: dict[int, int] = {}
        for week in range(start, start + request.duration):
            per_year[weeks.iso_year(week)] = per_year.get(weeks.iso_year(week), 0) + 1
        result = {}
        for year, count in per_year.items():
            limit = line.per_year.get(year, 0) + options.extra_budget.get((line.id, year), 0)
            over = (
                spend.get((line.id, year), Fraction(0))
                + Fraction(request.cost * count, request.duration)
                - limit
            )
            if over > 0:
                result[year] = math.ceil(over)
        return result

    need = {s: sum(short(s).values()) for s in built.domain[request_id]}
    status, start = _choose_start(
        built, request_id, need, "budget lever", settings, seconds, clock, stop
    )
    if start is None:
        return LeverFound("budget", status)
    return LeverFound(
        "budget", status, start, {(line.id, year): euros for year, euros in short(start).items()}
    )


__all__ = [
    "Clock",
    "Found",
    "LeverFound",
    "RequestModel",
    "displaced",
    "earliest_start",
    "least_budget",
    "least_capacity",
    "week_capacity",
]
