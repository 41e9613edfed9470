"""What a map shows: hinder or displaced works per buurt, and small maps around a place.

The figures come from a :class:`~scheduler.plan.Plan` only (never from the
solver): *hinder* is the number of work-weeks in a buurt (a work on a whole
wijk counts in each of its buurten), *displaced* the number of works that
moved. Colours come in four classes of equal width from 1 to the largest
value, plus a light grey for none, so the legend reads in whole numbers.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from shapely.geometry.base import BaseGeometry

from scheduler.geo.areas import AreaGeometry
from scheduler.geo.svg import Canvas, Marker, Shade, draw
from scheduler.plan import ItemStatus, Plan
from scheduler.scenario import Request, Scenario, Work, area_covers, wijk_of

Measure = Literal["hinder", "displaced"]
NONE_FILL = "#f1f1ef"
# Light to dark, readable in grey print and for the common colour blindnesses.
FILLS = ("#fde3c3", "#f7b072", "#e06a2c", "#a63a12")
FOCUS_FILL = "#f7b072"
CLASSES = len(FILLS)


def drawn_codes(geometry: AreaGeometry) -> list[str]:
    """The codes a map shades: the buurten, or the wijken when the file has no buurten."""
    return sorted(geometry.buurten) if geometry.buurten else sorted(geometry.wijken)


def _shapes(geometry: AreaGeometry) -> dict[str, BaseGeometry]:
    return dict(geometry.buurten) if geometry.buurten else dict(geometry.wijken)


def measure_values(scenario: Scenario, plan: Plan, geometry: AreaGeometry,
                   measure: Measure) -> dict[str, int]:
    """Work-weeks (hinder) or moved works (displaced) per drawn code."""
    codes = drawn_codes(geometry)
    values = dict.fromkeys(codes, 0)
    members: dict[str, list[str]] = defaultdict(list)
    for code in codes:
        members[wijk_of(code)].append(code)
    for item in scenario.items:
        placed = plan[item.id]
        if measure == "hinder":
            amount = placed.duration if placed.scheduled else 0
        else:
            amount = 1 if placed.status == ItemStatus.MOVED else 0
        if not amount:
            continue
        for code in _covered(item.area, codes, members):
            values[code] += amount
    return values


def _covered(area: str, codes: Sequence[str], members: dict[str, list[str]]) -> list[str]:
    if area in members and area.startswith("WK"):
        return members[area]
    return [code for code in (area, wijk_of(area)) if code in codes][:1]


def class_bounds(largest: int) -> list[int]:
    """Upper bounds of the four classes: ceil(largest * k / 4), without repeats."""
    bounds: list[int] = []
    for k in range(1, CLASSES + 1):
        bound = math.ceil(largest * k / CLASSES)
        if bound >= 1 and (not bounds or bound > bounds[-1]):
            bounds.append(bound)
    return bounds


def fill_of(value: int, bounds: Sequence[int]) -> str:
    if value <= 0 or not bounds:
        return NONE_FILL
    for index, bound in enumerate(bounds):
        if value <= bound:
            return FILLS[index + CLASSES - len(bounds)]
    return FILLS[-1]


def legend_rows(bounds: Sequence[int], measure: Measure, lang: str) -> list[tuple[str, str]]:
    rows = [(NONE_FILL, "geen" if lang == "nl" else "none")]
    low = 1
    for bound in bounds:
        text = f"{low}" if low == bound else f"{low}–{bound}"
        rows.append((fill_of(bound, bounds), text))
        low = bound + 1
    return rows


def _names(scenario: Scenario) -> dict[str, str]:
    return {area.code: area.name for area in scenario.areas}


def _unit(measure: Measure, value: int, lang: str) -> str:
    if measure == "hinder":
        return f"{value} {'werkweken' if lang == 'nl' else 'work-weeks'}"
    if lang == "nl":
        return f"{value} {'verschoven werk' if value == 1 else 'verschoven werken'}"
    return f"{value} {'displaced work' if value == 1 else 'displaced works'}"


def area_map(scenario: Scenario, plan: Plan, geometry: AreaGeometry, *, measure: Measure,
             lang: str, links: bool = False, font: str | None = None) -> str:
    """The programme's map: every buurt shaded by ``measure``, requests marked."""
    codes = drawn_codes(geometry)
    values = measure_values(scenario, plan, geometry, measure)
    bounds = class_bounds(max(values.values(), default=0))
    names = _names(scenario)
    canvas = Canvas(labels=len(codes) <= 30, **_font(font))
    shades = [Shade(code, names.get(code, code), fill_of(values[code], bounds),
                    f"{names.get(code, code)} ({code}): {_unit(measure, values[code], lang)}",
                    link=f"area-{code}" if links else "", label=names.get(code, ""))
              for code in codes]
    markers = request_markers(scenario, plan, geometry)
    nl = lang == "nl"
    if measure == "hinder":
        title = "Hinder per buurt: werkweken in het plan" if nl else \
            "Hinder per buurt: work-weeks in the plan"
        heading = "Werkweken" if nl else "Work-weeks"
    else:
        title = "Verschoven werken per buurt" if nl else "Displaced works per buurt"
        heading = "Verschoven werken" if nl else "Displaced works"
    return draw(_shapes(geometry), shades, legend_rows(bounds, measure, lang), markers,
                crs=geometry.crs, title=title, legend_title=heading, lang=lang,
                outlines=_outline_groups(codes) if geometry.buurten else None,
                canvas=canvas, coverage=not _has_overlap(geometry))


def _font(font: str | None) -> dict[str, Any]:
    """For a PDF: fpdf2 draws SVG text in a font the PDF has embedded."""
    return {"font_family": font, "pdf": True} if font else {}


def _outline_groups(codes: Iterable[str]) -> dict[str, Sequence[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for code in codes:
        groups[wijk_of(code)].append(code)
    return dict(groups)


def _has_overlap(geometry: AreaGeometry) -> bool:
    return any(w.code == "geo_overlap" for w in geometry.warnings)


def request_markers(scenario: Scenario, plan: Plan, geometry: AreaGeometry,
                    only: Iterable[str] | None = None) -> list[Marker]:
    wanted = set(only) if only is not None else None
    markers = []
    for request in scenario.requests:
        if wanted is not None and request.id not in wanted:
            continue
        shape = geometry.locations.get(request.id) or geometry.item_point(request)
        if shape is None:
            continue
        style: Literal["new", "rejected"] = "new" if plan[request.id].scheduled else "rejected"
        markers.append(Marker(request.id, f"{request.id}: {request.name}", shape, style))
    return markers


def focus_map(scenario: Scenario, plan: Plan, geometry: AreaGeometry, focus: Sequence[str],
              items: Sequence[Work | Request], *, title: str, lang: str,
              width: float = 320.0, font: str | None = None,
              unlocated_works: bool = True) -> str | None:
    """A small map: the ``focus`` areas highlighted among their neighbours, items marked
    (works without a location at their buurt, unless ``unlocated_works`` is False)."""
    shapes = _shapes(geometry)
    codes = drawn_codes(geometry)
    focused = sorted({c for area in focus for c in codes if area_covers(area, c) or c == area
                      or (not geometry.buurten and c == wijk_of(area))})
    if not focused:
        return None
    names = _names(scenario)
    x0, y0, x1, y1 = _bounds([shapes[c] for c in focused])
    grow = max(x1 - x0, y1 - y0) * 0.35
    context = [c for c in codes if c not in focused and _meets(shapes[c], (
        x0 - grow, y0 - grow, x1 + grow, y1 + grow))]
    shades = [Shade(c, names.get(c, c), FOCUS_FILL, names.get(c, c),
                    label=names.get(c, "")) for c in focused]
    markers = []
    for item in items:
        shape = geometry.locations.get(item.id)
        if shape is None and isinstance(item, Work) and not unlocated_works:
            continue
        shape = shape or geometry.item_point(item)
        if shape is None:
            continue
        if isinstance(item, Request):
            style: Literal["new", "rejected", "work"] = (
                "new" if plan[item.id].scheduled else "rejected")
        else:
            style = "work"
        markers.append(Marker(item.id, f"{item.id}: {item.name}", shape, style))
    legend = [(FOCUS_FILL, ", ".join(names.get(c, c) for c in focused[:4])
               + (" ..." if len(focused) > 4 else ""))]
    return draw(shapes, shades, legend, markers, crs=geometry.crs, title=title,
                legend_title="", lang=lang, context=context,
                canvas=Canvas(width=width, max_height=width * 0.8, font=10.0, **_font(font)),
                coverage=not _has_overlap(geometry))


def _bounds(shapes: Sequence[BaseGeometry]) -> tuple[float, float, float, float]:
    boxes = [s.bounds for s in shapes]
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def _meets(shape: BaseGeometry, box: tuple[float, float, float, float]) -> bool:
    a, b, c, d = shape.bounds
    return not (c < box[0] or a > box[2] or d < box[1] or b > box[3])
