"""Writing: a scenario as tables (headers and cell values) for the workbook and CSV writers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scheduler.io.tables.cells import (
    _LAG,
)
from scheduler.io.tables.columns import (
    ABSENCE,
    AREAS,
    BUDGETS,
    DEMAND_PREFIX,
    EXCEPTIONS,
    NO,
    NONE_WORDS,
    OBJECTIVE_NAMES,
    POLICY,
    REQUESTS,
    RESOURCES,
    SCENARIO,
    SETTING_HEADERS,
    SHEETS,
    WORKS,
    YES,
    Column,
    Lang,
    SheetSpec,
    field_headers,
    normalise,
)
from scheduler.io.tables.rule_specs import RULE_SPECS, rule_sheet
from scheduler.scenario import Kind, Policy, Request, Resource, Scenario, Work
from scheduler.text.kinds import kind_name

# ---------------------------------------------------------------------------
# The way back: a scenario as tables to write


@dataclass
class OutColumn:
    """A column to write: its header, and the Column it fills (None for demand/years)."""

    header: str
    column: Column | None
    note: str = ""


@dataclass
class OutTable:
    spec: SheetSpec
    title: str
    columns: list[OutColumn]
    rows: list[list[Any]]  # str, int, float or None


def scenario_tables(scenario: Scenario | None, lang: Lang = "nl") -> list[OutTable]:
    """Every sheet of ``scenario`` (an empty template for None) as values to write.

    Texts stay texts, whole numbers stay numbers, weeks are written as
    ``2027-W14``, yes/no as ``ja``/``nee`` (or ``yes``/``no``), lists with
    ``", "`` between items, and an explicitly empty list as ``(geen)``. The
    sheets that hold rules are written from :data:`RULE_SPECS`.
    """
    rule_sheets = {rule_sheet(spec.rule) for spec in RULE_SPECS}
    return [
        _rule_table(sheet, lang, scenario)
        if sheet.key in rule_sheets
        else _SHEET_TABLES[sheet.key](lang, scenario)
        for sheet in SHEETS
    ]


def _resources_of(scenario: Scenario | None) -> list[Resource]:
    return scenario.resources if scenario else []


_SHEET_TABLES: dict[str, Callable[[Lang, Scenario | None], OutTable]] = {
    SCENARIO.key: lambda lang, scenario: _settings_table(
        SCENARIO, lang, _scenario_values(scenario)
    ),
    WORKS.key: lambda lang, scenario: _item_table(
        WORKS, lang, scenario, scenario.works if scenario else []
    ),
    REQUESTS.key: lambda lang, scenario: _item_table(
        REQUESTS, lang, scenario, scenario.requests if scenario else []
    ),
    RESOURCES.key: lambda lang, scenario: _plain_table(
        RESOURCES,
        lang,
        [{"id": r.id, "name": r.name, "capacity": r.capacity} for r in _resources_of(scenario)],
    ),
    EXCEPTIONS.key: lambda lang, scenario: _plain_table(
        EXCEPTIONS,
        lang,
        [
            {"id": r.id, "from": e.from_, "to": e.to, "capacity": e.capacity}
            for r in _resources_of(scenario)
            for e in r.exceptions
        ],
    ),
    ABSENCE.key: lambda lang, scenario: _plain_table(
        ABSENCE,
        lang,
        [{"id": r.id, **period} for r in _resources_of(scenario) for period in _absence_rows(r)],
    ),
    BUDGETS.key: lambda lang, scenario: _budget_table(lang, scenario),
    AREAS.key: lambda lang, scenario: _plain_table(
        AREAS,
        lang,
        [
            {
                "code": a.code,
                "name": a.name,
                "neighbours": _join(a.neighbours, lang) if a.neighbours else None,
            }
            for a in (scenario.areas if scenario else [])
        ],
    ),
    POLICY.key: lambda lang, scenario: _settings_table(
        POLICY, lang, _policy_values(scenario, lang)
    ),
}


def _absence_rows(resource: Resource) -> list[dict[str, Any]]:
    """One row per absence period; a single number is one row without weeks (0: none)."""
    if isinstance(resource.absence, list):
        return [
            {"probability": p.probability, "from": p.from_, "to": p.to} for p in resource.absence
        ]
    return [{"probability": resource.absence}] if resource.absence else []


def _join(items: list[str], lang: Lang) -> str:
    return ", ".join(items) if items else NONE_WORDS[lang]


def _out_columns(spec: SheetSpec, lang: Lang) -> list[OutColumn]:
    return [OutColumn(c.label(lang), c, c.note(lang)) for c in spec.columns]


def _plain_table(spec: SheetSpec, lang: Lang, rows: list[dict[str, Any]]) -> OutTable:
    columns = _out_columns(spec, lang)
    values = [[row.get(c.column.key) if c.column else None for c in columns] for row in rows]
    return OutTable(spec, spec.name(lang), columns, values)


def _settings_table(spec: SheetSpec, lang: Lang, values: dict[str, Any]) -> OutTable:
    columns = [OutColumn(h, None) for h in SETTING_HEADERS[lang]]
    rows = [[c.label(lang), values.get(c.key), c.note(lang)] for c in spec.columns]
    return OutTable(spec, spec.name(lang), columns, rows)


def _scenario_values(scenario: Scenario | None) -> dict[str, Any]:
    if scenario is None:
        return {}
    return {
        "name": scenario.name,
        "description": scenario.description,
        "horizon_start": scenario.horizon.start,
        "horizon_end": scenario.horizon.end,
        "areas_geometry": scenario.areas_geometry,
        "contact": scenario.contact,
    }


def _policy_values(scenario: Scenario | None, lang: Lang) -> dict[str, Any]:
    """The policy to write; the template shows the defaults."""
    policy = scenario.policy if scenario else Policy()
    objective = OBJECTIVE_NAMES[policy.objective] if lang == "nl" else policy.objective.value
    return {
        "objective": objective,
        "move_penalty": policy.move_penalty,
        "time_limit": policy.time_limit,
        "seed": policy.seed,
        "workers": policy.workers,
        "deterministic": _yes_no(policy.deterministic, lang),
    }


def _yes_no(flag: bool, lang: Lang) -> str:
    return YES[lang] if flag else NO[lang]


def _kind_name(kind: Kind, lang: Lang) -> str:
    return kind_name(kind, lang)


def demand_header(resource_id: str, spec: SheetSpec, lang: Lang) -> str:
    """The plain id, or ``vraag: id`` where the id alone would read as another column."""
    plain = normalise(resource_id)
    if plain in field_headers(spec) or re.match(r"(vraag|demand)\s*:", plain):
        return f"{DEMAND_PREFIX[lang]}: {resource_id}"
    return resource_id


def after_text(item: Work | Request) -> str | None:
    """``W-100+2, W-101``; the lag is written where it is not 0 or the id ends like one."""
    parts = []
    for dep in item.after:
        needs_lag = dep.lag != 0 or _LAG.match(dep.work) is not None
        parts.append(f"{dep.work}+{dep.lag}" if needs_lag else dep.work)
    return ", ".join(parts) if parts else None


def _item_table(
    spec: SheetSpec, lang: Lang, scenario: Scenario | None, items: list[Any]
) -> OutTable:
    columns = _out_columns(spec, lang)
    resources = [r.id for r in scenario.resources] if scenario else []
    for item in items:
        resources += [rid for rid in item.demand if rid not in resources]
    for rid in resources:
        note = ("Vraag per week van " if lang == "nl" else "Demand per week of ") + rid
        columns.append(OutColumn(demand_header(rid, spec, lang), None, note))
    rows = []
    for item in items:
        row: list[Any] = []
        for out in columns:
            if out.column is None:
                continue
            row.append(_item_value(item, out.column, lang))
        row += [item.demand.get(rid) for rid in resources]
        rows.append(row)
    return OutTable(spec, spec.name(lang), columns, rows)


def _item_value(item: Work | Request, column: Column, lang: Lang) -> Any:
    key = column.key
    if key == "after":
        return after_text(item)
    if key == "duration_range":
        spread = item.duration_range
        return None if spread is None else ", ".join(str(weeks) for weeks in spread)
    value = getattr(item, key)
    if column.kind == "kind":
        return _kind_name(value, lang)
    if column.kind == "bool":
        return _yes_no(value, lang)
    if column.kind == "location":
        return None if value is None else json.dumps(value.model_dump(), separators=(", ", ": "))
    return value


def _budget_table(lang: Lang, scenario: Scenario | None) -> OutTable:
    budgets = scenario.budgets if scenario else []
    years = sorted({year for budget in budgets for year in budget.per_year})
    columns = _out_columns(BUDGETS, lang)
    for year in years:
        note = "Bedrag in hele euro's" if lang == "nl" else "Amount in whole euros"
        columns.append(OutColumn(str(year), None, note))
    rows = [
        [budget.id, budget.name, *[budget.per_year.get(year) for year in years]]
        for budget in budgets
    ]
    return OutTable(BUDGETS, BUDGETS.name(lang), columns, rows)


def _rule_table(sheet: SheetSpec, lang: Lang, scenario: Scenario | None) -> OutTable:
    """A sheet of rules: a row per rule stated, of every entry that stands on the sheet.

    Where a rule stands is :func:`rule_sheet`'s answer, so its exhaustive match
    is on the path of every write.
    """
    rows: list[dict[str, Any]] = []
    for spec in RULE_SPECS:
        if rule_sheet(spec.rule) != sheet.key or scenario is None:
            continue
        for stated in spec.stated(scenario.rules):
            row = {key: _rule_cell(value, lang) for key, value in spec.row(stated).items()}
            if spec.on_rules_sheet:
                row["rule"] = spec.name(lang)
            rows.append(row)
    return _plain_table(sheet, lang, rows)


def _rule_cell(value: Any, lang: Lang) -> Any:
    """A list as ``a, b`` (kinds by name; an empty list as ``(geen)``), the rest as it is."""
    if isinstance(value, list):
        return _join([_kind_name(v, lang) if isinstance(v, Kind) else v for v in value], lang)
    return value
