"""Reading one sheet: its header to columns, its rows to raw entries, its cells to values.

The layer under :mod:`.reading`, which knows the parts of a scenario; this one
knows tables. Every problem is recorded at its cell in the :class:`_Reading`.
"""

from __future__ import annotations

import re
from typing import Any

from scheduler.io.tables.cells import (
    _PARSERS,
    _at,
    _blank,
    _cell_text,
    _CellError,
    _extra_column,
    _hint,
    _is_decimal_comma,
    _labels,
    _shown,
    _target_key,
)
from scheduler.io.tables.columns import Column, SheetSpec, _names, normalise
from scheduler.io.tables.tables import _MISSING, BadCell, Table, _Reading, _Record
from scheduler.io.validate import place_text
from scheduler.references import Path


class SheetReader:
    """Reads the tables of one scenario, recording where each value stands."""

    def __init__(self, reading: _Reading, tables: dict[str, Table]) -> None:
        self.reading = reading
        self.tables = tables

    # -- headers

    def _header(
        self,
        table: Table,
        spec: SheetSpec,
        resource_ids: list[str] | None = None,
        years: bool = False,
        needed: set[str] | None = None,
    ) -> dict[int, Any]:
        """Column index -> Column, ("demand", id) or ("per_year", year).

        ``needed`` names columns that are required here beyond the sheet's own.
        """
        reading = self.reading
        needed = needed or set()
        columns: dict[int, Any] = {}
        if not table.rows:
            for column in spec.columns:
                if column.required or column.key in needed:
                    reading.add(
                        "sheet_missing_column", _labels(column), table.title, spec.key, stop=True
                    )
            return columns
        header_row, header = table.rows[0]
        by_name = {name: column for column in spec.columns for name in _names(column)}
        seen: dict[Any, int] = {}
        used = {
            col for _, values in table.rows[1:] for col, v in enumerate(values) if not _blank(v)
        }
        for col, value in enumerate(header):
            text = _cell_text(value)
            if text is None:
                if col in used:
                    reading.add(
                        "sheet_no_header",
                        {},
                        self.reading.cell(table, header_row, col),
                        spec.key,
                        stop=True,
                    )
                continue
            target: Any = by_name.get(normalise(text))
            if target is None:
                target = self._extra_header(text, resource_ids, years)
            if target is None:
                candidates = [c.label(lang) for c in spec.columns for lang in ("nl", "en")]
                candidates += resource_ids or []
                hint = _hint(text, candidates)
                reading.add(
                    "sheet_unknown_column",
                    {"header": text, "hint": hint},
                    self.reading.cell(table, header_row, col),
                    spec.key,
                    stop=True,
                )
                continue
            identity = target.key if isinstance(target, Column) else target
            if identity in seen:
                reading.add(
                    "sheet_duplicate_column",
                    {"header": text, "first": self.reading.cell(table, header_row, seen[identity])},
                    self.reading.cell(table, header_row, col),
                    spec.key,
                    stop=True,
                )
                continue
            seen[identity] = col
            columns[col] = target
        present = {target.key for target in columns.values() if isinstance(target, Column)}
        for column in spec.columns:
            if (column.required or column.key in needed) and column.key not in present:
                reading.add(
                    "sheet_missing_column", _labels(column), table.title, spec.key, stop=True
                )
        return columns

    @staticmethod
    def _extra_header(text: str, resource_ids: list[str] | None, years: bool) -> Any:
        if years:
            stripped = text.strip()
            if re.fullmatch(r"\d{4}", stripped):
                return ("per_year", int(stripped))
            return None
        if resource_ids is None:
            return None
        prefixed = re.fullmatch(r"\s*(?:vraag|demand)\s*:\s*(.*?)\s*", text, re.IGNORECASE)
        if prefixed:
            return ("demand", prefixed.group(1))
        if text.strip() in resource_ids:
            return ("demand", text.strip())
        return None

    # -- rows

    def _data_rows(self, table: Table, key: str) -> list[tuple[int, list[Any]]]:
        """Data rows without trailing empty rows; an empty row in between is a problem."""
        rows = table.rows[1:]
        while rows and all(_blank(v) for v in rows[-1][1]):
            rows.pop()
        kept = []
        for row, values in rows:
            if all(_blank(v) for v in values):
                self.reading.add("sheet_empty_row", {}, self.reading.cell(table, row, None), key)
            else:
                kept.append((row, values))
        return kept

    def _rows(
        self,
        spec: SheetSpec,
        resource_ids: list[str] | None = None,
        years: bool = False,
        needed: set[str] | None = None,
    ) -> list[dict[str, Any]]:
        key = spec.key
        table = self.tables[key]
        columns = self._header(table, spec, resource_ids, years, needed)
        cells = {_target_key(target): (None, col) for col, target in columns.items()}
        plan = [
            (col, target, None, None)
            if isinstance(target, Column)
            else (col, _extra_column(*target), target[0], target[1])
            for col, target in columns.items()
        ]
        entries: list[dict[str, Any]] = []
        for index, (row, values) in enumerate(self._data_rows(table, key)):
            path: Path = (key, index)
            self.reading.records[path] = _Record(table, row, cells)
            entry: dict[str, Any] = {}
            for col, column, section, name in plan:
                value = values[col] if col < len(values) else None
                if value is None:
                    continue
                parsed = self._value(
                    value, column, (table, row, col), (*path, section or column.key)
                )
                if parsed is _MISSING:
                    continue
                if section is None:
                    entry[column.key] = parsed
                else:
                    entry.setdefault(section, {})[name] = parsed
            if years:
                entry.setdefault("per_year", {})
            entries.append(entry)
        return entries

    def _settings(self, spec: SheetSpec) -> dict[str, Any]:
        """A key/value sheet: column A names the setting, column B holds its value.

        Row 1 is a header ("instelling | waarde") unless it already names a
        setting; columns after B are notes and are not read.
        """
        table = self.tables.get(spec.key)
        if table is None:
            return {}
        by_name = {name: column for column in spec.columns for name in _names(column)}
        rows = table.rows
        if rows and normalise(_cell_text(_at(rows[0][1], 0)) or "") not in by_name:
            rows = rows[1:]
        result: dict[str, Any] = {}
        cells: dict[Any, tuple[int | None, int]] = {}
        for row, values in rows:
            name = _cell_text(_at(values, 0))
            value = _at(values, 1)
            if name is None:
                if not _blank(value):
                    self.reading.add(
                        "sheet_no_header", {}, self.reading.cell(table, row, 0), spec.key
                    )
                continue
            column = by_name.get(normalise(name))
            if column is None:
                labels = [c.label(lang) for c in spec.columns for lang in ("nl", "en")]
                self.reading.add(
                    "sheet_unknown_setting",
                    {"key": name, "hint": _hint(name, labels)},
                    self.reading.cell(table, row, 0),
                    spec.key,
                )
                continue
            if column.key in cells:
                first_row = cells[column.key][0] or row
                self.reading.add(
                    "sheet_duplicate_setting",
                    {"key": name, "first": self.reading.cell(table, first_row, 0)},
                    self.reading.cell(table, row, 0),
                    spec.key,
                )
                continue
            cells[column.key] = (row, 1)
            parsed = self._value(value, column, (table, row, 1), (spec.key, column.key))
            if parsed is not _MISSING:
                result[column.key] = parsed
        first = rows[0][0] if rows else 1
        self.reading.records[(spec.key,)] = _Record(table, first, cells, settings=True)
        return result

    # -- values

    def _value(self, value: Any, column: Column, where: tuple[Table, int, int], place: Path) -> Any:
        """The raw value of a cell for ``column``, or _MISSING (empty, or a problem reported).

        ``where`` (table, row, column) and ``place`` only become text when
        there is a problem: a large sheet has a hundred thousand cells.
        """
        if isinstance(value, BadCell):
            table, row, col = where
            self.reading.add(
                value.code, value.params, self.reading.cell(table, row, col), place_text({}, place)
            )
            return _MISSING
        if _blank(value) and (column.kind != "text" or value is None or value == ""):
            return _MISSING
        if where[0].decimal_comma and column.kind == "number" and _is_decimal_comma(value):
            value = value.strip().replace(",", ".")
        try:
            return _PARSERS[column.kind](value, column)
        except _CellError as error:
            params = {**_labels(column), "got": _shown(value), **error.params}
            table, row, col = where
            self.reading.add(
                error.code, params, self.reading.cell(table, row, col), place_text({}, place)
            )
            return _MISSING
