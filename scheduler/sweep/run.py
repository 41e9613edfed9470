"""One solve per combination, as tasks on any executor; rows in the order of the combinations."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scheduler.runs.executors import Outcome, Where, run_tasks
from scheduler.runs.scenario_text import scenario_of
from scheduler.sweep.variants import apply
from scheduler.workflow import solve_scenario

FORMAT = "plooi-sweep/1"
ROW_KEYS = ("variant", "status", "displacement_cost", "requests_placed", "works_moved", "gap")


def solve_task(payload: dict[str, Any]) -> dict[str, Any]:
    """Solve one variant (one CP-SAT thread: the parallelism is across tasks)."""
    began = time.process_time()
    scenario = apply(scenario_of(payload["scenario"]), payload["variant"])
    outcome = solve_scenario(
        scenario,
        payload["name"],
        time_limit=payload["time_limit"],
        seed=payload["seed"],
        workers=1,
    )
    if outcome.result.interrupted:
        # Ctrl-C stopped this solve early: its row is not finished, and the sweep stops.
        raise KeyboardInterrupt
    plan = outcome.result.plan
    gap = outcome.result.gap
    row = {
        "variant": dict(payload["variant"]),
        "status": outcome.status.value,
        "displacement_cost": None if plan is None else plan.displacement_cost(scenario),
        "requests_placed": None
        if plan is None
        else sum(1 for r in scenario.requests if plan[r.id].scheduled),
        "works_moved": None if plan is None else len(plan.moved()),
        "gap": None if gap is None else round(gap, 6),
    }
    placed = [] if plan is None else [r.id for r in scenario.requests if plan[r.id].scheduled]
    # CPU seconds of the solve, for benchmarks/bench_sweep.py (not part of the row).
    return {"row": row, "placed": placed, "cpu_seconds": time.process_time() - began}


@dataclass
class Sweep:
    rows: list[dict[str, Any]]
    placed: list[list[str] | None]
    outcome: Outcome

    def document(self) -> dict[str, Any]:
        document: dict[str, Any] = {"format": FORMAT, "rows": self.rows}
        if self.outcome.partial:
            document["partial"] = True
        return document


def run_sweep(
    text: str,
    name: str,
    variants: list[dict[str, str]],
    where: Where,
    time_limit: float | None,
    seed: int | None,
    on_done: Callable[[int, dict[str, Any]], None] | None = None,
) -> Sweep:
    """Every variant solved where told; failed ones as status "failed", unrun as "not_run"."""
    payloads = [
        {"scenario": text, "name": name, "variant": v, "time_limit": time_limit, "seed": seed}
        for v in variants
    ]
    outcome = run_tasks(solve_task, payloads, where, on_done)
    rows: list[dict[str, Any]] = []
    placed: list[list[str] | None] = []
    for index, variant in enumerate(variants):
        result = outcome.results[index]
        if result is not None:
            rows.append(result["row"])
            placed.append(result["placed"])
            continue
        status = "failed" if index in outcome.errors else "not_run"
        rows.append({"variant": dict(variant), "status": status, **dict.fromkeys(ROW_KEYS[2:])})
        placed.append(None)
    return Sweep(rows, placed, outcome)


def variant_cost(variant: dict[str, str]) -> tuple[int, int, int, int]:
    """What a combination costs, compared in this order: extra euros, extra crew units,
    extra deadline weeks, requests taken out."""
    euros = units = extra_weeks = out = 0
    for key, value in variant.items():
        kind = key.partition(":")[0]
        if kind == "budget":
            euros += int(value)
        elif kind == "capacity":
            units += int(value)
        elif kind == "deadline":
            extra_weeks += int(value)
        elif kind == "request" and value == "out":
            out += 1
    return euros, units, extra_weeks, out


def cheapest_for(sweep: Sweep, target: str) -> int | None:
    """The row of the cheapest combination that places ``target`` without displacement."""
    found = [
        index
        for index, row in enumerate(sweep.rows)
        if row["displacement_cost"] == 0 and target in (sweep.placed[index] or [])
    ]
    if not found:
        return None
    return min(found, key=lambda index: (variant_cost(sweep.rows[index]["variant"]), index))
