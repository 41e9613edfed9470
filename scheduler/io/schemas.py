"""JSON Schemas of what plooi reads (scenario) and writes (result)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scheduler.scenario import Scenario

_WEEK = {"type": "string", "pattern": r"^\d{4}-W\d{2}$"}


def scenario_schema() -> dict[str, Any]:
    """Generated from the pydantic models, so it cannot drift from the loader."""
    schema = Scenario.model_json_schema(by_alias=True)
    schema["$id"] = "https://plooi.example/schema/scenario-1.json"
    schema["title"] = "plooi scenario v1"
    return schema


def result_schema() -> dict[str, Any]:
    """The result contract (plooi-result/1) and the keys plooi adds to it."""
    item = {
        "type": "object",
        "required": ["id", "type", "status"],
        "properties": {
            "id": {"type": "string"},
            "type": {"enum": ["work", "request"]},
            "status": {"enum": ["unchanged", "moved", "new", "rejected"]},
            "planned_start": _WEEK,
            "start": _WEEK,
            "finish": _WEEK,
            "shift": {"type": "integer"},
            "name": {"type": "string"},
            "kind": {"type": "string"},
            "area": {"type": "string"},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://plooi.example/schema/result-1.json",
        "title": "plooi result v1",
        "type": "object",
        "required": ["format", "scenario", "status", "displacement_cost", "schedule"],
        "properties": {
            "format": {"const": "plooi-result/1"},
            "scenario": {"type": "string"},
            "status": {"enum": ["optimal", "feasible", "infeasible", "unknown"]},
            "objective": {"enum": ["displacement", "makespan"]},
            "displacement_cost": {"type": ["integer", "null"]},
            "schedule": {"type": "array", "items": item},
            "accepted_value": {"type": "integer"},
            "makespan": {"type": ["integer", "null"]},
            "requests": {
                "type": "object",
                "properties": {k: {"type": "integer"} for k in ("placed", "accepted", "rejected")},
            },
            "budgets": {"type": "array", "items": {"type": "object"}},
            "displacements": {"type": "array", "items": {"type": "object"}},
            "chains": {"type": "array", "items": {"type": "object"}},
            "conflict": {"type": "array", "items": {"type": "object"}},
            "solver": {"type": "object"},
        },
    }


def risk_schema() -> dict[str, Any]:
    """The plooi-risk/1 document (`plooi risk --json`)."""
    from scheduler.risk.document import risk_schema as schema

    return schema()


# What `plooi schema WHICH` prints.
SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "scenario": scenario_schema,
    "result": result_schema,
    "risk": risk_schema,
}
