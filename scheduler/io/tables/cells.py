"""Cells: one cell's value to the typed value of its column, or a precise problem.

Numbers with a decimal comma, weeks such as ``2027-W05`` or ``2027 w5``, dates
Excel stored as dates, yes/no words in both languages, kind names, lists.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from scheduler import weeks
from scheduler.io.tables.columns import (
    _EMPTY_LIST,
    _FALSE,
    _TRUE,
    KIND_NAMES,
    OBJECTIVE_NAMES,
    Column,
    _c,
    normalise,
)
from scheduler.io.tables.tables import (
    BadCell,
)
from scheduler.scenario import Kind


def _extra_column(section: str, name: Any) -> Column:
    """The column of a demand (one per resource) or a budget year, for messages."""
    if section == "demand":
        return _c("demand", f"vraag {name}", f"demand {name}", "int", "", "")
    return _c("per_year", f"bedrag {name}", f"amount {name}", "int", "", "")


def _target_key(target: Any) -> Any:
    return target.key if isinstance(target, Column) else target


def _labels(column: Column) -> dict[str, Any]:
    return {"label_nl": column.nl, "label_en": column.en}


def _hint(text: str, candidates: list[str]) -> str:
    by_norm = {normalise(c): c for c in candidates}
    close = difflib.get_close_matches(normalise(text), list(by_norm), n=1, cutoff=0.6)
    return by_norm[close[0]] if close else ""


def _at(values: list[Any], col: int) -> Any:
    return values[col] if col < len(values) else None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_text(value: Any) -> str | None:
    if _blank(value) or isinstance(value, BadCell):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _shown(value: Any) -> str:
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, bool):
        value = "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip() if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


class _CellError(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


_INT = re.compile(r"^[+-]?\d+$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d*,\d+$")
_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)$")
_WEEK = re.compile(r"^(\d{4})\s*-?\s*[Ww]\s*(\d{1,2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_TEXT = re.compile(r"^\d{1,4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,4}$")
_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_LAG = re.compile(r"^(.*?)\s*\+\s*(\d+)$")
_LIST_SPLIT = re.compile(r"[,;]")


def _is_decimal_comma(value: Any) -> bool:
    return isinstance(value, str) and _DECIMAL_COMMA.match(value.strip()) is not None


def _whole(value: Any, column: Column) -> int:
    code = "sheet_weeks" if column.kind == "weeks" else "sheet_whole_number"
    minimum = column.minimum
    if isinstance(value, bool):
        raise _CellError(code, minimum=minimum)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise _CellError(code, minimum=minimum)
    if isinstance(value, str):
        text = value.strip()
        if _INT.match(text):
            return int(text)
        hint = ""
        if _DECIMAL_COMMA.match(text):
            hint = "decimal_comma"
        elif _THOUSANDS.match(text):
            hint = "thousands"
        raise _CellError(code, minimum=minimum, hint=hint)
    raise _CellError(code, minimum=minimum)


def _number(value: Any, column: Column) -> int | float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip()
        if _INT.match(text):
            return int(text)
        if _DECIMAL.match(text):
            return float(text)
        hint = "decimal_comma" if _DECIMAL_COMMA.match(text) else ""
        raise _CellError("sheet_number", hint=hint)
    raise _CellError("sheet_number")


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def _week(value: Any, column: Column) -> str:
    day = _as_date(value)
    if day is not None:
        return weeks.format_week(weeks.week_of_date(day))
    if not isinstance(value, str):
        raise _CellError("sheet_week")
    text = value.strip()
    match = _WEEK.match(text)
    if match:
        return f"{match.group(1)}-W{int(match.group(2)):02d}"
    iso = _ISO_DATE.match(text)
    if iso:
        try:
            day = date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            raise _CellError("sheet_date_text") from None
        return weeks.format_week(weeks.week_of_date(day))
    if _DATE_TEXT.match(text):
        raise _CellError("sheet_date_text")
    return text  # validation names what is wrong with it


def _day(value: Any, column: Column) -> str:
    day = _as_date(value)
    if day is not None:
        return f"{day.month:02d}-{day.day:02d}"
    if not isinstance(value, str):
        raise _CellError("sheet_day")
    text = value.strip()
    match = _DAY.match(text)
    if match:
        return f"{int(match.group(1)):02d}-{int(match.group(2)):02d}"
    iso = _ISO_DATE.match(text)
    if iso:
        return f"{int(iso.group(2)):02d}-{int(iso.group(3)):02d}"
    if _DATE_TEXT.match(text):
        raise _CellError("sheet_date_text")
    return text


def _text(value: Any, column: Column) -> Any:
    if isinstance(value, bool):
        return value  # validation: expected text
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if _as_date(value) is not None:
        raise _CellError("sheet_value_type")
    return value


def _bool(value: Any, column: Column) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise _CellError("sheet_bool")


_KIND_BY_NAME = {
    **{name: kind for kind, name in KIND_NAMES.items()},
    **{kind.value: kind for kind in Kind},
}
_KIND_PARAMS = {
    "allowed_nl": ", ".join(KIND_NAMES.values()),
    "allowed_en": ", ".join(kind.value for kind in Kind),
}


def _kind(value: Any, column: Column) -> str:
    text = str(value).strip()
    kind = _KIND_BY_NAME.get(text.lower())
    if kind is None:
        raise _CellError("sheet_kind", **_KIND_PARAMS, got=_shown(text))
    return kind.value


def _split(value: Any) -> list[str] | None:
    """A list cell; None for an explicit empty list ("(geen)")."""
    text = _cell_text(value) or ""
    if text.lower() in _EMPTY_LIST:
        return None
    return [part.strip() for part in _LIST_SPLIT.split(text) if part.strip()]


def _kinds(value: Any, column: Column) -> list[str]:
    parts = _split(value)
    return [] if parts is None else [_kind(part, column) for part in parts]


def _areas(value: Any, column: Column) -> list[str]:
    parts = _split(value)
    if parts is None:
        return []
    return [code for part in parts for code in part.split()]


def _after(value: Any, column: Column) -> list[dict[str, Any]]:
    parts = _split(value)
    result: list[dict[str, Any]] = []
    for part in parts or []:
        match = _LAG.match(part)
        if match is None:
            result.append({"work": part})
        elif not match.group(1):
            raise _CellError("sheet_after")
        else:
            result.append({"work": match.group(1), "lag": int(match.group(2))})
    return result


def _ids(value: Any, column: Column) -> list[str]:
    """Ids separated by commas (or semicolons); (geen) for none."""
    return _split(value) or []


def _range(value: Any, column: Column) -> list[int]:
    """``8, 10, 14`` as [8, 10, 14]; the order is checked with the scenario's own rule."""
    parts = _split(value) or []
    if len(parts) != 3 or not all(_INT.match(part) for part in parts):
        raise _CellError("sheet_range")
    return [int(part) for part in parts]


def _objective(value: Any, column: Column) -> Any:
    text = str(value).strip().lower()
    for objective, name in OBJECTIVE_NAMES.items():
        if text in (name, objective.value):
            return objective.value
    return value  # validation lists the allowed values


def _per(value: Any, column: Column) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _location(value: Any, column: Column) -> Any:
    """A GeoJSON geometry written as JSON text in one cell."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            parsed = None
        if isinstance(parsed, dict):
            return parsed
    raise _CellError("geo_location_text")


def _never(value: Any, column: Column) -> Any:
    # "period" and "rule" never come here: reading._TableReader._rule_row reads a period
    # as its rule's kind of week or day, and _rule_name reads column regel.
    raise AssertionError(column.kind)


_PARSERS: dict[str, Callable[[Any, Column], Any]] = {
    "text": _text,
    "int": _whole,
    "weeks": _whole,
    "number": _number,
    "week": _week,
    "day": _day,
    "period": _never,
    "bool": _bool,
    "kind": _kind,
    "kinds": _kinds,
    "areas": _areas,
    "after": _after,
    "objective": _objective,
    "per": _per,
    "rule": _never,
    "ids": _ids,
    "range": _range,
    "location": _location,
}
