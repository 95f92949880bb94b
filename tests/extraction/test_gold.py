"""Checks of the extraction development set: reports, their metadata, the gold places and claims.

Every count here comes from the files; nothing is typed in. See README.md beside this file for
the annotation guidelines these checks enforce.
"""

from __future__ import annotations

import datetime
import json
import re
import tomllib
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPORTS = HERE / "reports"
GOLD = HERE / "gold"
SEED = "allied-resolve-2022"
MIN_REPORTS_BESIDES_SEED = 6

PLACE_KINDS = {"country", "city", "region", "border", "training_ground", "airfield"}
BORDER_LINES = {"BLR-UKR", "UKR-RUS", "UKR"}
STANCES = {"asserted", "denied", "warned"}
CLAIM_TYPES = {
    "troop_count", "troop_deployment", "invasion_intent", "invasion_risk", "exercise_location",
    "exercise_activity", "characterization", "withdrawal_demand", "geographic_fact", "other",
}
UNITS = {"troops", "soldiers", "servicemen", "vehicles", "tanks", "aircraft", "km", "miles", "days"}
QUALIFIERS = {None, "more than", "about", "up to", "nearly", "tens of thousands", "a few dozen"}
STATUSES = {"known", "inferred", "unknown"}
REGION = {"lon": (14.0, 45.0), "lat": (43.0, 60.0)}  # the map's region_bbox
DATE_RANGE = (datetime.date(2022, 2, 10), datetime.date(2022, 2, 25))

PLACE_KEYS = {"start", "end", "surface", "name", "kind", "lat", "lon", "metonymic"}
CLAIM_KEYS = {"start", "end", "text", "claimant", "stance", "claim_type", "quantity", "qualifier", "unit"}
META_KEYS = {
    "title", "title_status", "outlet", "outlet_status", "address", "address_status",
    "published", "published_status", "retrieved_via",
}


def _report_ids() -> list[str]:
    return sorted(p.stem for p in REPORTS.glob("*.txt"))


def _text(rid: str) -> str:
    return (REPORTS / f"{rid}.txt").read_bytes().decode("utf-8")


def _meta(rid: str) -> dict:
    with open(REPORTS / f"{rid}.toml", "rb") as fh:
        return tomllib.load(fh)


def _gold(rid: str) -> dict:
    return json.loads((GOLD / f"{rid}.json").read_text(encoding="utf-8"))


def _json(name: str) -> dict:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def _actors() -> dict[str, dict]:
    return {a["name"]: a for a in _json("actors.json")["actors"]}


def _places() -> dict[str, dict]:
    return {p["name"]: p for p in _json("places.json")["places"]}


def _in_region(lat: float, lon: float) -> bool:
    return REGION["lat"][0] <= lat <= REGION["lat"][1] and REGION["lon"][0] <= lon <= REGION["lon"][1]


REPORT_IDS = _report_ids()


def test_at_least_six_reports_besides_the_seed():
    assert SEED in REPORT_IDS, "the seed report is missing"
    others = [r for r in REPORT_IDS if r != SEED]
    assert len(others) >= MIN_REPORTS_BESIDES_SEED, (
        f"only {len(others)} report(s) besides the seed; the set needs at least {MIN_REPORTS_BESIDES_SEED}"
    )


def test_every_report_has_its_metadata_and_gold_and_nothing_is_orphaned():
    stems = lambda folder, ext: {p.stem for p in folder.glob(f"*.{ext}")}  # noqa: E731
    texts = stems(REPORTS, "txt")
    assert stems(REPORTS, "toml") == texts, "every report needs <id>.txt and <id>.toml"
    assert stems(GOLD, "json") == texts, "every report needs gold/<id>.json, and no gold without a report"


def test_seed_is_the_projects_seed_byte_for_byte():
    repo = HERE.parent.parent
    assert (REPORTS / f"{SEED}.txt").read_bytes() == (repo / "geodata" / "sources" / f"{SEED}.txt").read_bytes()


def test_splits_cover_every_report_once_about_half_each():
    splits = _json("splits.json")
    dev, held = splits["development"], splits["held_out"]
    assert len(set(dev)) == len(dev) and len(set(held)) == len(held), "a report is listed twice in one split"
    assert not set(dev) & set(held), f"in both splits: {sorted(set(dev) & set(held))}"
    assert set(dev) | set(held) == set(REPORT_IDS), (
        f"without a split: {sorted(set(REPORT_IDS) - set(dev) - set(held))}; "
        f"unknown in splits: {sorted((set(dev) | set(held)) - set(REPORT_IDS))}"
    )
    assert SEED in dev, "the seed belongs to development"
    assert abs(len(dev) - len(held)) <= 2, f"development {len(dev)} vs held_out {len(held)}: not about half each"
    assert held, "nothing is held out"


@pytest.mark.parametrize("rid", REPORT_IDS)
def test_report_text_is_clean_utf8(rid):
    raw = (REPORTS / f"{rid}.txt").read_bytes()
    text = raw.decode("utf-8")  # raises on invalid UTF-8
    assert "\r" not in text, "line endings must be \\n"
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    assert text.strip(), "empty report"


@pytest.mark.parametrize("rid", REPORT_IDS)
def test_report_metadata(rid):
    meta = _meta(rid)
    missing = META_KEYS - meta.keys()
    assert not missing, f"{rid}.toml lacks {sorted(missing)}"
    for field in ("title", "outlet", "address", "published"):
        status = meta[f"{field}_status"]
        assert status in STATUSES, f"{field}_status {status!r}"
        if status == "unknown":
            assert meta[field] == "", f"{field} is unknown but has a value"
        else:
            assert meta[field], f"{field} is {status} but empty"
    if meta["address"]:
        assert re.match(r"https?://[^\s]+$", meta["address"]), meta["address"]
    published = datetime.date.fromisoformat(meta["published"])
    assert DATE_RANGE[0] <= published <= DATE_RANGE[1], f"published {published} is outside 10–25 February 2022"
    if rid != SEED:
        assert meta["retrieved_via"] == "search pages corpus"
        assert meta["address_status"] == "known" and meta["outlet_status"] == "known"


@pytest.mark.parametrize("rid", REPORT_IDS)
def test_gold_places(rid):
    text, gold, canon = _text(rid), _gold(rid), _places()
    places = gold["places"]
    assert places, "a report with no place"
    previous_end = 0
    for p in sorted(places, key=lambda p: p["start"]):
        where = f"{rid} place {p.get('surface')!r} at {p.get('start')}"
        assert PLACE_KEYS <= p.keys(), f"{where}: lacks {sorted(PLACE_KEYS - p.keys())}"
        start, end = p["start"], p["end"]
        assert isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text), f"{where}: bad span"
        assert text[start:end] == p["surface"], f"{where}: text has {text[start:end]!r}"
        assert p["surface"] == p["surface"].strip(), f"{where}: surrounding white space"
        assert not re.match(r"(?i)(the|a|an) ", p["surface"]), f"{where}: spans leave out a leading article"
        assert start >= previous_end, f"{where}: overlaps the previous place (the longest span wins)"
        previous_end = end
        assert p["kind"] in PLACE_KINDS, f"{where}: kind {p['kind']!r}"
        assert isinstance(p["metonymic"], bool), f"{where}: metonymic must be true or false"
        if p["metonymic"]:
            assert p["kind"] == "city", f"{where}: only a city standing for its government is metonymic"
        lat, lon = p["lat"], p["lon"]
        assert isinstance(lat, (int, float)) and isinstance(lon, (int, float)), f"{where}: lat/lon must be numbers"
        assert -90 <= lat <= 90 and -180 <= lon <= 180, f"{where}: impossible coordinates"
        outside = p.get("outside_region", False)
        if _in_region(lat, lon):
            assert not outside, f"{where}: marked outside_region but inside lon 14–45, lat 43–60"
        else:
            assert outside is True, f"{where}: ({lat}, {lon}) is outside the region; say so with outside_region: true"
        if p["kind"] == "border":
            assert p.get("line") in BORDER_LINES, f"{where}: a border needs line in {sorted(BORDER_LINES)}"
        else:
            assert "line" not in p, f"{where}: only borders have a line"
        ref = canon.get(p["name"])
        assert ref is not None, f"{where}: {p['name']!r} is not in places.json"
        assert (p["kind"], p["lat"], p["lon"], p.get("line")) == (ref["kind"], ref["lat"], ref["lon"], ref.get("line")), (
            f"{where}: kind, coordinates or line differ from places.json"
        )
        assert p.get("vague", False) == ref.get("vague", False), f"{where}: vague differs from places.json"


@pytest.mark.parametrize("rid", REPORT_IDS)
def test_gold_claims(rid):
    text, gold, actors = _text(rid), _gold(rid), _actors()
    claims = gold["claims"]
    assert claims, "a report with no claim"
    boilerplate = {line.strip().lower() for line in _meta(rid).get("boilerplate", [])}
    seen = set()
    for c in claims:
        where = f"{rid} claim at {c.get('start')}: {c.get('text', '')[:50]!r}"
        assert CLAIM_KEYS <= c.keys(), f"{where}: lacks {sorted(CLAIM_KEYS - c.keys())}"
        start, end = c["start"], c["end"]
        assert isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text), f"{where}: bad span"
        assert text[start:end] == c["text"], f"{where}: text has {text[start:end]!r}"
        assert c["text"] == c["text"].strip(), f"{where}: surrounding white space"
        line = text[text.rfind("\n", 0, start) + 1 : text.find("\n", start) if "\n" in text[start:] else len(text)]
        assert line.strip().lower() not in boilerplate, f"{where}: a claim in scraper boilerplate"
        assert c["stance"] in STANCES, f"{where}: stance {c['stance']!r}"
        assert c["claim_type"] in CLAIM_TYPES, f"{where}: claim_type {c['claim_type']!r}"
        assert c["claimant"] is None or c["claimant"] in actors, (
            f"{where}: claimant {c['claimant']!r} is neither null nor a canonical actor in actors.json"
        )
        q = c["quantity"]
        if q is None:
            assert c["qualifier"] is None and c["unit"] is None, f"{where}: qualifier or unit without a quantity"
        else:
            assert isinstance(q, (int, float)) and not isinstance(q, bool) and q > 0, f"{where}: quantity {q!r}"
            assert c["unit"] in UNITS, f"{where}: unit {c['unit']!r}"
            assert c["qualifier"] in QUALIFIERS, f"{where}: qualifier {c['qualifier']!r}"
        key = (start, end, c["claim_type"])
        assert key not in seen, f"{where}: the same span and type twice"
        seen.add(key)


def test_actors_table():
    actors = _json("actors.json")["actors"]
    names = [a["name"] for a in actors]
    assert len(names) == len(set(names)), "an actor is listed twice"
    owner: dict[str, str] = {}
    for a in actors:
        for alias in [a["name"], *a.get("aliases", [])]:
            key = re.sub(r"^the ", "", alias.strip().lower())
            assert owner.setdefault(key, a["name"]) == a["name"], (
                f"alias {alias!r} belongs to both {owner[key]!r} and {a['name']!r}"
            )
    for required in ("Russian Ministry of Defence", "Belarusian Ministry of Defence", "NATO", "United States",
                     "Ukraine's Ministry of Defence", "Alexander Lukashenko", "Liz Truss", "Kremlin"):
        assert required in names, f"{required!r} is missing from actors.json"


def test_places_table():
    places = _json("places.json")["places"]
    names = [p["name"] for p in places]
    assert len(names) == len(set(names)), "a place is listed twice"
    for p in places:
        assert p["kind"] in PLACE_KINDS, p
        assert _in_region(p["lat"], p["lon"]) != bool(p.get("outside_region")), f"{p['name']}: outside_region is wrong"
        assert (p["kind"] == "border") == ("line" in p), f"{p['name']}: borders, and only borders, have a line"
        assert p.get("source"), f"{p['name']}: say where the point comes from"


def _counts() -> dict[str, tuple[int, int]]:
    return {rid: (len(_gold(rid)["places"]), len(_gold(rid)["claims"])) for rid in REPORT_IDS}


def test_readme_counts_match_the_gold_files():
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    for rid, (places, claims) in _counts().items():
        row = re.search(rf"^\|\s*`{re.escape(rid)}`\s*\|.*?\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*$", readme, re.M)
        assert row, f"README.md has no counts row for {rid}"
        assert (int(row[1]), int(row[2])) == (places, claims), (
            f"README.md says {row[1]} places and {row[2]} claims for {rid}; the gold file has {places} and {claims}"
        )


def test_readme_totals_match_the_splits():
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    counts, splits = _counts(), _json("splits.json")
    for label, split in (("Development", "development"), ("Held out", "held_out")):
        line = re.search(rf"{label}: (\d+) reports, (\d+) places, (\d+) claims\.", readme)
        assert line, f"README.md has no '{label}: …' totals line"
        expected = (len(splits[split]), sum(counts[r][0] for r in splits[split]), sum(counts[r][1] for r in splits[split]))
        assert tuple(map(int, line.groups())) == expected, f"README.md's {label} totals {line.groups()} are not the gold's {expected}"
