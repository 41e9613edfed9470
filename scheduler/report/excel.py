"""The briefing as an Excel workbook: one sheet per table, ready to filter and sort.

Sheets: summary, schedule, displacements, budgets, load and risks (and, with a
comparison, the KPIs and the works whose dates differ). Every sheet has its
heading row frozen and an auto-filter over its table. Text is always stored
as text: a cell that starts with ``= + - @`` (or a tab or carriage return) is
written as a string with Excel's quote prefix, so a name like ``=HYPERLINK(...)``
is never evaluated as a formula, not even after a user edits the cell.
Amounts are numbers (euros, with a number format), so they sum and sort.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler import weeks
from scheduler.report.briefing import Briefing
from scheduler.text.risk import risk_words

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EURO = '"€" #,##0'
PERCENT = "0.0%"
HEADER_FILL = PatternFill("solid", fgColor="E3E6EA")
MAX_WIDTH = 60


def safe_text(value: str) -> str:
    """Characters a workbook cannot store (control characters) become U+FFFD."""
    return str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))


def _put(sheet: Worksheet, row: int, column: int, value: Any, number_format: str | None = None
         ) -> None:
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        text = safe_text(value)
        cell.value = text
        # openpyxl reads a leading "=" as a formula: force the string type, and mark the
        # cell so Excel keeps it text when the user edits it.
        cell.data_type = "s"
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
        if number_format is not None and value is not None:
            cell.number_format = number_format


def _sheet(book: Workbook, title: str, headings: Sequence[str],
           rows: Sequence[Sequence[Any]], formats: dict[int, str] | None = None) -> Worksheet:
    """A sheet holding one table: bold frozen headings, an auto-filter, sensible widths."""
    sheet = book.create_sheet(title=title[:31])
    formats = formats or {}
    for column, heading in enumerate(headings, start=1):
        _put(sheet, 1, column, heading)
        cell = sheet.cell(row=1, column=column)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    widths = [len(str(h)) for h in headings]
    for index, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            _put(sheet, index, column, value, formats.get(column - 1))
            shown = len(str(value)) if value is not None else 0
            widths[column - 1] = max(widths[column - 1], shown)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(MAX_WIDTH, width + 3)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(headings))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(rows) + 1)}"
    return sheet


def _money(value: Any) -> float | int:
    """Euros as a number with cents (whole euros stay integers)."""
    rounded = round(float(value), 2)
    return int(rounded) if rounded == int(rounded) else rounded


def render_xlsx(b: Briefing) -> bytes:
    """The whole briefing as an .xlsx file (bytes)."""
    t = b.labels
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    _sheet(book, t["summary_sheet"], [t["kpi"], ""], _summary(b))
    _tables(book, b)
    _risk_sheets(book, b)
    c = b.comparison
    if c is not None:
        _sheet(book, t["comparison_sheet"], [t["kpi"], *c.names, t["differs"]],
               [[row.label, *row.values, t["yes"] if row.differs else ""] for row in c.rows])
        _sheet(book, t["diffs_sheet"], [t["id"], t["name"], *c.names],
               [[d.id, d.name, *d.cells] for d in c.diffs])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _summary(b: Briefing) -> list[list[Any]]:
    """Scenario, status, key message, key figures (without a comparison), conflict, method."""
    t = b.labels
    summary: list[list[Any]] = [
        [t["scenario"], b.scenario],
        [t["made_on"], b.made_on],
        [t["status"], b.method.status_text],
    ]
    summary += [[t["key_message"] if i == 0 else "", s] for i, s in enumerate(b.key_message)]
    k = b.kpis
    if b.comparison is None and b.has_plan:
        summary += [
            [t["requests"], f"{(k.placed or 0) + (k.accepted or 0)} / {k.requests}"],
            [t["displacements"], k.moved],
            [t["weeks"], k.shift_weeks],
            [t["weighted_cost"], k.displacement_cost],
            [t["cost"], k.request_cost],
        ]
    summary += [[t["conflict"], line] for line in b.conflict]
    summary += [[t["method"] if i == 0 else "", p] for i, p in enumerate(b.method.paragraphs)]
    return summary


def _tables(book: Workbook, b: Briefing) -> None:
    """The schedule, displacement, budget and load sheets: every row, none counted away."""
    t = b.labels
    _sheet(book, t["schedule_sheet"],
           [t["id"], t["type"], t["name"], t["kind"], t["area"], t["group"], t["status"],
            t["planned_start"], t["start"], t["finish"], t["shift"], t["window"], t["cost"],
            t["budget"], t["crew"]],
           [[s.id, s.type, s.name, s.kind, s.area, s.wijk, s.status_text, s.planned, s.start,
             s.finish, s.shift, s.window, s.cost, s.budget, s.demand] for s in b.schedule],
           {12: EURO})

    _sheet(book, t["displacements_sheet"],
           [t["id"], t["name"], t["kind"], t["area"], t["from"], t["to"], t["shift"],
            t["cause"], t["chain"], t["requests"], t["points"]],
           [[d.id, d.name, d.kind, d.area, d.planned, d.start, d.shift, "; ".join(d.causes),
             "; ".join(d.chains), ", ".join(d.requests), d.cost] for d in b.displacements])

    _sheet(book, t["budgets_sheet"],
           [t["line"], t["name"], t["year"], t["limit"], t["before"], t["after"], t["change"],
            t["headroom"], t["use"], t["state"]],
           [[row.line, row.name, row.year, row.limit, _money(row.before), _money(row.after),
             _money(row.change), _money(row.headroom), row.share, t["state_" + row.state]]
            for row in b.budgets],
           {3: EURO, 4: EURO, 5: EURO, 6: EURO, 7: EURO, 8: PERCENT})

    load_rows = [
        [s.id, s.name, weeks.format_week(s.first + i), cap, before, after, cap - after]
        for s in b.load
        for i, (cap, before, after) in enumerate(zip(s.capacity, s.before, s.after, strict=True))
    ]
    _sheet(book, t["load_sheet"],
           [t["crew"], t["name"], t["week"], t["capacity"], t["before"], t["after"], t["free"]],
           load_rows)


def _risk_sheets(book: Workbook, b: Briefing) -> None:
    """The risks per group and, with plooi brief --risk, the finish weeks' percentiles."""
    t = b.labels
    _sheet(book, t["risks_sheet"], [t["type"], t["id"], t["reason"]],
           [[group.title, risk.subject, risk.text] for group in b.risk_groups
            for risk in (r for r in b.risks if r.kind == group.kind)])

    u = b.uncertainty
    if u is not None:  # plooi brief --risk
        w = risk_words(b.lang)
        _sheet(book, w["sheet"],
               [w["id"], w["name"], w["planned"], "P50", "P80", "P95", w["on_time"]],
               [[r.id, r.name, r.week("planned"), r.week("p50"), r.week("p80"), r.week("p95"),
                 r.p_on_time] for r in u.rows],
               {6: PERCENT})
