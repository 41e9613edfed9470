"""`plooi impact`: what one request displaces, its alternatives, and what would make room.

The wijkambtenaar's question, answered by real solves (docs/impact.md has the
semantics in full), one module per question:

0. :mod:`.reference` — the plan *without* R, against which every displacement
   caused by R is measured, and the fixed world built on it;
1. :mod:`.earliest` — the earliest week R can start with every work left where
   it stands;
2. :mod:`.least` — the plan that places R within its deadline with the least
   displacement, with the displaced works, their causes and chains;
3. :mod:`.alternatives` — up to K alternatives, each displacing a different set
   of works, and the Pareto front of displacement cost against R's lateness;
4. :mod:`.levers` — the least extra capacity, budget or deadline that lets R in
   with nothing displaced, each found by a solve and verified by a second solve
   and the independent checker;
5. :mod:`.conflict` — when R cannot be placed at all, a minimal set of clashing rules.

:mod:`.analyse` runs them in order; :mod:`.whatif` holds the scenario
transforms every what-if is made of; :mod:`.result` the frozen results and
their enums. Every plan reported passed :func:`scheduler.check.check`. The
package never imports OR-Tools (the solves live in
:mod:`scheduler.solver.levers`) and makes no text: its words are in
:mod:`scheduler.text.impact`, its terminal printer in
:mod:`scheduler.report.impact_text`, its JSON in :mod:`scheduler.io.impact_json`.
"""

from __future__ import annotations

from scheduler.impact.alternatives import PARETO_MAX_POINTS
from scheduler.impact.analyse import analyse, pick_request
from scheduler.impact.conflict import MIN_CONFLICT_SECONDS
from scheduler.impact.least import NEIGHBOURHOOD_WEEKS, neighbourhood, shift_caps
from scheduler.impact.result import (
    LEVER_ORDER,
    ClashingRules,
    Impact,
    ImpactError,
    ImpactProblem,
    ImpactStatus,
    Lever,
    LeverKind,
    LeverStatus,
    Option,
    Outcome,
    Shift,
    SolveRecord,
    Source,
)
from scheduler.impact.run import DEFAULT_OPTIONS, SHARES
from scheduler.impact.whatif import replace_request, scenario_with, with_budget, with_capacity

__all__ = [
    "DEFAULT_OPTIONS",
    "LEVER_ORDER",
    "MIN_CONFLICT_SECONDS",
    "NEIGHBOURHOOD_WEEKS",
    "PARETO_MAX_POINTS",
    "SHARES",
    "ClashingRules",
    "Impact",
    "ImpactError",
    "ImpactProblem",
    "ImpactStatus",
    "Lever",
    "LeverKind",
    "LeverStatus",
    "Option",
    "Outcome",
    "Shift",
    "SolveRecord",
    "Source",
    "analyse",
    "neighbourhood",
    "pick_request",
    "replace_request",
    "scenario_with",
    "shift_caps",
    "with_budget",
    "with_capacity",
]
