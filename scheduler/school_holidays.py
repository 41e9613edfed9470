"""Dutch school holidays per region, as the weeks a work at a school may take.

The optional rule ``rules.school_holidays: {region, kinds, items}`` says that
the works of those kinds, and the items named, must lie wholly inside school
holidays (works at schools: a schoolplein, a crossing at the gate). A week
counts as a holiday week when every day Monday to Friday is a school holiday
of the region, as the ``holidays`` package publishes them (category
``school``; the Dutch government sets them per region: noord, midden, zuid).
The package knows the years it was released with; a horizon that runs past
them is refused at load time rather than planned against missing holidays.

The solver turns the rule into start domains (scheduler/solver/domains.py);
the checker tests it on its own, day by day (scheduler/check.py).
"""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from typing import Any

from scheduler import weeks
from scheduler.scenario import Request, SchoolHolidays, Work

REGIONS = {"noord": "Noord", "midden": "Midden", "zuid": "Zuid"}


def applies(rule: SchoolHolidays | None, item: Work | Request) -> bool:
    """True when the rule binds the item (its kind is listed, or its id)."""
    if rule is None:
        return False
    if isinstance(item, Request) and item.emergency:
        return False
    return item.kind in rule.kinds or item.id in rule.items


@lru_cache(maxsize=64)
def _days(region: str, year: int) -> frozenset[Any]:
    import holidays

    calendar = holidays.country_holidays("NL", subdiv=REGIONS[region], years=year,
                                         categories=("school",))
    return frozenset(calendar)


def known_years(region: str, first_year: int, last_year: int) -> list[int]:
    """The years in the range for which the package lists school holidays."""
    return [year for year in range(first_year, last_year + 1) if _days(region, year)]


def is_holiday(region: str, day: Any) -> bool:
    return day in _days(region, day.year)


@lru_cache(maxsize=256)
def holiday_weeks(region: str, first: int, last: int) -> frozenset[int]:
    """Week ordinals in first..last whose Monday to Friday are all school holidays."""
    found = set()
    for week in range(first, last + 1):
        monday = weeks.monday(week)
        if all(is_holiday(region, monday + timedelta(days=d)) for d in range(5)):
            found.add(week)
    return frozenset(found)
