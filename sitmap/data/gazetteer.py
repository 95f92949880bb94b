"""The gazetteer: names the project can place, and how well it knows where.

Features that say ``"gazetteer": "<id>"`` are checked against it at load, so
a hand-edited coordinate cannot drift from the reviewed position. Names and
aliases are kept for the ingest step, which will look places up in pasted reports.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from .geodesy import geodesic_distance_km
from ..problems import ProblemLog, Scope, display_path, read_bounded_text


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    lon: float
    lat: float
    uncertainty_km: float
    kind: str = ""
    aliases: tuple[str, ...] = ()
    note: str = ""  # what the position rests on


MAX_GAZETTEER_BYTES = 5_000_000


@dataclass
class Gazetteer:
    places: dict[str, Place]
    broken: set[str]  # ids of entries that are in the file but could not be read
    loaded: bool = True  # False when the file itself could not be read: nothing can be checked against it

    def get(self, place_id: str) -> Place | None:
        return self.places.get(place_id)


def load_gazetteer(path: Path, problems: ProblemLog) -> Gazetteer:
    """Every readable entry; each bad one is reported by its id (or position) and left out alone."""
    scope = problems.scope(display_path(path))
    gazetteer = Gazetteer({}, set(), loaded=False)
    text = read_bounded_text(path, scope, MAX_GAZETTEER_BYTES, "gazetteer file", "a fixed 5 MB")
    if text is None:
        return gazetteer
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        scope.error(f"gazetteer is not valid JSON: {exc}")
        return gazetteer
    entries = raw.get("places") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        scope.error("gazetteer must be an object with a 'places' array")
        return gazetteer
    gazetteer.loaded = True
    for position, entry in enumerate(entries):
        entry_id = entry.get("id") if isinstance(entry, dict) else None
        entry_scope = problems.scope(scope.file, entry_id if isinstance(entry_id, str) else f"#{position}")
        place = _place(entry, entry_scope)
        if place is None:
            if isinstance(entry_id, str):
                gazetteer.broken.add(entry_id)
        elif place.id in gazetteer.places:
            entry_scope.error("gazetteer id is used twice")
            gazetteer.broken.add(place.id)
        else:
            gazetteer.places[place.id] = place
    return gazetteer


def _place(entry: object, scope: Scope) -> Place | None:
    if not isinstance(entry, dict):
        scope.error("gazetteer entry must be an object")
        return None
    missing = [key for key in ("id", "name", "lon", "lat") if key not in entry]
    if missing:
        scope.error(f"gazetteer entry lacks {', '.join(missing)}")
        return None
    if not isinstance(entry["id"], str) or not isinstance(entry["name"], str) or not entry["name"].strip():
        scope.error("gazetteer entry needs a text 'id' and 'name'")
        return None
    lon, lat = entry["lon"], entry["lat"]
    if not (_number(lon) and _number(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        scope.error(f"gazetteer entry needs numeric lon (-180..180) and lat (-90..90), not {lon!r}, {lat!r}")
        return None
    uncertainty = entry.get("uncertainty_km", 1)
    if not _number(uncertainty) or uncertainty <= 0:
        scope.error(f"uncertainty_km must be a positive number, not {uncertainty!r}")
        return None
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        scope.error("aliases must be a list of names")
        return None
    return Place(
        id=entry["id"],
        name=entry["name"],
        lon=float(lon),
        lat=float(lat),
        uncertainty_km=float(uncertainty),
        kind=str(entry.get("kind", "")),
        aliases=tuple(aliases),
        note=str(entry.get("note", "")),
    )


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def offset_km(place: Place, lon: float, lat: float) -> float:
    return geodesic_distance_km((place.lon, place.lat), (lon, lat))


@dataclass(frozen=True)
class City:
    """A city the map may label, from GeoNames via geodata/build_cities.py."""

    id: str
    name: str
    lon: float
    lat: float
    population: int
    capital: bool
    country: str


def load_cities(path: Path, problems: ProblemLog) -> list[City]:
    """The city labels; a broken file or entry is reported and left out, the map keeps its other labels."""
    scope = problems.scope(display_path(path))
    text = read_bounded_text(path, scope, MAX_GAZETTEER_BYTES, "cities file (rebuilt by geodata/build_cities.py)", "a fixed 5 MB")
    if text is None:
        return []
    try:
        features = json.loads(text).get("features")
    except (json.JSONDecodeError, RecursionError, AttributeError) as exc:
        scope.error(f"cities file is not a GeoJSON FeatureCollection: {exc}")
        return []
    cities = []
    for position, feature in enumerate(features if isinstance(features, list) else []):
        try:
            props = feature["properties"]
            lon, lat = feature["geometry"]["coordinates"]
            if not (_number(lon) and _number(lat) and isinstance(props["name"], str) and props["name"].strip()):
                raise ValueError("needs a name and numeric coordinates")
            cities.append(City(str(props["id"]), props["name"], float(lon), float(lat), int(props.get("population", 0)),
                               bool(props.get("capital", False)), str(props.get("country", ""))))
        except (KeyError, TypeError, ValueError) as exc:
            problems.error(scope.file, f"city entry is malformed: {exc}", f"#{position}")
    return cities
