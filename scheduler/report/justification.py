"""The onderbouwing: a one-page justification the wijkambtenaar attaches to a request.

What is asked, why, what it displaces, the alternatives, the levers and the
recommendation, in Dutch (or English), as Markdown or as one self-contained
HTML file. Both are rendered from jinja2 templates in ``templates/``. HTML is
rendered with autoescaping, so every name, reason and id from a scenario is
shown as text; Markdown output escapes every value it prints (a reason cannot
smuggle in a link, an image or raw HTML), and flattens line breaks so a value
cannot end a table row.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from scheduler import weeks
from scheduler.impact.result import Impact, Option
from scheduler.text.causes import cause_text
from scheduler.text.impact import (
    cheapest_text,
    conflict_texts,
    lever_text,
    recommendation,
    say,
)
from scheduler.text.kinds import kind_name
from scheduler.text.money import money

if TYPE_CHECKING:
    from scheduler.geo.areas import AreaGeometry

TEMPLATES = Path(__file__).parent / "templates"
# Rows of the displaced-works table on the one page; the rest are counted.
PAGE_ROWS = 12

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "lang": "nl",
        "title": "Onderbouwing verzoek",
        "what": "Wat",
        "why": "Waarom",
        "displaces": "Wat het verdringt",
        "alternatives": "Alternatieven",
        "levers": "Hefbomen: wat ruimte maakt zonder iets te verschuiven",
        "conflict": "Waarom het niet past",
        "advice": "Advies",
        "requested_by": "Aangevraagd door",
        "kind": "Soort",
        "area": "Gebied",
        "street": "Straat",
        "duration": "Duur",
        "window": "Venster",
        "demand": "Vraagt",
        "cost": "Kosten",
        "no_reason": "Geen reden opgegeven.",
        "weeks": "weken",
        "week": "week",
        "nothing_moves": "Niets: het verzoek past zonder dat een werk schuift.",
        "planned_in": "Voorstel: uitvoeren in",
        "cost_label": "verschuivingskosten",
        "cost_head": "Kosten",
        "work": "Werk",
        "name": "Naam",
        "from": "Van",
        "to": "Naar",
        "shift": "Schuif",
        "cause": "Oorzaak",
        "more": "en nog {n} werken",
        "chain": "Keten",
        "option": "Optie",
        "start": "Start",
        "moves": "Verschuift",
        "pareto": "Later in het venster kost minder",
        "lateness": "weken later",
        "earliest": "Vroegst zonder verschuiving",
        "meets": "haalt de deadline",
        "misses": "haalt de deadline niet",
        "no_week": "geen week in de horizon",
        "minimal": "Laat één van deze regels los en het verzoek past (nagerekend).",
        "not_minimal": "Deze regels botsen (minimaliteit niet bewezen binnen de tijd).",
        "rejected": "Optionele verzoeken die afvallen",
        "not_proven": "niet bewezen optimaal binnen de tijdslimiet",
        "footer": "Berekend met plooi. Elk getoond plan is nagerekend met de "
        "onafhankelijke controle van alle regels. Verschuivingskosten: gewicht × weken "
        "verschoven + een vaste boete per verschoven werk, gemeten tegen het plan zonder "
        "dit verzoek.",
        "scenario": "Scenario",
        "no_plan": "Het verzoek past niet binnen de regels; zie hieronder waarom.",
        "no_answer": "Binnen de tijdslimiet is geen plan gevonden.",
    },
    "en": {
        "lang": "en",
        "title": "Justification of request",
        "what": "What",
        "why": "Why",
        "displaces": "What it displaces",
        "alternatives": "Alternatives",
        "levers": "Levers: what makes room without moving anything",
        "conflict": "Why it does not fit",
        "advice": "Recommendation",
        "requested_by": "Requested by",
        "kind": "Kind",
        "area": "Area",
        "street": "Street",
        "duration": "Duration",
        "window": "Window",
        "demand": "Needs",
        "cost": "Cost",
        "no_reason": "No reason given.",
        "weeks": "weeks",
        "week": "week",
        "nothing_moves": "Nothing: the request fits without moving any work.",
        "planned_in": "Proposal: carry out in",
        "cost_label": "displacement cost",
        "cost_head": "Cost",
        "work": "Work",
        "name": "Name",
        "from": "From",
        "to": "To",
        "shift": "Shift",
        "cause": "Cause",
        "more": "and {n} more works",
        "chain": "Chain",
        "option": "Option",
        "start": "Start",
        "moves": "Moves",
        "pareto": "Later in the window costs less",
        "lateness": "weeks later",
        "earliest": "Earliest without displacement",
        "meets": "meets the deadline",
        "misses": "misses the deadline",
        "no_week": "no week in the horizon",
        "minimal": "Lift any one of these rules and the request fits (verified).",
        "not_minimal": "These rules clash (minimality not proven within the time limit).",
        "rejected": "Optional requests that drop out",
        "not_proven": "not proven optimal within the time limit",
        "footer": "Computed with plooi. Every plan shown was re-checked against every "
        "rule by the independent checker. Displacement cost: weight × weeks moved + a "
        "fixed penalty per moved work, measured against the plan without this request.",
        "scenario": "Scenario",
        "no_plan": "The request does not fit within the rules; see below why.",
        "no_answer": "No plan was found within the time limit.",
    },
}


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LEADING = re.compile(r"^(#)")


def md_escape(value: Any) -> str:
    """A value as literal Markdown text: punctuation escaped, line breaks flattened."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return _MD_LEADING.sub(r"\\\1", _MD_SPECIAL.sub(r"\\\1", text))


def _option_view(option: Option, lang: str) -> dict[str, Any]:
    return {
        "rank": option.rank,
        "start": weeks.format_week(option.start),
        "cost": option.cost,
        "lateness": option.lateness,
        "proven": option.status == "optimal",
        "moves": ", ".join(f"{s.id} ({s.shift:+d})" for s in option.displaced)
        or say("moves.nothing", lang),
        "rejected": list(option.rejected),
    }


def context(impact: Impact, lang: str = "nl") -> dict[str, Any]:
    """Everything the templates show, as plain values (the templates only lay it out)."""
    t = LABELS[lang]
    request = impact.request
    scenario = impact.scenario
    first, last = impact.window
    best = impact.best
    explanation = impact.explanation
    displaced_rows = []
    if best is not None:
        for shift in best.displaced[:PAGE_ROWS]:
            causes = explanation.causes_of(shift.id) if explanation else ()
            displaced_rows.append(
                {
                    "id": shift.id,
                    "name": shift.name,
                    "from": weeks.format_week(shift.before),
                    "to": weeks.format_week(shift.after),
                    "shift": f"{shift.shift:+d}",
                    "cause": "; ".join(cause_text(c, lang) for c in causes),
                }
            )
    hidden = len(best.displaced) - len(displaced_rows) if best is not None else 0
    demand = ", ".join(f"{units} × {rid}" for rid, units in sorted(request.demand.items()))
    earliest = None
    if impact.earliest is not None:
        earliest = {
            "week": weeks.format_week(impact.earliest),
            "meets": bool(impact.earliest_meets_deadline),
        }
    return {
        "t": t,
        "scenario": impact.name,
        "request": {
            "id": request.id,
            "name": request.name,
            "requested_by": request.requested_by,
            "kind": kind_name(request.kind, lang),
            "area": request.area,
            "area_name": _area_name(scenario, request.area),
            "street": request.street,
            "duration": request.duration,
            "window": f"{weeks.format_week(first)} .. {weeks.format_week(last)}",
            "demand": demand,
            "cost": money(request.cost, lang) if request.cost else None,
            "budget": request.budget,
            "reason": request.reason,
        },
        "status": impact.status.value,
        "earliest": earliest,
        "best": _option_view(best, lang) if best is not None else None,
        "displaced": displaced_rows,
        "hidden": hidden,
        "more": t["more"].format(n=hidden),
        "chains": [" → ".join(chain) for chain in impact.chains],
        "options": [_option_view(o, lang) for o in impact.options],
        "pareto": [
            {"start": weeks.format_week(p.start), "cost": p.cost, "lateness": p.lateness}
            for p in impact.pareto
        ],
        "levers": [lever_text(impact, lever, lang) for lever in impact.found_levers],
        "levers_missing": [
            lever_text(impact, lever, lang)
            for lever in impact.levers
            if not lever.confirmed
        ],
        "cheapest": cheapest_text(impact, lang),
        "conflict": conflict_texts(impact, lang),
        "conflict_minimal": impact.conflict_minimal,
        "advice": recommendation(impact, lang),
    }


def _area_name(scenario: Any, code: str) -> str | None:
    for area in scenario.areas:
        if area.code == code:
            return str(area.name)
    return None


def _environment(kind: str) -> Environment:
    if kind == "html":
        return Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=md_escape,  # every printed value is escaped; the Markdown is in the template
        keep_trailing_newline=True,
    )


def render_justification(impact: Impact, lang: str = "nl", kind: str = "md",
                         geometry: AreaGeometry | None = None) -> str:
    """The onderbouwing as Markdown (``kind="md"``) or one HTML document (``"html"``);
    the HTML shows a small map of the request and what it displaces when there are
    boundaries (scheduler/geo)."""
    if kind not in ("md", "html"):
        raise ValueError(f"unknown justification format '{kind}'")
    template = _environment(kind).get_template(f"justification.{kind}.j2")
    area_map = None
    if geometry is not None and kind == "html":
        from scheduler.geo.small_maps import request_map

        area_map = request_map(impact, geometry, lang)
    return template.render(**context(impact, lang), area_map=area_map)


__all__ = ["LABELS", "context", "md_escape", "render_justification"]
