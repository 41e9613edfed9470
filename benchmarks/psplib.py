"""PSPLIB (makespan) benchmark: plooi and PyJobShop side by side, in the same run.

    python benchmarks/psplib.py PATHS... --time-limit S --workers W --out FILE.csv

PATHS are ``.sm`` files or folders of them (e.g. ../shared/psplib/j30.sm). One row per
instance: instance, makespan, lower_bound, status, seconds for plooi; the same for
PyJobShop (``pyjobshop_*``, same reduced instance, same time limit and workers); the
best known bounds and the gaps. ``--every K`` keeps every K-th instance in natural
order (j3010_1, j3010_2, ..., j3010_10, j3011_1, ...), starting with the first.
Gaps are in percent: ``gap`` = (makespan - best_ub) / best_ub (to the best known
solution), ``gap_lb`` = (makespan - best_lb) / best_lb (to the best known bound).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    # Run as a script: benchmarks/ must not shadow the `psplib` package; import from the repo.
    sys.path[:1] = [str(Path(__file__).resolve().parent.parent)]

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
from collections import defaultdict  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks.common import (  # noqa: E402
    SHARED_PSPLIB,
    CsvOut,
    machine,
    mean,
    read_csv,
    say,
    table,
)
from benchmarks.rcpsp import (  # noqa: E402
    bound_in_weeks,
    read_psplib,
    serial_sgs,
    solve_pyjobshop,
    to_scenario,
)
from benchmarks.variants import applied  # noqa: E402
from scheduler.check import check  # noqa: E402
from scheduler.solver import solve  # noqa: E402

FIELDS = (
    "set", "instance", "makespan", "lower_bound", "status", "seconds", "checked",
    "pyjobshop_makespan", "pyjobshop_lower_bound", "pyjobshop_status", "pyjobshop_seconds",
    "best_lb", "best_ub", "gap", "gap_lb", "pyjobshop_gap", "pyjobshop_gap_lb",
    "time_limit", "workers", "variant", "load", "cpu_s", "pyjobshop_cpu_s",
)


def natural(path: Path) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", path.name)]


def instance_paths(paths: list[str], every: int) -> list[Path]:
    found: list[Path] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            found.extend(sorted(path.glob("*.sm"), key=natural))
        else:
            found.append(path)
    return found[::every]


def set_of(name: str) -> str:
    match = re.match(r"(j\d+?)(\d+)_\d+\.sm$", name)
    if match is None:
        return "?"
    digits = match.group(1) + match.group(2)
    for size in ("j120", "j60", "j30"):
        if digits.startswith(size):
            return size
    return "?"


def gap(value: int | None, reference: int | None) -> float | None:
    if value is None or not reference:
        return None
    return 100.0 * (value - reference) / reference


def load_reference(path: Path) -> dict[str, tuple[int, int]]:
    if not path.exists():
        say(f"no reference bounds at {path}: gaps left empty")
        return {}
    return {
        row["instance"]: (int(row["best_lb"]), int(row["best_ub"]))
        for row in read_csv(path)
        if row.get("best_lb") and row.get("best_ub")
    }


def run_plooi(
    path: Path, time_limit: float, workers: int, seed: int, deterministic: bool, variant: list[str]
) -> dict[str, Any]:
    instance = read_psplib(path)
    hints = serial_sgs(instance) if "sgs_hint" in variant else None
    scenario = to_scenario(
        instance, time_limit=time_limit, workers=workers, seed=seed,
        deterministic=deterministic, hints=hints,
    )
    cpu = _cpu()
    with applied([v for v in variant if v != "sgs_hint"]):
        result = solve(scenario)
    cpu = _cpu() - cpu
    makespan = result.plan.makespan(scenario) if result.plan is not None else None
    lower = bound_in_weeks(scenario, result.bound)
    if result.status == "optimal":
        lower = makespan
    violations = check(scenario, result.plan) if result.plan is not None else None
    return {
        "makespan": makespan,
        "lower_bound": lower,
        "status": str(result.status),
        "seconds": round(result.seconds, 3),
        "checked": "-" if violations is None else ("ok" if not violations else len(violations)),
        "cpu_s": round(cpu, 2),
    }


def _cpu() -> float:
    """CPU seconds of this process, all threads: the effort, whatever else runs on the machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _typed(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row with its numbers as numbers again (empty cells as None)."""
    typed: dict[str, Any] = {}
    for key, value in row.items():
        if value == "":
            typed[key] = None
            continue
        try:
            typed[key] = float(value)
        except ValueError:
            typed[key] = value
    return typed


def _head_to_head(group: list[dict[str, Any]]) -> str:
    """Instances where plooi's makespan is below, equal to, above PyJobShop's."""
    pairs = [
        (r["makespan"], r["pyjobshop_makespan"])
        for r in group
        if r.get("makespan") is not None and r.get("pyjobshop_makespan") is not None
    ]
    better = sum(p < q for p, q in pairs)
    worse = sum(p > q for p, q in pairs)
    return f"{better}/{len(pairs) - better - worse}/{worse}"


def summarise(rows: list[dict[str, Any]], peer: bool) -> str:
    by_set: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_set[row["set"]].append(row)
    headers = ["set", "n", "plooi optimal", "plooi mean gap %", "plooi gap to LB %",
               "plooi mean s"]
    if peer:
        headers += ["PyJobShop optimal", "PyJobShop mean gap %", "PyJobShop gap to LB %",
                    "PyJobShop mean s", "plooi better/equal/worse"]
    out = []
    for name in sorted(by_set, key=lambda s: int(s[1:]) if s[1:].isdigit() else 0):
        group = by_set[name]
        line: list[Any] = [
            name, len(group),
            f"{sum(r['status'] == 'optimal' for r in group)}/{len(group)}",
            mean(r["gap"] for r in group), mean(r["gap_lb"] for r in group),
            mean(r["seconds"] for r in group),
        ]
        if peer:
            line += [
                f"{sum(r['pyjobshop_status'] == 'optimal' for r in group)}/{len(group)}",
                mean(r["pyjobshop_gap"] for r in group),
                mean(r["pyjobshop_gap_lb"] for r in group),
                mean(r["pyjobshop_seconds"] for r in group),
                _head_to_head(group),
            ]
        out.append(line)
    return table(headers, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help=".sm files or folders of them")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds per instance")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", help="CSV file (required unless --summarise)")
    parser.add_argument("--every", type=int, default=1, help="keep every K-th instance")
    parser.add_argument("--limit", type=int, default=None, help="at most this many instances")
    parser.add_argument("--reference", default=str(SHARED_PSPLIB / "reference_makespans.csv"))
    parser.add_argument("--no-peer", action="store_true", help="skip PyJobShop")
    parser.add_argument(
        "--deterministic", action="store_true",
        help="plooi's deterministic mode (the product default); off by default here so that "
        "both solvers stop on the same wall-clock limit",
    )
    parser.add_argument(
        "--variant", action="append", default=[],
        help="solver variant(s), see benchmarks/variants.py; also sgs_hint",
    )
    parser.add_argument("--summarise", action="store_true",
                        help="PATHS are CSV files of earlier runs: print their table only")
    args = parser.parse_args(argv)
    if args.summarise:
        print(summarise([_typed(row) for path in args.paths for row in read_csv(path)],
                        peer=True))
        return 0
    paths = instance_paths(args.paths, args.every)[: args.limit]
    if not args.out:
        parser.error("--out is required")
    reference = load_reference(Path(args.reference))
    say(f"{len(paths)} instances, {args.time_limit:g} s, {args.workers} workers; {machine()}")
    out = CsvOut(args.out, FIELDS)
    rows: list[dict[str, Any]] = []
    for number, path in enumerate(paths, 1):
        row: dict[str, Any] = {
            "set": set_of(path.name), "instance": path.name, "time_limit": args.time_limit,
            "workers": args.workers, "variant": "+".join(args.variant) or "baseline",
            "load": round(os.getloadavg()[0], 2),
        }
        row.update(run_plooi(path, args.time_limit, args.workers, args.seed,
                             args.deterministic, args.variant))
        if not args.no_peer:
            cpu = _cpu()
            peer = solve_pyjobshop(
                read_psplib(path), time_limit=args.time_limit, workers=args.workers,
                seed=args.seed,
            )
            row["pyjobshop_cpu_s"] = round(_cpu() - cpu, 2)
            row.update({
                "pyjobshop_makespan": peer.makespan, "pyjobshop_lower_bound": peer.lower_bound,
                "pyjobshop_status": peer.status, "pyjobshop_seconds": round(peer.seconds, 3),
            })
        best_lb, best_ub = reference.get(path.name, (None, None))
        row.update({
            "best_lb": best_lb, "best_ub": best_ub,
            "gap": gap(row["makespan"], best_ub), "gap_lb": gap(row["makespan"], best_lb),
            "pyjobshop_gap": gap(row.get("pyjobshop_makespan"), best_ub),
            "pyjobshop_gap_lb": gap(row.get("pyjobshop_makespan"), best_lb),
        })
        out.write(row)
        rows.append(row)
        say(
            f"[{number}/{len(paths)}] {path.name}: plooi {row['makespan']} ({row['status']}, "
            f"{row['seconds']} s)  PyJobShop {row.get('pyjobshop_makespan')} "
            f"({row.get('pyjobshop_status')}, {row.get('pyjobshop_seconds')} s)  best {best_ub}"
        )
    out.close()
    print(summarise(rows, not args.no_peer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
