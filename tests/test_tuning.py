"""The makespan-only CP-SAT settings: used for makespan with 2 workers, never otherwise."""

from __future__ import annotations

import sys
from pathlib import Path

from ortools.sat.python import cp_model

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # benchmarks/ is not installed

from benchmarks.rcpsp import Rcpsp, to_scenario  # noqa: E402
from scheduler.plan import SolveStatus  # noqa: E402
from scheduler.scenario import Objective, Scenario  # noqa: E402
from scheduler.solver import solve  # noqa: E402
from scheduler.solver.tuning import BOUND_WORKER, MAX_ITEMS, tune  # noqa: E402
from tests.test_psplib_convert import TINY  # noqa: E402

# TINY (tests/test_psplib_convert.py): capacity 3, activities 1 and 2 (2 units each)
# cannot overlap, 3 follows 1; 1, then 3 and 2 side by side -> optimum 5.


def params(workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    return solver


def makespan_scenario() -> Scenario:
    return to_scenario(TINY, time_limit=10, workers=2, seed=0, deterministic=False)


def test_makespan_with_two_workers_gets_the_bound_search_as_full_search() -> None:
    solver = params(2)
    tune(makespan_scenario(), solver.parameters)
    assert list(solver.parameters.subsolvers) == [BOUND_WORKER]
    assert f'name: "{BOUND_WORKER}"' in str(solver.parameters)
    assert "use_objective_lb_search: true" in str(solver.parameters)


def test_displacement_and_other_worker_counts_keep_the_default_portfolio() -> None:
    scenario = makespan_scenario()
    policy = scenario.policy.model_copy(update={"objective": Objective.DISPLACEMENT})
    displacement = scenario.model_copy(update={"policy": policy})
    for target, workers in ((displacement, 2), (scenario, 1), (scenario, 4)):
        solver = params(workers)
        untouched = str(solver.parameters)
        tune(target, solver.parameters)
        assert str(solver.parameters) == untouched


def test_larger_models_keep_the_default_portfolio() -> None:
    # A chain of MAX_ITEMS + 1 one-week activities: one item too many for the bound search.
    n = MAX_ITEMS + 1
    chain = Rcpsp(
        name="chain.sm",
        capacities=(1,),
        durations=(0,) + (1,) * n + (0,),
        demands=((0,),) * (n + 2),
        successors=tuple((i + 1,) for i in range(n + 1)) + ((),),
    )
    scenario = to_scenario(chain, time_limit=10, workers=2, seed=0, deterministic=False)
    assert len(scenario.items) == n
    solver = params(2)
    untouched = str(solver.parameters)
    tune(scenario, solver.parameters)
    assert str(solver.parameters) == untouched


def test_tuned_solve_still_proves_the_tiny_optimum() -> None:
    scenario = makespan_scenario()
    result = solve(scenario)
    assert result.status == SolveStatus.OPTIMAL
    assert result.plan is not None and result.plan.makespan(scenario) == 5
