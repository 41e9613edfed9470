"""A solved plan turned into arrays the simulation can push around quickly.

Weeks become grid indices (0 = the horizon's first week); the grid runs on
past the horizon by :data:`SPILL_WEEKS`, since delays may push works beyond it.
Items are taken in the order they are carried out: planned start, then the
scenario's order (an `after` predecessor always starts earlier, so it is
placed first). Every rule that can push an item is one of three shapes:

- a static mask of weeks the item may not occupy (breeding season, events, and
  for the school-holiday rule every week that is not a whole holiday week);
- a *pool* with free units per week that the item takes while active
  (a resource's capacity, a max_concurrent limit per wijk or buurt);
- a pairwise rule with items placed before it (after, breekverbod);
- a span over a group (bundles: werk met werk), kept by raising the group's
  earliest starts and carrying the sample out again.

A new rule is one more function below that adds masks, pools or pairs.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from scheduler import school_holidays, weeks
from scheduler.plan import Plan
from scheduler.risk.spread import absence_per_week, duration_range
from scheduler.scenario import Request, Scenario, Work, area_covers, wijk_of

# Weeks past the horizon a delayed work may still be placed in (ten years).
SPILL_WEEKS = 520

Item = Work | Request


@dataclass
class Pool:
    """Free units per week of a resource or a max_concurrent limit, before any item."""

    name: str
    free: NDArray[np.int32]
    absence: NDArray[np.float64] | None = None  # chance per unit and week to be off


@dataclass
class Compiled:
    """Everything the simulation needs, in carrying-out order."""

    first: int
    length: int
    horizon_end: int  # grid index of the horizon's last week
    items: list[Item]
    start: NDArray[np.int64]  # the plan's start (grid index) = earliest start when carried out
    ranges: NDArray[np.int64]  # [items, 3]: low, likely, high weeks
    blocked: list[NDArray[np.bool_] | None]
    pools: list[Pool] = field(default_factory=list)
    uses: list[list[tuple[int, int]]] = field(default_factory=list)  # (pool, units)
    after: list[list[tuple[int, int]]] = field(default_factory=list)  # (item, lag)
    # (item placed before, years, role of this item: "digs" or "resurfaces")
    breek: list[list[tuple[int, int, str]]] = field(default_factory=list)
    # werk met werk: (the items, max_span); kept by raising earliest starts (simulate.py)
    bundles: list[tuple[NDArray[np.int64], int]] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [item.id for item in self.items]


def compile_plan(scenario: Scenario, plan: Plan) -> Compiled:
    """The scheduled items of ``plan`` with their rules as arrays (see the module doc)."""
    first = scenario.horizon.first
    length = scenario.horizon.length + SPILL_WEEKS
    order = [
        item
        for item in scenario.items
        if item.id in plan.items and plan[item.id].start is not None
    ]
    position = {item.id: index for index, item in enumerate(scenario.items)}
    order.sort(key=lambda item: (plan[item.id].start or 0, position[item.id]))
    model = Compiled(
        first=first,
        length=length,
        horizon_end=scenario.horizon.length - 1,
        items=order,
        start=np.array([(plan[item.id].start or 0) - first for item in order], dtype=np.int64),
        ranges=np.array([duration_range(item) for item in order], dtype=np.int64).reshape(-1, 3),
        blocked=[None] * len(order),
        uses=[[] for _ in order],
        after=[[] for _ in order],
        breek=[[] for _ in order],
    )
    for rule in RULES:
        rule(scenario, model)
    return model


def _exempt(item: Item) -> bool:
    return isinstance(item, Request) and item.emergency


def _block(model: Compiled, index: int, mask: NDArray[np.bool_]) -> None:
    current = model.blocked[index]
    model.blocked[index] = mask.copy() if current is None else current | mask


def _grid_weeks(model: Compiled) -> range:
    return range(model.first, model.first + model.length)


def _breeding_season(scenario: Scenario, model: Compiled) -> None:
    """A listed kind occupies no week that touches the season (emergencies exempt)."""
    season = scenario.rules.breeding_season
    if season is None:
        return
    start, end = weeks.parse_day(season.from_), weeks.parse_day(season.to)
    mask = np.array([weeks.week_touches_period(w, start, end) for w in _grid_weeks(model)])
    for index, item in enumerate(model.items):
        if item.kind in season.kinds and not _exempt(item):
            _block(model, index, mask)


def _events(scenario: Scenario, model: Compiled) -> None:
    """A listed kind in a listed area occupies none of the event's weeks."""
    for event in scenario.rules.events:
        mask = np.zeros(model.length, dtype=bool)
        begin = weeks.parse_week(event.from_) - model.first
        mask[max(begin, 0) : max(weeks.parse_week(event.to) - model.first + 1, 0)] = True
        for index, item in enumerate(model.items):
            if item.kind not in event.kinds or _exempt(item):
                continue
            if any(area_covers(area, item.area) for area in event.areas):
                _block(model, index, mask)


def _school_holidays(scenario: Scenario, model: Compiled) -> None:
    """A bound item occupies only whole school-holiday weeks (none where none are known)."""
    rule = scenario.rules.school_holidays
    if rule is None:
        return
    grid = _grid_weeks(model)
    free = school_holidays.holiday_weeks(rule.region, grid.start, grid.stop - 1)
    mask = np.array([week not in free for week in grid])
    for index, item in enumerate(model.items):
        if school_holidays.applies(rule, item):
            _block(model, index, mask)


def _capacity(scenario: Scenario, model: Compiled) -> None:
    """A pool per resource: the week's capacity (exception or base), less sampled absence."""
    pools: dict[str, int] = {}
    for index, item in enumerate(model.items):
        for resource_id, units in item.demand.items():
            if units <= 0:
                continue
            if resource_id not in pools:
                pools[resource_id] = len(model.pools)
                model.pools.append(_resource_pool(scenario, model, resource_id))
            model.uses[index].append((pools[resource_id], units))


def _resource_pool(scenario: Scenario, model: Compiled, resource_id: str) -> Pool:
    resource = scenario.resource_by_id.get(resource_id)
    if resource is None:
        return Pool(resource_id, np.zeros(model.length, dtype=np.int32))
    free = np.full(model.length, resource.capacity, dtype=np.int32)
    # Exceptions are applied last to first, so the first listed one wins (as in the checker).
    for exception in reversed(resource.exceptions):
        begin = weeks.parse_week(exception.from_) - model.first
        end = weeks.parse_week(exception.to) - model.first + 1
        free[max(begin, 0) : max(end, 0)] = exception.capacity
    absence = absence_per_week(resource, model.first, model.length)
    return Pool(resource_id, free, absence if absence.any() else None)


def _max_concurrent(scenario: Scenario, model: Compiled) -> None:
    """A pool per rule and wijk (or buurt) with `limit` free places in every week."""
    for number, rule in enumerate(scenario.rules.max_concurrent):
        pools: dict[str, int] = {}
        for index, item in enumerate(model.items):
            if item.kind not in rule.kinds:
                continue
            area = wijk_of(item.area) if rule.per == "wijk" else item.area
            if area not in pools:
                pools[area] = len(model.pools)
                name = f"max_concurrent[{number}]:{area}"
                model.pools.append(Pool(name, np.full(model.length, rule.limit, dtype=np.int32)))
            model.uses[index].append((pools[area], 1))


def _after(scenario: Scenario, model: Compiled) -> None:
    """start >= finish of a scheduled predecessor + 1 + lag."""
    index_of = {item.id: index for index, item in enumerate(model.items)}
    for index, item in enumerate(model.items):
        for dependency in item.after:
            before = index_of.get(dependency.work)
            if before is not None:
                model.after[index].append((before, dependency.lag))


def _breekverbod(scenario: Scenario, model: Compiled) -> None:
    """Pairs (resurfacer, digger) in one street and wijk; each checked by the later placed."""
    years = scenario.rules.breekverbod_years
    if years is None:
        return
    streets: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, item in enumerate(model.items):
        if item.street and not _exempt(item):
            streets[(item.street, wijk_of(item.area))].append(index)
    for members in streets.values():
        for later in members:
            for earlier in members:
                if earlier >= later:
                    continue
                a, b = model.items[later], model.items[earlier]
                if a.digs and b.resurfaces:
                    model.breek[later].append((earlier, years, "digs"))
                if a.resurfaces and b.digs:
                    model.breek[later].append((earlier, years, "resurfaces"))


def _bundles(scenario: Scenario, model: Compiled) -> None:
    """Werk met werk: the scheduled items of a bundle span at most max_span weeks.

    Read where the scenario has the rule (``rules.bundles``: items, max_span).
    """
    index_of = {item.id: index for index, item in enumerate(model.items)}
    for bundle in getattr(scenario.rules, "bundles", None) or []:
        members = [index_of[item] for item in bundle.items if item in index_of]
        if len(members) > 1:
            model.bundles.append((np.array(members, dtype=np.int64), int(bundle.max_span)))


# One function per rule family; a new rule is one more entry.
RULES = (
    _breeding_season,
    _events,
    _school_holidays,
    _capacity,
    _max_concurrent,
    _after,
    _breekverbod,
    _bundles,
)
