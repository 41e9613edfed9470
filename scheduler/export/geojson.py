"""GeoJSON (RFC 7946) of every work and request, for QGIS, ArcGIS and web maps.

RFC 7946 allows only WGS84 longitude/latitude and no ``crs`` member, so RD New
boundaries are transformed with pyproj (the optional extra ``plooi[geo]``).
Polygons follow the right-hand rule (exterior rings counterclockwise) and
coordinates keep 7 decimals (about a centimetre). An item's geometry is its
own ``location``, else its buurt's polygon, else null (allowed by the RFC).
"""

from __future__ import annotations

import json
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from scheduler.errors import InputProblem, ScenarioError
from scheduler.export.records import Record
from scheduler.geo.areas import AreaGeometry
from scheduler.geo.read import RD_NEW

DECIMALS = 7


def to_wgs84(geometry: AreaGeometry) -> Any:
    """A function mapping shapes of the boundaries' CRS to longitude/latitude."""
    if geometry.crs != RD_NEW:
        return lambda shape: shape
    try:
        from pyproj import Transformer
    except ImportError:
        raise ScenarioError([InputProblem(geometry.source, "", "geo_needs_pyproj")]) from None
    transformer = Transformer.from_crs("EPSG:28992", "EPSG:4326", always_xy=True)

    def transform(shape: BaseGeometry) -> BaseGeometry:
        return shapely.transform(shape, lambda xy: _pairs(transformer.transform(xy[:, 0],
                                                                                 xy[:, 1])))

    return transform


def _pairs(columns: Any) -> Any:
    import numpy as np

    return np.column_stack(columns)


def feature_collection(rows: list[Record], geometry: AreaGeometry | None,
                       title: str) -> dict[str, Any]:
    project = to_wgs84(geometry) if geometry is not None else None
    features = []
    for row in rows:
        shape = geometry.item_shape(row.item) if geometry is not None else None
        geo: Any = None
        if shape is not None and project is not None:
            wgs = shapely.set_precision(project(shape), 10 ** -DECIMALS)
            if wgs.geom_type in ("Polygon", "MultiPolygon"):
                wgs = shapely.orient_polygons(wgs)
            geo = shapely.geometry.mapping(wgs)
        features.append({"type": "Feature", "id": row.values["id"], "geometry": geo,
                         "properties": row.values})
    return {"type": "FeatureCollection", "name": title, "features": features}


def geojson_text(rows: list[Record], geometry: AreaGeometry | None, title: str) -> str:
    """The collection with one feature per line (diffs and greps stay readable)."""
    collection = feature_collection(rows, geometry, title)
    lines = [json.dumps(f, ensure_ascii=False) for f in collection["features"]]
    head = json.dumps({"type": collection["type"], "name": collection["name"]},
                      ensure_ascii=False)[:-1]
    return head + ', "features": [\n' + ",\n".join(lines) + "\n]}\n"
