"""Small maps beside a text: one request and the works it displaces (the onderbouwing)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

from scheduler.geo.areas import AreaGeometry
from scheduler.geo.maps import focus_map
from scheduler.plan import Plan
from scheduler.scenario import Request, Work

if TYPE_CHECKING:
    from scheduler.impact import Impact


def request_map(impact: Impact, geometry: AreaGeometry, lang: str) -> Markup | None:
    """The request's buurt and those of the works it displaces in its best plan."""
    scenario = impact.scenario
    best = impact.best
    starts = best.starts if best is not None else {}
    plan = Plan.from_starts(scenario, starts)
    displaced = [s.id for s in best.displaced] if best is not None else []
    items: list[Work | Request] = [impact.request]
    items += [scenario.item_by_id[i] for i in displaced if i in scenario.item_by_id]
    areas = [item.area for item in items]
    title = (f"Kaart: {impact.request.id} en wat het verdringt" if lang == "nl"
             else f"Map: {impact.request.id} and what it displaces")
    svg = focus_map(scenario, plan, geometry, areas, items, title=title, lang=lang, width=420)
    return Markup(svg) if svg is not None else None
