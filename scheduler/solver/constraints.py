"""The rules as CP-SAT constraints: one function per rule family.

Each function adds its family to a :class:`~scheduler.solver.model.ScheduleModel`
(which owns the variables), enforces it only while the items involved are
scheduled (``built.presence``), and puts it behind ``built.guard`` so the
guarded model can name it. The budget rule, with its own arithmetic, is in
:mod:`scheduler.solver.budgets`. The order in which
:meth:`ScheduleModel._add_constraints` calls these is part of the model: it
fixes the order of variables and constraints, and so the search.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ortools.sat.python import cp_model

from scheduler.rules import Rule
from scheduler.scenario import Request, Work, wijk_of
from scheduler.solver.domains import blocked_weeks, blocking_rule, free_starts

if TYPE_CHECKING:
    from scheduler.solver.model import ScheduleModel


def add_single_item_rules(built: ScheduleModel) -> None:
    """Guarded mode only: window, pinned, max_shift, breeding season and events.

    In the optimising mode these rules are already the start domains.
    """
    if not built.options.guarded:
        return
    model, scenario = built.model, built.scenario
    for item in built.items:
        start = built.start[item.id]
        if item.id in built.options.fixed_starts:
            continue
        earliest, latest_finish = built.window(item)
        model.add(start >= earliest).only_enforce_if(
            built.guard(f"earliest:{item.id}", Rule.EARLIEST, (item.id,), week=earliest)
        )
        model.add(start + item.duration - 1 <= latest_finish).only_enforce_if(
            built.guard(f"deadline:{item.id}", Rule.DEADLINE, (item.id,), week=latest_finish)
        )
        if isinstance(item, Work):
            _add_planned_rules(built, item)
        for rule, blocked in blocked_weeks(scenario, item).items():
            candidates = range(scenario.horizon.first, scenario.horizon.last - item.duration + 2)
            free = sorted(free_starts(candidates, item.duration, blocked))
            lits = built.guard(f"{rule}:{item.id}", blocking_rule(rule), (item.id,), name=rule)
            if free:
                model.add_linear_expression_in_domain(
                    start, cp_model.Domain.from_values(free)
                ).only_enforce_if(lits)
            else:
                model.add_bool_or([]).only_enforce_if(lits)


def _add_planned_rules(built: ScheduleModel, item: Work) -> None:
    """Pinned, or at most max_shift weeks from the planned start (guarded mode)."""
    model, start = built.model, built.start[item.id]
    planned = built.scenario.planned(item)
    if planned is not None and item.pinned:
        model.add(start == planned).only_enforce_if(
            built.guard(f"pinned:{item.id}", Rule.PINNED, (item.id,), week=planned)
        )
    elif planned is not None and item.max_shift is not None:
        lits = built.guard(f"max_shift:{item.id}", Rule.MAX_SHIFT, (item.id,), weeks=item.max_shift)
        model.add(start - planned <= item.max_shift).only_enforce_if(lits)
        model.add(planned - start <= item.max_shift).only_enforce_if(lits)


def add_after(built: ScheduleModel) -> None:
    """start(X) >= start(P) + duration(P) + lag, when both X and P are scheduled."""
    for item in built.items:
        for dep in item.after:
            if dep.work not in built.start:
                continue
            before = built.scenario.item_by_id[dep.work]
            lits = built.guard(
                f"after:{dep.work}->{item.id}", Rule.AFTER, (dep.work, item.id), lag=dep.lag
            )
            built.model.add(
                built.start[item.id] >= built.start[dep.work] + before.duration + dep.lag
            ).only_enforce_if(lits + built.presence(item.id, dep.work))


def add_capacity(built: ScheduleModel) -> None:
    """Per resource and week: summed demand of active items <= capacity of that week.

    One cumulative per resource at its peak capacity; fixed filler intervals take
    the missing units in weeks with less (bouwvak, Christmas, ...).
    """
    users: dict[str, list[Work | Request]] = defaultdict(list)
    for item in built.items:
        for resource_id, units in item.demand.items():
            if units > 0:
                users[resource_id].append(item)
    for resource_id in sorted(users):
        profile = built.capacity_profile(resource_id)
        peak = max(profile.values())
        lits = built.guard(f"capacity:{resource_id}", Rule.CAPACITY, (), resource=resource_id)
        presence = lits[0] if lits else None
        intervals, demands = [], []
        for item in users[resource_id]:
            intervals.append(_guarded_interval(built, item, presence, resource_id))
            demands.append(item.demand[resource_id])
        for first, length, units in _runs_below(profile, peak):
            if presence is None:
                filler = built.model.new_fixed_size_interval_var(first, length, "filler")
            else:
                filler = built.model.new_optional_fixed_size_interval_var(
                    first, length, presence, "filler"
                )
            intervals.append(filler)
            demands.append(units)
        built.model.add_cumulative(intervals, demands, peak)


def _guarded_interval(
    built: ScheduleModel, item: Work | Request, guard: Any, tag: str
) -> cp_model.IntervalVar:
    """The item's interval, or a copy that exists only while ``guard`` (and the item) hold."""
    if guard is None:
        return built.interval[item.id]
    model = built.model
    presence = guard
    if built.present[item.id] is not True:
        presence = model.new_bool_var(f"in[{tag},{item.id}]")
        model.add_bool_and([guard, built.present[item.id]]).only_enforce_if(presence)
        model.add_bool_or([guard.Not(), built.present[item.id].Not(), presence])
    return model.new_optional_fixed_size_interval_var(
        built.start[item.id], item.duration, presence, f"copy[{tag},{item.id}]"
    )


def add_breekverbod(built: ScheduleModel) -> None:
    """Dig before resurfacing, or dig only when the street has rested long enough.

    start(D) + duration(D) <= start(R)  or  start(D) >= start(R) + duration(R) + 52 * years
    """
    years = built.scenario.rules.breekverbod_years
    if years is None:
        return
    groups: dict[tuple[str, str], list[Work | Request]] = defaultdict(list)
    for item in built.items:
        if item.street and (item.digs or item.resurfaces):
            if isinstance(item, Request) and item.emergency:
                continue
            groups[(item.street, wijk_of(item.area))].append(item)
    for key in sorted(groups):
        members = groups[key]
        for surface in members:
            if not surface.resurfaces:
                continue
            for dig in members:
                if dig is surface or not dig.digs:
                    continue
                _add_breekverbod_pair(built, surface, dig, years)


def _add_breekverbod_pair(
    built: ScheduleModel, surface: Work | Request, dig: Work | Request, years: int
) -> None:
    model = built.model
    lits = built.guard(
        f"breekverbod:{surface.id}:{dig.id}",
        Rule.BREEKVERBOD,
        (surface.id, dig.id),
        years=years,
    )
    enforce = lits + built.presence(surface.id, dig.id)
    dig_first = model.new_bool_var(f"dig_first[{dig.id},{surface.id}]")
    start_r, start_d = built.start[surface.id], built.start[dig.id]
    r_id, d_id, d_duration = surface.id, dig.id, dig.duration
    built.derive(dig_first, lambda st, pr: int(st[d_id] + d_duration <= st[r_id]))
    model.add(start_d + dig.duration <= start_r).only_enforce_if([dig_first, *enforce])
    model.add(start_d >= start_r + surface.duration + 52 * years).only_enforce_if(
        [dig_first.Not(), *enforce]
    )


def add_max_concurrent(built: ScheduleModel) -> None:
    """Hinder: per wijk (or buurt), at most `limit` active items of the listed kinds."""
    for index, rule in enumerate(built.scenario.rules.max_concurrent):
        groups: dict[str, list[Work | Request]] = defaultdict(list)
        for item in built.items:
            if item.kind in rule.kinds:
                area = wijk_of(item.area) if rule.per == "wijk" else item.area
                groups[area].append(item)
        for area in sorted(groups):
            members = groups[area]
            used = built.options.concurrent_used.get((index, area), {})
            if len(members) + max(used.values(), default=0) <= rule.limit:
                continue
            lits = built.guard(
                f"max_concurrent:{index}:{area}",
                Rule.MAX_CONCURRENT,
                (),
                area=area,
                limit=rule.limit,
                kinds=[str(k) for k in rule.kinds],
            )
            presence = lits[0] if lits else None
            intervals = [_guarded_interval(built, m, presence, f"mc{index}") for m in members]
            demands = [1] * len(intervals)
            for first, length, count in _runs_below(
                {week: rule.limit - count for week, count in used.items()}, rule.limit
            ):
                # Items outside the model (a neighbourhood) already active that week.
                intervals.append(built.model.new_fixed_size_interval_var(first, length, "mc"))
                demands.append(min(count, rule.limit))
            built.model.add_cumulative(intervals, demands, rule.limit)


def add_bundles(built: ScheduleModel) -> None:
    """Werk met werk: max(finish) - min(start) + 1 <= max_span over the scheduled items.

    Pairwise, which is exact: for every ordered pair (a, b) of the bundle's items,
    present(a) and present(b) => start(b) + duration(b) - start(a) <= max_span.
    The span is the largest of these differences (a = b holds already: the loader
    refuses a max_span shorter than an item), and an item that is not scheduled
    drops out with its presence literal. No auxiliary variables, so hints stay
    complete; n items cost n(n-1) small linear constraints.
    """
    for index, bundle in enumerate(built.scenario.rules.bundles):
        members = [i for i in dict.fromkeys(bundle.items) if i in built.start]
        if len(members) < 2:
            continue
        lits = built.guard(
            f"bundle:{index}",
            Rule.BUNDLE,
            tuple(members),
            name=bundle.label,
            max_span=bundle.max_span,
        )
        for a in members:
            for b in members:
                if a == b:
                    continue
                duration = built.scenario.item_by_id[b].duration
                built.model.add(
                    built.start[b] + duration - built.start[a] <= bundle.max_span
                ).only_enforce_if(lits + built.presence(a, b))


def _runs_below(profile: dict[int, int], peak: int) -> list[tuple[int, int, int]]:
    """(first week, length, missing units) for each run of weeks with the same shortfall."""
    runs: list[tuple[int, int, int]] = []
    for week in sorted(profile):
        missing = peak - profile[week]
        if missing <= 0:
            continue
        if runs:
            first, length, units = runs[-1]
            if units == missing and first + length == week:
                runs[-1] = (first, length + 1, units)
                continue
        runs.append((week, 1, missing))
    return runs
