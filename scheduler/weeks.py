"""ISO weeks as plain integers.

Every week in plooi is an *ordinal*: the number of whole weeks between the
Monday of ISO week 0001-W01 and the Monday of that week. Ordinals make week
arithmetic (durations, lags, shifts) exact across 52- and 53-week years, and
the text form ``YYYY-Www`` is only used at the edges (files, reports).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

WEEK_PATTERN = re.compile(r"^(\d{4})-W(\d{2})$")
DAY_PATTERN = re.compile(r"^(\d{2})-(\d{2})$")

# Monday 0001-01-01 has date ordinal 1 and is the Monday of ISO week 0001-W01.
_EPOCH_ORDINAL = 1


class WeekError(ValueError):
    """A week or day text that is not well formed or does not exist."""


def weeks_in_year(year: int) -> int:
    """52 or 53: the ISO week number of 28 December always is the last week."""
    return date(year, 12, 28).isocalendar().week


def parse_week(text: str) -> int:
    """``2027-W09`` -> week ordinal; raises WeekError for a malformed or absent week."""
    match = WEEK_PATTERN.match(text)
    if match is None:
        raise WeekError(f"'{text}' is not an ISO week of the form YYYY-Www")
    year, week = int(match.group(1)), int(match.group(2))
    if year < 1 or year > 9998:
        raise WeekError(f"'{text}': year {year} is out of range")
    last = weeks_in_year(year)
    if week < 1 or week > last:
        raise WeekError(f"'{text}': ISO year {year} has weeks W01..W{last:02d}")
    return from_year_week(year, week)


@lru_cache(maxsize=65536)
def from_year_week(year: int, week: int) -> int:
    """Ordinal of ISO week ``week`` of ISO year ``year`` (both assumed valid)."""
    monday = date.fromisocalendar(year, week, 1)
    return (monday.toordinal() - _EPOCH_ORDINAL) // 7


def monday(ordinal: int) -> date:
    """The Monday that starts the week."""
    return date.fromordinal(ordinal * 7 + _EPOCH_ORDINAL)


@lru_cache(maxsize=65536)
def year_week(ordinal: int) -> tuple[int, int]:
    """(ISO year, ISO week number) of a week ordinal."""
    iso = monday(ordinal).isocalendar()
    return iso.year, iso.week


def format_week(ordinal: int) -> str:
    """Week ordinal -> ``YYYY-Www``."""
    year, week = year_week(ordinal)
    return f"{year:04d}-W{week:02d}"


def iso_year(ordinal: int) -> int:
    """The ISO year a week belongs to (budget years follow it)."""
    return year_week(ordinal)[0]


def week_of_date(day: date) -> int:
    """The week ordinal that contains a calendar day."""
    return (day.toordinal() - _EPOCH_ORDINAL) // 7


def format_range(first: int, last: int) -> str:
    """``2027-W10..W11`` (same year) or ``2027-W52..2028-W01``; one week alone as itself."""
    if first == last:
        return format_week(first)
    y1, _ = year_week(first)
    y2, w2 = year_week(last)
    if y1 == y2:
        return f"{format_week(first)}..W{w2:02d}"
    return f"{format_week(first)}..{format_week(last)}"


def parse_day(text: str) -> tuple[int, int]:
    """``03-15`` -> (3, 15); the day must exist in a leap year."""
    match = DAY_PATTERN.match(text)
    if match is None:
        raise WeekError(f"'{text}' is not a day of the form MM-DD")
    month, day = int(match.group(1)), int(match.group(2))
    try:
        date(2024, month, day)
    except ValueError:
        raise WeekError(f"'{text}' is not a day of the year") from None
    return month, day


def day_in_period(day: date, start: tuple[int, int], end: tuple[int, int]) -> bool:
    """Whether a day falls in a yearly period, ends included; a period may wrap the new year."""
    key = (day.month, day.day)
    if start <= end:
        return start <= key <= end
    return key >= start or key <= end


def week_touches_period(ordinal: int, start: tuple[int, int], end: tuple[int, int]) -> bool:
    """A week is blocked when any of its days Monday..Sunday falls inside the period."""
    first = monday(ordinal)
    return any(day_in_period(first + timedelta(days=i), start, end) for i in range(7))
