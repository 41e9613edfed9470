"""Maps: one shape per buurt with the right id and colour, and the map in the briefing."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pypdf
import pytest
import shapely

from scheduler.cli import main
from scheduler.commands.common import demo_path
from scheduler.geo.areas import AreaGeometry, load_areas
from scheduler.geo.maps import (
    FILLS,
    NONE_FILL,
    area_map,
    class_bounds,
    fill_of,
    focus_map,
    legend_rows,
    measure_values,
)
from scheduler.geo.svg import nice_length, simplified
from scheduler.io.load import scenario_from_text
from scheduler.plan import Plan
from scheduler.scenario import Scenario
from tests import geo_city

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture()
def city() -> Scenario:
    return scenario_from_text(geo_city.SCENARIO)


@pytest.fixture()
def geometry(city: Scenario, tmp_path: Path) -> AreaGeometry:
    return load_areas(city, geo_city.rd_geojson(tmp_path / "b.geojson"))


def _shapes(svg: str) -> dict[str, str]:
    root = ET.fromstring(svg)
    return {p.get("id", ""): p.get("fill", "") for p in root.iter(f"{SVG}path")
            if p.get("id", "").startswith("BU")}


def test_class_bounds_and_fills() -> None:
    assert class_bounds(8) == [2, 4, 6, 8]
    assert class_bounds(2) == [1, 2]
    assert class_bounds(0) == []
    assert fill_of(0, [2, 4, 6, 8]) == NONE_FILL
    assert [fill_of(v, [2, 4, 6, 8]) for v in (1, 2, 3, 8)] == [FILLS[0], FILLS[0], FILLS[1],
                                                                FILLS[3]]
    # With two classes the two darkest colours are used, so 'most' always looks darkest.
    assert [fill_of(v, [1, 2]) for v in (1, 2)] == [FILLS[2], FILLS[3]]
    assert legend_rows([2, 4], "hinder", "nl") == [(NONE_FILL, "geen"), (FILLS[2], "1–2"),
                                                   (FILLS[3], "3–4")]


def test_hinder_map_has_one_shape_per_buurt_with_its_colour(city: Scenario,
                                                           geometry: AreaGeometry) -> None:
    # R-1 takes the crew in weeks 2-3, so W-1 (4 weeks, same crew) moves to week 4.
    plan = Plan.from_starts(city, {"R-1": city.week("2027-W02"), "W-1": city.week("2027-W04")})
    values = measure_values(city, plan, geometry, "hinder")
    # Oost: W-1 (4) + R-1 (2) = 6; West: W-2 (4); Haven: W-3 (2); Dorp: nothing.
    assert values == {"BU09990101": 6, "BU09990102": 4, "BU09990201": 2, "BU09990202": 0}
    svg = area_map(city, plan, geometry, measure="hinder", lang="nl", links=True)
    # Bounds for a largest value of 6: 2, 3, 5, 6.
    assert _shapes(svg) == {"BU09990101": FILLS[3], "BU09990102": FILLS[2],
                            "BU09990201": FILLS[0], "BU09990202": NONE_FILL}
    root = ET.fromstring(svg)
    links = [a.get("href") for a in root.iter(f"{SVG}a")]
    assert links == [f"#area-{code}" for code in geo_city.CODES]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "N" in texts and "1 km" in texts and "Werkweken" in texts and "R-1" in texts
    assert "6" in texts  # the darkest class stands for exactly 6


def test_displaced_map_counts_moved_works(city: Scenario, geometry: AreaGeometry) -> None:
    plan = Plan.from_starts(city, {"R-1": city.week("2027-W02"), "W-1": city.week("2027-W04")})
    assert measure_values(city, plan, geometry, "displaced") == {
        "BU09990101": 1, "BU09990102": 0, "BU09990201": 0, "BU09990202": 0}
    svg = area_map(city, plan, geometry, measure="displaced", lang="en")
    assert _shapes(svg)["BU09990101"] == FILLS[3]
    assert "<a " not in svg  # links only when asked (the PDF has no rows to jump to)


def test_a_work_on_a_whole_wijk_counts_in_each_buurt(city: Scenario,
                                                      geometry: AreaGeometry) -> None:
    wide = city.works[2].model_copy(update={"area": "WK099902"})
    scenario = city.derived(works=[*city.works[:2], wide])
    values = measure_values(scenario, Plan.baseline(scenario), geometry, "hinder")
    assert values["BU09990201"] == 2 and values["BU09990202"] == 2


def test_wgs84_map_matches_the_rd_map(city: Scenario, tmp_path: Path) -> None:
    plain = city.derived(works=[w.model_copy(update={"location": None}) for w in city.works])
    geometry = load_areas(plain, geo_city.wgs84_geojson(tmp_path / "w.geojson"))
    svg = area_map(plain, Plan.baseline(plain), geometry, measure="hinder", lang="nl")
    assert set(_shapes(svg)) == set(geo_city.CODES)
    assert "1 km" in [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_coverage_simplification_keeps_neighbours_gap_free() -> None:
    # Two buurten sharing a wiggly edge: simplified together they still tile the square.
    edge = [(500 + (17 if i % 2 else -17), i * 20) for i in range(51)]
    left = shapely.Polygon([(0, 0), *edge, (0, 1000)])
    right = shapely.Polygon([(1000, 0), (1000, 1000), *reversed(edge)])
    a, b = simplified([left, right], 50.0)
    assert len(a.exterior.coords) < len(left.exterior.coords)
    assert a.intersection(b).area == pytest.approx(0, abs=1e-6)
    assert a.union(b).area == pytest.approx(1_000_000, rel=1e-9)


def test_nice_scale_bar_lengths() -> None:
    assert [nice_length(m) for m in (0.7, 3, 180, 2400, 99_000)] == [0.5, 2, 100, 2000, 50_000]


def test_focus_map_shows_the_area_among_its_neighbours(city: Scenario,
                                                        geometry: AreaGeometry) -> None:
    plan = Plan.baseline(city)
    svg = focus_map(city, plan, geometry, ["BU09990101"],
                    [city.item_by_id["W-1"], city.item_by_id["R-1"]], title="Kerkstraat",
                    lang="nl")
    assert svg is not None
    root = ET.fromstring(svg)
    assert list(_shapes(svg)) == ["BU09990101"]
    grey = [p for p in root.iter(f"{SVG}path") if p.get("fill") == "#e6e6e6"]
    assert len(grey) == 1  # West is next door; Haven and Dorp are too far for this small map
    assert [t.text for t in root.iter(f"{SVG}text") if t.text in ("W-1", "R-1")] == ["W-1",
                                                                                   "R-1"]


def test_briefing_html_and_pdf_hold_the_demo_map(tmp_path: Path) -> None:
    html = tmp_path / "b.html"
    assert main(["brief", str(demo_path()), "-o", str(html), "--time-limit", "30"]) == 0
    text = html.read_text(encoding="utf-8")
    assert "<script" not in text and "default-src 'none'" in text
    start = text.index('<figure class="map">')
    svg = text[start + len('<figure class="map">'):text.index("</figure>", start)]
    shapes = _shapes(svg)
    assert len(shapes) == 22 and "BU07720103" in shapes
    assert 'id="area-BU07720103"' in text  # the row each shape links to
    assert "niet de echte CBS-kaart" in text
    pdf_path = tmp_path / "b.pdf"
    assert main(["brief", str(demo_path()), "-o", str(pdf_path), "--time-limit", "30"]) == 0
    reader = pypdf.PdfReader(io.BytesIO(pdf_path.read_bytes()))
    pages = [page.extract_text() for page in reader.pages]
    map_pages = [i for i, page in enumerate(pages) if "Werkweken" in page and "2 km" in page]
    assert map_pages, "the PDF has no page with the map's legend and scale bar"
    assert "Jagershoef" in pages[map_pages[0]]


def test_briefing_without_boundaries_has_no_map(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(geo_city.SCENARIO, encoding="utf-8")
    out = tmp_path / "b.html"
    assert main(["brief", str(scenario), "-o", str(out), "--time-limit", "20"]) == 0
    assert 'id="kaart"' not in out.read_text(encoding="utf-8")
    geo_city.rd_geojson(tmp_path / "b.geojson")
    assert main(["brief", str(scenario), "-o", str(out), "--time-limit", "20", "--areas",
                 str(tmp_path / "b.geojson"), "--map", "displaced"]) == 0
    text = out.read_text(encoding="utf-8")
    assert 'id="kaart"' in text and "Verschoven werken per buurt" in text


def test_briefing_with_a_bad_boundaries_file_exits_2(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(geo_city.SCENARIO + "areas_geometry: missing.geojson\n",
                        encoding="utf-8")
    out = tmp_path / "b.html"
    assert main(["brief", str(scenario), "-o", str(out), "--lang", "en"]) == 2
    assert capsys.readouterr().err.strip() == f"{tmp_path / 'missing.geojson'}: file does not exist"
    assert not out.exists()


def test_justification_html_has_a_small_map_of_the_request_and_displaced_works(
        tmp_path: Path) -> None:
    out = tmp_path / "j.html"
    assert main(["impact", str(demo_path()), "--request", "R-2", "--justification", str(out),
                 "-q", "--time-limit", "30"]) == 0
    text = out.read_text(encoding="utf-8")
    start = text.index('<figure class="map">')
    svg = text[start + len('<figure class="map">'):text.index("</figure>", start)]
    root = ET.fromstring(svg)
    marked = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text[:2] in ("R-", "W-")]
    # R-2 takes a sewer crew, so W-101 moves, and W-102 after it (demo docs: the chain).
    assert marked[0] == "R-2" and {"W-101", "W-102"} <= set(marked)
    assert set(_shapes(svg)) >= {"BU07720101", "BU07720103"}  # Binnenstad, Bergen


def test_demo_boundaries_ship_as_package_data_and_beside_the_example() -> None:
    copy = Path(__file__).resolve().parent.parent / "scenarios" / "demo-buurten.geojson"
    shipped = demo_path().parent / "demo-buurten.geojson"
    assert copy.is_file() and not copy.is_symlink()
    assert copy.read_bytes() == shipped.read_bytes()
    assert "niet de echte CBS-kaart" in shipped.read_text(encoding="utf-8")
