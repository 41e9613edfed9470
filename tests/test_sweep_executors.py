"""The task runner: order kept, a dying worker retried once then reported, Ctrl-C partial."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from scheduler.runs.executors import Where, run_tasks
from scheduler.sweep.run import Sweep
from tests.sweep_tasks import echo


def test_results_keep_the_order_of_the_payloads_on_processes() -> None:
    outcome = run_tasks(echo, [{"n": n} for n in range(6)], Where(workers=2))
    assert outcome.results == [{"n": n * 10} for n in range(6)]
    assert outcome.errors == {} and not outcome.partial


def test_a_dying_worker_is_retried_once(tmp_path: Path) -> None:
    payloads = [{"n": 1}, {"n": 2, "die_once": str(tmp_path / "died")}, {"n": 3}]
    outcome = run_tasks(echo, payloads, Where(workers=2))
    assert outcome.results == [{"n": 10}, {"n": 20}, {"n": 30}]
    assert outcome.errors == {}


def test_a_worker_that_dies_twice_is_reported_failed() -> None:
    payloads = [{"n": 1}, {"n": 2, "die": "always"}, {"n": 3}]
    outcome = run_tasks(echo, payloads, Where(workers=2))
    assert outcome.results[0] == {"n": 10} and outcome.results[2] == {"n": 30}
    assert outcome.results[1] is None
    assert list(outcome.errors) == [1]
    assert "BrokenProcessPool" in outcome.errors[1]


def test_a_failing_task_inline_is_reported_not_raised() -> None:
    outcome = run_tasks(echo, [{"n": 1, "raise": True}, {"n": 2}], Where())
    assert outcome.results == [None, {"n": 20}]
    assert outcome.errors == {0: "ValueError: task 1 is broken"}


def test_ctrl_c_keeps_the_finished_rows_marked_partial() -> None:
    def stop_after_first(index: int, result: dict[str, Any]) -> None:
        raise KeyboardInterrupt

    outcome = run_tasks(echo, [{"n": 1}, {"n": 2}, {"n": 3}], Where(), on_done=stop_after_first)
    assert outcome.partial
    assert outcome.results == [{"n": 10}, None, None]
    rows = [{"variant": {"k": "+0"}, "status": "optimal"}]
    assert Sweep(rows, [[]], outcome).document() == {
        "format": "plooi-sweep/1", "rows": rows, "partial": True
    }


def test_a_solve_that_fails_twice_is_a_failed_row() -> None:
    from scheduler.sweep.run import run_sweep

    sweep = run_sweep("horizon: nonsense", "s", [{"capacity:crew": "+0"}], Where(), 5, 0)
    assert sweep.rows == [
        {"variant": {"capacity:crew": "+0"}, "status": "failed", "displacement_cost": None,
         "requests_placed": None, "works_moved": None, "gap": None}
    ]
    assert list(sweep.outcome.errors) == [0]


def test_a_solve_stopped_by_ctrl_c_stops_the_sweep(monkeypatch: pytest.MonkeyPatch) -> None:
    # Ctrl-C during a solve stops that solve (it keeps its best plan, marked interrupted):
    # its row is not finished, and the sweep stops there, marked partial.
    import scheduler.sweep.run as sweep_run
    from tests.test_sweep import TEXT

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        return SimpleNamespace(result=SimpleNamespace(interrupted=True))

    monkeypatch.setattr(sweep_run, "solve_scenario", interrupted)
    variants = [{"capacity:crew": "+0"}, {"capacity:crew": "+1"}]
    sweep = sweep_run.run_sweep(TEXT, "s", variants, Where(), 5, 0)
    assert sweep.outcome.partial
    assert [row["status"] for row in sweep.rows] == ["not_run", "not_run"]
    assert sweep.document()["partial"] is True
