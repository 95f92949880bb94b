"""The gazetteer: names the project can place, and how well it knows where.

Features that say ``"gazetteer": "<id>"`` are checked against it at load, so
a hand-edited coordinate cannot drift from the reviewed position. Names and
aliases are kept for the ingest step, which will look places up in pasted reports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .geodesy import geodesic_distance_km
from .problems import ProblemLog, display_path


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    lon: float
    lat: float
    uncertainty_km: float
    kind: str = ""
    aliases: tuple[str, ...] = ()


def load_gazetteer(path: Path, problems: ProblemLog) -> dict[str, Place]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {
            entry["id"]: Place(
                id=entry["id"],
                name=entry["name"],
                lon=float(entry["lon"]),
                lat=float(entry["lat"]),
                uncertainty_km=float(entry.get("uncertainty_km", 1)),
                kind=entry.get("kind", ""),
                aliases=tuple(entry.get("aliases", ())),
            )
            for entry in raw["places"]
        }
    except FileNotFoundError:
        problems.error(display_path(path), "gazetteer file is missing")
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        problems.error(display_path(path), f"gazetteer is malformed: {exc}")
    return {}


def offset_km(place: Place, lon: float, lat: float) -> float:
    return geodesic_distance_km((place.lon, place.lat), (lon, lat))
