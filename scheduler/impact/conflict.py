"""Question 5: when R cannot be placed (or nothing can), a minimal set of clashing rules.

Found on the guarded feasibility model (no objective) and shrunk by deletion
(:func:`scheduler.solver.conflicts.find_conflict`). The rules are kept as data;
they are put into words at the edge (scheduler.text.impact).
"""

from __future__ import annotations

from scheduler.impact.result import ClashingRules
from scheduler.impact.run import ImpactRun
from scheduler.scenario import Scenario
from scheduler.solver.conflicts import find_conflict

# A conflict search never gets less than this, even when the run's time is spent.
MIN_CONFLICT_SECONDS = 1.0


def clashing_rules(run: ImpactRun, scenario: Scenario) -> ClashingRules | None:
    """A minimal conflict of ``scenario``, or None when none was found.

    Its time is its share of the limit, but never past the run's deadline (with at
    least MIN_CONFLICT_SECONDS, so that a conflict is always named).
    """
    budget = min(run.seconds("conflict"), max(run.clock.left(), MIN_CONFLICT_SECONDS))
    found = find_conflict(scenario, None, time_limit=budget, seed=run.settings.seed)
    if found is None:
        run.record("conflict", "none")
        return None
    run.record("conflict", "minimal" if found.minimal else "found")
    return ClashingRules(scenario, found)
