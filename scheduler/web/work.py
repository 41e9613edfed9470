"""What a job does (solve, impact, compare) and the documents made from its result.

Every function here calls the engine the CLI calls: :func:`solve_scenario`,
:func:`scheduler.impact.analyse`, :func:`scheduler.report.comparison.compare` and the
report renderers, so a page shows what ``plooi solve``, ``plooi impact`` and
``plooi brief`` would.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from scheduler.geo.areas import AreaGeometry, optional_areas
from scheduler.impact import Impact, analyse
from scheduler.io.impact_json import impact_document
from scheduler.io.result_json import dumps, outcome_document
from scheduler.plan import Plan
from scheduler.report import charts, charts_svg
from scheduler.report.briefing import Briefing, build_briefing
from scheduler.report.briefing_risks import RiskSettings
from scheduler.report.briefing_tables import budget_lines
from scheduler.report.comparison import Comparison, compare
from scheduler.report.html import render_html
from scheduler.risk.brief import outcome_risk, uncertainty
from scheduler.scenario import Scenario
from scheduler.web.jobs import Job, JobManager
from scheduler.workflow import SolveOutcome, scenario_name, solve_scenario

# Sampled executions of a plan on the programme page (as `plooi risk`'s default), seed 0.
RISK_SAMPLES = 1000
RISK_SEED = 0
# Programmes up to this many works and requests get their risk inline (the demo: ~0.2 s);
# bigger ones go through the job pool so a request thread never waits long.
RISK_INLINE_ITEMS = 300


@dataclass
class ImpactResult:
    impact: Impact
    origin: str  # the scenario id the request was added to
    scenario: Scenario  # that scenario with the request (saved by "Bewaar als variant")
    document: dict[str, Any]


@dataclass
class CompareResult:
    outcomes: list[SolveOutcome]
    comparison: Comparison


def key_of(*parts: Any) -> str:
    """A job's identity: identical requests (same file state, same question) share it."""
    text = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def solve_job(manager: JobManager, scenario: Scenario, label: str, lang: str,
              time_limit: float | None, path: Path | None = None) -> Any:
    def run(job: Job) -> SolveOutcome:
        outcome = solve_scenario(scenario, scenario_name(scenario, label),
                                 time_limit=time_limit, progress=manager.progress(job),
                                 stop=job.stop)
        # The scenario's boundaries, when it has usable ones: the briefing then has its map.
        job.extra["geometry"] = optional_areas(scenario, path)
        # The briefing is made here, off the request thread, so the first view is quick.
        job.extra[f"body-{lang}"] = briefing_body(briefing_of(outcome, lang,
                                                              job.extra["geometry"]))
        return outcome

    return run


def impact_job(manager: JobManager, scenario: Scenario, request_id: str, origin: str,
               label: str, source: str, lang: str, time_limit: float | None) -> Any:
    def run(job: Job) -> ImpactResult:
        result = analyse(scenario, request_id, name=scenario_name(scenario, label),
                         source=source, time_limit=time_limit, stop=job.stop,
                         progress=manager.progress(job))
        return ImpactResult(result, origin, scenario, impact_document(result, lang))

    return run


def compare_job(manager: JobManager, scenarios: list[tuple[Scenario, str]], lang: str,
                time_limit: float | None) -> Any:
    def run(job: Job) -> CompareResult:
        outcomes = []
        report = manager.progress(job)
        for scenario, label in scenarios:
            if job.stop.stopped:
                break
            outcomes.append(solve_scenario(scenario, scenario_name(scenario, label),
                                           time_limit=time_limit, progress=report,
                                           stop=job.stop))
        return CompareResult(outcomes, compare(outcomes, lang))

    return run


def result_json(job: Job) -> str | None:
    """The result document of a finished job, as the CLI's ``--json`` writes it."""
    result = job.result
    if isinstance(result, SolveOutcome):
        return dumps(outcome_document(result, job.lang))
    if isinstance(result, ImpactResult):
        return dumps(result.document)
    if isinstance(result, CompareResult):
        return dumps({"format": "plooi-compare/1",
                      "scenarios": [outcome_document(o, job.lang) for o in result.outcomes]})
    return None


def briefing_of(outcome: SolveOutcome, lang: str, geometry: AreaGeometry | None = None
                ) -> Briefing:
    return build_briefing([outcome], lang=lang, geometry=geometry)


def current_charts(scenario: Scenario, lang: str) -> dict[str, Any]:
    """The programme as it stands, before any solve, in the briefing's own chart style:
    per wijk the requests with their windows and the works as a density strip, and the
    load of each crew under the current plan."""
    nl = lang == "nl"
    names = {area.code: area.name for area in scenario.areas}
    drawn = charts.gantt(scenario, None, "wijk", lambda key: names.get(key, key))
    tails = {"request": "nieuw" if nl else "new",
             "rejected": "nog niet ingepland" if nl else "not planned yet", "weeks": "wk"}
    groups = []
    for group in drawn.groups:
        rows = charts_svg.svg_gantt(drawn, group.rows, group.title, tails) if group.rows else None
        density = charts_svg.svg_density(drawn, group, group.title) if group.folded else None
        groups.append({"title": group.title, "code": group.key, "rows": rows,
                       "density": density, "works": len(group.folded)})
    baseline = Plan.baseline(scenario)
    load = [(series.name, charts_svg.svg_load(series, series.name))
            for series in charts.load_series(scenario, baseline, baseline)]
    legend = charts_svg.svg_legend([
        ("rejected", "venster van een verzoek" if nl else "window of a request"),
        ("after", "huidig plan" if nl else "current plan"),
        ("capacity", "capaciteit" if nl else "capacity"),
        ("full", "vol" if nl else "full"),
    ])
    # The briefing's own budget rows (plan = the current one), so the states agree with it.
    budgets = [(row, charts_svg.svg_budget_bar(float(row.limit), float(row.before),
                                               float(row.after), row.state))
               for row in budget_lines(scenario, baseline, None, RiskSettings())]
    return {"groups": groups, "load": load, "legend": legend, "budgets": budgets}


def solved_body(job: Job, lang: str) -> Markup:
    """The briefing body of a finished solve job, made once per language (and again
    once its risk has been worked out)."""
    key = f"body-{lang}" + ("-risk" if "risk" in job.extra else "")
    if key not in job.extra:
        job.extra[key] = briefing_body(briefing_for(job, lang))
    body: Markup = job.extra[key]
    return body


def briefing_for(job: Job, lang: str) -> Briefing:
    """The briefing of a solved job, with the fan chart and table once risk was asked for."""
    briefing = briefing_of(job.result, lang, job.extra.get("geometry"))
    if "risk" in job.extra:
        run, document = job.extra["risk"]
        spread = uncertainty(run, document)
        briefing = dataclasses.replace(briefing, uncertainty=spread)
    return briefing


def add_risk(solved: Job) -> None:
    """Carry out the solved plan RISK_SAMPLES times; the briefing then shows the spread."""
    if "risk" not in solved.extra:
        found = outcome_risk(solved.result, RISK_SAMPLES, RISK_SEED)
        if found is not None:
            solved.extra["risk"] = found


def risk_job(solved: Job) -> Any:
    """The risk of a big programme, in the job pool; its page shows the briefing with it."""
    def run(job: Job) -> SolveOutcome:
        add_risk(solved)
        job.extra.update({k: solved.extra[k] for k in ("geometry", "risk")
                          if k in solved.extra})
        outcome: SolveOutcome = solved.result
        return outcome

    return run


def briefing_body(briefing: Briefing) -> Markup:
    """The briefing's own HTML (its charts, tables, risks, method) to embed in a page.

    Rendered by :func:`render_html` with autoescaping; only the document shell is
    cut off, and its ``<main>`` becomes a plain block so the page keeps one main.
    """
    html = render_html(briefing)
    body = html.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    body = body.replace("<main>", '<div class="briefing-main">', 1)
    body = body.replace("</main>", "</div>", 1)
    return Markup(body)
