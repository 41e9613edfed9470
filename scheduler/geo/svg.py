"""Draw shaded areas as one self-contained SVG: legend, north arrow and scale bar.

Only presentation attributes are used (no CSS, no script), so the same SVG
shows in the briefing's HTML under its strict Content-Security-Policy, prints
well, and is embedded as vectors in the PDF by fpdf2. Coordinates are made
planar in metres first (RD New is already; WGS84 is scaled around the map's
middle latitude), then the areas are simplified together with shapely's
coverage simplification, so neighbours keep one shared edge and no gaps.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import shapely
from markupsafe import escape
from shapely.geometry.base import BaseGeometry

from scheduler.geo.read import RD_NEW

INK = "#1f2933"
EDGE = "#ffffff"
WIJK_EDGE = "#3d4852"
CONTEXT = "#e6e6e6"
NEW = "#1f4e9c"
REJECTED = "#7b8794"
# Metres per degree of latitude (and of longitude at the equator), near enough for a map.
M_PER_DEGREE_LAT = 110_574.0
M_PER_DEGREE_LON = 111_320.0
LEGEND_ROW = 18.0
_TITLE = re.compile(r"<title>[^<]*</title>")


@dataclass(frozen=True)
class Shade:
    """One area as drawn: its fill, the text on hover, and an optional link target."""

    code: str
    name: str
    fill: str
    tip: str
    link: str = ""
    label: str = ""


@dataclass(frozen=True)
class Marker:
    """A request (or work) on the map, at a point or along a line (file CRS)."""

    id: str
    tip: str
    shape: BaseGeometry
    style: Literal["new", "rejected", "work"]


@dataclass(frozen=True)
class Canvas:
    width: float = 640.0
    max_height: float = 520.0
    font: float = 11.0
    labels: bool = True
    # The PDF writers name their embedded font here (fpdf2 draws SVG text with it).
    font_family: str = "Helvetica, Arial, sans-serif"
    # fpdf2 ignores <title> (hover texts) and paint-order, and warns about the first.
    pdf: bool = False


def planar(crs: str, shapes: Sequence[BaseGeometry]) -> Callable[[BaseGeometry], BaseGeometry]:
    """A function that puts shapes of this CRS in metres (x east, y north)."""
    if crs == RD_NEW or not shapes:
        return lambda shape: shape
    _, y0, _, y1 = shapely.total_bounds(list(shapes))
    factor = math.cos(math.radians((y0 + y1) / 2)) * M_PER_DEGREE_LON

    def to_metres(shape: BaseGeometry) -> BaseGeometry:
        return shapely.transform(shape, lambda xy: xy * np.array([factor, M_PER_DEGREE_LAT]))

    return to_metres


def simplified(shapes: Sequence[BaseGeometry], tolerance: float,
               coverage: bool = True) -> list[BaseGeometry]:
    """Simplify a coverage together (shared edges stay shared); per shape if not one."""
    if tolerance <= 0 or not shapes:
        return list(shapes)
    if coverage:
        return list(shapely.coverage_simplify(np.array(shapes, dtype=object), tolerance))
    return [shape.simplify(tolerance, preserve_topology=True) for shape in shapes]


def draw(shapes: dict[str, BaseGeometry], shades: Sequence[Shade],
         legend: Sequence[tuple[str, str]], markers: Sequence[Marker], *,
         crs: str, title: str, legend_title: str, lang: str,
         outlines: dict[str, Sequence[str]] | None = None, context: Sequence[str] = (),
         canvas: Canvas | None = None, coverage: bool = True) -> str:
    """The SVG text of a map: ``shades`` filled, ``context`` codes grey, markers on top.

    ``shapes`` maps every code drawn (shaded or context) to its polygon in the
    file's CRS; ``outlines`` (wijk code -> its buurt codes) are drawn as thicker edges.
    """
    canvas = canvas or Canvas()
    codes = [s.code for s in shades] + [c for c in context if c not in {s.code for s in shades}]
    to_m = planar(crs, [shapes[c] for c in codes])
    metric = [to_m(shapes[c]) for c in codes]
    x0, y0, x1, y1 = shapely.total_bounds(metric)
    span_x, span_y = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
    pad = 12.0
    scale = min((canvas.width - 2 * pad) / span_x, (canvas.max_height - 2 * pad) / span_y)
    map_h = span_y * scale + 2 * pad
    # A tall map keeps only the width it needs (and enough for the legend).
    canvas = replace(canvas, width=max(min(canvas.width, span_x * scale + 2 * pad),
                                       min(canvas.width, 420.0)))
    drawn = simplified(metric, 0.6 / scale, coverage)
    by_code = dict(zip(codes, drawn, strict=True))

    def xy(x: float, y: float) -> tuple[float, float]:
        return pad + (x - x0) * scale, map_h - pad - (y - y0) * scale

    body: list[str] = []
    for code in codes[len(shades):]:
        body.append(_path(by_code[code], xy, fill=CONTEXT, ident="", tip=""))
    for shade in shades:
        path = _path(by_code[shade.code], xy, fill=shade.fill, ident=shade.code, tip=shade.tip)
        body.append(f'<a href="#{escape(shade.link)}">{path}</a>' if shade.link else path)
    if outlines:
        body += _outlines(outlines, by_code, xy)
    if canvas.labels:
        body += _labels(shades, by_code, xy, canvas.font)
    body += _markers(markers, to_m, xy, canvas.font)
    body += _north(canvas.width - pad - 8, map_h, canvas.font)
    body += _scale_bar(pad, map_h + 12, scale, canvas.width, canvas.font, lang)
    legend_h, legend_body = _legend(legend, legend_title, map_h + 30, pad, canvas, markers, lang)
    body += legend_body
    height = map_h + 30 + legend_h
    if canvas.pdf:
        body = [_TITLE.sub("", part) for part in body]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
            f'viewBox="0 0 {_n(canvas.width)} {_n(height)}" width="{_n(canvas.width)}" '
            f'height="{_n(height)}" role="img" class="plooi-map" '
            f'font-family="{escape(canvas.font_family)}">'
            + ("" if canvas.pdf else f"<title>{escape(title)}</title>") +
            f'<rect x="0" y="0" width="{_n(canvas.width)}" height="{_n(height)}" fill="#ffffff"/>'
            + "".join(body) + "</svg>")


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _rings(shape: BaseGeometry) -> list[BaseGeometry]:
    parts = list(getattr(shape, "geoms", [shape]))
    rings = []
    for part in parts:
        if part.geom_type == "Polygon" and not part.is_empty:
            rings.append(part.exterior)
            rings += list(part.interiors)
    return rings


def _d(shape: BaseGeometry, xy: Callable[[float, float], tuple[float, float]]) -> str:
    pieces = []
    for ring in _rings(shape):
        points = [xy(x, y) for x, y in ring.coords[:-1]]
        if len(points) < 3:
            continue
        pieces.append("M" + "L".join(f"{_n(a)} {_n(b)}" for a, b in points) + "Z")
    return "".join(pieces)


def _path(shape: BaseGeometry, xy: Callable[[float, float], tuple[float, float]], *,
          fill: str, ident: str, tip: str) -> str:
    ident_attr = f' id="{escape(ident)}"' if ident else ""
    tip_text = f"<title>{escape(tip)}</title>" if tip else ""
    return (f'<path{ident_attr} d="{_d(shape, xy)}" fill="{fill}" fill-rule="evenodd" '
            f'stroke="{EDGE}" stroke-width="0.8">{tip_text}</path>')


def _outlines(outlines: dict[str, Sequence[str]], by_code: dict[str, BaseGeometry],
              xy: Callable[[float, float], tuple[float, float]]) -> list[str]:
    """Wijk edges from the union of their simplified buurten, so the lines meet exactly."""
    out = []
    for code, members in sorted(outlines.items()):
        parts = [by_code[m] for m in members if m in by_code]
        if not parts:
            continue
        shape = shapely.union_all(parts)
        out.append(f'<path d="{_d(shape, xy)}" fill="none" stroke="{WIJK_EDGE}" '
                   f'stroke-width="1.6" stroke-linejoin="round"><title>{escape(code)}</title>'
                   "</path>")
    return out


def _labels(shades: Sequence[Shade], by_code: dict[str, BaseGeometry],
            xy: Callable[[float, float], tuple[float, float]], font: float) -> list[str]:
    out = []
    for shade in shades:
        if not shade.label:
            continue
        point = by_code[shade.code].representative_point()
        x, y = xy(point.x, point.y)
        y -= font * 0.8  # above the spot where a request without a location is marked
        ink = "#ffffff" if _dark(shade.fill) else INK
        out.append(f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(font * 0.82)}" '
                   f'text-anchor="middle" fill="{ink}">{escape(shade.label)}</text>')
    return out


def _dark(fill: str) -> bool:
    """True for a fill on which dark text is hard to read (relative luminance < 0.35)."""
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", fill):
        return False
    r, g, b = (int(fill[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.35


def _markers(markers: Sequence[Marker], to_m: Callable[[BaseGeometry], BaseGeometry],
             xy: Callable[[float, float], tuple[float, float]], font: float) -> list[str]:
    out = []
    seen: dict[tuple[int, int], int] = {}
    for marker in markers:
        shape = to_m(marker.shape)
        colour = {"new": NEW, "rejected": REJECTED, "work": INK}[marker.style]
        dash = ' stroke-dasharray="2 1.5"' if marker.style == "rejected" else ""
        if shape.geom_type == "LineString":
            points = " ".join(f"{_n(a)},{_n(b)}" for a, b in (xy(x, y) for x, y in shape.coords))
            out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                       f'stroke-width="3"{dash}><title>{escape(marker.tip)}</title></polyline>')
            shape = shape.interpolate(0.5, normalized=True)
        x, y = xy(shape.x, shape.y)
        spot = (round(x), round(y))
        stacked = seen.get(spot, 0)  # markers on one spot (one buurt) are set in a column
        seen[spot] = stacked + 1
        y += stacked * (font + 3)
        fill = "#ffffff" if marker.style == "rejected" else colour
        out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="5" fill="{fill}" stroke="{colour}" '
                   f'stroke-width="1.6"{dash}><title>{escape(marker.tip)}</title></circle>')
        out.append(f'<text x="{_n(x + 7)}" y="{_n(y + 3)}" font-size="{_n(font * 0.9)}" '
                   f'font-weight="bold" fill="{colour}">{escape(marker.id)}</text>')
    return out


def _north(x: float, y: float, font: float) -> list[str]:
    """An arrow pointing up (north is up: both CRSs have y to the north)."""
    return [
        f'<path d="M{_n(x)} {_n(y + 14)}L{_n(x + 6)} {_n(y + 34)}L{_n(x)} {_n(y + 30)}'
        f'L{_n(x - 6)} {_n(y + 34)}Z" fill="{INK}"/>',
        f'<text x="{_n(x)}" y="{_n(y + 12)}" font-size="{_n(font)}" font-weight="bold" '
        f'text-anchor="middle" fill="{INK}">N</text>',
    ]


def nice_length(metres: float) -> float:
    """The largest 1, 2 or 5 times a power of ten not above ``metres``."""
    if metres <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(metres))
    for step in (5, 2, 1):
        if step * power <= metres:
            return float(step * power)
    return float(power)


def _scale_bar(x: float, y: float, scale: float, width: float, font: float,
               lang: str) -> list[str]:
    metres = nice_length(width / 4 / scale)
    length = metres * scale
    text = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    half = length / 2
    return [
        f'<rect x="{_n(x)}" y="{_n(y - 5)}" width="{_n(half)}" height="4" fill="{INK}"/>',
        f'<rect x="{_n(x + half)}" y="{_n(y - 5)}" width="{_n(half)}" height="4" '
        f'fill="#ffffff" stroke="{INK}" stroke-width="0.8"/>',
        f'<text x="{_n(x + length + 5)}" y="{_n(y)}" font-size="{_n(font * 0.9)}" '
        f'fill="{INK}">{text}</text>',
    ]


def _legend(legend: Sequence[tuple[str, str]], heading: str, top: float, pad: float,
            canvas: Canvas, markers: Sequence[Marker], lang: str) -> tuple[float, list[str]]:
    out = [f'<text x="{_n(pad)}" y="{_n(top + canvas.font)}" font-size="{_n(canvas.font)}" '
           f'font-weight="bold" fill="{INK}">{escape(heading)}</text>']
    row_y = top + canvas.font + 6
    x = pad
    keys = list(legend)
    styles = {m.style for m in markers}
    marks = [(style, text) for style, text in (
        ("new", "verzoek" if lang == "nl" else "request"),
        ("rejected", "afgewezen verzoek" if lang == "nl" else "rejected request"),
        ("work", "werk" if lang == "nl" else "work")) if style in styles]
    for fill, text in keys:
        step = 30 + canvas.font * 0.55 * len(text)
        if x + step > canvas.width - pad:
            x, row_y = pad, row_y + LEGEND_ROW
        out.append(f'<rect x="{_n(x)}" y="{_n(row_y)}" width="18" height="11" fill="{fill}" '
                   f'stroke="{WIJK_EDGE}" stroke-width="0.5"/>')
        out.append(f'<text x="{_n(x + 23)}" y="{_n(row_y + 9.5)}" '
                   f'font-size="{_n(canvas.font * 0.9)}" fill="{INK}">{escape(text)}</text>')
        x += step
    for style, text in marks:
        step = 30 + canvas.font * 0.55 * len(text)
        if x + step > canvas.width - pad:
            x, row_y = pad, row_y + LEGEND_ROW
        colour = NEW if style == "new" else (REJECTED if style == "rejected" else INK)
        fill = "#ffffff" if style == "rejected" else colour
        out.append(f'<circle cx="{_n(x + 9)}" cy="{_n(row_y + 5.5)}" r="5" fill="{fill}" '
                   f'stroke="{colour}" stroke-width="1.6"/>')
        out.append(f'<text x="{_n(x + 23)}" y="{_n(row_y + 9.5)}" '
                   f'font-size="{_n(canvas.font * 0.9)}" fill="{INK}">{escape(text)}</text>')
        x += step
    return row_y + LEGEND_ROW - top, out
