"""Numbers, shares, dates, counts and lists as a Dutch or an English reader writes them.

The text layer's only formatters of these (money is :mod:`scheduler.text.money`):
every report and message uses them, so the same figure reads the same in HTML,
PDF, Markdown, JSON and the terminal (and tests can look for one string).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from typing import TypeVar

from scheduler import weeks
from scheduler.text.money import money as money

Key = TypeVar("Key")

MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
             "september", "oktober", "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def number(value: int | float | Fraction, lang: str = "nl", decimals: int = 0) -> str:
    """``1234567`` -> ``1.234.567`` (nl) or ``1,234,567`` (en); rounded half away from zero."""
    text = f"{_round(value, decimals):,.{decimals}f}"
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def _round(value: int | float | Fraction, decimals: int) -> float:
    exact = Fraction(value) * 10**decimals
    whole = int(abs(exact) + Fraction(1, 2))
    return float(Fraction(whole if exact >= 0 else -whole, 10**decimals))


def percent(share: float | None, lang: str = "nl", decimals: int = 0) -> str:
    """A share (0.945) as ``94,5%`` / ``94.5%``; ``—`` when there is none."""
    if share is None:
        return "—"
    return number(share * 100, lang, decimals) + "%"


def seconds(value: float, lang: str = "nl") -> str:
    return number(value, lang, 1) + " s"


def signed(value: int) -> str:
    return f"{value:+d}"


def day(value: date, lang: str = "nl") -> str:
    if lang == "nl":
        return f"{value.day} {MONTHS_NL[value.month - 1]} {value.year}"
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"


def count(value: int, one: str, many: str) -> str:
    """``1 werk``, ``3 werken``."""
    return f"{value} {one if value == 1 else many}"


def weeks_count(value: int, lang: str = "nl") -> str:
    """``1 week``, ``3 weken`` / ``3 weeks``: every count of weeks in a sentence."""
    return count(value, "week", "weken" if lang == "nl" else "weeks")


def signed_weeks(value: int, lang: str = "nl") -> str:
    """A shift: ``+1 week``, ``+21 weken``, ``-3 weeks``."""
    unit = "week" if abs(value) == 1 else ("weken" if lang == "nl" else "weeks")
    return f"{value:+d} {unit}"


def lag_tail(lag: int, lang: str = "nl") -> str:
    """What follows a predecessor's finish week: `` + 2 weken``, nothing without a lag."""
    return f" + {weeks_count(lag, lang)}" if lag else ""


def week_runs(rows: Iterable[tuple[int, Key]]) -> list[tuple[int, int, Key]]:
    """(week, key) rows -> (first, last, key) for each run of consecutive weeks with one key."""
    runs: list[tuple[int, int, Key]] = []
    for week, key in sorted(rows, key=lambda row: row[0]):
        if runs and runs[-1][1] == week - 1 and runs[-1][2] == key:
            runs[-1] = (runs[-1][0], week, key)
        else:
            runs.append((week, week, key))
    return runs


def weeks_text(ordinals: Iterable[int]) -> str:
    """Weeks as runs: ``2027-W11..W28, 2028-W11..W12``."""
    runs = week_runs((week, None) for week in ordinals)
    return ", ".join(weeks.format_range(first, last) for first, last, _ in runs)


def listing(items: list[str], lang: str = "nl", limit: int | None = 5) -> str:
    """``A, B en C``; more than ``limit`` as ``A, B, C, D, E en 3 andere`` (None: all)."""
    if not items:
        return "—"
    joiner = " en " if lang == "nl" else " and "
    shown = items if limit is None else items[:limit]
    rest = len(items) - len(shown)
    if rest:
        more = f"{rest} andere" if lang == "nl" else f"{rest} more"
        return ", ".join(shown) + joiner + more
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + joiner + shown[-1]
