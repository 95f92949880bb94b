"""Geometry checks for GeoJSON features (RFC 7946: WGS84 lon/lat).

Each check reports to the feature's scope instead of raising, so one bad
feature is named and skipped while the rest of its layer still renders.
"""

from __future__ import annotations

import shapely
from shapely.geometry import mapping, shape
from shapely.validation import explain_validity

from ..problems import Scope

GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
BBox = tuple[float, float, float, float]  # west, south, east, north


_DIMENSION = {"Point": 0, "MultiPoint": 0, "LineString": 1, "MultiLineString": 1, "Polygon": 2, "MultiPolygon": 2}


def check_geometry(raw: object, region: BBox, scope: Scope) -> dict | None:
    """The GeoJSON geometry to draw (repaired if it had to be), or None with the reason reported."""
    if not isinstance(raw, dict) or raw.get("type") not in GEOMETRY_TYPES:
        kind = raw.get("type") if isinstance(raw, dict) else type(raw).__name__
        scope.error(f"geometry type must be one of {', '.join(GEOMETRY_TYPES)}, not {str(kind)[:40]!r}")
        return None
    try:
        positions = list(_positions(raw.get("coordinates")))
    except ValueError as exc:
        scope.error(f"malformed coordinates: {exc}")
        return None
    except RecursionError:
        scope.error("malformed coordinates: arrays are nested too deeply")
        return None
    if not positions:
        scope.error("geometry has no coordinates")
        return None
    message = _range_error(positions, region)
    if message:
        scope.error(message)
        return None
    try:
        geom = shape(raw)
    except Exception as exc:  # shapely raises several types for bad rings
        scope.error(f"malformed {raw['type']}: {exc}")
        return None
    outside = [p for p in positions if not _inside(p, region)]
    if outside:
        scope.warning(f"{len(outside)} position(s) lie outside the map region {list(region)}, e.g. {list(outside[0])}")
    if geom.is_empty:
        scope.error(f"{raw['type']} is empty")
        return None
    if geom.is_valid:
        return {"type": raw["type"], "coordinates": raw["coordinates"]}
    reason = explain_validity(geom)
    repaired = _same_dimension(shapely.make_valid(geom), _DIMENSION[raw["type"]])
    if repaired is None:
        scope.error(f"invalid {raw['type']} ({reason}) that cannot be repaired: nothing of it keeps its dimension")
        return None
    dropped = "" if repaired.equals(shapely.make_valid(geom)) else "; parts of lower dimension (spikes, loose points) were dropped"
    scope.warning(f"invalid {raw['type']} ({reason}); repaired to a valid {repaired.geom_type}{dropped}")
    return _rounded(mapping(repaired))


def _same_dimension(geom, dimension: int):
    """The parts of a repaired shape that are still what the feature was (areas stay areas), merged."""
    parts = [part for part in getattr(geom, "geoms", [geom]) if not part.is_empty]
    parts = [p for part in parts for p in getattr(part, "geoms", [part])]
    kept = [part for part in parts if _DIMENSION.get(part.geom_type) == dimension]
    if not kept:
        return None
    merged = shapely.union_all(kept)
    return merged if merged.geom_type in GEOMETRY_TYPES and not merged.is_empty else None


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


def _range_error(positions: list[tuple[float, float]], region: BBox) -> str | None:
    bad = [p for p in positions if not (-180 <= p[0] <= 180 and -90 <= p[1] <= 90)]
    swapped = [p for p in positions if not _inside(p, region) and _inside((p[1], p[0]), region)]
    if swapped and len(swapped) == len([p for p in positions if not _inside(p, region)]):
        return (
            f"coordinates look swapped: {list(swapped[0])} reads as latitude, longitude, but GeoJSON "
            f"wants [longitude, latitude] ({len(swapped)} of {len(positions)} position(s))"
        )
    if bad:
        return f"{len(bad)} position(s) outside WGS84 bounds (lon -180..180, lat -90..90), e.g. {list(bad[0])}"
    return None


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
