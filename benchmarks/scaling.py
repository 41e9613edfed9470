"""City scale: generated programmes of 250 .. 5,000 works over 5 years with 10 requests.

    python benchmarks/scaling.py --sizes 250 500 1000 2000 --seeds 1 2 3 --time-limit 60
    python benchmarks/scaling.py --sizes 5000 --seeds 1 --time-limit 120

Each run is a fresh subprocess (generate, validate, solve, check), so that its
peak memory (``ru_maxrss`` of that child, from ``os.wait4``) covers the C++
side of CP-SAT too. Times are seconds from the call to ``solve``:

- ``warm_s``: the hand method's plan (the solver's warm start) is ready, if it found one;
- ``first_cpsat_s``: CP-SAT's first reported solution (progress callback);
- ``first_s``: the first plan the solver holds, the earlier of the two;
- ``best_s``: the first time the final plan's cost was reached (the warm plan's time
  when CP-SAT never improved on it);
- ``total_s``: the whole solve, ``over_s`` = ``total_s`` - time limit.

``bound`` is the bound the solver reports for the displacement cost (CP-SAT's, or the
decomposition's bound ``parts_bound`` when that is higher); gap = (cost - bound) / cost.
Rows go to a CSV; the table shows the median over the seeds per size.
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

from benchmarks.common import CsvOut, machine, median, say, table  # noqa: E402

FIELDS = (
    "works", "requests", "years", "seed", "time_limit", "workers", "deterministic", "variant",
    "status", "first_s", "best_s", "total_s", "over_s", "objective", "bound", "gap_pct",
    "checked", "peak_mb", "cpu_s", "warm_s", "warm_cost", "first_cpsat_s", "parts_bound", "parts",
    "generate_s", "stages", "variables", "constraints", "load", "commit",
)


def child(args: argparse.Namespace) -> int:
    """One run, in this process: writes its measurements as JSON to ``args.result``."""
    from unittest import mock

    from benchmarks.variants import applied
    from scheduler.check import check
    from scheduler.generate import generate
    from scheduler.io.validate import build_scenario
    from scheduler.solver import ProgressEvent, solve
    from scheduler.solver import whole as whole_module
    from scheduler.solver.model import ScheduleModel

    began = time.monotonic()
    raw = generate(args.works, args.requests, args.years, args.seed)
    scenario = build_scenario(raw, "generated")
    generated = time.monotonic() - began
    events: list[ProgressEvent] = []
    warm: dict[str, Any] = {}
    original_warm_start = whole_module._warm_start
    solve_began = time.monotonic()

    def timed_warm_start(scenario: Any, options: Any, deadline: Any = None) -> Any:
        # Measured from outside the solver: when the hand method's plan is ready.
        plan = original_warm_start(scenario, options, deadline)
        if "s" not in warm:
            warm["s"] = time.monotonic() - solve_began
            warm["plan"] = plan
        return plan

    canonical: list[str] = []
    original_canonical = whole_module.canonical

    def timed_canonical(*positional: Any, **named: Any) -> Any:
        # The reproducible search after a proven stage: did it return a plan, in how long.
        began = time.monotonic()
        values = original_canonical(*positional, **named)
        outcome = "plan" if values is not None else "none (parallel plan kept)"
        canonical.append(f"canonical:{outcome}:{time.monotonic() - began:.1f}s")
        return values

    with (
        applied(args.variant),
        mock.patch.object(whole_module, "_warm_start", timed_warm_start),
        mock.patch.object(whole_module, "canonical", timed_canonical),
    ):
        solve_began = time.monotonic()
        result = solve(
            scenario, time_limit=args.time_limit, workers=args.workers, seed=0,
            deterministic=args.deterministic, progress=events.append,
        )
    warm_plan = warm.get("plan")
    warm_s = warm["s"] if warm_plan is not None else None
    warm_cost = warm_plan.displacement_cost(scenario) if warm_plan is not None else None
    violations = check(scenario, result.plan) if result.plan is not None else None
    # The gap of the displacement cost: its stage may not be reached within the time
    # limit (then the plan's cost is known but there is no bound, and no gap).
    objective = result.plan.displacement_cost(scenario) if result.plan is not None else None
    # "parts" events report a solved part, not a plan; the whole model's stages hold plans.
    plan_events = [e for e in events if e.stage != "parts"]
    first_cpsat = plan_events[0].seconds if plan_events else None
    first_s = min((t for t in (warm_s, first_cpsat) if t is not None), default=None)
    parts = result.decomposition
    by_parts = parts is not None and parts.plan is not None and result.plan is parts.plan
    if by_parts:
        # The decomposition's plan exists only once it is proven (and confirmed).
        first_s = result.seconds
    # Stages only ever improve on the plan before them, and a stage that finds nothing
    # better reports the hinted plan again: the best plan was first reached at the first
    # event of the last stage with the last objective value, or by the warm plan itself.
    best_s = result.seconds if by_parts else None
    if plan_events:
        last = plan_events[-1]
        best_s = next(
            e.seconds
            for e in plan_events
            if e.stage == last.stage and e.objective == last.objective
        )
    if (
        warm_plan is not None and result.plan is not None and objective == warm_cost
        and result.plan.accepted_value(scenario) == warm_plan.accepted_value(scenario)
    ):
        best_s = warm_s
    stage = next((s for s in result.stages if s.name == "displacement"), None)
    bound = stage.bound if stage is not None else None
    gap = None
    if objective is not None and bound is not None:
        gap = 0.0 if objective == bound else round(100 * (objective - bound) / max(1, objective), 3)
    proto = ScheduleModel(scenario).model.proto
    out = {
        "status": str(result.status),
        "first_s": _round(first_s),
        "best_s": _round(best_s),
        "total_s": round(result.seconds, 2),
        "over_s": round(result.seconds - args.time_limit, 2),
        "warm_s": _round(warm_s),
        "warm_cost": warm_cost,
        "first_cpsat_s": _round(first_cpsat),
        "parts_bound": result.parts_bound,
        "parts": "-" if parts is None else (
            f"{parts.rounds} rounds, {parts.parts} parts, largest {parts.largest}"
            + (", proven" if by_parts else "")
        ),
        "objective": objective,
        "bound": bound,
        "gap_pct": gap,
        "checked": "-" if violations is None else ("ok" if not violations else len(violations)),
        "generate_s": round(generated, 2),
        "stages": "; ".join(
            [f"{s.name}:{s.status}:{s.objective}/{s.bound}:{s.seconds:.1f}s" for s in result.stages]
            + canonical
        ),
        "variables": len(proto.variables),
        "constraints": len(proto.constraints),
        # The code this child ran: other engineers may commit while a series runs.
        "commit": commit(),
    }
    Path(args.result).write_text(json.dumps(out), encoding="utf-8")
    return 0


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def commit() -> str:
    """The repository's HEAD (with ``+`` when scheduler/ has uncommitted changes)."""
    from benchmarks.common import REPO

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    return head + ("+" if git("status", "--porcelain", "--", "scheduler") else "")


def measure(
    works: int, requests: int, years: int, seed: int, time_limit: float, workers: int,
    deterministic: bool, variant: list[str], log: Path | None,
) -> dict[str, Any]:
    """Run one size and seed in a subprocess; add its peak memory to what it reports."""
    with tempfile.TemporaryDirectory() as folder:
        result = Path(folder) / "result.json"
        command = [
            sys.executable, str(Path(__file__).resolve()), "--child", "--result", str(result),
            "--sizes", str(works), "--requests", str(requests), "--years", str(years),
            "--seeds", str(seed), "--time-limit", str(time_limit), "--workers", str(workers),
        ]
        # Explicit both ways: the child's flag defaults to true (the product default).
        command += ["--deterministic" if deterministic else "--no-deterministic"]
        for name in variant:
            command += ["--variant", name]
        stdout = open(log, "w", encoding="utf-8") if log else subprocess.DEVNULL  # noqa: SIM115
        try:
            process = subprocess.Popen(command, stdout=stdout)
            _, code, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(code)
        finally:
            if log:
                stdout.close()  # type: ignore[union-attr]
        row: dict[str, Any] = {
            "peak_mb": round(usage.ru_maxrss / 1024, 1),  # kB on Linux
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        }
        if process.returncode == 0 and result.exists():
            row.update(json.loads(result.read_text(encoding="utf-8")))
        else:
            row["status"] = f"crashed ({process.returncode})"
        return row


def summarise(rows: list[dict[str, Any]]) -> str:
    sizes = sorted({r["works"] for r in rows})
    out = []
    for size in sizes:
        group = [r for r in rows if r["works"] == size]
        statuses = sorted({str(r.get("status")) for r in group})
        out.append([
            size, len(group), "/".join(statuses),
            median(r.get("first_s") for r in group), median(r.get("best_s") for r in group),
            median(r.get("total_s") for r in group),
            max((r["over_s"] for r in group if r.get("over_s") is not None), default=None),
            median(r.get("gap_pct") for r in group),
            max((r["gap_pct"] for r in group if r.get("gap_pct") is not None), default=None),
            sum(r.get("gap_pct") is None for r in group),
            median(r.get("peak_mb") for r in group),
            max((r["peak_mb"] for r in group if r.get("peak_mb") is not None), default=None),
            "/".join(sorted({str(r.get("checked")) for r in group})),
        ])
    headers = ["works", "runs", "status", "first plan s", "best plan s", "total s",
               "worst over limit s", "median gap %", "worst gap %", "no bound", "peak MB",
               "worst peak MB", "checker"]
    return table(headers, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000])
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--deterministic", action=argparse.BooleanOptionalAction, default=True,
        help="plooi's deterministic mode, the product default (--no-deterministic: wall clock)",
    )
    parser.add_argument("--variant", action="append", default=[],
                        help="solver variant(s), see benchmarks/variants.py")
    parser.add_argument("--out", default="scaling.csv")
    parser.add_argument("--log", default=None, help="folder for each run's solver output")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        args.works, args.seed = args.sizes[0], args.seeds[0]
        return child(args)
    say(f"scaling {args.sizes} x seeds {args.seeds}, {args.time_limit:g} s, "
        f"{args.workers} workers; {machine()}")
    out = CsvOut(args.out, FIELDS)
    rows: list[dict[str, Any]] = []
    head = commit()
    for works in args.sizes:
        for seed in args.seeds:
            log = None
            if args.log:
                Path(args.log).mkdir(parents=True, exist_ok=True)
                log = Path(args.log) / f"scaling_{works}_{seed}.log"
            load = round(os.getloadavg()[0], 2)
            row: dict[str, Any] = {
                "works": works, "requests": args.requests, "years": args.years, "seed": seed,
                "time_limit": args.time_limit, "workers": args.workers,
                "deterministic": args.deterministic,
                "variant": "+".join(args.variant) or "baseline", "load": load,
                "commit": head,
            }
            row.update(measure(works, args.requests, args.years, seed, args.time_limit,
                               args.workers, args.deterministic, args.variant, log))
            out.write(row)
            rows.append(row)
            say(f"{works} works seed {seed}: {row.get('status')} first {row.get('first_s')} s, "
                f"best {row.get('best_s')} s, total {row.get('total_s')} s, gap "
                f"{row.get('gap_pct')} %, {row.get('peak_mb')} MB, {row.get('stages')}")
    out.close()
    print(summarise(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
