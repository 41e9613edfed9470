"""Coupled programmes: plooi against another checkout of plooi, side by side in one run.

    python benchmarks/coupled.py --instances DIR --baseline ../old-checkout \
        --sizes 500 2000 --seeds 1 2 3 --time-limit 60 --out benchmarks/results/coupled.csv

DIR holds ``coupled-<works>-s<seed>.yaml`` and its ``.witness.json`` (made by
``benchmarks/coupled_instances.py``). Every instance is solved by this checkout and,
right after it, by the baseline checkout (``--baseline``: a folder with ``cli.py``),
each as ``cli.py solve FILE --json OUT --time-limit S --workers 2`` in a fresh process.
Per run: the wall time of the whole command (loading and model building included)
and its overrun of the limit, the status, the displacement cost, the bound and gap
the solver reports, the witness's cost, and the independent checker's verdict on the
plan (this checkout's ``plooi check``). ``--time-limit-5000`` sets the limit for the
5,000-work instances (the issue's 120 s).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path[:1] = [str(Path(__file__).resolve().parent.parent)]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks.common import REPO, CsvOut, median, say, table  # noqa: E402

FIELDS = (
    "solver", "works", "seed", "limit", "wall_s", "overrun_s", "exit", "status", "cost",
    "bound", "gap", "witness_cost", "checker", "search", "first_plan_s", "load",
)


def _commit(folder: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        )
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def run_one(checkout: Path, scenario: Path, limit: float, out: Path) -> dict[str, Any]:
    """One solve in a fresh process of ``checkout``: wall time and the result document."""
    env = dict(os.environ, PYTHONPATH=str(checkout))
    command = [
        sys.executable, str(checkout / "cli.py"), "solve", str(scenario), "--json", str(out),
        "--time-limit", str(limit), "--workers", "2",
    ]
    began = time.monotonic()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=checkout)
    wall = time.monotonic() - began
    document = json.loads(out.read_text()) if out.exists() else {}
    return {"wall": wall, "exit": done.returncode, "document": document}


def checker_verdict(scenario: Path, result: Path) -> str:
    """This checkout's independent checker on the plan: ok, or the number of violations."""
    if not result.exists():
        return "no plan"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, str(REPO / "cli.py"), "check", str(scenario), str(result)],
        env=env, capture_output=True, text=True, cwd=REPO,
    )
    return "ok" if done.returncode == 0 else f"broken ({done.returncode})"


FIRST_PLAN = """
import sys, time
began = time.monotonic()
from scheduler.io.load import load_scenario
from scheduler.solver import SolveSettings, StopToken
from scheduler.solver.lns import NeighbourhoodSearch
scenario = load_scenario(sys.argv[1])
loaded = time.monotonic()
settings = SolveSettings.from_policy(scenario, time_limit=float(sys.argv[2]), workers=2)
search = NeighbourhoodSearch(scenario, settings, StopToken(), loaded + float(sys.argv[2]))
ok = search.construct()
print(round(loaded - began, 2), round(time.monotonic() - loaded, 2) if ok else None)
"""


def first_plan(scenario: Path, limit: float) -> tuple[float, float | None]:
    """Seconds to load, and to the neighbourhood construction's checked first plan."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", FIRST_PLAN, str(scenario), str(limit)],
        env=env, capture_output=True, text=True, cwd=REPO,
    )
    load, first = done.stdout.split()
    return float(load), None if first == "None" else float(first)


def row(
    name: str, works: int, seed: int, limit: float, run: dict[str, Any], witness: int | None,
    verdict: str,
) -> dict[str, Any]:
    document = run["document"]
    solver = document.get("solver", {}) or {}
    return {
        "solver": name, "works": works, "seed": seed, "limit": limit,
        "wall_s": round(run["wall"], 1), "overrun_s": round(max(0.0, run["wall"] - limit), 1),
        "exit": run["exit"], "status": document.get("status", "-"),
        "cost": document.get("displacement_cost"), "bound": solver.get("bound"),
        "gap": solver.get("gap"), "witness_cost": witness, "checker": verdict,
        "search": solver.get("search", "-"), "load_s": run.get("load_s"),
        "first_plan_s": run.get("first_plan"),
        "load": round(os.getloadavg()[0], 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=Path, required=True)
    parser.add_argument("--baseline", type=Path, default=None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--time-limit-5000", type=float, default=120.0)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks/results/coupled.csv")
    args = parser.parse_args(argv)
    sides = [(f"plooi {_commit(REPO)}", REPO)]
    if args.baseline is not None:
        sides.append((f"baseline {_commit(args.baseline)}", args.baseline.resolve()))
    rows: list[dict[str, Any]] = []
    csv_out = CsvOut(args.out, FIELDS)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for works in args.sizes:
                limit = args.time_limit_5000 if works >= 5000 else args.time_limit
                for seed in args.seeds:
                    stem = f"coupled-{works}-s{seed}"
                    scenario = args.instances / f"{stem}.yaml"
                    witness_file = args.instances / f"{stem}.witness.json"
                    witness = json.loads(witness_file.read_text()).get("displacement_cost")
                    for name, checkout in sides:
                        out = Path(tmp) / f"{stem}-{len(rows)}.json"
                        run = run_one(checkout, scenario, limit, out)
                        if checkout == REPO:
                            run["load_s"], run["first_plan"] = first_plan(scenario, limit)
                        verdict = checker_verdict(scenario, out)
                        record = row(name, works, seed, limit, run, witness, verdict)
                        rows.append(record)
                        csv_out.write(record)
                        say(f"{stem} {name}: {record['status']} cost {record['cost']} "
                            f"bound {record['bound']} wall {record['wall_s']} s")
    finally:
        csv_out.close()
    headers = ["solver", "works", "median wall s", "worst overrun s", "plans", "median cost",
               "median gap", "median witness"]
    summary = []
    for name, _ in sides:
        for works in args.sizes:
            mine = [r for r in rows if r["solver"] == name and r["works"] == works]
            if not mine:
                continue
            summary.append([
                name, works, median(r["wall_s"] for r in mine),
                max(r["overrun_s"] for r in mine),
                f"{sum(r['cost'] is not None for r in mine)}/{len(mine)}",
                median(r["cost"] for r in mine), median(r["gap"] for r in mine),
                median(r["witness_cost"] for r in mine),
            ])
    print(table(headers, summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
