"""Speed of the street features (issue plooi 10): a map of 120 buurten, letters for a city.

1. Map: 120 buurten in 20 wijken (Voronoi cells in RD New, a gap-free coverage
   like the CBS map), 600 works; times ``area_map`` (coverage simplification,
   SVG) five times. Target: at most 0.3 s.
2. Letters: ``plooi generate --works 2000`` (seed 1), with Voronoi boundaries for
   its buurten; solved once (timed apart), then one letter per buurt with its
   small map, rendered as HTML. Target: at most 30 s for all letters.

CPU time is printed next to the wall time: on a shared machine the wall time
mostly measures the others.

    python benchmarks/bench_street.py [--works 2000] [--repeat 5] [--pdf]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scheduler.generate import generate  # noqa: E402
from scheduler.geo.areas import load_areas  # noqa: E402
from scheduler.geo.maps import area_map  # noqa: E402
from scheduler.io.validate import build_scenario  # noqa: E402
from scheduler.letters.batch import letters  # noqa: E402
from scheduler.letters.render import render_html, render_pdf  # noqa: E402
from scheduler.plan import Plan  # noqa: E402
from scheduler.scenario import Scenario  # noqa: E402
from scheduler.workflow import solve_scenario  # noqa: E402


def voronoi_file(codes: list[str], path: Path, seed: int = 0) -> Path:
    """Boundaries for ``codes``: Voronoi cells of random seeds, buurten of a wijk nearby."""
    rng = random.Random(seed)
    wijken = sorted({"WK" + c[2:8] for c in codes})
    centres = {w: (150_000 + 2_500 * (i % 6), 460_000 + 2_500 * (i // 6))
               for i, w in enumerate(wijken)}
    points = []
    for code in codes:
        cx, cy = centres["WK" + code[2:8]]
        points.append((cx + rng.uniform(-1_100, 1_100), cy + rng.uniform(-1_100, 1_100)))
    hull = shapely.MultiPoint(points).convex_hull.buffer(900)
    cells = shapely.voronoi_polygons(shapely.MultiPoint(points), extend_to=hull)
    features = []
    for code, (x, y) in zip(codes, points, strict=True):
        cell = next(c for c in cells.geoms if c.contains(shapely.Point(x, y)))
        # Like the CBS map: a vertex every 10 m, edges that wiggle (the same wiggle on
        # both sides of a shared edge, since it depends on the position only).
        dense = shapely.segmentize(shapely.set_precision(cell.intersection(hull), 1.0), 10.0)
        shape = shapely.transform(dense, _wiggle)
        features.append({"type": "Feature", "properties": {"statcode": code},
                         "geometry": shapely.geometry.mapping(shape)})
    data = {"type": "FeatureCollection", "features": features,
            "crs": {"type": "name", "properties": {"name": "EPSG:28992"}}}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _wiggle(xy: Any) -> Any:
    import numpy as np

    phase = np.sin(xy[:, 0] * 0.013) + np.cos(xy[:, 1] * 0.011)
    return np.round(xy + np.column_stack([2.0 * phase, -2.0 * phase]), 1)


def city_of_120() -> Scenario:
    areas: list[dict[str, Any]] = []
    works = []
    for w in range(20):
        wijk = f"WK0999{w:02d}"
        areas.append({"code": wijk, "name": f"Wijk {w}"})
        for b in range(6):
            areas.append({"code": f"BU0999{w:02d}{b:02d}", "name": f"Buurt {w}-{b}"})
    buurten = [a["code"] for a in areas if a["code"].startswith("BU")]
    for i in range(600):
        works.append({"id": f"W-{i}", "name": f"Werk {i}", "kind": "road",
                      "area": buurten[(i * 7) % 120], "duration": 1 + i % 9,
                      "planned_start": f"2027-W{1 + i % 40:02d}"})
    raw = {"horizon": {"start": "2027-W01", "end": "2028-W52"}, "areas": areas,
           "works": works}
    return build_scenario(raw, "<bench>")


def timed(action: Any, repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def bench_map(folder: Path, repeat: int) -> None:
    scenario = city_of_120()
    codes = sorted(a.code for a in scenario.areas if a.code.startswith("BU"))
    path = voronoi_file(codes, folder / "city120.geojson")
    wall, cpu = timed(lambda: load_areas(scenario, path), repeat)
    vertices = sum(shapely.get_num_coordinates(g) for g in load_areas(scenario, path)
                   .buurten.values())
    print(f"boundaries: {vertices} vertices, {path.stat().st_size / 1024 / 1024:.1f} MB")
    print(f"load 120 buurten: {wall:.3f} s wall, {cpu:.3f} s cpu (median of {repeat})")
    geometry = load_areas(scenario, path)
    plan = Plan.baseline(scenario)
    svg = area_map(scenario, plan, geometry, measure="hinder", lang="nl", links=True)
    wall, cpu = timed(lambda: area_map(scenario, plan, geometry, measure="hinder", lang="nl",
                                       links=True), repeat)
    met = "yes" if wall <= 0.3 else "NO"
    shapes = svg.count(' id="BU')
    print(f"map of 120 buurten: {wall:.3f} s wall, {cpu:.3f} s cpu (median of {repeat}); "
          f"{shapes} shapes, {len(svg) / 1024:.0f} kB; target 0.3 s met: {met}")


def bench_letters(folder: Path, n_works: int, pdf: bool) -> None:
    raw = generate(n_works, 10, 5, 1)
    scenario = build_scenario(raw, "<generated>")
    codes = sorted({a.code for a in scenario.areas if a.code.startswith("BU")})
    geometry = load_areas(scenario, voronoi_file(codes, folder / "generated.geojson"))
    began = time.perf_counter()
    outcome = solve_scenario(scenario, "generated", time_limit=60, seed=0)
    print(f"solve {n_works} works: {time.perf_counter() - began:.1f} s ({outcome.status})")
    plan = outcome.result.plan
    assert plan is not None
    wall, cpu = time.perf_counter(), time.process_time()
    built = letters(scenario, plan, outcome.explanation, geometry=geometry)
    pages = [render_html(letter) for letter in built]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    met = "yes" if wall <= 30 else "NO"
    size = sum(len(p) for p in pages) / 1024 / 1024
    print(f"letters (html, with maps) for {len(built)} buurten: {wall:.1f} s wall, "
          f"{cpu:.1f} s cpu, {size:.1f} MB; target 30 s met: {met}")
    if pdf:
        wall, cpu = time.perf_counter(), time.process_time()
        documents = [render_pdf(letter) for letter in built]
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"the same letters as PDF: {wall:.1f} s wall, {cpu:.1f} s cpu more, "
              f"{sum(len(d) for d in documents) / 1024 / 1024:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pdf", action="store_true", help="also time the letters as PDF")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"# {platform.python_version()}, shapely {shapely.__version__}, load {load:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        bench_map(Path(tmp), args.repeat)
        bench_letters(Path(tmp), args.works, args.pdf)


if __name__ == "__main__":
    main()
