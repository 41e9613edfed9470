"""`plooi brief` and `plooi compare` through main(argv): outputs, formats and exit codes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from scheduler.cli import main
from scheduler.commands.brief import output_format
from scheduler.commands.common import demo_path
from tests.test_report_fixtures import INFEASIBLE, TINY, TWO_CREWS

LIMIT = ["--time-limit", "10"]


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, text in (("tiny", TINY), ("two", TWO_CREWS), ("none", INFEASIBLE)):
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths[name] = path
    return paths


def test_brief_html_is_written_and_dutch_by_default(files: dict[str, Path], tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "brief.html"
    assert main(["brief", str(files["tiny"]), "-o", str(out), *LIMIT]) == 0
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "Kernboodschap" in html
    assert f"Briefing geschreven: {out} (html," in capsys.readouterr().out
    assert not list(tmp_path.glob(".brief.html.*"))  # no temporary file left behind


@pytest.mark.parametrize(("fmt", "suffix", "magic"), [
    ("pdf", ".pdf", b"%PDF-"),
    ("md", ".md", b"# Raadsinformatiebrief: Proef Vestdijk"),
    ("xlsx", ".xlsx", b"PK"),
])
def test_every_format_with_compare(files: dict[str, Path], tmp_path: Path, fmt: str,
                                   suffix: str, magic: bytes) -> None:
    out = tmp_path / f"brief{suffix}"
    code = main(["brief", str(files["tiny"]), "--compare", str(files["two"]), "--format", fmt,
                 "-o", str(out), *LIMIT])
    assert code == 0
    data = out.read_bytes()
    assert data.startswith(magic)
    if fmt == "md":
        assert "## Scenario's naast elkaar" in data.decode("utf-8")
    if fmt == "xlsx":
        assert "xl/worksheets/sheet8.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_english(files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    assert main(["brief", str(files["tiny"]), "-o", str(out), "--lang", "en", *LIMIT]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Council briefing: Proef Vestdijk")


def test_missing_folder_is_a_clear_error_before_solving(
        files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "nowhere" / "brief.html"
    assert main(["brief", str(files["tiny"]), "-o", str(out)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"{out}: map '{tmp_path / 'nowhere'}' bestaat niet")
    assert not out.parent.exists()


def test_unknown_format_and_group_are_refused(files: dict[str, Path], tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["brief", str(files["tiny"]), "-o", str(tmp_path / "b.doc"),
                 "--format", "docx"]) == 2
    assert "expected one of html, pdf, md, xlsx, got 'docx'" in capsys.readouterr().err
    assert main(["brief", str(files["tiny"]), "-o", str(tmp_path / "b.html"),
                 "--group-by", "street"]) == 2
    assert "expected wijk or kind, got 'street'" in capsys.readouterr().err


def test_format_follows_the_suffix_when_not_given() -> None:
    assert output_format(None, Path("x.PDF")) == "pdf"
    assert output_format(None, Path("x.markdown")) == "md"
    assert output_format(None, Path("x")) == "html"
    assert output_format("xlsx", Path("x.html")) == "xlsx"


def test_infeasible_scenario_still_gets_its_briefing_and_exit_1(
        files: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    assert main(["brief", str(files["none"]), "-o", str(out), *LIMIT]) == 1
    assert "Waarom het niet past" in out.read_text(encoding="utf-8")


def test_bad_scenario_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("horizon: {start: 2027-W01, end: 2027-W52}\nwerken: []\n", encoding="utf-8")
    assert main(["brief", str(bad), "-o", str(tmp_path / "b.html")]) == 2
    assert "onbekend veld 'werken'" in capsys.readouterr().err


def test_compare_prints_kpis_and_the_dates_that_differ(
        files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(files["tiny"]), str(files["two"]), *LIMIT]) == 0
    out = capsys.readouterr().out
    assert "Proef Vestdijk" in out and "Twee ploegen" in out
    lines = out.splitlines()
    moved = next(line for line in lines if "Verschoven werken" in line)
    assert [cell.strip() for cell in moved.split("│")[2:4]] == ["2", "1"]
    assert "Werken en verzoeken waarvan de weken verschillen (1)" in out
    w1 = next(line for line in lines if "W-1" in line)
    assert "2027-W11 (+1)" in w1 and "2027-W10" in w1


def test_compare_needs_two_scenarios(files: dict[str, Path],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", str(files["tiny"])]) == 2
    assert "give at least two scenarios" in capsys.readouterr().err


@pytest.mark.skipif(not demo_path().is_file(), reason="the demo scenario is not written yet")
def test_demo_briefing(tmp_path: Path) -> None:
    out = tmp_path / "demo.html"
    code = main(["brief", str(demo_path()), "-o", str(out), "--time-limit", "15"])
    assert code in (0, 3)  # 3: no plan within 15 s on a slow machine; still a clear outcome
    if code == 0:
        assert "Kernboodschap" in out.read_text(encoding="utf-8")
