"""Crews and contractors: who serves which kind, their capacity, bouwvak and Christmas."""

from __future__ import annotations

import math
from collections import defaultdict

from scheduler import weeks
from scheduler.generate.catalogue import (
    BASE_RESOURCES,
    BREEDING_KINDS,
    EXTRA_RESOURCES,
    HINDER_KINDS,
    KIND_MIX,
    SPLIT_RESOURCES,
)
from scheduler.generate.draft import Draft
from scheduler.generate.parts import Resource


def draw_resources(g: Draft) -> None:
    extra = min(7, g.n_works // 500)
    specs = list(BASE_RESOURCES) + list(EXTRA_RESOURCES[: min(2, extra)])
    splits = SPLIT_RESOURCES[: max(0, extra - 2)]
    g.kind_resources = defaultdict(list)
    for rid, name, own, kinds in specs:
        if rid in splits:
            add_resource(g, rid, f"{name}, perceel Noord", own)
            add_resource(g, f"{rid}-zuid", f"{name}, perceel Zuid", own)
        else:
            add_resource(g, rid, name, own)
        for kind in kinds:
            g.kind_resources[kind].append(rid)
    if not g.kind_resources["other"]:  # a small city: the road contractor does it
        g.kind_resources["other"].append("wegen-aannemer")
    g.split = set(splits)


def add_resource(g: Draft, rid: str, name: str, own: bool) -> None:
    g.resources[rid] = Resource(rid, name, own)


def size_resources(g: Draft, use_range: tuple[float, float] = (0.60, 0.80)) -> None:
    """Capacity for 60-80 % (or ``use_range``) average use of the weeks a crew can work."""
    rng = g.rng
    demand: dict[str, int] = defaultdict(int)
    for item in (*g.works, *g.requests):
        for r, units in item.demand.items():
            demand[r] += units * item.duration
    breeding = g.breeding_weeks()
    for rid, res in g.resources.items():
        factor = exceptions(g, res)
        weeks_free = sum(
            1.0 if e < 0 else factor[e] for e in res.exception_of
        )
        if rid.startswith(("groenploeg", "boomploeg")):
            weeks_free -= sum(breeding)
        use = rng.uniform(*use_range)
        res.base = max(1, math.ceil(demand[rid] / max(weeks_free, 1.0) / use))
        for exception, share in zip(res.exceptions, factor, strict=True):
            exception[2] = round(res.base * share)


def exceptions(g: Draft, res: Resource) -> list[float]:
    """Bouwvak (contractors) or summer holidays (own teams), and Christmas, every year."""
    spans: list[tuple[int, int, float]] = []
    christmas = 0.5 if res.own_team else 0.25
    first_year_end = weeks.from_year_week(g.start_year, 1) - g.first
    spans.append((0, first_year_end, christmas))
    for year in range(g.start_year, g.start_year + g.years):
        if res.own_team:
            summer = (weeks.from_year_week(year, 29), weeks.from_year_week(year, 33), 0.7)
        else:
            begin = 29 + (year % 3)  # the bouwvak rotates between the regions
            first = weeks.from_year_week(year, begin)
            summer = (first, first + 2, 0.4)
        spans.append((summer[0] - g.first, summer[1] - g.first, summer[2]))
        last = weeks.from_year_week(year, weeks.weeks_in_year(year))
        spans.append((last - g.first, min(last + 1, g.last) - g.first, christmas))
    res.exception_of = [-1] * g.n
    res.exceptions = []
    factors: list[float] = []
    for first, last, share in spans:
        last = min(last, g.n - 1)
        if first > last:
            continue
        for w in range(first, last + 1):
            res.exception_of[w] = len(res.exceptions)
        res.exceptions.append([first, last, 0])
        factors.append(share)
    return factors


def blocked_table(g: Draft) -> dict[tuple[str, str], bytearray]:
    breeding = g.breeding_weeks()
    table: dict[tuple[str, str], bytearray] = {}
    for wijk in g.wijken:
        for buurt in wijk.buurten:
            for kind in KIND_MIX:
                row = bytearray(g.n)
                if kind in BREEDING_KINDS:
                    for t, hit in enumerate(breeding):
                        if hit:
                            row[t] = 1
                for event in g.events:
                    if kind in event.kinds and wijk.code in event.areas:
                        for t in range(event.first, event.last + 1):
                            row[t] = 1
                table[(kind, buurt.code)] = row
    return table


def hinder_limit(g: Draft) -> int:
    weeks_of: dict[str, int] = defaultdict(int)
    for item in g.works:
        if item.kind in HINDER_KINDS:
            weeks_of[item.wijk] += item.duration
    busiest = max(weeks_of.values(), default=0) / g.n
    return max(2, math.ceil(busiest * 1.7))
