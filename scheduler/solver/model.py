"""The CP-SAT model of a scenario: variables and one method per rule family.

Two modes share this code. The *optimising* mode folds every single-item rule
into start domains (see :mod:`scheduler.solver.domains`) for speed. The
*guarded* mode keeps each rule group behind its own literal (an assumption) so
that :mod:`scheduler.solver.conflicts` can ask which groups clash; there the
domains hold only the horizon.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ortools.sat.python import cp_model

from scheduler import weeks
from scheduler.rules import Guarded, Rule
from scheduler.scenario import Objective, Request, Scenario, Work, capacity_profile, wijk_of
from scheduler.solver.domains import allowed_starts, blocked_weeks, blocking_rule, free_starts

# A scaled budget term stays below this, so sums over thousands of works fit in int64.
_SCALED_LIMIT = 2**60
# Spend per budget year: "linear" (two clamps per year boundary), "table" (an element
# of a start-indexed table) or "auto" (a table for items with at most TABLE_MAX_DOMAIN
# starts); see docs/benchmarks.md for the measurements behind the choice.
BUDGET_FORM = "linear"
TABLE_MAX_DOMAIN = 60


@dataclass(frozen=True)
class Guard:
    """One rule group that can be switched off in the guarded model."""

    key: str
    rule: Guarded
    items: tuple[str, ...] = ()
    detail: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass
class ModelOptions:
    """What-if changes to a scenario that do not need a new scenario file."""

    guarded: bool = False
    fixed_starts: dict[str, int] = field(default_factory=dict)
    excluded: frozenset[str] = frozenset()
    extra_capacity: dict[tuple[str, int], int] = field(default_factory=dict)
    extra_budget: dict[tuple[str, int], int] = field(default_factory=dict)
    deadline_shift: dict[str, int] = field(default_factory=dict)
    # Largest |start - planned| per work; any plan cheaper than a known one obeys it.
    shift_cap: dict[str, int] = field(default_factory=dict)
    # Works whose displacement is not counted (a relaxed part carries their cost elsewhere).
    costless: frozenset[str] = frozenset()
    # A neighbourhood of a larger plan (scheduler/solver/neighbourhood.py): explicit start
    # domains for its free items, optional requests that must stay scheduled, and what the
    # items left out of the model already use of each budget line and year and of each
    # max_concurrent group per week (their capacity use arrives as negative extra_capacity).
    domains: dict[str, list[int]] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    budget_used: dict[tuple[str, int], Fraction] | None = None
    concurrent_used: dict[tuple[int, str], dict[int, int]] = field(default_factory=dict)
    # How spend per budget year is modelled: "linear", "table" or "auto" (None: BUDGET_FORM).
    budget_form: str | None = None


class ScheduleModel:
    """Builds the CP-SAT model; ``start``/``present`` map item ids to variables."""

    def __init__(self, scenario: Scenario, options: ModelOptions | None = None) -> None:
        self.scenario = scenario
        self.options = options or ModelOptions()
        self.model = cp_model.CpModel()
        self.items: list[Work | Request] = [
            item for item in scenario.items if item.id not in self.options.excluded
        ]
        self.start: dict[str, cp_model.IntVar] = {}
        self.domain: dict[str, list[int]] = {}
        self.present: dict[str, Any] = {}
        self.interval: dict[str, cp_model.IntervalVar] = {}
        self.empty_domains: dict[str, dict[str, int]] = {}
        self.guards: dict[str, Guard] = {}
        self.guard_literal: dict[str, cp_model.IntVar] = {}
        self._before: dict[tuple[str, int], Any] = {}
        self._domain_sets: dict[str, frozenset[int]] = {}
        # Auxiliary variables and how to compute each from (starts, presence), so a
        # plan can be handed to CP-SAT as a complete hint (partial hints are often lost).
        self._derived: list[tuple[Any, Callable[[dict[str, int], dict[str, bool]], int]]] = []
        self._create_variables()
        self._add_constraints()

    # -- variables -----------------------------------------------------------------------

    def _window(self, item: Work | Request) -> tuple[int, int]:
        earliest, latest_finish = self.scenario.window(item)
        return earliest, latest_finish + self.options.deadline_shift.get(item.id, 0)

    def _optional(self, item: Work | Request) -> bool:
        if isinstance(item, Work) or item.id in self.options.required:
            return False
        return not item.mandatory

    def _domain(self, item: Work | Request) -> list[int]:
        first, last = self.scenario.horizon.first, self.scenario.horizon.last
        if item.id in self.options.fixed_starts:
            fixed = self.options.fixed_starts[item.id]
            return [fixed] if first <= fixed <= last - item.duration + 1 else []
        if item.id in self.options.domains:
            given = self.options.domains[item.id]
            if not given:
                self.empty_domains[item.id] = {"neighbourhood": 0}
            return given
        if self.options.guarded:
            full = list(range(first, last - item.duration + 2))
            if not full:
                self.empty_domains[item.id] = {"horizon": 0}
            return full
        domain = allowed_starts(self.scenario, item)
        starts = domain.starts
        shift = self.options.deadline_shift.get(item.id, 0)
        if shift:
            earliest, latest_finish = self._window(item)
            wider = allowed_starts(self.scenario, item, keep_window=False)
            starts = [
                s for s in wider.starts if s >= earliest and s + item.duration - 1 <= latest_finish
            ]
        cap = self.options.shift_cap.get(item.id)
        if cap is not None and isinstance(item, Work):
            planned = self.scenario.planned(item)
            if planned is not None:
                starts = [s for s in starts if abs(s - planned) <= cap]
        if not starts:
            self.empty_domains[item.id] = domain.removed_by
        return starts

    def _create_variables(self) -> None:
        model = self.model
        for item in self.items:
            starts = self._domain(item)
            optional = self._optional(item)
            if not starts:
                if not optional:
                    # No valid week at all: the model is infeasible; keep it well formed.
                    starts = [self.scenario.horizon.first]
                    model.add_bool_or([])
                else:
                    starts = [self.scenario.horizon.first]
            self.domain[item.id] = starts
            start = model.new_int_var_from_domain(
                cp_model.Domain.from_values(starts), f"start[{item.id}]"
            )
            self.start[item.id] = start
            if optional:
                present = model.new_bool_var(f"present[{item.id}]")
                if item.id in self.empty_domains:
                    model.add(present == 0)
                self.present[item.id] = present
                self.interval[item.id] = model.new_optional_fixed_size_interval_var(
                    start, item.duration, present, f"interval[{item.id}]"
                )
            else:
                self.present[item.id] = True
                self.interval[item.id] = model.new_fixed_size_interval_var(
                    start, item.duration, f"interval[{item.id}]"
                )

    def guard(
        self, key: str, rule: Guarded, items: tuple[str, ...] = (), **detail: Any
    ) -> list[Any]:
        """Enforcement literals for a rule group: none in the optimising mode."""
        if not self.options.guarded:
            return []
        if key not in self.guard_literal:
            self.guards[key] = Guard(key, rule, items, detail)
            self.guard_literal[key] = self.model.new_bool_var(f"guard[{key}]")
        return [self.guard_literal[key]]

    def _presence(self, *item_ids: str) -> list[Any]:
        return [self.present[i] for i in item_ids if self.present[i] is not True]

    # -- constraints, one method per rule family -----------------------------------------

    def _add_constraints(self) -> None:
        self._add_single_item_rules()
        self._add_after()
        self._add_capacity()
        self._add_budgets()
        self._add_breekverbod()
        self._add_max_concurrent()
        self._add_bundles()

    def _add_single_item_rules(self) -> None:
        """Guarded mode only: window, pinned, max_shift, breeding season and events.

        In the optimising mode these rules are already the start domains.
        """
        if not self.options.guarded:
            return
        model, scenario = self.model, self.scenario
        for item in self.items:
            start = self.start[item.id]
            if item.id in self.options.fixed_starts:
                continue
            earliest, latest_finish = self._window(item)
            model.add(start >= earliest).only_enforce_if(
                self.guard(f"earliest:{item.id}", Rule.EARLIEST, (item.id,), week=earliest)
            )
            model.add(start + item.duration - 1 <= latest_finish).only_enforce_if(
                self.guard(f"deadline:{item.id}", Rule.DEADLINE, (item.id,), week=latest_finish)
            )
            if isinstance(item, Work):
                planned = scenario.planned(item)
                if planned is not None and item.pinned:
                    model.add(start == planned).only_enforce_if(
                        self.guard(f"pinned:{item.id}", Rule.PINNED, (item.id,), week=planned)
                    )
                elif planned is not None and item.max_shift is not None:
                    lits = self.guard(
                        f"max_shift:{item.id}", Rule.MAX_SHIFT, (item.id,), weeks=item.max_shift
                    )
                    model.add(start - planned <= item.max_shift).only_enforce_if(lits)
                    model.add(planned - start <= item.max_shift).only_enforce_if(lits)
            for rule, blocked in blocked_weeks(scenario, item).items():
                candidates = range(
                    scenario.horizon.first, scenario.horizon.last - item.duration + 2
                )
                free = sorted(free_starts(candidates, item.duration, blocked))
                lits = self.guard(f"{rule}:{item.id}", blocking_rule(rule), (item.id,), name=rule)
                if free:
                    model.add_linear_expression_in_domain(
                        start, cp_model.Domain.from_values(free)
                    ).only_enforce_if(lits)
                else:
                    model.add_bool_or([]).only_enforce_if(lits)

    def _add_after(self) -> None:
        """start(X) >= start(P) + duration(P) + lag, when both X and P are scheduled."""
        for item in self.items:
            for dep in item.after:
                if dep.work not in self.start:
                    continue
                before = self.scenario.item_by_id[dep.work]
                lits = self.guard(
                    f"after:{dep.work}->{item.id}", Rule.AFTER, (dep.work, item.id), lag=dep.lag
                )
                self.model.add(
                    self.start[item.id] >= self.start[dep.work] + before.duration + dep.lag
                ).only_enforce_if(lits + self._presence(item.id, dep.work))

    def capacity_profile(self, resource_id: str) -> dict[int, int]:
        """Capacity of a resource in every horizon week, with exceptions and levers."""
        resource = self.scenario.resource_by_id[resource_id]
        horizon = self.scenario.horizon
        profile = capacity_profile(resource, horizon.first, horizon.last)
        for (rid, week), extra in self.options.extra_capacity.items():
            if rid == resource_id and week in profile:
                # A neighbourhood's fixed load may leave nothing (never less than nothing).
                profile[week] = max(0, profile[week] + extra)
        return profile

    def _add_capacity(self) -> None:
        """Per resource and week: summed demand of active items <= capacity of that week.

        One cumulative per resource at its peak capacity; fixed filler intervals take
        the missing units in weeks with less (bouwvak, Christmas, ...).
        """
        users: dict[str, list[Work | Request]] = defaultdict(list)
        for item in self.items:
            for resource_id, units in item.demand.items():
                if units > 0:
                    users[resource_id].append(item)
        for resource_id in sorted(users):
            profile = self.capacity_profile(resource_id)
            peak = max(profile.values())
            lits = self.guard(f"capacity:{resource_id}", Rule.CAPACITY, (), resource=resource_id)
            presence = lits[0] if lits else None
            intervals, demands = [], []
            for item in users[resource_id]:
                intervals.append(self._guarded_interval(item, presence, resource_id))
                demands.append(item.demand[resource_id])
            for first, length, units in _runs_below(profile, peak):
                if presence is None:
                    filler = self.model.new_fixed_size_interval_var(first, length, "filler")
                else:
                    filler = self.model.new_optional_fixed_size_interval_var(
                        first, length, presence, "filler"
                    )
                intervals.append(filler)
                demands.append(units)
            self.model.add_cumulative(intervals, demands, peak)

    def _guarded_interval(self, item: Work | Request, guard: Any, tag: str) -> cp_model.IntervalVar:
        """The item's interval, or a copy that exists only while ``guard`` (and the item) hold."""
        if guard is None:
            return self.interval[item.id]
        presence = guard
        if self.present[item.id] is not True:
            presence = self.model.new_bool_var(f"in[{tag},{item.id}]")
            self.model.add_bool_and([guard, self.present[item.id]]).only_enforce_if(presence)
            self.model.add_bool_or([guard.Not(), self.present[item.id].Not(), presence])
        return self.model.new_optional_fixed_size_interval_var(
            self.start[item.id], item.duration, presence, f"copy[{tag},{item.id}]"
        )

    def _add_budgets(self) -> None:
        """Per line and ISO year: sum of cost * (weeks in that year) / duration <= amount.

        Terms are scaled by the least common multiple of the line's durations so the
        sum is exact; where that would overflow, each work's weekly share is rounded up
        to 1/scale euro, never hiding an overrun. A (line, year) that cannot overrun
        whatever the starts is left out of the model.
        """
        by_line: dict[str, list[Work | Request]] = defaultdict(list)
        for item in self.items:
            if item.cost > 0 and item.budget is not None:
                by_line[item.budget].append(item)
        used = self.options.budget_used
        for line_id in sorted(by_line):
            budget = self.scenario.budget_by_id[line_id]
            members = by_line[line_id]
            total_cost = sum(item.cost for item in members)
            scale = math.lcm(*(item.duration for item in members))
            scale = max(1, min(scale, _SCALED_LIMIT // max(1, total_cost)))
            shares = {item.id: self._year_shares(item) for item in members}
            years = sorted({year for share in shares.values() for year in share})
            for year in years:
                if used is not None and (line_id, year) not in used:
                    continue  # a neighbourhood: no free item of the line can touch the year
                limit = budget.per_year.get(year, 0) + self.options.extra_budget.get(
                    (line_id, year), 0
                )
                # What items outside the model spend is a constant; the sum is an integer,
                # so comparing it with the floor of the scaled remainder is exact.
                scaled_limit = math.floor(
                    (limit - (used or {}).get((line_id, year), Fraction(0))) * scale
                )
                worst = sum(
                    _per_week(scale, item) * shares[item.id][year][1]
                    for item in members
                    if year in shares[item.id]
                )
                if worst <= scaled_limit:
                    continue
                lits = self.guard(
                    f"budget:{line_id}:{year}",
                    Rule.BUDGET,
                    (),
                    line=line_id,
                    year=year,
                    limit=limit,
                )
                expr = sum(
                    self._spend_term(item, year, scale, *shares[item.id][year])
                    for item in members
                    if year in shares[item.id]
                )
                self.model.add(expr <= scaled_limit).only_enforce_if(lits)

    def _year_shares(self, item: Work | Request) -> dict[int, tuple[bool, int]]:
        """Per ISO year the item may touch: (weeks there are fixed, most weeks there)."""
        domain = self.domain[item.id]
        earliest, latest_end = domain[0], domain[-1] + item.duration - 1
        shares: dict[int, tuple[bool, int]] = {}
        for year in range(weeks.iso_year(earliest), weeks.iso_year(latest_end) + 1):
            year_first = weeks.from_year_week(year, 1)
            year_last = year_first + weeks.weeks_in_year(year) - 1
            span = min(latest_end, year_last) - max(earliest, year_first) + 1
            if span <= 0:
                continue
            inside = domain[0] >= year_first and latest_end <= year_last
            shares[year] = (inside, min(item.duration, span))
        return shares

    def _spend_term(
        self, item: Work | Request, year: int, scale: int, fixed: bool, most: int
    ) -> Any:
        """The item's scaled spend in ``year``: a linear expression in its start.

        weeks in year y = before(first week of y+1) - before(first week of y), where
        before(B) = clamp(B - start, 0, duration) counts the item's weeks before week B.
        Each term costs two small max/min constraints instead of a start-indexed table,
        which keeps presolve fast on thousands of works.
        """
        present = self.present[item.id]
        per_week = _per_week(scale, item)
        if fixed:
            return per_week * most if present is True else per_week * most * present
        year_first = weeks.from_year_week(year, 1)
        next_first = year_first + weeks.weeks_in_year(year)
        if self._budget_table(item):
            expr = self._spend_table(item, year_first, next_first, per_week)
        else:
            count = self._weeks_before(item, next_first) - self._weeks_before(item, year_first)
            expr = per_week * count
        if present is True:
            return expr
        gated = self.model.new_int_var(0, per_week * most, f"spent[{item.id},{year}]")
        self.model.add(gated == expr).only_enforce_if(present)
        self.model.add(gated == 0).only_enforce_if(present.Not())
        item_id, first, nxt, duration = item.id, year_first, next_first, item.duration
        self._derived.append(
            (
                gated,
                lambda st, pr: (
                    per_week
                    * (_clamp(nxt - st[item_id], duration) - _clamp(first - st[item_id], duration))
                    if pr[item_id]
                    else 0
                ),
            )
        )
        return gated

    def _budget_table(self, item: Work | Request) -> bool:
        """Whether this item's spend per year is a start-indexed table (see BUDGET_FORM)."""
        form = self.options.budget_form or BUDGET_FORM
        if form == "table":
            return True
        if form == "linear":
            return False
        return len(self.domain[item.id]) <= TABLE_MAX_DOMAIN

    def _spend_table(
        self, item: Work | Request, year_first: int, next_first: int, per_week: int
    ) -> Any:
        """The scaled spend in a year as an element of a table indexed by the start."""
        domain = self.domain[item.id]
        lo = domain[0]
        duration = item.duration
        values = [0] * (domain[-1] - lo + 1)
        for start in domain:
            inside = _clamp(next_first - start, duration) - _clamp(year_first - start, duration)
            values[start - lo] = per_week * inside
        spent = self.model.new_int_var(min(values), max(values), f"table[{item.id},{year_first}]")
        self.model.add_element(self.start[item.id] - lo, values, spent)
        item_id = item.id
        self._derived.append((spent, lambda st, pr: values[st[item_id] - lo]))
        return spent

    def _weeks_before(self, item: Work | Request, boundary: int) -> Any:
        """clamp(boundary - start, 0, duration): a constant where the domain decides it."""
        key = (item.id, boundary)
        if key in self._before:
            return self._before[key]
        domain = self.domain[item.id]
        if domain[-1] + item.duration <= boundary:
            value: Any = item.duration
        elif domain[0] >= boundary:
            value = 0
        else:
            start = self.start[item.id]
            model = self.model
            gap = model.new_int_var(0, max(0, boundary - domain[0]), f"gap[{item.id},{boundary}]")
            model.add_max_equality(gap, [0, boundary - start])
            value = model.new_int_var(0, item.duration, f"before[{item.id},{boundary}]")
            model.add_min_equality(value, [item.duration, gap])
            item_id, duration = item.id, item.duration
            self._derived.append((gap, lambda st, pr: max(0, boundary - st[item_id])))
            self._derived.append((value, lambda st, pr: _clamp(boundary - st[item_id], duration)))
        self._before[key] = value
        return value

    def _add_breekverbod(self) -> None:
        """Dig before resurfacing, or dig only when the street has rested long enough.

        start(D) + duration(D) <= start(R)  or  start(D) >= start(R) + duration(R) + 52 * years
        """
        years = self.scenario.rules.breekverbod_years
        if years is None:
            return
        groups: dict[tuple[str, str], list[Work | Request]] = defaultdict(list)
        for item in self.items:
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
                    self._add_breekverbod_pair(surface, dig, years)

    def _add_breekverbod_pair(
        self, surface: Work | Request, dig: Work | Request, years: int
    ) -> None:
        model = self.model
        lits = self.guard(
            f"breekverbod:{surface.id}:{dig.id}",
            Rule.BREEKVERBOD,
            (surface.id, dig.id),
            years=years,
        )
        enforce = lits + self._presence(surface.id, dig.id)
        dig_first = model.new_bool_var(f"dig_first[{dig.id},{surface.id}]")
        start_r, start_d = self.start[surface.id], self.start[dig.id]
        r_id, d_id, d_duration = surface.id, dig.id, dig.duration
        self._derived.append((dig_first, lambda st, pr: int(st[d_id] + d_duration <= st[r_id])))
        model.add(start_d + dig.duration <= start_r).only_enforce_if([dig_first, *enforce])
        model.add(start_d >= start_r + surface.duration + 52 * years).only_enforce_if(
            [dig_first.Not(), *enforce]
        )

    def _add_max_concurrent(self) -> None:
        """Hinder: per wijk (or buurt), at most `limit` active items of the listed kinds."""
        for index, rule in enumerate(self.scenario.rules.max_concurrent):
            groups: dict[str, list[Work | Request]] = defaultdict(list)
            for item in self.items:
                if item.kind in rule.kinds:
                    area = wijk_of(item.area) if rule.per == "wijk" else item.area
                    groups[area].append(item)
            for area in sorted(groups):
                members = groups[area]
                used = self.options.concurrent_used.get((index, area), {})
                if len(members) + max(used.values(), default=0) <= rule.limit:
                    continue
                lits = self.guard(
                    f"max_concurrent:{index}:{area}",
                    Rule.MAX_CONCURRENT,
                    (),
                    area=area,
                    limit=rule.limit,
                    kinds=[str(k) for k in rule.kinds],
                )
                presence = lits[0] if lits else None
                intervals = [self._guarded_interval(m, presence, f"mc{index}") for m in members]
                demands = [1] * len(intervals)
                for first, length, count in _runs_below(
                    {week: rule.limit - count for week, count in used.items()}, rule.limit
                ):
                    # Items outside the model (a neighbourhood) already active that week.
                    intervals.append(self.model.new_fixed_size_interval_var(first, length, "mc"))
                    demands.append(min(count, rule.limit))
                self.model.add_cumulative(intervals, demands, rule.limit)

    def _add_bundles(self) -> None:
        """Werk met werk: max(finish) - min(start) + 1 <= max_span over the scheduled items.

        Pairwise, which is exact: for every ordered pair (a, b) of the bundle's items,
        present(a) and present(b) => start(b) + duration(b) - start(a) <= max_span.
        The span is the largest of these differences (a = b holds already: the loader
        refuses a max_span shorter than an item), and an item that is not scheduled
        drops out with its presence literal. No auxiliary variables, so hints stay
        complete; n items cost n(n-1) small linear constraints.
        """
        for index, bundle in enumerate(self.scenario.rules.bundles):
            members = [i for i in dict.fromkeys(bundle.items) if i in self.start]
            if len(members) < 2:
                continue
            lits = self.guard(
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
                    duration = self.scenario.item_by_id[b].duration
                    self.model.add(
                        self.start[b] + duration - self.start[a] <= bundle.max_span
                    ).only_enforce_if(lits + self._presence(a, b))

    def domain_set(self, item_id: str) -> frozenset[int]:
        """The item's allowed starts as a set (built on first use)."""
        cached = self._domain_sets.get(item_id)
        if cached is None:
            cached = self._domain_sets[item_id] = frozenset(self.domain[item_id])
        return cached

    # -- hints ------------------------------------------------------------------------------

    def hint(self, starts: dict[str, int], present: dict[str, bool]) -> None:
        """Hand a complete assignment to CP-SAT: starts, presences and every derived variable."""
        model = self.model
        model.clear_hints()
        for item in self.items:
            model.add_hint(self.start[item.id], starts[item.id])
            if self.present[item.id] is not True:
                model.add_hint(self.present[item.id], present[item.id])
        for var, compute in self._derived:
            model.add_hint(var, compute(starts, present))

    # -- objective terms --------------------------------------------------------------------

    def displacement_expr(self) -> tuple[Any, int]:
        """sum(weight * |start - planned|) + move_penalty * moved, and its largest value."""
        model = self.model
        penalty = self.scenario.policy.move_penalty
        total: list[Any] = []
        largest = 0
        for item in self.items:
            if not isinstance(item, Work) or item.id in self.options.costless:
                continue
            planned = self.scenario.planned(item)
            if planned is None:
                continue
            start = self.start[item.id]
            lo, hi = self.domain[item.id][0], self.domain[item.id][-1]
            if lo == hi == planned:
                continue
            span = max(abs(lo - planned), abs(hi - planned))
            distance = model.new_int_var(0, span, f"distance[{item.id}]")
            # Only ever minimised, so two inequalities do what an abs equality would.
            model.add(distance >= start - planned)
            model.add(distance >= planned - start)
            moved = model.new_bool_var(f"moved[{item.id}]")
            self._derived.append((distance, _shift_of(item.id, planned, absolute=True)))
            self._derived.append((moved, _shift_of(item.id, planned, absolute=False)))
            model.add(start == planned).only_enforce_if(moved.Not())
            model.add(distance >= 1).only_enforce_if(moved)
            if item.weight:
                total.append(item.weight * distance)
            if penalty:
                total.append(penalty * moved)
            largest += item.weight * span + (penalty if span else 0)
        return sum(total), largest

    def value_expr(self) -> Any:
        """Summed value of accepted optional requests."""
        terms = [
            item.value * self.present[item.id]
            for item in self.items
            if isinstance(item, Request) and not item.mandatory and item.value
        ]
        return sum(terms)

    def makespan_var(self) -> cp_model.IntVar:
        """The last occupied week of any scheduled item (an ordinal)."""
        first, last = self.scenario.horizon.first, self.scenario.horizon.last
        end = self.model.new_int_var(first - 1, last, "last_week")
        durations = {item.id: item.duration for item in self.items}
        self._derived.append(
            (
                end,
                lambda st, pr: max(
                    [st[i] + d - 1 for i, d in durations.items() if pr.get(i, True)],
                    default=first - 1,
                ),
            )
        )
        if all(self.present[item.id] is True for item in self.items) and self.items:
            # One max equality gives CP-SAT's linear relaxation the makespan directly.
            self.model.add_max_equality(
                end, [self.start[item.id] + item.duration - 1 for item in self.items]
            )
        else:
            for item in self.items:
                self.model.add(end >= self.start[item.id] + item.duration - 1).only_enforce_if(
                    self._presence(item.id)
                )
        return end

    def uses_makespan(self) -> bool:
        return self.scenario.policy.objective == Objective.MAKESPAN


def _shift_of(
    work_id: str, planned: int, *, absolute: bool
) -> Callable[[dict[str, int], dict[str, bool]], int]:
    """|start - planned| (absolute) or whether the work moved, for hints."""

    def compute(starts: dict[str, int], present: dict[str, bool]) -> int:
        shift = starts[work_id] - planned
        return abs(shift) if absolute else int(shift != 0)

    return compute


def _per_week(scale: int, item: Work | Request) -> int:
    """Scaled spend per week: exact when scale is a multiple of the duration, else rounded up."""
    return -(-scale * item.cost // item.duration)


def _clamp(value: int, upper: int) -> int:
    return max(0, min(upper, value))


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
