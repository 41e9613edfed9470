"""The text layer's number formatters, under the name the reports import them by.

They live in :mod:`scheduler.text.numbers`; this module only re-exports them.
"""

from scheduler.text.numbers import (
    MONTHS_EN,
    MONTHS_NL,
    count,
    day,
    listing,
    money,
    number,
    percent,
    seconds,
    signed,
    signed_weeks,
    weeks_count,
)

__all__ = [
    "MONTHS_EN",
    "MONTHS_NL",
    "count",
    "day",
    "listing",
    "money",
    "number",
    "percent",
    "seconds",
    "signed",
    "signed_weeks",
    "weeks_count",
]
