"""A tiny hand-made city for the geometry, map, letter and export tests.

Gemeente 0999 has two wijken of two buurten each, squares of 1 km in RD New:

    BU09990101 | BU09990102 | BU09990201 | BU09990202
    (x 155000..159000, y 463000..464000, west to east)

Only the shapes are invented; the files are built the way QGIS and the CBS
write them (GeoJSON with a crs member, GeoPackage with a GP blob header).
"""

from __future__ import annotations

import json
import sqlite3
import struct
from pathlib import Path
from typing import Any

import shapely

X0, Y0, SIDE = 155_000.0, 463_000.0, 1_000.0
CODES = ["BU09990101", "BU09990102", "BU09990201", "BU09990202"]
NAMES = {"BU09990101": "Oost", "BU09990102": "West", "BU09990201": "Haven",
         "BU09990202": "Dorp"}


def square(index: int) -> shapely.Polygon:
    x = X0 + index * SIDE
    return shapely.box(x, Y0, x + SIDE, Y0 + SIDE)


def features(key: str = "statcode") -> list[dict[str, Any]]:
    return [{"type": "Feature",
             "properties": {key: code, "statnaam": NAMES[code]},
             "geometry": shapely.geometry.mapping(square(i))}
            for i, code in enumerate(CODES)]


def rd_geojson(path: Path, feats: list[dict[str, Any]] | None = None,
               crs: Any = "urn:ogc:def:crs:EPSG::28992") -> Path:
    data: dict[str, Any] = {"type": "FeatureCollection", "features": feats or features()}
    if crs is not None:
        data["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def wgs84_geojson(path: Path) -> Path:
    """The same city in longitude/latitude (a linear stand-in near Utrecht: exact enough)."""
    feats = features()
    for feat in feats:
        shape = shapely.geometry.shape(feat["geometry"])
        moved = shapely.transform(shape, lambda xy: (xy - [155_000, 463_000]) / [68_000, 111_000]
                                  + [5.3872, 52.1552])
        feat["geometry"] = shapely.geometry.mapping(moved)
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}),
                    encoding="utf-8")
    return path


def gpkg_blob(shape: shapely.Geometry, srs_id: int = 28992, envelope: bool = True) -> bytes:
    """A GeoPackage geometry: 'GP', version 0, flags (little endian, envelope 1), srs, WKB."""
    flags = 0b1 | ((1 if envelope else 0) << 1)
    head = b"GP" + bytes([0, flags]) + struct.pack("<i", srs_id)
    if envelope:
        x0, y0, x1, y1 = shape.bounds
        head += struct.pack("<4d", x0, x1, y0, y1)
    return head + shapely.to_wkb(shape, byte_order=1)


def gpkg(path: Path, rows: list[tuple[str, bytes | None]] | None = None,
         organization: str = "EPSG", coordsys: int = 28992) -> Path:
    connection = sqlite3.connect(path)
    connection.executescript("""
        CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY,
            organization TEXT, organization_coordsys_id INTEGER, definition TEXT);
        CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT,
            identifier TEXT, srs_id INTEGER);
        CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT,
            geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER);
        CREATE TABLE buurten (fid INTEGER PRIMARY KEY, geom BLOB, buurtcode TEXT,
            buurtnaam TEXT);
    """)
    connection.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('rd', 1, ?, ?, '')",
                       (organization, coordsys))
    connection.execute("INSERT INTO gpkg_contents VALUES ('buurten', 'features', 'b', 1)")
    connection.execute(
        "INSERT INTO gpkg_geometry_columns VALUES ('buurten', 'geom', 'MULTIPOLYGON', 1, 0, 0)")
    if rows is None:
        rows = [(code, gpkg_blob(square(i), envelope=i % 2 == 0))
                for i, code in enumerate(CODES)]
    for code, blob in rows:
        connection.execute("INSERT INTO buurten (geom, buurtcode, buurtnaam) VALUES (?, ?, ?)",
                           (blob, code, NAMES.get(code, "")))
    connection.commit()
    connection.close()
    return path


SCENARIO = """
name: Kleine stad
horizon: {start: 2027-W01, end: 2027-W20}
contact: "Gemeente Kleinstad, telefoon 14 0999"
areas:
  - {code: WK099901, name: Noord}
  - {code: BU09990101, name: Oost}
  - {code: BU09990102, name: West}
  - {code: WK099902, name: Zuid}
  - {code: BU09990201, name: Haven}
  - {code: BU09990202, name: Dorp}
resources:
  - {id: ploeg, name: Ploeg, capacity: 1}
works:
  - {id: W-1, name: Riool Kerkstraat, kind: sewer, area: BU09990101, street: Kerkstraat,
     duration: 4, planned_start: 2027-W02, demand: {ploeg: 1},
     reason: "Het oude riool lekt.", outcome: "Er ligt een nieuw riool.",
     location: {type: Point, coordinates: [155500, 463500]}}
  - {id: W-2, name: Stoep Dorpsstraat, kind: road, area: BU09990102, street: Dorpsstraat,
     duration: 4, planned_start: 2027-W04}
  - {id: W-3, name: Bomen Havenweg, kind: tree, area: BU09990201, street: Havenweg,
     duration: 2, planned_start: 2027-W10}
requests:
  - {id: R-1, name: Verzakking Kerkstraat, kind: sewer, area: BU09990101, street: Kerkstraat,
     duration: 2, earliest: 2027-W02, latest_finish: 2027-W03, demand: {ploeg: 1},
     reason: "Er zakt een stuk weg in."}
"""
