"""Question 4: the least extra deadline, capacity or budget that lets R in with nothing moved.

Each lever is found by a solve of the fixed world (scheduler.solver.levers) and
then *verified*: the lever is written into the scenario (a what-if of
:mod:`scheduler.impact.whatif`), that scenario is solved again with the world
held, and the plan found is checked against it by the independent checker.
The stretch of a lever (its amount relative to the limit it lifts) is how
levers of different units are compared.
"""

from __future__ import annotations

from fractions import Fraction

from scheduler.impact.earliest import Earliest
from scheduler.impact.reference import Reference
from scheduler.impact.result import LEVER_ORDER, Lever, LeverKind, LeverStatus, Outcome
from scheduler.impact.run import ImpactRun
from scheduler.impact.whatif import ExtraBudget, ExtraCapacity, LaterDeadline
from scheduler.scenario import Request, Scenario
from scheduler.solver import solve
from scheduler.solver.levers import LeverFound, least_budget, least_capacity


def find_levers(
    run: ImpactRun, ref: Reference, earliest: Earliest, meets: bool | None
) -> tuple[Lever, ...]:
    """All three levers, in :data:`LEVER_ORDER`; none needed when R fits as things stand."""
    if meets:
        return tuple(Lever(kind, LeverStatus.NOT_NEEDED) for kind in LEVER_ORDER)
    return (
        deadline_lever(run, ref, earliest),
        extra_lever(run, ref, LeverKind.CAPACITY),
        extra_lever(run, ref, LeverKind.BUDGET),
    )


def _request(run: ImpactRun) -> Request:
    request = run.scenario.item_by_id[run.request_id]
    assert isinstance(request, Request)
    return request


def verify(
    run: ImpactRun, kind: LeverKind, ref: Reference, lifted: Scenario
) -> tuple[bool, int | None]:
    """Solve the scenario with the lever written in (the world held), and check that plan."""
    settings = run.settings
    result = solve(
        lifted,
        time_limit=max(0.1, run.seconds("verify")),
        seed=settings.seed,
        workers=settings.workers,
        deterministic=settings.deterministic,
        options=ref.held,
        stop=run.stop,
    )
    run.record(f"verify {kind}", str(result.status))
    if result.plan is None:
        return False, None
    starts = result.plan.starts()
    if not run.checked.clean(lifted, starts):
        return False, None
    return True, starts[run.request_id]


def deadline_lever(run: ImpactRun, ref: Reference, earliest: Earliest) -> Lever:
    """The deadline moved to the finish of R's earliest start without displacement."""
    kind = LeverKind.DEADLINE
    if earliest.week is None:
        infeasible = earliest.status == Outcome.INFEASIBLE
        return Lever(kind, LeverStatus.NOT_ENOUGH if infeasible else LeverStatus.UNKNOWN)
    request = _request(run)
    first, latest_finish = run.scenario.window(request)
    finish = earliest.week + request.duration - 1
    extension = finish - latest_finish
    lifted = LaterDeadline(request.id, finish).apply(ref.world)
    verified, start = verify(run, kind, ref, lifted)
    stretch = Fraction(extension, latest_finish - first + 1)
    return Lever(kind, LeverStatus.FOUND, start, {}, extension, finish, verified, stretch)


def extra_lever(run: ImpactRun, ref: Reference, kind: LeverKind) -> Lever:
    """The least extra capacity (unit-weeks) or budget (euros) that lets R in."""
    search = least_capacity if kind == LeverKind.CAPACITY else least_budget
    found = search(
        ref.world, run.request_id, ref.held, run.settings, run.seconds(str(kind)),
        run.clock, run.stop,
    )
    if found is None:
        return Lever(kind, LeverStatus.NOT_APPLICABLE)
    run.record(f"{kind} lever", found.status)
    if found.start is None:
        infeasible = found.status == "infeasible"
        return Lever(kind, LeverStatus.NOT_ENOUGH if infeasible else LeverStatus.UNKNOWN)
    if not found.extra:
        # The least extra is nothing: only possible if the deadline was the obstacle
        # and this lever cannot move it. Say so rather than claim a zero lever.
        return Lever(kind, LeverStatus.NOT_ENOUGH)
    return _verified_extra(run, ref, kind, found)


def _verified_extra(run: ImpactRun, ref: Reference, kind: LeverKind, found: LeverFound) -> Lever:
    extra = dict(found.extra)
    if kind == LeverKind.CAPACITY:
        stretch = capacity_stretch(ref.world, extra)
        verified, start = verify(run, kind, ref, ExtraCapacity(extra).apply(ref.world))
        return Lever(kind, LeverStatus.FOUND, start, extra, 0, None, verified, stretch)
    stretch = budget_stretch(ref.world, extra)
    verified, start = verify(run, kind, ref, ExtraBudget(extra).apply(ref.world))
    if not verified:
        # The solver rounds each scaled spend term up (by far less than a euro in all);
        # where that tips an exact fit, one euro more per year settles it.
        extra = {key: euros + 1 for key, euros in extra.items()}
        verified, start = verify(run, kind, ref, ExtraBudget(extra).apply(ref.world))
    return Lever(kind, LeverStatus.FOUND, start, extra, 0, None, verified, stretch)


def capacity_stretch(scenario: Scenario, extra: dict[tuple[str, int], int]) -> Fraction | None:
    """The largest relative increase in any week; None when a week has no capacity at all."""
    shares = []
    for (rid, week), units in extra.items():
        base = scenario.resource_by_id[rid].capacity_in(week)
        if base == 0:
            return None
        shares.append(Fraction(units, base))
    return max(shares)


def budget_stretch(scenario: Scenario, extra: dict[tuple[str, int], int]) -> Fraction | None:
    """The largest relative increase of any line in any year; None when a limit is zero."""
    shares = []
    for (line, year), euros in extra.items():
        limit = scenario.budget_by_id[line].per_year.get(year, 0)
        if limit == 0:
            return None
        shares.append(Fraction(euros, limit))
    return max(shares)

