"""Write a scenario as YAML in the shape of the format (docs/scenario-format.md).

Defaults are left out (a work that is not pinned does not say ``pinned:
false``), keys come in the order the format describes them, and small
mappings such as ``demand`` or an exception are written on one line, so the
file reads like one written by hand. Loading it back gives an equal scenario.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from scheduler.io.atomic import check_writable, write_text
from scheduler.scenario import Scenario

_TOP = [
    "name",
    "description",
    "horizon",
    "areas",
    "resources",
    "budgets",
    "works",
    "requests",
    "rules",
    "policy",
    "areas_geometry",
    "contact",
]
_ITEM = [
    "id",
    "name",
    "kind",
    "area",
    "street",
    "duration",
    "duration_range",
    "planned_start",
    "earliest",
    "latest_finish",
    "pinned",
    "max_shift",
    "mandatory",
    "value",
    "emergency",
    "demand",
    "cost",
    "budget",
    "weight",
    "after",
    "digs",
    "resurfaces",
    "requested_by",
    "reason",
    "outcome",
    "contact",
    "location",
]
_FLOW_KEYS = {"horizon", "demand", "per_year", "breeding_season", "location"}
_FLOW_LIST_KEYS = {"areas", "exceptions", "absence", "after", "events", "max_concurrent", "bundles"}


class _Flow(dict[Any, Any]):
    """A mapping written on one line: ``{from: 2027-W30, to: 2027-W32, capacity: 0}``."""


class _Dumper(yaml.SafeDumper):
    pass


def _flow_mapping(dumper: yaml.SafeDumper, data: _Flow) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)


def _text(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    """Texts of several lines as a ``|`` block, as a person would write them."""
    style = "|" if "\n" in data and data == data.strip() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(_Flow, _flow_mapping)
_Dumper.add_representer(str, _text)


def scenario_yaml(scenario: Scenario) -> str:
    """The YAML text of a scenario."""
    data = scenario.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["horizon"] = scenario.horizon.model_dump(mode="json")
    for budget in data.get("budgets", []):  # JSON mode made the years text
        budget["per_year"] = {int(year): amount for year, amount in budget["per_year"].items()}
    ordered = {key: _shape(key, data[key]) for key in _TOP if key in data}
    text = yaml.dump(
        ordered, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2
    )
    return "# plooi scenario (format v1)\n" + text


def write_yaml(scenario: Scenario, path: str | Path) -> Path:
    """Write the scenario as YAML, atomically."""
    target = check_writable(path)
    return write_text(target, scenario_yaml(scenario))


def _shape(key: str, value: Any) -> Any:
    """Order item keys as the format does and mark what goes on one line."""
    if isinstance(value, dict):
        if key in ("works", "requests"):
            value = {k: value[k] for k in _ITEM if k in value}
        shaped = {k: _shape(k, v) for k, v in value.items()}
        if key in _FLOW_KEYS:
            return _Flow(shaped)
        return shaped
    if isinstance(value, list):
        if key in _FLOW_LIST_KEYS:
            return [_Flow(entry) for entry in value]
        return [_shape(key, entry) for entry in value]
    return value
