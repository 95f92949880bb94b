"""The offline basemap: Natural Earth outlines built by geodata/build_basemap.py."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .problems import ProblemLog

COUNTRIES_FILE = "countries.geojson"
BORDER_FILE = "border_blr_ukr.geojson"
DERIVED_FILE = "derived_areas.geojson"
PROVENANCE_FILE = "PROVENANCE.json"


@dataclass(frozen=True)
class Basemap:
    countries: dict  # FeatureCollection
    border: dict | None  # the Belarus–Ukraine line as a Feature
    derived_areas: dict[str, dict]  # id -> Feature
    provenance: dict

    @property
    def credit(self) -> str:
        version = self.provenance.get("dataset_version", "?")
        return f"Natural Earth 1:10m admin-0 v{version} (public domain)"


def load_basemap(directory: Path, problems: ProblemLog) -> Basemap:
    countries = _read_json(directory / COUNTRIES_FILE, problems) or {"type": "FeatureCollection", "features": []}
    border_fc = _read_json(directory / BORDER_FILE, problems)
    derived = _read_json(directory / DERIVED_FILE, problems) or {"features": []}
    provenance = _read_json(directory / PROVENANCE_FILE, problems) or {}
    border = (border_fc or {}).get("features", [None])[0]
    # The border line is referable like the derived areas: a layer feature cites it by id.
    referable = [*derived.get("features", []), *([border] if border else [])]
    return Basemap(
        countries=countries,
        border=border,
        derived_areas={f["properties"]["id"]: f for f in referable},
        provenance=provenance,
    )


def _read_json(path: Path, problems: ProblemLog) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.error(str(path), "basemap file missing; run `make basemap` (geodata/build_basemap.py)")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        problems.error(str(path), f"basemap file is not valid JSON: {exc}")
    return None
