"""The per-resource lower bound is valid (never above the optimum) and tight when exact."""

from __future__ import annotations

from scheduler.solver import solve
from scheduler.solver.bounds import decomposition_bound, relaxed_parts
from tests.conftest import scenario, solved

TWO_CREWS = """
resources:
  - {id: groen, name: Groen, capacity: 1}
  - {id: riool, name: Riool, capacity: 1}
works:
  - {id: W-1, name: a, kind: green, area: WK077210, duration: 2, planned_start: 2027-W10,
     earliest: 2027-W10, demand: {groen: 1}}
  - {id: W-2, name: b, kind: sewer, area: WK077210, duration: 3, planned_start: 2027-W20,
     earliest: 2027-W20, demand: {riool: 1}, weight: 2}
  - {id: W-3, name: c, kind: sewer, area: WK077210, duration: 1, planned_start: 2027-W30,
     demand: {riool: 1}, after: [{work: W-1, lag: 30}]}
requests:
  - {id: R-1, name: r, kind: tree, area: WK077210, duration: 2, earliest: 2027-W10,
     latest_finish: 2027-W11, demand: {groen: 1}}
  - {id: R-2, name: s, kind: sewer, area: WK077210, duration: 1, earliest: 2027-W20,
     latest_finish: 2027-W20, demand: {riool: 1}}
"""


def _part_bound(part, limit):  # type: ignore[no-untyped-def]
    result = solve(part, time_limit=limit, workers=2, bound_by_parts=False)
    stage = result.final_stage
    return (stage.bound if stage else None), True


def test_parts_keep_one_resource_and_the_requests_that_need_it() -> None:
    s = scenario(TWO_CREWS)
    parts = relaxed_parts(s, {"R-1", "R-2"})
    assert [[w.id for w in p.works] for p in parts] == [["W-1"], ["W-2", "W-3"]]
    assert [[r.id for r in p.requests] for p in parts] == [["R-1"], ["R-2"]]
    assert all(not item.after for p in parts for item in p.items)


def test_bound_is_valid_and_here_exact() -> None:
    # groen: R-1 takes W10-W11, W-1 (earliest W10) goes to W12: 2 + 10 = 12.
    # riool: R-2 takes W20, W-2 (weight 2, earliest W20) goes to W21: 2 + 10 = 12.
    # W-3 must start >= W-1's finish + 1 + 30 = 2027-W44 in the full problem: it moves
    # 14 weeks (24), a cost the relaxation (which drops `after`) cannot see: bound 24.
    s = scenario(TWO_CREWS)
    full = solved(s)
    assert full.plan is not None and full.plan.displacement_cost(s) == 48
    bound = decomposition_bound(s, {"R-1", "R-2"}, 20.0, _part_bound)
    assert bound == 24
    assert bound <= full.plan.displacement_cost(s)
