"""The coupled benchmark set: generated programmes where shared crews and budgets bind.

    python benchmarks/coupled_instances.py --out benchmarks/results/raw/coupled
    python benchmarks/coupled_instances.py --out DIR --sizes 500 --seeds 1 2 3

For every size and seed: ``coupled-<works>-s<seed>.yaml`` (the scenario, as
``plooi generate --profile coupled`` writes it) and ``coupled-<works>-s<seed>.witness.json``
(the generator's witness as a result document: every request placed, checked by
scheduler.check; its ``displacement_cost`` is an upper bound on the optimum). A table
of generation times and witness costs goes to stdout, and ``instances.csv`` into the
folder. The folder is not committed (benchmarks/results/raw/ is git-ignored).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path[:1] = [str(Path(__file__).resolve().parent.parent)]

import argparse  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks.common import CsvOut, say, table  # noqa: E402

SIZES = (500, 2000, 5000)
SEEDS = (1, 2, 3, 4, 5)
REQUESTS = 10
YEARS = 5
FIELDS = (
    "works", "seed", "requests", "years", "generate_s", "witness_cost", "moved",
    "mandatory", "scenario", "witness",
)


def write_instance(folder: Path, works: int, seed: int) -> dict[str, Any]:
    """Generate one coupled programme, check it, write scenario and witness."""
    from scheduler.generate import generate_with_witness
    from scheduler.generate.write import verify, witness_document, witness_plan, write_scenario
    from scheduler.io.atomic import write_text
    from scheduler.io.result_json import dumps
    from scheduler.io.validate import build_scenario
    from scheduler.text.violations import violation_text

    began = time.perf_counter()
    raw, starts = generate_with_witness(works, REQUESTS, YEARS, seed, profile="coupled")
    seconds = time.perf_counter() - began
    stem = f"coupled-{works}-s{seed}"
    scenario = build_scenario(raw, stem)
    plan = witness_plan(scenario, starts)
    broken = verify(scenario, plan)
    if broken:
        raise RuntimeError(f"{stem}: {violation_text(broken[0], 'en')}")
    header = (
        f"plooi generate --profile coupled --works {works} --requests {REQUESTS} "
        f"--years {YEARS} --seed {seed} --start-year 2027\n"
        "Gegenereerd en illustratief: codes, namen en bedragen zijn verzonnen."
    )
    write_scenario(scenario, folder / f"{stem}.yaml", header)
    witness = folder / f"{stem}.witness.json"
    write_text(witness, dumps(witness_document(scenario, scenario.name or stem, plan)))
    return {
        "works": works, "seed": seed, "requests": REQUESTS, "years": YEARS,
        "generate_s": round(seconds, 2), "witness_cost": plan.displacement_cost(scenario),
        "moved": len(plan.moved()),
        "mandatory": sum(1 for r in scenario.requests if r.mandatory),
        "scenario": f"{stem}.yaml", "witness": witness.name,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the instances")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    out = CsvOut(args.out / "instances.csv", FIELDS)
    rows = []
    for works in args.sizes:
        for seed in args.seeds:
            row = write_instance(args.out, works, seed)
            say(f"{row['scenario']}: {row['generate_s']} s, witness cost {row['witness_cost']}")
            out.write(row)
            rows.append(row)
    out.close()
    print(table(
        ["works", "seed", "generate s", "witness cost", "moved", "mandatory"],
        [[r["works"], r["seed"], r["generate_s"], r["witness_cost"], r["moved"], r["mandatory"]]
         for r in rows],
    ))
    return 0


if __name__ == "__main__":
    sys.exit(main())
