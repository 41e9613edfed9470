"""The result JSON (format ``plooi-result/1``, see docs/result-format.md).

The contract's keys keep their meaning; everything else is added next to them.
Nothing that varies between two runs of the same input and seed (wall-clock
times) is written, so identical runs give byte-identical files.

A solve's outcome is data (:class:`scheduler.workflow.SolveOutcome`); this writer
is the edge that words it, through the text layer, in the reader's language
(:func:`outcome_document`).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from scheduler import weeks
from scheduler.explain import Explanation
from scheduler.plan import ItemStatus, Plan, SolveStatus
from scheduler.scenario import Objective, Scenario, Work
from scheduler.text.causes import cause_text, chain_text
from scheduler.text.conflicts import describe_conflict
from scheduler.text.violations import violation_text

if TYPE_CHECKING:
    from scheduler.solver import SolveResult
    from scheduler.workflow import SolveOutcome

FORMAT = "plooi-result/1"


def outcome_document(outcome: SolveOutcome, lang: str = "nl") -> dict[str, Any]:
    """The result document of a solve (what ``plooi solve --json`` writes), words in ``lang``."""
    scenario, result, clash = outcome.scenario, outcome.result, outcome.clash
    return result_document(
        scenario,
        outcome.name,
        result.status,
        result.plan,
        outcome.explanation,
        solver=solver_summary(outcome),
        conflict=describe_conflict(scenario, clash, lang) if clash is not None else None,
        lang=lang,
    )


def solver_summary(outcome: SolveOutcome) -> dict[str, Any]:
    """Settings and proofs; no wall-clock times, so identical runs give identical JSON.

    The programme's own broken rules are in English whatever the language (as they
    always were in this document).
    """
    result = outcome.result
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


def result_document(
    scenario: Scenario,
    scenario_name: str,
    status: SolveStatus,
    plan: Plan | None,
    explanation: Explanation | None = None,
    solver: dict[str, Any] | None = None,
    conflict: list[dict[str, Any]] | None = None,
    lang: str = "nl",
) -> dict[str, Any]:
    """The whole result as plain data, ready for json.dumps."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "scenario": scenario_name,
        "status": str(status),
        "objective": str(scenario.policy.objective),
        "displacement_cost": plan.displacement_cost(scenario) if plan else None,
        "schedule": _schedule(scenario, plan) if plan else [],
    }
    if plan is not None:
        document["accepted_value"] = plan.accepted_value(scenario)
        if scenario.policy.objective == Objective.MAKESPAN:
            document["makespan"] = plan.makespan(scenario)
        document["requests"] = request_counts(scenario, plan)
        document["budgets"] = budget_rows(scenario, plan)
    if explanation is not None:
        document["displacements"] = [
            {
                "id": d.id,
                "from": weeks.format_week(d.planned_start),
                "to": weeks.format_week(d.start),
                "shift": d.shift,
                "causes": [
                    {
                        "rule": cause.rule,
                        "blockers": list(cause.blockers),
                        "weeks": _span(cause.first, cause.last),
                        "text": cause_text(cause, lang),
                    }
                    for cause in d.causes
                ],
            }
            for d in explanation.displacements
        ]
        document["chains"] = [
            {
                "request": r.id,
                "displaced": list(r.displaced),
                "chains": [list(chain) for chain in r.chains],
                "text": [chain_text(chain) for chain in r.chains],
            }
            for r in explanation.requests
        ]
    if conflict is not None:
        document["conflict"] = conflict
    if solver is not None:
        document["solver"] = solver
    return document


def _span(first: int | None, last: int | None) -> list[str] | None:
    if first is None or last is None:
        return None
    return [weeks.format_week(first), weeks.format_week(last)]


def _schedule(scenario: Scenario, plan: Plan) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for source in scenario.items:
        item = plan[source.id]
        row: dict[str, Any] = {"id": item.id, "type": item.type, "status": str(item.status)}
        if isinstance(source, Work) and item.planned_start is not None:
            row["planned_start"] = weeks.format_week(item.planned_start)
        if item.start is not None and item.finish is not None:
            row["start"] = weeks.format_week(item.start)
            row["finish"] = weeks.format_week(item.finish)
            if item.shift is not None:
                row["shift"] = item.shift
        row["name"] = source.name
        row["kind"] = str(source.kind)
        row["area"] = source.area
        rows.append(row)
    return rows


def request_counts(scenario: Scenario, plan: Plan) -> dict[str, int]:
    """Mandatory requests placed, optional ones accepted, and requests rejected."""
    placed = sum(1 for r in scenario.requests if r.mandatory and plan[r.id].scheduled)
    accepted = sum(1 for r in scenario.requests if not r.mandatory and plan[r.id].scheduled)
    rejected = sum(1 for r in scenario.requests if plan[r.id].status == ItemStatus.REJECTED)
    return {"placed": placed, "accepted": accepted, "rejected": rejected}


def budget_rows(scenario: Scenario, plan: Plan) -> list[dict[str, Any]]:
    """Spend per line and year before (baseline) and after (plan), with the limit."""
    before = Plan.baseline(scenario).budget_use(scenario)
    after = plan.budget_use(scenario)
    rows = []
    for line in scenario.budgets:
        years = sorted(
            set(line.per_year)
            | {y for (key, y) in before if key == line.id}
            | {y for (key, y) in after if key == line.id}
        )
        for year in years:
            limit = line.per_year.get(year, 0)
            spent = after.get((line.id, year), 0)
            rows.append(
                {
                    "line": line.id,
                    "year": year,
                    "limit": limit,
                    "before": _money(before.get((line.id, year), 0)),
                    "after": _money(spent),
                    "headroom": _money(limit - spent),
                }
            )
    return rows


def _money(value: Any) -> float | int:
    """Euros with cents; whole euros as integers so the JSON stays tidy."""
    rounded = round(float(value), 2)
    return int(rounded) if rounded == int(rounded) else rounded


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
