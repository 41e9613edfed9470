"""The `plooi-impact/1` document: the impact analysis as plain data (docs/impact.md).

A contract: field names and values are documented and must not change meaning.
No wall-clock times, so identical runs give identical JSON. The sentences in it
(lever texts, causes, conflict rules, the advice) come from
:mod:`scheduler.text.impact`, in the language asked for.
"""

from __future__ import annotations

from typing import Any

from scheduler import weeks
from scheduler.impact.result import Impact, Lever, LeverKind, Option
from scheduler.text.impact import (
    causes,
    chain_rows,
    cheapest_text,
    conflict_rows,
    lever_text,
    recommendation,
)

FORMAT = "plooi-impact/1"


def _week(ordinal: int | None) -> str | None:
    return None if ordinal is None else weeks.format_week(ordinal)


def _option_row(impact: Impact, option: Option) -> dict[str, Any]:
    duration = impact.request.duration
    return {
        "rank": option.rank,
        "start": weeks.format_week(option.start),
        "finish": weeks.format_week(option.start + duration - 1),
        "lateness": option.lateness,
        "displacement_cost": option.cost,
        "total_displacement_cost": option.total_cost,
        "status": option.status.value,
        "displaced": [
            {
                "id": s.id,
                "name": s.name,
                "from": weeks.format_week(s.before),
                "to": weeks.format_week(s.after),
                "shift": s.shift,
            }
            for s in option.displaced
        ],
        "rejected": list(option.rejected),
    }


def _lever_row(impact: Impact, lever: Lever, lang: str) -> dict[str, Any]:
    row: dict[str, Any] = {"kind": lever.kind.value}
    if lever.kind == LeverKind.CAPACITY:
        resources = sorted({rid for rid, _ in lever.extra})
        row.update(
            resource=resources[0],
            resources=resources,
            weeks=[weeks.format_week(w) for w in sorted({w for _, w in lever.extra})],
            units=max(lever.extra.values()),
            unit_weeks=lever.amount,
            extra=[
                {"resource": rid, "week": weeks.format_week(w), "units": units}
                for (rid, w), units in sorted(lever.extra.items())
            ],
        )
    elif lever.kind == LeverKind.BUDGET:
        (line, year) = sorted(lever.extra)[0]
        row.update(
            line=line,
            year=year,
            euros=lever.amount,
            extra=[
                {"line": ln, "year": yr, "euros": euros}
                for (ln, yr), euros in sorted(lever.extra.items())
            ],
        )
    else:
        row.update(weeks=lever.weeks, latest_finish=_week(lever.latest_finish))
    row.update(
        start=_week(lever.start),
        verified=lever.verified,
        stretch=None if lever.stretch is None else round(float(lever.stretch), 6),
        text=lever_text(impact, lever, lang),
    )
    return row


def _request_row(impact: Impact) -> dict[str, Any]:
    request = impact.request
    earliest, latest_finish = impact.window
    return {
        "id": request.id,
        "name": request.name,
        "source": impact.source.value,
        "kind": str(request.kind),
        "area": request.area,
        "duration": request.duration,
        "earliest": weeks.format_week(earliest),
        "latest_finish": weeks.format_week(latest_finish),
        "mandatory": request.mandatory,
        "requested_by": request.requested_by,
        "reason": request.reason,
    }


def _solver_row(impact: Impact) -> dict[str, Any]:
    settings = impact.settings
    return {
        "time_limit": settings.time_limit,
        "seed": settings.seed,
        "workers": settings.workers,
        "deterministic": settings.deterministic,
        "solves": [{"name": s.name, "status": s.status} for s in impact.solves],
    }


def impact_document(impact: Impact, lang: str = "nl") -> dict[str, Any]:
    """Everything as plain data, with its sentences in ``lang``."""
    cheapest = impact.cheapest
    rules = conflict_rows(impact, lang)
    return {
        "format": FORMAT,
        "scenario": impact.name,
        "request": _request_row(impact),
        "status": impact.status.value,
        "without_request": {
            "status": impact.baseline_status.value,
            "displacement_cost": impact.baseline_cost,
        },
        "earliest_without_displacement": _week(impact.earliest),
        "earliest_meets_deadline": impact.earliest_meets_deadline,
        "least_displacement": _least_row(impact, lang),
        "options": [_option_row(impact, o) for o in impact.options],
        "pareto": [
            {
                "start": weeks.format_week(p.start),
                "lateness": p.lateness,
                "displacement_cost": p.cost,
                "displaced": [s.id for s in p.displaced],
            }
            for p in impact.pareto
        ],
        "levers": [_lever_row(impact, lever, lang) for lever in impact.found_levers],
        "levers_not_found": [
            {"kind": lever.kind.value, "status": lever.status.value,
             "text": lever_text(impact, lever, lang)}
            for lever in impact.levers
            if not lever.confirmed
        ],
        "cheapest_lever": cheapest.kind.value if cheapest else None,
        "cheapest_lever_text": cheapest_text(impact, lang),
        "conflict": [str(row["text"]) for row in rules],
        "conflict_rules": rules,
        "conflict_minimal": impact.conflict_minimal if rules else None,
        "conflict_without_request": impact.conflict_without_request,
        "recommendation": recommendation(impact, lang),
        "solver": _solver_row(impact),
    }


def _least_row(impact: Impact, lang: str) -> dict[str, Any] | None:
    best = impact.best
    if best is None:
        return None
    row = _option_row(impact, best)
    row["causes"] = causes(impact, best, lang)
    row["chains"] = chain_rows(impact)
    return row
