"""The least extra capacity or budget that lets R in, every other item held where it stands.

Every other item is fixed, so what they use of a resource per week, or spend on a
budget line per year, is a constant; the extra each start of R would need is a
table, and one small solve picks the start with the least total need that keeps
every other rule.
"""

from __future__ import annotations

import math
from fractions import Fraction

from scheduler import weeks
from scheduler.plan import Plan
from scheduler.scenario import Request, Scenario, Work
from scheduler.solver.cpsat import StopToken
from scheduler.solver.domains import allowed_starts
from scheduler.solver.levers.clock import Clock, minimise
from scheduler.solver.levers.outcome import LeverFound, LeverKind
from scheduler.solver.model import ModelOptions, ScheduleModel
from scheduler.solver.settings import SolveSettings


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
    status, solver = minimise(
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
        rid
        for rid, units in sorted(request.demand.items())
        if units > 0 and rid in scenario.resource_by_id
    ]
    if not resources:
        return None
    allowed, reach = _reach(scenario, request)
    if not allowed:
        return LeverFound(LeverKind.CAPACITY, "infeasible")
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
        ModelOptions(
            fixed_starts=dict(options.fixed_starts),
            excluded=options.excluded,
            extra_capacity=lifted,
            extra_budget=dict(options.extra_budget),
            deadline_shift=dict(options.deadline_shift),
        ),
    )
    need = {
        s: sum(short.get((rid, w), 0) for rid in resources for w in range(s, s + request.duration))
        for s in built.domain[request_id]
    }
    status, start = _choose_start(
        built, request_id, need, "capacity lever", settings, seconds, clock, stop
    )
    if start is None:
        return LeverFound(LeverKind.CAPACITY, status)
    extra = {
        (rid, w): short[(rid, w)]
        for rid in resources
        for w in range(start, start + request.duration)
        if (rid, w) in short
    }
    return LeverFound(LeverKind.CAPACITY, status, start, extra)


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
        return LeverFound(LeverKind.BUDGET, "infeasible")
    years = sorted({weeks.iso_year(w) for w in reach})
    spend = Plan.from_starts(scenario, {**options.fixed_starts}).budget_use(scenario)
    lifted = dict(options.extra_budget)
    for year in years:
        lifted[(line.id, year)] = lifted.get((line.id, year), 0) + request.cost
    built = ScheduleModel(
        scenario,
        ModelOptions(
            fixed_starts=dict(options.fixed_starts),
            excluded=options.excluded,
            extra_capacity=dict(options.extra_capacity),
            extra_budget=lifted,
            deadline_shift=dict(options.deadline_shift),
        ),
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
        return LeverFound(LeverKind.BUDGET, status)
    return LeverFound(
        LeverKind.BUDGET,
        status,
        start,
        {(line.id, year): euros for year, euros in short(start).items()},
    )
