"""Carry out a compiled plan for a block of samples at once (numpy over the samples).

Items are placed one by one in carrying-out order; for each, all samples are
handled together: its earliest start is the plan's start or later where a
predecessor finishes late, and it goes to the first week from there where, for
its whole sampled duration, no week is blocked, every pool it uses has room
and no breekverbod pair is broken. That is a serial schedule in the plan's
order: nothing moves earlier than planned and nothing moves later than a rule
forces, given the items placed before it. With the planned durations and no
absence it gives back the plan exactly (every subset of a feasible plan is
feasible at the same starts).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from scheduler.risk.model import Compiled

# Rounds of raising a bundle's earliest starts before a sample is left as it is.
BUNDLE_ROUNDS = 20

# How far past the latest earliest start (plus the longest duration) the first, cheap
# search looks; samples not placed there are searched to the end of the grid.
FIRST_WINDOW = 26

IntArray = NDArray[np.int64]


def simulate(
    model: Compiled, durations: NDArray[np.int32], free: list[NDArray[np.int32]]
) -> IntArray:
    """Start (grid index) of every item in every sample; ``model.length`` where none fits.

    ``free`` holds each pool's free units [samples, weeks]; it is used up in place.
    A bundle (werk met werk) whose items came to span more than ``max_span`` weeks
    gets its items' earliest starts raised to ``last finish - max_span + 1`` in that
    sample, and the sample is carried out again, while that brings the span down (at
    most BUNDLE_ROUNDS times). A sample whose bundle cannot be kept that way (its
    sampled durations along an `after` chain already pass max_span, say) is carried
    out without the bundle pushing anything: its span stays broken.
    """
    if not model.bundles:
        return _serial(model, durations, free, None)
    dur = durations.astype(np.int64)
    initial = [pool.copy() for pool in free]
    used = [pool.copy() for pool in initial]
    current = _serial(model, durations, used, None)
    result, kept_free = current.copy(), used
    excess = _excess(model, current, dur)
    active = excess > 0
    floor = np.zeros_like(current)
    for _ in range(BUNDLE_ROUNDS):
        if not active.any():
            break
        np.maximum(floor, _bundle_floor(model, current, dur), out=floor)
        used = [pool.copy() for pool in initial]
        current = _serial(model, durations, used, floor)
        now = _excess(model, current, dur)
        kept = active & (now == 0)
        result[kept] = current[kept]
        for pool, taken in zip(kept_free, used, strict=True):
            pool[kept] = taken[kept]
        active &= ~kept & (now < excess)
        excess = np.where(active, now, excess)
    for pool, final in zip(free, kept_free, strict=True):
        pool[...] = final
    return result


def _excess(model: Compiled, starts: IntArray, dur: IntArray) -> IntArray:
    """Per sample, the most weeks by which a bundle's span passes its max_span (0: kept)."""
    worst = np.zeros(starts.shape[0], dtype=np.int64)
    for members, span in model.bundles:
        last = (starts[:, members] + dur[:, members] - 1).max(axis=1)
        np.maximum(worst, last - starts[:, members].min(axis=1) + 1 - span, out=worst)
    return worst


def _bundle_floor(model: Compiled, starts: IntArray, dur: IntArray) -> IntArray:
    """Earliest starts that would close every broken bundle's span (0 where nothing to raise)."""
    floor = np.zeros_like(starts)
    for members, span in model.bundles:
        last = (starts[:, members] + dur[:, members] - 1).max(axis=1)
        need = last - span + 1
        late = starts[:, members].min(axis=1) < need
        if late.any():
            floor[np.ix_(late, members)] = need[late, None]
    return floor


def _serial(
    model: Compiled,
    durations: NDArray[np.int32],
    free: list[NDArray[np.int32]],
    floor: IntArray | None,
) -> IntArray:
    """One pass of the serial schedule in carrying-out order (see the module doc)."""
    samples, count = durations.shape
    starts = np.full((samples, count), model.length, dtype=np.int64)
    dur = durations.astype(np.int64)
    for index in range(count):
        est = np.full(samples, model.start[index], dtype=np.int64)
        if floor is not None:
            np.maximum(est, floor[:, index], out=est)
        for before, lag in model.after[index]:
            np.maximum(est, starts[:, before] + dur[:, before] + lag, out=est)
        hi = min(model.length, int(est.max()) + int(dur[:, index].max()) + FIRST_WINDOW)
        rows = np.arange(samples)
        for limit in (hi, model.length):
            if rows.size == 0:
                break
            placed = _place(model, index, rows, est, dur, starts, free, limit)
            rows = rows[~placed]
    return starts


def _place(
    model: Compiled,
    index: int,
    rows: IntArray,
    est: IntArray,
    dur: IntArray,
    starts: IntArray,
    free: list[NDArray[np.int32]],
    hi: int,
) -> NDArray[np.bool_]:
    """Place item ``index`` for ``rows`` at its first feasible start below ``hi``; which fit."""
    lo = int(est[rows].min())
    if lo >= hi:
        return np.zeros(rows.size, dtype=bool)
    width = hi - lo
    span = np.arange(lo, hi)
    need = dur[rows, index]
    ok = np.ones((rows.size, width), dtype=bool)
    blocked = model.blocked[index]
    if blocked is not None:
        ok &= ~blocked[lo:hi]
    for pool, units in model.uses[index]:
        ok &= free[pool][rows, lo:hi] >= units
    # The first bad week at or after each week (width where none): the run that fits there.
    bad_at = np.where(ok, width, np.arange(width))
    next_bad = np.minimum.accumulate(bad_at[:, ::-1], axis=1)[:, ::-1]
    fits = next_bad - np.arange(width) >= need[:, None]
    fits &= span >= est[rows, None]
    for other, years, role in model.breek[index]:
        other_start, other_dur = starts[rows, other], dur[rows, other]
        if role == "digs":  # this digs after `other` resurfaced: before it, or after the rest
            low, high = other_start - need, other_start + other_dur + 52 * years
        else:  # this resurfaces; `other` digs: dig done before, or dig after the rest
            low, high = other_start - need - 52 * years, other_start + other_dur
        fits &= ~((span > low[:, None]) & (span < high[:, None]))
    placed: NDArray[np.bool_] = fits.any(axis=1)
    chosen = lo + fits.argmax(axis=1)
    starts[rows[placed], index] = chosen[placed]
    if model.uses[index] and placed.any():
        taken = rows[placed]
        first, last = chosen[placed], chosen[placed] + need[placed]
        active = (span >= first[:, None]) & (span < last[:, None])
        for pool, units in model.uses[index]:
            free[pool][taken, lo:hi] -= (units * active).astype(np.int32)
    return placed
