"""Which start weeks each item may take, before any search.

Windows, the horizon, `pinned`, `max_shift`, the breeding season and events
only ever forbid start weeks of one item at a time, so we turn them into the
item's start domain instead of constraints: CP-SAT then never branches on a
start that cannot be valid. :func:`allowed_starts` also tells, for an item with
no valid start at all, which of these rules emptied its domain.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from scheduler import school_holidays, weeks
from scheduler.rules import Rule
from scheduler.scenario import Request, Scenario, Work, area_covers


@dataclass
class StartDomain:
    """The start weeks an item may take and the single-item rules that shaped them."""

    starts: list[int]
    # rule -> the starts that rule alone removes from the horizon-and-window range
    removed_by: dict[str, int] = field(default_factory=dict)


def blocking_rule(
    key: str,
) -> Literal[Rule.BREEDING_SEASON, Rule.EVENT, Rule.SCHOOL_HOLIDAYS]:
    """The rule of a :func:`blocked_weeks` key ("breeding_season", "event:<name>",
    "school_holidays")."""
    if key.startswith(f"{Rule.EVENT}:"):
        return Rule.EVENT
    if key == Rule.SCHOOL_HOLIDAYS:
        return Rule.SCHOOL_HOLIDAYS
    return Rule.BREEDING_SEASON


def blocked_weeks(scenario: Scenario, item: Work | Request) -> dict[str, set[int]]:
    """Weeks the item may not occupy, per rule ("breeding_season", "event:<name>")."""
    if isinstance(item, Request) and item.emergency:
        return {}
    first, last = scenario.horizon.first, scenario.horizon.last
    blocked: dict[str, set[int]] = {}
    season = scenario.rules.breeding_season
    if season is not None and item.kind in season.kinds:
        start, end = weeks.parse_day(season.from_), weeks.parse_day(season.to)
        blocked[Rule.BREEDING_SEASON] = set(_season_weeks(first, last, start, end))
    for event in scenario.rules.events:
        if item.kind not in event.kinds:
            continue
        if not any(area_covers(area, item.area) for area in event.areas):
            continue
        event_first = max(weeks.parse_week(event.from_), first)
        event_last = min(weeks.parse_week(event.to), last)
        if event_first <= event_last:
            blocked.setdefault(f"{Rule.EVENT}:{event.name}", set()).update(
                range(event_first, event_last + 1)
            )
    holidays = scenario.rules.school_holidays
    if holidays is not None and school_holidays.applies(holidays, item):
        free = school_holidays.holiday_weeks(holidays.region, first, last)
        blocked[Rule.SCHOOL_HOLIDAYS] = set(range(first, last + 1)) - free
    return blocked


@lru_cache(maxsize=64)
def _season_weeks(
    first: int, last: int, start: tuple[int, int], end: tuple[int, int]
) -> frozenset[int]:
    """Weeks of the horizon that touch a yearly period (computed once per period)."""
    return frozenset(
        week for week in range(first, last + 1) if weeks.week_touches_period(week, start, end)
    )


def free_starts(candidates: range, duration: int, blocked: set[int]) -> set[int]:
    """Starts in ``candidates`` whose whole run avoids ``blocked`` (prefix sums, linear time)."""
    if not blocked or not candidates:
        return set(candidates)
    origin = candidates.start
    span = len(candidates) + duration
    prefix = [0] * (span + 1)
    for offset in range(span):
        prefix[offset + 1] = prefix[offset] + (origin + offset in blocked)
    return {
        start for start in candidates if prefix[start - origin + duration] == prefix[start - origin]
    }


def allowed_starts(
    scenario: Scenario,
    item: Work | Request,
    *,
    keep_window: bool = True,
    keep_blocked: bool = True,
    keep_shift: bool = True,
) -> StartDomain:
    """The sorted start weeks of an item; the keep_* switches serve the conflict explainer."""
    first, last = scenario.horizon.first, scenario.horizon.last
    lo, hi = first, last - item.duration + 1
    if keep_window:
        earliest, latest_finish = scenario.window(item)
        lo, hi = max(lo, earliest), min(hi, latest_finish - item.duration + 1)
    removed: dict[str, int] = {}
    candidates = range(lo, hi + 1) if lo <= hi else range(0)
    starts = set(candidates)
    if isinstance(item, Work) and keep_shift:
        planned = scenario.planned(item)
        if planned is not None and item.pinned:
            kept = starts & {planned}
            removed[Rule.PINNED] = len(starts - kept)
            starts = kept
        elif planned is not None and item.max_shift is not None:
            kept = {s for s in starts if abs(s - planned) <= item.max_shift}
            removed[Rule.MAX_SHIFT] = len(starts - kept)
            starts = kept
    if keep_blocked:
        for rule, blocked in blocked_weeks(scenario, item).items():
            free = free_starts(candidates, item.duration, blocked)
            removed[rule] = len(starts - free)
            starts &= free
    return StartDomain(sorted(starts), removed)
