"""Tables as read: rows of cell values with a way to name a cell, and the state of one read
(problems collected per cell, the sheets resolved by name in either language)."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from scheduler.errors import InputProblem, ScenarioError
from scheduler.io.tables.columns import (
    SHEETS,
    WORKS,
    SheetSpec,
)
from scheduler.references import Path

# ---------------------------------------------------------------------------
# Tables as read


@dataclass(frozen=True)
class BadCell:
    """A cell whose value cannot be used (formula without result, Excel error)."""

    code: str
    params: dict[str, Any]


# Cells one sheet or CSV file may hold: like the YAML element limit, this bounds
# the time and memory a huge (or hostile) file costs before it is refused.
MAX_CELLS = 1_000_000


@dataclass
class Table:
    """One sheet or CSV file: numbered rows of cell values, and how to name a cell.

    ``ref(row, None)`` names a whole row, ``ref(row, column)`` a cell (column
    counted from 0). ``rows`` holds the header row first; cell values are
    None, str, int, float, bool, date/datetime or :class:`BadCell`.
    ``decimal_comma``: a ``,`` in a text number cell is the decimal sign (a CSV
    file with ``;`` between cells, as Dutch Excel writes it).
    """

    title: str
    rows: list[tuple[int, list[Any]]]
    ref: Callable[[int, int | None], str]
    decimal_comma: bool = False


@dataclass
class _Record:
    """Where one list entry (or settings block) of the raw dict stands."""

    table: Table
    row: int
    cells: Mapping[Any, tuple[int | None, int]]  # key -> (row or None for self.row, column)
    settings: bool = False  # a key/value sheet: a key without a row has no cell
    column: int | None = None  # the record's own cell, if it is one


@dataclass
class _Reading:
    source: str
    form: Literal["sheet", "csv"]
    problems: list[InputProblem] = field(default_factory=list)
    stop: bool = False  # a problem with the shape of the tables: do not validate
    bad_cells: set[str] = field(default_factory=set)
    records: dict[Path, _Record] = field(default_factory=dict)
    horizon_reported: bool = False  # the missing Scenario sheet says it all
    titles: dict[str, int] = field(default_factory=dict)  # table title -> sheet order
    order: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # cell -> sort key

    def cell(self, table: Table, row: int, col: int | None) -> str:
        """The name of a cell, remembering where it stands so problems can be sorted."""
        text = table.ref(row, col)
        self.order[text] = (self.titles.get(table.title, 0), row, -1 if col is None else col)
        return text

    def error(self, problems: list[InputProblem]) -> ScenarioError:
        """All problems, in sheet order, then row, then column (not in YAML-path order)."""
        error = ScenarioError(problems)
        error.problems.sort(key=self._sort_key)
        error.args = (error.render("en"),)
        return error

    def _sort_key(self, problem: InputProblem) -> tuple[int, int, int]:
        if problem.cell is None:
            return (-1, 0, 0)
        if problem.cell in self.order:
            return self.order[problem.cell]
        for title, index in self.titles.items():  # a sheet, or a range named by a reader
            if problem.cell == title or problem.cell.startswith((f"{title}!", f"{title}:")):
                return (index, 0, -1)
        return (len(self.titles), 0, 0)

    def add(
        self,
        code: str,
        params: dict[str, Any],
        cell: str | None,
        place: str = "",
        *,
        stop: bool = False,
    ) -> None:
        self.problems.append(InputProblem(self.source, place, code, params, cell=cell))
        if cell is not None:
            self.bad_cells.add(cell)
        self.stop = self.stop or stop

    def locate(self, path: Path) -> tuple[int | None, str | None]:
        for end in range(len(path), 0, -1):
            record = self.records.get(tuple(path[:end]))
            if record is None:
                continue
            rest = path[end:]
            if not rest:
                return None, self.cell(record.table, record.row, record.column)
            for key in (rest[0], tuple(rest[:2])):
                if key in record.cells:
                    row, column = record.cells[key]
                    return None, self.cell(record.table, record.row if row is None else row, column)
            if record.settings:
                return None, None
            return None, f"{self.cell(record.table, record.row, None)} ({rest[0]})"
        return None, None


_MISSING = object()


def resolve_parts(
    names: Iterable[str], form: Literal["sheet", "csv"], source: str
) -> dict[str, str]:
    """Which sheet (or CSV file) holds which part; raise ScenarioError when that is unclear.

    Names match the Dutch or English name, ignoring case. A name close to a
    known one ("Verzoeke") is refused rather than ignored: the requests would
    silently vanish. Other sheets (notes, pivots) are ignored.
    """
    names = list(names)
    reading = _Reading(source, form)
    found: dict[str, str] = {}
    known: dict[str, SheetSpec] = {}
    for spec in SHEETS:
        for lang in ("nl", "en"):
            label = spec.name(lang) if form == "sheet" else spec.csv_name(lang)
            known[label.lower()] = spec
    for name in names:
        match = known.get(name.strip().lower())
        if match is None:
            close = difflib.get_close_matches(name.strip().lower(), list(known), 1, 0.8)
            if close:
                hint = _display(known[close[0]], form, name)
                reading.add("sheet_unknown", {"name": name, "hint": hint}, None, stop=True)
            continue
        if match.key in found:
            reading.add("sheet_twice", {"first": found[match.key], "second": name}, None, stop=True)
            continue
        found[match.key] = name
    if WORKS.key not in found:
        code = "sheet_missing" if form == "sheet" else "csv_missing"
        reading.add(
            code,
            {
                "name_nl": WORKS.nl if form == "sheet" else WORKS.csv_name("nl"),
                "name_en": WORKS.en if form == "sheet" else WORKS.csv_name("en"),
                "found": ", ".join(names),
            },
            None,
            stop=True,
        )
    if reading.problems:
        raise ScenarioError(reading.problems)
    return found


def _display(spec: SheetSpec, form: str, like: str) -> str:
    """The name of ``spec`` in the language the user's name seems to be in."""
    nl = spec.nl if form == "sheet" else spec.csv_name("nl")
    en = spec.en if form == "sheet" else spec.csv_name("en")
    a = difflib.SequenceMatcher(None, like.lower(), nl.lower()).ratio()
    b = difflib.SequenceMatcher(None, like.lower(), en.lower()).ratio()
    return nl if a >= b else en
