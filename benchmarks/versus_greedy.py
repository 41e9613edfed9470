"""plooi against the hand method (scheduler/greedy.py) on generated programmes.

    python benchmarks/versus_greedy.py --sizes 250 500 --seeds 1 2 3 4 5 --time-limit 30

Per instance: the displacement cost of plooi's plan and of the greedy plan, their
ratio (plooi / greedy; lower is better, the aim is at most 0.5), the value of the
accepted optional requests on both sides (plooi maximises that value first, so
it may accept more and then displace more; a ratio above 1 at equal value is a
bug), and both plans checked by the independent checker. An instance where the
hand method finds no plan counts as a win for plooi and has no ratio.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path[:1] = [str(Path(__file__).resolve().parent.parent)]

import argparse  # noqa: E402
import os  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks.common import CsvOut, machine, median, say, table  # noqa: E402
from benchmarks.scaling import commit  # noqa: E402

FIELDS = (
    "works", "requests", "seed", "time_limit", "workers", "plooi_status", "plooi_cost",
    "plooi_bound", "plooi_value", "plooi_moved", "plooi_s", "plooi_checked", "greedy_cost",
    "greedy_value", "greedy_moved", "greedy_s", "greedy_failed", "greedy_rejected", "ratio",
    "plooi_worse", "plooi_gap_pct", "load", "commit",
)


def one(works: int, requests: int, years: int, seed: int, time_limit: float,
        workers: int) -> dict[str, Any]:
    from scheduler.check import check
    from scheduler.generate import generate
    from scheduler.greedy import greedy
    from scheduler.io.validate import build_scenario
    from scheduler.solver import solve

    scenario = build_scenario(generate(works, requests, years, seed), "generated")
    row: dict[str, Any] = {"works": works, "requests": requests, "seed": seed,
                           "time_limit": time_limit, "workers": workers,
                           "load": round(os.getloadavg()[0], 2)}
    hand = greedy(scenario)
    row["greedy_s"] = round(hand.seconds, 2)
    if hand.plan is None:
        row["greedy_failed"] = f"{hand.reason}:{hand.item}"
    else:
        row["greedy_cost"] = hand.plan.displacement_cost(scenario)
        row["greedy_value"] = hand.plan.accepted_value(scenario)
        row["greedy_moved"] = len(hand.plan.moved())
        row["greedy_rejected"] = " ".join(hand.rejected)
    result = solve(scenario, time_limit=time_limit, workers=workers, seed=0)
    row["plooi_status"] = str(result.status)
    row["plooi_s"] = round(result.seconds, 2)
    row["plooi_bound"] = result.bound
    row["plooi_gap_pct"] = None if result.gap is None else round(100 * result.gap, 3)
    if result.plan is not None:
        plan = result.plan
        row["plooi_cost"] = plan.displacement_cost(scenario)
        row["plooi_value"] = plan.accepted_value(scenario)
        row["plooi_moved"] = len(plan.moved())
        row["plooi_checked"] = "ok" if not check(scenario, plan) else "violations"
    if row.get("greedy_cost") is not None and row.get("plooi_cost") is not None:
        g, p = row["greedy_cost"], row["plooi_cost"]
        row["ratio"] = round(p / g, 4) if g else (0.0 if p == 0 else None)
        row["plooi_worse"] = p > g and row["plooi_value"] <= row["greedy_value"]
    return row


def summarise(rows: list[dict[str, Any]]) -> str:
    out = []
    for size in sorted({r["works"] for r in rows}):
        group = [r for r in rows if r["works"] == size]
        ratios = [r["ratio"] for r in group if r.get("ratio") is not None]
        out.append([
            size, len(group), sum(bool(r.get("greedy_failed")) for r in group),
            median(r.get("plooi_cost") for r in group if r.get("ratio") is not None),
            median(r.get("greedy_cost") for r in group if r.get("ratio") is not None),
            median(ratios), max(ratios, default=None),
            sum(bool(r.get("plooi_worse")) for r in group),
            "/".join(sorted({str(r.get("plooi_status")) for r in group})),
        ])
    ratios = [r["ratio"] for r in rows if r.get("ratio") is not None]
    out.append(["all", len(rows), sum(bool(r.get("greedy_failed")) for r in rows), None, None,
                median(ratios), max(ratios, default=None),
                sum(bool(r.get("plooi_worse")) for r in rows), ""])
    headers = ["works", "instances", "greedy failed", "plooi cost (median)",
               "greedy cost (median)", "median ratio", "worst ratio", "plooi worse",
               "plooi status"]
    return table(headers, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default="versus_greedy.csv")
    args = parser.parse_args(argv)
    say(f"versus greedy {args.sizes} x seeds {args.seeds}, {args.time_limit:g} s, "
        f"{args.workers} workers; {machine()}")
    out = CsvOut(args.out, FIELDS)
    rows = []
    head = commit()
    for works in args.sizes:
        for seed in args.seeds:
            row = one(works, args.requests, args.years, seed, args.time_limit, args.workers)
            row["commit"] = head
            out.write(row)
            rows.append(row)
            say(f"{works} works seed {seed}: plooi {row.get('plooi_cost')} "
                f"({row.get('plooi_status')}, {row.get('plooi_s')} s) greedy "
                f"{row.get('greedy_cost')} {row.get('greedy_failed') or ''} ratio "
                f"{row.get('ratio')}")
    out.close()
    print(summarise(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
