"""A neighbourhood of a plan as a small exact CP-SAT model.

Large neighbourhood search (scheduler/solver/lns.py) frees a few dozen items of a
plan of thousands and keeps the rest where they are. The model of such a
neighbourhood holds only the free items and the few fixed ones a rule ties to them
(`after`, breekverbod); everything else the fixed items do is folded into constants:
their load per resource and week lowers the capacity, their count per
max_concurrent group and week fills that cumulative, and their spend per budget
line and year lowers the line's limit. So the small model accepts exactly the plans
of the free items that keep every rule of the whole programme, and it builds in
milliseconds however large the programme is.

:class:`Incumbent` keeps those tables up to date as items move.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from scheduler import weeks
from scheduler.scenario import Request, Scenario, Work, wijk_of
from scheduler.solver.domains import allowed_starts
from scheduler.solver.model import ModelOptions, ScheduleModel

Item = Work | Request
Starts = dict[str, int | None]


@dataclass
class ProgramIndex:
    """Lookups over a scenario that every neighbourhood needs, computed once."""

    scenario: Scenario
    users: dict[str, list[str]] = field(default_factory=dict)
    groups: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    partners: dict[str, set[str]] = field(default_factory=dict)
    line_of: dict[str, str] = field(default_factory=dict)
    domains: dict[str, list[int]] = field(default_factory=dict)
    planned: dict[str, int | None] = field(default_factory=dict)

    @classmethod
    def build(cls, scenario: Scenario) -> ProgramIndex:
        index = cls(scenario)
        users: dict[str, list[str]] = defaultdict(list)
        partners: dict[str, set[str]] = defaultdict(set)
        for item in scenario.items:
            for resource, units in item.demand.items():
                if units > 0:
                    users[resource].append(item.id)
            for dep in item.after:
                partners[item.id].add(dep.work)
                partners[dep.work].add(item.id)
            if item.budget is not None and item.cost > 0:
                index.line_of[item.id] = item.budget
            index.planned[item.id] = (
                scenario.planned(item) if isinstance(item, Work) else None
            )
            index.groups[item.id] = _concurrent_groups(scenario, item)
        for a, b in _tied_pairs(scenario):
            partners[a].add(b)
            partners[b].add(a)
        index.users = dict(users)
        index.partners = dict(partners)
        return index

    def item(self, item_id: str) -> Item:
        return self.scenario.item_by_id[item_id]

    def domain(self, item_id: str) -> list[int]:
        """Every start the item's own rules allow (cached)."""
        cached = self.domains.get(item_id)
        if cached is None:
            cached = allowed_starts(self.scenario, self.item(item_id)).starts
            self.domains[item_id] = cached
        return cached


def _concurrent_groups(scenario: Scenario, item: Item) -> list[tuple[int, str]]:
    """(rule index, area key) of every max_concurrent group the item counts in."""
    found = []
    for index, rule in enumerate(scenario.rules.max_concurrent):
        if item.kind in rule.kinds:
            found.append((index, wijk_of(item.area) if rule.per == "wijk" else item.area))
    return found


def _tied_pairs(scenario: Scenario) -> list[tuple[str, str]]:
    """Pairs of items a rule between two items ties (breekverbod; bundles when present)."""
    pairs: list[tuple[str, str]] = []
    if scenario.rules.breekverbod_years is not None:
        streets: dict[tuple[str, str], list[Item]] = defaultdict(list)
        for item in scenario.items:
            if item.street and (item.digs or item.resurfaces):
                streets[(item.street, wijk_of(item.area))].append(item)
        for members in streets.values():
            for surface in members:
                if surface.resurfaces:
                    pairs += [
                        (surface.id, dig.id) for dig in members if dig.digs and dig is not surface
                    ]
    for bundle in getattr(scenario.rules, "bundles", None) or []:
        items = list(bundle.items)
        pairs += [(a, b) for a in items for b in items if a < b]
    return pairs


class Incumbent:
    """A plan as start weeks, with the load, concurrency and spend tables of its items."""

    def __init__(self, index: ProgramIndex, starts: Starts) -> None:
        self.index = index
        scenario = index.scenario
        self.first = scenario.horizon.first
        self.starts: Starts = {item.id: None for item in scenario.items}
        length = scenario.horizon.length + 1
        self.load: dict[str, list[int]] = {r: [0] * length for r in index.users}
        self.count: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0] * length)
        self.spend: dict[tuple[str, int], Fraction] = defaultdict(Fraction)
        for item_id, start in starts.items():
            if start is not None:
                self.place(item_id, start)

    def place(self, item_id: str, start: int | None) -> None:
        """Move an item (None: unschedule it), keeping every table in step."""
        old = self.starts[item_id]
        if old == start:
            return
        if old is not None:
            self._apply(item_id, old, -1)
        self.starts[item_id] = start
        if start is not None:
            self._apply(item_id, start, 1)

    def _apply(self, item_id: str, start: int, sign: int) -> None:
        item = self.index.item(item_id)
        lo = start - self.first
        span = range(lo, lo + item.duration)
        for resource, units in item.demand.items():
            if units > 0:
                row = self.load[resource]
                for offset in span:
                    row[offset] += sign * units
        for group in self.index.groups[item_id]:
            row = self.count[group]
            for offset in span:
                row[offset] += sign
        line = self.index.line_of.get(item_id)
        if line is not None:
            for year, count in _weeks_per_year(start, item.duration).items():
                self.spend[(line, year)] += sign * Fraction(item.cost * count, item.duration)

    def copy_starts(self) -> Starts:
        return dict(self.starts)


def _weeks_per_year(start: int, duration: int) -> dict[int, int]:
    per_year: dict[int, int] = defaultdict(int)
    for week in range(start, start + duration):
        per_year[weeks.iso_year(week)] += 1
    return per_year


@dataclass
class Neighbourhood:
    """The model of some free items of a plan, with what it needs to read a solution."""

    built: ScheduleModel
    free: list[str]
    fixed: dict[str, int]


def free_domain(
    index: ProgramIndex, incumbent: Incumbent, item_id: str, radius: int | None
) -> list[int]:
    """The item's allowed starts, within ``radius`` weeks of where it is or was planned."""
    domain = index.domain(item_id)
    if radius is None or isinstance(index.item(item_id), Request):
        return domain  # a request may take any week of its window
    anchors = [a for a in (incumbent.starts[item_id], index.planned[item_id]) if a is not None]
    if not anchors:
        return domain
    lo, hi = min(anchors) - radius, max(anchors) + radius
    return [s for s in domain if lo <= s <= hi]


def build_neighbourhood(
    incumbent: Incumbent,
    free: set[str],
    *,
    radius: int | None = None,
    force: frozenset[str] = frozenset(),
) -> Neighbourhood:
    """The exact model of ``free`` with every other scheduled item held at its start.

    Items that are not scheduled and not free (requests not yet inserted) are left out
    altogether; ``force`` names optional requests that must be scheduled.
    """
    index = incumbent.index
    scenario = index.scenario
    starts = incumbent.starts
    domains = {i: free_domain(index, incumbent, i, radius) for i in sorted(free)}
    fixed: dict[str, int] = {}
    for item_id in sorted(free):
        for partner in sorted(index.partners.get(item_id, ())):
            start = starts[partner]
            if partner not in free and start is not None:
                fixed[partner] = start
    in_model = free | set(fixed)
    reach = _reach(index, domains)
    extra_capacity: dict[tuple[str, int], int] = {}
    for resource, (lo, hi) in reach.items():
        row = incumbent.load[resource]
        own = _own_rows(index, incumbent, in_model, lo, hi, resource)
        for week in range(lo, hi + 1):
            used = row[week - incumbent.first] - own.get(week, 0)
            if used:
                extra_capacity[(resource, week)] = -used
    concurrent_used = _concurrent_used(index, incumbent, in_model, domains)
    budget_used = _budget_used(index, incumbent, in_model, domains)
    required = frozenset(i for i in fixed if isinstance(index.item(i), Request)) | force
    options = ModelOptions(
        fixed_starts=fixed,
        excluded=frozenset(i for i in starts if i not in in_model),
        extra_capacity=extra_capacity,
        domains=domains,
        required=required,
        budget_used=budget_used,
        concurrent_used=concurrent_used,
    )
    return Neighbourhood(ScheduleModel(scenario, options), sorted(free), fixed)


def _reach(index: ProgramIndex, domains: dict[str, list[int]]) -> dict[str, tuple[int, int]]:
    """Per resource, the weeks some free item using it could occupy."""
    reach: dict[str, tuple[int, int]] = {}
    for item_id, domain in domains.items():
        if not domain:
            continue
        item = index.item(item_id)
        lo, hi = domain[0], domain[-1] + item.duration - 1
        for resource, units in item.demand.items():
            if units > 0:
                old = reach.get(resource)
                reach[resource] = (lo, hi) if old is None else (min(old[0], lo), max(old[1], hi))
    return reach


def _own_rows(
    index: ProgramIndex, incumbent: Incumbent, in_model: set[str], lo: int, hi: int, resource: str
) -> dict[int, int]:
    """Load of the model's own items on a resource between lo and hi (counted by the model)."""
    own: dict[int, int] = defaultdict(int)
    for item_id in in_model:
        start = incumbent.starts[item_id]
        units = index.item(item_id).demand.get(resource, 0)
        if start is None or units <= 0:
            continue
        for week in range(max(lo, start), min(hi, start + index.item(item_id).duration - 1) + 1):
            own[week] += units
    return own


def _concurrent_used(
    index: ProgramIndex,
    incumbent: Incumbent,
    in_model: set[str],
    domains: dict[str, list[int]],
) -> dict[tuple[int, str], dict[int, int]]:
    """Per max_concurrent group a free item is in: items outside the model active per week."""
    spans: dict[tuple[int, str], tuple[int, int]] = {}
    for item_id, domain in domains.items():
        if not domain:
            continue
        lo, hi = domain[0], domain[-1] + index.item(item_id).duration - 1
        for group in index.groups[item_id]:
            old = spans.get(group)
            spans[group] = (lo, hi) if old is None else (min(old[0], lo), max(old[1], hi))
    used: dict[tuple[int, str], dict[int, int]] = {}
    for group, (lo, hi) in spans.items():
        row = incumbent.count[group]
        own: dict[int, int] = defaultdict(int)
        for item_id in in_model:
            start = incumbent.starts[item_id]
            if start is not None and group in index.groups[item_id]:
                for week in range(start, start + index.item(item_id).duration):
                    own[week] += 1
        counts = {
            week: row[week - incumbent.first] - own.get(week, 0) for week in range(lo, hi + 1)
        }
        used[group] = {week: count for week, count in counts.items() if count > 0}
    return used


def _budget_used(
    index: ProgramIndex,
    incumbent: Incumbent,
    in_model: set[str],
    domains: dict[str, list[int]],
) -> dict[tuple[str, int], Fraction]:
    """Per budget line and year a free item could spend in: what items outside the model spend."""
    keys: set[tuple[str, int]] = set()
    for item_id, domain in domains.items():
        line = index.line_of.get(item_id)
        if line is None or not domain:
            continue
        last = domain[-1] + index.item(item_id).duration - 1
        for year in range(weeks.iso_year(domain[0]), weeks.iso_year(last) + 1):
            keys.add((line, year))
    used: dict[tuple[str, int], Fraction] = {}
    for line, year in keys:
        spent = incumbent.spend.get((line, year), Fraction(0))
        for item_id in in_model:
            start = incumbent.starts[item_id]
            if start is None or index.line_of.get(item_id) != line:
                continue
            item = index.item(item_id)
            count = _weeks_per_year(start, item.duration).get(year, 0)
            spent -= Fraction(item.cost * count, item.duration)
        used[(line, year)] = spent
    return used
