"""Task functions for the executor tests (importable by worker processes)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def echo(payload: dict[str, Any]) -> dict[str, Any]:
    """Returns its number; dies (the whole worker process) where told to."""
    if payload.get("die") == "always":
        os._exit(3)
    marker = payload.get("die_once")
    if marker is not None and not Path(marker).exists():
        Path(marker).write_text("died", encoding="utf-8")
        os._exit(3)
    if payload.get("raise"):
        raise ValueError(f"task {payload['n']} is broken")
    return {"n": payload["n"] * 10}
