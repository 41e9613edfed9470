"""Euro amounts as a Dutch or an English reader writes them; the only money formatter.

Dutch: ``€ 1.000.000`` (a space after the sign, ``.`` between thousands, ``,``
before cents). English: ``€1,000,000`` (the sign against the digits, ``,``
between thousands, ``.`` before cents), the convention of English-language
euro-area publications (e.g. the European Commission's English style guide).
A negative amount puts its minus before the sign: ``-€ 5.000`` / ``-€5,000``.

Two precisions, each for a reason:
- :func:`money` gives whole euros, rounded half away from zero: figures in
  briefings, causes, conflicts and levers.
- :func:`money_to_cent` keeps cents and rounds *up* to the cent: the checker's
  budget messages, where an exact spend a fraction above the limit must never
  read as equal to it.
"""

from __future__ import annotations

import math
from fractions import Fraction


def money(value: int | float | Fraction, lang: str = "nl") -> str:
    """Whole euros: ``€ 94.500`` (nl), ``€94,500`` (en)."""
    exact = Fraction(value)
    whole = int(abs(exact) + Fraction(1, 2))
    return _signed(exact < 0 and whole > 0, f"{whole:,}", lang)


def money_to_cent(value: int | float | Fraction, lang: str = "nl") -> str:
    """``€ 4.200.003,50`` (nl) / ``€4,200,003.50`` (en); whole amounts without cents.

    A fraction of a cent is rounded up (towards the larger amount).
    """
    exact = Fraction(value)
    if exact.denominator == 1:
        return _signed(exact < 0, f"{abs(exact.numerator):,}", lang)
    cents = math.ceil(exact * 100)
    digits = f"{abs(cents) // 100:,}.{abs(cents) % 100:02d}"
    return _signed(cents < 0, digits, lang)


def _signed(negative: bool, digits: str, lang: str) -> str:
    """``digits`` in English form (``1,234.50``) as ``lang`` writes it, with the sign."""
    sign = "-" if negative else ""
    if lang == "nl":
        dutch = digits.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
        return f"{sign}€ {dutch}"
    return f"{sign}€{digits}"
