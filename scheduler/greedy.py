"""The hand method: what a planner does without plooi, as a comparison point.

Each request goes in at the earliest week its own rules allow (window,
breeding season, events, predecessors); every work it collides with is pushed
later, week by week, until it fits again, and a pushed work drags its
successors along, and the works of its bundle (werk met werk) that now start too
early for it. Nothing is ever pulled earlier and nothing else is tried, so
the result is a plan a planner could have made by hand, not a good one. When a
push runs out of room (window, ``max_shift``, horizon, a pinned work in the
way), the request is tried one week later; a mandatory request that fits
nowhere makes the method fail, an optional one is left out.

This module has its own simple week tables and shares no code with the solver;
the plan it returns has passed the independent checker.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from scheduler import weeks
from scheduler.check import Violation, check
from scheduler.plan import Plan
from scheduler.scenario import Request, Scenario, Work, area_covers, capacity_profile, wijk_of

Item = Work | Request

# A request is tried at this many start weeks at most before the method gives up on it.
MAX_ATTEMPTS = 200


@dataclass
class GreedyResult:
    """A checked plan, or why the hand method found none (``reason``, ``item``)."""

    plan: Plan | None
    seconds: float
    reason: str | None = None
    item: str | None = None
    rejected: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.plan is not None


class _Failed(Exception):
    """A push ran out of room: the attempt is undone."""


class _OutOfTime(Exception):
    """The deadline passed: the method gives up."""


class _State:
    """Start weeks plus the week tables the rules need, updated item by item."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.start: dict[str, int] = {}
        self.load: dict[tuple[str, int], int] = defaultdict(int)
        self.concurrent: dict[tuple[int, str, int], int] = defaultdict(int)
        self.spend: dict[tuple[str, int], Fraction] = defaultdict(Fraction)
        self.members: dict[tuple[str, int], int] = defaultdict(int)
        first, last = scenario.horizon.first, scenario.horizon.last
        self.capacity = {r.id: capacity_profile(r, first, last) for r in scenario.resources}
        self.groups = {item.id: _concurrent_groups(scenario, item) for item in scenario.items}
        self.blocked = {item.id: _blocked(scenario, item) for item in scenario.items}
        self.successors: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for item in scenario.items:
            for dep in item.after:
                self.successors[dep.work].append((item.id, dep.lag))
        self.pairs = _breekverbod_pairs(scenario)
        self.bundle_of = {i: b for b in scenario.rules.bundles for i in b.items}

    # -- placing and removing ----------------------------------------------------------

    def _apply(self, item: Item, start: int, sign: int) -> None:
        span = range(start, start + item.duration)
        for resource, units in item.demand.items():
            if units:
                for week in span:
                    self.load[(resource, week)] += sign * units
        for group in self.groups[item.id]:
            for week in span:
                self.concurrent[(*group, week)] += sign
        if item.budget is not None and item.cost:
            for year, count in _weeks_per_year(start, item.duration).items():
                self.spend[(item.budget, year)] += sign * Fraction(item.cost * count, item.duration)
                self.members[(item.budget, year)] += sign

    def place(self, item: Item, start: int) -> None:
        self.remove(item)
        self.start[item.id] = start
        self._apply(item, start, +1)

    def remove(self, item: Item) -> None:
        if item.id in self.start:
            self._apply(item, self.start.pop(item.id), -1)

    # -- the rules between items ---------------------------------------------------------

    def own_ok(self, item: Item, start: int) -> bool:
        """The item's own rules: horizon, window, pinned, max_shift, blocked weeks."""
        scenario = self.scenario
        earliest, latest_finish = scenario.window(item)
        if start < max(earliest, scenario.horizon.first):
            return False
        if start + item.duration - 1 > min(latest_finish, scenario.horizon.last):
            return False
        if isinstance(item, Work):
            planned = scenario.planned(item)
            if item.pinned and start != planned:
                return False
            limit = item.max_shift
            if limit is not None and planned is not None and abs(start - planned) > limit:
                return False
        blocked = self.blocked[item.id]
        return not any(week in blocked for week in range(start, start + item.duration))

    def clashes(self, item: Item) -> list[list[str]]:
        """The groups of other placed items that share a broken rule with ``item``.

        Only rules that bind both sides alike (capacity, max_concurrent, budget,
        breekverbod) and ``after`` towards the item's predecessors; its successors
        are pushed by :meth:`Greedy._settle` instead.
        """
        start = self.start[item.id]
        span = range(start, start + item.duration)
        found: list[list[str]] = []
        for resource, units in item.demand.items():
            if not units:
                continue
            capacity = self.capacity.get(resource, {})
            for week in span:
                if self.load[(resource, week)] > capacity.get(week, 0):
                    found.append(self._active(week, _uses_resource(resource)))
                    break
        for group in self.groups[item.id]:
            limit = self.scenario.rules.max_concurrent[group[0]].limit
            for week in span:
                if self.concurrent[(*group, week)] > limit:
                    found.append(self._active(week, self._in_group(group)))
                    break
        if item.budget is not None and item.cost:
            budget = self.scenario.budget_by_id.get(item.budget)
            for year in _weeks_per_year(start, item.duration):
                key = (item.budget, year)
                limit = budget.per_year.get(year, 0) if budget else 0
                if self.spend[key] > limit + self.members[key]:
                    found.append(self._in_year(item.budget, year))
        for other_id, surface_first in self.pairs.get(item.id, ()):
            if other_id not in self.start:
                continue
            other = self.scenario.item_by_id[other_id]
            surface, dig = (item, other) if surface_first else (other, item)
            if not _breekverbod_ok(self, surface, dig):
                found.append([other_id])
        for dep in item.after:
            if dep.work in self.start:
                before = self.scenario.item_by_id[dep.work]
                if start < self.start[dep.work] + before.duration + dep.lag:
                    found.append([dep.work])
        if self.too_early_in_bundle(item):
            found.append([])  # only the item itself moving later helps
        return [[i for i in group if i != item.id] for group in found]

    def too_early_in_bundle(self, item: Item) -> bool:
        """Whether a placed bundle-mate finishes too late for the item's start (werk met werk)."""
        bundle = self.bundle_of.get(item.id)
        if bundle is None:
            return False
        start = self.start[item.id]
        return any(
            self.start[m] + self.scenario.item_by_id[m].duration - start > bundle.max_span
            for m in bundle.items
            if m != item.id and m in self.start
        )

    def early_mates(self, item_id: str) -> list[str]:
        """Placed bundle-mates that start too early for the item's finish (werk met werk)."""
        bundle = self.bundle_of.get(item_id)
        if bundle is None:
            return []
        end = self.start[item_id] + self.scenario.item_by_id[item_id].duration
        return [
            m
            for m in dict.fromkeys(bundle.items)
            if m != item_id and m in self.start and end - self.start[m] > bundle.max_span
        ]

    def _active(self, week: int, uses: Callable[[Item], bool]) -> list[str]:
        """Placed items active in ``week`` that take part in the rule (``uses``)."""
        return [
            item.id
            for item in self.scenario.items
            if item.id in self.start
            and self.start[item.id] <= week < self.start[item.id] + item.duration
            and uses(item)
        ]

    def _in_group(self, group: tuple[int, str]) -> Callable[[Item], bool]:
        return lambda other: group in self.groups[other.id]

    def _in_year(self, line: str, year: int) -> list[str]:
        return [
            item.id
            for item in self.scenario.items
            if item.id in self.start
            and item.budget == line
            and year in _weeks_per_year(self.start[item.id], item.duration)
        ]


class Greedy:
    """Insert the requests one by one into the baseline, pushing works later."""

    def __init__(self, scenario: Scenario, deadline: float | None = None) -> None:
        self.scenario = scenario
        self.state = _State(scenario)
        self.deadline = deadline

    def _check_time(self) -> None:
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise _OutOfTime

    def movable(self, item_id: str, fixed: set[str]) -> bool:
        item = self.scenario.item_by_id[item_id]
        return isinstance(item, Work) and not item.pinned and item_id not in fixed

    def _push(self, item: Work) -> None:
        """Move ``item`` later, week by week, until its own rules hold and it clashes with none."""
        state, scenario = self.state, self.scenario
        _, latest_finish = scenario.window(item)
        last_start = min(latest_finish, scenario.horizon.last) - item.duration + 1
        planned = scenario.planned(item)
        if item.max_shift is not None and planned is not None:
            last_start = min(last_start, planned + item.max_shift)
        start = state.start[item.id]
        while True:
            start += 1
            if start > last_start:
                raise _Failed(item.id)
            if not state.own_ok(item, start):
                continue  # a blocked week (breeding season, event): the next week
            state.place(item, start)
            if not state.clashes(item):
                return

    def _settle(self, item_id: str, fixed: set[str]) -> None:
        """Resolve every clash of a just-placed item by pushing the others, then its successors."""
        state = self.state
        queue = [item_id]
        while queue:
            self._check_time()
            current_id = queue.pop(0)
            current = self.scenario.item_by_id[current_id]
            while True:
                groups = state.clashes(current)
                if not groups:
                    break
                victims = {v for group in groups for v in group if self.movable(v, fixed)}
                queue.extend(self._push_one(sorted(victims, key=self._push_order), current_id))
            queue.extend(self._late_successors(current_id))
            queue.extend(self._late_mates(current_id))

    def _push_one(self, victims: list[str], current_id: str) -> list[str]:
        """Push the first victim (with its successors) that finds room; the others stay."""
        for victim_id in victims:
            saved = dict(self.state.start)
            victim = self.scenario.item_by_id[victim_id]
            assert isinstance(victim, Work)  # only works are movable
            try:
                self._push(victim)
                return [
                    victim_id,
                    *self._late_successors(victim_id),
                    *self._late_mates(victim_id),
                ]
            except _Failed:
                self._restore(saved)
        raise _Failed(current_id)

    def _push_order(self, item_id: str) -> tuple[int, int, str]:
        """The planner pushes the cheapest work first, then the one that starts latest."""
        item = self.scenario.item_by_id[item_id]
        weight = item.weight if isinstance(item, Work) else 0
        return (weight, -self.state.start[item_id], item_id)

    def _late_successors(self, item_id: str) -> list[str]:
        """Successors that now start too early: each is pushed until it fits."""
        state = self.state
        item = self.scenario.item_by_id[item_id]
        late: list[str] = []
        for successor_id, lag in state.successors.get(item_id, ()):
            if successor_id not in state.start:
                continue
            if state.start[successor_id] < state.start[item_id] + item.duration + lag:
                successor = self.scenario.item_by_id[successor_id]
                if not isinstance(successor, Work) or successor.pinned:
                    raise _Failed(successor_id)
                self._push(successor)
                late.append(successor_id)
        return late

    def _late_mates(self, item_id: str) -> list[str]:
        """Bundle-mates that now start too early: each is pushed until the bundle fits."""
        late: list[str] = []
        for mate_id in self.state.early_mates(item_id):
            mate = self.scenario.item_by_id[mate_id]
            if not isinstance(mate, Work) or mate.pinned:
                raise _Failed(mate_id)
            self._push(mate)
            late.append(mate_id)
        return late

    def _candidates(self, request: Request) -> list[int]:
        state, scenario = self.state, self.scenario
        earliest, latest_finish = scenario.window(request)
        lo = max(earliest, scenario.horizon.first)
        for dep in request.after:
            if dep.work in state.start:
                before = scenario.item_by_id[dep.work]
                lo = max(lo, state.start[dep.work] + before.duration + dep.lag)
        hi = min(latest_finish, scenario.horizon.last) - request.duration + 1
        return [s for s in range(lo, hi + 1) if state.own_ok(request, s)][:MAX_ATTEMPTS]

    def insert(self, request: Request, fixed: set[str]) -> bool:
        """Place one request at its earliest start where the pushes succeed."""
        for start in self._candidates(request):
            saved = dict(self.state.start)
            self.state.place(request, start)
            try:
                self._settle(request.id, fixed | {request.id})
            except _Failed:
                self._restore(saved)
                continue
            return True
        return False

    def _restore(self, saved: dict[str, int]) -> None:
        state = self.state
        for item_id in list(state.start):
            if item_id not in saved:
                state.remove(self.scenario.item_by_id[item_id])
        for item_id, start in saved.items():
            if state.start.get(item_id) != start:
                state.place(self.scenario.item_by_id[item_id], start)


def greedy(scenario: Scenario, deadline: float | None = None) -> GreedyResult:
    """The hand method on a scenario (objective displacement): a checked plan, or why not.

    ``deadline`` (a ``time.monotonic()`` value): past it the method gives up (reason
    ``time``), so a solve that starts from it keeps to its own time limit.
    """
    began = time.monotonic()
    method = Greedy(scenario, deadline)
    for work in scenario.works:
        planned = scenario.planned(work)
        if planned is None:
            return GreedyResult(None, time.monotonic() - began, "no_planned_start", work.id)
        method.state.place(work, planned)
    order = sorted(
        enumerate(scenario.requests),
        key=lambda pair: (not pair[1].mandatory, -pair[1].value, pair[0]),
    )
    fixed: set[str] = set()
    rejected: list[str] = []
    for _, request in order:
        try:
            inserted = method.insert(request, fixed)
        except _OutOfTime:
            return GreedyResult(None, time.monotonic() - began, "time", request.id)
        if inserted:
            fixed.add(request.id)
        elif request.mandatory:
            return GreedyResult(None, time.monotonic() - began, "no_room", request.id)
        else:
            rejected.append(request.id)
    plan = Plan.from_starts(scenario, dict(method.state.start))
    violations = check(scenario, plan)
    seconds = time.monotonic() - began
    if violations:
        return GreedyResult(None, seconds, "checker", violations[0].items[0], rejected, violations)
    return GreedyResult(plan, seconds, rejected=rejected)


def _uses_resource(resource: str) -> Callable[[Item], bool]:
    return lambda other: other.demand.get(resource, 0) > 0


# -- week tables ----------------------------------------------------------------------------


def _weeks_per_year(start: int, duration: int) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for week in range(start, start + duration):
        counts[weeks.iso_year(week)] += 1
    return dict(counts)


def _concurrent_groups(scenario: Scenario, item: Item) -> list[tuple[int, str]]:
    groups: list[tuple[int, str]] = []
    for index, rule in enumerate(scenario.rules.max_concurrent):
        if item.kind in rule.kinds:
            groups.append((index, wijk_of(item.area) if rule.per == "wijk" else item.area))
    return groups


def _blocked(scenario: Scenario, item: Item) -> set[int]:
    """Weeks the item may not occupy: breeding season and events (emergencies are exempt)."""
    if isinstance(item, Request) and item.emergency:
        return set()
    first, last = scenario.horizon.first, scenario.horizon.last
    blocked: set[int] = set()
    season = scenario.rules.breeding_season
    if season is not None and item.kind in season.kinds:
        begin, end = weeks.parse_day(season.from_), weeks.parse_day(season.to)
        blocked.update(
            w for w in range(first, last + 1) if weeks.week_touches_period(w, begin, end)
        )
    for event in scenario.rules.events:
        if item.kind in event.kinds and any(area_covers(a, item.area) for a in event.areas):
            blocked.update(range(weeks.parse_week(event.from_), weeks.parse_week(event.to) + 1))
    return blocked


def _breekverbod_pairs(scenario: Scenario) -> dict[str, list[tuple[str, bool]]]:
    """item -> (other item, whether the item is the resurfacing one) for every ruled pair."""
    pairs: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    if scenario.rules.breekverbod_years is None:
        return pairs
    groups: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for item in scenario.items:
        if item.street and not (isinstance(item, Request) and item.emergency):
            groups[(item.street, wijk_of(item.area))].append(item)
    for members in groups.values():
        for surface in members:
            if not surface.resurfaces:
                continue
            for dig in members:
                if dig is not surface and dig.digs:
                    pairs[surface.id].append((dig.id, True))
                    pairs[dig.id].append((surface.id, False))
    return pairs


def _breekverbod_ok(state: _State, surface: Item, dig: Item) -> bool:
    years = state.scenario.rules.breekverbod_years or 0
    r, d = state.start[surface.id], state.start[dig.id]
    return d + dig.duration <= r or d >= r + surface.duration + 52 * years
