"""What the shipped layers say: the seed's claims, attributed and placed honestly."""

from __future__ import annotations

import pytest

from sitmap.data.dataset import load_dataset
from sitmap.settings import load_settings

SEED = "allied-resolve-2022"


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(load_settings())


def by_id(shipped, feature_id):
    feature = shipped.feature(feature_id)
    assert feature is not None, feature_id
    return feature


@pytest.mark.parametrize(
    "feature_id, stance, claimant_has",
    [
        ("troop-buildup-along-border", "asserted", "Unattributed"),
        ("russia-denies-invasion-intent", "denied", "Russia"),
        ("largest-deployment-since-cold-war", "asserted", "estimate"),
        ("forces-closer-to-kyiv", "warned", "concerns"),
        ("western-warning-of-assault", "warned", "United States"),
        ("truss-withdraw-from-border", "asserted", "Liz Truss"),
    ],
)
def test_seed_deployment_claims_are_attributed(shipped, feature_id, stance, claimant_has):
    feature = by_id(shipped, feature_id)
    assert feature.layer == "deployments"
    assert feature.stance == stance
    assert claimant_has in feature.claimant
    assert feature.status == "claimed"
    assert any(q.quote.source == SEED for q in feature.evidence)


def test_troop_quantity_keeps_its_qualifier(shipped):
    quantity = by_id(shipped, "troop-buildup-along-border").quantity
    assert (quantity.value, quantity.unit, quantity.qualifier) == (100000, "troops", "more than")
    assert quantity.label() == "more than 100,000 troops"


def test_areas_placed_from_words_are_approximate(shipped):
    for feature_id in ("troop-buildup-along-border", "truss-withdraw-from-border", "allied-resolve-2022-border-area", "eastern-ukraine"):
        feature = by_id(shipped, feature_id)
        assert feature.precision == "approximate"
        assert feature.precision_note


def test_exercise_sites_cite_their_own_sources_with_addresses(shipped):
    sites = [f for f in shipped.features if f.kind in ("training ground", "airfield")]
    assert len(sites) == 9
    for site in sites:
        assert site.uncertainty_km and site.precision == "approximate"
        cited = {q.quote.source for q in site.evidence}
        assert SEED not in cited
        for source_id in cited:
            assert shipped.sources[source_id].meta("address").value.startswith("https://")
            assert shipped.sources[source_id].meta("published").value == "2022-02-10"


def test_places_named_in_the_seed_are_mapped_and_political_constructs_are_not(shipped):
    names = {f.name for f in shipped.features}
    assert {"Kyiv", "Moscow"} <= names
    assert not any("Normandy" in name or "Minsk accords" in name or "Union State" in name for name in names)
    # The Normandy talks sentence locates nothing, so nothing cites it.
    normandy = next(s for s in shipped.sources[SEED].sentences if "Normandy quartet" in s.text)
    assert shipped.features_citing(SEED, normandy.index) == []


def test_only_the_border_claims_confirmation(shipped):
    confirmed = {f.id for f in shipped.features if f.status == "confirmed"}
    assert confirmed == {"belarus-ukraine-border"}
    for feature_id in confirmed:
        assert by_id(shipped, feature_id).confirmation


def test_cities_the_article_names_are_reference_places_not_claims(shipped):
    for feature_id in ("kyiv", "moscow"):
        place = by_id(shipped, feature_id)
        assert place.is_reference
        assert (place.claimant, place.stance, place.status) == ("", "", "")
        assert place.evidence
    # Features that carry a claim stay claims, with their claimant.
    for feature_id in ("eastern-ukraine", "belarus-2020-protests", "forces-closer-to-kyiv"):
        assert not by_id(shipped, feature_id).is_reference and by_id(shipped, feature_id).claimant


@pytest.mark.parametrize(
    "feature_id, country",
    [
        ("russia-denies-invasion-intent", "UKR"),
        ("western-warning-of-assault", "UKR"),
        ("largest-deployment-since-cold-war", "BLR"),
        ("eastern-military-district-in-belarus", "BLR"),
        ("belarus-2020-protests", "BLR"),
    ],
)
def test_claims_about_a_whole_country_name_it_and_have_no_point(shipped, feature_id, country):
    feature = by_id(shipped, feature_id)
    assert (feature.precision, feature.country, feature.geometry, feature.anchor) == ("country", country, None, None)


def test_the_border_says_it_is_a_generalised_line(shipped):
    assert by_id(shipped, "belarus-ukraine-border").precision == "generalised"


# Corrections a fact-checker asked for: each position says what it rests on. ---------------------------

KODEN_AT_THE_BUG = (23.62, 51.91)  # lon, lat: where "level with Kodeń" meets the border river
TERESPOL_AT_THE_BUG = (23.65, 52.07)
ASIPOVICHY = (28.64, 53.30)
LIDA_TOWN = (25.30, 53.89)
BREST_CITY = (23.70, 52.10)


def km(a, b):
    from sitmap.data.geodesy import geodesic_distance_km

    return geodesic_distance_km(a, b)


def test_brestsky_sits_south_of_brest_near_the_bug_with_a_ring_covering_both_descriptions(shipped):
    site = by_id(shipped, "brestsky-training-ground")
    assert site.anchor[1] < BREST_CITY[1]  # south of the city, as Do Rzeczy and TVP Info say
    assert km(site.anchor, KODEN_AT_THE_BUG) <= site.uncertainty_km
    assert km(site.anchor, TERESPOL_AT_THE_BUG) <= site.uncertainty_km
    assert "dorzeczy.pl" in site.precision_note and "slowopodlasia.pl" in site.precision_note


def test_osipovichsky_is_the_repishche_range_north_west_of_the_town(shipped):
    site = by_id(shipped, "osipovichsky-training-ground")
    lon, lat = site.anchor
    assert lat > ASIPOVICHY[1] and lon < ASIPOVICHY[0]
    assert "Repishche" in site.precision_note and "https://" in site.precision_note
    assert "No stored source gives coordinates" in site.precision_note


def test_domanovsky_is_known_at_district_level_only(shipped):
    site = by_id(shipped, "domanovsky-training-ground")
    assert "district level" in site.precision_note and "Ivatsevichy" in site.precision_note
    assert site.uncertainty_km >= 40  # the ring covers the district, not a range


def test_airfields_rest_on_named_sources(shipped):
    lida = by_id(shipped, "lida-airfield")
    assert lida.anchor[0] > LIDA_TOWN[0] + 0.05  # east of the town
    assert "UMDD" in lida.precision_note and "https://aviationsmilitaires.net" in lida.precision_note
    assert "No airfield database entry" in by_id(shipped, "luninets-airfield").precision_note
    for feature_id in ("baranovichi-airfield", "machulishchy-airfield"):
        assert "ICAO" in by_id(shipped, feature_id).precision_note


def test_every_exercise_site_position_cites_an_address_or_says_it_is_unchecked(shipped):
    for site in (f for f in shipped.features if f.kind in ("training ground", "airfield")):
        assert "https://" in site.precision_note or "not checked" in site.precision_note, site.id
        place = shipped.gazetteer.get(site.id.rsplit("-", 1)[0].replace("-training", "").replace("-airfield", ""))
        assert place is None or km(site.anchor, (place.lon, place.lat)) <= 1.0


def test_claimant_names_every_ministry_the_evidence_cites(shipped):
    feature = by_id(shipped, "eastern-military-district-in-belarus")
    cited = {q.quote.source for q in feature.evidence}
    for source_id in cited:
        speaker = shipped.sources[source_id].claimant
        ministry = "Russian" if "Russian" in speaker else "Belarusian"
        assert f"{ministry} Ministry of Defence" in feature.claimant


def test_truss_caption_keeps_her_condition(shipped):
    feature = by_id(shipped, "truss-withdraw-from-border")
    assert "if Russia is serious about diplomacy" in feature.name
    assert "if Russia was serious about using diplomacy" in feature.evidence[0].quote.exact


def test_border_area_caption_gives_the_named_sites_real_distances(shipped):
    distances = {
        f.name: figure.value
        for f in shipped.features
        if f.kind in ("training ground", "airfield")
        for figure in f.figures
        if figure.label.startswith("Straight-line distance")
    }
    assert len(distances) == len([f for f in shipped.features if f.kind in ("training ground", "airfield")])
    nearest, farthest = min(distances, key=distances.get), max(distances, key=distances.get)
    note = by_id(shipped, "allied-resolve-2022-border-area").precision_note
    assert f"from {distances[nearest]:.0f} km ({nearest})" in note
    assert f"to {distances[farthest]:.0f} km ({farthest})" in note


def test_official_border_length_cites_belta_and_the_agency_by_full_address(shipped):
    border = by_id(shipped, "belarus-ukraine-border")
    sourced = [f for f in border.figures if f.kind == "sourced" and f.value == 1084.2]
    addresses = {f.address for f in sourced}
    assert "https://eng.belta.by/society/view/demarcation-of-belarusian-ukrainian-border-in-exclusion-zone-to-begin-in-february-2019-116504-2018/" in addresses
    assert "https://ukranews.com/en/news/791258-ukraine-and-belarus-complete-demarcation-of-land-border" in addresses
    agency = next(f for f in sourced if f.citation == "Ukrainian News Agency")
    assert "“Maritime” there means along rivers" in agency.method
    assert sourced[0].citation.startswith("BelTA, 13 November 2018")  # the primary source leads


@pytest.mark.parametrize("source_id", ["interfax-2022-02-10-union-resolve", "motolko-2022-02-10-union-resolve"])
def test_excerpts_mark_what_they_leave_out_and_say_where_they_come_from(shipped, source_id):
    source = shipped.sources[source_id]
    assert source.kind == "excerpt"
    assert "[…]" in [s.text for s in source.sentences]
    assert "stored copy of the page" in source.notes and "no web access" not in source.notes
