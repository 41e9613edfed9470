"""What reproducible answers cost: policy.deterministic true against false.

    python benchmarks/bench_determinism.py --sizes 100 200 400 --runs 3 --time-limit 30

Per generated programme (``scheduler.generate``, 3 years) and mode, the same solve
runs ``--runs`` times in this process: the wall time of each (median reported),
the status, the final gap, and how many different result JSON files the runs
wrote (1 means byte-identical). With ``deterministic: true`` a proven stage is
followed by a single-threaded search with the optimum fixed (scheduler/solver/
run.py, ``_canonical``), which picks the same optimal plan every time; that search
is what the mode costs. Numbers go to docs/reliability.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path[:1] = [str(Path(__file__).resolve().parent.parent)]

import argparse  # noqa: E402
import hashlib  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks.common import CsvOut, machine, median, say, table  # noqa: E402

FIELDS = (
    "works", "requests", "seed", "deterministic", "run", "seconds", "status", "gap",
    "cost", "digest", "time_limit", "workers", "load",
)


def one(scenario: Any, deterministic: bool, time_limit: float, workers: int) -> dict[str, Any]:
    from scheduler.io.result_json import dumps, outcome_document
    from scheduler.workflow import solve_scenario

    began = time.monotonic()
    outcome = solve_scenario(
        scenario,
        "bench",
        time_limit=time_limit,
        seed=0,
        workers=workers,
        deterministic=deterministic,
    )
    seconds = time.monotonic() - began
    data = outcome_document(outcome)
    document = dumps(data).encode("utf-8")
    return {
        "seconds": round(seconds, 2),
        "status": str(outcome.status),
        "gap": outcome.result.gap,
        "cost": data.get("displacement_cost"),
        "digest": hashlib.sha256(document).hexdigest()[:12],
        "load": round(os.getloadavg()[0], 2),
    }


def summarise(rows: list[dict[str, Any]]) -> str:
    out = []
    keys = sorted({(r["works"], r["deterministic"]) for r in rows})
    for works, deterministic in keys:
        group = [r for r in rows if (r["works"], r["deterministic"]) == (works, deterministic)]
        out.append([
            works,
            "true" if deterministic else "false",
            median(r["seconds"] for r in group),
            "/".join(sorted({r["status"] for r in group})),
            median(r["gap"] for r in group),
            len({r["digest"] for r in group}),
            len(group),
        ])
    headers = ["works", "deterministic", "seconds (median)", "status", "gap (median)",
               "different JSON", "runs"]
    return table(headers, out)


def main(argv: list[str] | None = None) -> int:
    from scheduler.generate import generate
    from scheduler.io.validate import build_scenario

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 200, 400])
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default="determinism.csv")
    args = parser.parse_args(argv)
    say(f"determinism {args.sizes} x {args.runs} runs, {args.time_limit:g} s, "
        f"{args.workers} workers; {machine()}")
    out = CsvOut(args.out, FIELDS)
    rows = []
    for works in args.sizes:
        raw = generate(works, args.requests, args.years, args.seed)
        scenario = build_scenario(raw, "generated")
        for run in range(args.runs):
            for deterministic in (True, False):  # interleaved: load hits both alike
                row = one(scenario, deterministic, args.time_limit, args.workers)
                row.update(works=works, requests=args.requests, seed=args.seed, run=run,
                           deterministic=deterministic, time_limit=args.time_limit,
                           workers=args.workers)
                out.write(row)
                rows.append(row)
                say(f"{works} works, deterministic {deterministic}, run {run}: "
                    f"{row['seconds']} s {row['status']} gap {row['gap']} {row['digest']}")
    out.close()
    print(summarise(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
