"""The state of one programme while it is drawn: horizon, rng and everything drawn so far."""

from __future__ import annotations

import random
from collections import defaultdict

from scheduler import weeks
from scheduler.generate.catalogue import BREEDING, FALLBACK_LINE, OWN_LINE
from scheduler.generate.parts import Buurt, Event, Item, Resource, Wijk


class Draft:
    """One programme being drawn; the drawing functions in this package fill it in order."""

    def __init__(self, works: int, requests: int, years: int, seed: int, start_year: int) -> None:
        self.rng = random.Random(seed)
        self.n_works, self.n_requests, self.years, self.seed = works, requests, years, seed
        self.start_year = start_year
        self.first = weeks.from_year_week(start_year, 1)
        last_year = start_year + years - 1
        self.last = weeks.from_year_week(last_year, weeks.weeks_in_year(last_year))
        self.n = self.last - self.first + 1
        self.wijken: list[Wijk] = []
        self.resources: dict[str, Resource] = {}
        self.lines: dict[str, str] = {}
        self.events: list[Event] = []
        self.works: list[Item] = []
        self.requests: list[Item] = []
        self.kind_resources: dict[str, list[str]] = defaultdict(list)
        self.split: set[str] = set()

    def week(self, t: int) -> str:
        return weeks.format_week(self.first + t)

    def weeks_per_year(self, start: int, duration: int) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for w in range(start, start + duration):
            counts[weeks.iso_year(self.first + w)] += 1
        return counts

    def line_for(self, kind: str, override: str | None) -> str:
        """The template's line, else the kind's own, else the line that covers it when small."""
        own = OWN_LINE[kind]
        for line in (override, own, FALLBACK_LINE.get(own)):
            if line in self.lines:
                return line
        raise AssertionError(kind)  # pragma: no cover

    def resource_for(self, rid: str, buurt: Buurt) -> str:
        if rid in self.split and buurt.wijk.lot:
            return f"{rid}-{buurt.wijk.lot}"
        return rid

    def pick_buurt(self) -> Buurt:
        wijk = self.rng.choice(self.wijken)
        return self.rng.choice(wijk.buurten)

    def breeding_weeks(self) -> list[bool]:
        start, end = weeks.parse_day(BREEDING[0]), weeks.parse_day(BREEDING[1])
        return [weeks.week_touches_period(self.first + t, start, end) for t in range(self.n)]

