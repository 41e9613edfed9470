"""Read a scenario from a folder of CSV files, one file per sheet (werken.csv, ...).

Files are UTF-8 (a BOM, as Excel writes it, is fine) with ``,`` or ``;``
between cells (Dutch Excel writes ``;``); the separator is taken from the
header line. Every cell is text; :mod:`scheduler.io.tabular` reads numbers,
weeks and yes/no from it exactly as from a workbook. A cell is named
``werken.csv:14:duur`` (file, line, column header).

Texts that start with ``=``, ``+``, ``-`` or ``@`` are written with a leading
apostrophe so that a spreadsheet never runs them as a formula;
:func:`unescape` takes that apostrophe off again (see :func:`escape`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from scheduler.errors import InputProblem, ScenarioError
from scheduler.io.tabular import MAX_CELLS, Table, resolve_parts, scenario_from_tables
from scheduler.scenario import Scenario

MAX_FILE_BYTES = 50 * 1024 * 1024
_ACTIVE = ("=", "+", "-", "@")


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
        return problem("csv_not_utf8", byte=data[error.start], offset=error.start)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
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
    return table, None
