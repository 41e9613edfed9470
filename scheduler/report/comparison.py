"""Scenarios side by side in words: the key-figure rows and the items whose weeks differ.

The figures and the places are data (:mod:`scheduler.compare`); here they become
the cells every briefing format and `plooi compare` show, in Dutch or English.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from scheduler import weeks
from scheduler.compare import Kpis, Place, PlaceKind, item_diffs, kpis, unique_names
from scheduler.plan import SolveStatus
from scheduler.text import numbers
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


PLACE_WORDS = {
    "nl": {PlaceKind.ABSENT: "—", PlaceKind.NO_PLAN: "geen plan", PlaceKind.REJECTED: "afgewezen"},
    "en": {PlaceKind.ABSENT: "—", PlaceKind.NO_PLAN: "no plan", PlaceKind.REJECTED: "rejected"},
}


def place_text(place: Place, lang: str) -> str:
    """``2027-W12 (+3)``, or why the item has no week (absent, no plan, rejected)."""
    if place.kind != PlaceKind.PLACED:
        return PLACE_WORDS["nl" if lang == "nl" else "en"][place.kind]
    assert place.start is not None
    text = weeks.format_week(place.start)
    if place.shift:
        text += f" ({place.shift:+d})"
    return text


def date_diffs(outcomes: Sequence[SolveOutcome], lang: str = "nl") -> list[DateDiff]:
    """Items placed differently somewhere, the largest differences first, as cells."""
    return [
        DateDiff(d.id, d.name, tuple(place_text(p, lang) for p in d.places), d.spread)
        for d in item_diffs(outcomes)
    ]


__all__ = [
    "KPI_DEFS",
    "STATUS_WORDS",
    "Comparison",
    "DateDiff",
    "KpiDef",
    "KpiRow",
    "compare",
    "date_diffs",
    "kpis",
    "place_text",
    "unique_names",
]
