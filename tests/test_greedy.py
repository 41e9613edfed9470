"""The hand method: each expectation is worked out by hand from the push rule.

A request goes in at its earliest allowed week; the works it collides with
are pushed later week by week (cheapest weight first, then the latest start),
successors are dragged along, nothing moves earlier. Displacement cost =
sum(weight * |shift|) + move_penalty (10) per moved work.
"""

from __future__ import annotations

import textwrap

from scheduler import weeks
from scheduler.check import check
from scheduler.greedy import greedy
from scheduler.io.load import scenario_from_text
from scheduler.scenario import Scenario


def scenario(body: str, capacity: int = 1) -> Scenario:
    head = f"""\
    horizon: {{start: 2027-W01, end: 2028-W52}}
    areas: [{{code: WK077210, name: Centrum}}]
    resources:
      - {{id: ploeg, name: Ploeg, capacity: {capacity}}}
    """
    return scenario_from_text(textwrap.dedent(head) + textwrap.dedent(body))


def start_of(result_plan: object, item_id: str) -> str:
    from scheduler.plan import Plan

    assert isinstance(result_plan, Plan)
    start = result_plan[item_id].start
    assert start is not None
    return weeks.format_week(start)


def test_a_request_pushes_the_work_it_collides_with_one_week() -> None:
    # R must be in W10; W-1 (2 weeks from W10) moves to W11: cost 1 * 1 + 10 = 11.
    s = scenario("""\
    works:
      - {id: W-1, name: a, kind: road, area: WK077210, duration: 2, planned_start: 2027-W10,
         demand: {ploeg: 1}}
    requests:
      - {id: R-1, name: r, kind: road, area: WK077210, duration: 1, earliest: 2027-W10,
         latest_finish: 2027-W10, demand: {ploeg: 1}}
    """)
    result = greedy(s)
    assert result.plan is not None
    assert (start_of(result.plan, "R-1"), start_of(result.plan, "W-1")) == ("2027-W10", "2027-W11")
    assert result.plan.displacement_cost(s) == 11
    assert check(s, result.plan) == []


def test_a_pushed_work_drags_its_successor_along() -> None:
    # W-1 moves W10 -> W11 (ends W12), so W-2 (after W-1, planned W13) must start W13:
    # it stays. W-3 (after W-1 with lag 1, planned W13) must start W14: it moves one week.
    # Cost: (1 + 10) + (1 + 10) = 22.
    s = scenario("""\
    works:
      - {id: W-1, name: a, kind: road, area: WK077210, duration: 2, planned_start: 2027-W10,
         demand: {ploeg: 1}}
      - {id: W-2, name: b, kind: road, area: WK077210, duration: 1, planned_start: 2027-W13,
         after: [{work: W-1}]}
      - {id: W-3, name: c, kind: road, area: WK077210, duration: 1, planned_start: 2027-W13,
         after: [{work: W-1, lag: 1}]}
    requests:
      - {id: R-1, name: r, kind: road, area: WK077210, duration: 1, earliest: 2027-W10,
         latest_finish: 2027-W10, demand: {ploeg: 1}}
    """)
    result = greedy(s)
    assert result.plan is not None
    assert start_of(result.plan, "W-2") == "2027-W13"
    assert start_of(result.plan, "W-3") == "2027-W14"
    assert result.plan.displacement_cost(s) == 22


def test_a_pushed_tree_work_jumps_the_breeding_season() -> None:
    # W-1 (tree, 1 week, planned 2027-W10 = 8..14 March) must leave W10 for the emergency
    # request. 15 March .. 15 July 2027 blocks W11..W28 (15 July is in W28), so the first
    # free week is W29: shift 19, cost 19 + 10 = 29.
    s = scenario("""\
    rules:
      breeding_season: {from: "03-15", to: "07-15", kinds: [tree]}
    works:
      - {id: W-1, name: a, kind: tree, area: WK077210, duration: 1, planned_start: 2027-W10,
         demand: {ploeg: 1}}
    requests:
      - {id: R-1, name: r, kind: tree, area: WK077210, duration: 1, earliest: 2027-W10,
         latest_finish: 2027-W10, emergency: true, demand: {ploeg: 1}}
    """)
    result = greedy(s)
    assert result.plan is not None
    assert start_of(result.plan, "W-1") == "2027-W29"
    assert result.plan.displacement_cost(s) == 29


def test_the_cheapest_work_is_pushed_first() -> None:
    # Capacity 2 and two works in W10: pushing W-2 (weight 1) costs 11, W-1 (weight 5) 15.
    s = scenario("""\
    works:
      - {id: W-1, name: a, kind: road, area: WK077210, duration: 1, planned_start: 2027-W10,
         weight: 5, demand: {ploeg: 1}}
      - {id: W-2, name: b, kind: road, area: WK077210, duration: 1, planned_start: 2027-W10,
         weight: 1, demand: {ploeg: 1}}
    requests:
      - {id: R-1, name: r, kind: road, area: WK077210, duration: 1, earliest: 2027-W10,
         latest_finish: 2027-W10, demand: {ploeg: 1}}
    """, capacity=2)
    result = greedy(s)
    assert result.plan is not None
    assert start_of(result.plan, "W-1") == "2027-W10"
    assert start_of(result.plan, "W-2") == "2027-W11"
    assert result.plan.displacement_cost(s) == 11


def test_a_stuck_push_tries_the_request_one_week_later() -> None:
    # W-1 cannot move (latest_finish W10), so R-1 cannot go in W10; in W11 it fits: cost 0.
    s = scenario("""\
    works:
      - {id: W-1, name: a, kind: road, area: WK077210, duration: 1, planned_start: 2027-W10,
         latest_finish: 2027-W10, demand: {ploeg: 1}}
    requests:
      - {id: R-1, name: r, kind: road, area: WK077210, duration: 1, earliest: 2027-W10,
         latest_finish: 2027-W11, demand: {ploeg: 1}}
    """)
    result = greedy(s)
    assert result.plan is not None
    assert start_of(result.plan, "R-1") == "2027-W11"
    assert result.plan.displacement_cost(s) == 0


def test_a_pinned_work_in_the_way_makes_the_method_fail() -> None:
    s = scenario("""\
    works:
      - {id: W-1, name: a, kind: road, area: WK077210, duration: 1, planned_start: 2027-W10,
         pinned: true, demand: {ploeg: 1}}
    requests:
      - {id: R-1, name: r, kind: road, area: WK077210, duration: 1, earliest: 2027-W10,
         latest_finish: 2027-W10, demand: {ploeg: 1}}
    """)
    result = greedy(s)
    assert result.plan is None and not result.ok
    assert (result.reason, result.item) == ("no_room", "R-1")


def test_an_optional_request_without_room_is_left_out() -> None:
    s = scenario("""\
    works:
      - {id: W-1, name: a, kind: road, area: WK077210, duration: 1, planned_start: 2027-W10,
         pinned: true, demand: {ploeg: 1}}
    requests:
      - {id: R-1, name: r, kind: road, area: WK077210, duration: 1, earliest: 2027-W10,
         latest_finish: 2027-W10, mandatory: false, value: 3, demand: {ploeg: 1}}
    """)
    result = greedy(s)
    assert result.plan is not None
    assert result.rejected == ["R-1"]
    assert result.plan["R-1"].start is None
    assert check(s, result.plan) == []


def test_a_budget_year_that_is_full_pushes_a_work_into_the_next_year() -> None:
    # Line 'wegen' has 100 in 2027 and 100 in 2028 (+1 euro per work tolerance). W-1
    # (cost 100, 1 week, planned 2027-W50) must leave 2027 for R-1 (cost 100, in 2027):
    # the first week of 2028 fits: W50 -> 2028-W01 is 3 weeks (2027 has 52): cost 13.
    s = scenario("""\
    budgets:
      - {id: wegen, name: Wegen, per_year: {2027: 100, 2028: 100}}
    works:
      - {id: W-1, name: a, kind: road, area: WK077210, duration: 1, planned_start: 2027-W50,
         cost: 100, budget: wegen}
    requests:
      - {id: R-1, name: r, kind: road, area: WK077210, duration: 1, earliest: 2027-W10,
         latest_finish: 2027-W10, cost: 100, budget: wegen}
    """)
    result = greedy(s)
    assert result.plan is not None
    assert start_of(result.plan, "W-1") == "2028-W01"
    assert result.plan.displacement_cost(s) == 13
