"""Data downloads: the features of the visible layers with their evidence, as GeoJSON and as CSV.

Both say, for every feature, who claims it, the stance and the status, and for
every quote the source it comes from (title, outlet, date and address, each
with how sure we are of it: known, inferred or unknown), the sentence number
(counted from 1, as the app shows it) and the whole sentence. The output
depends on the data only, never on the time or the machine: the same data
gives the same bytes, so two downloads can be compared in a diff.

- ``features_geojson`` is RFC 7946 GeoJSON text (WGS84 longitude, latitude),
  to be written as UTF-8 without a byte-order mark.
- ``evidence_csv`` is a spreadsheet's CSV as **bytes**: UTF-8 with a byte-order
  mark (Excel reads UTF-8 only with one), rows ending in CRLF (RFC 4180). Write
  the bytes as they are (``Path.write_bytes``, ``st.download_button(data=...)``);
  never decode and re-encode them.
- ``download_name`` is a safe file name for either.

No Streamlit here: the app's Export panel and the command line call the same
functions.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Collection

from ..data.dataset import Dataset
from ..data.evidence import ResolvedQuote
from ..data.features import Feature, Figure, Quantity, described
from ..data.sources import Source
from ..reports import source_line
from .request import layer_features

GEOJSON_MEDIA_TYPE = "application/geo+json"
CSV_MEDIA_TYPE = "text/csv"
CSV_ENCODING = "utf-8-sig"  # what evidence_csv's bytes are: UTF-8 with a byte-order mark

FOREIGN_MEMBER = "sitmap"  # the GeoJSON top-level member that says what the file is and whom to credit

READING_NOTES = (
    "Claims are not facts: each feature names its claimant, its stance (asserted, denied, warned) and its status "
    "(claimed, or confirmed with who confirmed it independently).",
    "A feature with \"geometry\": null is a claim about a whole country (property \"country\", ISO 3166 alpha-3).",
    "Each evidence entry's \"selector\" is a W3C Web Annotation TextQuoteSelector: \"exact\" occurs verbatim, once, "
    "in the stored text of the source, between \"prefix\" and \"suffix\".",
    "Sentence numbers count from 1, as the map and its Sources page number them.",
)

CSV_COLUMNS = (
    "feature_id",
    "feature_name",
    "layer",
    "layer_title",
    "role",
    "claimant",
    "stance",
    "status",
    "confirmation",
    "precision",
    "country",
    "latitude",
    "longitude",
    "quote",
    "quote_prefix",
    "quote_suffix",
    "source_id",
    "source_title",
    "source_title_status",
    "outlet",
    "outlet_status",
    "published",
    "published_status",
    "sentence_number",
    "sentence",
    "address",
    "address_status",
)
NUMERIC_COLUMNS = ("latitude", "longitude", "sentence_number")

# OWASP's CSV-injection triggers: a cell starting with one of these may run as a formula.
# The apostrophe is on the list too, so the escape can always be undone: strip one leading
# apostrophe from any text cell that starts with one to get the exact text back.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")

MAX_NAME_CHARS = 80
DEFAULT_NAME = "situation-map"
# Windows refuses these as file names whatever the extension.
_RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(1, 10)] + [f"lpt{i}" for i in range(1, 10)]
)
# Belarusian, Russian and Ukrainian letters in Latin, close to the national passport rules; good enough for a file name.
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ё": "io", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ў": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia", "’": "", "ʼ": "",
}


# ---------- GeoJSON ----------


def features_geojson(dataset: Dataset, layer_ids: Collection[str]) -> str:
    """The features of the visible layers as an RFC 7946 FeatureCollection, as text.

    ``layer_ids`` are the visible layers (``ExportRequest.layers``); features come
    in layer order, then file order. Coordinates are WGS84 longitude, latitude as
    loaded; a feature drawn with a shared basemap geometry (``geometry_ref``)
    carries that geometry; a claim about a whole country has ``"geometry": null``
    and its ``country``. The top-level ``"sitmap"`` member names the map, its
    layers, the sources and the credits; there is no timestamp, so the same data
    gives the same text. Non-ASCII text is written as is: save it as UTF-8
    without a byte-order mark (RFC 8259 forbids one).
    """
    features = layer_features(dataset, _layer_tuple(layer_ids))
    cited = _cited_sources(dataset, features)
    collection = {
        "type": "FeatureCollection",
        FOREIGN_MEMBER: {
            "title": dataset.settings.title,
            "subtitle": dataset.settings.subtitle,
            "layers": [
                {"id": layer.id, "title": layer.title, "description": layer.description}
                for layer in dataset.settings.layers
                if layer.id in layer_ids
            ],
            "source_line": _source_line(dataset, cited),
            "sources": [_source_summary(source) for source in cited],
            "credits": [f"Boundaries and areas derived from them: {dataset.basemap.credit}, https://www.naturalearthdata.com"],
            "reading": list(READING_NOTES),
        },
        "features": [_geojson_feature(dataset, feature) for feature in features],
    }
    return _pretty(collection) + "\n"


def _layer_tuple(layer_ids: Collection[str]) -> tuple[str, ...]:
    if isinstance(layer_ids, str):  # "border" would otherwise be read as the layers "b", "o", "r"…
        raise TypeError("layer_ids is a collection of layer ids, such as ExportRequest.layers, not one string")
    return tuple(layer_ids)


def _geojson_feature(dataset: Dataset, feature: Feature) -> dict:
    layer = dataset.settings.layer(feature.layer)
    properties = {
        **described(feature, layer.title if layer else feature.layer),
        "quantity": _quantity(feature.quantity),
        "figures": [_figure(dataset, figure) for figure in feature.figures],
        "evidence": [
            {**_citation(dataset, quote), "claimant": feature.claimant, "stance": feature.stance, "status": feature.status}
            for quote in feature.evidence
        ],
    }
    return {
        "type": "Feature",
        "id": feature.id,
        # A shared geometry travels once in the map's payload; a download carries it on every feature that uses it.
        "geometry": feature.geometry if feature.precision != "country" else None,
        "properties": properties,
    }


def _quantity(quantity: Quantity | None) -> dict | None:
    if quantity is None:
        return None
    return {"value": _plain_number(quantity.value), "unit": quantity.unit, "qualifier": quantity.qualifier, "label": quantity.label()}


def _figure(dataset: Dataset, figure: Figure) -> dict:
    return {
        "label": figure.label,
        "value": _plain_number(figure.value),
        "unit": figure.unit,
        "kind": figure.kind,  # "computed" by the app, or "sourced" from a publication
        "method": figure.method,  # how it was measured, or what the publication says
        "citation": figure.citation,
        "address": figure.address,
        "quote": _citation(dataset, figure.quote) if figure.quote else None,
    }


def _citation(dataset: Dataset, quote: ResolvedQuote) -> dict:
    """One quote with where it stands: its source's metadata (and how sure each value is) and its sentence."""
    source = dataset.sources[quote.quote.source]
    sentence = source.sentences[quote.sentence_index]
    return {
        "selector": {
            "type": "TextQuoteSelector",
            "exact": quote.quote.exact,
            "prefix": quote.quote.prefix,
            "suffix": quote.quote.suffix,
        },
        "source": source.id,
        "source_title": _meta(source, "title"),
        "outlet": _meta(source, "outlet"),
        "published": _meta(source, "published"),
        "address": _meta(source, "address"),
        "sentence_number": sentence.number,
        "sentence": sentence.text,
    }


def _meta(source: Source, name: str) -> dict:
    value = source.meta(name)
    return {"value": value.value, "status": value.status, "note": value.note}


def _source_summary(source: Source) -> dict:
    return {
        "id": source.id,
        "kind": source.kind,
        "speaks_for": source.claimant,
        **{name: _meta(source, name) for name in ("title", "outlet", "published", "address")},
    }


def _cited_sources(dataset: Dataset, features: list[Feature]) -> list[Source]:
    """The sources the downloaded features cite (in evidence or figures), in the dataset's order."""
    quotes = [q for f in features for q in [*f.evidence, *(fig.quote for fig in f.figures if fig.quote)]]
    cited = {quote.quote.source for quote in quotes}
    return [source for source_id, source in dataset.sources.items() if source_id in cited]


def _source_line(dataset: Dataset, cited: list[Source]) -> str:
    """The map's own source line (``reports.source_line``), for the sources this download cites."""
    return source_line(dataset, [s.id for s in cited])


def _plain_number(value: float) -> float | int:
    """100000.0 as 100000: the value as the data wrote it, not as Python stores it."""
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 2**53 else value


def _pretty(value: object, level: int = 0) -> str:
    """JSON indented by two spaces, with each position (a list of numbers) on one line, so a diff reads well."""
    pad, end = "  " * (level + 1), "  " * level
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{pad}{_scalar(str(key))}: {_pretty(item, level + 1)}" for key, item in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + end + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        if all(isinstance(item, (int, float)) and not isinstance(item, bool) for item in value):
            return "[" + ", ".join(_scalar(item) for item in value) + "]"
        return "[\n" + ",\n".join(pad + _pretty(item, level + 1) for item in value) + "\n" + end + "]"
    return _scalar(value)


def _scalar(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    if isinstance(value, str) and any("\ud800" <= c <= "\udfff" for c in value):
        return json.dumps(value, allow_nan=False)  # a lone surrogate (from a "\ud800" escape) stays escaped: UTF-8 cannot hold it
    return text


# ---------- CSV ----------


def evidence_csv(dataset: Dataset, layer_ids: Collection[str]) -> bytes:
    """One row per feature and quote of the visible layers, with a header, as bytes ready to save.

    Encoding: UTF-8 with a byte-order mark (``CSV_ENCODING``, "utf-8-sig"), so that
    Excel reads accents and Cyrillic correctly; rows end in CRLF and cells are
    quoted by the csv module where they need it, so commas, quotation marks and
    line breaks inside a cell survive. Save the bytes as they are; to read them
    back, decode with "utf-8-sig" and parse with ``csv.reader``.

    Formulas: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, a
    carriage return or an apostrophe gets one leading apostrophe (OWASP's advice
    against CSV injection), so no spreadsheet runs it; strip that one apostrophe
    to get the exact text. The numeric cells (``latitude``, ``longitude``: the
    feature's symbol, empty for a claim about a whole country; ``sentence_number``,
    counted from 1) are plain numbers, negative ones included.
    """
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for row in evidence_rows(dataset, layer_ids):
        writer.writerow([_safe_cell(row[column]) for column in CSV_COLUMNS])
    return buffer.getvalue().encode(CSV_ENCODING, errors="replace")


def evidence_rows(dataset: Dataset, layer_ids: Collection[str]) -> list[dict]:
    """The CSV's rows as plain values (text not yet escaped for spreadsheets), one per feature and quote."""
    rows = []
    for feature in layer_features(dataset, _layer_tuple(layer_ids)):
        layer = dataset.settings.layer(feature.layer)
        lon, lat = feature.anchor if feature.anchor else (None, None)
        for quote in feature.evidence:
            source = dataset.sources[quote.quote.source]
            sentence = source.sentences[quote.sentence_index]
            rows.append(
                {
                    "feature_id": feature.id,
                    "feature_name": feature.name,
                    "layer": feature.layer,
                    "layer_title": layer.title if layer else feature.layer,
                    "role": feature.role,
                    "claimant": feature.claimant,
                    "stance": feature.stance,
                    "status": feature.status,
                    "confirmation": feature.confirmation,
                    "precision": feature.precision,
                    "country": feature.country,
                    "latitude": lat,
                    "longitude": lon,
                    "quote": quote.quote.exact,
                    "quote_prefix": quote.quote.prefix,
                    "quote_suffix": quote.quote.suffix,
                    "source_id": source.id,
                    "source_title": source.meta("title").value,
                    "source_title_status": source.meta("title").status,
                    "outlet": source.meta("outlet").value,
                    "outlet_status": source.meta("outlet").status,
                    "published": source.meta("published").value,
                    "published_status": source.meta("published").status,
                    "sentence_number": sentence.number,
                    "sentence": sentence.text,
                    "address": source.meta("address").value,
                    "address_status": source.meta("address").status,
                }
            )
    return rows


def _safe_cell(value: object) -> object:
    """Numbers stay numbers; None is an empty cell; text that a spreadsheet would run as a formula is escaped."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


# ---------- file names ----------


def download_name(dataset_or_title: Dataset | str, extension: str) -> str:
    """A safe file name: an ASCII slug of the map's title and the extension, e.g. "allied-resolve-2022-situation-map.csv".

    Only lower-case letters, digits and hyphens before the extension, so never a
    path separator, a leading dot or a name Windows reserves; Cyrillic is
    transliterated; a title with nothing usable gives "situation-map".
    """
    title = dataset_or_title.settings.title if isinstance(dataset_or_title, Dataset) else str(dataset_or_title)
    suffix = ".".join(part for part in re.split(r"[^a-z0-9]+", extension.lower()) if part)
    if not suffix:
        raise ValueError(f"extension {extension[:20]!r} has no letters or digits")
    return f"{_slug(title)}.{suffix}"


def _slug(title: str) -> str:
    text = "".join(_CYRILLIC.get(c, c) for c in unicodedata.normalize("NFC", title.lower()))
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > MAX_NAME_CHARS:
        cut = slug[:MAX_NAME_CHARS]
        slug = (cut.rsplit("-", 1)[0] if "-" in cut else cut).strip("-")
    if not slug:
        return DEFAULT_NAME
    return f"{slug}-map" if slug in _RESERVED_NAMES else slug
