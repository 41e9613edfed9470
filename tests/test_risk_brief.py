"""plooi brief --risk: the fan chart and the table of finish weeks in the briefing."""

from __future__ import annotations

from pathlib import Path

from cli import main
from scheduler.commands.common import demo_path
from scheduler.io.write_yaml import scenario_yaml
from scheduler.plan import Plan
from scheduler.report.charts_svg import svg_fan
from scheduler.risk.brief import FanRow, uncertainty
from scheduler.risk.document import risk_document
from scheduler.risk.run import run_risk
from scheduler.runs.executors import Where
from tests.conftest import scenario


def test_brief_with_risk_shows_the_fan_and_the_table(tmp_path: Path) -> None:
    html, md = tmp_path / "b.html", tmp_path / "b.md"
    args = ["brief", str(demo_path()), "--risk", "--risk-samples", "200", "--time-limit", "20"]
    assert main([*args, "-o", str(html), "--lang", "en"]) == 0
    assert main([*args, "-o", str(md)]) == 0
    page = html.read_text(encoding="utf-8")
    assert "Uncertainty: when will it be finished?" in page
    assert 'aria-label="Fan of finish weeks"' in page
    text = md.read_text(encoding="utf-8")
    assert "## Onzekerheid: wanneer is het klaar?" in text
    assert "| id | omschrijving | gepland klaar | P50 | P80 | P95 | kans op tijd |" in text
    # Every request is in the table, before any work.
    section = text.split("## Onzekerheid")[1].split("\n## ")[0]
    rows = [line.split(" | ")[0][2:] for line in section.splitlines() if line.startswith("| ")]
    assert sorted(rows[1:6]) == ["R-1", "R-2", "R-3", "R-4", "R-5"]  # after the header row
    assert all(row.startswith("W-") for row in rows[6:])


def test_brief_without_risk_has_no_uncertainty_section(tmp_path: Path) -> None:
    md = tmp_path / "b.md"
    assert main(["brief", str(demo_path()), "-o", str(md), "--time-limit", "20"]) == 0
    assert "Onzekerheid" not in md.read_text(encoding="utf-8")


def test_fan_chart_escapes_names() -> None:
    row = FanRow("W-1", "<script>alert(1)</script>", 100, 100, 102, 105, 104, 0.5)
    svg = str(svg_fan([row], 95, 110, "fan"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_uncertainty_rows_put_requests_first() -> None:
    s = scenario(
        """
        works:
          - {id: W-1, name: a, kind: sewer, area: WK077210, duration: 10, planned_start: 2027-W01}
        requests:
          - {id: R-1, name: r, kind: road, area: WK077210, duration: 2, earliest: 2027-W20,
             latest_finish: 2027-W30}
        """
    )
    plan = Plan.from_starts(s, {"R-1": s.horizon.first + 20})
    run = run_risk(s, scenario_yaml(s), plan, 100, 0, Where())
    view = uncertainty(run, risk_document(run))
    assert [row.id for row in view.rows] == ["R-1", "W-1"]
    assert view.rows[0].p_on_time == 1.0


def test_brief_with_risk_in_pdf_and_xlsx(tmp_path: Path) -> None:
    import openpyxl
    from pypdf import PdfReader

    pdf, book = tmp_path / "b.pdf", tmp_path / "b.xlsx"
    args = ["brief", str(demo_path()), "--risk", "--risk-samples", "100", "--time-limit", "20"]
    assert main([*args, "-o", str(pdf), "--lang", "en"]) == 0
    assert main([*args, "-o", str(book)]) == 0
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Uncertainty: when will it be finished?" in text and "chance on time" in text
    sheet = openpyxl.load_workbook(book)["Onzekerheid"]
    assert [c.value for c in sheet[1]] == [
        "id", "omschrijving", "gepland klaar", "P50", "P80", "P95", "kans op tijd"
    ]
    assert str(sheet.cell(row=2, column=1).value).startswith("R-")
