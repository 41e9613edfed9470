"""The exact decomposition: its parts, its repairs, and that it only claims what it proved."""

from __future__ import annotations

from scheduler.check import check
from scheduler.generate import generate
from scheduler.io.validate import build_scenario
from scheduler.scenario import Scenario
from scheduler.solver import SolveSettings, solve
from scheduler.solver.decompose import (
    _first_parts,
    _part_scenario,
    decompose,
    required_requests,
)
from scheduler.solver.run import part_solver
from tests.conftest import scenario, week

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

# One budget line over two crews: the parts know no money, the merged plan overspends.
SHARED_MONEY = """
resources:
  - {id: groen, name: Groen, capacity: 1}
  - {id: riool, name: Riool, capacity: 1}
budgets:
  - {id: geld, name: Geld, per_year: {2027: 100, 2028: 100}}
works:
  - {id: W-1, name: a, kind: green, area: WK077210, duration: 1, planned_start: 2028-W02,
     latest_finish: 2028-W02, demand: {groen: 1}, cost: 100, budget: geld}
  - {id: W-2, name: b, kind: sewer, area: WK077210, duration: 1, planned_start: 2027-W40,
     demand: {riool: 1}, cost: 100, budget: geld, weight: 1}
requests:
  - {id: R-1, name: r, kind: tree, area: WK077210, duration: 2, earliest: 2028-W01,
     latest_finish: 2028-W02, demand: {groen: 1}}
"""
NO_CREW = """
resources:
  - {id: groen, name: Groen, capacity: 1}
works:
  - {id: W-1, name: a, kind: green, area: WK077210, duration: 2, planned_start: 2027-W10,
     earliest: 2027-W10, demand: {groen: 1}}
requests:
  - {id: R-1, name: r, kind: tree, area: WK077210, duration: 2, earliest: 2027-W10,
     latest_finish: 2027-W11, demand: {groen: 1}}
  - {id: R-2, name: s, kind: play, area: WK077210, duration: 1, earliest: 2027-W20,
     latest_finish: 2027-W20}
"""
TWO_YEARS = """
horizon: {start: 2027-W01, end: 2028-W52}
areas:
  - {code: WK077210, name: Centrum}
"""

SETTINGS = SolveSettings(time_limit=20.0, seed=0, workers=2, deterministic=True)


def _decompose(s: Scenario):  # type: ignore[no-untyped-def]
    return decompose(s, required_requests(s), 20.0, part_solver(SETTINGS))


def _optimum(s: Scenario) -> int:
    """The whole model's proven optimum (no parts: the reference)."""
    result = solve(s, time_limit=20, workers=2, bound_by_parts=False)
    assert result.proven_optimal and result.plan is not None
    return result.plan.displacement_cost(s)


def test_first_parts_are_one_per_request_resource_with_disjoint_costs() -> None:
    s = scenario(TWO_CREWS)
    parts = _first_parts(s, {"R-1", "R-2"})
    assert [(p.resources, p.items, p.owned) for p in parts] == [
        ({"groen"}, {"W-1", "R-1"}, {"W-1"}),
        ({"riool"}, {"W-2", "W-3", "R-2"}, {"W-2", "W-3"}),
    ]
    sub, options = _part_scenario(s, parts[1], {"R-1", "R-2"})
    # W-3's `after` names W-1, which is in the other part: dropped (a relaxation).
    assert [w.id for w in sub.works] == ["W-2", "W-3"] and not sub.works[1].after
    assert [r.id for r in sub.requests] == ["R-2"] and options.costless == frozenset()


def test_a_broken_after_across_parts_is_repaired_to_the_proven_optimum() -> None:
    # Parts alone: R-1 pushes W-1 to W12 (2 + 10), R-2 pushes W-2 to W21 (2 + 10): 24.
    # Merged, W-3 (planned W30) now starts before W-1's finish + 1 + 30 = W44: the
    # `after` rule breaks, the two parts become one, and W-3 moves 14 weeks (14 + 10).
    s = scenario(TWO_CREWS)
    outcome = _decompose(s)
    assert outcome.plan is not None and check(s, outcome.plan) == []
    assert outcome.plan.displacement_cost(s) == outcome.bound == 48 == _optimum(s)
    assert outcome.rounds == 2 and outcome.parts == 1


def test_an_overspent_budget_line_is_repaired_to_the_proven_optimum() -> None:
    # R-1 takes 2028-W01..W02 from W-1, which may not finish later: it goes to 2027-W52
    # (2 weeks + 10 = 12), and the parts, which know no money, stop there. Merged, 2027
    # holds W-1 and W-2 (200 > 100): the line joins a part with both works, and W-2
    # leaves 2027 for 2028-W01 (13 weeks + 10 = 23). Optimum 12 + 23 = 35.
    s = scenario(SHARED_MONEY, header=TWO_YEARS)
    outcome = _decompose(s)
    assert outcome.plan is not None and check(s, outcome.plan) == []
    assert outcome.plan.displacement_cost(s) == outcome.bound == 35 == _optimum(s)
    assert outcome.rounds == 2


def test_a_request_that_needs_no_crew_still_gets_a_part_and_a_place() -> None:
    s = scenario(NO_CREW)
    assert [p.items for p in _first_parts(s, {"R-1", "R-2"})] == [{"W-1", "R-1"}, {"R-2"}]
    outcome = _decompose(s)
    assert outcome.plan is not None and check(s, outcome.plan) == []
    assert outcome.plan["R-2"].start is not None
    # Only R-1 displaces: W-1 to W12 (2 + 10).
    assert outcome.plan.displacement_cost(s) == 12 == _optimum(s)


def test_no_plan_is_claimed_when_the_time_is_too_short() -> None:
    s = scenario(TWO_CREWS)
    outcome = decompose(s, {"R-1", "R-2"}, 0.1, part_solver(SETTINGS))
    assert outcome.plan is None and outcome.bound is None and outcome.solved == 0


def test_a_generated_programme_gets_the_whole_models_optimum_by_parts() -> None:
    # 250 works, 10 requests, 5 years: large enough for solve() to decompose, small
    # enough for the whole model alone to prove its optimum too (80, seed 2).
    s = build_scenario(generate(250, 10, 5, seed=2), "generated")
    by_parts = solve(s, time_limit=60, workers=2)
    assert by_parts.decomposition is not None and by_parts.plan is by_parts.decomposition.plan
    assert by_parts.proven_optimal and by_parts.reproducible
    assert check(s, by_parts.plan) == []
    whole = solve(s, time_limit=60, workers=2, bound_by_parts=False, lns=False)
    assert whole.proven_optimal and whole.plan is not None
    assert by_parts.plan.accepted_value(s) == whole.plan.accepted_value(s)
    assert by_parts.plan.displacement_cost(s) == whole.plan.displacement_cost(s) == 80


# A request on one crew; on the other crew a work whose planned week breaks its own
# window: the programme is broken before any request.
OUTSIDE_THE_PARTS = """
resources:
  - {id: groen, name: Groen, capacity: 1}
  - {id: riool, name: Riool, capacity: 1}
works:
  - {id: W-1, name: a, kind: green, area: WK077210, duration: 2, planned_start: 2027-W10,
     earliest: 2027-W10, demand: {groen: 1}}
  - {id: W-9, name: c, kind: sewer, area: WK077210, duration: 1, planned_start: 2027-W20,
     earliest: 2027-W22, demand: {riool: 1}, weight: 3}
requests:
  - {id: R-1, name: r, kind: tree, area: WK077210, duration: 2, earliest: 2027-W10,
     latest_finish: 2027-W11, demand: {groen: 1}}
"""


def test_a_broken_work_outside_every_part_is_repaired() -> None:
    # R-1 pushes W-1 to W12 (2 + 10). W-9 must leave W20 for its earliest week W22
    # (3 * 2 + 10 = 16); it is in no first part (no request needs riool): the checker
    # names it, and the second round moves it.
    s = scenario(OUTSIDE_THE_PARTS)
    outcome = _decompose(s)
    assert outcome.plan is not None and check(s, outcome.plan) == []
    assert outcome.plan["W-9"].start == week("2027-W22")
    assert outcome.plan.displacement_cost(s) == outcome.bound == 28 == _optimum(s)
    assert outcome.rounds == 2


# A street dug (sewer crew) and resurfaced (road crew): the rule spans two parts.
BREEKVERBOD_ACROSS_PARTS = """
resources:
  - {id: wegen, name: Wegen, capacity: 1}
  - {id: riool, name: Riool, capacity: 1}
works:
  - {id: W-1, name: asfalt, kind: road, area: WK077210, street: Kerkstraat, duration: 1,
     planned_start: 2027-W40, earliest: 2027-W25, latest_finish: 2027-W40,
     demand: {wegen: 1}, resurfaces: true}
  - {id: W-2, name: riool, kind: sewer, area: WK077210, street: Kerkstraat, duration: 1,
     planned_start: 2027-W30, demand: {riool: 1}, digs: true}
  - {id: W-3, name: vast, kind: road, area: WK077210, duration: 9, planned_start: 2027-W31,
     pinned: true, demand: {wegen: 1}}
requests:
  - {id: R-1, name: r, kind: road, area: WK077210, duration: 1, earliest: 2027-W40,
     latest_finish: 2027-W40, demand: {wegen: 1}}
rules:
  breekverbod_years: 1
"""


def test_a_breekverbod_across_parts_is_repaired_to_the_proven_optimum() -> None:
    # R-1 takes W40 from W-1, which may not finish later and finds the road crew busy
    # in W31-W39 (W-3, pinned): W30 (10 + 10 = 20). The road part knows no sewer, so
    # there W-1 resurfaces the street in the week W-2 digs it: merged, the breekverbod
    # breaks. Together, W-2 digs one week earlier, before the new asphalt (1 + 10): 31.
    s = scenario(BREEKVERBOD_ACROSS_PARTS)
    outcome = _decompose(s)
    assert outcome.plan is not None and check(s, outcome.plan) == []
    assert outcome.plan.displacement_cost(s) == outcome.bound == 31 == _optimum(s)
    assert outcome.rounds == 2
