"""What a sweep may vary, read from `--vary KEY=VALUES` or a sweep file, and applied.

Keys (each value is one variant; values with a sign are changes, not amounts):

- ``budget:LINE:YEAR=+0,+100000``: add euros to a budget line's year;
- ``capacity:RESOURCE=+0,+1``: add units to a crew's base capacity (exceptions
  such as the bouwvak keep theirs);
- ``request:ID=in,out``: keep a request, or take it out (and out of every `after`);
- ``deadline:ID=+0,+4``: move an item's `latest_finish` by whole weeks.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import yaml

from scheduler import weeks
from scheduler.scenario import Budget, Dependency, Resource, Scenario

_SIGNED = re.compile(r"^[+-]?\d+$")
KINDS = ("budget", "capacity", "request", "deadline")

_TEXT: dict[str, dict[str, str]] = {
    "shape": {
        "nl": "--vary '{text}': verwacht SLEUTEL=WAARDEN, "
        "bijvoorbeeld budget:groen:2028=+0,+100000",
        "en": "--vary '{text}': expected KEY=VALUES, for example budget:groen:2028=+0,+100000",
    },
    "key": {
        "nl": "--vary '{key}': onbekende sleutel; verwacht budget:LIJN:JAAR, capacity:CAPACITEIT, "
        "request:ID of deadline:ID",
        "en": "--vary '{key}': unknown key; expected budget:LINE:YEAR, capacity:RESOURCE, "
        "request:ID or deadline:ID",
    },
    "twice": {
        "nl": "--vary '{key}': deze sleutel staat er twee keer",
        "en": "--vary '{key}': this key is given twice",
    },
    "signed": {
        "nl": "--vary '{key}': '{value}' is geen heel getal met teken, bijvoorbeeld +4",
        "en": "--vary '{key}': '{value}' is not a whole number with a sign, for example +4",
    },
    "in_out": {
        "nl": "--vary '{key}': '{value}' moet in of out zijn",
        "en": "--vary '{key}': '{value}' must be in or out",
    },
    "unknown": {
        "nl": "--vary '{key}': '{name}' staat niet in het scenario",
        "en": "--vary '{key}': '{name}' is not in the scenario",
    },
    "negative": {
        "nl": "--vary '{key}': met {value} wordt het {result}, minder dan 0",
        "en": "--vary '{key}': {value} makes it {result}, less than 0",
    },
    "no_deadline": {
        "nl": "--vary '{key}': '{name}' heeft geen latest_finish om te verschuiven",
        "en": "--vary '{key}': '{name}' has no latest_finish to move",
    },
    "horizon": {
        "nl": "--vary '{key}': met {value} valt de deadline {week} "
        "buiten de horizon {start}..{end}",
        "en": "--vary '{key}': {value} puts the deadline {week} outside the horizon {start}..{end}",
    },
    "file": {
        "nl": "{path}: verwacht een mapping 'vary' van sleutels naar lijsten van waarden",
        "en": "{path}: expected a mapping 'vary' from keys to lists of values",
    },
    "target": {
        "nl": "--target '{name}': verwacht een verzoek uit het scenario",
        "en": "--target '{name}': expected a request of the scenario",
    },
    "empty": {
        "nl": "geef minstens één --vary of --sweep-file",
        "en": "give at least one --vary or --sweep-file",
    },
}


class SweepError(Exception):
    """Bad sweep input: the message names the key and what was expected (exit 2)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def render(self, lang: str = "nl") -> str:
        return _TEXT[self.code]["nl" if lang == "nl" else "en"].format(**self.params)


Axes = list[tuple[str, list[str]]]


def parse_vary(texts: list[str]) -> Axes:
    """``KEY=V1,V2`` texts as (key, values), in the order given."""
    axes: Axes = []
    for text in texts:
        key, sep, values = text.partition("=")
        if not sep or not key.strip() or not values.strip():
            raise SweepError("shape", text=text)
        axes.append((key.strip(), [v.strip() for v in values.split(",") if v.strip()]))
    return axes


def read_sweep_file(path: Path) -> Axes:
    """``vary: {KEY: [V1, V2], ...}`` (values may also be one comma-separated text)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        raise SweepError("file", path=str(path)) from None
    vary = data.get("vary") if isinstance(data, dict) else None
    if not isinstance(vary, dict) or not vary:
        raise SweepError("file", path=str(path))
    axes: Axes = []
    for key, values in vary.items():
        if isinstance(values, str):
            values = values.split(",")
        if not isinstance(values, list) or not values:
            raise SweepError("file", path=str(path))
        axes.append((str(key), [_value_text(v) for v in values]))
    return axes


def _value_text(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:+d}"
    return str(value).strip()


def check_axes(scenario: Scenario, axes: Axes) -> None:
    """Every key and value is understood, and every variant applies to the scenario."""
    if not axes:
        raise SweepError("empty")
    seen: set[str] = set()
    for key, values in axes:
        if key in seen:
            raise SweepError("twice", key=key)
        seen.add(key)
        for value in values:
            apply(scenario, {key: value})


def combinations(axes: Axes) -> list[dict[str, str]]:
    """Every combination, the last key varying fastest (the order of the table)."""
    keys = [key for key, _ in axes]
    chosen = itertools.product(*(values for _, values in axes))
    return [dict(zip(keys, values, strict=True)) for values in chosen]


def apply(scenario: Scenario, variant: dict[str, str]) -> Scenario:
    """The scenario with every change of ``variant`` made."""
    for key, value in variant.items():
        kind, _, rest = key.partition(":")
        if kind not in KINDS or not rest:
            raise SweepError("key", key=key)
        scenario = _APPLY[kind](scenario, key, rest, value)
    return scenario


def _signed(key: str, value: str) -> int:
    if not _SIGNED.match(value):
        raise SweepError("signed", key=key, value=value)
    return int(value)


def _budget(scenario: Scenario, key: str, rest: str, value: str) -> Scenario:
    line, _, year_text = rest.rpartition(":")
    if not line or not year_text.isdigit():
        raise SweepError("key", key=key)
    change, year = _signed(key, value), int(year_text)
    if line not in scenario.budget_by_id:
        raise SweepError("unknown", key=key, name=line)
    budgets: list[Budget] = []
    for budget in scenario.budgets:
        if budget.id == line:
            amount = budget.per_year.get(year, 0) + change
            if amount < 0:
                raise SweepError("negative", key=key, value=value, result=amount)
            budget = budget.model_copy(update={"per_year": {**budget.per_year, year: amount}})
        budgets.append(budget)
    return scenario.derived(budgets=budgets)


def _capacity(scenario: Scenario, key: str, rest: str, value: str) -> Scenario:
    change = _signed(key, value)
    if rest not in scenario.resource_by_id:
        raise SweepError("unknown", key=key, name=rest)
    resources: list[Resource] = []
    for resource in scenario.resources:
        if resource.id == rest:
            amount = resource.capacity + change
            if amount < 0:
                raise SweepError("negative", key=key, value=value, result=amount)
            resource = resource.model_copy(update={"capacity": amount})
        resources.append(resource)
    return scenario.derived(resources=resources)


def _request(scenario: Scenario, key: str, rest: str, value: str) -> Scenario:
    if value not in ("in", "out"):
        raise SweepError("in_out", key=key, value=value)
    if rest not in {request.id for request in scenario.requests}:
        raise SweepError("unknown", key=key, name=rest)
    if value == "in":
        return scenario

    def without(after: list[Dependency]) -> list[Dependency]:
        return [dependency for dependency in after if dependency.work != rest]

    works = [w.model_copy(update={"after": without(w.after)}) for w in scenario.works]
    requests = [
        r.model_copy(update={"after": without(r.after)}) for r in scenario.requests if r.id != rest
    ]
    return scenario.derived(works=works, requests=requests)


def _deadline(scenario: Scenario, key: str, rest: str, value: str) -> Scenario:
    change = _signed(key, value)
    item = scenario.item_by_id.get(rest)
    if item is None:
        raise SweepError("unknown", key=key, name=rest)
    if item.latest_finish is None:
        raise SweepError("no_deadline", key=key, name=rest)
    moved = weeks.parse_week(item.latest_finish) + change
    horizon = scenario.horizon
    if not horizon.first <= moved <= horizon.last:
        raise SweepError(
            "horizon", key=key, value=value, week=weeks.format_week(moved),
            start=horizon.start, end=horizon.end,
        )
    update = {"latest_finish": weeks.format_week(moved)}
    works = [w.model_copy(update=update) if w.id == rest else w for w in scenario.works]
    requests = [r.model_copy(update=update) if r.id == rest else r for r in scenario.requests]
    return scenario.derived(works=works, requests=requests)


_APPLY = {"budget": _budget, "capacity": _capacity, "request": _request, "deadline": _deadline}
