"""Geodesic helpers: lengths and nearest-point distances on the WGS84 ellipsoid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, Point, box, shape

from sitmap.data.geodesy import (
    buffer_km,
    geodesic_length_km,
    local_aeqd,
    nearest_point_distance_km,
    shared_boundary,
)

BORDER_FILE = Path(__file__).resolve().parents[1] / "geodata" / "basemap" / "border_blr_ukr.geojson"
KYIV = (30.5234, 50.4501)
WGS84 = Geod(ellps="WGS84")


def test_one_degree_of_latitude_is_about_111_km():
    assert geodesic_length_km(LineString([(30.0, 50.0), (30.0, 51.0)])) == pytest.approx(111.2, abs=0.2)


def test_nearest_point_on_a_line_end_is_that_end():
    km, nearest = nearest_point_distance_km((30.0, 50.0), LineString([(30.0, 51.0), (30.0, 52.0)]))
    assert nearest == pytest.approx((30.0, 51.0), abs=1e-9)
    assert km == pytest.approx(WGS84.inv(30.0, 50.0, 30.0, 51.0)[2] / 1000.0, abs=1e-6)


def test_nearest_point_picks_the_closer_part_of_a_multiline():
    lines = MultiLineString([[(20.0, 50.0), (20.0, 51.0)], [(29.0, 50.5), (31.0, 50.5)]])
    km, (lon, lat) = nearest_point_distance_km((30.0, 50.0), lines)
    assert km == pytest.approx(55.6, abs=0.3)  # half a degree of latitude
    assert (lon, lat) == pytest.approx((30.0, 50.5), abs=0.01)


def test_point_on_the_line_is_zero_km_away():
    km, _ = nearest_point_distance_km((30.0, 50.5), LineString([(29.0, 50.0), (31.0, 51.0)]))
    assert km == pytest.approx(0.0, abs=0.01)


def test_kyiv_to_belarus_ukraine_border():
    border = shape(json.loads(BORDER_FILE.read_text(encoding="utf-8"))["features"][0]["geometry"])
    km, (lon, lat) = nearest_point_distance_km(KYIV, border)
    assert 70 <= km <= 130
    assert 29.0 <= lon <= 32.0 and 51.0 <= lat <= 52.2  # due north, on the Pripyat stretch


def test_buffer_km_is_metric_in_every_direction():
    centre = (27.0, 52.0)
    ring = buffer_km(Point(centre), 10.0, local_aeqd(*centre)).exterior
    for lon, lat in ring.coords:
        assert WGS84.inv(*centre, lon, lat)[2] / 1000.0 == pytest.approx(10.0, rel=0.002)


def test_shared_boundary_keeps_common_edges_and_drops_point_contacts():
    left, right, diagonal = box(0, 0, 1, 1), box(1, 0, 2, 1), box(1, 1, 2, 2)
    assert shared_boundary(left, right).equals(LineString([(1, 0), (1, 1)]))
    assert shared_boundary(left, diagonal).is_empty
