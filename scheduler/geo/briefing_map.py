"""The briefing's map section: the map in two forms (HTML with links, PDF) and its table.

Built once in :func:`scheduler.report.briefing.build_briefing` so the HTML and
PDF writers show the same map, figures and words.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from scheduler.geo.areas import AreaGeometry
from scheduler.geo.maps import Measure, area_map, drawn_codes, measure_values
from scheduler.plan import Plan
from scheduler.scenario import Scenario, area_covers

PDF_FONT = "DejaVu"


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    hinder: int
    displaced: int
    requests: str


@dataclass(frozen=True)
class AreaMapView:
    heading: str
    caption: str
    svg_html: Markup
    svg_pdf: str
    columns: tuple[str, str, str, str, str]
    rows: tuple[AreaRow, ...]


def map_view(scenario: Scenario, plan: Plan | None, geometry: AreaGeometry, measure: Measure,
             lang: str) -> AreaMapView:
    """The map of ``plan`` (the programme as planned when there is no plan)."""
    shown = plan if plan is not None else Plan.baseline(scenario)
    nl = lang == "nl"
    hinder = measure_values(scenario, shown, geometry, "hinder")
    displaced = measure_values(scenario, shown, geometry, "displaced")
    names = {area.code: area.name for area in scenario.areas}
    rows = tuple(
        AreaRow(code, names.get(code, code), hinder[code], displaced[code],
                ", ".join(r.id for r in scenario.requests if area_covers(code, r.area)
                          or area_covers(r.area, code)))
        for code in drawn_codes(geometry))
    if measure == "hinder":
        caption = ("Kleur: werkweken in de buurt in dit plan (een werk aan een hele wijk telt in "
                   "elke buurt ervan). Punten: de verzoeken; open punt: afgewezen."
                   if nl else
                   "Colour: work-weeks in the buurt in this plan (a work on a whole wijk counts "
                   "in each of its buurten). Dots: the requests; open dot: rejected.")
    else:
        caption = ("Kleur: het aantal werken in de buurt dat in dit plan verschuift. Punten: de "
                   "verzoeken; open punt: afgewezen." if nl else
                   "Colour: the number of works in the buurt that move in this plan. Dots: the "
                   "requests; open dot: rejected.")
    if geometry.note:
        caption += f" {geometry.note}"
    columns = (("Code", "Buurt", "Werkweken", "Verschoven werken", "Verzoeken") if nl else
               ("Code", "Buurt", "Work-weeks", "Displaced works", "Requests"))
    return AreaMapView(
        heading="Kaart" if nl else "Map",
        caption=caption,
        svg_html=Markup(area_map(scenario, shown, geometry, measure=measure, lang=lang,
                                 links=True)),
        svg_pdf=area_map(scenario, shown, geometry, measure=measure, lang=lang, font=PDF_FONT),
        columns=columns,
        rows=rows,
    )
