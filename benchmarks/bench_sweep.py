"""plooi sweep: 16 solves serial, on 2 local processes, and on a local Dask cluster.

    python benchmarks/bench_sweep.py --runs 3 --out benchmarks/results/sweep.csv

The sweep: a generated programme (``scheduler.generate``, 1,200 works, 6 requests,
3 years, seed 3; each solve about 2.5 CPU seconds on one CP-SAT thread) with four axes of
two values each (the capacity of its first two crews +0/+1, its first two
requests in/out): 16 combinations, one solve each. Executors: this process
(serial), a local process pool of 2 (``--workers 2``), and a Dask LocalCluster of 2
single-threaded worker processes on 127.0.0.1 reached by address (``--dask``),
all through the same ``run_sweep``. Overhead per task: 32 tasks that do nothing
(``scheduler.runs.bench_noop``) on each executor, wall time / 32. The machine is
shared: every row carries the 1-minute load average.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path[:1] = [str(Path(__file__).resolve().parent.parent)]

import argparse  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks.common import CsvOut, machine, median, say, table  # noqa: E402

FIELDS = (
    "executor", "run", "tasks", "seconds", "cpu_per_solve", "per_task", "load", "same_rows"
)
NOOP_TASKS = 32


def sweep_input(works: int, years: int) -> tuple[str, list[dict[str, str]]]:
    import yaml

    from scheduler.generate import generate
    from scheduler.io.load import scenario_from_text
    from scheduler.io.write_yaml import scenario_yaml
    from scheduler.sweep.variants import combinations

    raw = generate(works, 6, years, 3)
    scenario = scenario_from_text(yaml.safe_dump(raw), "generated")
    crews = [r.id for r in scenario.resources[:2]]
    requests = [r.id for r in scenario.requests[:2]]
    axes = [(f"capacity:{c}", ["+0", "+1"]) for c in crews]
    axes += [(f"request:{r}", ["in", "out"]) for r in requests]
    return scenario_yaml(scenario), combinations(axes)


@contextmanager
def local_dask() -> Iterator[str]:
    """A LocalCluster of 2 single-threaded worker processes on loopback, no dashboard."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        yield str(cluster.scheduler_address)


def executors(dask_address: str | None) -> list[tuple[str, Any]]:
    from scheduler.runs.executors import Where

    found = [("serial", Where()), ("2 processes", Where(workers=2))]
    if dask_address is not None:
        found.append(("dask, 2 workers", Where(dask=dask_address)))
    return found


def timed_sweep(
    text: str, variants: list[dict[str, str]], where: Any
) -> tuple[float, float, list[Any]]:
    """Wall seconds, mean CPU seconds per solve (measured in the worker), the rows."""
    from scheduler.sweep.run import run_sweep

    began = time.monotonic()
    result = run_sweep(text, "bench", variants, where, time_limit=60, seed=0)
    took = time.monotonic() - began
    cpu = [r["cpu_seconds"] for r in result.outcome.results if r is not None]
    return took, sum(cpu) / max(len(cpu), 1), result.rows


def overhead(where: Any) -> float:
    from scheduler.runs.bench_noop import noop
    from scheduler.runs.executors import run_tasks

    began = time.monotonic()
    run_tasks(noop, [{"n": n} for n in range(NOOP_TASKS)], where)
    return (time.monotonic() - began) / NOOP_TASKS


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument("--works", type=int, default=1200)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--out", default="benchmarks/results/sweep.csv")
    args = parser.parse_args(argv)
    text, variants = sweep_input(args.works, args.years)
    out = CsvOut(args.out, FIELDS)
    seconds: dict[str, list[float]] = {}
    costs: dict[str, list[float]] = {}
    cpus: dict[str, list[float]] = {}
    loads: dict[str, list[float]] = {}
    reference: list[Any] | None = None
    with (local_dask() if not args.no_dask else _none()) as address:
        for run in range(args.runs):
            for name, where in executors(address):
                took, cpu, rows = timed_sweep(text, variants, where)
                cpus.setdefault(name, []).append(cpu)
                reference = reference or rows
                per_task = overhead(where)
                load = round(os.getloadavg()[0], 2)
                seconds.setdefault(name, []).append(took)
                costs.setdefault(name, []).append(per_task)
                loads.setdefault(name, []).append(load)
                out.write({"executor": name, "run": run, "tasks": len(variants),
                           "seconds": round(took, 2), "cpu_per_solve": round(cpu, 3),
                           "per_task": round(per_task, 4),
                           "load": load, "same_rows": rows == reference})
                say(f"run {run} {name}: {took:.1f} s, overhead {per_task * 1000:.1f} ms/task, "
                    f"load {load}, same rows {rows == reference}")
    out.close()
    serial = median(seconds["serial"]) or 1.0
    print(machine())
    print(table(
        ["executor", "16 solves: median wall s", "speed-up vs serial", "CPU s per solve",
         "overhead ms/task", "load (1 min)"],
        [[name, median(times), serial / (median(times) or 1.0), median(cpus[name]),
          (median(costs[name]) or 0.0) * 1000, median(loads[name])]
         for name, times in seconds.items()],
    ))
    return 0


@contextmanager
def _none() -> Iterator[None]:
    yield None


if __name__ == "__main__":
    sys.exit(main())
