"""The whole programme with every work free and R switched on or off by an assumption.

The model is built once; the plan without R, the least-displacement plan with R,
the alternatives (each adds a no-good) and the Pareto front (each point bounds
R's start) are all solves of that one model under different assumptions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ortools.sat.python import cp_model

from scheduler.scenario import Request, Scenario
from scheduler.solver.cpsat import StopToken
from scheduler.solver.cpsat import run_cpsat as _run
from scheduler.solver.levers.clock import Clock, solver_for
from scheduler.solver.levers.outcome import STATUS, Found, starts_of
from scheduler.solver.model import ModelOptions, ScheduleModel
from scheduler.solver.settings import SolveSettings

# Share of a lexicographic solve's time the value stage may use (as in plooi solve).
VALUE_STAGE_SHARE = 0.4

# One stage of a lexicographic solve: its name, objective, and whether it is maximised.
Stage = tuple[str, Any, bool]


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
        """A complete hint: every item's start and presence, and every derived variable."""
        built = self.built
        hinted: dict[str, int] = {}
        present: dict[str, bool] = {}
        for item in built.items:
            start = starts.get(item.id)
            present[item.id] = start is not None
            hinted[item.id] = start if start is not None else built.domain[item.id][0]
        built.hint(hinted, present)
        for var, compute in self._aux:
            built.model.add_hint(var, compute(starts))

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
        assumptions = [self.present if with_request else self.present.Not(), *require]
        if with_request and self._value_floor is not None:
            assumptions.append(self._value_floor)
        stages = self._stages(with_request, prefer_early)
        status = "optimal"
        starts: dict[str, int | None] | None = None
        result: int | None = None
        self._hint(self._request_hint(hint, with_request))
        for index, (stage, expr, maximise) in enumerate(stages):
            if self.clock.left() <= 0 or self.stop.stopped:
                if starts is None and fallback is not None:
                    return Found(name, "feasible", dict(fallback))
                return Found(name, status if starts is not None else "unknown", starts, result)
            budget = _stage_seconds(index, len(stages), seconds)
            code, solver = self._run_stage(name, (stage, expr, maximise), assumptions, budget)
            if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                self.built.model.clear_assumptions()
                return _no_plan(name, code, starts, result, fallback)
            if code == cp_model.FEASIBLE:
                status = "feasible"
            starts = starts_of(self.built, solver)
            result = round(solver.objective_value)
            self._hint(starts)
            if stage == "value":
                assumptions.append(self._hold_value(name, result, with_request))
        self.built.model.clear_assumptions()
        if status == "optimal" and self.restricted:
            status = "optimal_near"
        return Found(name, status, starts, result)

    def _stages(self, with_request: bool, prefer_early: bool) -> list[Stage]:
        """The value stage (unless a value floor already holds), then displacement."""
        stages: list[Stage] = []
        if self.has_value and not (with_request and self._value_floor is not None):
            stages.append(("value", self.value, True))
        objective = self.cost
        if with_request and prefer_early:
            ranked = self.cost * (self.differ_count + 1) + self.differs
            objective = ranked * (self.width + 1) + (self.start - self.first)
        stages.append(("displacement", objective, False))
        return stages

    def _request_hint(
        self, hint: dict[str, int | None], with_request: bool
    ) -> dict[str, int | None]:
        """The caller's hint with R placed (at its first start if it has none) or left out."""
        hint = dict(hint)
        if with_request and hint.get(self.request_id) is None:
            hint[self.request_id] = self.first
        if not with_request:
            hint[self.request_id] = None
        return hint

    def _run_stage(
        self, name: str, stage: Stage, assumptions: list[Any], seconds: float
    ) -> tuple[Any, cp_model.CpSolver]:
        """Solve one stage under the assumptions; the status code and the solver."""
        label, expr, maximise = stage
        model = self.built.model
        model.clear_objective()  # type: ignore[no-untyped-call]
        if maximise:
            model.maximize(expr)
        else:
            model.minimize(expr)
        model.clear_assumptions()
        model.add_assumptions(assumptions)
        solver = solver_for(self.settings, seconds, self.clock)
        scale = (self.differ_count + 1) * (self.width + 1) if expr is not self.cost else 1
        reporter = self.clock.reporter(name if label == "displacement" else label, scale)
        return _run(solver, model, reporter, self.stop), solver

    def _hold_value(self, name: str, optimum: int, with_request: bool) -> Any:
        """A literal that keeps the value stage's optimum in the stages after it."""
        model = self.built.model
        floor = model.new_bool_var(f"value_floor[{name}]")
        model.add(self.value >= optimum).only_enforce_if(floor)
        self._aux.append((floor, _always))
        if with_request:
            self._value_floor = floor
        return floor

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




def _with_request(scenario: Scenario, request: Request) -> Scenario:
    """The scenario with one request replaced (a fresh object: no stale cached lookups)."""
    requests = [request if r.id == request.id else r for r in scenario.requests]
    return Scenario.model_construct(**{**dict(scenario), "requests": requests})


def _stage_seconds(index: int, count: int, seconds: float) -> float:
    """The value stage gets VALUE_STAGE_SHARE of the time, the stage after it the rest."""
    if index > 0:
        return seconds * (1 - VALUE_STAGE_SHARE)
    return seconds * VALUE_STAGE_SHARE if index + 1 < count else seconds


def _no_plan(
    name: str,
    code: Any,
    starts: dict[str, int | None] | None,
    result: int | None,
    fallback: dict[str, int | None] | None,
) -> Found:
    """A stage found nothing: an earlier stage's plan, the caller's fallback, or none."""
    if starts is not None:
        return Found(name, "feasible", starts, result)
    if fallback is not None and code != cp_model.INFEASIBLE:
        return Found(name, "feasible", dict(fallback))
    return Found(name, STATUS.get(code, "unknown"))
