"""Scenarios side by side: the same key figures for each, and the works whose dates differ.

The figures are recomputed from each outcome's plan (never from solver
internals), so two scenarios are compared on exactly what a reader sees. Items
are matched by id: a work that exists in one scenario only shows ``—`` in the
others.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from scheduler import weeks
from scheduler.plan import ItemStatus, Plan, SolveStatus
from scheduler.report import numbers
from scheduler.workflow import SolveOutcome

STATUS_WORDS = {
    "nl": {
        SolveStatus.OPTIMAL: "optimaal (bewezen)",
        SolveStatus.FEASIBLE: "haalbaar, niet bewezen optimaal",
        SolveStatus.INFEASIBLE: "onhaalbaar",
        SolveStatus.UNKNOWN: "geen plan binnen de tijd",
    },
    "en": {
        SolveStatus.OPTIMAL: "optimal (proven)",
        SolveStatus.FEASIBLE: "feasible, not proven optimal",
        SolveStatus.INFEASIBLE: "infeasible",
        SolveStatus.UNKNOWN: "no plan within the time limit",
    },
}


@dataclass(frozen=True)
class Kpis:
    """The key figures of one outcome; None where the outcome has no plan."""

    name: str
    status: SolveStatus
    gap: float | None
    requests: int
    placed: int | None
    accepted: int | None
    rejected: int | None
    moved: int | None
    shift_weeks: int | None
    max_shift: int | None
    displacement_cost: int | None
    accepted_value: int | None
    request_cost: int | None
    overruns: int | None
    tightest_headroom: Fraction | None
    full_weeks: int | None
    last_finish: int | None
    seconds: float


def kpis(outcome: SolveOutcome) -> Kpis:
    scenario = outcome.scenario
    plan = outcome.result.plan
    if plan is None:
        return Kpis(outcome.name, outcome.status, None, len(scenario.requests), None, None, None,
                    None, None, None, None, None, None, None, None, None, None,
                    outcome.result.seconds)
    shifts = [abs(item.shift or 0) for item in plan.moved()]
    spend = plan.budget_use(scenario)
    headrooms = []
    overruns = 0
    for line in scenario.budgets:
        for year in sorted(set(line.per_year) | {y for (b, y) in spend if b == line.id}):
            room = line.per_year.get(year, 0) - spend.get((line.id, year), Fraction(0))
            headrooms.append(room)
            overruns += room < -1  # the format's rounding tolerance
    finishes = [item.finish for item in plan if item.finish is not None]
    return Kpis(
        name=outcome.name,
        status=outcome.status,
        gap=outcome.result.gap,
        requests=len(scenario.requests),
        placed=sum(1 for r in scenario.requests if r.mandatory and plan[r.id].scheduled),
        accepted=sum(1 for r in scenario.requests if not r.mandatory and plan[r.id].scheduled),
        rejected=sum(1 for r in scenario.requests if plan[r.id].status == ItemStatus.REJECTED),
        moved=len(shifts),
        shift_weeks=sum(shifts),
        max_shift=max(shifts, default=0),
        displacement_cost=plan.displacement_cost(scenario),
        accepted_value=plan.accepted_value(scenario),
        request_cost=sum(r.cost for r in scenario.requests if plan[r.id].scheduled),
        overruns=overruns,
        tightest_headroom=min(headrooms) if headrooms else None,
        full_weeks=_full_weeks(outcome, plan),
        last_finish=max(finishes) if finishes else None,
        seconds=outcome.result.seconds,
    )


def _full_weeks(outcome: SolveOutcome, plan: Plan) -> int:
    """Crew-weeks booked to capacity, summed over crews."""

    scenario = outcome.scenario
    total = 0
    for (resource_id, week), used in plan.load(scenario).items():
        resource = scenario.resource_by_id.get(resource_id)
        if resource is not None and used and used >= resource.capacity_in(week):
            total += 1
    return total


Better = Literal["low", "high"] | None


@dataclass(frozen=True)
class KpiDef:
    key: str
    nl: str
    en: str
    better: Better
    value: Callable[[Kpis], int | float | Fraction | None]
    text: Callable[[Kpis, str], str]


def _opt(value: int | float | Fraction | None, lang: str) -> str:
    return "—" if value is None else numbers.number(value, lang)


def _money(value: int | float | Fraction | None, lang: str) -> str:
    return "—" if value is None else numbers.money(value, lang)


def _status_text(k: Kpis, lang: str) -> str:
    text = STATUS_WORDS[lang][k.status]
    if k.status == SolveStatus.FEASIBLE and k.gap:
        text += f" (gap {numbers.percent(k.gap, lang, 1)})"
    return text


def _week_text(value: int | None) -> str:
    return "—" if value is None else weeks.format_week(value)


KPI_DEFS: tuple[KpiDef, ...] = (
    KpiDef("status", "Status", "Status", None, lambda k: None, _status_text),
    KpiDef("placed", "Verplichte verzoeken geplaatst", "Mandatory requests placed", "high",
           lambda k: k.placed, lambda k, lang: _opt(k.placed, lang)),
    KpiDef("accepted", "Optionele verzoeken geaccepteerd", "Optional requests accepted", "high",
           lambda k: k.accepted, lambda k, lang: _opt(k.accepted, lang)),
    KpiDef("rejected", "Verzoeken afgewezen", "Requests rejected", "low",
           lambda k: k.rejected, lambda k, lang: _opt(k.rejected, lang)),
    KpiDef("moved", "Verschoven werken", "Works moved", "low",
           lambda k: k.moved, lambda k, lang: _opt(k.moved, lang)),
    KpiDef("shift_weeks", "Verschuiving in weken (totaal)", "Shift in weeks (total)", "low",
           lambda k: k.shift_weeks, lambda k, lang: _opt(k.shift_weeks, lang)),
    KpiDef("max_shift", "Grootste verschuiving (weken)", "Largest shift (weeks)", "low",
           lambda k: k.max_shift, lambda k, lang: _opt(k.max_shift, lang)),
    KpiDef("displacement_cost", "Verschuivingskosten (gewogen)", "Displacement cost (weighted)",
           "low", lambda k: k.displacement_cost,
           lambda k, lang: _opt(k.displacement_cost, lang)),
    KpiDef("accepted_value", "Waarde geaccepteerde verzoeken", "Value of accepted requests",
           "high", lambda k: k.accepted_value, lambda k, lang: _opt(k.accepted_value, lang)),
    KpiDef("request_cost", "Kosten ingeplande verzoeken", "Cost of scheduled requests", None,
           lambda k: k.request_cost, lambda k, lang: _money(k.request_cost, lang)),
    KpiDef("tightest_headroom", "Kleinste budgetruimte (lijn-jaar)",
           "Smallest budget head-room (line-year)", "high", lambda k: k.tightest_headroom,
           lambda k, lang: _money(k.tightest_headroom, lang)),
    KpiDef("overruns", "Budgetoverschrijdingen (lijn-jaren)", "Budget overruns (line-years)",
           "low", lambda k: k.overruns, lambda k, lang: _opt(k.overruns, lang)),
    KpiDef("full_weeks", "Ploegweken volgeboekt", "Crew-weeks booked full", "low",
           lambda k: k.full_weeks, lambda k, lang: _opt(k.full_weeks, lang)),
    KpiDef("last_finish", "Laatste werk klaar", "Last work finished", "low",
           lambda k: k.last_finish, lambda k, lang: _week_text(k.last_finish)),
)


@dataclass(frozen=True)
class KpiRow:
    key: str
    label: str
    values: tuple[str, ...]
    differs: bool
    best: tuple[int, ...]


@dataclass(frozen=True)
class DateDiff:
    """One item whose place differs between scenarios; cells as readers see them."""

    id: str
    name: str
    cells: tuple[str, ...]
    spread: int | None


@dataclass(frozen=True)
class Comparison:
    names: tuple[str, ...]
    kpis: tuple[Kpis, ...]
    rows: tuple[KpiRow, ...]
    diffs: tuple[DateDiff, ...]

    @property
    def differing_rows(self) -> tuple[KpiRow, ...]:
        return tuple(row for row in self.rows if row.differs)


def unique_names(names: Sequence[str]) -> list[str]:
    """Scenario names made distinct (``plan``, ``plan (2)``) so columns can be told apart."""
    seen: dict[str, int] = {}
    result = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        result.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return result


def compare(outcomes: Sequence[SolveOutcome], lang: str = "nl") -> Comparison:
    """KPIs of every outcome side by side, and every item whose weeks differ."""
    names = tuple(unique_names([o.name for o in outcomes]))
    figures = tuple(kpis(o) for o in outcomes)
    rows = []
    for definition in KPI_DEFS:
        values = tuple(definition.text(k, lang) for k in figures)
        raw = [definition.value(k) for k in figures]
        best: tuple[int, ...] = ()
        known = [v for v in raw if v is not None]
        if definition.better and len(set(known)) > 1:
            target = min(known) if definition.better == "low" else max(known)
            best = tuple(i for i, v in enumerate(raw) if v == target)
        rows.append(KpiRow(definition.key, definition.nl if lang == "nl" else definition.en,
                           values, len(set(values)) > 1, best))
    return Comparison(names, figures, tuple(rows), tuple(date_diffs(outcomes, lang)))


def start_cell(outcome: SolveOutcome, item_id: str, lang: str) -> tuple[str, int | None]:
    """(text, start ordinal) of one item in one outcome."""
    nl = lang == "nl"
    if item_id not in outcome.scenario.item_by_id:
        return "—", None
    plan = outcome.result.plan
    if plan is None:
        return ("geen plan" if nl else "no plan"), None
    item = plan[item_id]
    if item.start is None:
        return ("afgewezen" if nl else "rejected"), None
    text = weeks.format_week(item.start)
    if item.shift:
        text += f" ({item.shift:+d})"
    return text, item.start


def date_diffs(outcomes: Sequence[SolveOutcome], lang: str = "nl") -> list[DateDiff]:
    """Items placed differently somewhere; the largest differences first.

    An item that is scheduled in one scenario and rejected or absent in another
    comes before all others; then the spread of its start weeks decides.
    """
    order: dict[str, str] = {}
    for outcome in outcomes:
        for source in outcome.scenario.items:
            order.setdefault(source.id, source.name)
    diffs = []
    for item_id, name in order.items():
        cells = [start_cell(o, item_id, lang) for o in outcomes]
        if len({text for text, _ in cells}) <= 1:
            continue
        starts = [start for _, start in cells]
        known = [s for s in starts if s is not None]
        spread = max(known) - min(known) if len(known) == len(starts) else None
        diffs.append(DateDiff(item_id, name, tuple(t for t, _ in cells), spread))
    rank = {item_id: index for index, item_id in enumerate(order)}
    diffs.sort(key=lambda d: (d.spread is not None, -(d.spread or 0), rank[d.id]))
    return diffs
