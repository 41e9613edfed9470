"""Question 3: up to K plans that each displace a different set of works, and the Pareto view.

Both are searched on the model of the least-displacement plan (with only the
works near R free when there is such a model). The Pareto view pairs how late
in its window R lands with the least displacement cost for it.
"""

from __future__ import annotations

import dataclasses

from scheduler.impact.least import Least, make_option
from scheduler.impact.reference import Reference
from scheduler.impact.result import Option
from scheduler.impact.run import ImpactRun

# The Pareto view shows at most this many points (the cheapest first).
PARETO_MAX_POINTS = 8


def alternatives(run: ImpactRun, ref: Reference, least: Least, count: int) -> tuple[Option, ...]:
    """The least-displacement plan and up to ``count - 1`` others, ranked, every one checked."""
    best, search = least.best, least.search
    more = search.alternatives(
        best, ref.starts, count, run.seconds("alternatives") / max(1, count - 1)
    )
    for found in more:
        run.record(found.name, found.status)
    for candidate in more:
        run.checked.require(run.scenario, candidate.starts or {}, candidate.name)
    # The order of the objective: cost, then fewest works moved, then R early;
    # the least-displacement plan comes first among equals (sorted() is stable).
    ranked = sorted(
        (make_option(run, ref, search, f, 0) for f in [best, *more]),
        key=lambda o: (o.cost, len(o.displaced), o.lateness),
    )
    return tuple(dataclasses.replace(o, rank=i + 1) for i, o in enumerate(ranked))


def pareto(run: ImpactRun, ref: Reference, least: Least) -> tuple[Option, ...]:
    """Displacement cost against R's lateness in its window: the cheapest point per lateness."""
    best, search = least.best, least.search
    front = search.pareto(
        best, PARETO_MAX_POINTS, run.seconds("pareto") / (PARETO_MAX_POINTS - 1)
    )
    for found in front[1:]:
        run.record(found.name, found.status)
    for point in front[1:]:
        run.checked.require(run.scenario, point.starts or {}, point.name)
    return tuple(make_option(run, ref, search, f, i + 1) for i, f in enumerate(front))
