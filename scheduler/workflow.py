"""The main job end to end: solve, check, explain (and find the conflict if there is none).

Commands (terminal, briefing, impact) call :func:`solve_scenario` so that every
plan a user sees went through the same solver entry point, was checked by the
independent checker, and carries its explanation. The outcome is data: the
result document and every sentence are made at the edge, in the reader's
language (:func:`scheduler.io.result_json.outcome_document`, scheduler/text/).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Unpack

from scheduler.check import Violation, check, check_baseline, summary
from scheduler.explain import Explanation, explain
from scheduler.guards import Conflict
from scheduler.plan import SolveStatus
from scheduler.scenario import Scenario
from scheduler.solver import ModelOptions, SolveResult, StopToken, solve
from scheduler.solver.conflicts import find_conflict
from scheduler.solver.run import Progress
from scheduler.solver.settings import SettingsOverrides

# Seconds the conflict search may always use, even when the solve used up the limit.
CONFLICT_MIN_SECONDS = 3.0


@dataclass
class SolveOutcome:
    scenario: Scenario
    name: str
    result: SolveResult
    explanation: Explanation | None
    violations: list[Violation]
    baseline_violations: list[Violation]
    # The rules that clash when the scenario is infeasible, as data; terminal, briefing
    # and the result document put them into words, each in its own language.
    clash: Conflict | None = None

    @property
    def status(self) -> SolveStatus:
        return self.result.status

    @property
    def conflict_minimal(self) -> bool:
        return self.clash.minimal if self.clash is not None else True


def scenario_name(scenario: Scenario, path: str | Path | None) -> str:
    if scenario.name:
        return scenario.name
    return Path(path).stem if path else "scenario"


def solve_scenario(
    scenario: Scenario,
    name: str,
    *,
    options: ModelOptions | None = None,
    progress: Progress | None = None,
    stop: StopToken | None = None,
    **overrides: Unpack[SettingsOverrides],
) -> SolveOutcome:
    """Solve, verify with the checker, explain; explain infeasibility as a minimal conflict."""
    result = solve(scenario, options=options, progress=progress, stop=stop, **overrides)
    violations: list[Violation] = []
    explanation = None
    clash = None
    if result.plan is not None:
        violations = check(scenario, result.plan)
        if violations:
            # A plan that breaks a hard rule must never be shown as a solution.
            details = summary(violations)
            raise RuntimeError(f"internal error: the solver's plan breaks hard rules: {details}")
        explanation = explain(scenario, result.plan)
    elif result.status == SolveStatus.INFEASIBLE:
        clash = find_conflict(
            scenario,
            options,
            time_limit=max(CONFLICT_MIN_SECONDS, result.settings.time_limit - result.seconds),
            seed=result.settings.seed,
        )
    return SolveOutcome(
        scenario=scenario,
        name=name,
        result=result,
        explanation=explanation,
        violations=violations,
        baseline_violations=check_baseline(scenario),
        clash=clash,
    )
