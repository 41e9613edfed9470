"""Read a result JSON back into a Plan, to check it against its scenario."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scheduler import weeks
from scheduler.errors import InputProblem, ScenarioError
from scheduler.plan import Plan, ScheduledItem
from scheduler.scenario import Scenario


def plan_from_result(scenario: Scenario, path: str | Path) -> Plan:
    """A plan from `plooi solve --json` output; unknown or missing items are errors."""
    source = str(path)
    try:
        document: Any = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ScenarioError([InputProblem(source, "", "file_missing")]) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ScenarioError(
            [InputProblem(source, "", "file_unreadable", {"detail": str(error)})]
        ) from None
    problems: list[InputProblem] = []
    rows = document.get("schedule") if isinstance(document, dict) else None
    if not isinstance(rows, list):
        raise ScenarioError([InputProblem(source, "schedule", "expected_list", {"got": "nothing"})])
    starts: dict[str, int | None] = {}
    for index, row in enumerate(rows):
        place = f"schedule[{index}]"
        if not isinstance(row, dict) or not isinstance(row.get("id"), str):
            problems.append(InputProblem(source, place, "expected_mapping", {"got": row}))
            continue
        if row["id"] not in scenario.item_by_id:
            problems.append(InputProblem(source, place + ".id", "unknown_item", {"id": row["id"]}))
            continue
        start = row.get("start")
        try:
            starts[row["id"]] = weeks.parse_week(start) if start is not None else None
        except (weeks.WeekError, TypeError):
            problems.append(InputProblem(source, place + ".start", "week_format", {"value": start}))
    if problems:
        raise ScenarioError(problems)
    items = []
    for work in scenario.works:
        items.append(
            ScheduledItem(
                work.id, "work", starts.get(work.id), work.duration, scenario.planned(work)
            )
        )
    for request in scenario.requests:
        items.append(ScheduledItem(request.id, "request", starts.get(request.id), request.duration))
    return Plan(items)
