"""Question 1: the earliest week R can start with every work left where it stands.

Asked of the fixed world (:mod:`scheduler.impact.reference`) with R's deadline
set aside, so the answer may lie past the deadline; the caller compares.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.impact.reference import Reference
from scheduler.impact.result import Outcome
from scheduler.impact.run import ImpactRun
from scheduler.impact.whatif import LaterDeadline
from scheduler.solver.levers import earliest_start


@dataclass(frozen=True)
class Earliest:
    week: int | None
    status: Outcome


def earliest_without_displacement(run: ImpactRun, ref: Reference) -> Earliest:
    found = earliest_start(
        ref.world, run.request_id, ref.held, run.settings, run.seconds("earliest"),
        run.clock, run.stop,
    )
    run.record(found.name, found.status)
    if found.starts is None:
        return Earliest(None, Outcome(found.status))
    stretched = LaterDeadline(run.request_id, run.scenario.horizon.last).apply(ref.world)
    run.checked.require(stretched, found.starts, "the earliest plan without displacement")
    return Earliest(found.starts[run.request_id], Outcome(found.status))
