"""Boundaries of a scenario's wijken and buurten, joined on their CBS codes.

:func:`load_areas` reads a boundaries file (:mod:`scheduler.geo.read`), finds
the column with the CBS codes (``statcode``, ``buurtcode``, ``wijkcode`` or the
one named with ``--areas-key``), checks every polygon, and joins them to the
scenario: every buurt the scenario names must have a polygon (an error
otherwise), polygons the scenario does not name are left out with a warning.
A wijk without its own polygon is drawn as the union of its buurten.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from scheduler.errors import InputProblem, ScenarioError
from scheduler.geo.read import RawFeature, RawLayer, read_layer
from scheduler.scenario import BUURT_PATTERN, WIJK_PATTERN, Request, Scenario, Work, wijk_of

KEYS = ("statcode", "buurtcode", "wijkcode")
# Codes listed in full in a warning; the rest are counted.
LISTED = 8


@dataclass
class AreaGeometry:
    """Polygons per code in the file's CRS, item locations, and what was left out."""

    source: str
    crs: str
    key: str
    buurten: dict[str, BaseGeometry]
    wijken: dict[str, BaseGeometry]
    locations: dict[str, BaseGeometry] = field(default_factory=dict)
    warnings: list[InputProblem] = field(default_factory=list)
    note: str = ""

    def shape(self, code: str) -> BaseGeometry | None:
        """The polygon of a buurt or wijk code (None when the file has neither)."""
        if code.startswith("BU"):
            return self.buurten.get(code)
        return self.wijken.get(code)

    def item_shape(self, item: Work | Request) -> BaseGeometry | None:
        """Where an item is: its own location, else its area's polygon."""
        return self.locations.get(item.id) or self.shape(item.area)

    def item_point(self, item: Work | Request) -> BaseGeometry | None:
        """One point for a marker: on the location, else inside the area."""
        shape = self.item_shape(item)
        if shape is None:
            return None
        return shape.representative_point() if shape.geom_type != "Point" else shape

    def warning_lines(self, lang: str = "nl") -> list[str]:
        return [problem.render(lang) for problem in self.warnings]


def geometry_path(scenario: Scenario, scenario_path: Path | None,
                  option: Path | None) -> Path | None:
    """The boundaries file: ``--areas`` first, else the scenario's ``areas_geometry``."""
    if option is not None:
        return option
    if not scenario.areas_geometry:
        return None
    relative = Path(scenario.areas_geometry)
    if relative.is_absolute() or scenario_path is None:
        return relative
    return scenario_path.parent / relative


def optional_areas(scenario: Scenario, scenario_path: Path | None) -> AreaGeometry | None:
    """The scenario's own boundaries for a view that can do without (the workbench):
    None when it names none or the file is unusable (``plooi validate`` says why)."""
    path = geometry_path(scenario, scenario_path, None)
    if path is None:
        return None
    try:
        return load_areas(scenario, path)
    except ScenarioError:
        return None


def load_areas(scenario: Scenario, path: Path, key: str | None = None,
               scenario_source: str = "scenario") -> AreaGeometry:
    """Read, check and join a boundaries file; ScenarioError with every problem found."""
    layer = read_layer(path)
    source = str(path)
    column = _key_column(source, layer, key)
    problems: list[InputProblem] = []
    shapes = _shapes(source, layer, column, problems)
    if problems:
        raise ScenarioError(problems)
    named = _named_codes(scenario)
    names = {area.code: area.name for area in scenario.areas}
    file_buurten = {c: g for c, g in shapes.items() if c.startswith("BU")}
    file_wijken = {c: g for c, g in shapes.items() if c.startswith("WK")}
    named_wijken = {c for c in named if c.startswith("WK")}
    buurten = {c: g for c, g in file_buurten.items()
               if c in named or wijk_of(c) in named_wijken}
    missing_buurten = {c for c in named if c.startswith("BU") and c not in buurten}
    for code in sorted(named):
        found = (code in buurten) if code.startswith("BU") else (
            code in file_wijken or any(wijk_of(b) == code for b in buurten)
            or any(wijk_of(b) == code for b in missing_buurten))  # named once, per buurt
        if not found:
            problems.append(InputProblem(source, "", "geo_code_missing",
                                         {"code": code, "name": names.get(code, "?"),
                                          "key": column}))
    if problems:
        raise ScenarioError(problems)
    wijken = _wijken(file_wijken, buurten, named_wijken)
    extra = sorted(set(shapes) - set(buurten) - set(wijken))
    geometry = AreaGeometry(source, layer.crs, column, buurten, wijken, note=layer.note)
    if extra:
        shown = ", ".join(extra[:LISTED]) + (" ..." if len(extra) > LISTED else "")
        geometry.warnings.append(InputProblem(source, "", "geo_code_extra",
                                              {"count": len(extra), "codes": shown}))
    _overlaps(geometry)
    _locations(scenario, geometry, scenario_source)
    return geometry


def _key_column(source: str, layer: RawLayer, key: str | None) -> str:
    columns: list[str] = []
    for feature in layer.features:
        columns += [c for c in feature.properties if c not in columns]
    if key is not None:
        if key not in columns:
            raise ScenarioError([InputProblem(source, "", "geo_key_missing", {
                "key": key, "columns": ", ".join(columns[:20]) or "-"})])
        return key
    lowered = {c.lower(): c for c in columns}
    for candidate in KEYS:
        if candidate in lowered:
            return lowered[candidate]
    raise ScenarioError([InputProblem(source, "", "geo_no_key", {"keys": " / ".join(KEYS)})])


def _shapes(source: str, layer: RawLayer, column: str,
            problems: list[InputProblem]) -> dict[str, BaseGeometry]:
    shapes: dict[str, BaseGeometry] = {}
    first_at: dict[str, str] = {}
    for feature in layer.features:
        code = str(feature.properties.get(column) or "").strip()
        if not (WIJK_PATTERN.match(code) or BUURT_PATTERN.match(code)):
            problems.append(InputProblem(source, f"{feature.place}.{column}", "geo_code_bad",
                                         {"code": code}))
            continue
        problem = _polygon_problem(feature, code)
        if problem is not None:
            problems.append(InputProblem(source, feature.place, *problem))
            continue
        if code in shapes:
            problems.append(InputProblem(source, feature.place, "geo_duplicate",
                                         {"code": code, "first": first_at[code]}))
            continue
        assert feature.geometry is not None
        shapes[code] = feature.geometry
        first_at[code] = feature.place
    return shapes


def _polygon_problem(feature: RawFeature, code: str) -> tuple[str, dict[str, Any]] | None:
    geometry = feature.geometry
    if feature.geometry_error:
        return "geo_bad_geometry", {"code": code, "detail": feature.geometry_error}
    if geometry is None:
        return "geo_empty", {"code": code}
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        return "geo_not_polygon", {"got": geometry.geom_type}
    if geometry.is_empty:
        return "geo_empty", {"code": code}
    if not geometry.is_valid:
        return "geo_invalid", {"code": code, "reason": shapely.is_valid_reason(geometry)}
    if geometry.area == 0:
        return "geo_empty", {"code": code}
    return None


def _named_codes(scenario: Scenario) -> set[str]:
    codes = {area.code for area in scenario.areas}
    codes.update(item.area for item in scenario.items)
    return codes


def _wijken(file_wijken: dict[str, BaseGeometry], buurten: dict[str, BaseGeometry],
            named: Iterable[str]) -> dict[str, BaseGeometry]:
    """Each wijk's own polygon, else the union of its buurten."""
    members: dict[str, list[BaseGeometry]] = {}
    for code, shape in sorted(buurten.items()):
        members.setdefault(wijk_of(code), []).append(shape)
    wijken = {}
    for code in sorted(set(members) | set(named)):
        if code in file_wijken:
            wijken[code] = file_wijken[code]
        elif code in members:
            wijken[code] = shapely.union_all(members[code])
    return wijken


def _overlaps(geometry: AreaGeometry) -> None:
    """Warn about the first two buurten that overlap (a coverage has none)."""
    codes = sorted(geometry.buurten)
    shapes = [geometry.buurten[c] for c in codes]
    if len(shapes) < 2:
        return
    tree = shapely.STRtree(shapes)
    left, right = tree.query(shapes, predicate="overlaps")
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i < j and shapes[i].intersection(shapes[j]).area > 1e-9 * shapes[i].area:
            geometry.warnings.append(InputProblem(geometry.source, "", "geo_overlap",
                                                  {"first": codes[i], "second": codes[j]}))
            return


def _locations(scenario: Scenario, geometry: AreaGeometry, source: str) -> None:
    """Item locations as shapes; a warning for one far outside the map (another CRS?)."""
    every = list(geometry.buurten.values()) + list(geometry.wijken.values())
    x0, y0, x1, y1 = shapely.total_bounds(every)
    margin = max(x1 - x0, y1 - y0)
    for index, item in enumerate(scenario.items):
        if item.location is None:
            continue
        positions = item.location.positions()
        shape: BaseGeometry = (shapely.Point(positions[0]) if item.location.type == "Point"
                               else shapely.LineString(positions))
        geometry.locations[item.id] = shape
        a, b, c, d = shape.bounds
        if a < x0 - margin or c > x1 + margin or b < y0 - margin or d > y1 + margin:
            section = "works" if isinstance(item, Work) else "requests"
            at = index if isinstance(item, Work) else index - len(scenario.works)
            geometry.warnings.append(InputProblem(
                source, f"{section}[{at}].location", "geo_location_outside",
                {"crs": geometry.crs}))
