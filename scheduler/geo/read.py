"""Read a boundaries file (GeoJSON or GeoPackage) into plain features, without GDAL.

GeoJSON is read with :mod:`json`; a GeoPackage is an SQLite database whose
geometry cells are a small header (magic ``GP``, flags, SRS id, envelope)
followed by standard WKB, which shapely parses. Only two coordinate reference
systems are accepted, the two a Dutch municipality uses: RD New (EPSG:28992)
and WGS84 longitude/latitude (CRS84, EPSG:4326). Every problem is an
:class:`~scheduler.errors.InputProblem` naming the file and the feature.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import shapely
from shapely.geometry.base import BaseGeometry

from scheduler.errors import InputProblem, ScenarioError

RD_NEW = "EPSG:28992"
WGS84 = "CRS84"
# A municipality's buurten take a few MB; the whole country's take hundreds.
MAX_BYTES = 64 * 1024 * 1024
GEOJSON_SUFFIXES = (".geojson", ".json")
GPKG_SUFFIXES = (".gpkg",)


@dataclass(frozen=True)
class RawFeature:
    """One feature as read: where it is in the file, its attributes and its shape."""

    place: str
    properties: dict[str, Any]
    geometry: BaseGeometry | None
    geometry_error: str = ""


@dataclass(frozen=True)
class RawLayer:
    crs: str
    features: tuple[RawFeature, ...]
    # A GeoJSON "description" member, shown under the map ("schematic, not the CBS map").
    note: str = ""


def read_layer(path: Path) -> RawLayer:
    """The features of a boundaries file; ScenarioError for anything unreadable."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in GEOJSON_SUFFIXES + GPKG_SUFFIXES:
        _fail(source, "", "geo_format", suffix=path.suffix)
    if not path.is_file():
        _fail(source, "", "file_missing")
    size = path.stat().st_size
    if size > MAX_BYTES:
        _fail(source, "", "file_too_large", size=size, limit=MAX_BYTES)
    if suffix in GPKG_SUFFIXES:
        return _read_gpkg(path)
    return _read_geojson(path)


def _fail(source: str, place: str, code: str, **params: Any) -> NoReturn:
    raise ScenarioError([InputProblem(source, place, code, params)])


# -- GeoJSON -------------------------------------------------------------------------------


def _read_geojson(path: Path) -> RawLayer:
    source = str(path)
    try:
        data = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        _fail(source, "", "geo_not_json", detail=str(error))
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        got = data.get("type") if isinstance(data, dict) else type(data).__name__
        _fail(source, "", "geo_not_collection", got=repr(got))
    features = data.get("features")
    if not isinstance(features, list):
        _fail(source, "features", "expected_list", got=type(features).__name__)
    crs = _geojson_crs(source, data.get("crs"))
    read = []
    for index, feature in enumerate(features):
        place = f"features[{index}]"
        if not isinstance(feature, dict):
            _fail(source, place, "expected_mapping", got=type(feature).__name__)
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            _fail(source, f"{place}.properties", "expected_mapping",
                  got=type(properties).__name__)
        geometry, problem = _shape(feature.get("geometry"))
        read.append(RawFeature(place, properties, geometry, problem))
    if crs is None:
        crs = WGS84
        _check_lonlat(source, read)
    note = data.get("description")
    return RawLayer(crs, tuple(read), note[:500] if isinstance(note, str) else "")


def _shape(value: Any) -> tuple[BaseGeometry | None, str]:
    if value is None:
        return None, ""
    try:
        return shapely.geometry.shape(value), ""
    except (ValueError, TypeError, KeyError, IndexError, AttributeError,
            shapely.errors.GEOSException) as error:
        return None, str(error) or type(error).__name__


_EPSG = re.compile(r"(?:EPSG)?(?::{1,2}|/)(\d+)$", re.IGNORECASE)


def crs_name(text: str) -> str | None:
    """RD_NEW or WGS84 for the ways files write them (EPSG:28992, urn:ogc:...:CRS84, ...)."""
    cleaned = text.strip()
    if cleaned.upper().endswith("CRS84"):
        return WGS84
    match = _EPSG.search(cleaned)
    if match is None:
        return None
    code = int(match.group(1))
    return {28992: RD_NEW, 4326: WGS84}.get(code)


def _geojson_crs(source: str, value: Any) -> str | None:
    """The crs member of older GeoJSON (RFC 7946 dropped it: no member means WGS84)."""
    if value is None:
        return None
    name: Any = value
    if isinstance(value, dict):
        name = (value.get("properties") or {}).get("name") if isinstance(
            value.get("properties"), dict) else None
    if not isinstance(name, str) or crs_name(name) is None:
        _fail(source, "crs", "geo_crs_unknown", crs=_short(name if name is not None else value))
    return crs_name(str(name))


def _check_lonlat(source: str, features: list[RawFeature]) -> None:
    for feature in features:
        if feature.geometry is None or feature.geometry.is_empty:
            continue
        x0, y0, x1, y1 = feature.geometry.bounds
        if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
            _fail(source, feature.place, "geo_crs_missing", x=_number(x0), y=_number(y0))


def _number(value: float) -> str:
    return f"{value:.6g}"


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


# -- GeoPackage ----------------------------------------------------------------------------

# Envelope sizes (bytes) by the 3-bit envelope indicator of the GeoPackage header.
_ENVELOPE = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def _read_gpkg(path: Path) -> RawLayer:
    source = str(path)
    try:
        # Read-only and immutable: plooi never changes a user's file.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        _fail(source, "", "geo_gpkg", detail=str(error))
    try:
        return _gpkg_layer(source, connection)
    except sqlite3.DatabaseError as error:
        _fail(source, "", "geo_gpkg", detail=str(error))
    finally:
        connection.close()


def _gpkg_layer(source: str, connection: sqlite3.Connection) -> RawLayer:
    rows = connection.execute(
        "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c "
        "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name "
        "WHERE c.data_type = 'features' ORDER BY c.table_name").fetchall()
    if not rows:
        _fail(source, "", "geo_gpkg_no_layer")
    table, column, srs_id = rows[0]
    crs = _gpkg_crs(source, connection, int(srs_id))
    cursor = connection.execute(f'SELECT * FROM "{_ident(table)}"')
    names = [d[0] for d in cursor.description]
    read = []
    for number, row in enumerate(cursor, start=1):
        values = dict(zip(names, row, strict=True))
        blob = values.pop(column)
        place = f"{table}[{number}]"
        geometry, error = _blob_shape(blob)
        properties = {k: v for k, v in values.items() if not isinstance(v, bytes)}
        read.append(RawFeature(place, properties, geometry, error))
    return RawLayer(crs, tuple(read))


def _ident(name: str) -> str:
    return name.replace('"', '""')


def _gpkg_crs(source: str, connection: sqlite3.Connection, srs_id: int) -> str:
    row = connection.execute(
        "SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys "
        "WHERE srs_id = ?", (srs_id,)).fetchone()
    text = f"{row[0]}:{row[1]}" if row else f"srs_id {srs_id}"
    name = crs_name(text)
    if name is None:
        _fail(source, "gpkg_spatial_ref_sys", "geo_crs_unknown", crs=text)
    return name


def _blob_shape(blob: Any) -> tuple[BaseGeometry | None, str]:
    """Parse a GeoPackage geometry blob: ``GP``, version, flags, srs_id, envelope, WKB."""
    if blob is None:
        return None, ""
    if not isinstance(blob, bytes) or len(blob) < 8 or blob[:2] != b"GP":
        return None, "no GP header"
    flags = blob[3]
    envelope = _ENVELOPE.get((flags >> 1) & 0b111)
    if envelope is None:
        return None, f"envelope indicator {(flags >> 1) & 0b111}"
    if flags & 0b10000:  # the empty-geometry flag
        return shapely.Polygon(), ""
    try:  # the blob's own srs_id (bytes 4-8) is ignored: the layer's applies
        return shapely.from_wkb(blob[8 + envelope:]), ""
    except shapely.errors.GEOSException as error:
        return None, str(error)
