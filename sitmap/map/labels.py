"""The map's labels: what each says, where it may go, and how much it matters.

Positions on screen depend on the reader's window, so the browser places the
labels (``static/sitmap.js``: no two overlap, none is cut by the map's edge,
the selected feature's label always shows). This module decides the rest:

- countries: Natural Earth's label point first, then points inside the part of
  the country that the default view shows, for when the label point is out of
  view (Russia's lies at 44.7° E, Poland's at 19.5° E);
- cities from GeoNames (``geodata/cities``), capitals first, then by size;
- features with a symbol, under their ``label`` (default: the name);
- one label per place: features within ``SAME_PLACE_KM`` of a city or of each
  other share one label, so Kyiv the city, Kyiv the place the article names
  and the claim about Kyiv read "Kyiv" once.
"""

from __future__ import annotations

import math

import shapely
from shapely.geometry import box, shape
from shapely.ops import polylabel

from ..data.dataset import Dataset
from ..data.geodesy import geodesic_distance_km

SAME_PLACE_KM = 3.0
# Half-widths (lon, lat degrees) of boxes around the default centre, largest
# first: a country out of one box may still show in a smaller view's corner.
VIEW_BOXES = ((7.0, 3.5), (4.5, 2.2), (2.5, 1.2))

# Higher wins a place first. Layers with labels = "always" outrank everything but the selection.
# The two countries the story is about are named first: a locator map without them says nothing.
PRIORITY = {"focus_country": 110, "always": 100, "capital": 85, "country": 80, "feature": 70, "city": 40}


def map_labels(dataset: Dataset) -> list[dict]:
    labels = _country_labels(dataset) + _city_labels(dataset)
    cities = [label for label in labels if label["kind"] == "city"]
    for feature in dataset.features:
        if feature.anchor is None:
            continue
        layer = dataset.settings.layer(feature.layer)
        priority = PRIORITY["always"] if layer and layer.labels == "always" else PRIORITY["feature"]
        place = next((c for c in cities if geodesic_distance_km(feature.anchor, c["points"][0]) <= SAME_PLACE_KM), None)
        place = place or next(
            (lab for lab in labels if lab["kind"] == "feature" and geodesic_distance_km(feature.anchor, lab["points"][0]) <= SAME_PLACE_KM),
            None,
        )
        if place is not None:
            place["features"].append(feature.id)
            place["priority"] = max(place["priority"], priority)
            continue
        labels.append(
            {
                "id": f"feature-{feature.id}",
                "kind": "feature",
                "text": feature.map_label,
                "points": [list(feature.anchor)],
                "priority": priority,
                "features": [feature.id],
            }
        )
    return sorted(labels, key=lambda label: -label["priority"])


def _country_labels(dataset: Dataset) -> list[dict]:
    settings = dataset.settings
    labels = []
    for country in dataset.basemap.countries.get("features", []):
        props = country["properties"]
        points = []
        if _is_point(props.get("label_point")):
            points.append([float(v) for v in props["label_point"]])
        try:
            outline = shape(country["geometry"])
            for half_lon, half_lat in VIEW_BOXES:
                view = box(settings.center_lon - half_lon, settings.center_lat - half_lat,
                           settings.center_lon + half_lon, settings.center_lat + half_lat)
                point = _inside_point(outline.intersection(view))
                if point is not None and point not in points:
                    points.append(point)
        except (ValueError, shapely.errors.GEOSException):  # a broken outline keeps its label point only
            pass
        if points:
            labels.append(
                {
                    "id": f"country-{props.get('id', props.get('iso_a3', ''))}",
                    "kind": "country",
                    "text": str(props.get("name", "")),
                    "iso_a3": str(props.get("iso_a3", "")),
                    "points": points,
                    "priority": PRIORITY["focus_country" if props.get("role") == "focus" else "country"],
                    "features": [],
                }
            )
    return labels


def _city_labels(dataset: Dataset) -> list[dict]:
    return [
        {
            "id": city.id,
            "kind": "city",
            "text": city.name,
            "points": [[city.lon, city.lat]],
            # Capitals first, then bigger cities: 40 for 100,000 people, 47 for a million.
            "priority": PRIORITY["capital"] if city.capital else PRIORITY["city"] + round(3 * math.log10(max(city.population, 1) / 1e5), 1),
            "capital": city.capital,
            "features": [],
        }
        for city in dataset.cities
    ]


def _inside_point(area) -> list[float] | None:
    """A point well inside the largest piece of an area (its pole of inaccessibility), or None."""
    polygons = [part for part in shapely.get_parts(area) if part.geom_type == "Polygon" and part.area > 0.05]
    if not polygons:
        return None
    largest = max(polygons, key=lambda part: part.area)
    point = polylabel(largest, tolerance=0.05)
    return [round(point.x, 3), round(point.y, 3)]


def _is_point(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value)
    )
