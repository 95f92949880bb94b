"""The map document: payload, script escaping and folium elements, built without a browser."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from sitmap.data.dataset import load_dataset
from sitmap.map import build_map, map_document, map_payload
from sitmap.map.assets import LEAFLET_DIR, LEAFLET_VERSION, read_static
from sitmap.map.payload import safe_address
from sitmap.map.scriptjson import script_json
from sitmap.settings import TileSettings, load_settings


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(load_settings())


def rendered(dataset) -> str:
    return build_map(dataset, "../assets/").get_root().render()


def test_only_local_leaflet_is_loaded(shipped):
    html = rendered(shipped)
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    styles = re.findall(r'<link[^>]*href="([^"]+)"', html)
    assert scripts == ["../assets/leaflet.js"]
    assert styles == ["../assets/leaflet.css"]
    assert map_payload(shipped)["tiles"] is None
    assert '"fillOpacity":1' in html  # the offline basemap is filled
    assert (LEAFLET_DIR / "leaflet.js").exists() and LEAFLET_VERSION == "1.9.3"


def test_online_tiles_are_an_option(shipped):
    tiles = TileSettings(enabled=True, url="https://tiles.example/{z}/{x}/{y}.png", attribution="© Example",
                         attribution_url="https://example.org/copyright", max_zoom=17)
    with_tiles = dataclasses.replace(shipped, settings=dataclasses.replace(shipped.settings, tiles=tiles))
    html = rendered(with_tiles)
    assert map_payload(with_tiles)["tiles"] == {
        "url": "https://tiles.example/{z}/{x}/{y}.png", "max_zoom": 17,
        "attribution": "© Example", "attribution_url": "https://example.org/copyright",
    }
    assert "https://tiles.example/{z}/{x}/{y}.png" in html
    # The Natural Earth outlines no longer hide the tiles.
    assert '"fillOpacity":0' in html and '"fillOpacity":1' not in html


def test_one_payload_carries_every_layer_and_feature_once(shipped):
    html = rendered(shipped)
    assert html.count("Sitmap.start(") == 1
    payload = map_payload(shipped)
    assert [layer["id"] for layer in payload["layers"]] == [layer.settings.id for layer in shipped.layers]
    assert list(payload["features"]) == [feature.id for feature in shipped.features]
    # One object per feature in one casing: geometry, symbol and panel fields together.
    kyiv = payload["features"]["kyiv"]
    assert {"geometry", "anchor", "stance", "status", "precision_note", "uncertainty_km", "evidence"} <= set(kyiv)
    assert not [key for f in payload["features"].values() for key in f if key != key.lower()]
    # No folium element writes data: layers, layer control, tiles and credits are built in the browser.
    fmap = build_map(shipped, "../assets/")
    assert [type(child).__name__ for child in fmap._children.values()] == ["SitmapRuntime"]
    assert "attributionControl: false" in html.replace('"attributionControl": false', "attributionControl: false")


def test_panel_quote_offsets_point_at_the_quoted_words(shipped):
    data = map_payload(shipped)
    checked = 0
    for source in data["sources"]:
        for sentence in source["sentences"]:
            for quote in sentence["quotes"]:
                feature = data["features"][quote["feature"]]
                exact = sentence["text"][quote["start"] : quote["end"]]
                assert exact in [ev["exact"] for ev in feature["evidence"]]
                checked += 1
    assert checked == sum(len(f.evidence) for f in shipped.features)


def test_the_seed_leads_the_panel_and_keeps_every_sentence(shipped):
    sources = map_payload(shipped)["sources"]
    assert sources[0]["id"] == "allied-resolve-2022"
    assert len(sources[0]["sentences"]) == 20
    assert all("Exit mobile version" not in s["text"] for s in sources[0]["sentences"])


def test_border_shows_official_and_article_lengths_never_the_drawn_line_as_its_length(shipped):
    border = map_payload(shipped)["features"]["belarus-ukraine-border"]
    figures = {f["label"]: f for f in border["figures"]}
    official = figures["Official length of the Belarus–Ukraine border"]
    assert (official["value"], official["kind"], official["citation"]) == (1084.2, "sourced", "BelTA, 13 November 2018")
    assert official["address"].startswith("https://eng.belta.by/")
    article = figures["Length given by the article"]
    assert article["quote"]["exact"] == "little over 1,000 kilometres (620 miles) long"
    drawn = [f for f in border["figures"] if f["kind"] == "computed"]
    assert len(drawn) == 1 and "not the border's length" in drawn[0]["label"]
    assert 840 <= drawn[0]["value"] <= 880
    assert "Natural Earth" in drawn[0]["method"] and "WGS84" in drawn[0]["method"]


def test_script_json_cannot_close_the_script_element():
    text = script_json({"name": "</script><script>alert(1)</script>", "amp": "a & b", "line": "\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text)["name"] == "</script><script>alert(1)</script>"


@pytest.mark.parametrize(
    "address, expected",
    [
        ("https://interfax.com/x", "https://interfax.com/x"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", ""),
        ("JaVaScRiPt:alert(1)", ""),
        ("data:text/html,<script>", ""),
        ("", ""),
    ],
)
def test_only_web_addresses_become_links(address, expected):
    assert safe_address(address) == expected


def test_source_text_reaches_the_page_only_as_json_data(shipped):
    html = rendered(shipped)
    sentence = "Belarus is a staunch Russian ally with a lengthy border with Ukraine."
    # Present once, inside the JSON passed to Sitmap.start, not as markup.
    assert html.count(sentence) == 1
    start = html.index("Sitmap.start(")
    assert html.index(sentence) > start


@pytest.mark.parametrize("payload", ["{{7*7}}", "{% for x in range(3) %}X{% endfor %}", "{# hidden #}", "{{ cycler.__init__.__globals__ }}"])
def test_jinja_syntax_in_data_is_never_evaluated(payload):
    text = script_json({"name": payload, "nested": [{"quote": "}" + payload + "{"}]})
    assert not any(delimiter in text for delimiter in ("{{", "{%", "{#"))
    assert json.loads(text)["name"] == payload


def test_hostile_text_reaches_the_rendered_page_unevaluated(hostile):
    html = rendered(hostile)
    assert "Officials cited 49" not in html  # Jinja would have computed {{7*7}}
    assert "Officials cited \\u007b{7*7}}" in html


def test_the_runtime_files_hold_no_jinja_delimiters():
    for name in ("sitmap.js", "sitmap.css"):
        text = read_static(name)
        assert not any(delimiter in text for delimiter in ("{{", "{%", "{#")), name


TEMPLATE_PAYLOADS = [
    "Border {{ cycler.__init__.__globals__.os.mkdir(dict(PWNED=1)|first) }}",
    "Border {% raw %}",
    "Border {{ 7*7 }} {# comment #} {% for x in range(3) %}X{% endfor %}",
    "Border <img src=x onerror=alert(41)>",
]


@pytest.mark.parametrize("title", TEMPLATE_PAYLOADS)
def test_template_code_in_a_layer_title_never_runs_on_the_server(data_copy, monkeypatch, title):
    """The repro: folium's LayerControl wrote titles with tojson and branca compiled the output again."""
    monkeypatch.chdir(data_copy.root)
    data_copy.edit_config('title = "Border"', "title = " + json.dumps(title))
    dataset = data_copy.load()
    html = rendered(dataset)
    assert not (data_copy.root / "PWNED").exists()
    assert "49" not in html.split("Sitmap.start(")[1].split('"layers":')[1].split("]")[0]
    layer = map_payload(dataset)["layers"][0]
    assert layer["title"] == title
    # In the page the title is JSON data only: no markup character and no template delimiter survives.
    encoded = script_json(title)
    assert encoded in html
    assert not any(d in encoded for d in ("{{", "{%", "{#", "<", ">"))


def test_template_code_in_tile_attribution_never_runs(data_copy, monkeypatch):
    monkeypatch.chdir(data_copy.root)
    data_copy.edit_config("enabled = false", "enabled = true")
    data_copy.edit_config(
        'attribution = "© OpenStreetMap contributors"',
        'attribution = "{{ cycler.__init__.__globals__.os.mkdir(dict(PWNED=1)|first) }} <img src=x onerror=alert(1)>"',
    )
    dataset = data_copy.load()
    html = rendered(dataset)
    assert not (data_copy.root / "PWNED").exists()
    assert map_payload(dataset)["tiles"]["attribution"].startswith("{{ cycler")
    assert "<img src=x" not in html


def test_the_literal_elements_are_never_compiled_twice(shipped):
    """Our output reaches the page as rendered once: a delimiter that slipped into it would stay text."""
    from sitmap.map.elements import SitmapRuntime

    runtime = SitmapRuntime(script_json(map_payload(shipped)))
    runtime.payload = '{"trap":"{{ 7*7 }}"}'
    fmap = build_map(shipped, "../assets/")
    fmap.add_child(runtime, name="trap")
    assert '{"trap":"{{ 7*7 }}"}' in fmap.get_root().render()


def test_the_runtime_is_sent_compact_but_unchanged_in_meaning():
    from sitmap.map.assets import compact

    source = read_static("sitmap.js")
    sent = compact(source)
    assert len(sent) < 0.9 * len(source)
    # Every statement line survives, in order; only comments, blank lines and indentation go.
    code_lines = [line.strip() for line in source.splitlines() if line.strip() and not line.strip().startswith(("//", "/*", "*"))]
    assert sent.splitlines() == code_lines
    assert '"http://www.w3.org/2000/svg"' in sent  # a "//" inside a string is not a comment


def test_a_band_shared_by_two_features_travels_once(shipped):
    payload = map_payload(shipped)
    sharing = [f for f in payload["features"].values() if f["geometry_ref"] == "ukraine-north-east-border-band"]
    assert len(sharing) == 2 and all(f["geometry"] is None for f in sharing)
    assert payload["shared_geometries"]["ukraine-north-east-border-band"]["type"] in ("Polygon", "MultiPolygon")


def test_the_page_lets_readers_zoom_and_names_its_language(shipped):
    from sitmap.export.standalone import standalone_html

    for document in (map_document(shipped, "x/"), standalone_html(shipped)):
        assert document.startswith('<!DOCTYPE html>\n<html lang="en">')
        viewports = re.findall(r'<meta name="viewport" content="([^"]*)"', document)
        assert viewports == ["width=device-width, initial-scale=1.0"], viewports
