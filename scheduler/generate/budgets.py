"""Budget lines and their amounts per year."""

from __future__ import annotations

import math
from collections import defaultdict
from fractions import Fraction
from typing import Any

from scheduler.generate.catalogue import BASE_LINES, EXTRA_LINES, ROOM_LOOSE, ROOM_TIGHT
from scheduler.generate.draft import Draft


def draw_lines(g: Draft) -> None:
    extra = min(4, g.n_works // 800)
    for lid, name in (*BASE_LINES, *EXTRA_LINES[:extra]):
        g.lines[lid] = name


def budgets(g: Draft) -> list[dict[str, Any]]:
    """Per line and year: the larger of baseline and witness spend, plus a head-room."""
    need: dict[tuple[str, int], Fraction] = defaultdict(Fraction)
    for plan in ("baseline", "witness"):
        spend: dict[tuple[str, int], Fraction] = defaultdict(Fraction)
        items = g.works if plan == "baseline" else [*g.works, *g.requests]
        for item in items:
            start = item.baseline if plan == "baseline" else item.witness
            for year, count in g.weeks_per_year(start, item.duration).items():
                spend[(item.budget, year)] += Fraction(item.cost * count, item.duration)
        for key, spent in spend.items():
            need[key] = max(need[key], spent)
    rows: list[dict[str, Any]] = []
    for i, (lid, name) in enumerate(g.lines.items()):
        tight = i == 0 or g.rng.random() < 0.4
        per_year: dict[int, int] = {}
        for year in range(g.start_year, g.start_year + g.years):
            room = g.rng.uniform(*(ROOM_TIGHT if tight else ROOM_LOOSE))
            amount = math.ceil(need[(lid, year)] * Fraction(round(room * 1000) + 1000, 1000))
            per_year[year] = max(1000, -(-amount // 1000) * 1000)
        rows.append({"id": lid, "name": name, "per_year": per_year})
    return rows
