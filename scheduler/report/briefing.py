"""The council briefing (raadsinformatiebrief) as one neutral data object.

:func:`build_briefing` reads one or more :class:`SolveOutcome` objects (the
first is the scenario the briefing is about, the others are compared with it)
and returns a :class:`Briefing`: every sentence, figure and chart series a
reader sees, already in Dutch or English. The HTML, PDF, Markdown and Excel
writers only lay it out, so the four formats always say the same thing.
Nothing here solves: outcomes come from :func:`scheduler.workflow.solve_scenario`.

This module holds the object and puts it together; its parts are built in
``briefing_tables`` (the tables), ``briefing_risks``, ``briefing_message``
(the key message) and ``briefing_method`` (the method note), with the fixed
words in ``briefing_words``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING

from scheduler import weeks
from scheduler.compare import Kpis, kpis
from scheduler.geo.briefing_map import AreaMapView, map_view
from scheduler.plan import Plan, SolveStatus
from scheduler.report import numbers
from scheduler.report.briefing_message import key_message
from scheduler.report.briefing_method import Method, method
from scheduler.report.briefing_risks import Risk, RiskGroup, RiskSettings, risk_groups, risks
from scheduler.report.briefing_tables import (
    BudgetLine,
    DisplacementLine,
    RequestLine,
    ScheduleLine,
    budget_lines,
    displacement_lines,
    request_lines,
    schedule_lines,
)
from scheduler.report.briefing_words import KIND_NAMES, LABELS, OUTCOME_WORDS
from scheduler.report.charts import Gantt, GroupBy, LoadSeries, gantt, load_series
from scheduler.report.comparison import Comparison, compare
from scheduler.scenario import Scenario
from scheduler.text.conflicts import describe_conflict
from scheduler.workflow import SolveOutcome

if TYPE_CHECKING:
    from scheduler.geo.areas import AreaGeometry
    from scheduler.geo.maps import Measure
    from scheduler.risk.brief import Uncertainty


@dataclass
class Briefing:
    """Everything one briefing shows, in one language; the writers only lay it out."""

    lang: str
    labels: dict[str, str]
    title: str
    scenario: str
    description: str
    made_on: str
    status: SolveStatus
    has_plan: bool
    key_message: tuple[str, ...]
    kpis: Kpis
    requests: tuple[RequestLine, ...]
    displacements: tuple[DisplacementLine, ...]
    schedule: tuple[ScheduleLine, ...]
    gantt: Gantt
    gantt_tails: dict[str, str]
    budgets: tuple[BudgetLine, ...]
    load: tuple[LoadSeries, ...]
    risks: tuple[Risk, ...]
    risk_groups: tuple[RiskGroup, ...]
    conflict: tuple[str, ...]
    conflict_minimal: bool
    comparison: Comparison | None
    method: Method
    work_count: int
    settings: RiskSettings = field(default_factory=RiskSettings)
    uncertainty: Uncertainty | None = None  # plooi brief --risk (scheduler/risk/brief.py)
    # The map of wijken and buurten, when the scenario has boundaries (scheduler/geo).
    area_map: AreaMapView | None = None

    @property
    def gantt_focus(self) -> str:
        return weeks.format_range(*self.gantt.focus)

    def money(self, value: int | float | Fraction) -> str:
        return numbers.money(value, self.lang)

    def number(self, value: int | float | Fraction) -> str:
        return numbers.number(value, self.lang)

    def percent(self, share: float | None) -> str:
        return numbers.percent(share, self.lang, 1)

    @property
    def key_figures(self) -> list[str]:
        """Strings every format must show: the reader's key numbers and ids."""
        figures = [r.id for r in self.requests] + [d.id for d in self.displacements[:20]]
        if self.kpis.displacement_cost is not None:
            figures.append(self.number(self.kpis.displacement_cost))
        if self.kpis.request_cost:
            figures.append(self.money(self.kpis.request_cost))
        return figures


def build_briefing(
    outcomes: Sequence[SolveOutcome],
    lang: str = "nl",
    group_by: GroupBy = "wijk",
    settings: RiskSettings | None = None,
    made_on: date | None = None,
    geometry: AreaGeometry | None = None,
    map_measure: Measure = "hinder",
) -> Briefing:
    """The briefing about ``outcomes[0]``; further outcomes are compared with it."""
    if not outcomes:
        raise ValueError("a briefing needs at least one outcome")
    if lang not in LABELS:
        raise ValueError(f"unknown language {lang!r}")
    settings = settings or RiskSettings()
    outcome = outcomes[0]
    scenario = outcome.scenario
    plan = outcome.result.plan
    labels = LABELS[lang]
    baseline = Plan.baseline(scenario)
    figures = kpis(outcome)
    requests = tuple(request_lines(outcome, lang))
    displacements = tuple(displacement_lines(outcome, lang))
    budgets = tuple(budget_lines(scenario, baseline, plan, settings))
    load = tuple(load_series(scenario, baseline, plan))
    found = tuple(risks(outcome, budgets, load, settings, lang))
    conflict = tuple(
        str(row["text"])
        for row in (describe_conflict(scenario, outcome.clash, lang) if outcome.clash else ())
    )
    tails = {"request": "nieuw" if lang == "nl" else "new",
             "rejected": OUTCOME_WORDS[lang]["rejected" if plan is not None else "unplaced"],
             "weeks": "wk"}
    return Briefing(
        lang=lang,
        labels=labels,
        title=f"{labels['doc_title']}: {outcome.name}",
        scenario=outcome.name,
        description=scenario.description or "",
        made_on=numbers.day(made_on or date.today(), lang),
        status=outcome.status,
        has_plan=plan is not None,
        key_message=tuple(key_message(outcome, figures, requests, displacements, budgets,
                                      conflict, lang)),
        kpis=figures,
        requests=requests,
        displacements=displacements,
        schedule=tuple(schedule_lines(outcome, lang)),
        gantt=gantt(scenario, plan, group_by, lambda key: _group_title(scenario, key, group_by,
                                                                        lang)),
        gantt_tails=tails,
        budgets=budgets,
        load=load,
        risks=found,
        risk_groups=tuple(risk_groups(found, settings, lang)),
        conflict=conflict,
        conflict_minimal=outcome.conflict_minimal,
        comparison=compare(outcomes, lang) if len(outcomes) > 1 else None,
        method=method(outcome, lang),
        work_count=len(scenario.works),
        settings=settings,
        area_map=None if geometry is None else map_view(scenario, plan, geometry, map_measure,
                                                         lang),
    )


def _group_title(scenario: Scenario, key: str, by: GroupBy, lang: str) -> str:
    if by == "kind":
        return KIND_NAMES[lang].get(key, key)
    for area in scenario.areas:
        if area.code == key:
            return f"{area.name} ({key})"
    return key

