"""The decomposition against the whole model on programmes small enough for both to prove.

    python benchmarks/exactness.py --time-limit 60 --out exactness.csv

For each case (works, requests, years, seed) the same generated programme is solved
twice: by plooi as shipped (the exact decomposition from 200 works) and by the whole
model alone (``bound_by_parts=False``, a longer limit). Where both are proven optimal,
their lexicographic optima (accepted value, displacement cost) must be equal: a
difference is a bug and is flagged. Times are wall clock, side by side.
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

from benchmarks.common import CsvOut, machine, say, table  # noqa: E402
from benchmarks.scaling import commit  # noqa: E402

# (works, requests, years, seed): sizes where the whole model can still prove, with
# 5-30 requests over 1-5 years, so that parts interact through budgets and rules.
CASES = (
    (200, 5, 2, 1), (200, 15, 3, 2), (250, 20, 2, 3), (300, 10, 3, 4), (220, 25, 4, 5),
    (260, 8, 1, 6), (240, 12, 2, 7), (280, 18, 3, 8), (300, 30, 5, 9), (210, 6, 2, 10),
)
FIELDS = (
    "works", "requests", "years", "seed", "parts_status", "parts_value", "parts_cost",
    "parts_s", "by_parts", "parts_checked", "whole_status", "whole_value", "whole_cost",
    "whole_s", "verdict", "load", "commit",
)


def one(case: tuple[int, int, int, int], time_limit: float, workers: int) -> dict[str, Any]:
    from scheduler.check import check
    from scheduler.generate import generate
    from scheduler.io.validate import build_scenario
    from scheduler.solver import solve

    works, requests, years, seed = case
    scenario = build_scenario(generate(works, requests, years, seed), "generated")
    row: dict[str, Any] = {"works": works, "requests": requests, "years": years,
                           "seed": seed, "load": round(os.getloadavg()[0], 2)}
    runs = (
        ("parts", {"time_limit": time_limit}),
        ("whole", {"time_limit": 1.5 * time_limit, "bound_by_parts": False}),
    )
    for name, settings in runs:
        began = time.monotonic()
        result = solve(scenario, workers=workers, seed=0, **settings)
        row[f"{name}_s"] = round(time.monotonic() - began, 2)
        row[f"{name}_status"] = str(result.status)
        if result.plan is not None:
            row[f"{name}_value"] = result.plan.accepted_value(scenario)
            row[f"{name}_cost"] = result.plan.displacement_cost(scenario)
        if name == "parts":
            parts = result.decomposition
            row["by_parts"] = parts is not None and result.plan is parts.plan
            row["parts_checked"] = (
                "-" if result.plan is None else ("ok" if not check(scenario, result.plan) else "no")
            )
    both = row["parts_status"] == row["whole_status"] == "optimal"
    same = (row.get("parts_value"), row.get("parts_cost")) == (
        row.get("whole_value"), row.get("whole_cost"))
    row["verdict"] = ("equal" if same else "MISMATCH") if both else "not both proven"
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default="exactness.csv")
    args = parser.parse_args(argv)
    say(f"exactness, {len(CASES)} programmes, {args.time_limit:g} s, {args.workers} workers; "
        f"{machine()}")
    out = CsvOut(args.out, FIELDS)
    head = commit()
    rows = []
    for case in CASES:
        row = one(case, args.time_limit, args.workers)
        row["commit"] = head
        out.write(row)
        rows.append(row)
        say(f"{case}: parts {row['parts_status']} {row.get('parts_cost')} in {row['parts_s']} s, "
            f"whole {row['whole_status']} {row.get('whole_cost')} in {row['whole_s']} s: "
            f"{row['verdict']}")
    out.close()
    print(table(
        ["works", "requests", "years", "seed", "value", "cost by parts", "s", "cost whole", "s",
         "verdict"],
        [[r["works"], r["requests"], r["years"], r["seed"], r.get("parts_value"),
          r.get("parts_cost"), r["parts_s"], r.get("whole_cost"), r["whole_s"], r["verdict"]]
         for r in rows],
    ))
    return 1 if any(r["verdict"] == "MISMATCH" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
