"""The briefing's tables: one line per request, displaced work, item and budget year.

Each line holds the texts a reader sees (weeks, names, outcome words in nl or
en) and the numbers a spreadsheet sums; the writers lay them out as tables.
The lines are read from the outcome's plan and explanation, never re-solved.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from scheduler import weeks
from scheduler.plan import Plan
from scheduler.report.briefing_risks import RiskSettings
from scheduler.report.briefing_words import ITEM_STATUS_WORDS, KIND_NAMES, LABELS, OUTCOME_WORDS
from scheduler.scenario import Scenario, Work, wijk_of
from scheduler.text.causes import cause_text
from scheduler.workflow import SolveOutcome

Outcome = Literal["placed", "accepted", "rejected", "unplaced"]
BudgetState = Literal["ok", "tight", "over"]


@dataclass(frozen=True)
class RequestLine:
    id: str
    name: str
    kind: str
    area: str
    requested_by: str
    reason: str
    mandatory: bool
    value: int
    outcome: Outcome
    outcome_text: str
    weeks: str
    window: str
    cost: int
    budget: str
    displaced: tuple[str, ...]


@dataclass(frozen=True)
class DisplacementLine:
    id: str
    name: str
    kind: str
    area: str
    planned: str
    start: str
    shift: int
    causes: tuple[str, ...]
    requests: tuple[str, ...]
    chains: tuple[str, ...]
    cost: int


@dataclass(frozen=True)
class ScheduleLine:
    """One work or request in the plan, with every field a spreadsheet reader filters on."""

    id: str
    type: str
    name: str
    kind: str
    area: str
    wijk: str
    status: str
    status_text: str
    planned: str
    start: str
    finish: str
    shift: int | None
    window: str
    cost: int
    budget: str
    demand: str


@dataclass(frozen=True)
class BudgetLine:
    line: str
    name: str
    year: int
    limit: int
    before: Fraction
    after: Fraction
    state: BudgetState

    @property
    def headroom(self) -> Fraction:
        return self.limit - self.after

    @property
    def change(self) -> Fraction:
        return self.after - self.before

    @property
    def share(self) -> float | None:
        return None if self.limit == 0 else float(self.after / self.limit)


def _area_name(scenario: Scenario, code: str) -> str:
    names = {area.code: area.name for area in scenario.areas}
    if code in names:
        return f"{names[code]} ({code})"
    wijk = wijk_of(code)
    if wijk in names:
        return f"{names[wijk]} ({code})"
    return code


def _span_text(first: int, last: int) -> str:
    return weeks.format_range(first, last)


def request_lines(outcome: SolveOutcome, lang: str) -> list[RequestLine]:
    """Every request of the scenario with its outcome and the works it displaced."""
    scenario = outcome.scenario
    plan = outcome.result.plan
    explanation = outcome.explanation
    displaced = {r.id: r.displaced for r in explanation.requests} if explanation else {}
    lines = []
    for request in scenario.requests:
        item = plan[request.id] if plan is not None else None
        result: Outcome
        if item is None:
            result = "unplaced"
        elif item.start is None:
            result = "rejected"
        else:
            result = "placed" if request.mandatory else "accepted"
        first, last = scenario.window(request)
        lines.append(
            RequestLine(
                id=request.id,
                name=request.name,
                kind=KIND_NAMES[lang].get(str(request.kind), str(request.kind)),
                area=_area_name(scenario, request.area),
                requested_by=request.requested_by or "—",
                reason=request.reason or "—",
                mandatory=request.mandatory,
                value=request.value,
                outcome=result,
                outcome_text=OUTCOME_WORDS[lang][result],
                weeks=(_span_text(item.start, item.start + item.duration - 1)
                       if item is not None and item.start is not None else "—"),
                window=_span_text(first, last),
                cost=request.cost,
                budget=request.budget or "—",
                displaced=tuple(displaced.get(request.id, ())),
            )
        )
    return lines


def schedule_lines(outcome: SolveOutcome, lang: str) -> list[ScheduleLine]:
    """Every work and request in the plan (the Excel schedule sheet)."""
    scenario = outcome.scenario
    plan = outcome.result.plan
    lines = []
    for source in scenario.items:
        is_work = isinstance(source, Work)
        planned = scenario.planned(source) if isinstance(source, Work) else None
        item = plan[source.id] if plan is not None else None
        if item is not None:
            status = str(item.status)
            start = item.start
        elif is_work:
            status, start = "unchanged", planned
        else:
            status, start = "unplaced", None
        first, last = scenario.window(source)
        lines.append(ScheduleLine(
            id=source.id,
            type=LABELS[lang]["work" if is_work else "request"],
            name=source.name,
            kind=KIND_NAMES[lang].get(str(source.kind), str(source.kind)),
            area=source.area,
            wijk=_area_name(scenario, wijk_of(source.area)),
            status=status,
            status_text=ITEM_STATUS_WORDS[lang][status],
            planned="" if planned is None else weeks.format_week(planned),
            start="" if start is None else weeks.format_week(start),
            finish="" if start is None else weeks.format_week(start + source.duration - 1),
            shift=None if start is None or planned is None else start - planned,
            window=_span_text(first, last),
            cost=source.cost,
            budget=source.budget or "",
            demand=", ".join(f"{k}: {v}" for k, v in sorted(source.demand.items()) if v),
        ))
    return lines


def displacement_lines(outcome: SolveOutcome, lang: str) -> list[DisplacementLine]:
    """Every moved work with its causes, the requests that moved it and their chains."""
    scenario = outcome.scenario
    explanation = outcome.explanation
    if explanation is None:
        return []
    lines = []
    for d in explanation.displacements:
        work = scenario.item_by_id[d.id]
        assert isinstance(work, Work)
        by = tuple(r.id for r in explanation.requests if d.id in r.displaced)
        chains = []
        for request in explanation.requests:
            for chain in request.chains:
                if d.id in chain:
                    path = " -> ".join(chain[: chain.index(d.id) + 1])
                    if path not in chains:
                        chains.append(path)
        lines.append(
            DisplacementLine(
                id=d.id,
                name=d.name,
                kind=KIND_NAMES[lang].get(str(work.kind), str(work.kind)),
                area=_area_name(scenario, work.area),
                planned=weeks.format_week(d.planned_start),
                start=weeks.format_week(d.start),
                shift=d.shift,
                causes=tuple(cause_text(cause, lang) for cause in d.causes),
                requests=by,
                chains=tuple(chains),
                cost=work.weight * abs(d.shift) + scenario.policy.move_penalty,
            )
        )
    return lines


def budget_lines(scenario: Scenario, baseline: Plan, plan: Plan | None,
                 settings: RiskSettings) -> list[BudgetLine]:
    """Spend per budget line and year before and after; ``settings`` says when it is tight."""
    before = baseline.budget_use(scenario)
    after = (plan or baseline).budget_use(scenario)
    lines = []
    for line in scenario.budgets:
        years = sorted(set(line.per_year) | {y for (b, y) in before if b == line.id}
                       | {y for (b, y) in after if b == line.id})
        for year in years:
            limit = line.per_year.get(year, 0)
            spent = after.get((line.id, year), Fraction(0))
            state: BudgetState = "ok"
            if spent > limit + 1:
                state = "over"
            elif limit and spent >= limit * Fraction(settings.budget_share).limit_denominator():
                state = "tight"
            lines.append(BudgetLine(line.id, line.name, year, limit,
                                    before.get((line.id, year), Fraction(0)), spent, state))
    return lines

