"""What every plooi command shares: options, exit codes, consoles, the demo's path."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from scheduler.solver import StopToken

try:  # typer >= 0.20 carries its own copy of click
    from typer._click import exceptions as click_errors
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import exceptions as click_errors  # type: ignore[no-redef]

_STARTED: list[float] = []


def mark_started(at: float | None = None) -> None:
    """Note when this command started: the solver's time limit counts from here."""
    _STARTED[:] = [time.monotonic() if at is None else at]


def process_started() -> float:
    """When this process started, on the time.monotonic() clock (Linux; else now).

    Starting Python and importing OR-Tools takes seconds on a busy machine; a time
    limit that counts from the process start keeps the promise for the whole command.
    """
    now = time.monotonic()
    try:
        with open("/proc/self/stat", encoding="ascii") as stream:
            fields = stream.read().rsplit(")", 1)[1].split()
        ticks = int(fields[19])  # field 22 (starttime) counts from the ")" as field 3
        started = ticks / os.sysconf("SC_CLK_TCK")
        with open("/proc/uptime", encoding="ascii") as stream:
            uptime = float(stream.read().split()[0])
    except (OSError, ValueError, IndexError):
        return now
    # Both /proc clocks count from boot, as CLOCK_MONOTONIC does (suspend aside).
    elapsed = uptime - started
    return now - elapsed if 0 <= elapsed < 3600 else now


def command_started() -> float | None:
    return _STARTED[0] if _STARTED else None


__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_INFEASIBLE",
    "EXIT_INTERRUPTED",
    "EXIT_NO_PLAN",
    "EXIT_OK",
    "Lang",
    "Seed",
    "TimeLimit",
    "Workers",
    "check_lang",
    "command_started",
    "mark_started",
    "process_started",
    "click_errors",
    "console",
    "demo_path",
    "interruptible",
]

@contextmanager
def interruptible() -> Iterator[StopToken]:
    """Ctrl-C stops the search and keeps the best plan; a second Ctrl-C aborts.

    The whole command runs under this handler, so a Ctrl-C while the plan is
    checked, explained or written does not lose it either.
    """
    stop = StopToken()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def on_sigint(signum: int, frame: object) -> None:
        if stop.stopped:
            raise KeyboardInterrupt
        stop.stop()

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


EXIT_OK, EXIT_INFEASIBLE, EXIT_BAD_INPUT, EXIT_NO_PLAN, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

Lang = Annotated[str, typer.Option("--lang", help="Language of what you read: nl or en.")]
TimeLimit = Annotated[
    float | None, typer.Option("--time-limit", help="Seconds (default: the policy's).")
]
Seed = Annotated[int | None, typer.Option("--seed", help="Random seed (default: the policy's).")]
Workers = Annotated[
    int | None, typer.Option("--workers", help="Solver threads (default: the policy's).")
]


def console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def check_lang(lang: str) -> str:
    if lang not in ("nl", "en"):
        raise click_errors.BadParameter(f"expected nl or en, got '{lang}'", param_hint="--lang")
    return lang


def demo_path() -> Path:
    """The embedded demo scenario (package data, so it works after any kind of install)."""
    return Path(str(resources.files("scheduler") / "data" / "demo.yaml"))
