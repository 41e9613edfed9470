"""Exports: GeoJSON per RFC 7946 read back with shapely, iCalendar read back, CSV neutralised."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import shapely
from icalendar import Calendar

from scheduler.cli import main
from scheduler.commands.common import demo_path
from scheduler.geo.read import WGS84
from tests import geo_city

# RD New (155000, 463000) is the Amersfoort origin of the Dutch grid: about 5.387 E, 52.155 N.
AMERSFOORT = (5.3872, 52.1552)


@pytest.fixture()
def city(tmp_path: Path) -> Path:
    text = geo_city.SCENARIO + "areas_geometry: b.geojson\n"
    text = text.replace("name: Stoep Dorpsstraat", 'name: "=HYPERLINK(\\"x\\")"')
    (tmp_path / "s.yaml").write_text(text, encoding="utf-8")
    geo_city.rd_geojson(tmp_path / "b.geojson")
    return tmp_path / "s.yaml"


def _rfc7946(data: dict[str, Any]) -> None:
    """The structure RFC 7946 asks for, checked by hand (section numbers in comments)."""
    assert data["type"] == "FeatureCollection" and isinstance(data["features"], list)  # 3.3
    assert "crs" not in data  # 4: WGS84 only, no crs member
    for feature in data["features"]:
        assert feature["type"] == "Feature" and "properties" in feature  # 3.2
        assert isinstance(feature["id"], str | int)
        geometry = feature["geometry"]
        if geometry is None:
            continue
        assert geometry["type"] in ("Point", "LineString", "Polygon", "MultiPolygon")
        shape = shapely.geometry.shape(geometry)
        assert shape.is_valid and not shape.is_empty
        x0, y0, x1, y1 = shape.bounds
        assert -180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90  # 3.1.1 lon, lat
        for polygon in getattr(shape, "geoms", [shape]):
            if polygon.geom_type == "Polygon":  # 3.1.6 right-hand rule
                assert polygon.exterior.is_ccw
                assert all(not ring.is_ccw for ring in polygon.interiors)


def test_geojson_from_rd_boundaries_is_wgs84_per_rfc7946(city: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.geojson"
    assert main(["export", str(city), "-o", str(out), "--time-limit", "20"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    _rfc7946(data)
    by_id = {f["id"]: f for f in data["features"]}
    assert list(by_id) == ["W-1", "W-2", "W-3", "R-1"]
    # W-1 has its own location (the middle of Oost); W-2 is drawn as its buurt.
    point = shapely.geometry.shape(by_id["W-1"]["geometry"])
    assert point.geom_type == "Point"
    assert point.x == pytest.approx(AMERSFOORT[0] + 0.0073, abs=0.002)
    assert point.y == pytest.approx(AMERSFOORT[1] + 0.0045, abs=0.002)
    west = shapely.geometry.shape(by_id["W-2"]["geometry"])
    assert west.geom_type == "Polygon" and west.contains(shapely.Point(5.3872 + 0.021, 52.1597))
    props = by_id["W-1"]["properties"]
    # R-1 takes the crew in weeks 2-3, so W-1 moves from week 2 to week 4.
    assert (props["status"], props["planned_start"], props["start"], props["shift"]) == (
        "moved", "2027-W02", "2027-W04", 2)
    assert (props["first_day"], props["last_day"]) == ("2027-01-25", "2027-02-19")
    assert props["cause"].startswith("capaciteit van ploeg in 2027-W02..W03 is bezet door R-1")
    assert by_id["R-1"]["properties"]["status"] == "new"


def test_geojson_from_wgs84_boundaries_needs_no_transformation(tmp_path: Path) -> None:
    text = geo_city.SCENARIO.replace(
        "location: {type: Point, coordinates: [155500, 463500]}",
        "location: {type: Point, coordinates: [5.39, 52.16]}")
    (tmp_path / "s.yaml").write_text(text + "areas_geometry: w.geojson\n", encoding="utf-8")
    geo_city.wgs84_geojson(tmp_path / "w.geojson")
    out = tmp_path / "plan.geojson"
    assert main(["export", str(tmp_path / "s.yaml"), "-o", str(out), "--time-limit", "20"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    _rfc7946(data)
    assert data["features"][0]["geometry"] == {"type": "Point", "coordinates": [5.39, 52.16]}
    assert WGS84 == "CRS84"


def test_geojson_without_boundaries_has_null_geometries(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(geo_city.SCENARIO, encoding="utf-8")
    out = tmp_path / "plan.geojson"
    assert main(["export", str(tmp_path / "s.yaml"), "-o", str(out), "--time-limit", "20"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    _rfc7946(data)
    assert all(f["geometry"] is None for f in data["features"])


def _events(path: Path) -> dict[str, tuple[date, date, str]]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): (e.decoded("DTSTART"), e.decoded("DTEND"), str(e["SUMMARY"]))
            for e in calendar.walk("VEVENT")}


def test_icalendar_one_all_day_event_per_work_per_buurt(city: Path, tmp_path: Path) -> None:
    text = city.read_text(encoding="utf-8").replace("area: BU09990201, street: Havenweg",
                                                    "area: WK099902, street: Havenweg")
    city.write_text(text, encoding="utf-8")
    out = tmp_path / "plan.ics"
    assert main(["export", str(city), "-o", str(out), "--time-limit", "20"]) == 0
    events = _events(out)
    # W-3 lies on the whole wijk Zuid: one event in each of its two buurten.
    assert sorted(events) == ["R-1.BU09990101@plooi", "W-1.BU09990101@plooi",
                              "W-2.BU09990102@plooi", "W-3.BU09990201@plooi",
                              "W-3.BU09990202@plooi"]
    # W-1: weeks 4-7 of 2027 (Monday 25 January up to the Saturday after Friday 19 February).
    assert events["W-1.BU09990101@plooi"] == (date(2027, 1, 25), date(2027, 2, 20),
                                              "Riool Kerkstraat")
    assert events["R-1.BU09990101@plooi"][:2] == (date(2027, 1, 11), date(2027, 1, 23))
    again = tmp_path / "again.ics"
    assert main(["export", str(city), "-o", str(again), "--time-limit", "20"]) == 0
    assert again.read_bytes() == out.read_bytes()  # same plan, same file, same UIDs


def test_csv_neutralises_formulas_and_keeps_numbers(city: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.csv"
    assert main(["export", str(city), "-o", str(out), "--time-limit", "20"]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig")), delimiter=";"))
    by_id = {row["id"]: row for row in rows}
    assert by_id["W-2"]["name"] == "'=HYPERLINK(\"x\")"
    assert by_id["W-1"]["shift"] == "2" and by_id["W-2"]["shift"] == "0"
    assert by_id["R-1"]["planned_start"] == ""


def test_export_from_a_result_json_reads_the_plan_back(city: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    result = tmp_path / "r.json"
    assert main(["solve", str(city), "--json", str(result), "--time-limit", "20"]) == 0
    out = tmp_path / "plan.csv"
    assert main(["export", str(result), "--scenario", str(city), "-o", str(out)]) == 0
    solved = tmp_path / "solved.csv"
    assert main(["export", str(city), "-o", str(solved), "--time-limit", "20"]) == 0
    assert out.read_bytes() == solved.read_bytes()
    capsys.readouterr()
    assert main(["export", str(result), "-o", str(out), "--lang", "en"]) == 2
    assert "a result JSON needs its scenario: give --scenario" in capsys.readouterr().err


def test_demo_exports_every_work(tmp_path: Path) -> None:
    out = tmp_path / "demo.geojson"
    assert main(["export", str(demo_path()), "-o", str(out), "--time-limit", "30"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    _rfc7946(data)
    assert len(data["features"]) == 91
    assert all(f["geometry"] is not None for f in data["features"])
