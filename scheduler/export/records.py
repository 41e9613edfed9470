"""One flat record per work and request: what every export writes.

Weeks are given both as ISO weeks and as dates (Monday of the first week,
Friday of the last), so a GIS or calendar user needs no week arithmetic. The
cause is the explainer's text (:func:`scheduler.text.causes.cause_text`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from scheduler import weeks
from scheduler.explain import Explanation
from scheduler.plan import Plan
from scheduler.scenario import Request, Scenario, Work
from scheduler.text.causes import cause_text

FIELDS = ("id", "type", "name", "kind", "status", "area", "area_name", "street",
          "planned_start", "planned_finish", "planned_first_day", "planned_last_day",
          "start", "finish", "first_day", "last_day", "shift", "cause", "reason")


@dataclass(frozen=True)
class Record:
    item: Work | Request
    values: dict[str, Any]


def records(scenario: Scenario, plan: Plan, explanation: Explanation | None,
            lang: str = "nl") -> list[Record]:
    """Works then requests, in scenario order."""
    names = {area.code: area.name for area in scenario.areas}
    out = []
    for item in scenario.items:
        placed = plan[item.id]
        causes = explanation.causes_of(item.id) if explanation is not None else ()
        planned = placed.planned_start
        values: dict[str, Any] = {
            "id": item.id,
            "type": placed.type,
            "name": item.name,
            "kind": str(item.kind),
            "status": str(placed.status),
            "area": item.area,
            "area_name": names.get(item.area),
            "street": item.street,
            **_span("planned_", planned, item.duration),
            **_span("", placed.start, item.duration),
            "shift": placed.shift,
            "cause": "; ".join(cause_text(c, lang) for c in causes) or None,
            "reason": item.reason,
        }
        out.append(Record(item, {key: values[key] for key in FIELDS}))
    return out


def _span(prefix: str, start: int | None, duration: int) -> dict[str, Any]:
    keys = ("start", "finish", "first_day", "last_day")
    if start is None:
        return {prefix + key: None for key in keys}
    finish = start + duration - 1
    return {
        prefix + "start": weeks.format_week(start),
        prefix + "finish": weeks.format_week(finish),
        prefix + "first_day": weeks.monday(start).isoformat(),
        prefix + "last_day": (weeks.monday(finish) + timedelta(days=4)).isoformat(),
    }
