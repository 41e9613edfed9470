"""The briefing's risks: what in the plan is close to breaking, in plain sentences.

Four kinds, in this order: works that finish close to the end of their
window, crews booked full, budget lines close to (or over) their limit, and
rules the current plan already breaks. :class:`RiskSettings` says where
"close" begins; the thresholds are indicative, a gemeente sets its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from scheduler import weeks
from scheduler.report import numbers
from scheduler.report.briefing_words import RISK_TITLES
from scheduler.report.charts import LoadSeries
from scheduler.scenario import Request
from scheduler.text.violations import violation_text
from scheduler.workflow import SolveOutcome

if TYPE_CHECKING:  # briefing_tables reads RiskSettings from here
    from scheduler.plan import Plan
    from scheduler.report.briefing_tables import BudgetLine


@dataclass(frozen=True)
class RiskSettings:
    """When something counts as a risk (indicative: a gemeente sets its own)."""

    window_weeks: int = 4  # a work finishing this close to its window's end
    budget_share: float = 0.95  # a budget line-year this full
    limit: int = 12  # risks of one kind listed in full; the rest are counted


@dataclass(frozen=True)
class Risk:
    kind: Literal["window_end", "crew_full", "budget_tight", "baseline"]
    subject: str
    text: str


@dataclass(frozen=True)
class RiskGroup:
    kind: str
    title: str
    shown: tuple[Risk, ...]
    more: int


def risks(outcome: SolveOutcome, budgets: Sequence[BudgetLine], load: Sequence[LoadSeries],
          settings: RiskSettings, lang: str) -> list[Risk]:
    """Every risk found, kind by kind; within a kind the most pressing first."""
    plan = outcome.result.plan
    found: list[Risk] = []
    if plan is not None:
        found += _window_risks(outcome, plan, settings, lang)
    found += _crew_risks(load, lang)
    found += _budget_risks(budgets, lang)
    for violation in outcome.baseline_violations:
        broken = violation_text(violation, lang)
        text = (f"het huidige plan breekt al een regel: {broken}" if lang == "nl"
                else f"the current plan already breaks a rule: {broken}")
        found.append(Risk("baseline", ",".join(violation.items), text))
    return found


def _window_risks(outcome: SolveOutcome, plan: Plan, settings: RiskSettings,
                  lang: str) -> list[Risk]:
    """Items finishing at most ``window_weeks`` before their window ends; changed ones first."""
    nl = lang == "nl"
    scenario = outcome.scenario
    near = []
    for source in scenario.items:
        item = plan[source.id]
        if source.latest_finish is None or item.finish is None:
            continue
        slack = weeks.parse_week(source.latest_finish) - item.finish
        if slack <= settings.window_weeks:
            changed = item.status in ("moved", "new")
            near.append((not changed, slack, source, item.finish))
    found = []
    for _, slack, source, finish in sorted(near, key=lambda n: (n[0], n[1], n[2].id)):
        what = ("verzoek" if nl else "request") if isinstance(source, Request) else (
            "werk" if nl else "work")
        done = weeks.format_week(finish)
        if slack == 0:
            text = (f"{what} {source.id} ({source.name}) is klaar in {done}, de laatste week "
                    f"van zijn venster; elke vertraging schuift het erbuiten" if nl else
                    f"{what} {source.id} ({source.name}) finishes in {done}, the last week "
                    f"of its window; any delay pushes it out")
        else:
            text = (f"{what} {source.id} ({source.name}) is klaar in {done}, "
                    f"{numbers.count(slack, 'week', 'weken')} voor het einde van zijn venster "
                    f"({source.latest_finish})" if nl else
                    f"{what} {source.id} ({source.name}) finishes in {done}, "
                    f"{numbers.count(slack, 'week', 'weeks')} before its window ends "
                    f"({source.latest_finish})")
        found.append(Risk("window_end", source.id, text))
    return found


def _crew_risks(load: Sequence[LoadSeries], lang: str) -> list[Risk]:
    """Crews booked full in some week after the change; the fullest first."""
    nl = lang == "nl"
    found = []
    for series in sorted(load, key=lambda s: (-s.full_weeks("after"), s.id)):
        full_after, full_before = series.full_weeks("after"), series.full_weeks("before")
        if not full_after:
            continue
        run = _longest_full_run(series)
        text = (f"ploeg {series.id} ({series.name}) zit "
                f"{numbers.count(full_after, 'week', 'weken')} vol (voor: {full_before}); "
                f"langste aaneengesloten periode {run}"
                if nl else
                f"crew {series.id} ({series.name}) is booked full in "
                f"{numbers.count(full_after, 'week', 'weeks')} (before: {full_before}); "
                f"longest stretch {run}")
        found.append(Risk("crew_full", series.id, text))
    return found


def _budget_risks(budgets: Sequence[BudgetLine], lang: str) -> list[Risk]:
    """Budget line-years that are tight or overrun; the fullest first."""
    nl = lang == "nl"
    found = []
    for budget in sorted(budgets, key=lambda b: (-(b.share or 0), b.line, b.year)):
        if budget.state == "ok":
            continue
        used = numbers.percent(budget.share, lang, 1)
        if budget.state == "over":
            text = (f"budget {budget.line} {budget.year} is overschreden: "
                    f"{numbers.money(budget.after, lang)} van {numbers.money(budget.limit, lang)}"
                    if nl else
                    f"budget {budget.line} {budget.year} is overrun: "
                    f"{numbers.money(budget.after, lang)} of {numbers.money(budget.limit, lang)}")
        else:
            text = (f"budget {budget.line} {budget.year} is voor {used} besteed; nog "
                    f"{numbers.money(budget.headroom, lang)} ruimte"
                    if nl else
                    f"budget {budget.line} {budget.year} is {used} spent; "
                    f"{numbers.money(budget.headroom, lang)} head-room left")
        found.append(Risk("budget_tight", f"{budget.line} {budget.year}", text))
    return found


def _longest_full_run(series: LoadSeries) -> str:
    best: tuple[int, int] | None = None
    start = None
    flags = [bool(used and used >= cap) for cap, used in
             zip(series.capacity, series.after, strict=True)] + [False]
    for index, full in enumerate(flags):
        if full and start is None:
            start = index
        elif not full and start is not None:
            if best is None or index - start > best[1] - best[0] + 1:
                best = (start, index - 1)
            start = None
    if best is None:
        return "—"
    return weeks.format_range(series.first + best[0], series.first + best[1])


def risk_groups(found: Sequence[Risk], settings: RiskSettings, lang: str) -> list[RiskGroup]:
    """The risks per kind under a title, the first ``settings.limit`` shown, the rest counted."""
    groups = []
    for kind in ("window_end", "crew_full", "budget_tight", "baseline"):
        of_kind = [r for r in found if r.kind == kind]
        if not of_kind:
            continue
        title = RISK_TITLES[lang][kind].format(
            n=settings.window_weeks, p=numbers.percent(settings.budget_share, lang))
        shown = tuple(of_kind[: settings.limit])
        groups.append(RiskGroup(kind, title, shown, len(of_kind) - len(shown)))
    return groups
