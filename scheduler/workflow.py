"""The main job end to end: solve, check, explain, and build the result document.

Commands (terminal, briefing, impact) call :func:`solve_scenario` so that every
plan a user sees went through the same solver entry point, was checked by the
independent checker, and carries its explanation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Unpack

from scheduler.check import Violation, check, check_baseline, summary
from scheduler.explain import Explanation, explain
from scheduler.io.result_json import result_document
from scheduler.plan import SolveStatus
from scheduler.scenario import Scenario
from scheduler.solver import ModelOptions, SolveResult, StopToken, solve
from scheduler.solver.conflicts import Conflict, find_conflict
from scheduler.solver.run import Progress
from scheduler.solver.settings import SettingsOverrides
from scheduler.text.conflicts import describe_conflict
from scheduler.text.violations import violation_text

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
    document: dict[str, Any] = field(default_factory=dict)

    @property
    def status(self) -> SolveStatus:
        return self.result.status

    @property
    def conflict_minimal(self) -> bool:
        return self.clash.minimal if self.clash is not None else True

    @property
    def conflict(self) -> list[dict[str, Any]] | None:
        """The clashing rules as the result document words them (kept for older callers)."""
        rows = self.document.get("conflict")
        return None if rows is None else list(rows)


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
    lang: str = "nl",
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
        found = find_conflict(
            scenario,
            options,
            time_limit=max(CONFLICT_MIN_SECONDS, result.settings.time_limit - result.seconds),
            seed=result.settings.seed,
        )
        clash = found
    outcome = SolveOutcome(
        scenario=scenario,
        name=name,
        result=result,
        explanation=explanation,
        violations=violations,
        baseline_violations=check_baseline(scenario),
        clash=clash,
    )
    outcome.document = result_document(
        scenario,
        name,
        result.status,
        result.plan,
        explanation,
        solver=solver_summary(result, outcome),
        conflict=describe_conflict(scenario, clash, lang) if clash is not None else None,
        lang=lang,
    )
    return outcome


def solver_summary(result: SolveResult, outcome: SolveOutcome) -> dict[str, Any]:
    """Settings and proofs; no wall-clock times, so identical runs give identical JSON."""
    settings = result.settings
    return {
        "proven_optimal": result.proven_optimal,
        "bound": result.bound,
        "gap": None if result.gap is None else round(result.gap, 6),
        "interrupted": result.interrupted,
        "reproducible": result.reproducible,
        "time_limit": settings.time_limit,
        "seed": settings.seed,
        "workers": settings.workers,
        "deterministic": settings.deterministic,
        "stages": [
            {"name": s.name, "status": s.status.lower(), "objective": s.objective, "bound": s.bound}
            for s in result.stages
        ],
        "baseline_violations": [violation_text(v, "en") for v in outcome.baseline_violations],
        "conflict_minimal": outcome.conflict_minimal if outcome.clash is not None else None,
        "parts": _parts_summary(result),
        "search": str(result.search),
    }


def _parts_summary(result: SolveResult) -> dict[str, Any] | None:
    """What the exact decomposition did (scheduler/solver/decompose.py), if it ran."""
    parts = result.decomposition
    if parts is None:
        return None
    return {
        "rounds": parts.rounds,
        "parts": parts.parts,
        "largest_part": parts.largest,
        "bound": parts.bound,
        "proven": parts.plan is not None and result.plan is parts.plan,
    }
