"""The briefing as one self-contained HTML file: inline CSS, inline SVG, no network.

The template is rendered with autoescaping on, so every name, reason and id
from a scenario is shown as text. The charts are SVG built by
:mod:`scheduler.report.charts_svg`, which escapes its own texts; they enter the
template as :class:`markupsafe.Markup`. A Content-Security-Policy forbids every
script and every fetch, so the file behaves the same offline and online.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from jinja2 import Environment, FunctionLoader, StrictUndefined
from markupsafe import Markup

from scheduler.report import charts_svg, numbers
from scheduler.report.briefing import Briefing
from scheduler.text.risk import risk_words

# Rows of long tables shown in full; beyond this they are counted (the Excel has them all).
TABLE_LIMIT = 400


def _template_source(name: str) -> str:
    return (resources.files("scheduler.report") / "templates" / name).read_text("utf-8")


def environment() -> Environment:
    env = Environment(
        loader=FunctionLoader(_template_source),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render_html(briefing: Briefing) -> str:
    """The whole briefing as an HTML document (text)."""
    env = environment()
    lang = briefing.lang
    env.filters["money"] = lambda value: numbers.money(value, lang)
    env.filters["number"] = lambda value: numbers.number(value, lang)
    env.filters["percent"] = lambda value: numbers.percent(value, lang, 1)
    env.filters["signed"] = numbers.signed
    template = env.get_template("briefing.html.j2")
    return template.render(b=briefing, t=briefing.labels, svg=_charts(briefing),
                           limit=TABLE_LIMIT, rw=risk_words(lang))


def _charts(briefing: Briefing) -> dict[str, Any]:
    t = briefing.labels
    gantt = briefing.gantt
    groups: dict[str, dict[str, Markup]] = {}
    for group in gantt.groups:
        drawn: dict[str, Markup] = {}
        if group.rows:
            drawn["rows"] = charts_svg.svg_gantt(gantt, group.rows,
                                                 f"{t['gantt']}: {group.title}",
                                                 briefing.gantt_tails)
        if group.folded:
            drawn["density"] = charts_svg.svg_density(gantt, group, t["folded_strip"])
            drawn["folded"] = charts_svg.svg_gantt(gantt, group.folded,
                                                   f"{t['folded']}: {group.title}",
                                                   briefing.gantt_tails, folded=True)
        groups[group.key] = drawn
    return {
        "gantt_legend": charts_svg.svg_legend([
            ("planned", t["legend_planned"]), ("moved", t["legend_moved"]),
            ("request", t["legend_request"]), ("rejected", t["legend_window"]),
            ("unchanged", t["legend_unchanged"]),
        ]),
        "load_legend": charts_svg.svg_legend([
            ("after", t["legend_after"]), ("before", t["legend_before"]),
            ("capacity", t["legend_capacity"]), ("full", t["legend_full"]),
        ]),
        "groups": groups,
        "load": {s.id: charts_svg.svg_load(s, f"{t['load']}: {s.name}") for s in briefing.load},
        "fan": None if briefing.uncertainty is None else charts_svg.svg_fan(
            briefing.uncertainty.rows, briefing.uncertainty.first, briefing.uncertainty.last,
            risk_words(briefing.lang)["chart"]),
        "budget": [charts_svg.svg_budget_bar(float(b.limit), float(b.before), float(b.after),
                                             b.state) for b in briefing.budgets],
    }
