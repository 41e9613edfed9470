"""Turn raw data (from YAML, xlsx or CSV) into a validated Scenario, or all its problems.

Every loader produces the same raw structure (the YAML shape of the format)
plus a *locator* that maps a path inside it to a line or a sheet cell. Each
part is validated on its own so that one bad work does not hide the problems
of the next, and the cross-part checks run on what did validate, and on the
readable fields of works and requests that did not (so a reference error is not
held back until a field error in the same file is fixed).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from scheduler.errors import InputProblem, ScenarioError
from scheduler.references import Parts, Path, check_references
from scheduler.scenario import (
    UNION_TAGS,
    Area,
    Budget,
    Horizon,
    Policy,
    Request,
    Resource,
    Rules,
    Scenario,
    Work,
)

# (line, cell) for a path; either may be None.
Locator = Callable[[Path], tuple[int | None, str | None]]

_SECTIONS: dict[str, type[BaseModel]] = {
    "areas": Area,
    "resources": Resource,
    "budgets": Budget,
    "works": Work,
    "requests": Request,
}
# Top-level texts; the street's two (scheduler/geo, the resident letter) follow the contract's.
_TEXT_FIELDS = ("name", "description", "areas_geometry", "contact")
_TOP_LEVEL = ["name", "description", "horizon", *_SECTIONS, "rules", "policy",
              *_TEXT_FIELDS[2:]]
_REQUIRED_TOP = ["horizon"]


def no_location(_: Path) -> tuple[int | None, str | None]:
    return None, None


def build_scenario(raw: Any, source: str, locate: Locator = no_location) -> Scenario:
    """Validate raw data; raise ScenarioError with every problem found."""
    problems: list[InputProblem] = []

    def report(path: Path, code: str, params: dict[str, Any]) -> None:
        line, cell = locate(path)
        problems.append(
            InputProblem(source, place_text(raw, path), code, params, line=line, cell=cell)
        )

    if not isinstance(raw, dict):
        report((), "top_not_mapping", {"got": _type_name(raw)})
        raise ScenarioError(problems)

    for key in raw:
        if key not in _TOP_LEVEL:
            report((key,), "unknown_field", {"field": key, "hint": _hint(key, _TOP_LEVEL)})
    for key in _REQUIRED_TOP:
        if key not in raw:
            report((key,), "missing", {})

    horizon = _validate_one(raw, ("horizon",), Horizon, report)
    rules = _validate_one(raw, ("rules",), Rules, report, default=Rules())
    policy = _validate_one(raw, ("policy",), Policy, report, default=Policy())
    sections: dict[str, list[tuple[int, Any]]] = {}
    partial: list[tuple[Path, Any, frozenset[Path]]] = []
    for name, model in _SECTIONS.items():
        sections[name] = _validate_list(raw, name, model, report, partial)
    for key in _TEXT_FIELDS:
        if key in raw and raw[key] is not None and not isinstance(raw[key], str):
            report((key,), "expected_text", {"got": _show(raw[key])})

    parts = Parts(
        horizon=horizon,
        areas=sections["areas"],
        resources=sections["resources"],
        budgets=sections["budgets"],
        works=sections["works"],
        requests=sections["requests"],
        rules=rules,
        policy=policy,
        all_item_ids=_raw_ids(raw, ("works", "requests"), "id"),
        all_resource_ids=_raw_ids(raw, ("resources",), "id"),
        all_budget_ids=_raw_ids(raw, ("budgets",), "id"),
        all_area_codes=_raw_ids(raw, ("areas",), "code"),
        partial=partial,
    )
    for path, code, params in check_references(parts):
        report(path, code, params)
    if problems:
        raise ScenarioError(problems)
    assert horizon is not None and rules is not None and policy is not None
    return Scenario(
        name=raw.get("name"),
        description=raw.get("description"),
        areas_geometry=raw.get("areas_geometry"),
        contact=raw.get("contact"),
        horizon=horizon,
        rules=rules,
        policy=policy,
        **{name: [model for _, model in sections[name]] for name in _SECTIONS},
    )


def _validate_one(
    raw: dict[str, Any],
    path: Path,
    model: type[BaseModel],
    report: Callable[[Path, str, dict[str, Any]], None],
    default: Any = None,
) -> Any:
    key = path[0]
    if key not in raw or raw[key] is None:
        return default
    try:
        return model.model_validate(raw[key])
    except ValidationError as error:
        _report_pydantic(error, path, report, model)
        return None


def _validate_list(
    raw: dict[str, Any],
    name: str,
    model: type[BaseModel],
    report: Callable[[Path, str, dict[str, Any]], None],
    partial: list[tuple[Path, Any, frozenset[Path]]],
) -> list[tuple[int, Any]]:
    """The entries that validate; works and requests that do not go to ``partial``."""
    value = raw.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        report((name,), "expected_list", {"got": _type_name(value)})
        return []
    adapter = TypeAdapter(model)
    valid: list[tuple[int, Any]] = []
    for index, entry in enumerate(value):
        try:
            valid.append((index, adapter.validate_python(entry)))
        except ValidationError as error:
            _report_pydantic(error, (name, index), report, model)
            if name in _ITEM_SECTIONS:
                read = _read_partly(entry, error, model, (name, index))
                if read is not None:
                    partial.append(((name, index), *read))
    return valid


_ITEM_SECTIONS = ("works", "requests")
# Stand-ins for required item fields that could not be read; every finding that rests on
# one is dropped by the reference checks. The id is one no file can hold.
_STAND_INS: dict[str, Any] = {
    "name": "?",
    "kind": "other",
    "area": "WK000000",
    "duration": 1,
}


def _read_partly(
    entry: Any, error: ValidationError, model: type[BaseModel], path: Path
) -> tuple[Any, frozenset[Path]] | None:
    """The item without its unreadable fields, and which fields (or demand keys) those were.

    A bad entry of a mapping field (``demand.crew``) leaves out only that entry; any
    other bad field is left out whole. None when even that does not validate.
    """
    if not isinstance(entry, dict):
        return None
    kept = dict(entry)
    unreadable: set[Path] = set()
    for detail in error.errors(include_url=False):
        loc = _place_of(detail)
        if not loc:
            return None
        field = loc[0]
        if len(loc) > 1 and isinstance(kept.get(field), dict):
            kept[field] = {k: v for k, v in kept[field].items() if str(k) != str(loc[1])}
            unreadable.add(loc[:2])
        else:
            kept.pop(field, None)
            unreadable.add((field,))
    for field, info in model.model_fields.items():
        if info.is_required() and field not in kept:
            kept[field] = f"\0{path[0]}[{path[1]}]" if field == "id" else _STAND_INS.get(field)
            unreadable.add((field,))
    try:
        return model.model_validate(kept), frozenset(unreadable)
    except ValidationError:
        return None


def _report_pydantic(
    error: ValidationError,
    prefix: Path,
    report: Callable[[Path, str, dict[str, Any]], None],
    model: type[BaseModel],
) -> None:
    for detail in error.errors(include_url=False):
        loc = _place_of(detail)
        code, params = _translate(detail, loc, model)
        report(prefix + loc, code, params)


def _place_of(detail: Any) -> Path:
    """The path of a problem, without pydantic's dict-key marker and union tags."""
    return tuple(
        part for part in detail["loc"] if part != "[key]" and part not in UNION_TAGS
    )


_TYPE_CODES = {
    "missing": "missing",
    "int_type": "expected_int",
    "int_parsing": "expected_int",
    "int_from_float": "expected_int",
    "float_type": "expected_number",
    "float_parsing": "expected_number",
    "string_type": "expected_text",
    "bool_type": "expected_bool",
    "bool_parsing": "expected_bool",
    "list_type": "expected_list",
    "dict_type": "expected_mapping",
    "model_type": "expected_mapping",
    "model_attributes_type": "expected_mapping",
    "greater_than_equal": "too_small",
    "greater_than": "too_small_strict",
    "less_than_equal": "too_large",
    "string_too_long": "too_long",
    "enum": "expected_one_of",
    "literal_error": "expected_one_of",
    "finite_number": "expected_number",
}


def _translate(detail: Any, loc: Path, model: type[BaseModel]) -> tuple[str, dict[str, Any]]:
    kind = detail["type"]
    ctx = dict(detail.get("ctx") or {})
    got = _show(detail.get("input"))
    if kind == "extra_forbidden":
        field = str(loc[-1]) if loc else ""
        return "unknown_field", {"field": field, "hint": _hint(field, _fields_at(model, loc))}
    code = _TYPE_CODES.get(kind)
    if code is None:
        if kind.startswith(
            ("week_", "day_", "area_", "empty_", "id_", "bundle_", "range_", "geo_")
        ):
            return kind, ctx
        return "invalid", {"detail": detail.get("msg", kind), "got": got}
    params: dict[str, Any] = {"got": got}
    if code == "too_small":
        params["limit"] = ctx.get("ge")
    elif code == "too_small_strict":
        params["limit"] = ctx.get("gt")
    elif code == "too_large":
        params["limit"] = ctx.get("le")
    elif code == "too_long":
        params["limit"] = ctx.get("max_length")
    elif code == "expected_one_of":
        params["allowed"] = ctx.get("expected", "")
    return code, params


def _fields_at(model: type[BaseModel], loc: Path) -> list[str]:
    """The field names allowed at the model that owns ``loc[-1]``, for 'did you mean'."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int) or current is None:
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in _aliases(current):
            return []
        info = fields[_aliases(current)[str(part)]]
        current = _inner_model(info.annotation)
    if current is None or not hasattr(current, "model_fields"):
        return []
    return list(_aliases(current))


def _aliases(model: Any) -> dict[str, str]:
    return {(info.alias or name): name for name, info in model.model_fields.items()}


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _hint(field: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(str(field), allowed, n=1, cutoff=0.6)
    return close[0] if close else ""


def _raw_ids(raw: dict[str, Any], sections: tuple[str, ...], key: str) -> set[str]:
    found: set[str] = set()
    for name in sections:
        value = raw.get(name)
        if isinstance(value, list):
            for entry in value:
                if isinstance(entry, dict) and isinstance(entry.get(key), str | int):
                    found.add(str(entry[key]))
    return found


def place_text(raw: Any, path: Path) -> str:
    """``works[3].demand.groen``: list positions in brackets, mapping keys after dots."""
    text = ""
    node = raw
    for part in path:
        if isinstance(node, list) and isinstance(part, int):
            text += f"[{part}]"
            node = node[part] if 0 <= part < len(node) else None
        else:
            text += f".{part}" if text else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return text


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if value is None:
        return "nothing"
    return f"'{_show(value)}'"


def _show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."
