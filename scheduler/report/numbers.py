"""Numbers, amounts and dates as a Dutch or an English reader writes them.

Every format of the briefing uses these, so the same figure reads the same in
HTML, PDF, Markdown and the terminal (and tests can look for one string).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

# Amounts are formatted in one place, scheduler.text.money; the name stays here for
# the modules that import it from the report's numbers.
from scheduler.text.money import money as money

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


def listing(items: list[str], lang: str = "nl", limit: int = 5) -> str:
    """``A, B en C``; more than ``limit`` as ``A, B, C, D, E en 3 andere``."""
    if not items:
        return "—"
    joiner = " en " if lang == "nl" else " and "
    shown = items[:limit]
    rest = len(items) - len(shown)
    if rest:
        more = f"{rest} andere" if lang == "nl" else f"{rest} more"
        return ", ".join(shown) + joiner + more
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + joiner + shown[-1]
