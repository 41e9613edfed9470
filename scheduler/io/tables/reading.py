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
    _at,
    _blank,
    _cell_text,
    _objective,
    _target_key,
)
from scheduler.io.tables.columns import (
    _SCENARIO_TEXTS,
    ABSENCE,
    AREAS,
    BUDGETS,
    EXCEPTIONS,
    POLICY,
    REQUESTS,
    RESOURCES,
    RULES,
    SCENARIO,
    SHEETS,
    WORKS,
    SheetSpec,
    ValueKind,
    normalise,
)
from scheduler.io.tables.rule_specs import NAMED_RULES, RULE_SPECS, RuleSpec
from scheduler.io.tables.sheet_reader import SheetReader
from scheduler.io.tables.tables import (
    _MISSING,
    BadCell,
    Table,
    _Reading,
    _Record,
)
from scheduler.io.validate import build_scenario
from scheduler.references import Path
from scheduler.rules import Rule
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


class _TableReader(SheetReader):
    """Reads every table into the raw dict: the parts of a scenario, from its sheets."""

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

    def _rules(self) -> dict[str, Any] | None:
        """The rules section: the Regels rows, then each rule with a sheet of its own."""
        rules = self._rules_sheet()
        for spec in RULE_SPECS:
            if not spec.on_rules_sheet and spec.sheet.key in self.tables:
                rules = {**(rules or {}), spec.field: self._own_sheet(spec)}
        return rules

    def _rules_sheet(self) -> dict[str, Any] | None:
        """The Regels sheet: one rule per row, its kind named in column regel."""
        table = self.tables.get(RULES.key)
        if table is None:
            return None
        columns = self._header(table, RULES)
        by_key = {target.key: col for col, target in columns.items()}
        if "rule" not in by_key:
            return {}  # reported by _header
        rules: dict[str, Any] = {}
        first_at: dict[Rule, str] = {}
        rules_cells: dict[Any, tuple[int | None, int]] = {}
        self.reading.records[("rules",)] = _Record(table, 1, rules_cells)
        rule_col = by_key["rule"]
        for row, values in self._data_rows(table, "rules"):
            here = self.reading.cell(table, row, rule_col)
            spec = self._rule_name(_at(values, rule_col), here)
            if spec is None:
                continue
            entry = self._rule_row(spec, table, row, values, columns)
            cells = {
                key: (None, by_key[column])
                for column, key in spec.columns.items()
                if column in by_key
            }
            if spec.shape == "many":
                listed = rules.setdefault(spec.field, [])
                self.reading.records[("rules", spec.field, len(listed))] = _Record(
                    table, row, cells
                )
                listed.append(entry)
            elif spec.rule in first_at:
                self.reading.add(
                    "sheet_rule_twice",
                    {"rule": self._rule_label(spec, table), "first": first_at[spec.rule]},
                    here,
                    "rules",
                )
            elif spec.shape == "one":
                first_at[spec.rule] = here
                rules[spec.field] = entry
                self.reading.records[("rules", spec.field)] = _Record(table, row, cells)
            else:  # one number, found by validation as rules.<field>
                first_at[spec.rule] = here
                [(column, key)] = spec.columns.items()
                if key in entry:
                    rules[spec.field] = entry[key]
                rules_cells[spec.field] = (row, by_key.get(column, rule_col))
        return rules

    def _rule_row(
        self,
        spec: RuleSpec,
        table: Table,
        row: int,
        values: list[Any],
        columns: dict[int, Any],
    ) -> dict[str, Any]:
        """One Regels row as the raw rule; a filled column the rule does not use is a problem."""
        entry: dict[str, Any] = {}
        for col, column in columns.items():
            if column.key == "rule":
                continue
            value = _at(values, col)
            if column.key not in spec.columns:
                if not _blank(value):
                    header = _cell_text(table.rows[0][1][col]) or column.key
                    self.reading.add(
                        "sheet_rule_column",
                        {"header": header, "rule": self._rule_label(spec, table)},
                        self.reading.cell(table, row, col),
                        "rules",
                    )
                continue
            kind: ValueKind = spec.period if column.kind == "period" else column.kind
            parsed = self._value(
                value, dataclasses.replace(column, kind=kind), (table, row, col), ("rules",)
            )
            if parsed is not _MISSING:
                entry[spec.columns[column.key]] = parsed
        return entry

    def _own_sheet(self, spec: RuleSpec) -> list[dict[str, Any]]:
        """A rule with a sheet of its own: one per row, found by validation as rules.<field>[i]."""
        entries = self._rows(spec.sheet)
        for index in range(len(entries)):
            record = self.reading.records.pop((spec.sheet.key, index))
            self.reading.records[("rules", spec.field, index)] = record
        return entries

    @staticmethod
    def _rule_label(spec: RuleSpec, table: Table) -> str:
        """The rule's name in the language of the sheet's title."""
        return spec.name("nl" if table.title.lower().startswith(RULES.nl.lower()) else "en")

    def _rule_name(self, value: Any, cell: str) -> RuleSpec | None:
        if isinstance(value, BadCell):
            self.reading.add(value.code, value.params, cell, "rules")
            return None
        text = _cell_text(value)
        if text is None:
            self.reading.add("missing", {}, cell, "rules")
            return None
        wanted = normalise(text)
        for spec in NAMED_RULES:
            if wanted in (normalise(spec.nl), normalise(spec.en), normalise(spec.rule)):
                return spec
        self.reading.add(
            "sheet_unknown_rule",
            {
                "got": text,
                "allowed_nl": ", ".join(spec.nl for spec in NAMED_RULES),
                "allowed_en": ", ".join(spec.en for spec in NAMED_RULES),
            },
            cell,
            "rules",
        )
        return None
