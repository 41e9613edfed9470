"""Placement book-keeping: load per crew and week, hinder per wijk, who digs in which street.

The same tracker places the baseline and the witness, so both obey every rule the
generator writes (the independent checker confirms it afterwards).
"""

from __future__ import annotations

from collections import defaultdict

from scheduler.generate.catalogue import BREEKVERBOD_YEARS, HINDER_KINDS
from scheduler.generate.parts import Item, Resource


class Tracker:
    """Load per resource and week, hinder per wijk and week, and who stands in which street."""

    def __init__(
        self, n: int, resources: dict[str, Resource], blocked: dict[tuple[str, str], bytearray]
    ) -> None:
        self.n = n
        self.resources = resources
        self.caps = {rid: self.resource_caps(res) for rid, res in resources.items()}
        self.load = {rid: [0] * n for rid in resources}
        self.limit = 2
        self.hinder: dict[str, list[int]] = defaultdict(lambda: [0] * n)
        self.streets: dict[tuple[str, str], list[Item]] = defaultdict(list)
        self.pos: dict[str, int] = {}
        self.blocked = blocked
        self.free = bytearray(n)

    def resource_caps(self, res: Resource) -> list[int]:
        return [
            res.base if e < 0 else res.exceptions[e][2] for e in res.exception_of
        ]

    def copy(self) -> Tracker:
        """A second book on the same crews: capacities (and raises of them) are shared."""
        other = Tracker(self.n, self.resources, self.blocked)
        other.caps = self.caps
        other.load = {rid: list(load) for rid, load in self.load.items()}
        other.limit = self.limit
        for wijk, counts in self.hinder.items():
            other.hinder[wijk] = list(counts)
        for key, items in self.streets.items():
            other.streets[key] = list(items)
        other.pos = dict(self.pos)
        return other

    def blocked_for(self, item: Item) -> bytearray:
        if item.emergency:
            return self.free
        return self.blocked[(item.kind, item.buurt.code)]

    def conflict(self, item: Item, t: int, from_end: bool) -> int | None:
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

    def breekverbod_ok(self, item: Item, t: int) -> bool:
        """Dig first, then resurface; or dig only after the street has rested its years."""
        if item.street is None or item.emergency or not (item.digs or item.resurfaces):
            return True
        rest = 52 * BREEKVERBOD_YEARS
        for other in self.streets[(item.wijk, item.street)]:
            if other is item or other.emergency:
                continue
            o, d = self.pos[other.id], other.duration
            if item.digs and other.resurfaces and not dig_ok(t, item.duration, o, d, rest):
                return False
            if item.resurfaces and other.digs and not dig_ok(o, d, t, item.duration, rest):
                return False
        return True

    def place(self, item: Item, t: int) -> None:
        self._add(item, t, 1)
        self.pos[item.id] = t
        if item.street is not None:
            self.streets[(item.wijk, item.street)].append(item)

    def remove(self, item: Item) -> None:
        t = self.pos.pop(item.id)
        self._add(item, t, -1)
        if item.street is not None:
            self.streets[(item.wijk, item.street)].remove(item)

    def _add(self, item: Item, t: int, sign: int) -> None:
        span = range(t, t + item.duration)
        for r, units in item.demand.items():
            load = self.load[r]
            for w in span:
                load[w] += sign * units
        if item.kind in HINDER_KINDS:
            hinder = self.hinder[item.wijk]
            for w in span:
                hinder[w] += sign

    def overflow(self, item: Item, t: int) -> int:
        """How far over capacity and the hinder limit the item would be at ``t``."""
        total = 0
        for w in range(t, t + item.duration):
            for r, units in item.demand.items():
                total += max(0, self.load[r][w] + units - self.caps[r][w])
            if item.kind in HINDER_KINDS:
                total += max(0, self.hinder[item.wijk][w] + 1 - self.limit)
        return total

    def make_room(self, item: Item, t: int) -> None:
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
                self.caps[r][:] = self.resource_caps(res)
        if item.kind in HINDER_KINDS:
            peak = max(self.hinder[item.wijk][w] for w in range(t, t + item.duration))
            self.limit = max(self.limit, peak + 1)

    def after_bound(self, item: Item) -> int:
        return max(
            (self.pos[pred.id] + pred.duration + lag for pred, lag in item.after), default=0
        )


def dig_ok(dig: int, dig_d: int, res: int, res_d: int, rest: int) -> bool:
    return dig + dig_d <= res or dig >= res + res_d + rest


def search(tracker: Tracker, item: Item, lo: int, hi: int, desired: int) -> int | None:
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


def force(tracker: Tracker, item: Item, lo: int, hi: int, desired: int) -> int | None:
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


def taken(base: Tracker, item: Item, t: int) -> bool:
    """No room for the item at ``t`` in the baseline."""
    return base.conflict(item, t, False) is not None or not base.breekverbod_ok(item, t)
