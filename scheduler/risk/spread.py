"""How long a work may take and how often a crew is off: the documented defaults.

A work's duration is drawn from a triangular spread over whole weeks
``[low, likely, high]``: the work's own ``duration_range`` where given, else the
default of its kind (factors of the planned duration, below). A continuous
``X ~ Triangular(low - 0.5, likely, high + 0.5)`` is rounded to the nearest
week and kept in ``[low, high]``, so ``P(D <= k) = F(k + 0.5)`` for
``low <= k < high``, with ``F`` the triangular distribution function; a range
``[d, d, d]`` is a sure duration. Crew absence: in every week each unit of a
resource's capacity is off independently with the resource's ``absence``
probability for that week.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from scheduler import weeks
from scheduler.scenario import Kind, Request, Resource, Work

# (shortest, longest) as factors of the planned duration; the likely duration is the plan's.
# Buried works (sewer, heat) run over most often; planting is bound to its season.
DEFAULT_SPREAD: dict[Kind, tuple[float, float]] = {
    Kind.ROAD: (0.9, 1.4),
    Kind.SEWER: (0.9, 1.5),
    Kind.GREEN: (0.9, 1.25),
    Kind.TREE: (1.0, 1.5),
    Kind.PLAY: (0.9, 1.3),
    Kind.LIGHTING: (0.9, 1.3),
    Kind.HEAT: (0.9, 1.5),
    Kind.OTHER: (0.9, 1.4),
}


def _round(value: float) -> int:
    return math.floor(value + 0.5)


def duration_range(item: Work | Request) -> tuple[int, int, int]:
    """[low, likely, high] in whole weeks: the item's own range or its kind's default."""
    if item.duration_range is not None:
        low, likely, high = item.duration_range
        return low, likely, high
    shortest, longest = DEFAULT_SPREAD[item.kind]
    d = item.duration
    return max(1, min(d, _round(d * shortest))), d, max(d, _round(d * longest))


def sample_durations(
    rng: np.random.Generator, ranges: NDArray[np.int64], samples: int
) -> NDArray[np.int32]:
    """Durations [samples, items] from the triangular spreads (one draw per item and sample)."""
    low = ranges[:, 0].astype(float) - 0.5
    likely = ranges[:, 1].astype(float)
    high = ranges[:, 2].astype(float) + 0.5
    drawn = rng.triangular(low, likely, high, size=(samples, len(ranges)))
    rounded = np.floor(drawn + 0.5)
    return np.clip(rounded, ranges[:, 0], ranges[:, 2]).astype(np.int32)


def triangular_cdf(x: float, low: float, likely: float, high: float) -> float:
    """F(x) of Triangular(low, likely, high): the closed form the tests hold the sampler to."""
    if x <= low:
        return 0.0
    if x >= high:
        return 1.0
    if x <= likely:
        return (x - low) ** 2 / ((high - low) * (likely - low))
    return 1.0 - (high - x) ** 2 / ((high - low) * (high - likely))


def absence_per_week(resource: Resource, first: int, length: int) -> NDArray[np.float64]:
    """The absence probability of each week of the grid (first listed period wins)."""
    if isinstance(resource.absence, float | int):
        return np.full(length, float(resource.absence))
    chance = np.zeros(length)
    taken = np.zeros(length, dtype=bool)
    for period in resource.absence:
        begin = weeks.parse_week(period.from_) - first if period.from_ else 0
        end = weeks.parse_week(period.to) - first + 1 if period.to else length
        span = np.zeros(length, dtype=bool)
        span[max(begin, 0) : max(min(end, length), 0)] = True
        chance[span & ~taken] = period.probability
        taken |= span
    return chance
