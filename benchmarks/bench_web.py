"""The workbench's speed: server time per page, pages during a solve, first progress, impact.

    python benchmarks/bench_web.py                  # demo and a generated 2,000-work programme
    python benchmarks/bench_web.py --repeat 30 --out benchmarks/results/web.csv

Server time is measured around one request through the framework's test client (the
ASGI app in this process: routing, security checks, loading, rendering; no network).
The first request of a page is listed apart (it loads the scenario or renders the
briefing; later ones reuse it), then the median and p95 of ``--repeat`` more. Then:

* pages while a solve of the 2,000-work programme runs (p95 of the demo's pages);
* seconds from submitting a solve to its first progress event;
* the demo's impact (every request of the demo) as a job against `plooi impact`
  in a subprocess (the CLI's own time, Python start included).
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path[:1] = [str(Path(__file__).resolve().parent.parent)]

import argparse  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

from benchmarks.common import REPO, CsvOut, machine, say, table  # noqa: E402

FIELDS = ("case", "page", "first_ms", "median_ms", "p95_ms", "n", "note")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def timed(client: Any, path: str) -> float:
    began = time.perf_counter()
    answer = client.get(path)
    seconds = time.perf_counter() - began
    assert answer.status_code == 200, (path, answer.status_code)
    return seconds * 1000


def wait(client: Any, job: str, stage: bool = False) -> dict[str, Any]:
    while True:
        info: dict[str, Any] = client.get(f"/api/jobs/{job}").json()
        if info["state"] in ("done", "failed", "cancelled") or (stage and info["stage"]):
            return info
        time.sleep(0.01)


def pages(client: Any, sid: str, job: str) -> list[tuple[str, str]]:
    return [("scenario list", "/"), ("programme (solved)", f"/s/{sid}"),
            ("new request form", f"/s/{sid}/request"), ("raad briefing", f"/s/{sid}/briefing"),
            ("job page (done)", f"/jobs/{job}"), ("API scenarios", "/api/scenarios")]


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    from fastapi.testclient import TestClient

    from scheduler.commands.common import demo_path
    from scheduler.generate import generate, write_yaml
    from scheduler.web.app import Config, create_app

    folder = Path(tempfile.mkdtemp(prefix="bench-web-"))
    write_yaml(generate(args.works, 10, 5, 1), folder / "stad.yaml")
    app = create_app(Config(paths=[folder], include_demo=True, workspace=folder))
    client = TestClient(app, base_url="http://127.0.0.1:8765")
    rows: list[dict[str, Any]] = []
    listing = {r["label"]: r["id"] for r in client.get("/api/scenarios").json()}
    token = client.get("/api/csrf").json()["csrf"]
    headers = {"x-csrf-token": token}
    for case, label in (("demo", "Demo Eindhoven"), (f"{args.works} works", "stad.yaml")):
        sid = listing[label]
        job = client.post("/api/solve", json={"scenario": sid}, headers=headers).json()["id"]
        wait(client, job)
        for page, path in pages(client, sid, job):
            first = timed(client, path)
            times = [timed(client, path) for _ in range(args.repeat)]
            rows.append({"case": case, "page": page, "first_ms": round(first, 1),
                         "median_ms": round(statistics.median(times), 1),
                         "p95_ms": round(p95(times), 1), "n": args.repeat, "note": ""})
            say(f"{case}: {page}: median {rows[-1]['median_ms']} ms")
    # pages while a solve runs, and the first progress event
    big = listing["stad.yaml"]
    demo = listing["Demo Eindhoven"]
    app.state.jobs.jobs.clear()  # a fresh solve, not the one above
    app.state.jobs.active.clear()
    began = time.perf_counter()
    job = client.post("/api/solve", json={"scenario": big}, headers=headers).json()["id"]
    wait(client, job, stage=True)
    first_event = time.perf_counter() - began
    during: list[float] = []
    while client.get(f"/api/jobs/{job}").json()["state"] == "running":
        for path in ("/", f"/s/{demo}", f"/s/{demo}/request"):
            during.append(timed(client, path))
    rows.append({"case": f"{args.works} works solving", "page": "demo pages during the solve",
                 "first_ms": "", "median_ms": round(statistics.median(during), 1),
                 "p95_ms": round(p95(during), 1), "n": len(during), "note": ""})
    rows.append({"case": f"{args.works} works", "page": "first progress event after submit",
                 "first_ms": round(first_event * 1000, 1), "median_ms": "", "p95_ms": "",
                 "n": 1, "note": ""})
    rows += impact_rows(client, headers, demo, demo_path())
    return rows


def impact_rows(client: Any, headers: dict[str, str], demo: str,
                path: Path) -> list[dict[str, Any]]:
    from scheduler.io.load import load_scenario

    rows = []
    for request in load_scenario(path).requests:
        began = time.perf_counter()
        subprocess.run([sys.executable, str(REPO / "cli.py"), "impact", str(path), "--request",
                        request.id, "-q"], check=False)
        cli = time.perf_counter() - began
        began = time.perf_counter()
        job = client.post("/api/impact", json={"scenario": demo, "request_id": request.id},
                          headers=headers).json()["id"]
        wait(client, job)
        web = time.perf_counter() - began
        rows.append({"case": "demo impact", "page": f"{request.id}: job (CLI)",
                     "first_ms": round(web * 1000), "median_ms": round(cli * 1000),
                     "p95_ms": "", "n": 1, "note": f"web - CLI {web - cli:+.2f} s"})
        say(f"impact {request.id}: web {web:.2f} s, CLI {cli:.2f} s")
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    say(machine())
    rows = run(args)
    if args.out is not None:
        out = CsvOut(args.out, FIELDS)
        for row in rows:
            out.write(row)
        out.close()
    print(table(FIELDS, [[row[f] for f in FIELDS] for row in rows]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
