"""Boundaries files: GeoJSON in RD New and WGS84, GeoPackage, and every bad case."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import shapely

from scheduler.errors import ScenarioError
from scheduler.geo.areas import geometry_path, load_areas
from scheduler.geo.read import MAX_BYTES, RD_NEW, WGS84
from scheduler.io.load import scenario_from_text
from scheduler.scenario import Scenario
from tests import geo_city


@pytest.fixture()
def city() -> Scenario:
    return scenario_from_text(geo_city.SCENARIO)


def _message(error: pytest.ExceptionInfo[ScenarioError]) -> str:
    return error.value.render("en")


def test_rd_geojson_joins_every_buurt_and_derives_the_wijken(city: Scenario,
                                                            tmp_path: Path) -> None:
    geometry = load_areas(city, geo_city.rd_geojson(tmp_path / "b.geojson"))
    assert geometry.crs == RD_NEW and geometry.key == "statcode"
    assert sorted(geometry.buurten) == geo_city.CODES
    # A wijk is the union of its two 1 km squares: 2 km2, one polygon.
    assert geometry.wijken["WK099901"].area == pytest.approx(2_000_000)
    assert geometry.wijken["WK099901"].geom_type == "Polygon"
    assert geometry.warnings == []
    assert geometry.locations["W-1"].equals(shapely.Point(155_500, 463_500))


def test_wgs84_geojson_without_crs_member_is_crs84(city: Scenario, tmp_path: Path) -> None:
    located = city.derived(works=[w.model_copy(update={"location": None}) for w in city.works])
    geometry = load_areas(located, geo_city.wgs84_geojson(tmp_path / "w.geojson"))
    assert geometry.crs == WGS84
    assert sorted(geometry.buurten) == geo_city.CODES
    assert geometry.warnings == []


def test_location_in_another_crs_is_a_warning(city: Scenario, tmp_path: Path) -> None:
    # W-1 is located in RD metres but the boundaries are in degrees.
    geometry = load_areas(city, geo_city.wgs84_geojson(tmp_path / "w.geojson"))
    assert geometry.warning_lines("en") == [
        "scenario: works[0].location: the location lies far outside the map of the buurten; "
        "is it in the same coordinate reference system (CRS84)?"]


@pytest.mark.parametrize("envelope", [True, False])
def test_geopackage_read_with_sqlite_and_wkb(city: Scenario, tmp_path: Path,
                                             envelope: bool) -> None:
    rows = [(code, geo_city.gpkg_blob(geo_city.square(i), envelope=envelope))
            for i, code in enumerate(geo_city.CODES)]
    geometry = load_areas(city, geo_city.gpkg(tmp_path / "b.gpkg", rows))
    assert geometry.crs == RD_NEW and geometry.key == "buurtcode"
    assert geometry.buurten["BU09990202"].equals(geo_city.square(3))


def test_areas_key_names_another_column(city: Scenario, tmp_path: Path) -> None:
    path = geo_city.rd_geojson(tmp_path / "b.geojson", geo_city.features("CODE_BU"))
    with pytest.raises(ScenarioError) as error:
        load_areas(city, path)
    assert _message(error) == (
        f"{path}: no column statcode / buurtcode / wijkcode on the features; "
        "name the column with the CBS codes with --areas-key")
    assert sorted(load_areas(city, path, key="CODE_BU").buurten) == geo_city.CODES
    with pytest.raises(ScenarioError, match=re.escape(
            "column 'code' is missing; there are: CODE_BU, statnaam")):
        load_areas(city, path, key="code")


def test_unknown_crs(city: Scenario, tmp_path: Path) -> None:
    path = geo_city.rd_geojson(tmp_path / "b.geojson", crs="EPSG:3857")
    with pytest.raises(ScenarioError) as error:
        load_areas(city, path)
    assert _message(error) == (
        f"{path}: crs: unknown coordinate reference system 'EPSG:3857': "
        "expected EPSG:28992 (RD New) or WGS84 (EPSG:4326, CRS84)")


def test_unknown_crs_in_geopackage(city: Scenario, tmp_path: Path) -> None:
    path = geo_city.gpkg(tmp_path / "b.gpkg", coordsys=3035)
    with pytest.raises(ScenarioError, match=re.escape(
            "gpkg_spatial_ref_sys: unknown coordinate reference system 'EPSG:3035'")):
        load_areas(city, path)


def test_rd_coordinates_without_crs_member(city: Scenario, tmp_path: Path) -> None:
    path = geo_city.rd_geojson(tmp_path / "b.geojson", crs=None)
    with pytest.raises(ScenarioError) as error:
        load_areas(city, path)
    assert _message(error) == (
        f"{path}: features[0]: the file names no coordinate reference system, so WGS84, "
        "but (155000, 463000) is no longitude and latitude; is it RD New? Then name "
        "EPSG:28992 in the crs member (see docs/geo.md)")


def test_invalid_empty_and_wrong_polygons_all_reported(city: Scenario, tmp_path: Path) -> None:
    feats = geo_city.features()
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [10, 10], [10, 0], [0, 10], [0, 0]]]}
    feats[0]["geometry"] = bowtie
    feats[1]["geometry"] = None
    feats[2]["geometry"] = {"type": "Point", "coordinates": [155_000, 463_000]}
    feats[3]["geometry"] = {"type": "Polygon", "coordinates": [[[1, 2]]]}
    path = geo_city.rd_geojson(tmp_path / "b.geojson", feats)
    with pytest.raises(ScenarioError) as error:
        load_areas(city, path)
    lines = _message(error).splitlines()
    assert lines[0] == (f"{path}: features[0]: the polygon of BU09990101 is invalid: "
                        "Self-intersection[5 5]")
    assert lines[1] == f"{path}: features[1]: the polygon of BU09990102 is empty"
    assert lines[2] == f"{path}: features[2]: expected a Polygon or MultiPolygon, got Point"
    assert lines[3].startswith(f"{path}: features[3]: the geometry of BU09990202 cannot be read")


def test_bad_code_and_duplicate(city: Scenario, tmp_path: Path) -> None:
    feats = geo_city.features()
    feats[1]["properties"]["statcode"] = "BU0999"
    feats[3]["properties"]["statcode"] = "BU09990101"
    path = geo_city.rd_geojson(tmp_path / "b.geojson", feats)
    with pytest.raises(ScenarioError) as error:
        load_areas(city, path)
    assert _message(error).splitlines() == [
        f"{path}: features[1].statcode: 'BU0999' is not a CBS code of a wijk (WK + 6 digits) "
        "or buurt (BU + 8 digits)",
        f"{path}: features[3]: code BU09990101 appears twice (first at features[0])",
    ]


def test_scenario_code_missing_is_an_error_and_extra_code_a_warning(
        city: Scenario, tmp_path: Path) -> None:
    feats = geo_city.features()
    feats[2]["properties"]["statcode"] = "BU09990301"
    path = geo_city.rd_geojson(tmp_path / "b.geojson", feats)
    with pytest.raises(ScenarioError) as error:
        load_areas(city, path)
    assert _message(error) == (
        f"{path}: BU09990201 (Haven) of the scenario is not in this file (column 'statcode'); "
        "expected a polygon for every buurt the scenario names")
    feats[2]["properties"]["statcode"] = "BU09990201"
    feats.append({**feats[0], "properties": {"statcode": "BU09990301"}})
    geometry = load_areas(city, geo_city.rd_geojson(path, feats))
    assert geometry.warning_lines("nl") == [
        f"{path}: 1 code(s) staan in het bestand maar niet in het scenario en worden niet "
        "getekend: BU09990301"]
    assert "BU09990301" not in geometry.buurten


def test_overlapping_buurten_are_a_warning(city: Scenario, tmp_path: Path) -> None:
    feats = geo_city.features()
    feats[1]["geometry"] = shapely.geometry.mapping(shapely.box(155_500, 463_000, 157_000,
                                                                464_000))
    geometry = load_areas(city, geo_city.rd_geojson(tmp_path / "b.geojson", feats))
    assert [w.code for w in geometry.warnings] == ["geo_overlap"]
    assert geometry.warnings[0].params == {"first": "BU09990101", "second": "BU09990102"}


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("b.txt", b"", "unknown file type '.txt' for boundaries: expected .geojson, .json or .gpkg"),
    ("b.geojson", b"{nope", "this is not GeoJSON: Expecting property name enclosed in double "
                            "quotes: line 1 column 2 (char 1)"),
    ("b.geojson", b'{"type": "Feature"}', "expected a GeoJSON FeatureCollection, got 'Feature'"),
    ("b.gpkg", b"not a database at all, just text" * 40,
     "this is not a readable GeoPackage (file is not a database)"),
])
def test_unreadable_files(city: Scenario, tmp_path: Path, name: str, content: bytes,
                          expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ScenarioError) as error:
        load_areas(city, path)
    assert _message(error) == f"{path}: {expected}"


def test_missing_file_and_empty_geopackage(city: Scenario, tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="file does not exist"):
        load_areas(city, tmp_path / "none.geojson")
    path = geo_city.gpkg(tmp_path / "b.gpkg")
    import sqlite3

    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM gpkg_contents")
    connection.close()
    with pytest.raises(ScenarioError, match=re.escape(
            "no layer of features (data_type 'features') in this GeoPackage")):
        load_areas(city, path)


def test_bad_geopackage_blob(city: Scenario, tmp_path: Path) -> None:
    rows = [(code, geo_city.gpkg_blob(geo_city.square(i))) for i, code in
            enumerate(geo_city.CODES)]
    rows[2] = (rows[2][0], b"XX" + rows[2][1][2:])
    path = geo_city.gpkg(tmp_path / "b.gpkg", rows)
    with pytest.raises(ScenarioError) as error:
        load_areas(city, path)
    assert _message(error) == (
        f"{path}: buurten[3]: the geometry of BU09990201 cannot be read (no GP header)")


def test_file_far_too_large(city: Scenario, tmp_path: Path) -> None:
    path = tmp_path / "b.geojson"
    with path.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ScenarioError) as error:
        load_areas(city, path)
    assert _message(error) == (
        f"{path}: file is too large ({MAX_BYTES + 1} bytes; at most {MAX_BYTES} bytes)")


def test_location_must_be_a_point_or_line() -> None:
    text = geo_city.SCENARIO.replace("coordinates: [155500, 463500]", "coordinates: [155500]")
    with pytest.raises(ScenarioError, match=re.escape(
            "works[0].location: expected a position [x, y] of two numbers, got '[155500]'")):
        scenario_from_text(text)
    text = geo_city.SCENARIO.replace("type: Point", "type: Polygon")
    with pytest.raises(ScenarioError, match=re.escape(
            "works[0].location.type: expected one of 'Point' or 'LineString', got 'Polygon'")):
        scenario_from_text(text)


def test_geometry_path_is_relative_to_the_scenario(city: Scenario, tmp_path: Path) -> None:
    assert geometry_path(city, tmp_path / "s.yaml", None) is None
    named = city.derived(areas_geometry="kaart/buurten.geojson")
    assert geometry_path(named, tmp_path / "s.yaml", None) == tmp_path / "kaart/buurten.geojson"
    assert geometry_path(named, tmp_path / "s.yaml", Path("x.gpkg")) == Path("x.gpkg")


def test_geojson_feature_collection_is_plain_json(tmp_path: Path) -> None:
    # The helper writes what QGIS writes: a crs member naming RD New.
    path = geo_city.rd_geojson(tmp_path / "b.geojson")
    data = json.loads(path.read_text())
    assert data["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::28992"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_street_fields_round_trip_through_xlsx_and_csv(tmp_path: Path, lang: str) -> None:
    from scheduler.io.load import load_scenario
    from scheduler.io.write_tabular import write_csv_folder, write_workbook
    from scheduler.io.write_yaml import scenario_yaml

    text = geo_city.SCENARIO + "areas_geometry: kaart/buurten.geojson\n"
    text = text.replace('reason: "Er zakt een stuk weg in."',
                        'reason: "Er zakt een stuk weg in.", outcome: "De weg is weer vlak.", '
                        'contact: "+31 40 123", '
                        "location: {type: LineString, coordinates: [[155100, 463100], "
                        "[155200.5, 463300]]}")
    scenario = scenario_from_text(text)
    assert scenario.requests[0].location is not None
    assert scenario.requests[0].contact == "+31 40 123"
    write_workbook(scenario, tmp_path / "s.xlsx", lang=lang)  # type: ignore[arg-type]
    write_csv_folder(scenario, tmp_path / "csv", lang=lang)  # type: ignore[arg-type]
    for path in (tmp_path / "s.xlsx", tmp_path / "csv"):
        back = load_scenario(path)
        assert back.works == scenario.works, path
        assert back.requests == scenario.requests, path
        assert (back.areas_geometry, back.contact) == (scenario.areas_geometry,
                                                       scenario.contact)
    assert scenario_from_text(scenario_yaml(scenario)) == scenario


def test_bad_location_cell_in_a_sheet(tmp_path: Path) -> None:
    from scheduler.io.load import load_scenario
    from scheduler.io.write_tabular import write_csv_folder

    scenario = scenario_from_text(geo_city.SCENARIO)
    folder = tmp_path / "csv"
    write_csv_folder(scenario, folder, lang="en")
    works = folder / "works.csv"
    works.write_text(works.read_text(encoding="utf-8-sig").replace(
        '"{""type"": ""Point"", ""coordinates"": [155500, 463500]}"', "hier"),
        encoding="utf-8-sig")
    with pytest.raises(ScenarioError, match=re.escape(
            "location: expected a GeoJSON geometry as text, e.g. "
            '{"type": "Point", "coordinates": [155000, 463000]}, got \'hier\'')):
        load_scenario(folder)


def test_validate_checks_the_boundaries_too(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from scheduler.cli import main

    scenario = tmp_path / "s.yaml"
    scenario.write_text(geo_city.SCENARIO + "areas_geometry: b.geojson\n", encoding="utf-8")
    feats = geo_city.features()[:3]  # Dorp is missing
    geo_city.rd_geojson(tmp_path / "b.geojson", feats)
    assert main(["validate", str(scenario), "--lang", "en"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{tmp_path / 'b.geojson'}: BU09990202 (Dorp) of the scenario is not in this file "
        "(column 'statcode'); expected a polygon for every buurt the scenario names"]
    geo_city.rd_geojson(tmp_path / "b.geojson")
    assert main(["validate", str(scenario), "--lang", "en"]) == 0
    assert f"{tmp_path / 'b.geojson'}: valid — 4 buurten, 2 wijken (EPSG:28992)" in \
        capsys.readouterr().out


def test_geopackage_in_wgs84(city: Scenario, tmp_path: Path) -> None:
    located = city.derived(works=[w.model_copy(update={"location": None}) for w in city.works])
    rows = []
    for i, code in enumerate(geo_city.CODES):
        lonlat = shapely.transform(geo_city.square(i), lambda xy: (xy - [155_000, 463_000])
                                   / [68_000, 111_000] + [5.3872, 52.1552])
        rows.append((code, geo_city.gpkg_blob(lonlat, srs_id=4326)))
    path = geo_city.gpkg(tmp_path / "w.gpkg", rows, coordsys=4326)
    geometry = load_areas(located, path)
    assert geometry.crs == WGS84
    assert geometry.buurten["BU09990101"].bounds[0] == pytest.approx(5.3872)
