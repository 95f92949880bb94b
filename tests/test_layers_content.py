"""What the shipped layers say: the seed's claims, attributed and placed honestly."""

from __future__ import annotations

import pytest

from sitmap.dataset import load_dataset
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


def test_only_the_border_and_gazetteer_places_claim_confirmation(shipped):
    confirmed = {f.id for f in shipped.features if f.status == "confirmed"}
    assert confirmed == {"belarus-ukraine-border", "kyiv", "moscow"}
    for feature_id in confirmed:
        assert by_id(shipped, feature_id).confirmation
