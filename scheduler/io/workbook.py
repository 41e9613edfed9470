"""Read a scenario from an .xlsx workbook.

The workbook is opened read-only with cached values (``data_only``): a formula
gives the result Excel stored when it last saved the file, and plooi never
evaluates a formula itself. Two things openpyxl's read-only mode does not tell
are looked up in the sheet's XML, which is cheap: merged ranges (refused, with
the range named) and whether a sheet holds formulas at all. Only a sheet that
does is read a second time with formulas, to tell a formula without a stored
result (refused) from an empty cell. Workbooks with macros are refused.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from scheduler.errors import InputProblem, ScenarioError
from scheduler.io.tabular import (
    MAX_CELLS,
    BadCell,
    Table,
    resolve_parts,
    scenario_from_tables,
)
from scheduler.scenario import Scenario

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam")

_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*ref="([^"]+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


def load_workbook_scenario(path: str | Path) -> Scenario:
    """Read and validate a workbook; raise ScenarioError with every problem found."""
    path = Path(path)
    source = str(path)
    with _open_zip(path, source) as archive:
        workbook = _open_workbook(path, source, data_only=True)
        formulas: Any = None
        try:
            parts = resolve_parts(workbook.sheetnames, "sheet", source)
            tables: dict[str, Table] = {}
            problems: list[InputProblem] = []
            for key, name in parts.items():
                sheet = workbook[name]
                if not hasattr(sheet, "iter_rows"):
                    problems.append(InputProblem(source, key, "sheet_not_table", {"name": name}))
                    continue
                xml = _sheet_xml(archive, sheet)
                for merged in _MERGE.findall(xml):
                    cell = f"{_quoted(name)}!{merged.decode()}"
                    problems.append(
                        InputProblem(
                            source, key, "sheet_merged", {"range": merged.decode()}, cell=cell
                        )  # fmt: skip
                    )
                formula_cells: dict[tuple[int, int], str] = {}
                if _FORMULA.search(xml):
                    if formulas is None:
                        formulas = _open_workbook(path, source, data_only=False)
                    formula_cells = _formulas(formulas[name])
                try:
                    tables[key] = _table(sheet, name, formula_cells)
                except _TooManyCells as error:
                    limit = {"limit": MAX_CELLS}
                    problems.append(
                        InputProblem(source, key, "sheet_too_many_cells", limit, cell=error.cell)
                    )
                    break
        finally:
            workbook.close()
            if formulas is not None:
                formulas.close()
    return scenario_from_tables(tables, source, "sheet", problems)


def _fail(source: str, code: str, **params: Any) -> ScenarioError:
    return ScenarioError([InputProblem(source, "", code, params)])


def _open_zip(path: Path, source: str) -> zipfile.ZipFile:
    """The workbook's archive, after the checks that need no parsing."""
    if path.suffix.lower() in MACRO_SUFFIXES:
        raise _fail(source, "sheet_macros")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _fail(source, "file_missing") from None
    except OSError as error:
        raise _fail(source, "file_unreadable", detail=error.strerror or str(error)) from None
    if path.is_dir():
        raise _fail(source, "file_unreadable", detail="is a folder")
    if size > MAX_FILE_BYTES:
        raise _fail(source, "file_too_large", size=size, limit=MAX_FILE_BYTES)
    if size == 0:
        raise _fail(source, "file_empty")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise _fail(source, "sheet_not_xlsx", detail=str(error) or "not a zip archive") from None
    names = archive.namelist()
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        archive.close()
        raise _fail(source, "sheet_macros")
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        archive.close()
        raise _fail(source, "sheet_unpacked_too_large", size=unpacked, limit=MAX_UNPACKED_BYTES)
    return archive


def _open_workbook(path: Path, source: str, data_only: bool) -> Any:
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        detail = str(error) or type(error).__name__
        raise _fail(source, "sheet_not_xlsx", detail=detail) from None


def _sheet_xml(archive: zipfile.ZipFile, sheet: Any) -> bytes:
    """The raw XML of a read-only worksheet (openpyxl keeps its path in the archive)."""
    member = getattr(sheet, "_worksheet_path", None)
    if not isinstance(member, str):
        return b""
    try:
        return archive.read(member.lstrip("/"))
    except KeyError:
        return b""


def _quoted(name: str) -> str:
    """A sheet name as Excel writes it in a reference."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", name):
        return name
    return "'" + name.replace("'", "''") + "'"


def _formulas(sheet: Any) -> dict[tuple[int, int], str]:
    """(row, column) -> formula text of every formula cell of a sheet."""
    found: dict[tuple[int, int], str] = {}
    sheet.reset_dimensions()
    for row, cells in enumerate(sheet.iter_rows(), start=1):
        for col, cell in enumerate(cells):
            if getattr(cell, "data_type", None) == "f":
                value = cell.value
                found[(row, col)] = str(getattr(value, "text", value))
    return found


class _TooManyCells(Exception):
    """A sheet with more than MAX_CELLS cells; ``cell`` is where reading stopped."""

    def __init__(self, cell: str) -> None:
        super().__init__(cell)
        self.cell = cell


def _table(sheet: Any, name: str, formula_cells: dict[tuple[int, int], str]) -> Table:
    title = _quoted(name)

    def ref(row: int, col: int | None) -> str:
        return f"{title}!{get_column_letter((col or 0) + 1)}{row}"

    rows: list[tuple[int, list[Any]]] = []
    count = 0
    sheet.reset_dimensions()  # the stored dimension may be wrong; read every row
    for row, cells in enumerate(sheet.iter_rows(), start=1):
        count += len(cells)
        if count > MAX_CELLS:
            raise _TooManyCells(f"{title}!A{row}")
        values: list[Any] = []
        for col, cell in enumerate(cells):
            value = cell.value
            if getattr(cell, "data_type", None) == "e":
                value = BadCell("sheet_excel_error", {"value": value})
            elif (value is None or value == "") and (row, col) in formula_cells:
                value = BadCell("sheet_formula_no_value", {"formula": formula_cells[(row, col)]})
            values.append(value)
        while values and values[-1] is None:
            values.pop()
        rows.append((row, values))
    return Table(name, rows, ref)
