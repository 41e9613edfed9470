"""Workbench jobs: the queue, joining an identical job, cancel with the best plan kept,
failures shown as messages, reload and a second tab, shutdown."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from scheduler.check import check
from scheduler.errors import InputProblem, ScenarioError
from scheduler.generate import generate, write_yaml
from scheduler.io.load import load_scenario
from scheduler.web.jobs import CANCELLED, DONE, FAILED, Job, JobManager
from tests.test_web_api import BASE, csrf, ids, job_of, make_client, wait


def blocked(gate: threading.Event) -> object:
    def work(job: Job) -> str:
        gate.wait(10)
        return "ready"

    return work


def settle(job: Job, seconds: float = 10) -> None:
    end = time.monotonic() + seconds
    while not job.finished_state and time.monotonic() < end:
        time.sleep(0.01)


def test_an_identical_request_joins_the_running_job_and_the_queue_is_ordered() -> None:
    manager = JobManager(1)
    gate = threading.Event()
    try:
        first = manager.submit("solve", "k1", "one", ("a",), "nl", blocked(gate))  # type: ignore[arg-type]
        again = manager.submit("solve", "k1", "one", ("a",), "nl", blocked(gate))  # type: ignore[arg-type]
        second = manager.submit("solve", "k2", "two", ("b",), "nl", blocked(gate))  # type: ignore[arg-type]
        third = manager.submit("solve", "k3", "three", ("c",), "nl", blocked(gate))  # type: ignore[arg-type]
        assert again is first
        while first.state != "running":
            time.sleep(0.01)
        assert [j.id for j in manager.queue()] == [first.id, second.id, third.id]
        assert (manager.position(second), manager.position(third)) == (0, 1)
        manager.cancel(third)  # queued: never starts
        assert third.state == CANCELLED
        gate.set()
        settle(first)
        settle(second)
        assert (first.state, first.result, second.state) == (DONE, "ready", DONE)
        # once finished, the same key starts a new job
        later = manager.submit("solve", "k1", "one", ("a",), "nl", blocked(gate))  # type: ignore[arg-type]
        assert later is not first
        settle(later)
        assert manager.latest_result("solve", "a") is later
    finally:
        gate.set()
        manager.shutdown()


def test_a_failed_job_keeps_its_message() -> None:
    manager = JobManager(1)

    def broken(job: Job) -> None:
        raise ScenarioError([InputProblem("x.yaml", "works[0]", "missing", line=3)])

    def crashed(job: Job) -> None:
        raise RuntimeError("internal error: the solver's plan breaks hard rules")

    try:
        one = manager.submit("solve", "f1", "f", ("a",), "en", broken)
        two = manager.submit("solve", "f2", "f", ("a",), "en", crashed)
        settle(one)
        settle(two)
        assert one.state == FAILED and one.error == "x.yaml:3: works[0]: required field is missing"
        assert two.state == FAILED
        assert two.error == "RuntimeError: internal error: the solver's plan breaks hard rules"
    finally:
        manager.shutdown()


def test_shutdown_stops_a_running_job() -> None:
    manager = JobManager(1)

    def until_stopped(job: Job) -> str:
        while not job.stop.stopped:
            time.sleep(0.01)
        return "stopped"

    job = manager.submit("solve", "s", "s", ("a",), "nl", until_stopped)
    while job.state != "running":
        time.sleep(0.01)
    began = time.monotonic()
    manager.shutdown()
    assert job.state == DONE and job.result == "stopped"
    assert time.monotonic() - began < 2
    with pytest.raises(RuntimeError, match="stopping"):
        manager.submit("solve", "t", "t", ("a",), "nl", until_stopped)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """400 works: CP-SAT needs a few seconds, so there is time to cancel."""
    folder = tmp_path_factory.mktemp("big")
    write_yaml(generate(400, 20, 3, 7), folder / "groot.yaml")
    return folder


@pytest.fixture
def big_client(big: Path) -> Iterator[TestClient]:
    with make_client(big) as client:
        yield client


def test_cancel_mid_solve_keeps_a_checked_plan(big_client: TestClient, big: Path) -> None:
    client = big_client
    sid = ids(client)["groot.yaml"]
    token = csrf(client)
    job = job_of(client.post(f"/s/{sid}/solve", data={"csrf": token}, follow_redirects=False))
    end = time.monotonic() + 30
    while client.get(f"/api/jobs/{job}").json()["stage"] is None:
        assert time.monotonic() < end
        time.sleep(0.02)
    running = client.get(f"/jobs/{job}")  # a reload mid-job shows the progress
    assert 'id="p-cost"' in running.text and 'id="cancel"' in running.text
    assert 'aria-live="polite"' in running.text
    second_tab = TestClient(client.app, base_url=BASE)  # no cookies of the first
    assert second_tab.get(f"/jobs/{job}").status_code == 200  # another browser, same job
    stopped = client.post(f"/jobs/{job}/cancel", data={"csrf": token}, follow_redirects=False)
    assert stopped.status_code == 303 and stopped.headers["location"] == f"/jobs/{job}"
    assert wait(client, job)["state"] == "done"
    document = client.get(f"/api/results/{job}").json()
    assert document["solver"]["interrupted"] is True
    scenario = load_scenario(big / "groot.yaml")
    from scheduler.web.work import SolveOutcome  # the outcome itself, as the page shows it

    outcome = client.app.state.jobs.get(job).result  # type: ignore[attr-defined]
    assert isinstance(outcome, SolveOutcome) and outcome.result.plan is not None
    assert check(scenario, outcome.result.plan) == []
    assert 'data-state="done"' in client.get(f"/jobs/{job}").text


def test_api_jobs_and_results_tell_state_and_errors(big_client: TestClient) -> None:
    client = big_client
    sid = ids(client)["groot.yaml"]
    headers = {"x-csrf-token": csrf(client)}
    first = client.post("/api/solve", json={"scenario": sid}, headers=headers)
    again = client.post("/api/solve", json={"scenario": sid}, headers=headers)
    assert first.status_code == 202 and again.json()["id"] == first.json()["id"]  # joined
    job = first.json()["id"]
    early = client.get(f"/api/results/{job}")
    assert early.status_code == 409 and early.json()["detail"] in ("job is queued",
                                                                  "job is running")
    assert client.post(f"/api/jobs/{job}/cancel", headers=headers).status_code == 200
    assert wait(client, job)["state"] == "done"
    assert client.get(f"/api/results/{job}").status_code == 200
    assert client.post("/api/solve", json={"scenario": "0" * 16},
                       headers=headers).status_code == 404
    assert client.post("/api/solve", json={"nothing": 1}, headers=headers).status_code == 422
    manager = client.app.state.jobs  # type: ignore[attr-defined]

    def broken(job: Job) -> None:
        raise ValueError("kapot")

    failed = manager.submit("solve", "broken", "Kapot", (sid,), "nl", broken)
    settle(failed)
    assert client.get(f"/api/results/{failed.id}").status_code == 409
    assert client.get(f"/api/jobs/{failed.id}").json()["error"] == "ValueError: kapot"
    page = client.get(f"/jobs/{failed.id}")
    assert "Mislukt:" in page.text and "ValueError: kapot" in page.text
    assert "Traceback" not in page.text
    listing = client.get("/jobs")
    assert listing.status_code == 200 and "Kapot" in listing.text
    assert BASE.startswith("http://127.0.0.1")


def test_ctrl_c_stops_the_server_and_its_running_solve(big: Path) -> None:
    """`plooi serve` with a solve running: SIGINT ends it within seconds, exit code 0."""
    import os
    import signal
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-c", "import cli, sys; sys.exit(cli.main())", "serve", str(big),
         "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=5) as http:
            end = time.monotonic() + 30
            while True:
                try:
                    token = http.get("/api/csrf").json()["csrf"]
                    break
                except httpx.TransportError:
                    assert time.monotonic() < end and server.poll() is None
                    time.sleep(0.1)
            sid = next(r["id"] for r in http.get("/api/scenarios").json()
                       if r["label"] == "groot.yaml")
            job = http.post("/api/solve", json={"scenario": sid},
                            headers={"x-csrf-token": token}).json()["id"]
            while http.get(f"/api/jobs/{job}").json()["state"] != "running":
                time.sleep(0.05)
        server.send_signal(signal.SIGINT)
        began = time.monotonic()
        code = server.wait(timeout=20)
        assert code == 0
        assert time.monotonic() - began < 10
        assert b"Traceback" not in server.stderr.read()  # type: ignore[union-attr]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_impact_reports_progress_from_its_own_solves(tmp_path: Path) -> None:
    """The progress hook threaded through `analyse`: every solve reports, costs decoded."""
    from scheduler.impact import analyse
    from scheduler.io.request_file import add_request_file
    from scheduler.solver import ProgressEvent
    from tests.test_web_api import NEW_YAML, TINY

    (tmp_path / "klein.yaml").write_text(TINY, encoding="utf-8")
    (tmp_path / "verzoek.yaml").write_text(NEW_YAML, encoding="utf-8")
    scenario, request_id = add_request_file(load_scenario(tmp_path / "klein.yaml"),
                                            tmp_path / "verzoek.yaml")
    events: list[ProgressEvent] = []
    result = analyse(scenario, request_id, time_limit=10, progress=events.append)
    assert result.least is not None
    stages = {e.stage for e in events}
    assert {"least displacement", "earliest"} <= stages
    least = [e for e in events if e.stage == "least displacement"]
    # the ranked objective is decoded back into displacement cost: the last one is the plan's
    assert least[-1].objective == result.least.total_cost
    assert least[-1].bound <= least[-1].objective
    assert all(a.seconds <= b.seconds for a, b in zip(events, events[1:], strict=False))
    silent = analyse(scenario, request_id, time_limit=10)  # no callback: the same answer
    assert silent.least is not None and silent.least.starts == result.least.starts


def test_jobs_option_runs_that_many_at_once() -> None:
    manager = JobManager(2)
    gate = threading.Event()
    try:
        jobs = [manager.submit("solve", f"k{i}", "j", ("a",), "nl", blocked(gate))  # type: ignore[arg-type]
                for i in range(3)]
        end = time.monotonic() + 10
        while [j.state for j in jobs] != ["running", "running", "queued"]:
            assert time.monotonic() < end, [j.state for j in jobs]
            time.sleep(0.01)
        assert manager.position(jobs[2]) == 0  # first in line
    finally:
        gate.set()
        manager.shutdown()
