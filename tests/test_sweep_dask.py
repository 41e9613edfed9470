"""The Dask path equals the local path: a real multi-process cluster on 127.0.0.1.

The fixture starts `dask scheduler` and two `dask worker` processes (scheduler
file in a temp dir, loopback only, no dashboards) and tears them down in finally.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scheduler.commands.common import demo_path
from scheduler.io.load import load_scenario
from scheduler.io.write_yaml import scenario_yaml
from scheduler.plan import Plan
from scheduler.risk.document import risk_document
from scheduler.risk.run import run_risk
from scheduler.runs.executors import Where
from scheduler.sweep.run import run_sweep
from tests.test_sweep import TEXT

distributed = pytest.importorskip("distributed")

START_SECONDS = 60


def _dask(*args: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "dask", *args], stdout=out, stderr=subprocess.STDOUT
        )


@pytest.fixture(scope="module")
def scheduler_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("dask")
    path = folder / "scheduler.json"
    processes: list[subprocess.Popen[bytes]] = []
    try:
        processes.append(
            _dask("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                  "--scheduler-file", str(path), log=folder / "scheduler.log")
        )
        deadline = time.monotonic() + START_SECONDS
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert path.exists(), (folder / "scheduler.log").read_text()
        for number in range(2):
            processes.append(
                _dask("worker", "--scheduler-file", str(path), "--host", "127.0.0.1",
                      "--nthreads", "1", "--no-dashboard", "--local-directory", str(folder),
                      log=folder / f"worker{number}.log")
            )
        with distributed.Client(scheduler_file=str(path), set_as_default=False) as client:
            client.wait_for_workers(2, timeout=START_SECONDS)
            assert all("127.0.0.1" in address for address in client.scheduler_info()["workers"])
        yield path
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_sweep_on_dask_equals_the_local_sweep(scheduler_file: Path) -> None:
    variants = [{"capacity:crew": "+0"}, {"capacity:crew": "+1"}, {"request:R-1": "out"}]
    local = run_sweep(TEXT, "s", variants, Where(), time_limit=10, seed=0)
    remote = run_sweep(
        TEXT, "s", variants, Where(dask_scheduler_file=str(scheduler_file)), 10, 0
    )
    assert remote.document() == local.document()
    assert [row["displacement_cost"] for row in remote.rows] == [12, 0, 0]


def test_a_sweep_reaches_the_cluster_by_address_too(scheduler_file: Path) -> None:
    import json

    address = json.loads(scheduler_file.read_text())["address"]
    assert address.startswith("tcp://127.0.0.1:")
    variants = [{"capacity:crew": "+1"}]
    local = run_sweep(TEXT, "s", variants, Where(), time_limit=10, seed=0)
    assert run_sweep(TEXT, "s", variants, Where(dask=address), 10, 0).rows == local.rows


def test_a_risk_run_on_dask_equals_the_local_run(scheduler_file: Path) -> None:
    s = load_scenario(demo_path())
    s = s.derived(requests=[])
    plan = Plan.baseline(s)
    text = scenario_yaml(s)
    local = risk_document(run_risk(s, text, plan, 700, 9, Where()))
    remote = risk_document(
        run_risk(s, text, plan, 700, 9, Where(dask_scheduler_file=str(scheduler_file)))
    )
    assert remote == local
