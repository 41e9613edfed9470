"""Question 2: the plan that places R within its deadline with the least displacement.

First with only the works near R free (fast, a strong hint), then on the whole
programme, which may improve on it and proves optimality. Among the cheapest
plans R starts as early as possible. The works R displaces are explained
(causes and chains) against the plan without R.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.explain import Explanation, explain
from scheduler.impact.reference import Reference
from scheduler.impact.result import Option, Outcome, Shift
from scheduler.impact.run import ImpactRun
from scheduler.impact.whatif import Rebase
from scheduler.plan import Plan
from scheduler.scenario import Request, Scenario, Work, wijk_of
from scheduler.solver import ModelOptions
from scheduler.solver.levers import Found, RequestModel, displaced

# Works running within this many weeks of R's window may move in the fast local search.
NEIGHBOURHOOD_WEEKS = 26


@dataclass(frozen=True)
class Least:
    """The least-displacement solve: its plan (if any) and the model alternatives search."""

    best: Found
    search: RequestModel


def least_displacement(run: ImpactRun, ref: Reference, early: int | None) -> Least:
    """The cheapest plan with R, ``early`` (R's earliest start if it meets the deadline) as hint."""
    local = _local_model(run, ref)
    hint = dict(ref.starts)
    if early is not None:
        hint[run.request_id] = early
    seed_plan: Found | None = None
    if local is not None:
        seed_plan = local.solve(
            "least displacement near the request",
            with_request=True,
            seconds=run.seconds("local"),
            hint=hint,
            prefer_early=True,
        )
        if seed_plan.starts is not None:
            what = "the nearby least-displacement plan"
            run.checked.require(run.scenario, seed_plan.starts, what)
        run.record(seed_plan.name, seed_plan.status)
        if seed_plan.starts is not None:
            hint = seed_plan.starts
    programme = _programme_model(run, ref, seed_plan)
    best = programme.solve(
        "least displacement",
        with_request=True,
        seconds=run.seconds("least_displacement"),
        hint=hint,
        prefer_early=True,
    )
    run.record(best.name, best.status)
    if seed_plan is not None and seed_plan.starts is not None and (
        best.starts is None or _ranking(run, ref, seed_plan) < _ranking(run, ref, best)
    ):
        best = Found(best.name, "feasible", seed_plan.starts, seed_plan.objective)
    if best.starts is not None:
        run.checked.require(run.scenario, best.starts, "the least-displacement plan")
    return Least(best, local or programme)


def _local_model(run: ImpactRun, ref: Reference) -> RequestModel | None:
    """R's model with only the works near R free; None when that is every movable work."""
    scenario = run.scenario
    request = scenario.item_by_id[run.request_id]
    assert isinstance(request, Request)
    near = neighbourhood(scenario, request, ref.starts)
    if near == {w.id for w in scenario.works if not w.pinned}:
        return None
    outside = {
        w.id: start
        for w in scenario.works
        if w.id not in near and (start := ref.starts.get(w.id)) is not None
    }
    local = RequestModel(
        scenario, run.request_id, run.settings, run.clock, run.stop,
        ModelOptions(fixed_starts=outside),
    )
    local.set_reference(ref.starts)
    return local


def _programme_model(run: ImpactRun, ref: Reference, seed_plan: Found | None) -> RequestModel:
    """The whole programme; bounded by the nearby plan's cost when that is exact."""
    scenario = run.scenario
    weighed = any(
        not r.mandatory and r.value > 0 for r in scenario.requests if r.id != run.request_id
    )
    if seed_plan is None or seed_plan.starts is None or weighed:
        programme = run.whole()
    else:
        # No optimal plan costs more than this valid one, so no work can shift further
        # than that cost allows: an exact bound that shrinks the whole-programme model.
        # (Not with optional requests to weigh: more value may be worth more cost.)
        caps = shift_caps(scenario, Plan.from_starts(scenario, seed_plan.starts))
        programme = RequestModel(
            scenario, run.request_id, run.settings, run.clock, run.stop,
            ModelOptions(shift_cap=caps),
        )
    programme.set_reference(ref.starts)
    return programme


def _ranking(run: ImpactRun, ref: Reference, found: Found) -> tuple[int, int, int]:
    """Least cost, then the fewest works moved from the plan without R, then R early."""
    assert found.starts is not None
    scenario = run.scenario
    start = found.starts[run.request_id]
    assert start is not None
    moved = len(displaced(scenario, found.starts, ref.starts))
    return Plan.from_starts(scenario, found.starts).displacement_cost(scenario), moved, start


def shift_caps(scenario: Scenario, plan: Plan) -> dict[str, int]:
    """The largest shift any work can have in a plan that costs no more than ``plan``.

    A work that moves pays ``move_penalty + weight * |shift|``, so with total cost
    C it shifts at most ``(C - move_penalty) // weight`` weeks (none when that is
    negative). A work of weight 0 is capped only when it cannot pay the penalty.
    """
    cost = plan.displacement_cost(scenario)
    penalty = scenario.policy.move_penalty
    caps: dict[str, int] = {}
    for work in scenario.works:
        if work.weight > 0:
            caps[work.id] = max(0, (cost - penalty) // work.weight)
        elif cost < penalty:
            caps[work.id] = 0
    return caps


def neighbourhood(
    scenario: Scenario, request: Request, reference: dict[str, int | None]
) -> set[str]:
    """The works the fast local search may move.

    A work qualifies when it is not pinned, runs within NEIGHBOURHOOD_WEEKS of R's
    window in the plan without R, and is linked to R directly (a shared resource,
    budget line, hinder group or street, an `after` link or a bundle) or through one
    such work (a shared resource, an `after` link or a bundle).
    """
    first, last = scenario.window(request)
    low, high = first - NEIGHBOURHOOD_WEEKS, last + NEIGHBOURHOOD_WEEKS
    nearby = []
    for work in scenario.works:
        start = reference.get(work.id)
        if work.pinned or start is None:
            continue
        if start <= high and start + work.duration - 1 >= low:
            nearby.append(work)
    direct = _links(scenario, request, wide=True)
    level_one = {w.id for w in nearby if _links(scenario, w, wide=True) & direct}
    reach = set(direct)
    for work in nearby:
        if work.id in level_one:
            reach |= _links(scenario, work, wide=False)
    return level_one | {w.id for w in nearby if _links(scenario, w, wide=False) & reach}


def _links(scenario: Scenario, item: Work | Request, wide: bool) -> set[tuple[str, ...]]:
    """What ties ``item`` to others: resources, `after` links, bundles (and, wide, more)."""
    keys: set[tuple[str, ...]] = {
        ("resource", rid) for rid, units in item.demand.items() if units > 0
    }
    keys |= {("after", dep.work) for dep in item.after} | {("after", item.id)}
    keys |= {
        ("bundle", str(b))
        for b, group in enumerate(scenario.rules.bundles)
        if item.id in group.items
    }
    if wide:
        if item.budget is not None and item.cost > 0:
            keys.add(("budget", item.budget))
        for index, rule in enumerate(scenario.rules.max_concurrent):
            if item.kind in rule.kinds:
                area = wijk_of(item.area) if rule.per == "wijk" else item.area
                keys.add(("hinder", str(index), area))
        if item.street and (item.digs or item.resurfaces):
            keys.add(("street", item.street, wijk_of(item.area)))
    return keys


def make_option(
    run: ImpactRun, ref: Reference, model: RequestModel, found: Found, rank: int
) -> Option:
    """A found plan with R as an option: R's week, its marginal cost, what it displaces."""
    scenario = run.scenario
    starts = found.starts
    assert starts is not None
    start = starts[run.request_id]
    assert start is not None
    total = Plan.from_starts(scenario, starts).displacement_cost(scenario)
    shifts = []
    for work_id in displaced(scenario, starts, ref.starts):
        before, after = ref.starts[work_id], starts[work_id]
        assert before is not None and after is not None
        shifts.append(Shift(work_id, scenario.item_by_id[work_id].name, before, after))
    rejected = tuple(
        r.id
        for r in scenario.requests
        if r.id != run.request_id and ref.starts.get(r.id) is not None and starts.get(r.id) is None
    )
    return Option(
        rank=rank,
        status=Outcome(found.status),
        starts=starts,
        start=start,
        lateness=start - model.first,
        cost=total - ref.cost,
        total_cost=total,
        displaced=tuple(shifts),
        rejected=rejected,
    )


def explained(run: ImpactRun, ref: Reference, starts: dict[str, int | None]) -> Explanation:
    """Causes and chains of what R displaces: the explainer's "why is this work not where
    it stood", with "where it stood" the plan without R."""
    rebased = Rebase(ref.starts).apply(run.scenario)
    return explain(rebased, Plan.from_starts(rebased, starts))


def request_chains(
    explanation: Explanation, request_id: str, best: Option
) -> tuple[tuple[str, ...], ...]:
    """R's displacement chains, cut at the first work R does not displace.

    The explainer's chains follow moves from the planned starts; a work moved by
    another request can hang below a work R moved. Only works whose start differs
    from the plan without R belong to R's chains; chains that become a prefix of
    another are dropped.
    """
    moved = {s.id for s in best.displaced}
    cut: list[tuple[str, ...]] = []
    for r in explanation.requests:
        if r.id != request_id:
            continue
        for chain in r.chains:
            kept = [chain[0]]
            for node in chain[1:]:
                if node not in moved:
                    break
                kept.append(node)
            if len(kept) > 1 and tuple(kept) not in cut:
                cut.append(tuple(kept))
    return tuple(c for c in cut if not any(o != c and o[: len(c)] == c for o in cut))
