"""Figures the app computes, each carrying how and on which data it was measured.

A feature asks for one with ``"compute": ["<name>"]``. The registry keeps the
list of what the app may compute short and reviewable.
"""

from __future__ import annotations

from collections.abc import Callable

from shapely.geometry import shape

from .basemap import Basemap
from .features import Feature, Figure
from .geodesy import geodesic_length_km, nearest_point_distance_km


def distance_to_belarus_ukraine_border(feature: Feature, basemap: Basemap) -> Figure:
    if basemap.border is None:
        raise ValueError("the basemap has no Belarus–Ukraine border line")
    lon, lat = feature.anchor
    km, (near_lon, near_lat) = nearest_point_distance_km((lon, lat), shape(basemap.border["geometry"]))
    return Figure(
        label="Straight-line distance to the nearest point of the Belarus–Ukraine border",
        value=round(km),
        unit="km",
        method=(
            f"Geodesic distance on the WGS84 ellipsoid from the point {lat:.4f}° N, {lon:.4f}° E to the nearest "
            f"point of the Belarus–Ukraine boundary in {basemap.credit}, at {near_lat:.3f}° N, {near_lon:.3f}° E. "
            "A straight line, not a road distance; the generalised 1:10m line can shift it by a few km."
        ),
        line=[[lon, lat], [round(near_lon, 5), round(near_lat, 5)]],
    )


def drawn_line_length(feature: Feature, basemap: Basemap) -> Figure:
    km = geodesic_length_km(shape(feature.geometry))
    return Figure(
        label="Length of the line as drawn (not the border's length)",
        value=round(km),
        unit="km",
        method=(
            f"Geodesic length on the WGS84 ellipsoid of the drawn line from {basemap.credit}. The 1:10m line "
            "cuts off river meanders, so it is shorter than the border; use the official length."
        ),
    )


COMPUTATIONS: dict[str, Callable[[Feature, Basemap], Figure]] = {
    "distance_to_belarus_ukraine_border": distance_to_belarus_ukraine_border,
    "drawn_line_length": drawn_line_length,
}
