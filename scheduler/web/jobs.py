"""Solves and impact analyses off the request thread, with live progress and cancel.

A pool of ``--jobs`` worker threads runs the jobs (CP-SAT releases the GIL while it
searches, so pages stay quick). A job is known by an opaque random id; a second
submission with the same key (same kind, scenario file state and question) while
the first is queued or running joins it instead of solving twice. Progress comes
from the solver's own callback; cancelling sets the job's :class:`StopToken`, so
the solver stops and returns the best plan found so far.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from scheduler.solver import ProgressEvent, StopToken

# Progress events kept per job (the newest per stage is what pages show).
MAX_EVENTS = 200
# Finished jobs kept in memory; older ones are forgotten (their pages then give 404).
MAX_FINISHED = 50

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
FINISHED = (DONE, FAILED, CANCELLED)


@dataclass
class Job:
    id: str
    kind: str  # solve | impact | compare
    key: str
    title: str
    scenario_ids: tuple[str, ...]
    lang: str
    state: str = QUEUED
    created: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None
    events: list[ProgressEvent] = field(default_factory=list)
    result: Any = None
    error: str | None = None
    stop: StopToken = field(default_factory=StopToken)
    version: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def finished_state(self) -> bool:
        return self.state in FINISHED

    @property
    def latest(self) -> ProgressEvent | None:
        return self.events[-1] if self.events else None

    @property
    def cancel_requested(self) -> bool:
        return self.stop.stopped

    def elapsed(self) -> float:
        if self.started is None:
            return 0.0
        return (self.finished or time.monotonic()) - self.started


Work = Callable[[Job], Any]


class JobManager:
    """The queue and the worker pool; every method is safe to call from any thread."""

    def __init__(self, workers: int = 1) -> None:
        self.pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="plooi-job")
        self.jobs: dict[str, Job] = {}
        self.active: dict[str, Job] = {}
        self.futures: dict[str, Future[None]] = {}
        self.lock = threading.Lock()
        self.closing = False

    def submit(self, kind: str, key: str, title: str, scenario_ids: tuple[str, ...],
               lang: str, work: Work, extra: dict[str, Any] | None = None) -> Job:
        """A new job, or the queued or running one with the same key."""
        with self.lock:
            if self.closing:
                raise RuntimeError("the server is stopping")
            running = self.active.get(key)
            if running is not None and not running.finished_state:
                return running
            job = Job(secrets.token_hex(8), kind, key, title, scenario_ids, lang,
                      extra=dict(extra or {}))
            self.jobs[job.id] = job
            self.active[key] = job
            self.futures[job.id] = self.pool.submit(self._run, job, work)
            return job

    def _run(self, job: Job, work: Work) -> None:
        with self.lock:
            if job.state != QUEUED:
                return
            job.state = RUNNING
            job.started = time.monotonic()
            job.version += 1
        try:
            result = work(job)
        except Exception as error:  # shown on the job page, never as a traceback
            self._finish(job, FAILED, None, _message(error, job.lang))
            return
        self._finish(job, DONE, result, None)

    def _finish(self, job: Job, state: str, result: Any, error: str | None) -> None:
        with self.lock:
            job.state = state
            job.result = result
            job.error = error
            job.finished = time.monotonic()
            job.version += 1
            if self.active.get(job.key) is job:
                del self.active[job.key]
            self._prune()

    def _prune(self) -> None:
        """Keep the newest MAX_FINISHED finished jobs (results can be large); caller locks."""
        finished = [j for j in self.jobs.values() if j.finished_state]
        for old in sorted(finished, key=lambda j: j.finished or 0.0)[:-MAX_FINISHED]:
            del self.jobs[old.id]
            self.futures.pop(old.id, None)

    def progress(self, job: Job) -> Callable[[ProgressEvent], None]:
        """The solver's progress callback for ``job``."""

        def report(event: ProgressEvent) -> None:
            with self.lock:
                job.events.append(event)
                if len(job.events) > MAX_EVENTS:
                    del job.events[: len(job.events) - MAX_EVENTS]
                job.version += 1

        return report

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)

    def cancel(self, job: Job) -> None:
        """Stop the search; a running job keeps its best plan, a queued one never starts."""
        job.stop.stop()
        with self.lock:
            future = self.futures.get(job.id)
            if job.state == QUEUED and future is not None and future.cancel():
                job.state = CANCELLED
                job.finished = time.monotonic()
                if self.active.get(job.key) is job:
                    del self.active[job.key]
            job.version += 1

    def queue(self) -> list[Job]:
        """Queued and running jobs, oldest first."""
        with self.lock:
            return [j for j in self.jobs.values() if not j.finished_state]

    def position(self, job: Job) -> int:
        """How many jobs wait before this queued one (0 when running or finished)."""
        if job.state != QUEUED:
            return 0
        with self.lock:
            waiting = [j for j in self.jobs.values() if j.state == QUEUED]
        return sum(1 for j in waiting if j.created < job.created)

    def latest_result(self, kind: str, scenario_id: str) -> Job | None:
        """The newest finished job of ``kind`` about exactly this one scenario."""
        with self.lock:
            done = [j for j in self.jobs.values() if j.kind == kind and j.state == DONE
                    and j.scenario_ids == (scenario_id,)]
        return max(done, key=lambda j: j.finished or 0.0) if done else None

    def shutdown(self) -> None:
        """Ctrl-C: stop every search (each keeps its best plan) and wait for the workers."""
        with self.lock:
            self.closing = True
            jobs = list(self.jobs.values())
        for job in jobs:
            if not job.finished_state:
                job.stop.stop()
        self.pool.shutdown(wait=True, cancel_futures=True)


def _message(error: Exception, lang: str) -> str:
    from scheduler.impact import ImpactError
    from scheduler.text.impact import error_text

    if isinstance(error, ImpactError):
        return error_text(error, lang)
    render = getattr(error, "render", None)
    if callable(render):
        return str(render(lang))
    return f"{type(error).__name__}: {error}"
