"""Messages about boundaries files, locations and the school-holiday rule (nl and en).

Merged into :data:`scheduler.messages.CATALOG`; kept here so the geometry code
and its wording change together.
"""

from __future__ import annotations

from typing import Any

GEO_MESSAGES: dict[str, dict[str, Any]] = {
    "geo_position": {
        "nl": "verwacht een positie [x, y] van twee getallen, niet '{got}'",
        "en": "expected a position [x, y] of two numbers, got '{got}'",
    },
    "geo_line": {
        "nl": "een LineString heeft 2 tot {limit} posities [x, y] nodig",
        "en": "a LineString needs 2 to {limit} positions [x, y]",
    },
    "geo_location_text": {
        "nl": "{label_nl}: verwacht een GeoJSON-geometrie als tekst, bv. {{\"type\": \"Point\", \"coordinates\": [155000, 463000]}}, niet '{got}'",
        "en": "{label_en}: expected a GeoJSON geometry as text, e.g. {{\"type\": \"Point\", \"coordinates\": [155000, 463000]}}, got '{got}'",
    },
    "geo_needs_pyproj": {
        "nl": "deze grenzen staan in RD New; voor GeoJSON in WGS84 is pyproj nodig: pip install 'plooi[geo]'",
        "en": "these boundaries are in RD New; GeoJSON in WGS84 needs pyproj: pip install 'plooi[geo]'",
    },
    "school_holidays_unknown": {
        "nl": "de schoolvakanties van regio {region} zijn niet bekend voor {years} (het pakket holidays kent ze niet); kort de horizon in of laat deze regel weg",
        "en": "the school holidays of region {region} are not known for {years} (the holidays package does not list them); shorten the horizon or leave this rule out",
    },
    "geo_format": {
        "nl": "onbekend bestandstype '{suffix}' voor grenzen: verwacht .geojson, .json of .gpkg",
        "en": "unknown file type '{suffix}' for boundaries: expected .geojson, .json or .gpkg",
    },
    "geo_not_json": {
        "nl": "dit is geen GeoJSON: {detail}",
        "en": "this is not GeoJSON: {detail}",
    },
    "geo_not_collection": {
        "nl": "verwacht een GeoJSON FeatureCollection, niet {got}",
        "en": "expected a GeoJSON FeatureCollection, got {got}",
    },
    "geo_crs_unknown": {
        "nl": "onbekend coördinatenstelsel '{crs}': verwacht EPSG:28992 (RD New) of WGS84 (EPSG:4326, CRS84)",
        "en": "unknown coordinate reference system '{crs}': expected EPSG:28992 (RD New) or WGS84 (EPSG:4326, CRS84)",
    },
    "geo_crs_missing": {
        "nl": "het bestand noemt geen coördinatenstelsel, dus WGS84, maar ({x}, {y}) is geen lengte en breedte; is het RD New? Noem dan EPSG:28992 in het veld crs (zie docs/geo.md)",
        "en": "the file names no coordinate reference system, so WGS84, but ({x}, {y}) is no longitude and latitude; is it RD New? Then name EPSG:28992 in the crs member (see docs/geo.md)",
    },
    "geo_gpkg": {
        "nl": "dit is geen leesbaar GeoPackage ({detail})",
        "en": "this is not a readable GeoPackage ({detail})",
    },
    "geo_gpkg_no_layer": {
        "nl": "geen laag met vlakken (data_type 'features') in dit GeoPackage",
        "en": "no layer of features (data_type 'features') in this GeoPackage",
    },
    "geo_blob": {
        "nl": "de geometrie is geen GeoPackage-geometrie ({detail})",
        "en": "the geometry is not a GeoPackage geometry ({detail})",
    },
    "geo_no_key": {
        "nl": "geen kolom {keys} bij de vlakken; noem de kolom met de CBS-codes met --areas-key",
        "en": "no column {keys} on the features; name the column with the CBS codes with --areas-key",
    },
    "geo_key_missing": {
        "nl": "kolom '{key}' ontbreekt; er zijn: {columns}",
        "en": "column '{key}' is missing; there are: {columns}",
    },
    "geo_code_bad": {
        "nl": "'{code}' is geen CBS-code van een wijk (WK + 6 cijfers) of buurt (BU + 8 cijfers)",
        "en": "'{code}' is not a CBS code of a wijk (WK + 6 digits) or buurt (BU + 8 digits)",
    },
    "geo_not_polygon": {
        "nl": "verwacht een Polygon of MultiPolygon, niet {got}",
        "en": "expected a Polygon or MultiPolygon, got {got}",
    },
    "geo_bad_geometry": {
        "nl": "de geometrie van {code} kan niet gelezen worden ({detail})",
        "en": "the geometry of {code} cannot be read ({detail})",
    },
    "geo_empty": {
        "nl": "het vlak van {code} is leeg",
        "en": "the polygon of {code} is empty",
    },
    "geo_invalid": {
        "nl": "het vlak van {code} is ongeldig: {reason}",
        "en": "the polygon of {code} is invalid: {reason}",
    },
    "geo_duplicate": {
        "nl": "code {code} staat er twee keer in (eerst bij {first})",
        "en": "code {code} appears twice (first at {first})",
    },
    "geo_code_missing": {
        "nl": "{code} ({name}) uit het scenario staat niet in dit bestand (kolom '{key}'); verwacht een vlak voor elke buurt die het scenario noemt",
        "en": "{code} ({name}) of the scenario is not in this file (column '{key}'); expected a polygon for every buurt the scenario names",
    },
    "geo_code_extra": {
        "nl": "{count} code(s) staan in het bestand maar niet in het scenario en worden niet getekend: {codes}",
        "en": "{count} code(s) are in the file but not in the scenario and are not drawn: {codes}",
    },
    "geo_overlap": {
        "nl": "vlakken overlappen ({first} en {second}); de kaart is vereenvoudigd per vlak, dus er kunnen naden zichtbaar zijn",
        "en": "polygons overlap ({first} and {second}); the map is simplified per polygon, so seams may show",
    },
    "geo_location_outside": {
        "nl": "de locatie ligt ver buiten de kaart van de buurten; staat ze in hetzelfde coördinatenstelsel ({crs})?",
        "en": "the location lies far outside the map of the buurten; is it in the same coordinate reference system ({crs})?",
    },
}
