"""The orchestrator: the five questions in the order that lets a tight time limit starve
the big solves rather than the small ones, each answer checked, the result frozen."""

from __future__ import annotations

import dataclasses

from scheduler.impact.alternatives import alternatives, pareto
from scheduler.impact.conflict import clashing_rules
from scheduler.impact.earliest import earliest_without_displacement
from scheduler.impact.least import explained, least_displacement, make_option, request_chains
from scheduler.impact.levers import find_levers
from scheduler.impact.reference import (
    Reference,
    plan_without_request,
    reference,
    without_request,
)
from scheduler.impact.result import (
    Impact,
    ImpactError,
    ImpactProblem,
    ImpactStatus,
    Outcome,
    Source,
)
from scheduler.impact.run import DEFAULT_OPTIONS, ImpactRun
from scheduler.impact.whatif import Mandatory
from scheduler.scenario import Objective, Request, Scenario
from scheduler.solver import SolveSettings, StopToken
from scheduler.solver.cpsat import Progress
from scheduler.solver.levers import Clock


def pick_request(scenario: Scenario, request_id: str) -> Request:
    """The request with this id, or an ImpactError that says what the id is instead."""
    item = scenario.item_by_id.get(request_id)
    if isinstance(item, Request):
        return item
    if item is not None:
        raise ImpactError(ImpactProblem.WORK_NOT_REQUEST, id=request_id)
    known = ", ".join(r.id for r in scenario.requests[:10]) or "—"
    raise ImpactError(ImpactProblem.UNKNOWN_REQUEST, id=request_id, known=known)


def analyse(
    scenario: Scenario,
    request_id: str,
    *,
    name: str = "scenario",
    source: str = "scenario",
    options: int = DEFAULT_OPTIONS,
    time_limit: float | None = None,
    seed: int | None = None,
    workers: int | None = None,
    deterministic: bool | None = None,
    stop: StopToken | None = None,
    progress: Progress | None = None,
) -> Impact:
    """Answer the five questions for request ``request_id`` (already in ``scenario``).

    ``progress`` receives every improving solution of every solve of the run
    (stage, cost, bound, seconds since the start), as ``plooi solve`` reports them.
    """
    original = pick_request(scenario, request_id)
    if scenario.policy.objective != Objective.DISPLACEMENT:
        raise ImpactError(ImpactProblem.MAKESPAN)
    if options < 1:
        raise ImpactError(ImpactProblem.OPTIONS)
    with_r = Mandatory(request_id).apply(scenario)
    settings = SolveSettings.from_policy(
        with_r, time_limit=time_limit, seed=seed, workers=workers, deterministic=deterministic
    )
    clock = Clock(settings.time_limit, progress)
    run = ImpactRun(with_r, request_id, settings, clock, stop or StopToken())
    impact = Impact(with_r, name, original, Source(source), ImpactStatus.UNKNOWN, settings)
    impact = _answer(run, impact, options)
    return dataclasses.replace(impact, solves=tuple(run.log))


def _answer(run: ImpactRun, impact: Impact, options: int) -> Impact:
    """Step 0 (the plan without R), then the questions on it; see the module docstring."""
    without = without_request(run)
    plan0 = plan_without_request(run, without)
    impact = dataclasses.replace(impact, baseline_status=Outcome(plan0.status))
    if plan0.starts is None:
        if plan0.status != "infeasible":
            return impact
        return dataclasses.replace(
            impact,
            status=ImpactStatus.INFEASIBLE_WITHOUT_REQUEST,
            conflict_without_request=True,
            conflict=clashing_rules(run, without),
        )
    ref = reference(run, without, plan0.starts)
    impact = dataclasses.replace(impact, baseline_starts=ref.starts, baseline_cost=ref.cost)
    # 1. Earliest without displacement (R's deadline set aside).
    early = earliest_without_displacement(run, ref)
    impact = dataclasses.replace(impact, earliest=early.week, earliest_status=early.status)
    # 4. Levers: small fixed-world solves, done before the big ones so that a tight
    # time limit starves those instead.
    meets = impact.earliest_meets_deadline
    impact = dataclasses.replace(impact, levers=find_levers(run, ref, early, meets))
    # 2, 3 and 5 on the whole programme.
    return _place(run, ref, impact, early.week if meets else None, options)


def _place(
    run: ImpactRun, ref: Reference, impact: Impact, early: int | None, options: int
) -> Impact:
    """2. Least displacement; 3. alternatives and Pareto; or 5. why R cannot be placed."""
    least = least_displacement(run, ref, early)
    best = least.best
    if best.starts is None:
        if best.status != "infeasible":
            return impact
        return dataclasses.replace(
            impact,
            status=ImpactStatus.CANNOT_BE_PLACED,
            conflict=clashing_rules(run, run.scenario),
        )
    explanation = explained(run, ref, best.starts)
    first = make_option(run, ref, least.search, best, 1)
    moved = bool(first.displaced or first.rejected)
    ranked = alternatives(run, ref, least, options)
    chosen = next(o for o in ranked if o.starts == best.starts)
    return dataclasses.replace(
        impact,
        status=ImpactStatus.DISPLACES if moved else ImpactStatus.FITS,
        explanation=explanation,
        least=chosen,
        options=ranked,
        pareto=pareto(run, ref, least),
        chains=request_chains(explanation, run.request_id, chosen),
    )
