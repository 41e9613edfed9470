"""Plain language checks: words residents do not know, and sentence length.

The letter is written at B1 level. Tests (and ``plooi bewoners``' own check of
the texts it adds) use the same list and the same measure, so a new phrase in
the letter that slips into jargon fails a test.
"""

from __future__ import annotations

import re

# Planning words that mean nothing to a resident (lowercase; matched as whole words).
JARGON = (
    "breekverbod",
    "capaciteit",
    "capacity",
    "verschuivingskosten",
    "displacement",
    "bound",
    "iso-week",
    "iso week",
    "isoweek",
    "solver",
    "optimaal",
    "optimal",
    "infeasible",
    "scenario",
    "max_shift",
    "horizon",
    "resource",
    "demand",
    "budgetpost",
    "begrotingspost",
    "hinderregel",
)
# A week written as a code (2027-W10) or a CBS code is jargon too.
CODES = re.compile(r"\b\d{4}-W\d{2}\b|\b(?:WK|BU)\d{6,8}\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[\w'’-]+")


def jargon_in(text: str) -> list[str]:
    """The jargon words and codes that occur in ``text``."""
    lowered = text.lower()
    found = [word for word in JARGON if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])",
                                                   lowered)]
    return found + CODES.findall(text)


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if _WORD.search(part)]


def words(sentence: str) -> int:
    return len(_WORD.findall(sentence))


def mean_sentence_length(text: str) -> float:
    """Average words per sentence (a simple readability measure; B1 asks <= 15)."""
    found = sentences(text)
    if not found:
        return 0.0
    return sum(words(s) for s in found) / len(found)
