"""Why each work moved, and which chain of displacements each request set off.

A moved work's *direct cause* is the rule it would break if it alone went back
to its planned weeks while everything else stays where the plan puts it. The
items that make that rule bind (the crew's other users, the predecessor, the
budget line's other spenders, ...) are its *blockers*. Requests and moved works
among the blockers are the links of the displacement chains: R-1 takes the
crew, so W-7 moves; W-7 now fills a week, so W-9 moves: R-1 -> W-7 -> W-9.
This module only reads a scenario and a plan; it never solves, and it makes no words
(those are scheduler/text/causes.py's).
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from scheduler import school_holidays, weeks
from scheduler.plan import ItemStatus, Plan
from scheduler.rules import CauseRule, Rule
from scheduler.scenario import Request, Scenario, Work, area_covers, wijk_of


@dataclass(frozen=True)
class Cause:
    """One rule that keeps a work from its planned weeks."""

    rule: CauseRule
    blockers: tuple[str, ...] = ()
    first: int | None = None
    last: int | None = None
    detail: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Displacement:
    id: str
    name: str
    planned_start: int
    start: int
    shift: int
    causes: tuple[Cause, ...]


@dataclass(frozen=True)
class RequestChains:
    """What one request set in motion: every work it displaced, and the chains to them."""

    id: str
    displaced: tuple[str, ...]
    chains: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Explanation:
    displacements: tuple[Displacement, ...]
    requests: tuple[RequestChains, ...]

    def causes_of(self, work_id: str) -> tuple[Cause, ...]:
        for displacement in self.displacements:
            if displacement.id == work_id:
                return displacement.causes
        return ()


def explain(scenario: Scenario, plan: Plan) -> Explanation:
    """Direct causes for every moved work and the displacement chains of every request."""
    context = _Context(scenario, plan)
    displacements = []
    for work in scenario.works:
        item = plan[work.id]
        if item.status != ItemStatus.MOVED or item.start is None or item.planned_start is None:
            continue
        causes = tuple(context.causes(work, item.planned_start))
        displacements.append(
            Displacement(
                work.id, work.name, item.planned_start, item.start, item.shift or 0, causes
            )
        )
    chains = _chains(scenario, plan, displacements)
    return Explanation(tuple(displacements), tuple(chains))


class _Context:
    """Loads and spends of the plan, computed once, for what-if checks of single works."""

    def __init__(self, scenario: Scenario, plan: Plan) -> None:
        self.scenario = scenario
        self.plan = plan
        self.load = plan.load(scenario)
        self.spend = plan.budget_use(scenario)
        self.spenders: dict[tuple[str, int], list[str]] = defaultdict(list)
        for source in scenario.items:
            if source.budget is not None and source.cost:
                years = {weeks.iso_year(w) for w in plan[source.id].weeks()}
                for year in sorted(years):
                    self.spenders[(source.budget, year)].append(source.id)
        self.successors: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for source in scenario.items:
            for dep in source.after:
                self.successors[dep.work].append((source.id, dep.lag))
        self.users: dict[tuple[str, int], list[str]] = defaultdict(list)
        for source in scenario.items:
            for resource, units in source.demand.items():
                if units:
                    for week in plan[source.id].weeks():
                        self.users[(resource, week)].append(source.id)

    def causes(self, work: Work, planned: int) -> list[Cause]:
        found: list[Cause] = []
        run = range(planned, planned + work.duration)
        found += self._window(work, planned)
        found += self._blocked(work, run)
        found += self._order(work, planned)
        found += self._capacity(work, run)
        found += self._budget(work, run)
        found += self._concurrency(work, run)
        found += self._breekverbod(work, planned)
        found += self._bundle(work, planned)
        if not found:
            # Nothing binds: either the plan is not optimal, or the move costs nothing
            # (weight 0, no move penalty), so an optimal plan may make it too.
            free = work.weight == 0 and self.scenario.policy.move_penalty == 0
            found.append(Cause(Rule.NONE, detail={"free": True} if free else {}))
        return found

    def _window(self, work: Work, planned: int) -> list[Cause]:
        earliest, latest_finish = self.scenario.window(work)
        if planned < earliest or planned + work.duration - 1 > latest_finish:
            return [Cause(Rule.WINDOW, (), earliest, latest_finish)]
        return []

    def _blocked(self, work: Work, run: range) -> list[Cause]:
        causes: list[Cause] = []
        rules = self.scenario.rules
        season = rules.breeding_season
        if season is not None and work.kind in season.kinds:
            start, end = weeks.parse_day(season.from_), weeks.parse_day(season.to)
            hit = [w for w in run if weeks.week_touches_period(w, start, end)]
            if hit:
                causes.append(Cause(Rule.BREEDING_SEASON, (), hit[0], hit[-1], {"kind": work.kind}))
        for event in rules.events:
            if work.kind not in event.kinds:
                continue
            areas = [a for a in event.areas if area_covers(a, work.area)]
            if not areas:
                continue
            first, last = weeks.parse_week(event.from_), weeks.parse_week(event.to)
            hit = [w for w in run if first <= w <= last]
            if hit:
                causes.append(
                    Cause(Rule.EVENT, (), hit[0], hit[-1], {"event": event.name, "area": areas[0]})
                )
        holidays = rules.school_holidays
        if holidays is not None and school_holidays.applies(holidays, work):
            free = school_holidays.holiday_weeks(holidays.region, run.start, run.stop - 1)
            outside = [w for w in run if w not in free]
            if outside:
                causes.append(Cause(Rule.SCHOOL_HOLIDAYS, (), outside[0], outside[-1],
                                    {"region": holidays.region}))
        return causes

    def _order(self, work: Work, planned: int) -> list[Cause]:
        causes: list[Cause] = []
        for dep in work.after:
            before = self.plan.items.get(dep.work)
            if before is None or before.start is None:
                continue
            if planned < before.start + before.duration + dep.lag:
                causes.append(
                    Cause(Rule.AFTER, (dep.work,), before.finish, before.finish, {"lag": dep.lag})
                )
        for other_id, lag in self.successors.get(work.id, []):
            later = self.plan[other_id]
            if later.start is not None and later.start < planned + work.duration + lag:
                causes.append(
                    Cause(Rule.BEFORE, (other_id,), later.start, later.start, {"lag": lag})
                )
        return causes

    def _capacity(self, work: Work, run: range) -> list[Cause]:
        causes: list[Cause] = []
        current = set(self.plan[work.id].weeks())
        for resource, units in sorted(work.demand.items()):
            if not units:
                continue
            capacity_in = self.scenario.resource_by_id[resource].capacity_in
            full = []
            for week in run:
                others = self.load.get((resource, week), 0) - (units if week in current else 0)
                if others + units > capacity_in(week):
                    full.append(week)
            if full:
                blockers = sorted(
                    {
                        user
                        for week in full
                        for user in self.users[(resource, week)]
                        if user != work.id
                    },
                    key=self._order_key,
                )
                causes.append(
                    Cause(Rule.CAPACITY, tuple(blockers), full[0], full[-1], {"resource": resource})
                )
        return causes

    def _budget(self, work: Work, run: range) -> list[Cause]:
        if work.budget is None or work.cost == 0:
            return []
        line = self.scenario.budget_by_id[work.budget]
        current: dict[int, int] = defaultdict(int)
        for week in self.plan[work.id].weeks():
            current[weeks.iso_year(week)] += 1
        wanted: dict[int, int] = defaultdict(int)
        for week in run:
            wanted[weeks.iso_year(week)] += 1
        causes = []
        for year, count in sorted(wanted.items()):
            others = self.spend.get((work.budget, year), Fraction(0)) - Fraction(
                work.cost * current.get(year, 0), work.duration
            )
            limit = line.per_year.get(year, 0)
            if others + Fraction(work.cost * count, work.duration) > limit:
                blockers = sorted(
                    (i for i in self.spenders[(work.budget, year)] if i != work.id),
                    key=self._order_key,
                )
                causes.append(
                    Cause(
                        Rule.BUDGET,
                        tuple(blockers),
                        None,
                        None,
                        {"line": work.budget, "year": year, "limit": limit, "spent": float(others)},
                    )
                )
        return causes

    def _concurrency(self, work: Work, run: range) -> list[Cause]:
        causes = []
        for rule in self.scenario.rules.max_concurrent:
            if work.kind not in rule.kinds:
                continue
            group = wijk_of(work.area) if rule.per == "wijk" else work.area
            members = [
                s.id
                for s in self.scenario.items
                if s.id != work.id
                and s.kind in rule.kinds
                and (wijk_of(s.area) if rule.per == "wijk" else s.area) == group
            ]
            full, blockers = [], set()
            for week in run:
                active = [m for m in members if week in self.plan[m].weeks()]
                if len(active) + 1 > rule.limit:
                    full.append(week)
                    blockers.update(active)
            if full:
                causes.append(
                    Cause(
                        Rule.MAX_CONCURRENT,
                        tuple(sorted(blockers, key=self._order_key)),
                        full[0],
                        full[-1],
                        {"area": group, "limit": rule.limit},
                    )
                )
        return causes

    def _breekverbod(self, work: Work, planned: int) -> list[Cause]:
        years = self.scenario.rules.breekverbod_years
        if years is None or not work.street or not (work.digs or work.resurfaces):
            return []
        causes = []
        for other in self.scenario.items:
            if other.id == work.id or other.street != work.street:
                continue
            if wijk_of(other.area) != wijk_of(work.area):
                continue
            if isinstance(other, Request) and other.emergency:
                continue
            placed = self.plan[other.id]
            if placed.start is None:
                continue
            pairs = []
            if work.resurfaces and other.digs:
                pairs.append((planned, work.duration, placed.start, other.duration))
            if work.digs and other.resurfaces:
                pairs.append((placed.start, placed.duration, planned, work.duration))
            for r_start, r_duration, d_start, d_duration in pairs:
                before = d_start + d_duration <= r_start
                rested = d_start >= r_start + r_duration + 52 * years
                if not (before or rested):
                    causes.append(
                        Cause(
                            Rule.BREEKVERBOD,
                            (other.id,),
                            None,
                            None,
                            {"street": work.street, "years": years},
                        )
                    )
                    break
        return causes

    def _bundle(self, work: Work, planned: int) -> list[Cause]:
        """Werk met werk: back at its planned weeks, the work would stretch its bundle.

        The blockers are the scheduled bundle-mates it would then span too long with
        (a bundle breaks exactly when one of its pairs does).
        """
        causes = []
        for bundle in self.scenario.rules.bundles:
            if work.id not in bundle.items:
                continue
            planned_finish = planned + work.duration - 1
            blockers = []
            for other_id in dict.fromkeys(bundle.items):
                other = self.plan[other_id]
                if other_id == work.id or other.start is None or other.finish is None:
                    continue
                span = max(other.finish, planned_finish) - min(other.start, planned) + 1
                if span > bundle.max_span:
                    blockers.append(other_id)
            if blockers:
                detail = {"work": work.id, "name": bundle.label, "max_span": bundle.max_span}
                blockers.sort(key=self._order_key)
                causes.append(Cause(Rule.BUNDLE, tuple(blockers), None, None, detail))
        return causes

    def _order_key(self, item_id: str) -> tuple[int, str]:
        item = self.plan[item_id]
        rank = {ItemStatus.NEW: 0, ItemStatus.MOVED: 1}.get(item.status, 2)
        return rank, item_id


def _chains(
    scenario: Scenario, plan: Plan, displacements: list[Displacement]
) -> list[RequestChains]:
    """Breadth-first from each request over 'blocker -> displaced work' links."""
    displaced_by: dict[str, list[str]] = defaultdict(list)
    for displacement in displacements:
        for cause in displacement.causes:
            for blocker in cause.blockers:
                status = plan[blocker].status
                linked = status in (ItemStatus.NEW, ItemStatus.MOVED)
                if linked and displacement.id not in displaced_by[blocker]:
                    displaced_by[blocker].append(displacement.id)
    result = []
    for request in scenario.requests:
        if plan[request.id].status != ItemStatus.NEW:
            continue
        parent: dict[str, str] = {}
        order: list[str] = []
        queue = deque([request.id])
        seen = {request.id}
        while queue:
            node = queue.popleft()
            for child in displaced_by.get(node, []):
                if child not in seen:
                    seen.add(child)
                    parent[child] = node
                    order.append(child)
                    queue.append(child)
        leaves = [node for node in order if not any(parent.get(c) == node for c in order)]
        chains = []
        for leaf in leaves:
            path = [leaf]
            while path[-1] in parent:
                path.append(parent[path[-1]])
            chains.append(tuple(reversed(path)))
        result.append(RequestChains(request.id, tuple(order), tuple(chains)))
    return result


__all__ = [
    "Cause",
    "Displacement",
    "Explanation",
    "RequestChains",
    "explain",
]
