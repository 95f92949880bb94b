"""Build geodata/directional_regions.json: "northern Belarus", "south-eastern Ukraine" and the like.

Reports place things in a part of a country ("a field hospital in north-western
Belarus") that no gazetteer names. This script gives each such part of the
story's countries a representative point, for the extraction engine
(sitmap/extract/places.py), which matches the phrases and marks the result a
region: the point stands for an area with no agreed edge.

Method: the country's outline from geodata/basemap/countries.geojson (Natural
Earth 1:10m, see geodata/basemap/PROVENANCE.json) is cut by its bounding box
into thirds each way; "northern" is the top third, "north-western" the top-left
ninth, "central" the middle ninth. The point is the centre of the outline inside that cut, or the point of
the outline nearest to that centre where the centre falls outside it (in the
sea), so it always lies in the country. Russia is left
out: its outline is clipped to the map's window, so its thirds would be wrong.
The curated regional gazetteer (geodata/regional_gazetteer.json) wins wherever
both name the same phrase.

The output is byte-identical across runs, so a stale commit shows up as a diff.

Usage: .venv/bin/python geodata/build_directional_regions.py [--out FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import shapely
import shapely.ops
from shapely.geometry import box, shape

REPO_ROOT = Path(__file__).resolve().parents[1]
BASEMAP = REPO_ROOT / "geodata" / "basemap" / "countries.geojson"
PROVENANCE = REPO_ROOT / "geodata" / "basemap" / "PROVENANCE.json"
DEFAULT_OUT = REPO_ROOT / "geodata" / "directional_regions.json"
SCRIPT = "geodata/build_directional_regions.py"

COUNTRIES = ("BLR", "UKR", "POL", "LTU", "LVA", "EST", "MDA")
# (adjective forms, noun, column, row): columns 0-2 run west to east, rows 0-2 south to north.
DIRECTIONS = (
    (("northern",), "north", None, 2),
    (("southern",), "south", None, 0),
    (("eastern",), "east", 2, None),
    (("western",), "west", 0, None),
    (("north-eastern", "northeastern"), "northeast", 2, 2),
    (("north-western", "northwestern"), "northwest", 0, 2),
    (("south-eastern", "southeastern"), "southeast", 2, 0),
    (("south-western", "southwestern"), "southwest", 0, 0),
    (("central",), "centre", 1, 1),
)


def _cut(bounds: tuple[float, float, float, float], column: int | None, row: int | None):
    west, south, east, north = bounds
    width, height = (east - west) / 3, (north - south) / 3
    x0, x1 = (west, east) if column is None else (west + column * width, west + (column + 1) * width)
    y0, y1 = (south, north) if row is None else (south + row * height, south + (row + 1) * height)
    return box(x0, y0, x1, y1)


def _patterns(adjectives: tuple[str, ...], noun: str, country: str) -> list[str]:
    nouns = [noun, noun.replace("north", "north-").replace("south", "south-")] if noun not in ("north", "south", "east", "west", "centre") \
        else [noun]
    found = []
    for adjective in adjectives:
        found.append(f"{adjective} {country}")
    for word in dict.fromkeys(nouns):
        if word != "centre":
            found.append(f"{word} {country}")  # "north Belarus"; never "north of Belarus", which lies outside it
        found += [f"{country}'s {word}", f"{country}’s {word}", f"the {word} of {country}"]
    if noun == "centre":
        found += [f"the center of {country}", f"{country}'s center", f"{country}’s center"]
    return list(dict.fromkeys(found))


def build() -> dict:
    collection = json.loads(BASEMAP.read_text(encoding="utf-8"))
    provenance = json.loads(PROVENANCE.read_text(encoding="utf-8"))
    regions = []
    for feature in collection["features"]:
        properties = feature["properties"]
        if properties["iso_a3"] not in COUNTRIES:
            continue
        outline = shape(feature["geometry"])
        country = properties["name"]
        for adjectives, noun, column, row in DIRECTIONS:
            part = shapely.intersection(outline, _cut(outline.bounds, column, row))
            if part.is_empty:
                continue
            # The centre of the part, or the part's point nearest to it where the centre falls outside (in the sea).
            inner = part.buffer(-0.02)  # about 2 km in, so the point stays inside after rounding
            if part.contains(part.centroid):
                point = part.centroid
            else:
                point = shapely.ops.nearest_points(inner, part.centroid)[0] if not inner.is_empty else part.representative_point()
            name = f"{adjectives[-1].capitalize()} {country}" if noun != "centre" else f"Central {country}"
            regions.append({"name": name, "country": properties["iso_a3"], "lat": round(point.y, 3), "lon": round(point.x, 3),
                            "patterns": _patterns(adjectives, noun, country)})
    return {
        "about": ("Parts of the story's countries named by direction ('northern Belarus', 'south-eastern Ukraine'), each with a "
                  "representative point only: the area has no agreed edge. Built by " + SCRIPT + " from "
                  "geodata/basemap/countries.geojson; the country's bounding box is cut into thirds each way and the point is "
                  "the centre of the outline inside the cut (the outline's point nearest to the centre where the centre lies outside). The curated geodata/regional_gazetteer.json wins "
                  "where both name a phrase."),
        "source": {"file": "geodata/basemap/countries.geojson",
                   "sha256": hashlib.sha256(BASEMAP.read_bytes()).hexdigest(),
                   "dataset": provenance.get("dataset"), "dataset_version": provenance.get("dataset_version"),
                   "script": SCRIPT},
        "regions": regions,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    built = build()
    args.out.write_text(json.dumps(built, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(built['regions'])} regions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
