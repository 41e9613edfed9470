"""scheduler.text.money: the one formatter of euro amounts, and the texts that use it."""

from __future__ import annotations

import textwrap
from fractions import Fraction

import pytest

from scheduler.check import check
from scheduler.explain import explain
from scheduler.io.load import scenario_from_text
from scheduler.plan import Plan
from scheduler.report import numbers
from scheduler.solver import solve
from scheduler.text.causes import cause_text
from scheduler.text.money import money, money_to_cent
from scheduler.text.violations import violation_text


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        (0, "€ 0", "€0"),
        (999, "€ 999", "€999"),
        (1_000_000, "€ 1.000.000", "€1,000,000"),
        (Fraction(9, 2), "€ 5", "€5"),  # half away from zero
        (Fraction(-9, 2), "-€ 5", "-€5"),
        (Fraction(-1, 3), "€ 0", "€0"),  # rounds to zero: no minus
        (94_499.5, "€ 94.500", "€94,500"),
    ],
)
def test_whole_euros(value: int | float | Fraction, nl: str, en: str) -> None:
    assert (money(value, "nl"), money(value, "en")) == (nl, en)


@pytest.mark.parametrize(
    ("value", "nl", "en"),
    [
        (4_200_000, "€ 4.200.000", "€4,200,000"),
        (Fraction(420_000_350, 100), "€ 4.200.003,50", "€4,200,003.50"),
        (Fraction(1, 300), "€ 0,01", "€0.01"),  # a fraction of a cent rounds up
        (Fraction(20134, 100), "€ 201,34", "€201.34"),
    ],
)
def test_to_the_cent_rounding_up(value: int | Fraction, nl: str, en: str) -> None:
    assert (money_to_cent(value, "nl"), money_to_cent(value, "en")) == (nl, en)


def test_the_report_numbers_module_names_the_same_formatter() -> None:
    assert numbers.money is money


BUDGET_CASE = textwrap.dedent(
    """\
    horizon: {start: 2027-W01, end: 2028-W52}
    areas: [{code: WK077210, name: Centrum}]
    resources: [{id: crew, name: Ploeg, capacity: 2}]
    budgets: [{id: weg, name: Wegen, per_year: {2027: 1000000, 2028: 5000000}}]
    works:
      - {id: W-1, name: a, kind: road, area: WK077210, duration: 2, planned_start: 2027-W40,
         demand: {crew: 1}, cost: 1000000, budget: weg}
    requests:
      - {id: R-1, name: r, kind: road, area: WK077210, duration: 1, earliest: 2027-W10,
         latest_finish: 2027-W20, demand: {crew: 1}, cost: 10000, budget: weg}
    policy: {time_limit: 10}
    """
)


def test_english_budget_causes_and_checks_write_english_euros() -> None:
    # The line's 2027 money is spent on W-1, so R-1 pushes W-1 (2 weeks, 500.000 a week)
    # into 2028: W-1 starts in 2027-W52 at the earliest, one week in each year.
    scenario = scenario_from_text(BUDGET_CASE)
    result = solve(scenario, time_limit=10, workers=1)
    assert result.plan is not None and check(scenario, result.plan) == []
    assert result.plan.starts()["W-1"] == scenario.week("2027-W52")
    causes = [c for d in explain(scenario, result.plan).displacements for c in d.causes]
    budget = [cause for cause in causes if cause.rule == "budget"]
    assert [cause_text(cause, "en") for cause in budget] == [
        "budget weg 2027 (€1,000,000) is spent on R-1"
    ]
    assert [cause_text(cause, "nl") for cause in budget] == [
        "budget weg 2027 (€ 1.000.000) is al besteed aan R-1"
    ]
    broken = Plan.from_starts(scenario, {"W-1": scenario.week("2027-W40"), "R-1": scenario.week("2027-W10")})
    assert [violation_text(v, "en") for v in check(scenario, broken) if v.rule == "budget"] == [
        "budget line weg has €1,000,000 in 2027, but W-1 and R-1 spend €1,010,000 "
        "(rounding tolerance €2)"
    ]
