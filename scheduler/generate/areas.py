"""Wijken, buurten and streets, and the events that close them."""

from __future__ import annotations

import math
from datetime import date, timedelta

from scheduler import weeks
from scheduler.generate.catalogue import (
    BUURT_PARTS,
    GEMEENTE,
    HINDER_KINDS,
    MAX_BUURTEN,
    MAX_WIJKEN,
    STREET_STEMS,
    STREET_SUFFIXES,
    WIJK_NAMES,
)
from scheduler.generate.draft import Draft
from scheduler.generate.parts import Buurt, Event, Wijk


def draw_areas(g: Draft) -> None:
    rng = g.rng
    n_wijken = max(3, min(MAX_WIJKEN, round(math.sqrt(max(g.n_works, 1)) / 2)))
    sizes = [rng.randint(3, 8) for _ in range(n_wijken)]
    while sum(sizes) > MAX_BUURTEN:
        sizes[sizes.index(max(sizes))] -= 1
    per_buurt = g.n_works / max(sum(sizes), 1)
    n_streets = max(4, min(15, round(per_buurt / 3)))
    stems = list(STREET_STEMS)
    for w, size in enumerate(sizes):
        code = f"WK{GEMEENTE}{w + 1:02d}"
        lot = "zuid" if w >= (n_wijken + 1) // 2 else ""
        wijk = Wijk(code, WIJK_NAMES[w], lot)
        names = [f"{stem}{suffix}" for stem in stems for suffix in STREET_SUFFIXES]
        rng.shuffle(names)
        parts = rng.sample(BUURT_PARTS, size)
        for b in range(size):
            streets = names[b * n_streets : (b + 1) * n_streets]
            buurt = Buurt(f"BU{GEMEENTE}{w + 1:02d}{b + 1:02d}", "", wijk, streets)
            buurt.name = f"{wijk.name} {parts[b]}"
            wijk.buurten.append(buurt)
        g.wijken.append(wijk)


def draw_events(g: Draft) -> None:
    centrum, strijp = g.wijken[0].code, g.wijken[1].code
    route = [w.code for w in g.wijken[:4:3]]
    for year in range(g.start_year, g.start_year + g.years):
        glow = nth_weekday(year, 11, 5, 2)  # second Saturday of November
        add_event(g, f"GLOW {year}", glow, glow + timedelta(days=7), [centrum],
                    ["road", "sewer", "heat", "lighting"])
        ddw = nth_weekday(year, 10, 5, 3)  # third Saturday of October, nine days
        add_event(g, f"Dutch Design Week {year}", ddw, ddw + timedelta(days=8),
                    [centrum, strijp], list(HINDER_KINDS))
        marathon = nth_weekday(year, 10, 6, 2)  # second Sunday of October
        add_event(g, f"Marathon Eindhoven {year}", marathon, marathon, route, ["road"])
        add_event(g, f"Kerst in de binnenstad {year}", date(year, 12, 24),
                    date(year + 1, 1, 8), [centrum], ["road", "sewer", "heat", "other"])


def add_event(
    g: Draft, name: str, start: date, end: date, areas: list[str], kinds: list[str]
) -> None:
    first = max(weeks.week_of_date(start), g.first) - g.first
    last = min(weeks.week_of_date(end), g.last) - g.first
    if first <= last:
        g.events.append(Event(name, first, last, tuple(areas), tuple(kinds)))


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday (Monday 0) of a month."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
