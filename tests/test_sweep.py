"""plooi sweep: rows equal to the individual solves, exact errors, the cheapest combination."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from cli import main
from scheduler.check import check
from scheduler.io.load import scenario_from_text
from scheduler.runs.executors import Where
from scheduler.sweep.run import FORMAT, cheapest_for, run_sweep, variant_cost
from scheduler.sweep.variants import (
    SweepError,
    apply,
    check_axes,
    combinations,
    parse_vary,
)
from scheduler.workflow import solve_scenario
from tests.conftest import HEADER

# One crew of one, fully booked in W10..W13 by W-1 (weight 1). R-1 needs the crew for
# two weeks inside W10..W13. With one crew R-1 displaces W-1: W-1 moves 2 weeks later
# (cost 1 * 2 + move penalty 10 = 12) or earlier; with a second crew it fits beside it
# (cost 0). Taken out, nothing moves.
TEXT = HEADER + """
resources: [{id: crew, name: Crew, capacity: 1}]
budgets: [{id: groen, name: Groen, per_year: {2027: 1000}}]
works:
  - {id: W-1, name: a, kind: road, area: WK077210, duration: 4, planned_start: 2027-W10,
     demand: {crew: 1}}
requests:
  - {id: R-1, name: r, kind: road, area: WK077210, duration: 2, earliest: 2027-W10,
     latest_finish: 2027-W13, demand: {crew: 1}, cost: 500, budget: groen}
"""


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    path = tmp_path / "s.yaml"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_sweep_rows_equal_the_individual_solves() -> None:
    base = scenario_from_text(TEXT, "s.yaml")
    axes = parse_vary(["capacity:crew=+0,+1", "request:R-1=in,out"])
    check_axes(base, axes)
    variants = combinations(axes)
    assert variants == [
        {"capacity:crew": "+0", "request:R-1": "in"},
        {"capacity:crew": "+0", "request:R-1": "out"},
        {"capacity:crew": "+1", "request:R-1": "in"},
        {"capacity:crew": "+1", "request:R-1": "out"},
    ]
    sweep = run_sweep(TEXT, "s", variants, Where(), time_limit=10, seed=0)
    costs = [row["displacement_cost"] for row in sweep.rows]
    assert costs == [12, 0, 0, 0]
    assert [row["requests_placed"] for row in sweep.rows] == [1, 0, 1, 0]
    for variant, row in zip(variants, sweep.rows, strict=True):
        alone = apply(base, variant)
        outcome = solve_scenario(alone, "s", time_limit=10, seed=0, workers=1)
        plan = outcome.result.plan
        assert plan is not None and check(alone, plan) == []
        assert row["status"] == outcome.status.value == "optimal"
        assert row["displacement_cost"] == plan.displacement_cost(alone)
        assert row["works_moved"] == len(plan.moved())
        assert row["gap"] == 0.0
    # Placing R-1 without displacement: only the second crew does it.
    assert cheapest_for(sweep, "R-1") == 2


def test_cheapest_compares_money_first() -> None:
    assert variant_cost({"budget:g:2028": "+100000", "capacity:c": "+0"}) == (100000, 0, 0, 0)
    assert variant_cost({"request:R-1": "out", "deadline:R-2": "+4"}) == (0, 0, 4, 1)


def test_sweep_cli_json_and_xlsx(scenario_file: Path, tmp_path: Path) -> None:
    out, book = tmp_path / "sweep.json", tmp_path / "sweep.xlsx"
    code = main(["sweep", str(scenario_file), "--vary", "capacity:crew=+0,+1", "--target", "R-1",
                 "--json", str(out), "--xlsx", str(book), "--quiet", "--time-limit", "10"])
    assert code == 0
    document = json.loads(out.read_text())
    assert list(document) == ["format", "rows"] and document["format"] == FORMAT
    assert [list(row) for row in document["rows"]] == [
        ["variant", "status", "displacement_cost", "requests_placed", "works_moved", "gap"]
    ] * 2
    assert [row["variant"] for row in document["rows"]] == [
        {"capacity:crew": "+0"}, {"capacity:crew": "+1"}
    ]
    sheet = openpyxl.load_workbook(book).active
    assert sheet is not None
    cell = sheet.cell(row=2, column=1)
    assert cell.value == "+0" and cell.data_type == "s" and cell.quotePrefix


def test_sweep_file_adds_axes(scenario_file: Path, tmp_path: Path) -> None:
    plan = tmp_path / "sweep.yaml"
    plan.write_text("vary:\n  budget:groen:2027: [+0, -600]\n", encoding="utf-8")
    out = tmp_path / "s.json"
    code = main(["sweep", str(scenario_file), "--sweep-file", str(plan), "--json", str(out),
                 "--quiet", "--time-limit", "10"])
    assert code == 0
    rows = json.loads(out.read_text())["rows"]
    # With 400 euros left R-1 (500) cannot be paid: the scenario is infeasible.
    assert [row["status"] for row in rows] == ["optimal", "infeasible"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--vary", "capacity:crew"], "plooi: --vary 'capacity:crew': expected KEY=VALUES, for example budget:groen:2028=+0,+100000"),
        (["--vary", "crew=+1"], "plooi: --vary 'crew': unknown key; expected budget:LINE:YEAR, capacity:RESOURCE, request:ID or deadline:ID"),
        (["--vary", "capacity:crew=+0,two"], "plooi: --vary 'capacity:crew': 'two' is not a whole number with a sign, for example +4"),
        (["--vary", "capacity:ploeg=+1"], "plooi: --vary 'capacity:ploeg': 'ploeg' is not in the scenario"),
        (["--vary", "capacity:crew=-2"], "plooi: --vary 'capacity:crew': -2 makes it -1, less than 0"),
        (["--vary", "request:R-1=maybe"], "plooi: --vary 'request:R-1': 'maybe' must be in or out"),
        (["--vary", "deadline:W-1=+1"], "plooi: --vary 'deadline:W-1': 'W-1' has no latest_finish to move"),
        (["--vary", "deadline:R-1=+60"], "plooi: --vary 'deadline:R-1': +60 puts the deadline 2028-W21 outside the horizon 2027-W01..2027-W52"),
        (["--vary", "budget:groen:2027=+1", "--vary", "budget:groen:2027=+2"], "plooi: --vary 'budget:groen:2027': this key is given twice"),
        ([], "plooi: give at least one --vary or --sweep-file"),
        (["--vary", "capacity:crew=+1", "--target", "R-9"], "plooi: --target 'R-9': expected a request of the scenario"),
    ],
)
def test_bad_sweep_input_is_refused_with_exit_2(
    scenario_file: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["sweep", str(scenario_file), *args, "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip() == message


def test_variants_apply_to_a_copy_only() -> None:
    base = scenario_from_text(TEXT, "s.yaml")
    changed = apply(base, {"budget:groen:2027": "+500", "request:R-1": "out",
                           "capacity:crew": "+2"})
    assert changed.budget_by_id["groen"].per_year[2027] == 1500
    assert changed.resource_by_id["crew"].capacity == 3
    assert [r.id for r in changed.requests] == []
    assert base.budget_by_id["groen"].per_year[2027] == 1000 and len(base.requests) == 1
    with pytest.raises(SweepError):
        apply(base, {"budget:groen:x": "+1"})
