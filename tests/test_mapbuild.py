"""The folium map and panel data, built from the shipped data without a browser."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from sitmap.assets import LEAFLET_DIR, LEAFLET_VERSION
from sitmap.dataset import load_dataset
from sitmap.mapbuild import build_map, panel_data, safe_address, script_json
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
    assert "L.tileLayer" not in html
    assert '"fillOpacity":1' in html  # the offline basemap is filled
    assert (LEAFLET_DIR / "leaflet.js").exists() and LEAFLET_VERSION == "1.9.3"


def test_online_tiles_are_an_option(shipped):
    tiles = TileSettings(enabled=True, url="https://tiles.example/{z}/{x}/{y}.png", attribution="© Example", max_zoom=17)
    with_tiles = dataclasses.replace(shipped, settings=dataclasses.replace(shipped.settings, tiles=tiles))
    html = rendered(with_tiles)
    assert "L.tileLayer" in html
    assert "https://tiles.example/{z}/{x}/{y}.png" in html
    assert "\\u00a9 Example" in html or "© Example" in html
    # The Natural Earth outlines no longer hide the tiles.
    assert '"fillOpacity":0' in html and '"fillOpacity":1' not in html


def test_every_layer_and_the_panel_are_in_the_script(shipped):
    html = rendered(shipped)
    assert html.count("Sitmap.addLayer(") == len(shipped.layers)
    assert html.count("Sitmap.start(") == 1
    assert html.index("Sitmap.init(") < html.index("Sitmap.addLayer(") < html.index("Sitmap.start(")
    assert "L.control.layers" in html


def test_panel_quote_offsets_point_at_the_quoted_words(shipped):
    data = panel_data(shipped)
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
    sources = panel_data(shipped)["sources"]
    assert sources[0]["id"] == "allied-resolve-2022"
    assert len(sources[0]["sentences"]) == 20
    assert all("Exit mobile version" not in s["text"] for s in sources[0]["sentences"])


def test_border_shows_official_and_article_lengths_never_the_drawn_line_as_its_length(shipped):
    border = panel_data(shipped)["features"]["belarus-ukraine-border"]
    figures = {f["label"]: f for f in border["figures"]}
    official = figures["Official length of the Belarus–Ukraine border"]
    assert (official["value"], official["kind"], official["citation"]) == (1084.2, "sourced", "Ukrainian News Agency")
    assert official["address"] == "https://ukranews.com/en/news/791258"
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


def test_hostile_text_reaches_the_rendered_page_unevaluated():
    hostile = load_dataset(load_settings(Path(__file__).parent / "fixtures" / "hostile" / "config.toml"))
    html = rendered(hostile)
    assert "Officials cited 49" not in html  # Jinja would have computed {{7*7}}
    assert "Officials cited \\u007b\\u007b7*7\\u007d\\u007d" in html


def test_the_runtime_files_hold_no_jinja_delimiters():
    from sitmap.assets import read_static

    for name in ("sitmap.js", "sitmap.css"):
        text = read_static(name)
        assert not any(delimiter in text for delimiter in ("{{", "{%", "{#")), name
