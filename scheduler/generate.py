"""Generate realistic, feasible multi-year programmes of any size.

Benchmarks, demos and tests need programmes that look like a Dutch city's
(wijken and buurten, crews with a bouwvak, siloed budget lines, every rule of
the street) and that are *known* to be feasible. Feasibility is built in, not
hoped for:

1. the baseline (``planned_start``) places every work greedily, week by week,
   at the free start nearest to its wish, under every rule;
2. each request then lands on a work of the baseline (its *victim*) whose crew
   is full in those weeks; a copy of the plan moves the victim, and where
   ``after`` demands it its successors, to the nearest free starts. That
   schedule of works *and* requests is the *witness*: it proves the requests
   can be placed, and shows they really displace something (R -> A -> B);
3. budgets, windows and ``max_shift`` are sized last, so that the baseline and
   the witness both obey them, with head-room that differs per line. The
   window of a mandatory request holds only starts where the baseline has no
   room, so the request cannot slip in without moving a work.

Capacities are sized for 60-80 % average use, so crews are full in places.
Where the greedy placement finds no slot, it raises the capacity (or the
max_concurrent limit) that blocks it: raising only loosens, so everything
placed before stays valid. Only ``random.Random(seed)`` is used: one seed, one
scenario. The area codes follow the CBS form for Eindhoven (GM0772) but are
illustrative, as are all names and amounts.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from scheduler import weeks

GEMEENTE = "0772"
MAX_WIJKEN = 20
MAX_BUURTEN = 120
BREEDING = ("03-15", "07-15")
BREEDING_KINDS = ("tree", "green")
HINDER_KINDS = ("road", "sewer", "heat")
BREEKVERBOD_YEARS = 3
MAX_MOVE = 12  # in the witness, a displaced work stands at most this many weeks from its plan
ROOM_TIGHT = (0.02, 0.05)  # head-room of a tight budget line (share of its need)
ROOM_LOOSE = (0.10, 0.30)

WIJK_NAMES = (
    "Centrum", "Strijp", "Woensel-Zuid", "Stratum", "Tongelre", "Gestel", "Woensel-Noord",
    "Meerhoven", "Oud-Woensel", "Begijnenbroek", "Kortonjo", "Ontginning", "De Laak", "Erp",
    "Aanschot", "'t Ven", "Doornakkers", "Lakerlopen", "Genderdal", "Achtse Barrier",
)
BUURT_PARTS = ("Noord", "Zuid", "Oost", "West", "Midden", "Park", "Dorp", "Kwartier")
STREET_STEMS = (
    "Kastanje", "Linden", "Berken", "Esdoorn", "Beuken", "Wilgen", "Populieren", "Meidoorn",
    "Hazelaar", "Eiken", "Platanen", "Iepen", "Vlier", "Hulst", "Jasmijn", "Seringen",
    "Tulpen", "Rozen", "Narcissen", "Klaver", "Vondel", "Bilderdijk", "Huygens", "Kepler",
    "Rembrandt", "Vermeer", "Mozart", "Händel", "Kempen", "Dommel", "Gender", "Tongelreep",
    "Molen", "Kerk", "School", "Hoeve", "Akker", "Heide", "Ven", "Beemd",
)
STREET_SUFFIXES = ("laan", "straat", "weg", "plein", "hof", "dreef", "pad", "singel")
TREE_SPECIES = ("kastanje", "eik", "linde", "plataan", "es", "beuk", "esdoorn", "iep")

# kind -> share of the works, (min, mode, max) duration in weeks, cost range in euros,
# base weight (displacement cost per week).
KIND_MIX = {
    "road": 22, "sewer": 11, "green": 18, "tree": 15,
    "play": 7, "lighting": 10, "heat": 4, "other": 11,
}
DURATION = {
    "tree": (1, 1, 2), "green": (1, 2, 8), "play": (2, 4, 8), "lighting": (1, 2, 8),
    "road": (2, 4, 16), "sewer": (8, 12, 20), "heat": (6, 12, 26), "other": (1, 2, 10),
}
COST = {
    "tree": (2_000, 40_000), "green": (10_000, 250_000), "play": (30_000, 250_000),
    "lighting": (15_000, 300_000), "road": (50_000, 1_500_000),
    "sewer": (200_000, 2_500_000), "heat": (300_000, 3_000_000), "other": (5_000, 200_000),
}
WEIGHT = {
    "tree": 1, "green": 1, "play": 1, "lighting": 1, "road": 2, "sewer": 3, "heat": 4, "other": 1,
}

# (name template, budget line if not the kind's own, digs, resurfaces); {s} street, {b} buurt.
TEMPLATES: dict[str, tuple[tuple[str, str | None, bool, bool], ...]] = {
    "road": (
        ("Groot onderhoud asfalt {s}", None, False, True),
        ("Vervangen klinkerverharding {s}", None, False, True),
        ("Herinrichting {s}", None, False, True),
        ("Reconstructie kruispunt {s}", None, False, True),
        ("Fietsstraat {s}", "verkeer", False, True),
        ("Verkeersveilige schoolzone {s}", "verkeer", False, False),
        ("Herstel elementenverharding {s}", None, False, False),
    ),
    "sewer": (
        ("Vervangen riool {s}", None, True, False),
        ("Relinen riool {s}", None, False, False),
        ("Afkoppelen hemelwater {s}", "klimaat", True, False),
        ("Vervangen huisaansluitingen riool {s}", None, True, False),
    ),
    "heat": (
        ("Aanleg warmtenet {s}", None, True, False),
        ("Warmtenet aansluitleidingen {s}", None, True, False),
    ),
    "green": (
        ("Renovatie plantsoen {b}", None, False, False),
        ("Vervangen heesters {s}", None, False, False),
        ("Aanleg wadi {b}", "klimaat", False, False),
        ("Omvormen gazon naar bloemrijk grasland {b}", None, False, False),
        ("Herstel vijverranden {b}", None, False, False),
    ),
    "tree": (
        ("Snoeien laanbomen {s}", None, False, False),
        ("Vervangen zieke essen {s}", None, False, False),
        ("Kandelaberen platanen {s}", None, False, False),
        ("Aanplant laanbomen {s}", None, False, False),
        ("Begeleidingssnoei jonge bomen {b}", None, False, False),
    ),
    "play": (
        ("Vervangen speeltoestellen {b}", None, False, False),
        ("Renovatie speeltuin {b}", None, False, False),
        ("Aanleg natuurspeelplaats {b}", None, False, False),
        ("Vervangen valondergrond {b}", None, False, False),
    ),
    "lighting": (
        ("Ombouw openbare verlichting naar LED {b}", None, False, False),
        ("Vervangen lichtmasten {s}", None, False, False),
        ("Vervangen OVL-kabels {s}", None, True, False),
    ),
    "other": (
        ("Plaatsen ondergrondse containers {s}", "overig", True, False),
        ("Vervangen straatmeubilair {s}", "overig", False, False),
        ("Plaatsen laadpalen {s}", "overig", True, False),
        ("Vervangen bebording {s}", "overig", False, False),
    ),
}

# Resources: id, name, own team (no bouwvak, fewer people in summer), kinds it serves.
BASE_RESOURCES = (
    ("riool-aannemer", "Raamcontract riolering", False, ("sewer",)),
    ("wegen-aannemer", "Raamcontract wegen (asfalt en elementen)", False, ("road",)),
    ("warmte-aannemer", "Aannemer warmtenet", False, ("heat",)),
    ("groenploeg", "Team Groen (eigen dienst)", True, ("green",)),
    ("boomploeg", "Boomverzorgers (bestek bomen)", False, ("tree",)),
    ("speelaannemer", "Aannemer speelvoorzieningen", False, ("play",)),
    ("ovl-aannemer", "Aannemer openbare verlichting", False, ("lighting",)),
    ("toezicht", "Toezichthouders openbare ruimte", True, ("road", "sewer", "heat")),
)
EXTRA_RESOURCES = (
    ("kleine-werken", "Aannemer kleine werken", False, ("other",)),
    ("verkeersregelaars", "Verkeersregelaars en omleidingen", False, ("road", "sewer", "heat")),
)
# Resources that, in larger cities, are split into two lots (percelen): Noord and Zuid.
SPLIT_RESOURCES = ("wegen-aannemer", "riool-aannemer", "groenploeg", "boomploeg", "toezicht")

BASE_LINES = (
    ("riool", "Gemeentelijk rioleringsplan (GRP)"),
    ("wegen", "Beheerplan wegen"),
    ("groen", "Beheerplan groen"),
    ("spelen", "Beheerplan spelen"),
    ("verlichting", "Beheerplan openbare verlichting"),
    ("warmte", "Programma warmtetransitie"),
)
EXTRA_LINES = (
    ("bomen", "Bomenbeheerplan"),
    ("klimaat", "Klimaatadaptatie"),
    ("verkeer", "Verkeersveiligheid"),
    ("overig", "Overig openbare ruimte"),
)
OWN_LINE = {
    "road": "wegen", "sewer": "riool", "green": "groen", "tree": "bomen",
    "play": "spelen", "lighting": "verlichting", "heat": "warmte", "other": "overig",
}
FALLBACK_LINE = {"bomen": "groen", "overig": "wegen"}

# Requests: (kind, name, (min, max) duration, digs, needs a street, value range or None).
MANDATORY_REQUESTS = (
    ("sewer", "Herstel verzakt riool {s}", (2, 6), True, True),
    ("road", "Veilige oversteek bij basisschool {s}", (2, 6), False, True),
    ("lighting", "Vervangen aangereden lichtmasten {s}", (1, 2), False, True),
    ("play", "Herstel speeltoestel na keuring {b}", (1, 3), False, False),
)
OPTIONAL_REQUESTS = (
    ("green", "Vergroenen schoolplein {b}", (2, 6), (20, 60)),
    ("play", "Extra speelplek {b}", (3, 8), (10, 50)),
    ("green", "Geveltuinen {s}", (1, 2), (5, 20)),
    ("lighting", "Slimme lichtmasten {s}", (1, 4), (10, 40)),
    ("other", "Plaatsen laadpalen {s}", (1, 3), (15, 45)),
)


# -- the pieces ----------------------------------------------------------------------------


@dataclass(eq=False)
class _Wijk:
    code: str
    name: str
    lot: str  # "" or "zuid": which lot of a split resource serves it
    buurten: list[_Buurt] = field(default_factory=list)


@dataclass(eq=False)
class _Buurt:
    code: str
    name: str
    wijk: _Wijk
    streets: list[str]


@dataclass
class _Resource:
    id: str
    name: str
    own_team: bool
    base: int = 1
    exceptions: list[list[int]] = field(default_factory=list)  # [first, last, capacity]
    # per week: index into exceptions, or -1
    exception_of: list[int] = field(default_factory=list)


@dataclass(eq=False)
class _Item:
    """A work or request while it is being generated; weeks are horizon indices."""

    id: str
    name: str
    kind: str
    buurt: _Buurt
    street: str | None
    duration: int
    demand: dict[str, int]
    cost: int
    budget: str
    digs: bool = False
    resurfaces: bool = False
    weight: int = 1
    pinned: bool = False
    after: list[tuple[_Item, int]] = field(default_factory=list)
    successors: list[_Item] = field(default_factory=list)
    desired: int = 0
    emergency: bool = False
    mandatory: bool = True
    value: int = 1
    requested_by: str | None = None
    reason: str | None = None
    witness: int = -1
    baseline: int = -1
    contested: bool = False  # the baseline has no room at the witness slot

    @property
    def wijk(self) -> str:
        return self.buurt.wijk.code


@dataclass(frozen=True)
class _Event:
    name: str
    first: int
    last: int
    areas: tuple[str, ...]
    kinds: tuple[str, ...]


# -- the placement book-keeping -------------------------------------------------------------


class _Tracker:
    """Load per resource and week, hinder per wijk and week, and who stands in which street."""

    def __init__(
        self, n: int, resources: dict[str, _Resource], blocked: dict[tuple[str, str], bytearray]
    ) -> None:
        self.n = n
        self.resources = resources
        self.caps = {rid: self._caps(res) for rid, res in resources.items()}
        self.load = {rid: [0] * n for rid in resources}
        self.limit = 2
        self.hinder: dict[str, list[int]] = defaultdict(lambda: [0] * n)
        self.streets: dict[tuple[str, str], list[_Item]] = defaultdict(list)
        self.pos: dict[str, int] = {}
        self.blocked = blocked
        self.free = bytearray(n)

    def _caps(self, res: _Resource) -> list[int]:
        return [
            res.base if e < 0 else res.exceptions[e][2] for e in res.exception_of
        ]

    def copy(self) -> _Tracker:
        """A second book on the same crews: capacities (and raises of them) are shared."""
        other = _Tracker(self.n, self.resources, self.blocked)
        other.caps = self.caps
        other.load = {rid: list(load) for rid, load in self.load.items()}
        other.limit = self.limit
        for wijk, counts in self.hinder.items():
            other.hinder[wijk] = list(counts)
        for key, items in self.streets.items():
            other.streets[key] = list(items)
        other.pos = dict(self.pos)
        return other

    def blocked_for(self, item: _Item) -> bytearray:
        if item.emergency:
            return self.free
        return self.blocked[(item.kind, item.buurt.code)]

    def conflict(self, item: _Item, t: int, from_end: bool) -> int | None:
        """A week of ``t .. t+d-1`` that breaks a weekly rule (the last one when from_end)."""
        d = item.duration
        order = range(t + d - 1, t - 1, -1) if from_end else range(t, t + d)
        blocked = self.blocked_for(item)
        hinder = self.hinder[item.wijk] if item.kind in HINDER_KINDS else None
        demand = [(self.load[r], self.caps[r], u) for r, u in item.demand.items() if u]
        for w in order:
            if blocked[w]:
                return w
            for load, caps, units in demand:
                if load[w] + units > caps[w]:
                    return w
            if hinder is not None and hinder[w] >= self.limit:
                return w
        return None

    def breekverbod_ok(self, item: _Item, t: int) -> bool:
        """Dig first, then resurface; or dig only after the street has rested its years."""
        if item.street is None or item.emergency or not (item.digs or item.resurfaces):
            return True
        rest = 52 * BREEKVERBOD_YEARS
        for other in self.streets[(item.wijk, item.street)]:
            if other is item or other.emergency:
                continue
            o, d = self.pos[other.id], other.duration
            if item.digs and other.resurfaces and not _dig_ok(t, item.duration, o, d, rest):
                return False
            if item.resurfaces and other.digs and not _dig_ok(o, d, t, item.duration, rest):
                return False
        return True

    def place(self, item: _Item, t: int) -> None:
        self._add(item, t, 1)
        self.pos[item.id] = t
        if item.street is not None:
            self.streets[(item.wijk, item.street)].append(item)

    def remove(self, item: _Item) -> None:
        t = self.pos.pop(item.id)
        self._add(item, t, -1)
        if item.street is not None:
            self.streets[(item.wijk, item.street)].remove(item)

    def _add(self, item: _Item, t: int, sign: int) -> None:
        span = range(t, t + item.duration)
        for r, units in item.demand.items():
            load = self.load[r]
            for w in span:
                load[w] += sign * units
        if item.kind in HINDER_KINDS:
            hinder = self.hinder[item.wijk]
            for w in span:
                hinder[w] += sign

    def overflow(self, item: _Item, t: int) -> int:
        """How far over capacity and the hinder limit the item would be at ``t``."""
        total = 0
        for w in range(t, t + item.duration):
            for r, units in item.demand.items():
                total += max(0, self.load[r][w] + units - self.caps[r][w])
            if item.kind in HINDER_KINDS:
                total += max(0, self.hinder[item.wijk][w] + 1 - self.limit)
        return total

    def make_room(self, item: _Item, t: int) -> None:
        """Raise the capacities (or the limit) that keep the item from ``t``; only loosens."""
        for r, units in item.demand.items():
            res = self.resources[r]
            need: dict[int, int] = {}
            for w in range(t, t + item.duration):
                over = self.load[r][w] + units - self.caps[r][w]
                if over > 0:
                    key = res.exception_of[w]
                    need[key] = max(need.get(key, 0), over)
            for key, over in need.items():
                if key < 0:
                    res.base += over
                else:
                    res.exceptions[key][2] += over
            if need:
                self.caps[r][:] = self._caps(res)
        if item.kind in HINDER_KINDS:
            peak = max(self.hinder[item.wijk][w] for w in range(t, t + item.duration))
            self.limit = max(self.limit, peak + 1)

    def after_bound(self, item: _Item) -> int:
        return max(
            (self.pos[pred.id] + pred.duration + lag for pred, lag in item.after), default=0
        )


def _dig_ok(dig: int, dig_d: int, res: int, res_d: int, rest: int) -> bool:
    return dig + dig_d <= res or dig >= res + res_d + rest


def _search(tracker: _Tracker, item: _Item, lo: int, hi: int, desired: int) -> int | None:
    """The free start nearest after ``desired`` (else before it) in ``lo..hi``."""
    if lo > hi:
        return None
    t = min(max(desired, lo), hi)
    start = t
    while t <= hi:
        week = tracker.conflict(item, t, from_end=True)
        if week is None:
            if tracker.breekverbod_ok(item, t):
                return t
            t += 1
        else:
            t = week + 1
    t = start - 1
    while t >= lo:
        week = tracker.conflict(item, t, from_end=False)
        if week is None:
            if tracker.breekverbod_ok(item, t):
                return t
            t -= 1
        else:
            t = week - item.duration
    return None


def _force(tracker: _Tracker, item: _Item, lo: int, hi: int, desired: int) -> int | None:
    """The start with the least overflow among those the fixed rules allow; make room there."""
    blocked = tracker.blocked_for(item)
    best: tuple[int, int, int] | None = None
    for t in range(lo, hi + 1):
        if any(blocked[w] for w in range(t, t + item.duration)):
            continue
        if not tracker.breekverbod_ok(item, t):
            continue
        key = (tracker.overflow(item, t), abs(t - desired), t)
        if best is None or key < best:
            best = key
    if best is None:
        return None
    tracker.make_room(item, best[2])
    return best[2]


# -- the generator --------------------------------------------------------------------------


class _Generator:
    def __init__(self, works: int, requests: int, years: int, seed: int, start_year: int) -> None:
        self.rng = random.Random(seed)
        self.n_works, self.n_requests, self.years, self.seed = works, requests, years, seed
        self.start_year = start_year
        self.first = weeks.from_year_week(start_year, 1)
        last_year = start_year + years - 1
        self.last = weeks.from_year_week(last_year, weeks.weeks_in_year(last_year))
        self.n = self.last - self.first + 1
        self.wijken: list[_Wijk] = []
        self.resources: dict[str, _Resource] = {}
        self.lines: dict[str, str] = {}
        self.events: list[_Event] = []
        self.works: list[_Item] = []
        self.requests: list[_Item] = []

    # -- drawing -----------------------------------------------------------------------

    def draw_areas(self) -> None:
        rng = self.rng
        n_wijken = max(3, min(MAX_WIJKEN, round(math.sqrt(max(self.n_works, 1)) / 2)))
        sizes = [rng.randint(3, 8) for _ in range(n_wijken)]
        while sum(sizes) > MAX_BUURTEN:
            sizes[sizes.index(max(sizes))] -= 1
        per_buurt = self.n_works / max(sum(sizes), 1)
        n_streets = max(4, min(15, round(per_buurt / 3)))
        stems = list(STREET_STEMS)
        for w, size in enumerate(sizes):
            code = f"WK{GEMEENTE}{w + 1:02d}"
            lot = "zuid" if w >= (n_wijken + 1) // 2 else ""
            wijk = _Wijk(code, WIJK_NAMES[w], lot)
            names = [f"{stem}{suffix}" for stem in stems for suffix in STREET_SUFFIXES]
            rng.shuffle(names)
            parts = rng.sample(BUURT_PARTS, size)
            for b in range(size):
                streets = names[b * n_streets : (b + 1) * n_streets]
                buurt = _Buurt(f"BU{GEMEENTE}{w + 1:02d}{b + 1:02d}", "", wijk, streets)
                buurt.name = f"{wijk.name} {parts[b]}"
                wijk.buurten.append(buurt)
            self.wijken.append(wijk)

    def draw_resources(self) -> None:
        extra = min(7, self.n_works // 500)
        specs = list(BASE_RESOURCES) + list(EXTRA_RESOURCES[: min(2, extra)])
        splits = SPLIT_RESOURCES[: max(0, extra - 2)]
        self.kind_resources: dict[str, list[str]] = defaultdict(list)
        for rid, name, own, kinds in specs:
            if rid in splits:
                self._add_resource(rid, f"{name}, perceel Noord", own)
                self._add_resource(f"{rid}-zuid", f"{name}, perceel Zuid", own)
            else:
                self._add_resource(rid, name, own)
            for kind in kinds:
                self.kind_resources[kind].append(rid)
        if not self.kind_resources["other"]:  # a small city: the road contractor does it
            self.kind_resources["other"].append("wegen-aannemer")
        self.split = set(splits)

    def _add_resource(self, rid: str, name: str, own: bool) -> None:
        self.resources[rid] = _Resource(rid, name, own)

    def draw_lines(self) -> None:
        extra = min(4, self.n_works // 800)
        for lid, name in (*BASE_LINES, *EXTRA_LINES[:extra]):
            self.lines[lid] = name

    def line_for(self, kind: str, override: str | None) -> str:
        """The template's line, else the kind's own, else the line that covers it when small."""
        own = OWN_LINE[kind]
        for line in (override, own, FALLBACK_LINE.get(own)):
            if line in self.lines:
                return line
        raise AssertionError(kind)  # pragma: no cover

    def resource_for(self, rid: str, buurt: _Buurt) -> str:
        if rid in self.split and buurt.wijk.lot:
            return f"{rid}-{buurt.wijk.lot}"
        return rid

    def draw_works(self) -> None:
        rng = self.rng
        kinds = list(KIND_MIX)
        shares = [KIND_MIX[k] for k in kinds]
        width = max(4, len(str(self.n_works)))
        count = 0

        def next_id() -> str:
            nonlocal count
            count += 1
            return f"W-{count:0{width}d}"

        while count < self.n_works:
            left = self.n_works - count
            buurt = self._pick_buurt()
            if left >= 2 and rng.random() < 0.12:
                self._draw_cluster(buurt, next_id, left)
                continue
            kind = rng.choices(kinds, shares)[0]
            template = rng.choice(TEMPLATES[kind])
            item = self._work(next_id(), kind, buurt, template)
            item.desired = rng.randint(0, max(0, self.n - item.duration))
            self.works.append(item)
        pinned = rng.sample(range(len(self.works)), len(self.works) // 20)
        for index in sorted(pinned):
            self.works[index].pinned = True

    def _pick_buurt(self) -> _Buurt:
        wijk = self.rng.choice(self.wijken)
        return self.rng.choice(wijk.buurten)

    def _draw_cluster(self, buurt: _Buurt, next_id: Callable[[], str], left: int) -> None:
        """Werk met werk: underground works first, then the road in the same street."""
        rng = self.rng
        street = rng.choice(buurt.streets)
        under = rng.choices((["sewer"], ["heat"], ["sewer", "heat"]), (6, 2, 2))[0][: left - 1]
        chain: list[_Item] = []
        for kind in under:
            template = TEMPLATES[kind][0]
            chain.append(self._work(next_id(), kind, buurt, template, street))
        template = ("Herinrichting {s} (werk met werk)", None, False, True)
        chain.append(self._work(next_id(), "road", buurt, template, street))
        lags = [rng.randint(0, 4) for _ in chain]
        total = sum(item.duration for item in chain) + sum(lags)
        t = rng.randint(0, max(0, self.n - total))
        for i, item in enumerate(chain):
            if i:
                pred = chain[i - 1]
                item.after.append((pred, lags[i]))
                pred.successors.append(item)
            item.desired = t
            t += item.duration + lags[i] + rng.randint(0, 2)
        self.works.extend(chain)

    def _work(
        self,
        wid: str,
        kind: str,
        buurt: _Buurt,
        template: tuple[str, str | None, bool, bool],
        street: str | None = None,
    ) -> _Item:
        rng = self.rng
        text, override, digs, resurfaces = template
        lo, mode, hi = DURATION[kind]
        duration = min(hi, max(lo, round(rng.triangular(lo, hi, mode))))
        if street is None and "{s}" in text:
            street = rng.choice(buurt.streets)
        cost = self._cost(kind, duration)
        weight = WEIGHT[kind] + (1 if cost >= 1_000_000 else 0) + (1 if rng.random() < 0.15 else 0)
        demand = {self.resource_for(r, buurt): 1 for r in self._resources_of(kind)}
        if kind in ("road", "sewer", "heat") and duration >= 12 and rng.random() < 0.3:
            main = self.resource_for(self.kind_resources[kind][0], buurt)
            demand[main] = 2
        return _Item(
            id=wid,
            name=text.format(s=street or "", b=buurt.name),
            kind=kind,
            buurt=buurt,
            street=street if "{s}" in text else None,
            duration=duration,
            demand=demand,
            cost=cost,
            budget=self.line_for(kind, override),
            digs=digs,
            resurfaces=resurfaces,
            weight=weight,
        )

    def _resources_of(self, kind: str) -> list[str]:
        found = list(self.kind_resources[kind])
        if "verkeersregelaars" in found and self.rng.random() < 0.5:
            found.remove("verkeersregelaars")
        return found

    def _cost(self, kind: str, duration: int) -> int:
        lo, hi = COST[kind]
        d_lo, _, d_hi = DURATION[kind]
        share = (duration - d_lo) / (d_hi - d_lo) if d_hi > d_lo else 0.5
        u = 0.5 * self.rng.random() + 0.5 * share
        step = 500 if hi <= 50_000 else 1000
        return max(step, int(round(lo * (hi / lo) ** u / step)) * step)

    def draw_requests(self) -> None:
        rng = self.rng
        kinds = ("emergency", "mandatory", "optional")
        soon = min(self.n, 78)
        for i in range(self.n_requests):
            sort = kinds[i] if i < 3 else rng.choices(kinds, (30, 35, 35))[0]
            buurt = self._pick_buurt()
            street = rng.choice(buurt.streets)
            if sort == "emergency":
                item = self._emergency(i, buurt, street)
            elif sort == "mandatory":
                kind, text, (d_lo, d_hi), digs, _ = rng.choice(MANDATORY_REQUESTS)
                item = self._request(i, kind, text, buurt, street, rng.randint(d_lo, d_hi))
                item.digs = digs
                item.reason = "Veiligheid: herstel kan niet wachten tot het volgende programma"
            else:
                kind, text, (d_lo, d_hi), (v_lo, v_hi) = rng.choice(OPTIONAL_REQUESTS)
                item = self._request(i, kind, text, buurt, street, rng.randint(d_lo, d_hi))
                item.mandatory = False
                item.value = rng.randint(v_lo, v_hi)
                item.reason = "Wens uit de wijk (bewonersinitiatief)"
            item.desired = rng.randint(2, max(2, soon - item.duration))
            self.requests.append(item)

    def _request(
        self, i: int, kind: str, text: str, buurt: _Buurt, street: str, duration: int
    ) -> _Item:
        cost = self._cost(kind, min(duration, DURATION[kind][2])) // 4 // 500 * 500 + 500
        item = _Item(
            id=f"R-{i + 1:02d}",
            name=text.format(s=street, b=buurt.name),
            kind=kind,
            buurt=buurt,
            street=street if "{s}" in text else None,
            duration=duration,
            demand={self.resource_for(self.kind_resources[kind][0], buurt): 1},
            cost=cost,
            budget=self.line_for(kind, None),
            requested_by=f"Wijkambtenaar {buurt.wijk.name}",
        )
        return item

    def _emergency(self, i: int, buurt: _Buurt, street: str) -> _Item:
        species = self.rng.choice(TREE_SPECIES)
        item = self._request(i, "tree", f"Rooien {species} met plakoksel, {{s}}", buurt, street, 1)
        item.cost = self.rng.randint(4, 16) * 500
        item.emergency = True
        item.reason = (
            "Plakoksel bij VTA-inspectie: risico op uitscheuren; zorgplicht eigenaar (BW 6:162)"
        )
        return item

    def draw_events(self) -> None:
        centrum, strijp = self.wijken[0].code, self.wijken[1].code
        route = [w.code for w in self.wijken[:4:3]]
        for year in range(self.start_year, self.start_year + self.years):
            glow = _nth_weekday(year, 11, 5, 2)  # second Saturday of November
            self._event(f"GLOW {year}", glow, glow + timedelta(days=7), [centrum],
                        ["road", "sewer", "heat", "lighting"])
            ddw = _nth_weekday(year, 10, 5, 3)  # third Saturday of October, nine days
            self._event(f"Dutch Design Week {year}", ddw, ddw + timedelta(days=8),
                        [centrum, strijp], list(HINDER_KINDS))
            marathon = _nth_weekday(year, 10, 6, 2)  # second Sunday of October
            self._event(f"Marathon Eindhoven {year}", marathon, marathon, route, ["road"])
            self._event(f"Kerst in de binnenstad {year}", date(year, 12, 24),
                        date(year + 1, 1, 8), [centrum], ["road", "sewer", "heat", "other"])

    def _event(self, name: str, start: date, end: date, areas: list[str], kinds: list[str]) -> None:
        first = max(weeks.week_of_date(start), self.first) - self.first
        last = min(weeks.week_of_date(end), self.last) - self.first
        if first <= last:
            self.events.append(_Event(name, first, last, tuple(areas), tuple(kinds)))

    # -- sizing and placing ------------------------------------------------------------

    def size_resources(self) -> None:
        """Capacity for 60-80 % average use of the weeks a crew can really work."""
        rng = self.rng
        demand: dict[str, int] = defaultdict(int)
        for item in (*self.works, *self.requests):
            for r, units in item.demand.items():
                demand[r] += units * item.duration
        breeding = self._breeding_weeks()
        for rid, res in self.resources.items():
            factor = self._exceptions(res)
            weeks_free = sum(
                1.0 if e < 0 else factor[e] for e in res.exception_of
            )
            if rid.startswith(("groenploeg", "boomploeg")):
                weeks_free -= sum(breeding)
            use = rng.uniform(0.60, 0.80)
            res.base = max(1, math.ceil(demand[rid] / max(weeks_free, 1.0) / use))
            for exception, share in zip(res.exceptions, factor, strict=True):
                exception[2] = round(res.base * share)

    def _exceptions(self, res: _Resource) -> list[float]:
        """Bouwvak (contractors) or summer holidays (own teams), and Christmas, every year."""
        spans: list[tuple[int, int, float]] = []
        christmas = 0.5 if res.own_team else 0.25
        first_year_end = weeks.from_year_week(self.start_year, 1) - self.first
        spans.append((0, first_year_end, christmas))
        for year in range(self.start_year, self.start_year + self.years):
            if res.own_team:
                summer = (weeks.from_year_week(year, 29), weeks.from_year_week(year, 33), 0.7)
            else:
                begin = 29 + (year % 3)  # the bouwvak rotates between the regions
                first = weeks.from_year_week(year, begin)
                summer = (first, first + 2, 0.4)
            spans.append((summer[0] - self.first, summer[1] - self.first, summer[2]))
            last = weeks.from_year_week(year, weeks.weeks_in_year(year))
            spans.append((last - self.first, min(last + 1, self.last) - self.first, christmas))
        res.exception_of = [-1] * self.n
        res.exceptions = []
        factors: list[float] = []
        for first, last, share in spans:
            last = min(last, self.n - 1)
            if first > last:
                continue
            for w in range(first, last + 1):
                res.exception_of[w] = len(res.exceptions)
            res.exceptions.append([first, last, 0])
            factors.append(share)
        return factors

    def _breeding_weeks(self) -> list[bool]:
        start, end = weeks.parse_day(BREEDING[0]), weeks.parse_day(BREEDING[1])
        return [weeks.week_touches_period(self.first + t, start, end) for t in range(self.n)]

    def blocked_table(self) -> dict[tuple[str, str], bytearray]:
        breeding = self._breeding_weeks()
        table: dict[tuple[str, str], bytearray] = {}
        for wijk in self.wijken:
            for buurt in wijk.buurten:
                for kind in KIND_MIX:
                    row = bytearray(self.n)
                    if kind in BREEDING_KINDS:
                        for t, hit in enumerate(breeding):
                            if hit:
                                row[t] = 1
                    for event in self.events:
                        if kind in event.kinds and wijk.code in event.areas:
                            for t in range(event.first, event.last + 1):
                                row[t] = 1
                    table[(kind, buurt.code)] = row
        return table

    def hinder_limit(self) -> int:
        weeks_of: dict[str, int] = defaultdict(int)
        for item in self.works:
            if item.kind in HINDER_KINDS:
                weeks_of[item.wijk] += item.duration
        busiest = max(weeks_of.values(), default=0) / self.n
        return max(2, math.ceil(busiest * 1.7))

    def place_baseline(self, tracker: _Tracker) -> None:
        """Today's plan: every work in order of wish, each at the free start nearest to it."""
        for item in sorted(self.works, key=lambda w: (w.desired, w.id)):
            item.baseline = self._place(tracker, item)

    def _place(self, tracker: _Tracker, item: _Item) -> int:
        hi = self.n - item.duration
        lo = tracker.after_bound(item)
        t = _search(tracker, item, lo, hi, item.desired)
        if t is None:
            t = _force(tracker, item, lo, hi, item.desired)
        if t is None and item.after:  # the chain does not fit: no lag, then no order
            item.after = [(pred, 0) for pred, _ in item.after]
            t = _force(tracker, item, tracker.after_bound(item), hi, item.desired)
            if t is None:
                for pred, _ in item.after:
                    pred.successors.remove(item)
                item.after = []
                t = _force(tracker, item, 0, hi, item.desired)
        if t is None:  # the street keeps it out: it is no longer a street work
            item.street = None
            t = _force(tracker, item, 0, hi, item.desired)
        if t is None:
            raise RuntimeError(f"generator could not place {item.id}")  # pragma: no cover
        tracker.place(item, t)
        return t

    def place_witness(self, base: _Tracker) -> _Tracker:
        """Each request lands on a work of the baseline (a *victim*) whose crew it needs; the
        witness moves that work, and its successors where they must follow, out of the way."""
        witness = base.copy()
        users: dict[str, list[_Item]] = defaultdict(list)
        for item in self.works:
            for r in item.demand:
                users[r].append(item)
        for request in self.requests:
            if not self._land(base, witness, request, users):
                request.witness = self._place(witness, request)
            request.contested = base.conflict(request, request.witness, False) is not None
        for item in self.works:
            item.witness = witness.pos[item.id]
        return witness

    def _land(
        self, base: _Tracker, witness: _Tracker, request: _Item, users: dict[str, list[_Item]]
    ) -> bool:
        rng = self.rng
        main = next(iter(request.demand))
        victims = [
            work
            for work in users[main]
            if not work.pinned and witness.pos[work.id] == work.baseline
        ]
        chain_first = rng.random() < 0.5  # half the requests look for a chain first
        victims.sort(
            key=lambda work: (
                chain_first and not work.successors,
                abs(work.baseline - request.desired) // 8,
                rng.random(),
            )
        )
        for victim in victims[:40]:
            first = victim.baseline - request.duration + 1
            last = victim.baseline + victim.duration - 1
            inside = (victim.baseline, victim.baseline + victim.duration - request.duration)
            low, high = inside if inside[0] <= inside[1] else (first, last)
            t = rng.randint(max(0, low), min(self.n - request.duration, high))
            if base.conflict(request, t, False) is None or not base.breekverbod_ok(request, t):
                continue  # the baseline has room there: no one would have to move
            if self._displace(witness, request, victim, t):
                request.witness = t
                return True
        return False

    def _displace(self, witness: _Tracker, request: _Item, victim: _Item, t: int) -> bool:
        """Put the request at ``t``; move the victim and its successors to the nearest free
        starts (at most MAX_MOVE weeks); undo everything when that fails."""
        group = [victim]
        for item in group:
            group.extend(item.successors)
        old = {item.id: witness.pos[item.id] for item in group}
        for item in group:
            witness.remove(item)
        placed: list[_Item] = []
        if witness.conflict(request, t, False) is None and witness.breekverbod_ok(request, t):
            witness.place(request, t)
            placed.append(request)
            for item in group:
                reach = 0 if item.pinned else MAX_MOVE
                lo = max(witness.after_bound(item), item.baseline - reach, 0)
                hi = min(self.n - item.duration, item.baseline + reach)
                start = _search(witness, item, lo, hi, item.baseline)
                if start is None:
                    break
                witness.place(item, start)
                placed.append(item)
            else:
                return True
        for item in placed:
            witness.remove(item)
        for item in group:
            witness.place(item, old[item.id])
        return False

    # -- writing -----------------------------------------------------------------------

    def week(self, t: int) -> str:
        return weeks.format_week(self.first + t)

    def budgets(self) -> list[dict[str, Any]]:
        """Per line and year: the larger of baseline and witness spend, plus a head-room."""
        need: dict[tuple[str, int], Fraction] = defaultdict(Fraction)
        for plan in ("baseline", "witness"):
            spend: dict[tuple[str, int], Fraction] = defaultdict(Fraction)
            items = self.works if plan == "baseline" else [*self.works, *self.requests]
            for item in items:
                start = item.baseline if plan == "baseline" else item.witness
                for year, count in self._weeks_per_year(start, item.duration).items():
                    spend[(item.budget, year)] += Fraction(item.cost * count, item.duration)
            for key, spent in spend.items():
                need[key] = max(need[key], spent)
        rows: list[dict[str, Any]] = []
        for i, (lid, name) in enumerate(self.lines.items()):
            tight = i == 0 or self.rng.random() < 0.4
            per_year: dict[int, int] = {}
            for year in range(self.start_year, self.start_year + self.years):
                room = self.rng.uniform(*(ROOM_TIGHT if tight else ROOM_LOOSE))
                amount = math.ceil(need[(lid, year)] * Fraction(round(room * 1000) + 1000, 1000))
                per_year[year] = max(1000, -(-amount // 1000) * 1000)
            rows.append({"id": lid, "name": name, "per_year": per_year})
        return rows

    def _weeks_per_year(self, start: int, duration: int) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for w in range(start, start + duration):
            counts[weeks.iso_year(self.first + w)] += 1
        return counts

    def raw(self, base: _Tracker, witness: _Tracker) -> dict[str, Any]:
        rng = self.rng
        areas: list[dict[str, Any]] = []
        width = 5
        for i, wijk in enumerate(self.wijken):
            neighbours = [
                self.wijken[j].code
                for j in (i - 1, i + 1, i - width, i + width)
                if 0 <= j < len(self.wijken) and (abs(j - i) == width or j // width == i // width)
            ]
            areas.append({"code": wijk.code, "name": wijk.name, "neighbours": neighbours})
            areas.extend({"code": b.code, "name": b.name} for b in wijk.buurten)
        resources = []
        for res in self.resources.values():
            exceptions = [
                {"from": self.week(first), "to": self.week(last), "capacity": cap}
                for first, last, cap in res.exceptions
            ]
            resources.append(
                {"id": res.id, "name": res.name, "capacity": res.base, "exceptions": exceptions}
            )
        works = [self._work_raw(item, rng) for item in self.works]
        requests = [self._request_raw(item, base, rng) for item in self.requests]
        return {
            "name": f"Gegenereerd programma ({self.n_works} werken, seed {self.seed})",
            "description": (
                f"Gegenereerd door plooi generate (seed {self.seed}). De CBS-codes "
                "(WK0772.., BU0772..), namen en bedragen zijn illustratief."
            ),
            "horizon": {"start": self.week(0), "end": self.week(self.n - 1)},
            "areas": areas,
            "resources": resources,
            "budgets": self.budgets(),
            "works": works,
            "requests": requests,
            "rules": {
                "breeding_season": {
                    "from": BREEDING[0], "to": BREEDING[1], "kinds": list(BREEDING_KINDS),
                },
                "breekverbod_years": BREEKVERBOD_YEARS,
                "events": [
                    {
                        "name": e.name, "from": self.week(e.first), "to": self.week(e.last),
                        "areas": list(e.areas), "kinds": list(e.kinds),
                    }
                    for e in self.events
                ],
                "max_concurrent": [
                    {"kinds": list(HINDER_KINDS), "per": "wijk", "limit": witness.limit}
                ],
            },
            "policy": {"objective": "displacement", "move_penalty": 10},
        }

    def _common(self, item: _Item) -> dict[str, Any]:
        row: dict[str, Any] = {"id": item.id, "name": item.name, "kind": item.kind}
        row["area"] = item.buurt.code
        if item.street is not None:
            row["street"] = item.street
        row["duration"] = item.duration
        return row

    def _tail(self, item: _Item, row: dict[str, Any]) -> dict[str, Any]:
        row["demand"] = dict(item.demand)
        row["cost"] = item.cost
        row["budget"] = item.budget
        if item.after:
            row["after"] = [{"work": pred.id, "lag": lag} for pred, lag in item.after]
        if item.digs:
            row["digs"] = True
        if item.resurfaces:
            row["resurfaces"] = True
        return row

    def _work_raw(self, item: _Item, rng: random.Random) -> dict[str, Any]:
        row = self._common(item)
        row["planned_start"] = self.week(item.baseline)
        low = min(item.baseline, item.witness)
        high = max(item.baseline, item.witness) + item.duration - 1
        if rng.random() < 0.25:
            row["earliest"] = self.week(max(0, low - rng.randint(0, 26)))
            row["latest_finish"] = self.week(min(self.n - 1, high + rng.randint(0, 52)))
        if item.pinned:
            row["pinned"] = True
        elif rng.random() < 0.2 or item.baseline != item.witness and rng.random() < 0.5:
            shift = abs(item.baseline - item.witness)
            row["max_shift"] = max(shift, rng.choice((4, 8, 13, 26)))
        row["weight"] = item.weight
        return self._tail(item, row)

    def _request_raw(self, item: _Item, base: _Tracker, rng: random.Random) -> dict[str, Any]:
        """The window around the witness slot; a contested one holds only starts where the
        baseline has no room, so the request must displace something (or be rejected)."""
        row = self._common(item)
        if item.emergency:
            before, after = rng.randint(0, 1), rng.randint(2, 5)
        elif item.mandatory:
            before, after = rng.randint(0, 4), rng.randint(4, 16)
        else:
            before, after = rng.randint(0, 26), rng.randint(8, 52)
        first, last = item.witness, item.witness
        if item.contested and (item.mandatory or rng.random() < 0.5):
            while first > max(0, item.witness - before) and _taken(base, item, first - 1):
                first -= 1
            end = min(self.n - item.duration, item.witness + after)
            while last < end and _taken(base, item, last + 1):
                last += 1
        else:
            first = max(0, item.witness - before)
            last = min(self.n - item.duration, item.witness + after)
        row["earliest"] = self.week(first)
        row["latest_finish"] = self.week(last + item.duration - 1)
        row["mandatory"] = item.mandatory
        if not item.mandatory:
            row["value"] = item.value
        if item.emergency:
            row["emergency"] = True
        row = self._tail(item, row)
        row["requested_by"] = item.requested_by
        row["reason"] = item.reason
        return row


def _taken(base: _Tracker, item: _Item, t: int) -> bool:
    """No room for the item at ``t`` in the baseline."""
    return base.conflict(item, t, False) is not None or not base.breekverbod_ok(item, t)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday (Monday 0) of a month."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


# -- the public functions -------------------------------------------------------------------


def generate(
    works: int, requests: int, years: int, seed: int, start_year: int = 2027
) -> dict[str, Any]:
    """A feasible scenario as raw data in the YAML shape of the format (see the module doc)."""
    return generate_with_witness(works, requests, years, seed, start_year)[0]


def generate_with_witness(
    works: int, requests: int, years: int, seed: int, start_year: int = 2027
) -> tuple[dict[str, Any], dict[str, str]]:
    """The scenario and its witness: a start week for every work and request that obeys
    every rule, which proves the scenario feasible without a solver."""
    if works < 1 or requests < 0:
        raise ValueError("works must be at least 1 and requests at least 0")
    if not 1 <= years <= 20 or not 1900 <= start_year <= 9000:
        raise ValueError("years must be 1..20 and start_year 1900..9000")
    gen = _Generator(works, requests, years, seed, start_year)
    gen.draw_areas()
    gen.draw_resources()
    gen.draw_lines()
    gen.draw_events()
    gen.draw_works()
    gen.draw_requests()
    gen.size_resources()
    base = _Tracker(gen.n, gen.resources, gen.blocked_table())
    base.limit = gen.hinder_limit()
    gen.place_baseline(base)
    witness = gen.place_witness(base)
    starts = {item.id: gen.week(item.witness) for item in (*gen.works, *gen.requests)}
    return gen.raw(base, witness), starts


def write_yaml(raw: dict[str, Any], path: str | Path, header: str | None = None) -> None:
    """Write a scenario as YAML atomically; raises OutputError when it cannot be written."""
    path = Path(path)
    dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(
        raw, Dumper=dumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100
    )
    if header:
        text = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()) + text
    # Through the project's one atomic writer: temporary file, rename, clear errors.
    from scheduler.io.atomic import write_text

    write_text(path, text)
