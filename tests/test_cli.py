"""The command line through main(argv): exit codes, outputs, and the result contract."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from scheduler.check import check
from scheduler.cli import main
from scheduler.io.load import load_scenario
from scheduler.io.result_read import plan_from_result

CAPACITY_CASE = """
horizon: {start: 2027-W01, end: 2027-W52}
areas: [{code: WK077210, name: Centrum}]
resources: [{id: crew, name: Ploeg, capacity: 1}]
works:
  - {id: W-1, name: Snoeien Vestdijk, kind: green, area: WK077210, duration: 2,
     planned_start: 2027-W10, earliest: 2027-W10, demand: {crew: 1}}
requests:
  - {id: R-1, name: Rooien boom, kind: tree, area: WK077210, duration: 2, earliest: 2027-W10,
     latest_finish: 2027-W11, demand: {crew: 1}, requested_by: Wijkambtenaar Centrum,
     reason: plakoksel}
policy: {time_limit: 10}
"""

INFEASIBLE_CASE = """
horizon: {start: 2027-W01, end: 2027-W52}
areas: [{code: WK077210, name: Centrum}]
resources: [{id: crew, name: Ploeg, capacity: 1}]
works:
  - {id: W-1, name: a, kind: other, area: WK077210, duration: 4, planned_start: 2027-W10,
     demand: {crew: 1}, pinned: true}
requests:
  - {id: R-1, name: r, kind: other, area: WK077210, duration: 2, earliest: 2027-W09,
     latest_finish: 2027-W12, demand: {crew: 1}}
"""


def write(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_solve_writes_the_result_contract(tmp_path: Path) -> None:
    scenario_path = write(tmp_path, CAPACITY_CASE)
    out = tmp_path / "result.json"
    assert main(["solve", str(scenario_path), "--json", str(out), "--quiet"]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["format"] == "plooi-result/1"
    assert document["scenario"] == "scenario"
    assert document["status"] == "optimal"
    assert document["displacement_cost"] == 12
    rows = {row["id"]: row for row in document["schedule"]}
    assert {k: rows["W-1"][k] for k in ("type", "status", "planned_start", "start", "finish", "shift")} == {
        "type": "work",
        "status": "moved",
        "planned_start": "2027-W10",
        "start": "2027-W12",
        "finish": "2027-W13",
        "shift": 2,
    }
    assert {k: rows["R-1"][k] for k in ("type", "status", "start", "finish")} == {
        "type": "request",
        "status": "new",
        "start": "2027-W10",
        "finish": "2027-W11",
    }
    assert document["chains"][0]["chains"] == [["R-1", "W-1"]]
    assert document["displacements"][0]["causes"][0]["rule"] == "capacity"
    # The written plan passes the independent checker.
    scenario = load_scenario(scenario_path)
    assert check(scenario, plan_from_result(scenario, out)) == []
    assert main(["check", str(scenario_path), str(out)]) == 0


def test_solve_prints_causes_and_chains_in_dutch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario_path = write(tmp_path, CAPACITY_CASE)
    assert main(["solve", str(scenario_path)]) == 0
    out = capsys.readouterr().out
    assert "Status: optimaal (bewezen)" in out
    assert "verschuivingskosten 12" in out
    assert "capaciteit van crew in 2027-W10..W11 is bezet door R-1" in out
    assert "Keten: R-1 -> W-1" in out


def test_solve_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario_path = write(tmp_path, CAPACITY_CASE)
    assert main(["solve", str(scenario_path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Status: optimal (proven)" in out
    assert "Chain: R-1 -> W-1" in out


def test_infeasible_exits_1_and_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario_path = write(tmp_path, INFEASIBLE_CASE)
    out = tmp_path / "result.json"
    code = main(["solve", str(scenario_path), "--json", str(out), "--lang", "en"])
    assert code == 1
    text = capsys.readouterr().out
    assert "Cannot be placed: R-1" in text
    assert "W-1 is pinned (contracted) from 2027-W10" in text
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["status"] == "infeasible"
    assert document["schedule"] == []
    assert {row["key"] for row in document["conflict"]} == {
        "capacity:crew",
        "deadline:R-1",
        "earliest:R-1",
        "pinned:W-1",
    }


def test_validate_reports_ok_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = write(tmp_path, CAPACITY_CASE)
    assert main(["validate", str(good), "--lang", "en"]) == 0
    assert "valid — 1 works, 1 requests" in capsys.readouterr().out
    bad = write(tmp_path, CAPACITY_CASE.replace("duration: 2,\n     planned", "duration: x,\n     planned"), "bad.yaml")
    assert main(["validate", str(bad), "--lang", "en"]) == 2
    assert f"{bad}:6: works[0].duration: expected a whole number, got 'x'" in capsys.readouterr().err


def test_validate_warns_about_a_broken_baseline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = write(tmp_path, CAPACITY_CASE.replace("earliest: 2027-W10, demand", "earliest: 2027-W12, demand"))
    assert main(["validate", str(broken), "--lang", "en"]) == 0
    assert "the current plan breaks a rule" in capsys.readouterr().out


def test_an_unwritable_output_fails_before_solving(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario_path = write(tmp_path, CAPACITY_CASE)
    missing = tmp_path / "nope" / "result.json"
    assert main(["solve", str(scenario_path), "--json", str(missing)]) == 2
    assert f"{missing}: map '{missing.parent}' bestaat niet" in capsys.readouterr().err


def test_an_existing_output_is_replaced_whole(tmp_path: Path) -> None:
    scenario_path = write(tmp_path, CAPACITY_CASE)
    out = tmp_path / "result.json"
    out.write_text("old", encoding="utf-8")
    assert main(["solve", str(scenario_path), "--json", str(out), "-q"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["status"] == "optimal"
    # No temporary file is left behind next to it.
    assert {p.name for p in tmp_path.iterdir()} == {"scenario.yaml", "result.json"}


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["solve"]) == 2
    assert main(["solve", "x.yaml", "--bogus"]) == 2
    assert "No such option: --bogus" in capsys.readouterr().err
    assert main(["solve", "x.yaml", "--lang", "fr"]) == 2


def test_schema_prints_both_json_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "scenario"]) == 0
    scenario_schema = json.loads(capsys.readouterr().out)
    assert "works" in scenario_schema["properties"]
    assert main(["schema", "result"]) == 0
    result_schema = json.loads(capsys.readouterr().out)
    assert result_schema["properties"]["format"] == {"const": "plooi-result/1"}


def test_same_input_and_seed_give_identical_json(tmp_path: Path) -> None:
    scenario_path = write(tmp_path, CAPACITY_CASE)
    outputs = []
    for run in range(2):
        out = tmp_path / f"run{run}.json"
        assert main(["solve", str(scenario_path), "--json", str(out), "-q", "--seed", "3"]) == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
