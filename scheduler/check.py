"""Independent feasibility checker: the second opinion on every plan.

Every plan the project makes is tested against :func:`check`, so this module
must not share code with the solver's constraints. By design, each rule has its
own plain code here, read straight from the scenario format
(docs/scenario-format.md) and tested on the schedule in plain Python, week by
week, with exact fractions for money. Where the solver needs clever formulations
(year overlaps, start domains), the checker deliberately takes the plainest one,
so that the two agree only when both are right.

What it shares with the rest is the rule's *name* (``Violation.rule`` is one of
:data:`scheduler.rules.Checked`) and the scenario models; even a resource's
capacity in a week is computed here on its own (``_week_capacity``), not through
``Resource.capacity_in``, which everything else uses.

A :class:`Violation` is data; its sentence (nl, en) is made at the edge by
:func:`scheduler.text.violations.violation_text`, so the checker makes no words.

Rule codes (stable), in the order :func:`check` reports them::

    unknown_item, missing_item, mandatory, horizon, window, pinned, max_shift,
    after, capacity, budget, breeding_season, event, breekverbod, max_concurrent,
    bundle, school_holidays

Within a rule, violations follow the scenario's order (items, resources,
budget lines, events, rules), then week or year order.

``Violation.weeks`` holds the weeks where the rule is broken: the offending
occupied weeks for week rules (horizon, window, capacity, breeding_season,
event, max_concurrent, school_holidays), the offending start week for start rules (pinned,
max_shift, after: the start of the later work, breekverbod: the start of the
digging work), for bundle the weeks from its first start to its last finish, and
nothing for budget, mandatory and plan/scenario mismatches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from scheduler import weeks
from scheduler.plan import Plan
from scheduler.rules import CHECKED, Checked, Rule
from scheduler.scenario import (
    BreedingSeason,
    Request,
    Resource,
    Scenario,
    Work,
    area_covers,
    wijk_of,
)

__all__ = ["RULES", "Violation", "check", "check_baseline", "summary"]

Item = Work | Request

RULES = CHECKED


@dataclass(frozen=True)
class Violation:
    """One broken hard rule: which works, which weeks, and the amounts (exact numbers)."""

    rule: Checked
    items: tuple[str, ...]
    weeks: tuple[int, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict, hash=False)


def summary(violations: Sequence[Violation], limit: int = 5) -> str:
    """The first violations for a developer's error message: rule, items, weeks, detail.

    No sentences: those are made at the edge (scheduler.text.violations), so the
    checker stays free of words. Internal errors (a solver plan that breaks a rule)
    use this.
    """
    parts = []
    for v in violations[:limit]:
        span = f" {weeks.format_range(v.weeks[0], v.weeks[-1])}" if v.weeks else ""
        parts.append(f"{v.rule} [{', '.join(v.items)}]{span} {v.detail}")
    return "; ".join(parts)


# -- the checks -------------------------------------------------------------------------


def check(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Every hard rule of the scenario that the plan breaks; [] means feasible."""
    return _check(scenario, plan, with_mandatory=True)


def check_baseline(scenario: Scenario) -> list[Violation]:
    """The programme as planned today, on the rules that bind works.

    Requests are not in the baseline, so "mandatory" is not checked (a work
    without a planned start, allowed with objective makespan, is left out too).
    """
    return _check(scenario, Plan.baseline(scenario), with_mandatory=False)


@dataclass(frozen=True)
class _Placed:
    """A scheduled item with the scenario's facts (the plan's own duration is not trusted)."""

    item: Item
    start: int

    @property
    def finish(self) -> int:
        return self.start + self.item.duration - 1

    def weeks(self) -> range:
        return range(self.start, self.start + self.item.duration)


def _check(scenario: Scenario, plan: Plan, *, with_mandatory: bool) -> list[Violation]:
    starts: dict[str, int | None] = {}
    for item in scenario.items:
        entry = plan.items.get(item.id)
        starts[item.id] = entry.start if entry is not None else None
    placed = [
        _Placed(item, start) for item in scenario.items if (start := starts[item.id]) is not None
    ]
    found = _plan_matches(scenario, plan)
    if with_mandatory:
        found += _mandatory(scenario, plan)
    found += _horizon(scenario, placed)
    found += _window(scenario, placed)
    found += _pinned(scenario, placed)
    found += _max_shift(scenario, placed)
    found += _after(scenario, placed, starts)
    found += _capacity(scenario, placed)
    found += _budget(scenario, placed)
    found += _breeding_season(scenario, placed)
    found += _events(scenario, placed)
    found += _breekverbod(scenario, placed)
    found += _max_concurrent(scenario, placed)
    found += _bundles(scenario, placed)
    found += _school_holidays(scenario, placed)
    return found


def _type(item: Item) -> str:
    return "work" if isinstance(item, Work) else "request"


def _exempt(item: Item) -> bool:
    """Requests with emergency: true are exempt from breekverbod, events and breeding season."""
    return isinstance(item, Request) and item.emergency


def _plan_matches(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Every plan entry is an item of the scenario, and every item has an entry."""
    known = scenario.item_by_id
    found = [Violation(Rule.UNKNOWN_ITEM, (name,)) for name in plan.items if name not in known]
    found += [
        Violation(Rule.MISSING_ITEM, (item.id,), (), {"type": _type(item)})
        for item in scenario.items
        if item.id not in plan.items
    ]
    return found


def _mandatory(scenario: Scenario, plan: Plan) -> list[Violation]:
    """Works are always scheduled; requests too unless optional (mandatory: false)."""
    found: list[Violation] = []
    for item in scenario.items:
        entry = plan.items.get(item.id)
        if entry is None or entry.start is not None:
            continue  # a missing entry is reported as missing_item
        if isinstance(item, Work) or item.mandatory:
            found.append(Violation(Rule.MANDATORY, (item.id,), (), {"type": _type(item)}))
    return found


def _horizon(scenario: Scenario, placed: list[_Placed]) -> list[Violation]:
    """Every occupied week lies inside the horizon (both ends included)."""
    first, last = scenario.horizon.first, scenario.horizon.last
    found: list[Violation] = []
    for p in placed:
        outside = tuple(week for week in p.weeks() if week < first or week > last)
        if outside:
            detail = {
                "start": p.start,
                "finish": p.finish,
                "horizon_start": first,
                "horizon_end": last,
            }
            found.append(Violation(Rule.HORIZON, (p.item.id,), outside, detail))
    return found


def _window(scenario: Scenario, placed: list[_Placed]) -> list[Violation]:
    """start >= earliest and finish <= latest_finish, where the item names them.

    A window bound that is left out defaults to the horizon, which the "horizon"
    rule already checks; so only bounds given in the scenario are tested here.
    """
    found: list[Violation] = []
    for p in placed:
        earliest = weeks.parse_week(p.item.earliest) if p.item.earliest else None
        latest = weeks.parse_week(p.item.latest_finish) if p.item.latest_finish else None
        detail: dict[str, Any] = {"start": p.start, "finish": p.finish}
        if earliest is not None and p.start < earliest:
            detail["earliest"] = earliest
        if latest is not None and p.finish > latest:
            detail["latest_finish"] = latest
        if len(detail) == 2:
            continue
        outside = tuple(
            week
            for week in p.weeks()
            if ("earliest" in detail and week < detail["earliest"])
            or ("latest_finish" in detail and week > detail["latest_finish"])
        )
        found.append(Violation(Rule.WINDOW, (p.item.id,), outside, detail))
    return found


def _pinned(scenario: Scenario, placed: list[_Placed]) -> list[Violation]:
    """A pinned (contracted) work starts exactly at its planned_start."""
    found: list[Violation] = []
    for p in placed:
        if isinstance(p.item, Work) and p.item.pinned:
            planned = scenario.planned(p.item)
            if planned is not None and p.start != planned:
                detail = {"planned_start": planned, "start": p.start}
                found.append(Violation(Rule.PINNED, (p.item.id,), (p.start,), detail))
    return found


def _max_shift(scenario: Scenario, placed: list[_Placed]) -> list[Violation]:
    """|start - planned_start| <= max_shift."""
    found: list[Violation] = []
    for p in placed:
        if isinstance(p.item, Work) and p.item.max_shift is not None:
            planned = scenario.planned(p.item)
            if planned is not None and abs(p.start - planned) > p.item.max_shift:
                detail = {
                    "planned_start": planned,
                    "start": p.start,
                    "shift": p.start - planned,
                    "max_shift": p.item.max_shift,
                }
                found.append(Violation(Rule.MAX_SHIFT, (p.item.id,), (p.start,), detail))
    return found


def _after(
    scenario: Scenario, placed: list[_Placed], starts: dict[str, int | None]
) -> list[Violation]:
    """start(X) >= finish(P) + 1 + lag, when both X and its predecessor P are scheduled.

    A rejected optional request imposes nothing and is bound by nothing.
    """
    found: list[Violation] = []
    for p in placed:
        for dependency in p.item.after:
            before = scenario.item_by_id.get(dependency.work)
            before_start = starts.get(dependency.work)
            if before is None or before_start is None:
                continue
            before_finish = before_start + before.duration - 1
            earliest = before_finish + 1 + dependency.lag
            if p.start < earliest:
                detail = {
                    "start": p.start,
                    "predecessor_finish": before_finish,
                    "lag": dependency.lag,
                    "earliest_start": earliest,
                }
                found.append(Violation(Rule.AFTER, (p.item.id, before.id), (p.start,), detail))
    return found


def _ordered(known: Iterable[str], used: Iterable[str]) -> list[str]:
    """Keys in scenario order; keys the scenario does not list follow, sorted."""
    order = list(dict.fromkeys(known))
    return order + sorted(set(used) - set(order))


def _runs(rows: Iterable[tuple[int, Any]]) -> list[tuple[int, int, Any]]:
    """(week, key) rows -> (first, last, key) for each run of consecutive weeks with one key."""
    runs: list[tuple[int, int, Any]] = []
    for week, key in sorted(rows, key=lambda row: row[0]):
        if runs and runs[-1][1] == week - 1 and runs[-1][2] == key:
            runs[-1] = (runs[-1][0], week, key)
        else:
            runs.append((week, week, key))
    return runs


def _capacity(scenario: Scenario, placed: list[_Placed]) -> list[Violation]:
    """In every week, the summed demand of the active items is at most that week's capacity.

    A week inside an exception (both ends included) has the exception's
    capacity, any other week the base capacity. A resource the scenario does
    not list has capacity 0. One violation per run of consecutive weeks with
    the same capacity, load and items.
    """
    load: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    users: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for p in placed:
        for resource_id, units in p.item.demand.items():
            if units <= 0:
                continue
            for week in p.weeks():
                load[resource_id][week] += units
                users[resource_id][week].append(p.item.id)
    found: list[Violation] = []
    for resource_id in _ordered(scenario.resource_by_id, load):
        resource = scenario.resource_by_id.get(resource_id)
        over = []
        for week, amount in load[resource_id].items():
            limit = _week_capacity(resource, week)
            if amount > limit:
                over.append((week, (limit, amount, tuple(users[resource_id][week]))))
        for first, last, (limit, amount, ids) in _runs(over):
            detail = {"resource": resource_id, "capacity": limit, "load": amount}
            found.append(Violation(Rule.CAPACITY, ids, tuple(range(first, last + 1)), detail))
    return found


def _week_capacity(resource: Resource | None, week: int) -> int:
    """The exception's capacity for a week inside one (first listed wins), else the base."""
    if resource is None:
        return 0
    for exception in resource.exceptions:
        if weeks.parse_week(exception.from_) <= week <= weeks.parse_week(exception.to):
            return exception.capacity
    return resource.capacity


def _budget(scenario: Scenario, placed: list[_Placed]) -> list[Violation]:
    """Spend per line and ISO year <= per_year[year] + 1 euro per item of the line in that year.

    spend = sum of cost * (weeks of the item in that year) / duration, exactly.
    A year the line does not list (or a line the scenario does not list) has 0.
    The cost of an item goes to its own line only.
    """
    spend: dict[tuple[str, int], Fraction] = defaultdict(Fraction)
    members: dict[tuple[str, int], list[str]] = defaultdict(list)
    for p in placed:
        line = p.item.budget
        if line is None:
            continue
        weeks_per_year: dict[int, int] = defaultdict(int)
        for week in p.weeks():
            weeks_per_year[weeks.iso_year(week)] += 1
        for year, count in weeks_per_year.items():
            spend[(line, year)] += Fraction(p.item.cost * count, p.item.duration)
            members[(line, year)].append(p.item.id)
    found: list[Violation] = []
    for line in _ordered(scenario.budget_by_id, (key[0] for key in spend)):
        budget = scenario.budget_by_id.get(line)
        for year in sorted(year for (name, year) in spend if name == line):
            limit = budget.per_year.get(year, 0) if budget else 0
            tolerance = len(members[(line, year)])
            used = spend[(line, year)]
            if used > limit + tolerance:
                detail = {
                    "budget": line,
                    "year": year,
                    "limit": limit,
                    "tolerance": tolerance,
                    "spend": used,
                }
                found.append(Violation(Rule.BUDGET, tuple(members[(line, year)]), (), detail))
    return found


def _period_day(year: int, month_day: tuple[int, int], *, first: bool) -> date:
    """A yearly day in one calendar year; 02-29 in a common year: from 03-01, to 02-28."""
    month, day = month_day
    if (month, day) == (2, 29) and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        return date(year, 3, 1) if first else date(year, 2, 28)
    return date(year, month, day)


def _season_blocks(season: BreedingSeason) -> Callable[[int], bool]:
    """Whether a week touches the season: its Monday..Sunday overlaps a dated stretch of it.

    The season is cut into one dated stretch per year (a wrapping period runs
    from `from` in year Y to `to` in year Y+1); a week is blocked when its seven
    days overlap any stretch, ends included.
    """
    start, end = weeks.parse_day(season.from_), weeks.parse_day(season.to)
    wraps = start > end
    cache: dict[int, bool] = {}

    def blocked(week: int) -> bool:
        if week not in cache:
            monday = weeks.monday(week)
            sunday = monday + timedelta(days=6)
            hit = False
            for year in range(monday.year - 1, sunday.year + 1):
                begin = _period_day(year, start, first=True)
                stop = _period_day(year + 1 if wraps else year, end, first=False)
                if begin <= sunday and stop >= monday:
                    hit = True
            cache[week] = hit
        return cache[week]

    return blocked


def _breeding_season(scenario: Scenario, placed: list[_Placed]) -> list[Violation]:
    """An item of a listed kind occupies no week that touches the breeding season."""
    season = scenario.rules.breeding_season
    if season is None:
        return []
    blocked = _season_blocks(season)
    kinds = set(season.kinds)
    found: list[Violation] = []
    for p in placed:
        if p.item.kind not in kinds or _exempt(p.item):
            continue
        hit = tuple(week for week in p.weeks() if blocked(week))
        if hit:
            detail = {"from": season.from_, "to": season.to, "kind": p.item.kind.value}
            found.append(Violation(Rule.BREEDING_SEASON, (p.item.id,), hit, detail))
    return found


def _events(scenario: Scenario, placed: list[_Placed]) -> list[Violation]:
    """An item of a listed kind in a listed area (a wijk covers its buurten) avoids the event."""
    found: list[Violation] = []
    for event in scenario.rules.events:
        first, last = weeks.parse_week(event.from_), weeks.parse_week(event.to)
        kinds = set(event.kinds)
        for p in placed:
            if p.item.kind not in kinds or _exempt(p.item):
                continue
            if not any(area_covers(area, p.item.area) for area in event.areas):
                continue
            hit = tuple(week for week in p.weeks() if first <= week <= last)
            if hit:
                detail = {
                    "event": event.name,
                    "event_start": first,
                    "event_end": last,
                    "area": p.item.area,
                    "kind": p.item.kind.value,
                }
                found.append(Violation(Rule.EVENT, (p.item.id,), hit, detail))
    return found


def _breekverbod(scenario: Scenario, placed: list[_Placed]) -> list[Violation]:
    """For R (resurfaces) and D (digs), R != D, same street and wijk: dig first, or rest.

    start(D) + duration(D) <= start(R), or
    start(D) >= start(R) + duration(R) + 52 * breekverbod_years.
    Only scheduled items with a street take part; emergency requests are exempt.
    Violations name (R, D).
    """
    years = scenario.rules.breekverbod_years
    if years is None:
        return []
    groups: dict[tuple[str, str], list[_Placed]] = defaultdict(list)
    for p in placed:
        if p.item.street and not _exempt(p.item):
            groups[(p.item.street, wijk_of(p.item.area))].append(p)
    found: list[Violation] = []
    for (street, wijk), members in groups.items():
        for r in members:
            if not r.item.resurfaces:
                continue
            rest_until = r.start + r.item.duration + 52 * years
            for d in members:
                if d is r or not d.item.digs:
                    continue
                if d.start + d.item.duration <= r.start or d.start >= rest_until:
                    continue
                detail = {
                    "street": street,
                    "wijk": wijk,
                    "years": years,
                    "resurface_start": r.start,
                    "resurface_finish": r.finish,
                    "dig_start": d.start,
                    "dig_finish": d.finish,
                    "rest_until": rest_until,
                }
                pair = (r.item.id, d.item.id)
                found.append(Violation(Rule.BREEKVERBOD, pair, (d.start,), detail))
    return found


def _max_concurrent(scenario: Scenario, placed: list[_Placed]) -> list[Violation]:
    """In every week, per wijk (or per area code with per: buurt), at most `limit` active items.

    One violation per run of consecutive weeks with the same active items.
    """
    found: list[Violation] = []
    for rule in scenario.rules.max_concurrent:
        kinds = set(rule.kinds)
        active: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
        for p in placed:
            if p.item.kind not in kinds:
                continue
            area = wijk_of(p.item.area) if rule.per == "wijk" else p.item.area
            for week in p.weeks():
                active[area][week].append(p.item.id)
        for area, by_week in active.items():
            over = [(week, tuple(ids)) for week, ids in by_week.items() if len(ids) > rule.limit]
            for first, last, ids in _runs(over):
                detail = {
                    "area": area,
                    "per": rule.per,
                    "kinds": tuple(kind.value for kind in rule.kinds),
                    "limit": rule.limit,
                    "count": len(ids),
                }
                found.append(
                    Violation(Rule.MAX_CONCURRENT, ids, tuple(range(first, last + 1)), detail)
                )
    return found


def _school_holidays(scenario: Scenario, placed: list[_Placed]) -> list[Violation]:
    """A bound item works only in weeks whose Monday..Friday are all school holidays.

    Asks the holidays package day by day (the solver uses week sets from
    scheduler/school_holidays.py): the plainest reading of the rule.
    """
    rule = scenario.rules.school_holidays
    if rule is None:
        return []
    import holidays

    region = {"noord": "Noord", "midden": "Midden", "zuid": "Zuid"}[rule.region]
    found: list[Violation] = []
    for p in placed:
        bound = p.item.kind in rule.kinds or p.item.id in rule.items
        if not bound or _exempt(p.item):
            continue
        years = sorted({weeks.iso_year(w) for w in p.weeks()} | {weeks.iso_year(p.finish) + 1})
        free = holidays.country_holidays("NL", subdiv=region, years=years,
                                         categories=("school",))
        hit = tuple(week for week in p.weeks()
                    if any(weeks.monday(week) + timedelta(days=d) not in free
                           for d in range(5)))
        if hit:
            found.append(Violation(Rule.SCHOOL_HOLIDAYS, (p.item.id,), hit,
                                   {"region": rule.region, "kind": p.item.kind.value}))
    return found


def _bundles(scenario: Scenario, placed: list[_Placed]) -> list[Violation]:
    """Werk met werk: max(finish) - min(start) + 1 <= max_span over the scheduled items.

    An item that is not scheduled (a rejected optional request) drops out; emergency
    requests are not exempt. Violations name the scheduled items in the bundle's order.
    """
    by_id = {p.item.id: p for p in placed}
    found: list[Violation] = []
    for bundle in scenario.rules.bundles:
        members = [by_id[i] for i in dict.fromkeys(bundle.items) if i in by_id]
        if not members:
            continue
        first = min(p.start for p in members)
        last = max(p.finish for p in members)
        span = last - first + 1
        if span <= bundle.max_span:
            continue
        detail = {
            "name": bundle.label,
            "max_span": bundle.max_span,
            "span": span,
            "first": first,
            "last": last,
        }
        ids = tuple(p.item.id for p in members)
        found.append(Violation(Rule.BUNDLE, ids, tuple(range(first, last + 1)), detail))
    return found
