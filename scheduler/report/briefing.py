"""The council briefing (raadsinformatiebrief) as one neutral data object.

:func:`build_briefing` reads one or more :class:`SolveOutcome` objects (the
first is the scenario the briefing is about, the others are compared with it)
and returns a :class:`Briefing`: every sentence, figure and chart series a
reader sees, already in Dutch or English. The HTML, PDF, Markdown and Excel
writers only lay it out, so the four formats always say the same thing.
Nothing here solves: outcomes come from :func:`scheduler.workflow.solve_scenario`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Literal, assert_never

from scheduler import weeks
from scheduler.compare import Kpis, kpis
from scheduler.geo.briefing_map import AreaMapView, map_view
from scheduler.plan import Plan, SolveStatus
from scheduler.report import numbers
from scheduler.report.charts import Gantt, GroupBy, LoadSeries, gantt, load_series
from scheduler.report.comparison import STATUS_WORDS, Comparison, compare
from scheduler.rules import Checked, Rule
from scheduler.scenario import Objective, Request, Scenario, Work, wijk_of
from scheduler.text.causes import cause_text
from scheduler.text.conflicts import describe_conflict
from scheduler.text.kinds import KIND_GROUPS
from scheduler.text.violations import violation_text
from scheduler.workflow import SolveOutcome

if TYPE_CHECKING:
    from scheduler.geo.areas import AreaGeometry
    from scheduler.geo.maps import Measure
    from scheduler.risk.brief import Uncertainty

Outcome = Literal["placed", "accepted", "rejected", "unplaced"]
BudgetState = Literal["ok", "tight", "over"]


@dataclass(frozen=True)
class RiskSettings:
    """When something counts as a risk (indicative: a gemeente sets its own)."""

    window_weeks: int = 4  # a work finishing this close to its window's end
    budget_share: float = 0.95  # a budget line-year this full
    limit: int = 12  # risks of one kind listed in full; the rest are counted


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


@dataclass(frozen=True)
class Method:
    status: SolveStatus
    status_text: str
    proven: bool
    gap: float | None
    seconds: float
    paragraphs: tuple[str, ...]
    stages: tuple[tuple[str, str, str, str], ...]


@dataclass
class Briefing:
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


# -- words ---------------------------------------------------------------------------------

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "doc_title": "Raadsinformatiebrief",
        "scenario": "Scenario",
        "made_on": "Opgesteld op",
        "key_message": "Kernboodschap",
        "requests": "Verzoeken",
        "displacements": "Verschoven werken",
        "gantt": "Planning voor en na",
        "budgets": "Budget per lijn en jaar",
        "load": "Belasting van de ploegen",
        "risks": "Risico's",
        "comparison": "Scenario's naast elkaar",
        "method": "Werkwijze",
        "conflict": "Waarom het niet past",
        "contents": "Inhoud",
        "id": "Id",
        "name": "Naam",
        "kind": "Soort",
        "area": "Gebied",
        "requested_by": "Aangevraagd door",
        "reason": "Reden",
        "outcome": "Uitkomst",
        "weeks": "Weken",
        "window": "Venster",
        "cost": "Kosten",
        "budget": "Budgetlijn",
        "displaces": "Verschuift",
        "from": "Van",
        "to": "Naar",
        "shift": "Schuif (wk)",
        "cause": "Oorzaak",
        "chain": "Keten",
        "weighted_cost": "Verschuivingskosten",
        "points": "Punten",
        "line": "Lijn",
        "year": "Jaar",
        "limit": "Jaarbedrag",
        "before": "Voor",
        "after": "Na",
        "change": "Verschil",
        "headroom": "Ruimte",
        "use": "Gebruik",
        "state": "Stand",
        "state_ok": "binnen budget",
        "state_tight": "krap",
        "state_over": "overschreden",
        "crew": "Ploeg",
        "peak": "Piek",
        "full_weeks": "Weken vol",
        "mean_use": "Bezetting",
        "week": "Week",
        "capacity": "Capaciteit",
        "free": "Vrij",
        "kpi": "Kengetal",
        "differs": "Verschilt",
        "yes": "ja",
        "date_diffs": "Werken en verzoeken waarvan de weken verschillen",
        "no_date_diffs": "Alle werken en verzoeken staan in elk scenario in dezelfde weken.",
        "stage": "Fase",
        "objective": "Doelwaarde",
        "bound": "Grens",
        "status": "Status",
        "type": "Type",
        "work": "werk",
        "request": "verzoek",
        "planned_start": "Gepland",
        "start": "Start",
        "finish": "Klaar",
        "group": "Groep",
        "no_requests": "Er zijn geen verzoeken in dit scenario.",
        "no_displacements": "Geen enkel werk hoeft te verschuiven.",
        "no_risks": "Geen bijzondere risico's gevonden.",
        "no_budgets": "Dit scenario heeft geen budgetlijnen.",
        "no_crews": "Dit scenario heeft geen ploegen of capaciteiten.",
        "legend_moved": "verschoven (nieuwe weken)",
        "legend_planned": "oorspronkelijk gepland",
        "legend_request": "nieuw verzoek",
        "legend_window": "venster / afgewezen verzoek",
        "legend_unchanged": "ongewijzigd",
        "legend_before": "voor",
        "legend_after": "na",
        "legend_capacity": "capaciteit",
        "legend_full": "volgeboekt",
        "folded": "ongewijzigde werken",
        "folded_strip": "ongewijzigd (aantal per week)",
        "gantt_note": "Per {group} eerst de verschoven werken en de verzoeken, op een tijdas van "
        "{focus} (de periode waarin iets verandert); de ongewijzigde werken zijn ingeklapt: de "
        "grijze strook toont hoeveel er per week lopen, de lijst eronder toont ze over de hele "
        "horizon.",
        "gantt_note_pdf": "Per {group} de verschoven werken en de verzoeken, op een tijdas van "
        "{focus} (de periode waarin iets verandert). De grijstinten daarna tonen hoeveel "
        "ongewijzigde werken er per week lopen, over de hele horizon.",
        "group_wijk": "wijk",
        "group_kind": "soort werk",
        "budget_note": "Bedragen in euro's per begrotingsjaar (ISO-jaar van de week); de balk "
        "toont de besteding na, het streepje de besteding voor.",
        "load_note": "Per ploeg de ingezette eenheden per week: na (vlak), voor (gestreept) en "
        "de capaciteit (rode lijn); rode blokjes onderaan: weken waarin de ploeg vol zit.",
        "more": "en {n} andere",
        "moved_count": "verschoven",
        "requests_count": "verzoeken",
        "request_one": "verzoek",
        "unchanged_count": "ongewijzigd",
        "footer": "plooi — planning openbare ruimte",
        "page": "Pagina",
        "summary_sheet": "Samenvatting",
        "schedule_sheet": "Planning",
        "displacements_sheet": "Verschuivingen",
        "budgets_sheet": "Budgetten",
        "load_sheet": "Belasting",
        "comparison_sheet": "Vergelijking",
        "diffs_sheet": "Verschillen",
        "risks_sheet": "Risico's",
        "charts_elsewhere": "Grafieken staan in de HTML- en PDF-versie van deze brief.",
    },
    "en": {
        "doc_title": "Council briefing",
        "scenario": "Scenario",
        "made_on": "Prepared on",
        "key_message": "Key message",
        "requests": "Requests",
        "displacements": "Displaced works",
        "gantt": "Schedule before and after",
        "budgets": "Budget per line and year",
        "load": "Crew load",
        "risks": "Risks",
        "comparison": "Scenarios side by side",
        "method": "Method",
        "conflict": "Why it does not fit",
        "contents": "Contents",
        "id": "Id",
        "name": "Name",
        "kind": "Kind",
        "area": "Area",
        "requested_by": "Requested by",
        "reason": "Reason",
        "outcome": "Outcome",
        "weeks": "Weeks",
        "window": "Window",
        "cost": "Cost",
        "budget": "Budget line",
        "displaces": "Displaces",
        "from": "From",
        "to": "To",
        "shift": "Shift (wk)",
        "cause": "Cause",
        "chain": "Chain",
        "weighted_cost": "Displacement cost",
        "points": "Points",
        "line": "Line",
        "year": "Year",
        "limit": "Yearly amount",
        "before": "Before",
        "after": "After",
        "change": "Change",
        "headroom": "Head-room",
        "use": "Use",
        "state": "State",
        "state_ok": "within budget",
        "state_tight": "tight",
        "state_over": "overrun",
        "crew": "Crew",
        "peak": "Peak",
        "full_weeks": "Weeks full",
        "mean_use": "Utilisation",
        "week": "Week",
        "capacity": "Capacity",
        "free": "Free",
        "kpi": "Key figure",
        "differs": "Differs",
        "yes": "yes",
        "date_diffs": "Works and requests whose weeks differ",
        "no_date_diffs": "Every work and request stands in the same weeks in every scenario.",
        "stage": "Stage",
        "objective": "Objective",
        "bound": "Bound",
        "status": "Status",
        "type": "Type",
        "work": "work",
        "request": "request",
        "planned_start": "Planned",
        "start": "Start",
        "finish": "Finish",
        "group": "Group",
        "no_requests": "This scenario has no requests.",
        "no_displacements": "No work needs to move.",
        "no_risks": "No particular risks found.",
        "no_budgets": "This scenario has no budget lines.",
        "no_crews": "This scenario has no crews or capacities.",
        "legend_moved": "moved (new weeks)",
        "legend_planned": "planned before",
        "legend_request": "new request",
        "legend_window": "window / rejected request",
        "legend_unchanged": "unchanged",
        "legend_before": "before",
        "legend_after": "after",
        "legend_capacity": "capacity",
        "legend_full": "booked full",
        "folded": "unchanged works",
        "folded_strip": "unchanged (count per week)",
        "gantt_note": "Per {group}, the moved works and the requests first, on a time axis of "
        "{focus} (the period in which anything changes); unchanged works are folded: the grey "
        "strip shows how many run each week, the list below shows them over the whole horizon.",
        "gantt_note_pdf": "Per {group}, the moved works and the requests on a time axis of "
        "{focus} (the period in which anything changes). The grey shades after it show how "
        "many unchanged works run each week, over the whole horizon.",
        "group_wijk": "wijk (district)",
        "group_kind": "kind of work",
        "budget_note": "Amounts in euros per budget year (the ISO year of the week); the bar "
        "shows the spend after, the tick the spend before.",
        "load_note": "Units booked per crew and week: after (area), before (dashed) and the "
        "capacity (red line); red marks below: weeks in which the crew is booked full.",
        "more": "and {n} more",
        "moved_count": "moved",
        "requests_count": "requests",
        "request_one": "request",
        "unchanged_count": "unchanged",
        "footer": "plooi — public-space planning",
        "page": "Page",
        "summary_sheet": "Summary",
        "schedule_sheet": "Schedule",
        "displacements_sheet": "Displacements",
        "budgets_sheet": "Budgets",
        "load_sheet": "Load",
        "comparison_sheet": "Comparison",
        "diffs_sheet": "Differences",
        "risks_sheet": "Risks",
        "charts_elsewhere": "Charts are in the HTML and PDF versions of this briefing.",
    },
}

KIND_NAMES = KIND_GROUPS  # spelled in scheduler.text.kinds

OUTCOME_WORDS = {
    "nl": {"placed": "geplaatst (verplicht)", "accepted": "geaccepteerd (optioneel)",
           "rejected": "afgewezen (optioneel)", "unplaced": "niet geplaatst"},
    "en": {"placed": "placed (mandatory)", "accepted": "accepted (optional)",
           "rejected": "rejected (optional)", "unplaced": "not placed"},
}

ITEM_STATUS_WORDS = {
    "nl": {"unchanged": "ongewijzigd", "moved": "verschoven", "new": "nieuw",
           "rejected": "afgewezen", "unplaced": "niet geplaatst"},
    "en": {"unchanged": "unchanged", "moved": "moved", "new": "new", "rejected": "rejected",
           "unplaced": "not placed"},
}

STAGE_WORDS = {
    "nl": {"value": "waarde verzoeken", "displacement": "verschuiving", "makespan": "doorlooptijd",
           "feasibility": "haalbaarheid"},
    "en": {"value": "value of requests", "displacement": "displacement", "makespan": "makespan",
           "feasibility": "feasibility"},
}


# -- building ------------------------------------------------------------------------------


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
    requests = tuple(_request_lines(outcome, lang))
    displacements = tuple(_displacement_lines(outcome, lang))
    budgets = tuple(_budget_lines(scenario, baseline, plan, settings))
    load = tuple(load_series(scenario, baseline, plan))
    risks = tuple(_risks(outcome, budgets, load, settings, lang))
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
        key_message=tuple(_key_message(outcome, figures, requests, displacements, budgets,
                                       conflict, lang)),
        kpis=figures,
        requests=requests,
        displacements=displacements,
        schedule=tuple(_schedule_lines(outcome, lang)),
        gantt=gantt(scenario, plan, group_by, lambda key: _group_title(scenario, key, group_by,
                                                                        lang)),
        gantt_tails=tails,
        budgets=budgets,
        load=load,
        risks=risks,
        risk_groups=tuple(_risk_groups(risks, settings, lang)),
        conflict=conflict,
        conflict_minimal=outcome.conflict_minimal,
        comparison=compare(outcomes, lang) if len(outcomes) > 1 else None,
        method=_method(outcome, lang),
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


def _request_lines(outcome: SolveOutcome, lang: str) -> list[RequestLine]:
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


def _schedule_lines(outcome: SolveOutcome, lang: str) -> list[ScheduleLine]:
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


def _displacement_lines(outcome: SolveOutcome, lang: str) -> list[DisplacementLine]:
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


def _budget_lines(scenario: Scenario, baseline: Plan, plan: Plan | None,
                  settings: RiskSettings) -> list[BudgetLine]:
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


def _risks(outcome: SolveOutcome, budgets: Sequence[BudgetLine], load: Sequence[LoadSeries],
           settings: RiskSettings, lang: str) -> list[Risk]:
    nl = lang == "nl"
    scenario = outcome.scenario
    plan = outcome.result.plan
    risks: list[Risk] = []
    if plan is not None:
        near = []
        for source in scenario.items:
            item = plan[source.id]
            if source.latest_finish is None or item.finish is None:
                continue
            slack = weeks.parse_week(source.latest_finish) - item.finish
            if slack <= settings.window_weeks:
                changed = item.status in ("moved", "new")
                near.append((not changed, slack, source, item.finish))
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
            risks.append(Risk("window_end", source.id, text))
    crews = sorted(load, key=lambda s: (-s.full_weeks("after"), s.id))
    for series in crews:
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
        risks.append(Risk("crew_full", series.id, text))
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
        risks.append(Risk("budget_tight", f"{budget.line} {budget.year}", text))
    for violation in outcome.baseline_violations:
        text = (f"het huidige plan breekt al een regel: {violation_text(violation, lang)}" if nl
                else f"the current plan already breaks a rule: {violation_text(violation, lang)}")
        risks.append(Risk("baseline", ",".join(violation.items), text))
    return risks


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
    return _span_text(series.first + best[0], series.first + best[1])


RISK_TITLES = {
    "nl": {
        "window_end": "Werken dicht bij het einde van hun venster (hooguit {n} weken speling)",
        "crew_full": "Ploegen die volgeboekt zijn",
        "budget_tight": "Budgetlijnen dicht bij hun grens (vanaf {p} besteed)",
        "baseline": "Regels die het huidige plan al breekt",
    },
    "en": {
        "window_end": "Works close to the end of their window (at most {n} weeks to spare)",
        "crew_full": "Crews booked full",
        "budget_tight": "Budget lines close to their limit ({p} spent or more)",
        "baseline": "Rules the current plan already breaks",
    },
}


def _risk_groups(risks: Sequence[Risk], settings: RiskSettings, lang: str) -> list[RiskGroup]:
    groups = []
    for kind in ("window_end", "crew_full", "budget_tight", "baseline"):
        found = [r for r in risks if r.kind == kind]
        if not found:
            continue
        title = RISK_TITLES[lang][kind].format(
            n=settings.window_weeks, p=numbers.percent(settings.budget_share, lang))
        shown = tuple(found[: settings.limit])
        groups.append(RiskGroup(kind, title, shown, len(found) - len(shown)))
    return groups


# -- the key message -----------------------------------------------------------------------


def _key_message(outcome: SolveOutcome, figures: Kpis, requests: Sequence[RequestLine],
                 displacements: Sequence[DisplacementLine], budgets: Sequence[BudgetLine],
                 conflict: Sequence[str], lang: str) -> list[str]:
    """2-4 plain sentences: what was asked, what is recommended, what moves, what it costs."""
    nl = lang == "nl"
    sentences = [_asked(outcome, requests, lang)]
    if outcome.status == SolveStatus.INFEASIBLE:
        clash = numbers.listing(list(conflict), lang, limit=3)
        sentences.append(
            f"Dit past niet binnen de regels: {clash}. Advies: kies welke van deze regels of "
            "deadlines kan wijken; geen enkel plan voldoet aan alle."
            if nl else
            f"This does not fit within the rules: {clash}. Recommendation: decide which of these "
            "rules or deadlines can give way; no plan satisfies all of them."
        )
        return sentences
    if outcome.result.plan is None:
        sentences.append(
            "Binnen de rekentijd is geen plan gevonden, dus er is nog geen advies. Geef de "
            "berekening meer tijd (--time-limit)."
            if nl else
            "No plan was found within the time limit, so there is no recommendation yet. Give "
            "the calculation more time (--time-limit)."
        )
        return sentences
    sentences.append(_recommended(figures, requests, lang))
    sentences.append(_moves(figures, displacements, bool(requests), lang))
    sentences.append(_costs(figures, requests, budgets, lang))
    return sentences


def _asked(outcome: SolveOutcome, requests: Sequence[RequestLine], lang: str) -> str:
    nl = lang == "nl"
    works = len(outcome.scenario.works)
    if not requests:
        return (f"Er zijn geen nieuwe verzoeken; dit is het programma van "
                f"{numbers.count(works, 'werk', 'werken')}." if nl else
                f"There are no new requests; this is the programme of "
                f"{numbers.count(works, 'work', 'works')}.")
    if len(requests) <= 3:
        named = numbers.listing([f"{r.id} ({r.name})" for r in requests], lang)
        return (f"Gevraagd is om {named} in te plannen in het programma van "
                f"{numbers.count(works, 'werk', 'werken')}." if nl else
                f"The request is to schedule {named} in the programme of "
                f"{numbers.count(works, 'work', 'works')}.")
    mandatory = sum(1 for r in requests if r.mandatory)
    optional = len(requests) - mandatory
    return (f"Gevraagd is om {len(requests)} verzoeken ({mandatory} verplicht, {optional} "
            f"optioneel) in te plannen in het programma van "
            f"{numbers.count(works, 'werk', 'werken')}." if nl else
            f"The request is to schedule {len(requests)} requests ({mandatory} mandatory, "
            f"{optional} optional) in the programme of {numbers.count(works, 'work', 'works')}.")


def _recommended(figures: Kpis, requests: Sequence[RequestLine], lang: str) -> str:
    nl = lang == "nl"
    rejected = [r.id for r in requests if r.outcome == "rejected"]
    scheduled = len(requests) - len(rejected)
    proven = figures.status == SolveStatus.OPTIMAL
    tail_nl = ("; alle regels blijven gerespecteerd en geen ander plan verschuift minder"
               if proven else "; alle regels blijven gerespecteerd")
    tail_en = ("; every rule is kept and no other plan moves less" if proven
               else "; every rule is kept")
    if not requests:
        return ("Advies: het programma blijft zoals het is" + tail_nl + "." if nl else
                "Recommendation: the programme stays as it is" + tail_en + ".")
    if not rejected:
        which_nl = {1: "het verzoek", 2: "beide verzoeken"}.get(
            scheduled, f"alle {scheduled} verzoeken")
        which_en = {1: "the request", 2: "both requests"}.get(
            scheduled, f"all {scheduled} requests")
        return (f"Advies: plan {which_nl} in zoals in deze brief{tail_nl}." if nl else
                f"Recommendation: schedule {which_en} as set out in this briefing{tail_en}.")
    ids = numbers.listing(rejected, lang)
    return (f"Advies: plan {numbers.count(scheduled, 'verzoek', 'verzoeken')} in en wijs "
            f"{numbers.count(len(rejected), 'optioneel verzoek', 'optionele verzoeken')} af "
            f"({ids}){tail_nl}." if nl else
            f"Recommendation: schedule {numbers.count(scheduled, 'request', 'requests')} and "
            f"reject {numbers.count(len(rejected), 'optional request', 'optional requests')} "
            f"({ids}){tail_en}.")


def _moves(figures: Kpis, displacements: Sequence[DisplacementLine], asked: bool,
           lang: str) -> str:
    nl = lang == "nl"
    if not displacements and not asked:
        return ("Er verschuift geen enkel werk uit het programma." if nl else
                "No work of the programme moves.")
    if not displacements:
        return ("Daarvoor hoeft geen enkel werk uit het programma te verschuiven." if nl else
                "No work of the programme needs to move for this.")
    biggest = max(displacements, key=lambda d: (abs(d.shift), d.id))
    total = figures.shift_weeks or 0
    cost = numbers.number(figures.displacement_cost or 0, lang)
    if nl:
        verb = "schuift" if len(displacements) == 1 else "schuiven"
        return (f"Daarvoor {verb} {numbers.count(len(displacements), 'werk', 'werken')}, samen "
                f"{numbers.count(total, 'week', 'weken')} (verschuivingskosten {cost} punten); "
                f"het meest {biggest.id} ({biggest.name}): {biggest.shift:+d} weken, van "
                f"{biggest.planned} naar {biggest.start}.")
    return (f"For this, {numbers.count(len(displacements), 'work moves', 'works move')}, "
            f"{numbers.count(total, 'week', 'weeks')} in all (displacement cost {cost} points); "
            f"the largest is {biggest.id} ({biggest.name}): {biggest.shift:+d} weeks, from "
            f"{biggest.planned} to {biggest.start}.")


def _costs(figures: Kpis, requests: Sequence[RequestLine], budgets: Sequence[BudgetLine],
           lang: str) -> str:
    nl = lang == "nl"
    scheduled = [r for r in requests if r.outcome in ("placed", "accepted")]
    names = {b.line: b.name for b in budgets}
    lines = sorted({names.get(r.budget, r.budget) for r in scheduled
                    if r.cost and r.budget != "—"})
    over = [b for b in budgets if b.state == "over"]
    tight = [b for b in budgets if b.limit]
    if over:
        worst = max(over, key=lambda b: (b.after - b.limit, b.line))
        budget_nl = (f"let op: {worst.name} {worst.year} is met "
                     f"{numbers.money(worst.after - worst.limit, lang)} overschreden")
        budget_en = (f"note: {worst.name} {worst.year} is overrun by "
                     f"{numbers.money(worst.after - worst.limit, lang)}")
    elif tight:
        least = min(tight, key=lambda b: (b.headroom, b.line, b.year))
        budget_nl = (f"alle budgetlijnen blijven binnen hun jaarbedrag; de kleinste ruimte is "
                     f"{numbers.money(least.headroom, lang)} op {least.name} {least.year}")
        budget_en = (f"every budget line stays within its yearly amount; the smallest head-room "
                     f"is {numbers.money(least.headroom, lang)} on {least.name} {least.year}")
    else:
        budget_nl = "er zijn geen budgetlijnen met een jaarbedrag"
        budget_en = "there are no budget lines with a yearly amount"
    if not requests:
        return (budget_nl[0].upper() + budget_nl[1:] + "." if nl else
                budget_en[0].upper() + budget_en[1:] + ".")
    cost = numbers.money(figures.request_cost or 0, lang)
    where_nl = f", ten laste van {numbers.listing(lines, lang)}" if lines else ""
    where_en = f", charged to {numbers.listing(lines, lang)}" if lines else ""
    return (f"De ingeplande verzoeken kosten {cost}{where_nl}; {budget_nl}." if nl else
            f"The scheduled requests cost {cost}{where_en}; {budget_en}.")


# -- the method note -----------------------------------------------------------------------


def _method(outcome: SolveOutcome, lang: str) -> Method:
    nl = lang == "nl"
    result = outcome.result
    scenario = outcome.scenario
    settings = result.settings
    penalty = scenario.policy.move_penalty
    paragraphs = []
    if scenario.policy.objective == Objective.MAKESPAN:
        paragraphs.append(
            "Berekend met OR-Tools CP-SAT (constraint programming): eerst worden alle verplichte "
            "verzoeken binnen hun venster geplaatst, dan wordt de waarde van geaccepteerde "
            "optionele verzoeken zo groot mogelijk gemaakt, dan is alles zo vroeg mogelijk klaar."
            if nl else
            "Computed with OR-Tools CP-SAT (constraint programming): first every mandatory "
            "request is placed inside its window, then the value of accepted optional requests "
            "is maximised, then everything finishes as early as possible."
        )
    else:
        paragraphs.append(
            "Berekend met OR-Tools CP-SAT (constraint programming), in vaste volgorde: eerst "
            "worden alle verplichte verzoeken binnen hun venster geplaatst, dan wordt de waarde "
            "van geaccepteerde optionele verzoeken zo groot mogelijk gemaakt, dan de verschuiving "
            f"van het programma zo klein mogelijk (gewicht × weken, plus {penalty} per werk dat "
            "verschuift)."
            if nl else
            "Computed with OR-Tools CP-SAT (constraint programming), in a fixed order: first "
            "every mandatory request is placed inside its window, then the value of accepted "
            "optional requests is maximised, then the displacement of the programme is "
            f"minimised (weight × weeks, plus {penalty} for every work that moves)."
        )
    status = STATUS_WORDS[lang][result.status]
    if result.status == SolveStatus.OPTIMAL:
        paragraphs.append(
            "Uitkomst: optimaal, en dat is bewezen: geen plan binnen de regels doet het beter."
            if nl else
            "Outcome: optimal, and proven so: no plan within the rules does better.")
    elif result.status == SolveStatus.FEASIBLE:
        gap = numbers.percent(result.gap, lang, 1)
        bound = "—" if result.bound is None else numbers.number(result.bound, lang)
        paragraphs.append(
            f"Uitkomst: een geldig plan, maar niet bewezen optimaal binnen de rekentijd. De "
            f"bewezen ondergrens is {bound}; het verschil (gap) is hooguit {gap}."
            if nl else
            f"Outcome: a valid plan, but not proven optimal within the time limit. The proven "
            f"bound is {bound}; the gap is at most {gap}.")
    elif result.status == SolveStatus.INFEASIBLE:
        minimal = ("De genoemde regels vormen samen een minimaal conflict: laat er één los en het "
                   "past." if outcome.conflict_minimal else
                   "Of dit conflict minimaal is, is binnen de rekentijd niet bewezen.") if nl else (
                   "The rules named form a minimal conflict: lift any one and it fits."
                   if outcome.conflict_minimal else
                   "Whether this conflict is minimal was not proven within the time limit.")
        paragraphs.append(("Uitkomst: bewezen onhaalbaar. " if nl else
                           "Outcome: proven infeasible. ") + minimal)
    else:
        paragraphs.append("Uitkomst: geen plan gevonden binnen de rekentijd." if nl else
                          "Outcome: no plan found within the time limit.")
    paragraphs.append(
        f"Rekentijd {numbers.seconds(result.seconds, lang)} (limiet "
        f"{numbers.seconds(settings.time_limit, lang)}), seed {settings.seed}, "
        f"{settings.workers} rekenkernen"
        + (", deterministisch." if settings.deterministic else ".")
        if nl else
        f"Solve time {numbers.seconds(result.seconds, lang)} (limit "
        f"{numbers.seconds(settings.time_limit, lang)}), seed {settings.seed}, "
        f"{settings.workers} workers" + (", deterministic." if settings.deterministic else "."))
    if result.plan is not None:
        rules_nl, rules_en = checked_rules_text(scenario, "nl"), checked_rules_text(scenario, "en")
        paragraphs.append(
            "Het plan is daarna door een onafhankelijke controle getoetst op alle harde regels "
            f"({rules_nl}): geen overtredingen. De oorzaken van verschuivingen zijn uit het plan "
            "afgeleid: de regel die een werk zou breken als het alleen terug ging naar zijn "
            "geplande weken."
            if nl else
            "The plan was then checked by an independent checker against every hard rule "
            f"({rules_en}): no violations. The causes of displacements are derived from the "
            "plan: the rule a work would break if it alone went back to its planned weeks.")
    stages = tuple(
        (STAGE_WORDS[lang].get(s.name, s.name), s.status.lower(),
         "—" if s.objective is None else numbers.number(s.objective, lang),
         "—" if s.bound is None else numbers.number(s.bound, lang))
        for s in result.stages
    )
    return Method(result.status, status, result.proven_optimal, result.gap, result.seconds,
                  tuple(paragraphs), stages)


# The order in which the method paragraph names the checked rules: every checked rule
# once (tests/test_rule_registry.py holds it to CHECKED).
BRIEFING_ORDER: tuple[Checked, ...] = (
    Rule.CAPACITY, Rule.BUDGET, Rule.HORIZON, Rule.WINDOW, Rule.PINNED, Rule.MAX_SHIFT,
    Rule.AFTER, Rule.BREEDING_SEASON, Rule.EVENT, Rule.BREEKVERBOD, Rule.MAX_CONCURRENT,
    Rule.BUNDLE, Rule.SCHOOL_HOLIDAYS, Rule.UNKNOWN_ITEM, Rule.MISSING_ITEM, Rule.MANDATORY,
)


def checked_rule_name(rule: Checked, lang: str) -> str | None:
    """How the briefing names a rule the checker tested, for a council member.

    The horizon, pinned works and max_shift are all limits on when a work may run,
    so they are named with the windows. The plan's completeness (every work and
    mandatory request in it, nothing unknown) is no rule of the programme: the
    briefing reports it with its counts, so it is not named here (None).
    """
    nl = lang == "nl"
    match rule:
        case Rule.CAPACITY:
            return "capaciteit" if nl else "capacity"
        case Rule.BUDGET:
            return "budget"
        case Rule.HORIZON | Rule.WINDOW | Rule.PINNED | Rule.MAX_SHIFT:
            return "vensters" if nl else "windows"
        case Rule.AFTER:
            return "volgorde" if nl else "order"
        case Rule.BREEDING_SEASON:
            return "broedseizoen" if nl else "breeding season"
        case Rule.EVENT:
            return "evenementen" if nl else "events"
        case Rule.BREEKVERBOD:
            return "breekverbod"
        case Rule.MAX_CONCURRENT:
            return "hinder"
        case Rule.BUNDLE:
            return "werk met werk"
        case Rule.SCHOOL_HOLIDAYS:
            return "schoolvakanties" if nl else "school holidays"
        case Rule.UNKNOWN_ITEM | Rule.MISSING_ITEM | Rule.MANDATORY:
            return None
        case _:
            assert_never(rule)


def checked_rules_text(scenario: Scenario, lang: str) -> str:
    """'capaciteit, budget, vensters, ...': werk met werk only where the scenario has bundles."""
    names: list[str] = []
    for rule in BRIEFING_ORDER:
        if rule == Rule.BUNDLE and not scenario.rules.bundles:
            continue
        if rule == Rule.SCHOOL_HOLIDAYS and scenario.rules.school_holidays is None:
            continue
        name = checked_rule_name(rule, lang)
        if name is not None and name not in names:
            names.append(name)
    return ", ".join(names)
