"""Committed test fixtures stay loadable, so the browser tests that use them test escaping, not loading."""

from __future__ import annotations

import re
from pathlib import Path


from sitmap.cli import main
from sitmap.data.dataset import load_dataset
from sitmap.settings import load_settings

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
HOSTILE_CONFIG = HOSTILE / "config.toml"
PAYLOAD = re.compile(r"<(script|img|svg|b|i)\b|javascript:|\{\{|\$\{")


def test_hostile_fixture_validates_with_the_cli(capsys):
    assert main(["validate", "--config", str(HOSTILE_CONFIG)]) == 0
    out = capsys.readouterr().out
    hostile = load_dataset(load_settings(HOSTILE_CONFIG))
    assert out.strip().splitlines()[-1] == f"1 source, 4 layers, {len(hostile.features)} features; 0 errors, 0 warnings"


def test_hostile_fixture_loads_without_problems(hostile):
    assert [str(p) for p in hostile.problems.items] == []
    assert list(hostile.sources) == ["hostile"]


def test_hostile_fixture_uses_the_real_layers_and_basemap(hostile):
    real = load_settings(Path(__file__).resolve().parents[1] / "config.toml")
    assert [layer.id for layer in hostile.settings.layers] == [layer.id for layer in real.layers]
    assert hostile.settings.basemap_dir == real.basemap_dir
    assert hostile.settings.gazetteer_path == real.gazetteer_path
    assert hostile.basemap.border is not None
    for layer in hostile.layers:
        assert layer.features, layer.settings.id


def test_hostile_source_sentences_keep_their_markup(hostile):
    sentences = [s.text for s in hostile.sources["hostile"].sentences]
    assert "Troops gathered near <script>window.__xss = 1</script> the border." in sentences
    assert 'An <img src=x onerror="window.__xss = 2"> image was shared from Kyiv.' in sentences


def test_hostile_metadata_carries_markup(hostile):
    source = hostile.sources["hostile"]
    assert "<script>" in source.meta("title").value
    assert "<b onmouseover=" in source.meta("outlet").value
    assert source.meta("address").value.startswith("javascript:")


def test_every_hostile_feature_carries_payloads_and_cites_a_hostile_sentence(hostile):
    for feature in hostile.features:
        for field in (feature.name, feature.claimant, feature.description):
            assert PAYLOAD.search(field), (feature.id, field)
        if feature.label:
            assert PAYLOAD.search(feature.label), (feature.id, feature.label)
        assert feature.evidence
        for resolved in feature.evidence:
            sentence = hostile.sources["hostile"].sentences[resolved.sentence_index]
            assert PAYLOAD.search(sentence.text), (feature.id, sentence.text)


def test_hostile_fixture_has_a_hostile_map_label_and_a_claim_about_a_whole_country(hostile):
    assert any(f.label and "<img" in f.label for f in hostile.features)
    assert any(f.precision == "country" for f in hostile.features)


def test_hostile_fixture_quotes_both_named_sentences(hostile):
    cited = {q.sentence_index for f in hostile.features for q in f.evidence}
    assert {1, 2} <= cited


def test_every_string_setting_of_the_hostile_config_carries_a_payload(hostile):
    """Whatever string config.toml can hold, the hostile fixture attacks with it (paths and files excepted)."""
    from sitmap.settings import LAYER_SETTINGS, SETTINGS

    settings = hostile.settings
    shown = {
        "app.title": settings.title,
        "app.subtitle": settings.subtitle,
        "tiles.attribution": settings.tiles.attribution,
    }
    not_shown = {"paths.sources", "paths.layers", "paths.basemap", "paths.gazetteer", "paths.cities"}
    checked_elsewhere = {"tiles.url", "tiles.attribution_url"}  # URLs: refused unless plain https (test_settings)
    string_settings = {name for name, s in SETTINGS.items() if isinstance(s.default, str)}
    assert string_settings == set(shown) | not_shown | checked_elsewhere
    for name, value in shown.items():
        assert PAYLOAD.search(value) or "{%" in value, name
    for layer in settings.layers:
        for key in ("title", "description"):
            assert PAYLOAD.search(getattr(layer, key)), (layer.id, key)
    layer_strings = {key for key, s in LAYER_SETTINGS.items() if key not in ("visible",)}
    assert layer_strings == {"id", "title", "file", "colour", "description", "labels"}  # id, file, colour, labels: patterns only
