"""CP-SAT settings for the makespan objective only (PSPLIB-style scheduling).

With 2 workers CP-SAT runs one full search (``default_lp``) besides its
neighbourhood searches, and that search raises the makespan's lower bound
slowly: on the hardest PSPLIB j30 instances it stayed 8-15 weeks below the
optimum after 30 s. A full search that tests the bound itself
(``use_objective_lb_search``: is there a plan of makespan <= bound?) proves
such bounds far faster, and fastest without the LP relaxation (linearization 0:
more nodes per second, the cumulatives' propagation does the work). Measured in
benchmarks/results/psplib_*_tuning*.csv. The displacement objective keeps the
default portfolio.
"""

from __future__ import annotations

from typing import Any

from scheduler.scenario import Objective, Scenario

BOUND_WORKER = "makespan_bound"
# Only models of at most this many items get the bound search. Measured on two sizes
# only: PSPLIB j30 (30 items) gains proofs; on j60/j120 (60/120 items, 10 s) the
# bounds rose but the mean gap of the plans was a little worse (j60 0.44 -> 0.55 %,
# j120 3.67 -> 4.00 %, one run each, back to back): there the default search stays.
MAX_ITEMS = 40
_BOUND_WORKER_PARAMS = (
    f'subsolver_params {{ name: "{BOUND_WORKER}" '
    "use_objective_lb_search: true linearization_level: 0 }"
)


def tune(scenario: Scenario, params: Any) -> None:
    """With 2 workers and makespan: the bound-testing search as the one full search.

    ``params`` are CP-SAT's SatParameters. It replaces ``default_lp``, so the
    neighbourhood searches keep their thread: run as a second full search beside
    ``default_lp`` it made the j60/j120 plans worse (mean gap 0.69 -> 1.16 % and
    4.32 -> 5.44 % at 10 s). Other worker counts are unmeasured: left unchanged.
    """
    if (
        scenario.policy.objective != Objective.MAKESPAN
        or params.num_workers != 2
        or len(scenario.items) > MAX_ITEMS
    ):
        return
    params.merge_text_format(_BOUND_WORKER_PARAMS)
    params.subsolvers.append(BOUND_WORKER)
