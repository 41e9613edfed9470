"""plooi risk: seconds for 1,000 samples of the demo and of a 2,000-work programme.

    python benchmarks/bench_risk.py --runs 3 --samples 1000 --out benchmarks/results/risk.csv

The demo's plan is solved once (not timed); the 2,000-work programme
(``scheduler.generate``, 4 years, 10 requests, seed 1) is carried out from its
witness plan (a plan that obeys every rule, built by the generator), so no
city-scale solve is timed either. Timed: the whole risk run (``run_risk``:
compile, draw, simulate, count, in this process or on 2 processes) and building
the document. The machine is shared: each row carries the 1-minute load average.
The CPU seconds of this process are given for --workers 1 (everything runs in it):
on a loaded machine they, not the wall time, say what one free core would take.
Targets (issue plooi 11): demo <= 2 s, 2,000 works <= 30 s, on one core.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path[:1] = [str(Path(__file__).resolve().parent.parent)]

import argparse  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks.common import CsvOut, machine, median, say, table  # noqa: E402

FIELDS = ("case", "works", "samples", "workers", "run", "seconds", "cpu_seconds", "load")


def cases() -> list[tuple[str, Any, Any]]:
    """(name, scenario, plan) of the demo and the 2,000-work programme."""
    import yaml

    from scheduler import weeks
    from scheduler.commands.common import demo_path
    from scheduler.generate import generate_with_witness
    from scheduler.io.load import load_scenario, scenario_from_text
    from scheduler.plan import Plan
    from scheduler.workflow import solve_scenario

    demo = load_scenario(demo_path())
    plan = solve_scenario(demo, "demo", time_limit=60).result.plan
    raw, witness = generate_with_witness(2000, 10, 4, 1)
    city = scenario_from_text(yaml.safe_dump(raw), "generated")
    city_plan = Plan.from_starts(city, {k: weeks.parse_week(v) for k, v in witness.items()})
    return [("demo", demo, plan), ("2000 works", city, city_plan)]


def one(scenario: Any, plan: Any, samples: int, workers: int) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of this process (the whole run when workers is 1)."""
    from scheduler.io.write_yaml import scenario_yaml
    from scheduler.risk.document import risk_document
    from scheduler.risk.run import run_risk
    from scheduler.runs.executors import Where

    text = scenario_yaml(scenario)
    began, cpu = time.monotonic(), time.process_time()
    run = run_risk(scenario, text, plan, samples, 0, Where(workers=workers))
    risk_document(run)
    return time.monotonic() - began, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--out", default="benchmarks/results/risk.csv")
    args = parser.parse_args(argv)
    out = CsvOut(args.out, FIELDS)
    rows = []
    for name, scenario, plan in cases():
        for workers in args.workers:
            times, cpus, loads = [], [], []
            for run in range(args.runs):
                seconds, cpu = one(scenario, plan, args.samples, workers)
                load = round(os.getloadavg()[0], 2)
                times.append(seconds)
                cpus.append(cpu)
                loads.append(load)
                out.write({"case": name, "works": len(scenario.works), "samples": args.samples,
                           "workers": workers, "run": run, "seconds": round(seconds, 2),
                           "cpu_seconds": round(cpu, 2) if workers == 1 else None,
                           "load": load})
                say(f"{name} workers={workers} run {run}: {seconds:.2f} s, cpu {cpu:.2f} s "
                    f"(load {load})")
            rows.append([name, len(scenario.works), args.samples, workers, median(times),
                         median(cpus) if workers == 1 else None, median(loads)])
    out.close()
    print(machine())
    print(table(["case", "works", "samples", "workers", "median wall s",
                 "median CPU s (this process)", "load (1 min)"],
                rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
