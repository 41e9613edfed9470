"""How long reading a 5,000-work workbook takes (issue plooi 4: "reading takes seconds").

Builds a scenario of 5,000 works over 20 wijken, 6 resources and 4 budget
lines, writes it as .xlsx with plooi's own writer, then times
``load_scenario`` (open, read every sheet, validate) five times and prints
the median as a line for docs/benchmarks.md. CPU time is printed next to
the wall time: on a shared machine the wall time mostly measures the others.

    python benchmarks/bench_workbook.py [--works 5000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scheduler import weeks  # noqa: E402
from scheduler.io.load import load_scenario  # noqa: E402
from scheduler.io.write_tabular import write_workbook  # noqa: E402
from scheduler.scenario import Kind, Scenario  # noqa: E402


def build(n_works: int) -> Scenario:
    """A plausible large programme; deterministic, no randomness needed."""
    kinds = list(Kind)
    resources = ["groen", "riool", "wegen", "verlichting", "warmte", "spelen"]
    budgets = ["riool", "wegen", "groen", "overig"]
    wijken = [f"WK0772{w:02d}" for w in range(20)]
    first = weeks.parse_week("2027-W01")
    works = []
    for i in range(n_works):
        duration = 1 + i % 12
        start = first + (i * 7) % (208 - duration)
        works.append(
            {
                "id": f"W-{i:05d}",
                "name": f"Werk {i} in de Kastanjelaan",
                "kind": kinds[i % len(kinds)].value,
                "area": f"BU{wijken[i % 20][2:]}{i % 10:02d}",
                "street": f"Straat {i % 300}",
                "duration": duration,
                "planned_start": weeks.format_week(start),
                "max_shift": 26,
                "demand": {resources[i % 6]: 1, resources[(i + 1) % 6]: 1},
                "cost": 10_000 + 37 * i,
                "budget": budgets[i % 4],
                "weight": 1 + i % 3,
                "after": [{"work": f"W-{i - 1:05d}", "lag": 1}] if i % 10 else [],
                "digs": i % 2 == 0,
            }
        )
    return Scenario.model_validate(
        {
            "name": f"Benchmark {n_works} werken",
            "horizon": {"start": "2027-W01", "end": "2030-W52"},
            "areas": [{"code": code, "name": f"Wijk {code[-2:]}"} for code in wijken],
            "resources": [{"id": r, "name": r.title(), "capacity": 400} for r in resources],
            "budgets": [
                {"id": b, "name": b.title(), "per_year": {y: 10**10 for y in range(2027, 2031)}}
                for b in budgets
            ],
            "works": works,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    scenario = build(args.works)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.xlsx"
        started = time.perf_counter()
        write_workbook(scenario, path)
        written = time.perf_counter() - started
        times, cpu = [], []
        for _ in range(args.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            loaded = load_scenario(path)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        assert loaded == scenario, "the workbook did not read back equal"
        size = path.stat().st_size
    median = statistics.median(times)
    print(
        f"| read .xlsx, {args.works} works ({size / 1e6:.1f} MB) | median of {args.repeat}: "
        f"{median:.2f} s wall, {statistics.median(cpu):.2f} s CPU (wall min {min(times):.2f} s, "
        f"max {max(times):.2f} s); writing it took {written:.2f} s | Python "
        f"{platform.python_version()}, openpyxl {openpyxl.__version__}, {platform.machine()}, "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} |"
    )


if __name__ == "__main__":
    main()
