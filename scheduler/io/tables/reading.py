"""Reading: spreadsheet tables to the raw YAML-shaped dict, then to a validated scenario.

Reading is two-phase. Problems with the shape of the tables (a missing sheet,
an unknown header, merged cells) stop before validation: every cell below a
wrong header would otherwise be reported too. Problems in single cells (text
in a number column, a date written as text) are collected, the cell is left
out, validation runs on the rest, and all problems are reported at once.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any, Literal

from scheduler.errors import InputProblem, ScenarioError
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
    _objective,
    _shown,
    _target_key,
)
from scheduler.io.tables.columns import (
    _SCENARIO_TEXTS,
    ABSENCE,
    AREAS,
    BUDGETS,
    BUNDLES,
    EXCEPTIONS,
    POLICY,
    REQUESTS,
    RESOURCES,
    RULE_COLUMNS,
    RULE_NAMES,
    RULES,
    SCENARIO,
    SHEETS,
    WORKS,
    Column,
    SheetSpec,
    ValueKind,
    _names,
    normalise,
)
from scheduler.io.tables.tables import (
    _MISSING,
    BadCell,
    Table,
    _Reading,
    _Record,
)
from scheduler.io.validate import build_scenario, place_text
from scheduler.references import Path
from scheduler.scenario import Scenario


def scenario_from_tables(
    tables: dict[str, Table],
    source: str,
    form: Literal["sheet", "csv"],
    problems: Iterable[InputProblem] = (),
) -> Scenario:
    """Validate the tables as a scenario; raise ScenarioError with every problem found.

    ``tables`` maps part keys (see :data:`SHEETS`) to tables; ``problems`` are
    what the reader of the form already found (merged cells, ...).
    """
    reading = _Reading(source, form)
    for index, spec in enumerate(SHEETS):
        if spec.key in tables:
            reading.titles[tables[spec.key].title] = index
    for problem in problems:
        reading.problems.append(problem)
        reading.stop = True
    raw = _TableReader(reading, tables).read()
    if reading.stop:
        raise reading.error(reading.problems)
    try:
        scenario = build_scenario(raw, source, reading.locate)
    except ScenarioError as error:
        later = [
            _sheet_params(problem, reading)
            for problem in error.problems
            if (problem.cell is None or problem.cell not in reading.bad_cells)
            and not (reading.horizon_reported and problem.place == "horizon")
        ]
        raise reading.error(reading.problems + later) from None
    if reading.problems:
        raise reading.error(reading.problems)
    return scenario


_PLACE_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _parse_place(text: str) -> Path:
    parts: list[str | int] = []
    for name, index in _PLACE_PART.findall(text):
        parts.append(int(index) if index else (int(name) if name.isdigit() else name))
    return tuple(parts)


def _sheet_params(problem: InputProblem, reading: _Reading) -> InputProblem:
    """Validation names other entries by YAML path ("works[0].id"); name their cell instead."""
    params = dict(problem.params)
    named_first = ("duplicate_id", "duplicate_area", "bundle_item_twice")
    if problem.code in named_first and "first" in params:
        _, cell = reading.locate(_parse_place(str(params["first"])))
        if cell is not None:
            params["first"] = cell
    elif problem.code == "exception_overlap" and "other" in params:
        path = _parse_place(problem.place)
        _, cell = reading.locate((*path[:-1], params["other"]))
        if cell is not None:
            params["other"] = cell
    else:
        return problem
    return dataclasses.replace(problem, params=params)


class _TableReader:
    """Reads every table into the raw dict, recording where each value stands."""

    def __init__(self, reading: _Reading, tables: dict[str, Table]) -> None:
        self.reading = reading
        self.tables = tables

    def read(self) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        settings = self._settings(SCENARIO)
        for key in _SCENARIO_TEXTS:
            if key in settings:
                raw[key] = settings[key]
        if SCENARIO.key not in self.tables:
            code = "sheet_no_horizon" if self.reading.form == "sheet" else "csv_no_horizon"
            self.reading.add(code, {}, None)
            self.reading.horizon_reported = True
        else:
            raw["horizon"] = {
                end: settings[f"horizon_{end}"]
                for end in ("start", "end")
                if f"horizon_{end}" in settings
            }
            self._alias_settings(
                ("scenario",), ("horizon",), {"start": "horizon_start", "end": "horizon_end"}
            )
            for key in _SCENARIO_TEXTS:
                self._alias_settings(("scenario",), (key,), {}, own=key)
        policy = self._settings(POLICY)
        if POLICY.key in self.tables:
            raw["policy"] = policy
        resources = self._resources()
        if resources is not None:
            raw["resources"] = resources
        resource_ids = [r["id"] for r in resources or [] if isinstance(r.get("id"), str)]
        for spec in (BUDGETS, AREAS):
            if spec.key in self.tables:
                raw[spec.key] = self._rows(spec, years=spec is BUDGETS)
        # Under the displacement objective every work needs its planned start:
        # one missing column, not a "missing" for every row.
        makespan = _objective(policy.get("objective", ""), POLICY.columns[0]) == "makespan"
        for spec in (WORKS, REQUESTS):
            if spec.key in self.tables:
                needed = {"planned_start"} if spec is WORKS and not makespan else set()
                raw[spec.key] = self._rows(spec, resource_ids=resource_ids, needed=needed)
        rules = self._rules()
        if BUNDLES.key in self.tables:
            rules = {**(rules or {}), "bundles": self._bundles()}
        if rules is not None:
            raw["rules"] = rules
        return raw

    def _alias_settings(
        self, at: Path, path: Path, keys: dict[str, str], own: str | None = None
    ) -> None:
        """Let validation paths such as ("horizon", "start") find their settings cell."""
        record = self.reading.records.get(at)
        if record is None:
            return
        cells = {new: record.cells[old] for new, old in keys.items() if old in record.cells}
        alias = _Record(record.table, record.row, cells, settings=True)
        if own is not None:
            if own not in record.cells:
                return
            row, column = record.cells[own]
            alias.row, alias.column = row or record.row, column
        self.reading.records[path] = alias

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

    def _resources(self) -> list[dict[str, Any]] | None:
        if RESOURCES.key not in self.tables:
            resources: list[dict[str, Any]] | None = None
        else:
            resources = self._rows(RESOURCES)
        for index, row, cells, exception in self._per_resource(EXCEPTIONS, resources):
            assert resources is not None
            listed = resources[index].setdefault("exceptions", [])
            path: Path = ("resources", index, "exceptions", len(listed))
            self.reading.records[path] = _Record(self.tables[EXCEPTIONS.key], row, cells)
            listed.append(exception)
        self._absence(resources)
        return resources

    def _absence(self, resources: list[dict[str, Any]] | None) -> None:
        """The Afwezigheid sheet: a resource's only row without weeks is one number.

        Any other rows are periods (first listed wins), as in YAML.
        """
        periods: dict[int, list[tuple[int, dict[Any, tuple[int | None, int]], dict[str, Any]]]]
        periods = {}
        for index, row, cells, period in self._per_resource(ABSENCE, resources):
            periods.setdefault(index, []).append((row, cells, period))
        table = self.tables.get(ABSENCE.key)
        for index, listed in periods.items():
            assert resources is not None and table is not None
            row, cells, period = listed[0]
            if len(listed) == 1 and set(period) <= {"probability"}:
                if "probability" in period:
                    resources[index]["absence"] = period["probability"]
                column = cells.get("probability", (None, 0))[1]
                record = _Record(table, row, cells, column=column)
                self.reading.records[("resources", index, "absence")] = record
                continue
            resources[index]["absence"] = [period for _, _, period in listed]
            for number, (row, cells, _) in enumerate(listed):
                path: Path = ("resources", index, "absence", number)
                self.reading.records[path] = _Record(table, row, cells)

    def _per_resource(
        self, spec: SheetSpec, resources: list[dict[str, Any]] | None
    ) -> list[tuple[int, int, dict[Any, tuple[int | None, int]], dict[str, Any]]]:
        """Rows of a sheet keyed by resource id: (resource index, row, cells, values).

        A row naming no listed resource is reported at its id cell and left out.
        """
        table = self.tables.get(spec.key)
        if table is None:
            return []
        columns = self._header(table, spec)
        cells: dict[Any, tuple[int | None, int]] = {
            _target_key(target): (None, col) for col, target in columns.items()
        }
        index_of = {str(r.get("id")): i for i, r in enumerate(resources or [])}
        found = []
        for row, values in self._data_rows(table, spec.key):
            entry: dict[str, Any] = {}
            owner: str | None = None
            owner_cell = ""
            for col, column in columns.items():
                value = values[col] if col < len(values) else None
                parsed = self._value(value, column, (table, row, col), (spec.key,))
                if parsed is _MISSING:
                    continue
                if column.key == "id":
                    owner, owner_cell = str(parsed), self.reading.cell(table, row, col)
                else:
                    entry[column.key] = parsed
            if owner is None:
                continue
            if owner not in index_of:
                self.reading.add("unknown_resource", {"id": owner}, owner_cell, spec.key)
                continue
            found.append((index_of[owner], row, cells, entry))
        return found

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

    def _rules(self) -> dict[str, Any] | None:
        table = self.tables.get(RULES.key)
        if table is None:
            return None
        columns = self._header(table, RULES)
        by_key = {target.key: col for col, target in columns.items()}
        if "rule" not in by_key:
            return {}  # reported by _header
        rules: dict[str, Any] = {}
        first_at: dict[str, str] = {}
        rules_cells: dict[Any, tuple[int | None, int]] = {}
        self.reading.records[("rules",)] = _Record(table, 1, rules_cells)
        for row, values in self._data_rows(table, "rules"):

            def value_at(key: str, values: list[Any] = values) -> Any:
                col = by_key.get(key)
                return None if col is None else _at(values, col)

            rule_col = by_key["rule"]
            rule = self._rule_name(value_at("rule"), self.reading.cell(table, row, rule_col))
            if rule is None:
                continue
            entry: dict[str, Any] = {}
            used = RULE_COLUMNS[rule]
            for col, column in columns.items():
                if column.key == "rule":
                    continue
                value = value_at(column.key)
                cell = self.reading.cell(table, row, col)
                if column.key not in used:
                    if not _blank(value):
                        header = _cell_text(table.rows[0][1][col]) or column.key
                        label = RULE_NAMES[rule][0 if self._dutch(table) else 1]
                        self.reading.add(
                            "sheet_rule_column", {"header": header, "rule": label}, cell, "rules"
                        )
                    continue
                kind: ValueKind = column.kind
                if column.kind == "period":
                    kind = "day" if rule == "breeding_season" else "week"
                where = (table, row, col)
                parsed = self._value(
                    value, dataclasses.replace(column, kind=kind), where, ("rules",)
                )
                if parsed is not _MISSING:
                    entry[used[column.key]] = parsed
            cells = {raw_key: (None, by_key[key]) for key, raw_key in used.items() if key in by_key}
            here = self.reading.cell(table, row, rule_col)
            if rule in ("event", "max_concurrent"):
                section = "events" if rule == "event" else "max_concurrent"
                listed = rules.setdefault(section, [])
                self.reading.records[("rules", section, len(listed))] = _Record(table, row, cells)
                listed.append(entry)
            elif rule in first_at:
                label = RULE_NAMES[rule][0 if self._dutch(table) else 1]
                self.reading.add(
                    "sheet_rule_twice", {"rule": label, "first": first_at[rule]}, here, "rules"
                )
            elif rule in ("breeding_season", "school_holidays"):
                first_at[rule] = here
                rules[rule] = entry
                self.reading.records[("rules", rule)] = _Record(table, row, cells)
            else:
                first_at[rule] = here
                if "breekverbod_years" in entry:
                    rules["breekverbod_years"] = entry["breekverbod_years"]
                rules_cells["breekverbod_years"] = (row, by_key.get("years", rule_col))
        return rules

    def _bundles(self) -> list[dict[str, Any]]:
        """The Bundels sheet: one bundle per row, found by validation as rules.bundles[i]."""
        entries = self._rows(BUNDLES)
        for index in range(len(entries)):
            record = self.reading.records.pop((BUNDLES.key, index))
            self.reading.records[("rules", "bundles", index)] = record
        return entries

    def _dutch(self, table: Table) -> bool:
        return table.title.lower().startswith(RULES.nl.lower())

    def _rule_name(self, value: Any, cell: str) -> str | None:
        if isinstance(value, BadCell):
            self.reading.add(value.code, value.params, cell, "rules")
            return None
        text = _cell_text(value)
        if text is None:
            self.reading.add("missing", {}, cell, "rules")
            return None
        wanted = normalise(text)
        for rule, (nl, en) in RULE_NAMES.items():
            if wanted in (normalise(nl), normalise(en), normalise(rule)):
                return rule
        self.reading.add(
            "sheet_unknown_rule",
            {
                "got": text,
                "allowed_nl": ", ".join(nl for nl, _ in RULE_NAMES.values()),
                "allowed_en": ", ".join(en for _, en in RULE_NAMES.values()),
            },
            cell,
            "rules",
        )
        return None

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
