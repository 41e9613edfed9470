"""One way to run many tasks: a ``concurrent.futures.Executor``, local or on Dask.

A task is a module-level function and a plain-dict payload (scenario text,
variant, seed); its result is a plain dict. The same code path runs it in this
process (``--workers 1``), on a local process pool (``--workers N``, started
with forkserver or spawn, never fork: CP-SAT threads do not survive a fork), or
on an existing Dask distributed cluster (``--dask ADDRESS`` or
``--dask-scheduler-file FILE``; the optional extra ``plooi[dask]``).

A task that raises (a worker that died included) is tried once more, alone on a
fresh executor (a dying process breaks the whole local pool, so the tasks that
shared it are retried too); a second failure is reported as failed, not raised. Ctrl-C stops the
run; the tasks finished so far are returned, marked as partial.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, wait
from concurrent.futures import ProcessPoolExecutor as _ProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

Payload = dict[str, Any]
Task = Callable[[Payload], dict[str, Any]]


class InlineExecutor(Executor):
    """Runs each task at once in this process: ``--workers 1`` takes the same path."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # noqa: BLE001 - reported per task, as on a pool
            future.set_exception(error)
        return future


@dataclass(frozen=True)
class Where:
    """Where tasks run: local processes, or a Dask cluster by address or scheduler file."""

    workers: int = 1
    dask: str | None = None
    dask_scheduler_file: str | None = None

    @property
    def label(self) -> str:
        if self.dask or self.dask_scheduler_file:
            return "dask"
        return "inline" if self.workers <= 1 else f"{self.workers} processes"


class DaskMissing(RuntimeError):
    """dask[distributed] is not installed (the optional extra plooi[dask])."""


@contextmanager
def executor_for(where: Where) -> Iterator[Executor]:
    """An executor for ``where``, shut down (or disconnected) afterwards."""
    if where.dask or where.dask_scheduler_file:
        try:
            import distributed
        except ImportError:
            raise DaskMissing("dask") from None
        connect: Any = distributed.Client  # untyped library
        if where.dask_scheduler_file:
            client = connect(scheduler_file=where.dask_scheduler_file, set_as_default=False)
        else:
            client = connect(where.dask, set_as_default=False)
        try:
            executor: Executor = client.get_executor(pure=False)
            yield executor
        finally:
            client.close()
        return
    if where.workers <= 1:
        yield InlineExecutor()
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    pool = _ProcessPool(max_workers=where.workers, mp_context=context)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class Outcome:
    """Results in payload order (None where failed or not run), and what went wrong."""

    results: list[dict[str, Any] | None]
    errors: dict[int, str] = field(default_factory=dict)
    partial: bool = False


def run_tasks(
    task: Task,
    payloads: list[Payload],
    where: Where,
    on_done: Callable[[int, dict[str, Any]], None] | None = None,
) -> Outcome:
    """Run every payload; a failed one is tried once more, then reported (never raised)."""
    outcome = Outcome(results=[None] * len(payloads))
    try:
        failed = _round(task, payloads, list(range(len(payloads))), where, outcome, on_done)
        # One at a time on a fresh executor each: a worker that dies takes only its own task
        # with it, so the tasks that merely shared its pool succeed here.
        for index in failed:
            _round(task, payloads, [index], where, outcome, on_done)
    except KeyboardInterrupt:
        outcome.partial = True
    return outcome


def _round(
    task: Task,
    payloads: list[Payload],
    todo: list[int],
    where: Where,
    outcome: Outcome,
    on_done: Callable[[int, dict[str, Any]], None] | None,
) -> list[int]:
    failed: list[int] = []
    with executor_for(where) as executor:
        futures = {executor.submit(task, payloads[index]): index for index in todo}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.5)
            for future in sorted(done, key=lambda f: futures[f]):
                index = futures[future]
                error = future.exception()
                if error is not None:
                    outcome.errors[index] = f"{type(error).__name__}: {error}"
                    failed.append(index)
                    continue
                outcome.errors.pop(index, None)
                outcome.results[index] = future.result()
                if on_done is not None:
                    on_done(index, outcome.results[index])  # type: ignore[arg-type]
    return sorted(failed)
