"""The school-holiday rule: a hand-worked optimum, the checker, the explainer, bad input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scheduler import weeks
from scheduler.check import check
from scheduler.errors import ScenarioError
from scheduler.explain import explain
from scheduler.io.load import scenario_from_text
from scheduler.plan import Plan
from scheduler.school_holidays import holiday_weeks
from scheduler.solver import solve
from scheduler.text.causes import cause_text
from scheduler.text.violations import violation_text

W = weeks.parse_week

# Region zuid, 2027: the package's school holidays give these whole weeks (Monday to
# Friday all free): spring W07, May W17, summer W30-W35, autumn W43, Christmas W52.
SCENARIO = """
horizon: {start: 2027-W20, end: 2027-W45}
areas: [{code: WK099901, name: Noord}]
resources: [{id: speel, name: Speelploeg, capacity: 1}]
works:
  - {id: W-1, name: Schoolplein De Klimop, kind: play, area: WK099901, duration: 2,
     planned_start: 2027-W26, demand: {speel: 1}}
  - {id: W-2, name: Schoolplein De Regenboog, kind: play, area: WK099901, duration: 3,
     planned_start: 2027-W27, demand: {speel: 1}, weight: 2}
  - {id: W-3, name: Oversteek bij de school, kind: road, area: WK099901, duration: 1,
     planned_start: 2027-W25}
  - {id: W-4, name: Asfalt Dorpsstraat, kind: road, area: WK099901, duration: 2,
     planned_start: 2027-W26}
rules:
  school_holidays: {region: zuid, kinds: [play], items: [W-3]}
policy: {move_penalty: 10}
"""


def test_holiday_weeks_of_region_zuid_2027() -> None:
    found = sorted(weeks.format_week(w) for w in holiday_weeks("zuid", W("2027-W01"),
                                                                W("2027-W52")))
    assert found == ["2027-W07", "2027-W17", "2027-W30", "2027-W31", "2027-W32", "2027-W33",
                     "2027-W34", "2027-W35", "2027-W43", "2027-W52"]


def test_hand_worked_optimum() -> None:
    # Holiday weeks in the horizon: W30-W35 and W43. W-1 (2 weeks) and W-2 (3 weeks) share
    # one crew, so they take 5 of the 6 summer weeks one after the other:
    #   W-2 at W30 (shift 3, weight 2: 6), W-1 at W33 (shift 7): 13 + 2 moves x 10 = 33;
    #   W-1 first at W30 (4), W-2 at W32 (5 x 2 = 10): 14 + 20 = 34.
    # W-3 (1 week, named in items) goes to W30 (shift 5) + 10 = 15; W-4 (a road, not bound)
    # stays. Optimum 33 + 15 = 48.
    scenario = scenario_from_text(SCENARIO)
    result = solve(scenario, time_limit=20)
    assert result.proven_optimal and result.plan is not None
    plan = result.plan
    assert plan.displacement_cost(scenario) == 48
    assert {i: weeks.format_week(s) for i, s in plan.starts().items() if s is not None} == {
        "W-1": "2027-W33", "W-2": "2027-W30", "W-3": "2027-W30", "W-4": "2027-W26"}
    assert check(scenario, plan) == []


def test_checker_names_the_weeks_outside_the_holidays() -> None:
    scenario = scenario_from_text(SCENARIO)
    plan = Plan.from_starts(scenario, {"W-1": W("2027-W29"), "W-2": W("2027-W31"),
                                       "W-3": W("2027-W43")})
    violations = [v for v in check(scenario, plan) if v.rule == "school_holidays"]
    assert [violation_text(v, "en") for v in violations] == [
        "W-1 (play) must lie in the school holidays (region zuid) but also works in 2027-W29"]
    assert violations[0].weeks == (W("2027-W29"),)
    assert violation_text(violations[0], "nl") == (
        "W-1 (play) moet in de schoolvakantie (regio zuid) maar werkt ook in 2027-W29")


def test_explainer_gives_the_rule_as_cause() -> None:
    scenario = scenario_from_text(SCENARIO)
    plan = Plan.from_starts(scenario, {"W-1": W("2027-W33"), "W-2": W("2027-W30"),
                                       "W-3": W("2027-W30")})
    causes = explain(scenario, plan).causes_of("W-3")
    assert [cause_text(c, "en") for c in causes] == [
        "must lie in the school holidays (region zuid); 2027-W25 is outside"]


def test_an_emergency_request_is_exempt() -> None:
    text = SCENARIO + """requests:
  - {id: R-1, name: Kapotte schommel, kind: play, area: WK099901, duration: 1,
     earliest: 2027-W21, latest_finish: 2027-W21, emergency: true}
"""
    scenario = scenario_from_text(text)
    result = solve(scenario, time_limit=20)
    assert result.plan is not None and result.plan["R-1"].start == W("2027-W21")
    assert check(scenario, result.plan) == []


def test_unknown_item_and_years_past_the_package() -> None:
    text = SCENARIO.replace("items: [W-3]", "items: [W-9]")
    with pytest.raises(ScenarioError, match=re.escape(
            "rules.school_holidays.items[0]: unknown work or request 'W-9'")):
        scenario_from_text(text)
    text = SCENARIO.replace("end: 2027-W45", "end: 2040-W10")
    with pytest.raises(ScenarioError) as error:
        scenario_from_text(text)
    message = error.value.render("en")
    assert "rules.school_holidays.region: the school holidays of region zuid are not known " \
           "for " in message
    assert message.endswith("2039, 2040 (the holidays package does not list them); shorten the "
                            "horizon or leave this rule out")
    with pytest.raises(ScenarioError, match=re.escape(
            "rules.school_holidays.region: expected one of 'noord', 'midden' or 'zuid'")):
        scenario_from_text(SCENARIO.replace("region: zuid", "region: west"))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_rule_round_trips_through_xlsx_and_csv(tmp_path: Path, lang: str) -> None:
    from scheduler.io.load import load_scenario
    from scheduler.io.write_tabular import write_csv_folder, write_workbook

    scenario = scenario_from_text(SCENARIO)
    write_workbook(scenario, tmp_path / "s.xlsx", lang=lang)  # type: ignore[arg-type]
    write_csv_folder(scenario, tmp_path / "csv", lang=lang)  # type: ignore[arg-type]
    for path in (tmp_path / "s.xlsx", tmp_path / "csv"):
        assert load_scenario(path).rules == scenario.rules, path
