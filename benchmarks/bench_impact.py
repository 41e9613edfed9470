"""`plooi impact` end to end: the demo's requests and a generated 1,000-work programme.

    python benchmarks/bench_impact.py                      # median of 3 runs per case
    python benchmarks/bench_impact.py --runs 5 --time-limit 30 --out results/impact.csv

Each run is the command a user types (`python cli.py impact SCENARIO --request ID
--json OUT`) in a fresh subprocess, timed on the wall clock from start to exit,
so the time includes starting Python, loading the scenario, every solve, the
checker on every plan shown, and writing the JSON. The cases:

* the demo (scheduler/data/demo.yaml), every request in it, with the other
  requests pending as the demo has them;
* a generated programme (scheduler.generate) of 1,000 works over 5 years with
  one request: the wijkambtenaar's case, the programme plus the request;
* the same size with 10 requests, the first analysed against 9 other pending
  requests (the plan without it is then a full solve of its own).

The table shows the median, fastest and slowest run, and from the JSON: the
status, R's displacement cost and whether the least-displacement plan was
proven optimal, the number of alternatives and of verified levers.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path[:1] = [str(Path(__file__).resolve().parent.parent)]

import argparse  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks.common import REPO, CsvOut, machine, median, say, table  # noqa: E402

FIELDS = (
    "case", "works", "requests", "request", "time_limit", "run", "seconds", "exit", "status",
    "cost", "proven", "options", "levers", "cheapest",
)


def cases(args: argparse.Namespace, folder: Path) -> list[dict[str, Any]]:
    """(name, scenario file, request id, works, requests) for every case."""
    from scheduler.generate import generate, write_yaml
    from scheduler.io.load import load_scenario

    found: list[dict[str, Any]] = []
    demo = REPO / "scheduler" / "data" / "demo.yaml"
    if demo.exists():
        scenario = load_scenario(demo)
        for request in scenario.requests:
            found.append({"case": "demo", "path": demo, "request": request.id,
                          "works": len(scenario.works), "requests": len(scenario.requests)})
    else:
        say(f"no demo at {demo}: skipped")
    for requests in args.requests:
        path = folder / f"generated-{args.works}-{requests}.yaml"
        raw = generate(args.works, requests, args.years, args.seed)
        write_yaml(raw, path)
        first = raw["requests"][0]["id"]
        found.append({"case": f"generated (seed {args.seed})", "path": path, "request": first,
                      "works": args.works, "requests": requests})
    return found


def one_run(case: dict[str, Any], args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    out = folder / "impact.json"
    out.unlink(missing_ok=True)
    command = [sys.executable, str(REPO / "cli.py"), "impact", str(case["path"]),
               "--request", case["request"], "--json", str(out), "--quiet"]
    if args.time_limit is not None:
        command += ["--time-limit", str(args.time_limit)]
    began = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - began
    row: dict[str, Any] = {**{k: case[k] for k in ("case", "works", "requests", "request")},
                           "time_limit": args.time_limit or "policy",
                           "seconds": round(seconds, 2), "exit": done.returncode}
    if done.returncode not in (0, 1):
        say(f"  exit {done.returncode}: {done.stderr.strip()[:300]}")
        return row
    document = json.loads(out.read_text(encoding="utf-8"))
    best = document.get("least_displacement") or {}
    row.update(
        status=document["status"],
        cost=best.get("displacement_cost"),
        proven=best.get("status") == "optimal" if best else None,
        options=len(document["options"]),
        levers=len(document["levers"]),
        cheapest=document["cheapest_lever"],
    )
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=None,
                        help="passed to plooi impact (default: the scenario's policy)")
    parser.add_argument("--works", type=int, default=1000)
    parser.add_argument("--requests", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="CSV of every run")
    args = parser.parse_args(argv)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        csv = CsvOut(args.out, FIELDS) if args.out else None
        for case in cases(args, folder):
            say(f"{case['case']} {case['request']} ({case['works']} works)")
            for run in range(args.runs):
                row = {**one_run(case, args, folder), "run": run + 1}
                say(f"  run {run + 1}: {row['seconds']} s, {row.get('status')}")
                rows.append(row)
                if csv:
                    csv.write(row)
        if csv:
            csv.close()
    print(f"plooi impact, median of {args.runs} runs; {machine()}\n")
    summary = []
    keys = list(dict.fromkeys((r["case"], r["request"], r["works"], r["requests"]) for r in rows))
    for case, request, works, requests in keys:
        runs = [r for r in rows
                if (r["case"], r["request"], r["works"], r["requests"])
                == (case, request, works, requests)]
        last = runs[-1]
        summary.append([
            case, works, requests, request, last["time_limit"],
            median(r["seconds"] for r in runs), min(r["seconds"] for r in runs),
            max(r["seconds"] for r in runs), last.get("status", f"exit {last['exit']}"),
            last.get("cost"), last.get("proven"), last.get("options"), last.get("levers"),
            last.get("cheapest"),
        ])
    print(table(
        ["case", "works", "requests", "request", "time limit", "median s", "min s", "max s",
         "status", "cost", "proven", "options", "levers", "cheapest"],
        summary,
    ))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
