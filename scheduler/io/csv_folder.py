"""Read a scenario from a folder of CSV files, one file per sheet (werken.csv, ...).

Files are UTF-8 (a BOM, as Excel writes it, is fine) or, failing that,
Windows-1252 (what Excel's plain "CSV" writes in a Dutch locale; a notice says
so), with ``,`` or ``;`` between cells (Dutch Excel writes ``;``); the separator
is taken from the header line. In a ``;`` file a comma in a number is the
decimal sign. Every cell is text; :mod:`scheduler.io.tabular` reads numbers,
weeks and yes/no from it exactly as from a workbook. A cell is named
``werken.csv:14:duur`` (file, line, column header).

Texts that start with ``=``, ``+``, ``-`` or ``@`` are written with a leading
apostrophe so that a spreadsheet never runs them as a formula;
:func:`unescape` takes that apostrophe off again (see :func:`escape`).
:class:`CsvDialect` names the two forms plooi writes.
"""

from __future__ import annotations

import csv
import io
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scheduler.errors import InputNotice, InputProblem, ScenarioError
from scheduler.io.tabular import MAX_CELLS, Table, resolve_parts, scenario_from_tables
from scheduler.scenario import Scenario

MAX_FILE_BYTES = 50 * 1024 * 1024
_ACTIVE = ("=", "+", "-", "@")


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV folder is written: separator, byte order mark, decimal sign."""

    name: str
    delimiter: str
    bom: bool
    decimal_comma: bool


# What Excel in a Dutch locale opens as columns, with accents and decimals right:
# ';' between cells, UTF-8 with a BOM (without one Excel guesses Windows-1252 and
# garbles every accent; Windows-1252 itself cannot hold every name), a decimal comma.
EXCEL_NL = CsvDialect("excel-nl", ";", bom=True, decimal_comma=True)
# For other tools: ',' between cells, plain UTF-8, a decimal point.
STANDARD = CsvDialect("standard", ",", bom=False, decimal_comma=False)
DIALECTS = {dialect.name: dialect for dialect in (EXCEL_NL, STANDARD)}


def escape(text: str) -> str:
    """Neutralise a text for a CSV cell: ``=SUM(A1)`` becomes ``'=SUM(A1)``.

    A text that already starts with an apostrophe before one of these
    characters (or before another apostrophe) gets one more, so that
    ``unescape(escape(t)) == t`` for every text, and ``'t Ven`` stays as it is.
    """
    if text.startswith(_ACTIVE) or (text.startswith("'") and text[1:2] in (*_ACTIVE, "'")):
        return "'" + text
    return text


def unescape(text: str) -> str:
    if text.startswith("'") and text[1:2] in (*_ACTIVE, "'"):
        return text[1:]
    return text


def load_csv_folder(folder: str | Path) -> Scenario:
    """Read and validate a CSV folder; raise ScenarioError with every problem found."""
    folder = Path(folder)
    source = str(folder)
    if not folder.is_dir():
        code = "file_missing" if not folder.exists() else "sheet_single_csv"
        raise ScenarioError([InputProblem(source, "", code, {})])
    files = {p.name: p for p in sorted(folder.iterdir()) if p.suffix.lower() == ".csv"}
    parts = resolve_parts(list(files), "csv", source)
    tables: dict[str, Table] = {}
    problems: list[InputProblem] = []
    for key, name in parts.items():
        table, problem = _read(files[name], source, key)
        if problem is not None:
            problems.append(problem)
        else:
            tables[key] = table
    return scenario_from_tables(tables, source, "csv", problems)


def _read(path: Path, source: str, key: str) -> tuple[Table, InputProblem | None]:
    name = path.name
    rows: list[tuple[int, list[Any]]] = []
    headers: list[str] = []

    def ref(row: int, col: int | None) -> str:
        if col is None:
            return f"{name}:{row}"
        header = headers[col] if col < len(headers) and headers[col] else f"{col + 1}"
        return f"{name}:{row}:{header}"

    table = Table(name, rows, ref)

    def problem(code: str, **params: Any) -> tuple[Table, InputProblem]:
        return table, InputProblem(source, key, code, params, cell=name)

    try:
        data = path.read_bytes()
    except OSError as error:
        return problem("file_unreadable", detail=error.strerror or str(error))
    if len(data) > MAX_FILE_BYTES:
        return problem("file_too_large", size=len(data), limit=MAX_FILE_BYTES)
    if not data.strip():
        return problem("file_empty")
    if b"\x00" in data:
        return problem("file_binary")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return problem("csv_not_utf8", byte=data[error.start], offset=error.start)
        notice = InputProblem(source, key, "csv_read_as_cp1252", {}, cell=name)
        warnings.warn(InputNotice(notice), stacklevel=2)
    delimiter = _delimiter(text.split("\n", 1)[0])
    table.decimal_comma = delimiter == ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    cells = 0
    try:
        for record in reader:
            cells += len(record)
            if cells > MAX_CELLS:
                return table, InputProblem(
                    source, key, "sheet_too_many_cells", {"limit": MAX_CELLS}, cell=f"{name}:{line}"
                )
            if line == 1 and record:
                record[0] = record[0].removeprefix("\ufeff")  # a BOM inside quotes
            values: list[Any] = [unescape(cell) if cell else None for cell in record]
            while values and values[-1] is None:
                values.pop()
            rows.append((line, values))
            line = reader.line_num + 1
    except csv.Error as error:
        return table, InputProblem(
            source, key, "csv_syntax", {"detail": str(error)}, cell=f"{name}:{reader.line_num}"
        )
    if rows:
        headers.extend(str(value or "").strip() for value in rows[0][1])
        if len(headers) == 1 and (";" in headers[0] or "," in headers[0]):
            return problem("csv_header_one_cell", header=headers[0][:60])
    return table, None


def _delimiter(header: str) -> str:
    """``;`` when the header line has more of them than commas, outside quotes."""
    counts = {";": 0, ",": 0}
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return ";" if counts[";"] > counts[","] else ","
