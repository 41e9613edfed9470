"""The budget rule in the CP-SAT model: spend per budget line and ISO year.

An item's cost is spread evenly over its weeks, so its spend in a year is its
cost times the share of its weeks that fall in that year. That share is a
piecewise-linear function of the start, which makes this the one rule family
with its own arithmetic (exact scaling, clamps or start-indexed tables); it
lives here rather than beside the other rules in :mod:`scheduler.solver.constraints`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from scheduler import weeks
from scheduler.rules import Rule
from scheduler.scenario import Request, Work

if TYPE_CHECKING:
    from scheduler.solver.model import ScheduleModel

# A scaled budget term stays below this, so sums over thousands of works fit in int64.
_SCALED_LIMIT = 2**60
# Spend per budget year: "linear" (two clamps per year boundary), "table" (an element
# of a start-indexed table) or "auto" (a table for items with at most TABLE_MAX_DOMAIN
# starts); see docs/benchmarks.md for the measurements behind the choice.
BUDGET_FORM = "linear"
TABLE_MAX_DOMAIN = 60


def add_budgets(built: ScheduleModel) -> None:
    """Per line and ISO year: sum of cost * (weeks in that year) / duration <= amount.

    Terms are scaled by the least common multiple of the line's durations so the
    sum is exact; where that would overflow, each work's weekly share is rounded up
    to 1/scale euro, never hiding an overrun. A (line, year) that cannot overrun
    whatever the starts is left out of the model.
    """
    by_line: dict[str, list[Work | Request]] = defaultdict(list)
    for item in built.items:
        if item.cost > 0 and item.budget is not None:
            by_line[item.budget].append(item)
    terms = _SpendTerms(built)
    used = built.options.budget_used
    for line_id in sorted(by_line):
        budget = built.scenario.budget_by_id[line_id]
        members = by_line[line_id]
        total_cost = sum(item.cost for item in members)
        scale = math.lcm(*(item.duration for item in members))
        scale = max(1, min(scale, _SCALED_LIMIT // max(1, total_cost)))
        shares = {item.id: _year_shares(built, item) for item in members}
        years = sorted({year for share in shares.values() for year in share})
        for year in years:
            if used is not None and (line_id, year) not in used:
                continue  # a neighbourhood: no free item of the line can touch the year
            limit = budget.per_year.get(year, 0) + built.options.extra_budget.get(
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
            lits = built.guard(
                f"budget:{line_id}:{year}",
                Rule.BUDGET,
                (),
                line=line_id,
                year=year,
                limit=limit,
            )
            expr = sum(
                terms.spend(item, year, scale, *shares[item.id][year])
                for item in members
                if year in shares[item.id]
            )
            built.model.add(expr <= scaled_limit).only_enforce_if(lits)


def _year_shares(built: ScheduleModel, item: Work | Request) -> dict[int, tuple[bool, int]]:
    """Per ISO year the item may touch: (weeks there are fixed, most weeks there)."""
    domain = built.domain[item.id]
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


class _SpendTerms:
    """An item's scaled spend per year as model terms; year boundaries shared between
    consecutive years are modelled once."""

    def __init__(self, built: ScheduleModel) -> None:
        self.built = built
        self._before: dict[tuple[str, int], Any] = {}

    def spend(self, item: Work | Request, year: int, scale: int, fixed: bool, most: int) -> Any:
        """The item's scaled spend in ``year``: a linear expression in its start.

        weeks in year y = before(first week of y+1) - before(first week of y), where
        before(B) = clamp(B - start, 0, duration) counts the item's weeks before week B.
        Each term costs two small max/min constraints instead of a start-indexed table,
        which keeps presolve fast on thousands of works.
        """
        built = self.built
        present = built.present[item.id]
        per_week = _per_week(scale, item)
        if fixed:
            return per_week * most if present is True else per_week * most * present
        year_first = weeks.from_year_week(year, 1)
        next_first = year_first + weeks.weeks_in_year(year)
        if self._table(item):
            expr = self._spend_table(item, year_first, next_first, per_week)
        else:
            count = self._weeks_before(item, next_first) - self._weeks_before(item, year_first)
            expr = per_week * count
        if present is True:
            return expr
        gated = built.model.new_int_var(0, per_week * most, f"spent[{item.id},{year}]")
        built.model.add(gated == expr).only_enforce_if(present)
        built.model.add(gated == 0).only_enforce_if(present.Not())
        item_id, first, nxt, duration = item.id, year_first, next_first, item.duration
        built.derive(
            gated,
            lambda st, pr: (
                per_week
                * (_clamp(nxt - st[item_id], duration) - _clamp(first - st[item_id], duration))
                if pr[item_id]
                else 0
            ),
        )
        return gated

    def _table(self, item: Work | Request) -> bool:
        """Whether this item's spend per year is a start-indexed table (see BUDGET_FORM)."""
        form = self.built.options.budget_form or BUDGET_FORM
        if form == "table":
            return True
        if form == "linear":
            return False
        return len(self.built.domain[item.id]) <= TABLE_MAX_DOMAIN

    def _spend_table(
        self, item: Work | Request, year_first: int, next_first: int, per_week: int
    ) -> Any:
        """The scaled spend in a year as an element of a table indexed by the start."""
        built = self.built
        domain = built.domain[item.id]
        lo = domain[0]
        duration = item.duration
        values = [0] * (domain[-1] - lo + 1)
        for start in domain:
            inside = _clamp(next_first - start, duration) - _clamp(year_first - start, duration)
            values[start - lo] = per_week * inside
        spent = built.model.new_int_var(min(values), max(values), f"table[{item.id},{year_first}]")
        built.model.add_element(built.start[item.id] - lo, values, spent)
        item_id = item.id
        built.derive(spent, lambda st, pr: values[st[item_id] - lo])
        return spent

    def _weeks_before(self, item: Work | Request, boundary: int) -> Any:
        """clamp(boundary - start, 0, duration): a constant where the domain decides it."""
        key = (item.id, boundary)
        if key in self._before:
            return self._before[key]
        built = self.built
        domain = built.domain[item.id]
        if domain[-1] + item.duration <= boundary:
            value: Any = item.duration
        elif domain[0] >= boundary:
            value = 0
        else:
            start = built.start[item.id]
            model = built.model
            gap = model.new_int_var(0, max(0, boundary - domain[0]), f"gap[{item.id},{boundary}]")
            model.add_max_equality(gap, [0, boundary - start])
            value = model.new_int_var(0, item.duration, f"before[{item.id},{boundary}]")
            model.add_min_equality(value, [item.duration, gap])
            item_id, duration = item.id, item.duration
            built.derive(gap, lambda st, pr: max(0, boundary - st[item_id]))
            built.derive(value, lambda st, pr: _clamp(boundary - st[item_id], duration))
        self._before[key] = value
        return value


def _per_week(scale: int, item: Work | Request) -> int:
    """Scaled spend per week: exact when scale is a multiple of the duration, else rounded up."""
    return -(-scale * item.cost // item.duration)


def _clamp(value: int, upper: int) -> int:
    return max(0, min(upper, value))
