"""Geometry checks for GeoJSON features (RFC 7946: WGS84 lon/lat).

Each check returns messages instead of raising, so one bad feature is named
and skipped while the rest of its layer still renders.
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
BBox = tuple[float, float, float, float]  # west, south, east, north


@dataclass
class GeometryReport:
    geometry: dict | None  # the GeoJSON geometry to draw (repaired if it had to be)
    errors: list[str]
    warnings: list[str]


def check_geometry(raw: object, region: BBox) -> GeometryReport:
    if not isinstance(raw, dict) or raw.get("type") not in GEOMETRY_TYPES:
        kind = raw.get("type") if isinstance(raw, dict) else type(raw).__name__
        return GeometryReport(None, [f"geometry type must be one of {', '.join(GEOMETRY_TYPES)}, not {kind!r}"], [])
    try:
        positions = list(_positions(raw.get("coordinates")))
    except ValueError as exc:
        return GeometryReport(None, [f"malformed coordinates: {exc}"], [])
    if not positions:
        return GeometryReport(None, ["geometry has no coordinates"], [])
    errors = _range_errors(positions, region)
    if errors:
        return GeometryReport(None, errors, [])
    try:
        geom = shape(raw)
    except Exception as exc:  # shapely raises several types for bad rings
        return GeometryReport(None, [f"malformed {raw['type']}: {exc}"], [])
    warnings = []
    outside = [p for p in positions if not _inside(p, region)]
    if outside:
        warnings.append(f"{len(outside)} position(s) lie outside the map region {list(region)}, e.g. {list(outside[0])}")
    if not geom.is_valid:
        reason = explain_validity(geom)
        geom = shapely.make_valid(geom)
        if geom.geom_type == "GeometryCollection":
            geom = shapely.union_all([g for g in geom.geoms if g.geom_type in GEOMETRY_TYPES and not g.is_empty])
        warnings.append(f"invalid {raw['type']} ({reason}); repaired to a valid {geom.geom_type}")
        return GeometryReport(_rounded(mapping(geom)), [], warnings)
    return GeometryReport(raw, [], warnings)


def _positions(coords: object):
    """Yield (lon, lat) pairs from nested GeoJSON coordinates, rejecting anything else."""
    if not isinstance(coords, list):
        raise ValueError("coordinates must be nested arrays of numbers")
    if coords and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in coords):
        if len(coords) < 2:
            raise ValueError(f"a position needs longitude and latitude, got {coords}")
        yield float(coords[0]), float(coords[1])
        return
    for item in coords:
        yield from _positions(item)


def _range_errors(positions: list[tuple[float, float]], region: BBox) -> list[str]:
    bad = [p for p in positions if not (-180 <= p[0] <= 180 and -90 <= p[1] <= 90)]
    swapped = [p for p in positions if not _inside(p, region) and _inside((p[1], p[0]), region)]
    if swapped and len(swapped) == len([p for p in positions if not _inside(p, region)]):
        return [
            f"coordinates look swapped: {list(swapped[0])} reads as latitude, longitude, but GeoJSON "
            f"wants [longitude, latitude] ({len(swapped)} of {len(positions)} position(s))"
        ]
    if bad:
        return [f"{len(bad)} position(s) outside WGS84 bounds (lon -180..180, lat -90..90), e.g. {list(bad[0])}"]
    return []


def _inside(position: tuple[float, float], region: BBox) -> bool:
    west, south, east, north = region
    return west <= position[0] <= east and south <= position[1] <= north


def _rounded(geometry: dict, digits: int = 6) -> dict:
    def walk(value):
        if isinstance(value, (list, tuple)):
            return [walk(v) for v in value]
        return round(value, digits) if isinstance(value, float) else value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def anchor_point(geometry: dict) -> tuple[float, float]:
    """Where a feature's claim symbol sits: the point itself, or a point surely inside the shape."""
    geom = shape(geometry)
    point = geom if geom.geom_type == "Point" else geom.point_on_surface()
    return round(point.x, 5), round(point.y, 5)
