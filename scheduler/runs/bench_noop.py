"""A task that does nothing: benchmarks/bench_sweep.py measures the overhead per task."""

from __future__ import annotations

from typing import Any


def noop(payload: dict[str, Any]) -> dict[str, Any]:
    return {"n": payload.get("n")}
