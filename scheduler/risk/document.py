"""The plooi-risk/1 document and the figures the table and briefing show, from merged counts."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from scheduler import weeks
from scheduler.risk.run import FORMAT, QUANTILES, RiskRun


def quantile_index(hist: NDArray[np.int64], samples: int, percent: int) -> int:
    """The smallest grid week w with P(finish <= w) >= percent/100 (exact, whole numbers)."""
    cumulative = np.cumsum(hist)
    return int(np.argmax(cumulative * 100 >= percent * samples))


def _probability(hits: int, samples: int) -> float:
    return round(hits / samples, 4) if samples else 0.0


def risk_document(run: RiskRun) -> dict[str, Any]:
    """Exactly the keys of the contract (docs/risk.md); weeks as YYYY-Www."""
    model, totals, samples = run.model, run.totals, run.samples
    first = model.first
    index_of = {item.id: i for i, item in enumerate(model.items)}
    items = []
    for item in run.scenario.items:
        i = index_of.get(item.id)
        if i is None or not samples:
            continue
        hist = totals["hist"][i]
        row: dict[str, Any] = {
            "id": item.id,
            "planned_finish": weeks.format_week(first + int(model.start[i] + item.duration - 1)),
        }
        for percent in QUANTILES:
            row[f"p{percent}"] = weeks.format_week(first + quantile_index(hist, samples, percent))
        if item.latest_finish:
            row["p_on_time"] = _probability(int(totals["on_time"][i]), samples)
        items.append(row)
    budgets = [
        {"line": line, "year": year, "p_overrun": _probability(hits, samples)}
        for (line, year), hits in sorted(
            (totals.get("overrun") or {}).items(), key=lambda kv: _budget_order(run, kv[0])
        )
    ]
    critical_counts = totals.get("critical")
    critical = []
    if critical_counts is not None and samples:
        ranked = sorted(
            (i for i in range(len(model.items)) if critical_counts[i] > 0),
            key=lambda i: (-int(critical_counts[i]), i),
        )
        critical = [
            {"id": model.items[i].id, "index": _probability(int(critical_counts[i]), samples)}
            for i in ranked
        ]
    return {
        "format": FORMAT,
        "samples": samples,
        "seed": run.seed,
        "items": items,
        "budgets": budgets,
        "critical": critical,
    }


def _budget_order(run: RiskRun, key: tuple[str, int]) -> tuple[int, str, int]:
    order = [budget.id for budget in run.scenario.budgets]
    line, year = key
    return (order.index(line) if line in order else len(order), line, year)


def expected_displacement(run: RiskRun) -> float:
    """Mean over the samples of weight x weeks later than the plan (+ move penalty per work)."""
    return run.totals.get("displacement", 0) / run.samples if run.samples else 0.0


def risk_schema() -> dict[str, Any]:
    """JSON Schema of plooi-risk/1 (`plooi schema risk`)."""
    week = {"type": "string", "pattern": r"^\d{4}-W\d{2}$"}
    probability = {"type": "number", "minimum": 0, "maximum": 1}
    item = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "planned_finish", "p50", "p80", "p95"],
        "properties": {
            "id": {"type": "string"},
            "planned_finish": week,
            "p50": week,
            "p80": week,
            "p95": week,
            "p_on_time": probability,
        },
    }
    budget = {
        "type": "object",
        "additionalProperties": False,
        "required": ["line", "year", "p_overrun"],
        "properties": {
            "line": {"type": "string"},
            "year": {"type": "integer"},
            "p_overrun": probability,
        },
    }
    critical = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "index"],
        "properties": {"id": {"type": "string"}, "index": probability},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://plooi.example/schema/risk-1.json",
        "title": "plooi risk v1",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "samples", "seed", "items", "budgets", "critical"],
        "properties": {
            "format": {"const": FORMAT},
            "samples": {"type": "integer", "minimum": 1},
            "seed": {"type": "integer", "minimum": 0},
            "items": {"type": "array", "items": item},
            "budgets": {"type": "array", "items": budget},
            "critical": {"type": "array", "items": critical},
        },
    }
