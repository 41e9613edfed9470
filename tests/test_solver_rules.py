"""One tiny scenario per rule: a case the rule forces to move, and a clean case.

Every expected optimum is worked out by hand in the comment above it. Weights
and windows are chosen so that the optimum is unique where the test asserts
exact weeks. move_penalty is the default 10 unless stated.
"""

from __future__ import annotations

from scheduler.plan import ItemStatus, SolveStatus
from scheduler.text.causes import cause_text
from tests.conftest import scenario, solved, week

CREW = """
resources:
  - {id: crew, name: Ploeg, capacity: 1}
"""


def test_capacity_forces_the_work_aside() -> None:
    # R-1 must occupy W10-W11 (its whole window); W-1 (earliest W10) holds the only
    # crew then and can only go later: W12, shift +2 -> 1*2 + 10 = 12.
    s = scenario(
        CREW
        + """
works:
  - {id: W-1, name: a, kind: other, area: WK077210, duration: 2, planned_start: 2027-W10,
     earliest: 2027-W10, demand: {crew: 1}}
requests:
  - {id: R-1, name: r, kind: other, area: WK077210, duration: 2, earliest: 2027-W10,
     latest_finish: 2027-W11, demand: {crew: 1}}
"""
    )
    result = solved(s)
    assert result.status == SolveStatus.OPTIMAL
    assert result.plan is not None
    assert result.plan["W-1"].start == week("2027-W12")
    assert result.plan["R-1"].start == week("2027-W10")
    assert result.plan.displacement_cost(s) == 12


def test_capacity_clean_when_the_crew_has_room() -> None:
    # Two crews: R-1 fits next to W-1, nothing moves.
    s = scenario("""
resources:
  - {id: crew, name: Ploeg, capacity: 2}
works:
  - {id: W-1, name: a, kind: other, area: WK077210, duration: 2, planned_start: 2027-W10,
     demand: {crew: 1}}
requests:
  - {id: R-1, name: r, kind: other, area: WK077210, duration: 2, earliest: 2027-W10,
     latest_finish: 2027-W11, demand: {crew: 1}}
""")
    result = solved(s)
    assert result.plan is not None
    assert result.plan.displacement_cost(s) == 0


def test_capacity_exception_takes_the_room_away() -> None:
    # Two crews, but the bouwvak exception leaves one in W10-W11: as the first test, 12.
    # The same exception in W30-W32 leaves room: 0.
    body = """
resources:
  - {{id: crew, name: Ploeg, capacity: 2, exceptions: [{{from: {a}, to: {b}, capacity: 1}}]}}
works:
  - {{id: W-1, name: a, kind: other, area: WK077210, duration: 2, planned_start: 2027-W10,
     earliest: 2027-W10, demand: {{crew: 1}}}}
requests:
  - {{id: R-1, name: r, kind: other, area: WK077210, duration: 2, earliest: 2027-W10,
     latest_finish: 2027-W11, demand: {{crew: 1}}}}
"""
    tight = scenario(body.format(a="2027-W10", b="2027-W11"))
    roomy = scenario(body.format(a="2027-W30", b="2027-W32"))
    assert (plan := solved(tight).plan) is not None and plan.displacement_cost(tight) == 12
    assert (plan := solved(roomy).plan) is not None and plan.displacement_cost(roomy) == 0


def test_budget_pushes_a_work_into_the_next_year() -> None:
    # W-1 costs 100 over 4 weeks from 2027-W50: 75 in 2027, 25 in 2028. R-1 spends 50 in
    # 2027, whose budget is 100: W-1 may keep at most 2 weeks (50) in 2027, so it starts
    # at 2027-W51 (shift +1): 1 + 10 = 11. Moving earlier only adds 2027 weeks.
    body = """
budgets:
  - {{id: geld, name: Geld, per_year: {{2027: {limit}, 2028: 100}}}}
works:
  - {{id: W-1, name: a, kind: road, area: WK077210, duration: 4, planned_start: 2027-W50,
     cost: 100, budget: geld}}
requests:
  - {{id: R-1, name: r, kind: road, area: WK077210, duration: 1, earliest: 2027-W01,
     latest_finish: 2027-W10, cost: 50, budget: geld}}
"""
    header = """
horizon: {start: 2027-W01, end: 2028-W52}
areas: [{code: WK077210, name: Centrum}]
"""
    s = scenario(body.format(limit=100), header)
    result = solved(s)
    assert result.plan is not None
    assert result.plan["W-1"].start == week("2027-W51")
    assert result.plan.displacement_cost(s) == 11
    roomy = scenario(body.format(limit=125), header)
    assert (plan := solved(roomy).plan) is not None and plan.displacement_cost(roomy) == 0


def test_budget_is_exact_pro_rata_without_rounding_room() -> None:
    # Cost 10 over 3 weeks, two weeks in 2027 = 6.67 euro; a 2027 limit of 6 cannot hold
    # it, so the work must leave 2027 except one week (3.33): start 2027-W52, shift +1.
    header = """
horizon: {start: 2027-W01, end: 2028-W52}
areas: [{code: WK077210, name: Centrum}]
"""
    s = scenario(
        """
budgets:
  - {id: geld, name: Geld, per_year: {2027: 6, 2028: 100}}
works:
  - {id: W-1, name: a, kind: road, area: WK077210, duration: 3, planned_start: 2027-W51,
     cost: 10, budget: geld, earliest: 2027-W51}
""",
        header,
    )
    result = solved(s)
    assert result.plan is not None
    assert result.plan["W-1"].start == week("2027-W52")
    assert result.plan.displacement_cost(s) == 11


def test_window_broken_by_the_baseline_is_repaired() -> None:
    # The programme plans W-1 before its earliest week: the solver moves it the least,
    # to W08 (shift +3): 3 + 10 = 13. With no request, a valid baseline costs 0.
    bad = scenario("""
works:
  - {id: W-1, name: a, kind: other, area: WK077210, duration: 1, planned_start: 2027-W05,
     earliest: 2027-W08}
""")
    good = scenario("""
works:
  - {id: W-1, name: a, kind: other, area: WK077210, duration: 1, planned_start: 2027-W08,
     earliest: 2027-W08}
""")
    result = solved(bad)
    assert result.plan is not None and result.plan["W-1"].start == week("2027-W08")
    assert result.plan.displacement_cost(bad) == 13
    assert (plan := solved(good).plan) is not None and plan.displacement_cost(good) == 0


def _pinned_case(pinned: bool) -> str:
    # Crew of one. W-1 (weight 1) in W10, W-3 (weight 5) in W11, W-2 (weight 2) in W12;
    # R-1 needs one week in W10..W12.
    #   pinned W-1: R-1 at W12 and W-2 to W13: 2 + 10 = 12 (W-3 would cost 15).
    #   free W-1:   R-1 at W10 and W-1 to W09: 1 + 10 = 11.
    return (
        CREW
        + f"""
works:
  - {{id: W-1, name: a, kind: other, area: WK077210, duration: 1, planned_start: 2027-W10,
     demand: {{crew: 1}}, pinned: {str(pinned).lower()}}}
  - {{id: W-3, name: c, kind: other, area: WK077210, duration: 1, planned_start: 2027-W11,
     demand: {{crew: 1}}, weight: 5}}
  - {{id: W-2, name: b, kind: other, area: WK077210, duration: 1, planned_start: 2027-W12,
     demand: {{crew: 1}}, weight: 2}}
requests:
  - {{id: R-1, name: r, kind: other, area: WK077210, duration: 1, earliest: 2027-W10,
     latest_finish: 2027-W12, demand: {{crew: 1}}}}
"""
    )


def test_pinned_work_never_moves() -> None:
    s = scenario(_pinned_case(True))
    result = solved(s)
    assert result.plan is not None
    assert result.plan["W-1"].start == week("2027-W10")
    assert result.plan["W-2"].start == week("2027-W13")
    assert result.plan.displacement_cost(s) == 12
    free = scenario(_pinned_case(False))
    plan = solved(free).plan
    assert plan is not None and plan.displacement_cost(free) == 11
    assert plan["W-1"].start == week("2027-W09")


def _max_shift_case(limit: int) -> str:
    # R-1 takes W10-W11. W-1 (W10-W11) must go: W12 would push W-2 (weight 10), so W08
    # (shift -2): 2 + 10 = 12. With max_shift 1, W-1 cannot clear R-1: infeasible.
    return (
        CREW
        + f"""
works:
  - {{id: W-1, name: a, kind: other, area: WK077210, duration: 2, planned_start: 2027-W10,
     demand: {{crew: 1}}, max_shift: {limit}}}
  - {{id: W-2, name: b, kind: other, area: WK077210, duration: 2, planned_start: 2027-W12,
     demand: {{crew: 1}}, weight: 10}}
requests:
  - {{id: R-1, name: r, kind: other, area: WK077210, duration: 2, earliest: 2027-W10,
     latest_finish: 2027-W11, demand: {{crew: 1}}}}
"""
    )


def test_max_shift_bounds_the_move() -> None:
    s = scenario(_max_shift_case(2))
    plan = solved(s).plan
    assert plan is not None and plan["W-1"].start == week("2027-W08")
    assert plan.displacement_cost(s) == 12
    tight = scenario(_max_shift_case(1))
    result = solved(tight)
    assert result.status == SolveStatus.INFEASIBLE and result.plan is None


def test_after_with_lag_moves_the_successor_too() -> None:
    # R-1 takes W10-W11 from W-1, which may not start before W10, so W-1 goes to W12
    # (+2: 12); W-2 must start >= finish(W-1) + 1 + lag 1 = W15 (+2: 12). Total 24, and
    # the chain is R-1 -> W-1 -> W-2.
    s = scenario(
        CREW
        + """
works:
  - {id: W-1, name: a, kind: other, area: WK077210, duration: 2, planned_start: 2027-W10,
     earliest: 2027-W10, demand: {crew: 1}}
  - {id: W-2, name: b, kind: other, area: WK077220, duration: 1, planned_start: 2027-W13,
     after: [{work: W-1, lag: 1}]}
requests:
  - {id: R-1, name: r, kind: other, area: WK077210, duration: 2, earliest: 2027-W10,
     latest_finish: 2027-W11, demand: {crew: 1}}
"""
    )
    from scheduler.explain import explain

    result = solved(s)
    assert result.plan is not None
    assert result.plan["W-1"].start == week("2027-W12")
    assert result.plan["W-2"].start == week("2027-W15")
    assert result.plan.displacement_cost(s) == 24
    explanation = explain(s, result.plan)
    assert explanation.requests[0].chains == (("R-1", "W-1", "W-2"),)
    assert [c.rule for c in explanation.causes_of("W-1")] == ["capacity"]
    assert [c.rule for c in explanation.causes_of("W-2")] == ["after"]
    assert cause_text(explanation.causes_of("W-1")[0], "en") == (
        "capacity of crew in 2027-W10..W11 is taken by R-1"
    )


def test_breeding_season_moves_tree_work_and_exempts_emergencies() -> None:
    # 15 March 2027 is the Monday of W11: W11 is blocked, W10 (8-14 March) is not.
    # W-1 (tree) planned in W11 moves to W10: 1 + 10 = 11. The emergency request R-1
    # (tree) may take W12, inside the season. As a road work, W-1 stays: 0.
    body = """
rules:
  breeding_season: {{from: "03-15", to: "07-15", kinds: [tree, green]}}
works:
  - {{id: W-1, name: a, kind: {kind}, area: WK077210, duration: 1, planned_start: 2027-W11}}
requests:
  - {{id: R-1, name: r, kind: tree, area: WK077210, duration: 1, earliest: 2027-W12,
     latest_finish: 2027-W12, emergency: true}}
"""
    s = scenario(body.format(kind="tree"))
    result = solved(s)
    assert result.plan is not None
    assert result.plan["W-1"].start == week("2027-W10")
    assert result.plan["R-1"].start == week("2027-W12")
    assert result.plan.displacement_cost(s) == 11
    road = scenario(body.format(kind="road"))
    assert (plan := solved(road).plan) is not None and plan.displacement_cost(road) == 0


def test_breeding_season_blocks_a_non_emergency_request() -> None:
    # The same request without emergency has only W12, which the season blocks.
    s = scenario("""
rules:
  breeding_season: {from: "03-15", to: "07-15", kinds: [tree]}
requests:
  - {id: R-1, name: r, kind: tree, area: WK077210, duration: 1, earliest: 2027-W12,
     latest_finish: 2027-W12}
""")
    assert solved(s).status == SolveStatus.INFEASIBLE
    from scheduler.solver.conflicts import find_conflict
    from scheduler.text.conflicts import describe_conflict

    conflict = find_conflict(s)
    assert conflict is not None and conflict.minimal
    # Its window is W12..W12 (earliest and deadline) and the season blocks W12.
    assert sorted(g.key for g in conflict.guards) == [
        "breeding_season:R-1", "deadline:R-1", "earliest:R-1"
    ]
    texts = [row["text"] for row in describe_conflict(s, conflict, "en")]
    assert "breeding season: R-1 may not run in the breeding season" in texts


def test_event_closes_the_wijk_for_listed_kinds() -> None:
    # GLOW closes WK077210 (and its buurten) for road works in W45-W46. W-1 (road, buurt
    # BU07721001, earliest W45) must go to W47: 2 + 10 = 12. A sewer work is not listed: 0.
    body = """
rules:
  events:
    - {{name: GLOW, from: 2027-W45, to: 2027-W46, areas: [WK077210], kinds: [road]}}
works:
  - {{id: W-1, name: a, kind: {kind}, area: BU07721001, duration: 1, planned_start: 2027-W45,
     earliest: 2027-W45}}
"""
    s = scenario(body.format(kind="road"))
    plan = solved(s).plan
    assert plan is not None and plan["W-1"].start == week("2027-W47")
    assert plan.displacement_cost(s) == 12
    sewer = scenario(body.format(kind="sewer"))
    assert (plan := solved(sewer).plan) is not None and plan.displacement_cost(sewer) == 0


def _breekverbod_case(street: str) -> str:
    # W-R resurfaces Kastanjelaan in W10-W13 (weight 3); W-D digs in W20-W21. With a
    # 3-year breekverbod and a 1-year horizon, W-D must dig first: W08-W09 (shift -12,
    # 12 + 10 = 22); moving W-R after W-D would cost 3*12 + 10 = 46.
    return f"""
rules:
  breekverbod_years: 3
works:
  - {{id: W-R, name: asfalt, kind: road, area: BU07721001, street: Kastanjelaan, duration: 4,
     planned_start: 2027-W10, resurfaces: true, weight: 3}}
  - {{id: W-D, name: riool, kind: sewer, area: BU07721002, street: {street}, duration: 2,
     planned_start: 2027-W20, digs: true}}
"""


def test_breekverbod_makes_digging_come_first() -> None:
    s = scenario(_breekverbod_case("Kastanjelaan"))
    plan = solved(s).plan
    assert plan is not None and plan["W-D"].start == week("2027-W08")
    assert plan.displacement_cost(s) == 22
    other = scenario(_breekverbod_case("Eikenlaan"))
    assert (plan := solved(other).plan) is not None and plan.displacement_cost(other) == 0


def test_max_concurrent_limits_works_per_wijk() -> None:
    # At most one road work at once per wijk. R-1 (road, W10-W11) and W-1 (road, same
    # wijk, earliest W10) clash: W-1 to W12, 12. W-2 is in another wijk and stays.
    body = """
rules:
  max_concurrent: [{{kinds: [road, sewer], per: wijk, limit: {limit}}}]
works:
  - {{id: W-1, name: a, kind: road, area: BU07721001, duration: 2, planned_start: 2027-W10,
     earliest: 2027-W10}}
  - {{id: W-2, name: b, kind: road, area: WK077220, duration: 2, planned_start: 2027-W10}}
requests:
  - {{id: R-1, name: r, kind: road, area: BU07721002, duration: 2, earliest: 2027-W10,
     latest_finish: 2027-W11}}
"""
    s = scenario(body.format(limit=1))
    plan = solved(s).plan
    assert plan is not None and plan["W-1"].start == week("2027-W12")
    assert plan["W-2"].status == ItemStatus.UNCHANGED
    assert plan.displacement_cost(s) == 12
    roomy = scenario(body.format(limit=2))
    assert (plan := solved(roomy).plan) is not None and plan.displacement_cost(roomy) == 0


def _optional_case(value: int) -> str:
    # R-1 is optional: accepting it moves W-1 to W12 (cost 12).
    return (
        CREW
        + f"""
works:
  - {{id: W-1, name: a, kind: other, area: WK077210, duration: 2, planned_start: 2027-W10,
     earliest: 2027-W10, demand: {{crew: 1}}}}
requests:
  - {{id: R-1, name: r, kind: other, area: WK077210, duration: 2, earliest: 2027-W10,
     latest_finish: 2027-W11, demand: {{crew: 1}}, mandatory: false, value: {value}}}
"""
    )


def test_optional_request_with_value_is_accepted_before_displacement_counts() -> None:
    # Lexicographic: value 1 beats any displacement, so R-1 is accepted at cost 12.
    s = scenario(_optional_case(1))
    result = solved(s)
    assert result.plan is not None and result.plan["R-1"].status == ItemStatus.NEW
    assert result.plan.accepted_value(s) == 1
    assert result.plan.displacement_cost(s) == 12
    assert [stage.name for stage in result.stages] == ["value", "displacement"]


def test_optional_request_without_value_is_rejected_when_it_displaces() -> None:
    s = scenario(_optional_case(0))
    plan = solved(s).plan
    assert plan is not None and plan["R-1"].status == ItemStatus.REJECTED
    assert plan.displacement_cost(s) == 0


def test_makespan_objective_packs_the_crew() -> None:
    # One crew, works of 3, 2 and 4 weeks, W-3 after W-1: all in sequence, 9 weeks.
    s = scenario(
        CREW
        + """
policy: {objective: makespan}
works:
  - {id: W-1, name: a, kind: other, area: WK077210, duration: 3, demand: {crew: 1}}
  - {id: W-2, name: b, kind: other, area: WK077210, duration: 2, demand: {crew: 1}}
  - {id: W-3, name: c, kind: other, area: WK077210, duration: 4, demand: {crew: 1},
     after: [{work: W-1}]}
"""
    )
    result = solved(s)
    assert result.status == SolveStatus.OPTIMAL
    assert result.plan is not None and result.plan.makespan(s) == 9
    assert result.bound == 9


def test_53_week_year_is_a_real_week() -> None:
    # 2026 has 53 ISO weeks. R-1 needs W53 exactly; W-1 sits there and goes to 2027-W01
    # (shift +1 across the year end): 11.
    header = """
horizon: {start: 2026-W50, end: 2027-W05}
areas: [{code: WK077210, name: Centrum}]
"""
    s = scenario(
        CREW
        + """
works:
  - {id: W-1, name: a, kind: other, area: WK077210, duration: 1, planned_start: 2026-W53,
     earliest: 2026-W53, demand: {crew: 1}}
requests:
  - {id: R-1, name: r, kind: other, area: WK077210, duration: 1, earliest: 2026-W53,
     latest_finish: 2026-W53, demand: {crew: 1}}
""",
        header,
    )
    plan = solved(s).plan
    assert plan is not None and plan["W-1"].start == week("2027-W01")
    assert plan["W-1"].shift == 1
    assert plan.displacement_cost(s) == 11


def test_move_penalty_zero_counts_only_weeks() -> None:
    # With move_penalty 0 the cost of the capacity case is just the 2 weeks.
    s = scenario(
        CREW
        + """
policy: {move_penalty: 0}
works:
  - {id: W-1, name: a, kind: other, area: WK077210, duration: 2, planned_start: 2027-W10,
     earliest: 2027-W10, demand: {crew: 1}}
requests:
  - {id: R-1, name: r, kind: other, area: WK077210, duration: 2, earliest: 2027-W10,
     latest_finish: 2027-W11, demand: {crew: 1}}
"""
    )
    plan = solved(s).plan
    assert plan is not None and plan.displacement_cost(s) == 2


def test_infeasible_result_names_a_minimal_conflict() -> None:
    # W-1 is pinned in W10-W13, R-1 must fit one crew in W09..W12 for 2 weeks: no room.
    # Lifting any of the four rules makes it fit.
    from scheduler.solver.conflicts import find_conflict
    from scheduler.text.conflicts import describe_conflict

    s = scenario(
        CREW
        + """
works:
  - {id: W-1, name: a, kind: other, area: WK077210, duration: 4, planned_start: 2027-W10,
     demand: {crew: 1}, pinned: true}
requests:
  - {id: R-1, name: r, kind: other, area: WK077210, duration: 2, earliest: 2027-W09,
     latest_finish: 2027-W12, demand: {crew: 1}}
"""
    )
    assert solved(s).status == SolveStatus.INFEASIBLE
    conflict = find_conflict(s)
    assert conflict is not None and conflict.minimal
    assert sorted(g.key for g in conflict.guards) == [
        "capacity:crew",
        "deadline:R-1",
        "earliest:R-1",
        "pinned:W-1",
    ]
    texts = [row["text"] for row in describe_conflict(s, conflict, "en")]
    assert "capacity of crew (1 per week) in 2027-W09..W13" in texts
    assert "R-1 must be finished by 2027-W12 (deadline)" in texts


def test_a_successor_pulled_earlier_pulls_its_predecessor() -> None:
    # R-1 needs the crew in W12, where W-2 sits; W-2 may not finish after W12, so it goes
    # to W11 (-1: 11). W-2 comes after W-1 (W11), so W-1 goes to W10 (-1: 11). Total 22;
    # W-1's cause is its successor: the chain R-1 -> W-2 -> W-1.
    from scheduler.explain import explain

    s = scenario(CREW + """
works:
  - {id: W-1, name: a, kind: other, area: WK077210, duration: 1, planned_start: 2027-W11}
  - {id: W-2, name: b, kind: other, area: WK077210, duration: 1, planned_start: 2027-W12,
     latest_finish: 2027-W12, demand: {crew: 1}, after: [{work: W-1}]}
requests:
  - {id: R-1, name: r, kind: other, area: WK077210, duration: 1, earliest: 2027-W12,
     latest_finish: 2027-W12, demand: {crew: 1}}
""")
    plan = solved(s).plan
    assert plan is not None and plan.displacement_cost(s) == 22
    explanation = explain(s, plan)
    assert [c.rule for c in explanation.causes_of("W-1")] == ["before"]
    assert cause_text(explanation.causes_of("W-1")[0], "en") == "must finish before W-2 starts in 2027-W11"
    assert explanation.requests[0].chains == (("R-1", "W-2", "W-1"),)
