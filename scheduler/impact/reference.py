"""The plan without R: the reference every displacement caused by R is measured against.

Also the *fixed world* built on it: every work and every other placed request
held where that plan puts them, only R free (the earliest-start question and
the levers are asked of it).
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.check import check_baseline
from scheduler.greedy import greedy
from scheduler.impact.run import ImpactRun
from scheduler.impact.whatif import HoldRequests, LeaveOut
from scheduler.plan import Plan
from scheduler.scenario import Scenario
from scheduler.solver import ModelOptions
from scheduler.solver.levers import Found

AS_PLANNED = "programme as planned"


def without_request(run: ImpactRun) -> Scenario:
    return LeaveOut(run.request_id).apply(run.scenario)


def plan_without_request(run: ImpactRun, without: Scenario) -> Found:
    """The scenario solved with R left out, every plan of it checked."""
    scenario = run.scenario
    others = [r for r in scenario.requests if r.id != run.request_id]
    baseline = Plan.baseline(scenario).starts()
    if not others and not check_baseline(without):
        # Nothing else to place and the programme keeps every rule (just checked): the
        # plan without R is the programme itself, at cost 0, which no plan can beat.
        found = Found("without request", "optimal", baseline)
        run.record(found.name, AS_PLANNED)
        return found
    # The hand method's plan (scheduler.greedy) is a complete, checked starting point.
    hand = greedy(without).plan
    hand_starts = hand.starts() if hand is not None else None
    if hand_starts is not None:
        run.checked.require(without, hand_starts, "the hand method's plan")
    found = run.whole().solve(
        "without request",
        with_request=False,
        seconds=run.seconds("without_request"),
        hint=hand_starts or baseline,
        fallback=hand_starts,
    )
    run.record(found.name, found.status)
    if found.starts is not None:
        run.checked.require(without, found.starts, "the plan without the request")
    return found


@dataclass(frozen=True)
class Reference:
    """The plan without R, its cost, and the fixed world built on it."""

    starts: dict[str, int | None]
    cost: int
    world: Scenario  # every other request that was placed is mandatory here
    held: ModelOptions  # every work and placed request fixed, unplaced requests left out


def reference(run: ImpactRun, without: Scenario, starts: dict[str, int | None]) -> Reference:
    cost = Plan.from_starts(without, starts).displacement_cost(without)
    fixed = {item_id: start for item_id, start in starts.items() if start is not None}
    left_out = frozenset(
        r.id for r in run.scenario.requests if r.id != run.request_id and starts.get(r.id) is None
    )
    world = HoldRequests(run.request_id, left_out).apply(run.scenario)
    return Reference(starts, cost, world, ModelOptions(fixed_starts=fixed, excluded=left_out))
