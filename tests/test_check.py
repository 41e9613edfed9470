"""The independent checker: one violating and one clean plan per rule, plus the edges.

Every expectation below is worked out by hand from the scenario format; the
comments say how, so that a wrong checker cannot pass by agreeing with itself.
"""

from __future__ import annotations

import textwrap
import time
from datetime import date
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler import weeks
from scheduler.check import RULES, Violation, check, check_baseline, summary
from scheduler.io.load import scenario_from_text
from scheduler.plan import Plan, ScheduledItem
from scheduler.scenario import (
    BreedingSeason,
    Horizon,
    Kind,
    Resource,
    Rules,
    Scenario,
    Work,
)
from scheduler.text.violations import violation_text

HEAD = """\
horizon: {start: 2026-W01, end: 2030-W52}
areas:
  - {code: WK077210, name: Centrum}
  - {code: WK077211, name: Stratum}
"""


def load(body: str) -> Scenario:
    return scenario_from_text(HEAD + textwrap.dedent(body))


def w(text: str) -> int:
    return weeks.parse_week(text)


def span(first: str, last: str) -> tuple[int, ...]:
    return tuple(range(w(first), w(last) + 1))


def plan(scenario: Scenario, starts: dict[str, str | None]) -> Plan:
    return Plan.from_starts(
        scenario, {key: None if value is None else w(value) for key, value in starts.items()}
    )


Found = list[tuple[str, tuple[str, ...], tuple[int, ...]]]


def found(scenario: Scenario, starts: dict[str, str | None]) -> Found:
    """(rule, items, weeks) of every violation, in the checker's order."""
    return [(v.rule, v.items, v.weeks) for v in check(scenario, plan(scenario, starts))]


# -- the Violation value -------------------------------------------------------------------


def test_violation_is_a_hashable_value_with_exact_detail() -> None:
    a = Violation("budget", ("W-1",), (), {"spend": Fraction(604, 3)})
    b = Violation("budget", ("W-1",), (), {"spend": Fraction(604, 3)})
    assert a == b and hash(a) == hash(b)
    assert a != Violation("budget", ("W-1",), (), {"spend": Fraction(201)})
    assert len({a, b}) == 1


def test_rule_codes_are_stable_strings_in_the_order_reported() -> None:
    # The codes are a contract (docs/result-format.md); every one's message is tested
    # in tests/test_rule_registry.py.
    assert [str(rule) for rule in RULES] == [
        "unknown_item", "missing_item", "mandatory", "horizon", "window", "pinned",
        "max_shift", "after", "capacity", "budget", "breeding_season", "event",
        "breekverbod", "max_concurrent", "bundle", "school_holidays",
    ]


# -- plan and scenario must match -------------------------------------------------------------

MATCH = """\
works:
  - {id: W-1, name: a, kind: road, area: WK077210, duration: 1, planned_start: 2027-W10}
requests:
  - {id: R-1, name: b, kind: tree, area: WK077210, duration: 1, mandatory: false}
"""


def test_unknown_and_missing_items() -> None:
    scenario = load(MATCH)
    bad = Plan([ScheduledItem("W-9", "work", w("2027-W10"), 1, w("2027-W10"))])
    violations = check(scenario, bad)
    assert [(v.rule, v.items) for v in violations] == [
        ("unknown_item", ("W-9",)),
        ("missing_item", ("W-1",)),
        ("missing_item", ("R-1",)),
    ]
    assert violation_text(violations[0], "en") == (
        "the plan holds W-9, which is not a work or request of the scenario"
    )
    assert violation_text(violations[0], "nl") == (
        "het plan bevat W-9, maar dat is geen werk of verzoek in het scenario"
    )
    assert violation_text(violations[1]) == "werk W-1 ontbreekt in het plan"
    assert violation_text(violations[2], "en") == "request R-1 is missing from the plan"
    assert check(scenario, Plan.from_starts(scenario, {})) == []


# -- mandatory ---------------------------------------------------------------------------------

MANDATORY = """\
works:
  - {id: W-1, name: a, kind: road, area: WK077210, duration: 1, planned_start: 2027-W10}
requests:
  - {id: R-1, name: must, kind: tree, area: WK077210, duration: 1}
  - {id: R-2, name: may, kind: tree, area: WK077210, duration: 1, mandatory: false}
"""


def test_works_and_mandatory_requests_must_be_scheduled_optional_may_be_rejected() -> None:
    scenario = load(MANDATORY)
    violations = check(scenario, plan(scenario, {"W-1": None}))
    # R-1 is mandatory by default and missing from the starts (rejected); R-2 is optional.
    assert [(v.rule, v.items, v.weeks) for v in violations] == [
        ("mandatory", ("W-1",), ()),
        ("mandatory", ("R-1",), ()),
    ]
    assert violation_text(violations[0], "en") == (
        "work W-1 is not scheduled; every work of the programme must be"
    )
    assert violation_text(violations[0], "nl") == (
        "werk W-1 is niet ingepland; elk werk uit het programma moet ingepland zijn"
    )
    assert violation_text(violations[1], "en") == "mandatory request R-1 is rejected; it must be scheduled"
    assert violation_text(violations[1]) == (
        "verplicht verzoek R-1 is afgewezen; het moet ingepland worden"
    )
    assert found(scenario, {"R-1": "2027-W11"}) == []  # R-2 rejected: fine
    assert found(scenario, {"R-1": "2027-W11", "R-2": "2027-W12"}) == []


# -- horizon -----------------------------------------------------------------------------------

HORIZON = """\
works:
  - {id: W-1, name: a, kind: road, area: WK077210, duration: 3, planned_start: 2026-W51}
"""


def test_horizon_names_the_weeks_outside_it() -> None:
    scenario = load(HORIZON)
    # 2030-W51, W52 and 2031-W01: only the last lies beyond 2030-W52.
    violations = check(scenario, plan(scenario, {"W-1": "2030-W51"}))
    assert [(v.rule, v.items, v.weeks) for v in violations] == [
        ("horizon", ("W-1",), (w("2031-W01"),))
    ]
    assert violation_text(violations[0], "en") == (
        "W-1 runs 2030-W51..2031-W01, outside the horizon 2026-W01..2030-W52 (in 2031-W01)"
    )
    assert violation_text(violations[0], "nl") == (
        "W-1 loopt 2030-W51..2031-W01, buiten de horizon 2026-W01..2030-W52 (in 2031-W01)"
    )
    # Starting two weeks before the horizon: 2025-W51 and W52 are outside, 2026-W01 inside.
    assert found(scenario, {"W-1": "2025-W51"}) == [
        ("horizon", ("W-1",), span("2025-W51", "2025-W52"))
    ]
    # 2026-W51, W52, W53 (2026 is a 53-week year): all inside, and 2030-W50..W52 too.
    assert found(scenario, {"W-1": "2026-W51"}) == []
    assert found(scenario, {"W-1": "2030-W50"}) == []


# -- window ------------------------------------------------------------------------------------

WINDOW = """\
works:
  - {id: W-1, name: free, kind: road, area: WK077210, duration: 2, planned_start: 2027-W10}
requests:
  - {id: R-1, name: deadline, kind: tree, area: WK077210, duration: 2,
     earliest: 2027-W09, latest_finish: 2027-W12}
  - {id: R-2, name: cannot fit, kind: tree, area: WK077210, duration: 3, mandatory: false,
     earliest: 2027-W20, latest_finish: 2027-W20}
"""


def test_window_earliest_and_latest_finish() -> None:
    scenario = load(WINDOW)
    # R-1 at 2027-W09..W10 and at 2027-W11..W12 both fit; W-1 has no window, only the
    # horizon (2030-W51..W52 is its last place). R-2 (optional) cannot fit and is rejected.
    assert found(scenario, {"R-1": "2027-W09", "W-1": "2030-W51"}) == []
    assert found(scenario, {"R-1": "2027-W11"}) == []
    violations = check(scenario, plan(scenario, {"R-1": "2027-W08", "R-2": "2027-W19"}))
    # R-1 starts a week early (2027-W08 lies before earliest); R-2 of 3 weeks cannot fit a
    # one-week window: starting at W19 breaks both ends (W19 early, W21 late).
    assert [(v.rule, v.items, v.weeks) for v in violations] == [
        ("window", ("R-1",), (w("2027-W08"),)),
        ("window", ("R-2",), (w("2027-W19"), w("2027-W21"))),
    ]
    assert violation_text(violations[0], "en") == (
        "R-1 starts in 2027-W08, before its earliest start 2027-W09"
    )
    assert violation_text(violations[1], "en") == (
        "R-2 starts in 2027-W19, before its earliest start 2027-W20 "
        "and finishes in 2027-W21, after its latest finish 2027-W20"
    )
    assert violation_text(violations[1], "nl") == (
        "R-2 begint in 2027-W19, vóór de vroegste start 2027-W20 "
        "en is klaar in 2027-W21, na de uiterste eindweek 2027-W20"
    )
    late = check(scenario, plan(scenario, {"R-1": "2027-W12", "R-2": "2027-W20"}))
    assert [(v.rule, v.items, v.weeks) for v in late] == [
        ("window", ("R-1",), (w("2027-W13"),)),
        ("window", ("R-2",), span("2027-W21", "2027-W22")),
    ]
    assert violation_text(late[0], "nl") == "R-1 is klaar in 2027-W13, na de uiterste eindweek 2027-W12"


# -- pinned and max_shift --------------------------------------------------------------------

SHIFT = """\
works:
  - {id: W-1, name: contract, kind: road, area: WK077210, duration: 1,
     planned_start: 2027-W10, pinned: true}
  - {id: W-2, name: flexible, kind: road, area: WK077210, duration: 1,
     planned_start: 2026-W52, max_shift: 1}
"""


def test_pinned_work_stays_at_planned_start() -> None:
    scenario = load(SHIFT)
    assert found(scenario, {}) == []
    violations = check(scenario, plan(scenario, {"W-1": "2027-W12"}))
    assert [(v.rule, v.items, v.weeks) for v in violations] == [
        ("pinned", ("W-1",), (w("2027-W12"),))
    ]
    assert violations[0].detail == {"planned_start": w("2027-W10"), "start": w("2027-W12")}
    assert violation_text(violations[0], "en") == (
        "W-1 is pinned (contracted) at 2027-W10, but starts in 2027-W12"
    )
    assert violation_text(violations[0], "nl") == (
        "W-1 ligt vast (gecontracteerd) op 2027-W10, maar begint in 2027-W12"
    )
    assert violation_text(violations[0], "de") == violation_text(violations[0], "en")


def test_max_shift_counts_week_53() -> None:
    scenario = load(SHIFT)
    # 2026 has 53 weeks: 2026-W53 is one week after W52, 2027-W01 two.
    assert found(scenario, {"W-2": "2026-W53"}) == []
    assert found(scenario, {"W-2": "2026-W51"}) == []
    violations = check(scenario, plan(scenario, {"W-2": "2027-W01"}))
    assert [(v.rule, v.items, v.weeks) for v in violations] == [
        ("max_shift", ("W-2",), (w("2027-W01"),))
    ]
    assert violations[0].detail["shift"] == 2
    assert violation_text(violations[0], "en") == (
        "W-2 moves 2 weeks later (2026-W52 to 2027-W01), more than its max_shift of 1"
    )
    assert violation_text(violations[0], "nl") == (
        "W-2 schuift 2 weken later (van 2026-W52 naar 2027-W01), "
        "meer dan de toegestane max_shift van 1"
    )
    early = check(scenario, plan(scenario, {"W-2": "2026-W50"}))
    assert violation_text(early[0], "en") == (
        "W-2 moves 2 weeks earlier (2026-W52 to 2026-W50), more than its max_shift of 1"
    )


# -- after -------------------------------------------------------------------------------------

AFTER = """\
works:
  - {id: W-1, name: first, kind: sewer, area: WK077210, duration: 2, planned_start: 2026-W51}
  - {id: W-2, name: then, kind: road, area: WK077210, duration: 1, planned_start: 2027-W02,
     after: [{work: W-1, lag: 1}]}
requests:
  - {id: R-1, name: optional, kind: road, area: WK077210, duration: 1, mandatory: false,
     after: [{work: W-2}]}
  - {id: R-2, name: needs optional, kind: road, area: WK077210, duration: 1, mandatory: false}
  - {id: R-3, name: follows R-2, kind: road, area: WK077210, duration: 1,
     after: [{work: R-2, lag: 0}]}
"""


def test_after_with_lag_across_week_53() -> None:
    scenario = load(AFTER)
    # W-1 runs 2026-W51..W52 (finish W52); lag 1 leaves W53 empty: W-2 may start 2027-W01.
    ok = {"R-3": "2027-W10"}
    assert found(scenario, {**ok, "W-2": "2027-W01"}) == []
    violations = check(scenario, plan(scenario, {**ok, "W-2": "2026-W53"}))
    assert [(v.rule, v.items, v.weeks) for v in violations] == [
        ("after", ("W-2", "W-1"), (w("2026-W53"),))
    ]
    assert violations[0].detail == {
        "start": w("2026-W53"),
        "predecessor_finish": w("2026-W52"),
        "lag": 1,
        "earliest_start": w("2027-W01"),
    }
    assert violation_text(violations[0], "en") == (
        "W-2 starts in 2026-W53, but must wait for W-1 (finishes in 2026-W52, lag 1 week): "
        "2027-W01 at the earliest"
    )
    assert violation_text(violations[0], "nl") == (
        "W-2 begint in 2026-W53, maar moet wachten op W-1 (klaar in 2026-W52, wachttijd 1 week): "
        "op zijn vroegst in 2027-W01"
    )


def test_after_binds_only_scheduled_pairs() -> None:
    scenario = load(AFTER)
    # R-2 rejected: R-3 may start anywhere; R-1 rejected: it is bound by nothing.
    assert found(scenario, {"R-3": "2026-W01"}) == []
    # Accepted, both bind: R-1 after W-2 (2027-W02), R-3 after R-2 (lag 0).
    assert found(scenario, {"R-1": "2027-W02", "R-2": "2027-W05", "R-3": "2027-W05"}) == [
        ("after", ("R-1", "W-2"), (w("2027-W02"),)),
        ("after", ("R-3", "R-2"), (w("2027-W05"),)),
    ]
    assert found(scenario, {"R-1": "2027-W03", "R-2": "2027-W05", "R-3": "2027-W06"}) == []


# -- capacity ----------------------------------------------------------------------------------

CAPACITY = """\
resources:
  - id: groen
    name: Team Groen
    capacity: 2
    exceptions:
      - {from: 2027-W20, to: 2027-W21, capacity: 3}
      - {from: 2027-W30, to: 2027-W32, capacity: 0}   # bouwvak
works:
  - {id: W-1, name: a, kind: green, area: WK077210, duration: 2, planned_start: 2027-W10,
     demand: {groen: 1}}
  - {id: W-2, name: b, kind: green, area: WK077210, duration: 4, planned_start: 2027-W10,
     demand: {groen: 0}}
  - {id: W-3, name: c, kind: green, area: WK077210, duration: 4, planned_start: 2027-W09,
     demand: {groen: 1}}
requests:
  - {id: R-1, name: d, kind: tree, area: WK077210, duration: 2, demand: {groen: 1}}
"""


def test_capacity_reports_runs_of_overloaded_weeks() -> None:
    scenario = load(CAPACITY)
    # W-3 runs W09..W12, W-1 and R-1 W10..W11: load 1, 3, 3, 1 against capacity 2.
    # W-2 is active too but demands 0 units, so it is not named.
    violations = check(scenario, plan(scenario, {"R-1": "2027-W10"}))
    assert [(v.rule, v.items, v.weeks) for v in violations] == [
        ("capacity", ("W-1", "W-3", "R-1"), span("2027-W10", "2027-W11"))
    ]
    assert violations[0].detail == {"resource": "groen", "capacity": 2, "load": 3}
    assert violation_text(violations[0], "en") == (
        "capacity of groen in 2027-W10..W11 is 2, but W-1, W-3 and R-1 need 3"
    )
    assert violation_text(violations[0], "nl") == (
        "capaciteit van groen in 2027-W10..W11 is 2, maar W-1, W-3 en R-1 hebben 3 nodig"
    )
    assert found(scenario, {"R-1": "2027-W12"}) == []  # W12..W13: load 2 in W12


def test_capacity_exceptions_are_inclusive_ranges() -> None:
    scenario = load(CAPACITY)
    # W-1, W-3, R-1 together in W20..W22: capacity 3 in W20..W21 (exception), 2 in W22.
    starts = {"W-1": "2027-W20", "W-3": "2027-W20", "R-1": "2027-W21"}
    # W-1 W20..W21, W-3 W20..W23, R-1 W21..W22: loads 2, 3, 2, 1 -> all within 3/3/2/2.
    assert found(scenario, starts) == []
    starts = {"W-1": "2027-W21", "W-3": "2027-W20", "R-1": "2027-W21"}
    # W-1 W21..W22, W-3 W20..W23, R-1 W21..W22: W22 loads 3 > 2 (exception ended at W21).
    assert found(scenario, starts) == [("capacity", ("W-1", "W-3", "R-1"), (w("2027-W22"),))]
    # Bouwvak: capacity 0 in W30..W32; one unit in W32 is too much, W33 is a normal week.
    violations = check(scenario, plan(scenario, {"W-1": "2027-W32", "R-1": "2027-W40"}))
    assert [(v.rule, v.items, v.weeks) for v in violations] == [
        ("capacity", ("W-1",), (w("2027-W32"),))
    ]
    assert violation_text(violations[0], "en") == "capacity of groen in 2027-W32 is 0, but W-1 needs 1"
    assert violation_text(violations[0], "nl") == (
        "capaciteit van groen in 2027-W32 is 0, maar W-1 heeft 1 nodig"
    )
    # An internal error names the broken rule without words (the checker makes none).
    assert summary(violations) == (
        "capacity [W-1] 2027-W32 {'resource': 'groen', 'capacity': 0, 'load': 1}"
    )


# -- budget ------------------------------------------------------------------------------------

BUDGET = """\
budgets:
  - {id: riool, name: GRP, per_year: {2026: 200, 2027: 100}}
  - {id: bomen, name: Bomen, per_year: {2026: 1000}}
works:
  - {id: W-1, name: over the new year, kind: sewer, area: WK077210, duration: 3,
     planned_start: 2026-W52, cost: 302, budget: riool}
  - {id: W-2, name: other line, kind: tree, area: WK077210, duration: 1,
     planned_start: 2026-W40, cost: 900, budget: bomen}
"""


def _budget_scenario(cost: int, limits: str = "{2026: 200, 2027: 100}") -> Scenario:
    return load(BUDGET.replace("cost: 302", f"cost: {cost}").replace(
        "{2026: 200, 2027: 100}", limits
    ))


def test_budget_spreads_cost_pro_rata_over_iso_years() -> None:
    # W-1 runs 2026-W52, 2026-W53, 2027-W01: 2/3 of the cost in 2026, 1/3 in 2027.
    # cost 300: 200 in 2026, 100 in 2027 -> both exactly at the limit.
    assert found(_budget_scenario(300), {}) == []
    # cost 301: 2026 spends 200 2/3 <= 200 + 1; 2027 spends 100 1/3 <= 100 + 1.
    assert found(_budget_scenario(301), {}) == []
    # cost 303: 202 and 101 against limits 201 and 100: exactly at limit + tolerance.
    assert found(_budget_scenario(303, "{2026: 201, 2027: 100}"), {}) == []


def test_budget_tolerance_edge_just_outside() -> None:
    # cost 302: 2026 spends 604/3 = 201 1/3 > 200 + 1 (just outside);
    #           2027 spends 302/3 = 100 2/3 <= 100 + 1 (just inside).
    scenario = _budget_scenario(302)
    violations = check(scenario, plan(scenario, {}))
    assert [(v.rule, v.items, v.weeks) for v in violations] == [("budget", ("W-1",), ())]
    assert violations[0].detail == {
        "budget": "riool",
        "year": 2026,
        "limit": 200,
        "tolerance": 1,
        "spend": Fraction(604, 3),
    }
    # The spend shows rounded up to the cent, so it never looks equal to the limit.
    assert violation_text(violations[0], "en") == (
        "budget line riool has €200 in 2026, but W-1 spends €201.34 (rounding tolerance €1)"
    )
    assert violation_text(violations[0], "nl") == (
        "budgetlijn riool heeft in 2026 € 200, maar W-1 besteedt € 201,34 (afrondingsmarge € 1)"
    )
    # cost 304 against 201/100: 202 2/3 > 202 and 101 1/3 > 101 -> both years, year order.
    dearer = _budget_scenario(304, "{2026: 201, 2027: 100}")
    both = check(dearer, plan(dearer, {}))
    assert [(v.detail["year"], v.detail["spend"]) for v in both] == [
        (2026, Fraction(608, 3)),
        (2027, Fraction(304, 3)),
    ]


def test_budget_unlisted_year_has_zero_and_lines_are_siloed() -> None:
    # W-2 (bomen, 900) shares 2026 with W-1 but never counts on riool.
    scenario = _budget_scenario(300)
    # Moved to 2030-W10 (a single year, not listed): W-1 spends 300 > 0 + 1.
    violations = check(scenario, plan(scenario, {"W-1": "2030-W10"}))
    assert [(v.rule, v.detail["year"], v.detail["limit"]) for v in violations] == [
        ("budget", 2030, 0)
    ]
    # W-2 moved into 2027 where bomen lists nothing: 900 > 1.
    violations = check(scenario, plan(scenario, {"W-2": "2027-W10"}))
    assert [(v.items, v.detail["budget"], v.detail["year"]) for v in violations] == [
        (("W-2",), "bomen", 2027)
    ]
    # A cost of 1 in an unlisted year is within the 1-euro tolerance.
    assert found(_budget_scenario(1), {"W-1": "2030-W10"}) == []


def test_budget_tolerance_counts_each_work_of_the_line_and_year() -> None:
    scenario = load("""\
    budgets:
      - {id: weg, name: Wegen, per_year: {2027: 4200000}}
    works:
      - {id: W-1, name: a, kind: road, area: WK077210, duration: 2,
         planned_start: 2027-W10, cost: 2100001, budget: weg}
      - {id: W-2, name: b, kind: road, area: WK077210, duration: 2,
         planned_start: 2027-W20, cost: 2100001, budget: weg}
    """)
    # 4,200,002 <= 4,200,000 + 2 works.
    assert found(scenario, {}) == []
    bigger = load("""\
    budgets:
      - {id: weg, name: Wegen, per_year: {2027: 4200000}}
    works:
      - {id: W-1, name: a, kind: road, area: WK077210, duration: 2,
         planned_start: 2027-W10, cost: 2100001, budget: weg}
      - {id: W-2, name: b, kind: road, area: WK077210, duration: 2,
         planned_start: 2027-W20, cost: 2100002, budget: weg}
    """)
    violations = check(bigger, plan(bigger, {}))
    assert [(v.rule, v.items) for v in violations] == [("budget", ("W-1", "W-2"))]
    assert violation_text(violations[0], "en") == (
        "budget line weg has €4,200,000 in 2027, but W-1 and W-2 spend €4,200,003 "
        "(rounding tolerance €2)"
    )
    assert violation_text(violations[0], "nl") == (
        "budgetlijn weg heeft in 2027 € 4.200.000, maar W-1 en W-2 besteden € 4.200.003 "
        "(afrondingsmarge € 2)"
    )


# -- breeding season -------------------------------------------------------------------------

BREEDING = """\
rules:
  breeding_season: {from: "03-15", to: "07-15", kinds: [tree]}
works:
  - {id: W-1, name: fell, kind: tree, area: WK077210, duration: 1, planned_start: 2026-W10}
  - {id: W-2, name: road, kind: road, area: WK077210, duration: 1, planned_start: 2027-W20}
requests:
  - {id: R-1, name: plakoksel, kind: tree, area: WK077210, duration: 1, emergency: true}
  - {id: R-2, name: snoeien, kind: tree, area: WK077210, duration: 2, mandatory: false}
"""


def test_breeding_season_week_boundaries() -> None:
    scenario = load(BREEDING)
    # 2026-W11 ends on Sunday 15 March 2026: blocked. 2027-W10 ends Sunday 14 March: free.
    # 2029-W28 ends on Sunday 15 July 2029: blocked; 2029-W29 starts Monday 16 July: free.
    # R-1 (emergency) sits in the season and is exempt; W-2 is a road, not a listed kind.
    base = {"R-1": "2027-W20"}
    violations = check(scenario, plan(scenario, {**base, "W-1": "2026-W11"}))
    assert [(v.rule, v.items, v.weeks) for v in violations] == [
        ("breeding_season", ("W-1",), (w("2026-W11"),))
    ]
    assert violation_text(violations[0], "en") == (
        "W-1 (tree) works in the breeding season (03-15..07-15) in 2026-W11"
    )
    assert violation_text(violations[0], "nl") == (
        "W-1 (tree) werkt in het broedseizoen (03-15..07-15) in 2026-W11"
    )
    assert found(scenario, {**base, "W-1": "2027-W10"}) == []
    assert found(scenario, {**base, "W-1": "2029-W28"}) == [
        ("breeding_season", ("W-1",), (w("2029-W28"),))
    ]
    assert found(scenario, {**base, "W-1": "2029-W29"}) == []
    # A non-emergency request is bound: R-2 at 2027-W10..W11 touches the season in W11 only.
    assert found(scenario, {**base, "R-2": "2027-W10"}) == [
        ("breeding_season", ("R-2",), (w("2027-W11"),))
    ]


def test_breeding_season_wraps_the_new_year() -> None:
    scenario = load(BREEDING.replace('"03-15", to: "07-15"', '"11-15", to: "02-15"'))
    # 2026-W46 ends Sunday 15 Nov 2026: blocked; 2026-W45 is free; 2026-W53 lies inside;
    # 2027-W06 ends Sunday 14 Feb and 2027-W07 starts Monday 15 Feb 2027: both blocked;
    # 2027-W08 is free.
    base = {"R-1": "2027-W01"}  # the emergency, exempt in mid-season
    assert found(scenario, {**base, "W-1": "2026-W45", "R-2": "2027-W08"}) == []
    violations = check(scenario, plan(scenario, {**base, "W-1": "2026-W46", "R-2": "2027-W06"}))
    assert [(v.rule, v.items, v.weeks) for v in violations] == [
        ("breeding_season", ("W-1",), (w("2026-W46"),)),
        ("breeding_season", ("R-2",), span("2027-W06", "2027-W07")),
    ]
    assert found(scenario, {**base, "W-1": "2026-W53"}) == [
        ("breeding_season", ("W-1",), (w("2026-W53"),))
    ]


def test_emergency_exempts_requests_only() -> None:
    # The format exempts "requests with emergency: true"; a work carrying the flag is not.
    scenario = load("""\
    rules:
      breeding_season: {from: "03-15", to: "07-15", kinds: [tree]}
    works:
      - {id: W-1, name: urgent work, kind: tree, area: WK077210, duration: 1,
         planned_start: 2027-W20, emergency: true}
    requests:
      - {id: R-1, name: urgent request, kind: tree, area: WK077210, duration: 1,
         emergency: true}
    """)
    assert found(scenario, {"R-1": "2027-W20"}) == [
        ("breeding_season", ("W-1",), (w("2027-W20"),))
    ]


def _one_tree(season: tuple[str, str], start: int) -> Scenario:
    return Scenario(
        horizon=Horizon(start="2020-W01", end="2035-W52"),
        works=[
            Work(id="T", name="t", kind=Kind.TREE, area="WK077210", duration=1,
                 planned_start=weeks.format_week(start))
        ],
        rules=Rules(breeding_season=BreedingSeason(from_=season[0], to=season[1])),
    )


# Every day of a leap year, so that 02-29 is drawn too.
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31))


@settings(max_examples=150, deadline=None)
@given(
    begin=days,
    end=days,
    week=st.integers(w("2020-W01"), w("2035-W52")),
)
def test_breeding_season_agrees_with_day_by_day_reading(begin: date, end: date, week: int) -> None:
    """The checker cuts the season into dated stretches; weeks.py tests each day. Same answer."""
    season = (begin.strftime("%m-%d"), end.strftime("%m-%d"))
    scenario = _one_tree(season, week)
    first, last = weeks.parse_day(season[0]), weeks.parse_day(season[1])
    expected = weeks.week_touches_period(week, first, last)
    assert bool(check_baseline(scenario)) == expected


# -- events ------------------------------------------------------------------------------------

EVENTS = """\
rules:
  events:
    - {name: GLOW, from: 2027-W45, to: 2027-W46, areas: [WK077210], kinds: [road, sewer]}
    - {name: Markt, from: 2027-W20, to: 2027-W20, areas: [BU07721102]}
works:
  - {id: W-1, name: buurt road, kind: road, area: BU07721001, duration: 2,
     planned_start: 2027-W40}
  - {id: W-2, name: other wijk, kind: road, area: WK077211, duration: 2,
     planned_start: 2027-W45}
  - {id: W-3, name: green, kind: green, area: BU07721001, duration: 2,
     planned_start: 2027-W45}
  - {id: W-4, name: whole wijk, kind: play, area: WK077211, duration: 1,
     planned_start: 2027-W20}
requests:
  - {id: R-1, name: burst pipe, kind: sewer, area: BU07721002, duration: 1, emergency: true}
"""


def test_event_on_a_wijk_covers_its_buurten() -> None:
    scenario = load(EVENTS)
    # R-1 (emergency) in the middle of GLOW is exempt; W-2 is in another wijk; W-3 a green work.
    # W-4 works on all of WK077211: the Markt names one buurt of it, which covers only itself.
    ok = {"R-1": "2027-W45"}
    assert found(scenario, ok) == []
    violations = check(scenario, plan(scenario, {**ok, "W-1": "2027-W44"}))
    assert [(v.rule, v.items, v.weeks) for v in violations] == [
        ("event", ("W-1",), (w("2027-W45"),))
    ]
    assert violation_text(violations[0], "en") == (
        "W-1 (road, BU07721001) works during GLOW (2027-W45..W46) in 2027-W45"
    )
    assert violation_text(violations[0], "nl") == (
        "W-1 (road, BU07721001) werkt tijdens GLOW (2027-W45..W46) in 2027-W45"
    )
    assert found(scenario, {**ok, "W-1": "2027-W47"}) == []
    # The Markt's buurt itself is covered (all kinds by default).
    markt = load(EVENTS.replace("area: WK077211, duration: 1", "area: BU07721102, duration: 1"))
    assert found(markt, ok) == [("event", ("W-4",), (w("2027-W20"),))]


# -- breekverbod -------------------------------------------------------------------------------

BREEKVERBOD = """\
rules:
  breekverbod_years: 3
works:
  - {id: R, name: new asphalt, kind: road, area: BU07721001, street: Kastanjelaan,
     duration: 4, planned_start: 2027-W10, resurfaces: true}
  - {id: D, name: sewer, kind: sewer, area: BU07721002, street: Kastanjelaan,
     duration: 4, planned_start: 2027-W06, digs: true}
  - {id: X, name: other wijk, kind: sewer, area: WK077211, street: Kastanjelaan,
     duration: 4, planned_start: 2027-W20, digs: true}
  - {id: Y, name: other street, kind: sewer, area: BU07721001, street: Kastanjelaan 2,
     duration: 4, planned_start: 2027-W20, digs: true}
  - {id: B, name: both, kind: road, area: WK077210, street: Dorpsstraat,
     duration: 4, planned_start: 2027-W20, digs: true, resurfaces: true}
requests:
  - {id: E, name: leak, kind: sewer, area: BU07721001, street: Kastanjelaan,
     duration: 1, emergency: true, digs: true}
  - {id: N, name: cable, kind: heat, area: WK077210, street: Kastanjelaan,
     duration: 1, mandatory: false, digs: true}
"""


def test_breekverbod_dig_first_or_rest() -> None:
    scenario = load(BREEKVERBOD)
    # R runs 2027-W10..W13. D at W06..W09 finishes right before it (werk met werk): fine.
    # X is in another wijk, Y in another street, B pairs with nobody (not with itself),
    # E is an emergency inside R's weeks, N (optional) is rejected.
    ok = {"E": "2027-W11"}
    assert found(scenario, ok) == []
    # One week later D overlaps R.
    violations = check(scenario, plan(scenario, {**ok, "D": "2027-W07"}))
    assert [(v.rule, v.items, v.weeks) for v in violations] == [
        ("breekverbod", ("R", "D"), (w("2027-W07"),))
    ]
    # Rest: R finishes W13, so 2027-W14 + 3 * 52 weeks = 2030-W14 is the first free start.
    assert violations[0].detail["rest_until"] == w("2030-W14")
    assert violation_text(violations[0], "en") == (
        "D digs in Kastanjelaan (WK077210) in 2027-W07..W10, but R resurfaces it in "
        "2027-W10..W13: digging must finish before 2027-W10 or start in 2030-W14 or later "
        "(breekverbod 3 years)"
    )
    assert violation_text(violations[0], "nl") == (
        "D graaft in Kastanjelaan (WK077210) in 2027-W07..W10, maar R legt daar een nieuwe "
        "verharding in 2027-W10..W13: graven moet vóór 2027-W10 klaar zijn of vanaf 2030-W14 "
        "beginnen (breekverbod 3 jaar)"
    )
    assert found(scenario, {**ok, "D": "2030-W14"}) == []
    assert found(scenario, {**ok, "D": "2030-W13"}) == [
        ("breekverbod", ("R", "D"), (w("2030-W13"),))
    ]
    # The accepted optional request N digs during the rest period.
    assert found(scenario, {**ok, "N": "2028-W01"}) == [
        ("breekverbod", ("R", "N"), (w("2028-W01"),))
    ]


def test_breekverbod_only_when_set() -> None:
    scenario = load(BREEKVERBOD.replace("breekverbod_years: 3", "events: []"))
    assert found(scenario, {"E": "2027-W11", "D": "2027-W07"}) == []


def test_breekverbod_zero_years_still_forbids_overlap() -> None:
    scenario = load(BREEKVERBOD.replace("breekverbod_years: 3", "breekverbod_years: 0"))
    assert found(scenario, {"E": "2027-W11", "D": "2027-W14"}) == []
    assert found(scenario, {"E": "2027-W11", "D": "2027-W13"}) == [
        ("breekverbod", ("R", "D"), (w("2027-W13"),))
    ]


# -- max concurrent ----------------------------------------------------------------------------

CONCURRENT = """\
rules:
  max_concurrent:
    - {kinds: [road, sewer], per: wijk, limit: 2}
    - {kinds: [heat], per: buurt, limit: 1}
works:
  - {id: W-1, name: a, kind: road, area: BU07721001, duration: 3, planned_start: 2027-W10}
  - {id: W-2, name: b, kind: sewer, area: BU07721002, duration: 3, planned_start: 2027-W12}
  - {id: W-3, name: c, kind: road, area: WK077210, duration: 2, planned_start: 2027-W20}
  - {id: W-4, name: d, kind: green, area: WK077210, duration: 2, planned_start: 2027-W11}
  - {id: W-5, name: e, kind: road, area: WK077211, duration: 2, planned_start: 2027-W11}
  - {id: H-1, name: f, kind: heat, area: BU07721001, duration: 2, planned_start: 2027-W10}
  - {id: H-2, name: g, kind: heat, area: BU07721002, duration: 2, planned_start: 2027-W10}
requests:
  - {id: R-1, name: e, kind: road, area: BU07721001, duration: 1, emergency: true}
"""


def test_max_concurrent_per_wijk_and_per_buurt() -> None:
    scenario = load(CONCURRENT)
    # W-1 (W10..W12) and W-2 (W12..W14) meet in W12: 2 <= 2. W-4 is green, W-5 elsewhere.
    # H-1 and H-2 are in different buurten of one wijk: one each.
    assert found(scenario, {"R-1": "2027-W30"}) == []
    # Emergencies are not exempt here: R-1 in W12 makes three in WK077210.
    violations = check(scenario, plan(scenario, {"R-1": "2027-W12", "W-3": "2027-W11"}))
    # W-3 at W11..W12: W11 holds W-1, W-3; W12 holds W-1, W-2, W-3, R-1 (4 > 2).
    assert [(v.rule, v.items, v.weeks) for v in violations] == [
        ("max_concurrent", ("W-1", "W-2", "W-3", "R-1"), (w("2027-W12"),))
    ]
    assert violations[0].detail == {
        "area": "WK077210",
        "per": "wijk",
        "kinds": ("road", "sewer"),
        "limit": 2,
        "count": 4,
    }
    assert violation_text(violations[0], "en") == (
        "in WK077210, 4 works (road, sewer) run at once in 2027-W12: W-1, W-2, W-3 and R-1; "
        "the limit is 2"
    )
    assert violation_text(violations[0], "nl") == (
        "in WK077210 lopen in 2027-W12 4 werken (road, sewer) tegelijk: W-1, W-2, W-3 en R-1; "
        "het maximum is 2"
    )
    # Per buurt: H-2 placed in H-1's buurt, overlapping it in W11.
    same = load(CONCURRENT.replace("area: BU07721002, duration: 2, planned_start: 2027-W10",
                                   "area: BU07721001, duration: 2, planned_start: 2027-W11"))
    assert found(same, {"R-1": "2027-W30"}) == [
        ("max_concurrent", ("H-1", "H-2"), (w("2027-W11"),))
    ]


def test_max_concurrent_runs_split_when_the_set_changes() -> None:
    scenario = load(CONCURRENT.replace("limit: 2}", "limit: 1}"))
    # Limit 1: W-1 W10..W12 with W-2 W12..W14 meet in W12; W-3 at W12..W13 joins:
    # W12 {W-1, W-2, W-3}, W13 {W-2, W-3}: two runs, because the set changes.
    assert found(scenario, {"R-1": "2027-W30", "W-3": "2027-W12"}) == [
        ("max_concurrent", ("W-1", "W-2", "W-3"), (w("2027-W12"),)),
        ("max_concurrent", ("W-2", "W-3"), (w("2027-W13"),)),
    ]


# -- baseline, order, scale -------------------------------------------------------------------


def test_check_baseline_binds_works_and_ignores_requests() -> None:
    scenario = load(CAPACITY.replace("planned_start: 2027-W09", "planned_start: 2027-W10")
                    .replace("demand: {groen: 0}", "demand: {groen: 1}"))
    # Baseline: W-1 W10..W11, W-2 and W-3 W10..W13 at one unit each: 3 > 2 in W10..W11.
    # R-1 is mandatory but not in the baseline: no "mandatory" violation.
    assert [(v.rule, v.items, v.weeks) for v in check_baseline(scenario)] == [
        ("capacity", ("W-1", "W-2", "W-3"), span("2027-W10", "2027-W11"))
    ]
    assert check_baseline(load(MANDATORY)) == []


def test_makespan_work_without_planned_start_in_baseline() -> None:
    scenario = load("""\
    policy: {objective: makespan}
    works:
      - {id: W-1, name: a, kind: road, area: WK077210, duration: 1}
    """)
    assert check_baseline(scenario) == []
    assert found(scenario, {}) == [("mandatory", ("W-1",), ())]
    assert found(scenario, {"W-1": "2027-W01"}) == []


def test_violations_come_in_rule_order() -> None:
    scenario = load("""\
    resources:
      - {id: ploeg, name: Ploeg, capacity: 0}
    rules:
      breeding_season: {from: "03-15", to: "07-15"}
    works:
      - {id: W-1, name: a, kind: tree, area: WK077210, duration: 1, planned_start: 2027-W10,
         pinned: true, demand: {ploeg: 1}}
    requests:
      - {id: R-1, name: b, kind: road, area: WK077210, duration: 1}
    """)
    rules = [v.rule for v in check(scenario, plan(scenario, {"W-1": "2027-W20"}))]
    assert rules == ["mandatory", "pinned", "capacity", "breeding_season"]
    assert rules == sorted(rules, key=RULES.index)


def test_large_programme_is_checked_quickly() -> None:
    """5,000 works over 260 weeks; each week holds exactly the capacity, then one unit more."""
    count, horizon = 5000, 260
    first = w("2027-W01")
    works = [
        Work(id=f"W-{n}", name="w", kind=Kind.ROAD, area=f"BU0772{n % 100:04d}",
             duration=10, planned_start=weeks.format_week(first + (n * 10) % (horizon - 9)),
             demand={"ploeg": 1})
        for n in range(count)
    ]
    scenario = Scenario(
        horizon=Horizon(start="2027-W01", end=weeks.format_week(first + horizon - 1)),
        resources=[Resource(id="ploeg", name="p", capacity=1000)],
        works=works,
    )
    load_per_week = Plan.baseline(scenario).load(scenario)
    peak = max(load_per_week.values())
    began = time.perf_counter()
    assert check_baseline(scenario) == []
    tight = Scenario(
        horizon=scenario.horizon,
        resources=[Resource(id="ploeg", name="p", capacity=peak - 1)],
        works=works,
    )
    violations = check_baseline(tight)
    elapsed = time.perf_counter() - began
    peak_weeks = sorted(week for (_, week), units in load_per_week.items() if units == peak)
    assert [week for v in violations for week in v.weeks] == peak_weeks
    assert all(v.detail["load"] == peak and len(v.items) == peak for v in violations)
    assert elapsed < 20  # about a second on one core; generous for slow CI
