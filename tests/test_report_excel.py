"""The Excel briefing: one sheet per table, frozen headings, filters, and no formulas from
user text."""

from __future__ import annotations

import functools
import io
import zipfile
from datetime import date

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from scheduler.report.briefing import build_briefing
from scheduler.report.excel import render_xlsx
from tests.test_report_fixtures import FORMULA, TWO_CREWS, XSS, solved, tiny

DAY = date(2027, 3, 1)


@functools.cache
def xlsx() -> bytes:
    return render_xlsx(build_briefing([tiny(), solved(TWO_CREWS)], made_on=DAY))


def book() -> Workbook:
    return load_workbook(io.BytesIO(xlsx()))


def test_sheets_have_frozen_headings_and_filters() -> None:
    wb = book()
    assert wb.sheetnames == ["Samenvatting", "Planning", "Verschuivingen", "Budgetten",
                             "Belasting", "Risico's", "Vergelijking", "Verschillen"]
    for sheet in wb.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
        assert sheet["A1"].font.bold


def test_text_that_looks_like_a_formula_stays_text() -> None:
    wb = book()
    names = {row[0].value: row[2] for row in wb["Planning"].iter_rows(min_row=2)}
    for item_id, expected in (("W-3", FORMULA), ("W-4", "+31 riool"), ("R-2", "@Speeltoestel"),
                              ("W-2", XSS)):
        cell = names[item_id]
        assert cell.value == expected
        assert cell.data_type == "s"
    assert names["W-3"].quotePrefix and names["R-2"].quotePrefix
    with zipfile.ZipFile(io.BytesIO(xlsx())) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_schedule_displacements_budgets_and_load_hold_the_figures() -> None:
    wb = book()
    schedule = {row[0]: row for row in wb["Planning"].iter_rows(min_row=2, values_only=True)}
    assert schedule["W-2"][6:11] == ("verschoven", "2027-W30", "2027-W51", "2028-W01", 21)
    assert schedule["R-3"][6] == "afgewezen"
    moved = [row[:7] for row in wb["Verschuivingen"].iter_rows(min_row=2, values_only=True)]
    assert [(r[0], r[4], r[5], r[6]) for r in moved] == [("W-1", "2027-W10", "2027-W11", 1),
                                                         ("W-2", "2027-W30", "2027-W51", 21)]
    budgets = {(r[0], r[2]): r for r in wb["Budgetten"].iter_rows(min_row=2, values_only=True)}
    assert budgets[("bomen", 2027)][3:8] == (100000, 50000, 94500, 44500, 5500)
    assert wb["Budgetten"]["D2"].number_format == '"€" #,##0'
    load = list(wb["Belasting"].iter_rows(min_row=2, values_only=True))
    # 2027 and 2028 have 52 ISO weeks each: 104 weeks for each of the two crews
    assert len(load) == 2 * 104
    assert ("groen", "Team Groen", "2027-W10", 1, 1, 1, 0) in load  # R-1 in W-1's week
    diffs = list(wb["Verschillen"].iter_rows(min_row=2, values_only=True))
    assert diffs == [("W-1", "Snoeien Vestdijk", "2027-W11 (+1)", "2027-W10")]
