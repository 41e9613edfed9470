"""plooi generate, convert and template through main(argv)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from scheduler.check import check_baseline
from scheduler.cli import main
from scheduler.io.load import load_scenario


def test_generate_writes_a_valid_programme_with_a_clean_baseline(tmp_path: Path) -> None:
    out = tmp_path / "city.yaml"
    args = ["generate", "--works", "60", "--requests", "3", "--years", "2", "--seed", "4"]
    assert main([*args, "-o", str(out)]) == 0
    scenario = load_scenario(out)
    assert len(scenario.works) == 60 and len(scenario.requests) == 3
    assert check_baseline(scenario) == []
    again = tmp_path / "again.yaml"
    assert main([*args, "-o", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_generate_refuses_nonsense_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "city.yaml"
    assert main(["generate", "--works", "0", "--requests", "1", "--years", "1", "--seed", "1",
                 "-o", str(out)]) == 2
    assert not out.exists()


def test_convert_round_trip_through_a_workbook_keeps_the_scenario(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parent.parent / "scenarios" / "budget-squeeze.yaml"
    workbook = tmp_path / "squeeze.xlsx"
    back = tmp_path / "back.yaml"
    assert main(["convert", str(source), str(workbook)]) == 0
    assert main(["convert", str(workbook), str(back)]) == 0
    assert load_scenario(back) == load_scenario(source)


def test_convert_of_a_bad_file_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("horizon: {start: 2027-W01, end: 2027-W99}\n", encoding="utf-8")
    out = tmp_path / "out.xlsx"
    assert main(["convert", str(bad), str(out), "--lang", "en"]) == 2
    assert not out.exists()
    assert "week '2027-W99' does not exist" in capsys.readouterr().err


def test_template_with_demo_has_drop_down_lists(tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    assert main(["template", str(out), "--demo"]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] in ("Scenario", "Werken")
    works = book["Werken"]
    assert works.data_validations.dataValidation, "kinds, resources and lines as drop-downs"
    assert works.max_row > 80
