"""Write a scenario as an .xlsx workbook or a folder of CSV files, and the empty template.

The cell values come from :func:`scheduler.io.tabular.scenario_tables`, so
that reading back what was written gives an equal scenario. The workbook is
made for planners: a note on every column header, drop-down lists for kinds,
yes/no, rules, budget lines, areas and resources, frozen headers and filters.

Every text cell is stored as text: a text starting with ``=``, ``+``, ``-``
or ``@`` is never written as a formula (it gets Excel's quote prefix, and in a
CSV file a leading apostrophe). Everything is built in memory first and then
written atomically, so an error leaves no half-written output.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.errors import OutputError
from scheduler.io.atomic import check_writable, write_bytes, write_many
from scheduler.io.csv_folder import EXCEL_NL, CsvDialect, escape
from scheduler.io.tabular import (
    ABSENCE,
    AREAS,
    BUDGETS,
    EXCEPTIONS,
    KIND_NAMES,
    NAMED_RULES,
    NO,
    OBJECTIVE_NAMES,
    RESOURCES,
    RULE_SPECS,
    SHEETS,
    YES,
    Lang,
    OutTable,
    require_every_rule_written,
    scenario_tables,
)
from scheduler.scenario import Kind, Objective, Scenario

_ACTIVE = ("=", "+", "-", "@")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_LIST_ROWS = 1000  # drop-downs that list another sheet look this far down it


def write_workbook(scenario: Scenario | None, path: str | Path, lang: Lang = "nl") -> Path:
    """Write ``scenario`` (None: an empty workbook) to an .xlsx file, atomically."""
    target = check_writable(path)
    check_expressible(scenario, str(target))
    data = workbook_bytes(scenario, lang, str(target))
    return write_bytes(target, data)


def template(path: str | Path, demo_scenario: Scenario | None = None, lang: Lang = "nl") -> Path:
    """A workbook a planner can start from: empty, or filled with ``demo_scenario``.

    The empty template still holds every sheet with its headers, notes and
    drop-downs, and the default policy.
    """
    return write_workbook(demo_scenario, path, lang)


def workbook_bytes(scenario: Scenario | None, lang: Lang = "nl", target: str = "") -> bytes:
    """The .xlsx file of ``scenario`` as bytes."""
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    tables = scenario_tables(scenario, lang)
    sizes = {table.spec.key: len(table.rows) for table in tables}
    for table in tables:
        sheet = book.create_sheet(table.title)
        if table.spec.settings:
            _write_settings(sheet, table, lang, target)
        else:
            _write_table(sheet, table, lang, target, sizes)
    book.active = 1  # Werken
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def check_expressible(scenario: Scenario | None, target: str) -> None:
    """Refuse what a sheet cannot hold: an ``after`` or bundle id with a comma would split."""
    require_every_rule_written()
    if scenario is None:
        return
    for item in scenario.items:
        for dep in item.after:
            if "," in dep.work or ";" in dep.work:
                raise OutputError(target, "output_comma_in_id", id=dep.work)
    for spec in RULE_SPECS:
        for code, item_id in spec.unsplittable(scenario.rules):
            raise OutputError(target, code, id=item_id)


def _put(sheet: Worksheet, row: int, col: int, value: Any, target: str) -> None:
    """One cell; text always as text, never as a formula or an error value."""
    cell = sheet.cell(row=row, column=col)
    if isinstance(value, str):
        if ILLEGAL_CHARACTERS_RE.search(value):
            raise OutputError(target, "output_bad_character", text=_short(value))
        cell.value = value
        cell.data_type = "s"
        if value.startswith(_ACTIVE):
            cell.quotePrefix = True
    else:
        cell.value = value


def _short(text: str) -> str:
    shown = str(ILLEGAL_CHARACTERS_RE.sub("?", text))
    return shown if len(shown) <= 40 else shown[:37] + "..."


def _header_row(sheet: Worksheet, headers: list[str], notes: list[str], target: str) -> None:
    for col, (header, note) in enumerate(zip(headers, notes, strict=True), start=1):
        _put(sheet, 1, col, header, target)
        cell = sheet.cell(row=1, column=col)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        if note:
            cell.comment = Comment(note, "plooi", height=110, width=260)
        width = max(len(header) + 4, 10)
        sheet.column_dimensions[get_column_letter(col)].width = min(width, 40)


def _write_table(
    sheet: Worksheet, table: OutTable, lang: Lang, target: str, sizes: dict[str, int]
) -> None:
    headers = [column.header for column in table.columns]
    _header_row(sheet, headers, [column.note for column in table.columns], target)
    for r, values in enumerate(table.rows, start=2):
        for c, value in enumerate(values, start=1):
            if value is not None:
                _put(sheet, r, c, value, target)
    last = get_column_letter(max(len(headers), 1))
    sheet.freeze_panes = "B2" if table.spec.key in ("works", "requests") else "A2"
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    for col, out in enumerate(table.columns, start=1):
        letter = get_column_letter(col)
        column = out.column
        if column is None or column.kind == "int":
            for r in range(2, len(table.rows) + 2):
                sheet.cell(row=r, column=col).number_format = "#,##0"
        if column is None:
            continue
        source = _list_source(table.spec.key, column.key, column.kind, lang, sizes)
        if source is not None:
            formula, strict = source
            validation = DataValidation(
                type="list",
                formula1=formula,
                allow_blank=True,
                errorStyle="stop" if strict else "warning",
                showErrorMessage=True,
            )
            validation.add(f"{letter}2:{letter}1048576")
            sheet.add_data_validation(validation)
        if column.key in ("name", "reason", "description"):
            sheet.column_dimensions[letter].width = 40


def _list_source(
    sheet_key: str, key: str, kind: str, lang: Lang, sizes: dict[str, int]
) -> tuple[str, bool] | None:
    """The drop-down list for a column: a literal list or a range of another sheet.

    Lists of other sheets only warn: a buurt of a listed wijk is a valid area
    without being listed itself, and a new line may not be entered yet.
    """

    def literal(values: list[str]) -> str:
        return '"' + ",".join(values) + '"'

    def other(spec_key: str) -> str:
        spec = next(spec for spec in SHEETS if spec.key == spec_key)
        rows = max(_LIST_ROWS, sizes.get(spec_key, 0) + 200)
        return f"{spec.name(lang)}!$A$2:$A${rows + 1}"

    if kind == "kind":
        names = [KIND_NAMES[k] if lang == "nl" else k.value for k in Kind]
        return literal(names), False
    if kind == "bool":
        return literal([YES[lang], NO[lang]]), False
    if kind == "rule":
        return literal([spec.name(lang) for spec in NAMED_RULES]), False
    if kind == "per":
        return literal(["wijk", "buurt"]), False
    if key == "area" and sheet_key in ("works", "requests"):
        return other(AREAS.key), False
    if key == "budget":
        return other(BUDGETS.key), False
    if key == "id" and sheet_key in (EXCEPTIONS.key, ABSENCE.key):
        return other(RESOURCES.key), False
    return None


def _write_settings(sheet: Worksheet, table: OutTable, lang: Lang, target: str) -> None:
    headers = [column.header for column in table.columns]
    _header_row(sheet, headers, ["", "", ""], target)
    for r, row in enumerate(table.rows, start=2):
        for c, value in enumerate(row, start=1):
            if value is not None:
                _put(sheet, r, c, value, target)
        sheet.cell(row=r, column=1).font = Font(bold=True)
        sheet.cell(row=r, column=3).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 24
    sheet.column_dimensions["C"].width = 70
    sheet.freeze_panes = "A2"
    for r, column in enumerate(table.spec.columns, start=2):
        values: list[str] | None = None
        if column.kind == "objective":
            values = [OBJECTIVE_NAMES[o] if lang == "nl" else o.value for o in Objective]
        elif column.kind == "bool":
            values = [YES[lang], NO[lang]]
        if values is not None:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(values) + '"',
                allow_blank=True,
                errorStyle="warning",
                showErrorMessage=True,
            )
            validation.add(f"B{r}")
            sheet.add_data_validation(validation)


# ---------------------------------------------------------------------------
# CSV folder


def write_csv_folder(
    scenario: Scenario | None,
    folder: str | Path,
    lang: Lang = "nl",
    dialect: CsvDialect = EXCEL_NL,
) -> Path:
    """Write ``scenario`` as one CSV file per sheet into ``folder``.

    The folder is created when its parent exists. The default dialect is what
    Dutch Excel opens directly (``;``, UTF-8 with BOM, decimal comma); pass
    ``STANDARD`` (``,``, UTF-8, decimal point) for other tools.
    """
    folder = Path(folder)
    parent = folder.parent if str(folder.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(str(folder), "output_dir_missing", folder=str(parent))
    if folder.exists() and not folder.is_dir():
        raise OutputError(str(folder), "output_is_file")
    check_expressible(scenario, str(folder))
    other: Lang = "en" if lang == "nl" else "nl"
    if folder.is_dir():
        present = {p.name.lower() for p in folder.iterdir()}
        for spec in SHEETS:
            theirs, ours = spec.csv_name(other), spec.csv_name(lang)
            if theirs != ours and theirs in present:
                raise OutputError(str(folder), "output_other_language", name=theirs)
    files = {
        table.spec.csv_name(lang): csv_bytes(table, dialect, str(folder))
        for table in scenario_tables(scenario, lang)
    }
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:
        raise OutputError(
            str(folder), "output_write_failed", errno=error.errno, detail=error.strerror
        ) from None
    write_many({folder / name: data for name, data in files.items()})
    return folder


def csv_bytes(table: OutTable, dialect: CsvDialect = EXCEL_NL, target: str = "") -> bytes:
    """One table as CSV text in ``dialect`` (with a BOM, Excel reads the accents right)."""
    stream = io.StringIO(newline="")
    writer = csv.writer(stream, delimiter=dialect.delimiter, lineterminator="\r\n")
    writer.writerow([escape(column.header) for column in table.columns])
    for values in table.rows:
        writer.writerow([_csv_cell(value, target, dialect) for value in values])
    return (("\ufeff" if dialect.bom else "") + stream.getvalue()).encode("utf-8")


def _csv_cell(value: Any, target: str, dialect: CsvDialect) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        if "\x00" in value:
            raise OutputError(target, "output_bad_character", text=_short(value))
        return escape(value)
    if isinstance(value, float) and dialect.decimal_comma:
        return str(value).replace(".", ",")
    return str(value)
