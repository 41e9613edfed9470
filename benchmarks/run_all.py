"""Run every benchmark and print the tables: one command.

    python benchmarks/run_all.py                      # the session profile (about 40 min, 2 cores)
    python benchmarks/run_all.py --profile full       # the issue's full sets (many hours)
    python benchmarks/run_all.py --only psplib --psplib ../shared/psplib

Each part runs as its own script (see benchmarks/README.md), writes its CSV
into ``--out-dir`` and prints its table; the tables are repeated at the end.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path[:1] = [str(Path(__file__).resolve().parent.parent)]

import argparse  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402

from benchmarks.common import REPO, SHARED_PSPLIB, machine, say  # noqa: E402

HERE = Path(__file__).resolve().parent

# name -> (script, arguments); {psplib} and {out} are filled in.
PROFILES: dict[str, list[tuple[str, str, list[str]]]] = {
    # In priority order (the parts run in this order): scaling, the hand method, PSPLIB,
    # then deterministic against wall-clock mode. About 80 min on 2 cores.
    "session": [
        ("scaling", "scaling.py", ["--sizes", "250", "500", "1000", "2000", "--seeds", "1", "2",
                                   "3", "--time-limit", "60", "--workers", "2",
                                   "--out", "{out}/scaling.csv"]),
        ("scaling-5000", "scaling.py", ["--sizes", "5000", "--seeds", "1", "2", "3",
                                        "--time-limit", "120", "--workers", "2",
                                        "--out", "{out}/scaling_5000.csv"]),
        # The side-by-side baseline: the whole model alone, without the decomposition.
        ("scaling-whole-model", "scaling.py", ["--sizes", "2000", "--seeds", "1", "2", "3",
                                               "--time-limit", "60", "--workers", "2",
                                               "--variant", "whole_model",
                                               "--out", "{out}/scaling_2000_whole_model.csv"]),
        # The decomposition's optima against the whole model's, where both can prove them.
        ("exactness", "exactness.py", ["--time-limit", "60", "--workers", "2",
                                       "--out", "{out}/exactness.csv"]),
        ("versus-greedy", "versus_greedy.py", ["--sizes", "250", "500", "1000", "2000",
                                               "--seeds", "1", "2", "3", "4", "5",
                                               "--time-limit", "30", "--workers", "2",
                                               "--out", "{out}/versus_greedy.csv"]),
        ("psplib-j60", "psplib.py", ["{psplib}/j60.sm", "--every", "10", "--time-limit", "10",
                                     "--workers", "2", "--out", "{out}/psplib_j60.csv"]),
        # Every 10th: instance 1 of each of the 60 parameter sets (15 instances were too
        # few to tell the two solvers apart).
        ("psplib-j120", "psplib.py", ["{psplib}/j120.sm", "--every", "10", "--time-limit", "10",
                                      "--workers", "2", "--out", "{out}/psplib_j120_every10.csv"]),
        # 60 s: the hardest j30 instances need up to 50 s for their proof; the rest
        # finish in well under a second, so the whole set takes about 30 minutes.
        ("psplib-j30", "psplib.py", ["{psplib}/j30.sm", "--time-limit", "60", "--workers", "2",
                                     "--out", "{out}/psplib_j30.csv"]),
        ("determinism", "bench_determinism.py", ["--sizes", "200", "500", "1000", "--runs", "3",
                                                 "--time-limit", "60", "--workers", "2",
                                                 "--out", "{out}/determinism.csv"]),
    ],
    "full": [
        ("psplib-j30", "psplib.py", ["{psplib}/j30.sm", "--time-limit", "60", "--workers", "2",
                                     "--out", "{out}/psplib_j30.csv"]),
        ("psplib-j60", "psplib.py", ["{psplib}/j60.sm", "--time-limit", "60", "--workers", "2",
                                     "--out", "{out}/psplib_j60.csv"]),
        ("psplib-j120", "psplib.py", ["{psplib}/j120.sm", "--time-limit", "60", "--workers", "2",
                                      "--out", "{out}/psplib_j120.csv"]),
        ("scaling", "scaling.py", ["--sizes", "250", "500", "1000", "2000", "--seeds", "1", "2",
                                   "3", "4", "5", "--time-limit", "60", "--workers", "2",
                                   "--out", "{out}/scaling.csv"]),
        ("scaling-5000", "scaling.py", ["--sizes", "5000", "--seeds", "1", "2", "3",
                                        "--time-limit", "120", "--workers", "2",
                                        "--out", "{out}/scaling_5000.csv"]),
        ("versus-greedy", "versus_greedy.py", ["--sizes", "250", "500", "--seeds", "1", "2", "3",
                                               "4", "5", "6", "7", "8", "9", "10",
                                               "--time-limit", "60", "--workers", "2",
                                               "--out", "{out}/versus_greedy.csv"]),
    ],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", choices=sorted(PROFILES), default="session")
    parser.add_argument("--psplib", default=str(SHARED_PSPLIB), help="PSPLIB data folder")
    parser.add_argument("--out-dir", default=str(REPO / "benchmarks" / "results"))
    parser.add_argument("--only", action="append", default=[],
                        help="run only parts whose name starts with this (repeatable)")
    args = parser.parse_args(argv)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    say(f"profile {args.profile}; {machine()}")
    tables: list[tuple[str, str]] = []
    failed = 0
    for name, script, template in PROFILES[args.profile]:
        if args.only and not any(name.startswith(prefix) for prefix in args.only):
            continue
        if name.startswith("psplib") and not Path(args.psplib).is_dir():
            say(f"{name}: no PSPLIB data at {args.psplib}; skipped")
            continue
        command = [sys.executable, str(HERE / script)]
        command += [part.format(psplib=args.psplib, out=out) for part in template]
        say(f"== {name}: {' '.join(command[1:])}")
        began = time.monotonic()
        done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
        say(f"== {name}: {time.monotonic() - began:.0f} s, exit {done.returncode}")
        failed += done.returncode != 0
        print(f"\n## {name}\n\n{done.stdout.strip()}\n", flush=True)
        tables.append((name, done.stdout.strip()))
    if len(tables) > 1:
        print("\n# All tables\n")
        for name, text in tables:
            print(f"## {name}\n\n{text}\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
