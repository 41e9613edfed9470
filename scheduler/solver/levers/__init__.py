"""What-if solves behind `plooi impact`: one request R against the standing programme.

Two kinds of model serve every question (see docs/impact.md):

* :class:`RequestModel` (:mod:`.request_model`) is the whole scenario with every
  work free and R switched on or off by an assumption literal. The model is built
  once; the plan without R, the least-displacement plan with R, the alternatives
  (each adds a no-good) and the Pareto front (each point bounds R's start) are all
  solves of that one model under different assumptions.
* The *fixed world*: every work, and every other placed request, fixed where
  the plan without R puts it; only R moves. The earliest start of R
  (:mod:`.earliest`) and the least extra capacity or budget that let R in
  (:mod:`.least`) are small solves of it.

Each solve here runs with the project's solver parameters (seed, workers,
deterministic mode) and an explicit time limit, and is cut off at the run's
wall-clock deadline as well (:mod:`.clock`). What a solve hands back is in
:mod:`.outcome`, with :class:`LeverKind`, the one enum of lever kinds (the impact
analysis reuses it). Nothing here judges a plan: the caller checks every plan with
the independent checker.
"""

from scheduler.solver.levers.clock import Clock
from scheduler.solver.levers.earliest import earliest_start
from scheduler.solver.levers.least import least_budget, least_capacity
from scheduler.solver.levers.outcome import Found, LeverFound, LeverKind
from scheduler.solver.levers.request_model import RequestModel, displaced

__all__ = [
    "Clock",
    "Found",
    "LeverFound",
    "LeverKind",
    "RequestModel",
    "displaced",
    "earliest_start",
    "least_budget",
    "least_capacity",
]
