"""The standalone map file: self-contained, within its size budget, and safe with hostile data and config."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sitmap.data.dataset import load_dataset
from sitmap.export.standalone import MAX_BYTES, standalone_html
from sitmap.map.assets import LEAFLET_CSS, LEAFLET_DIR, LEAFLET_JS, leaflet_css_inline, leaflet_js_inline
from sitmap.map.elements import build_map, map_document, payload_script
from sitmap.map.scriptjson import script_json
from sitmap.settings import load_settings



@pytest.fixture(scope="module")
def shipped():
    return load_dataset(load_settings())


class Markup(HTMLParser):
    """Every start tag with its attributes, and the text of <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parsed(html: str) -> Markup:
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser


def inline_blocks(html: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}>(.*?)</{tag}>", html, flags=re.DOTALL)


def test_the_file_is_self_contained(shipped):
    html = standalone_html(shipped)
    markup = parsed(html)
    # Nothing is loaded by markup: no element other than an anchor has a src or href.
    loaders = [(tag, attrs) for tag, attrs in markup.tags if tag != "a" and ({"src", "href", "srcset", "data"} & set(attrs))]
    assert loaders == []
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*[\"']?(https?:)?//", html, flags=re.IGNORECASE)
    # Styles fetch nothing either: every url() is a data: URI or a fragment, and nothing is imported.
    for css in inline_blocks(html, "style"):
        assert "@import" not in css
        for target in re.findall(r"url\(\s*['\"]?([^)'\"]*)", css):
            assert target.startswith(("data:", "#")), target
    # Leaflet is in the file, the app's relative folder is not.
    assert "leaflet_files" not in html and LEAFLET_JS not in re.sub(r"//# sourceMappingURL=\S+", "", html)


def test_leaflet_is_inlined_unchanged(shipped):
    html = standalone_html(shipped)
    original = (LEAFLET_DIR / LEAFLET_JS).read_text(encoding="utf-8")
    code = leaflet_js_inline()
    # Only the trailing source-map comment goes; the code itself is byte for byte the package's.
    assert original.startswith(code.rstrip("\n")) and original[len(code.rstrip("\n")) :].strip().startswith("//# sourceMappingURL=")
    assert f"<script>{code}</script>" in html
    assert html.count("<script>" + code[:200]) == 1
    css = (LEAFLET_DIR / LEAFLET_CSS).read_text(encoding="utf-8")
    inlined = leaflet_css_inline()
    # The CSS differs only where an image became a data: URI.
    assert re.sub(r"url\(data:image/png;base64,[A-Za-z0-9+/=]+\)", "IMG", inlined) == re.sub(r"url\(images/[\w.-]+\.png\)", "IMG", css)
    assert f"<style>{inlined}</style>" in html


def test_the_file_carries_the_apps_document_with_leaflet_inlined(shipped):
    html = standalone_html(shipped)
    app = map_document(shipped, "component/leaflet_files/")
    # One payload, the app's own: the same data, escaped for scripts the same way.
    assert html.count("Sitmap.start(") == 1
    assert f", {payload_script(shipped)}, " in html
    options = json.loads(html.split(payload_script(shipped) + ", ", 1)[1].split(");", 1)[0])
    assert options["standalone"] is True and options["title"] == shipped.settings.title
    # Same runtime as the app's document.
    app_code = app[app.index("var Sitmap = (function") : app.index("Sitmap.start(")]
    assert app_code in html
    assert parsed(html).title == shipped.settings.title
    assert "<script src" not in html and "<link" not in html


def test_the_file_is_within_its_budget(shipped):
    size = len(standalone_html(shipped).encode("utf-8"))
    assert size <= MAX_BYTES, f"{size / 1024:.0f} KB > {MAX_BYTES / 1024:.0f} KB"


def test_the_file_is_built_once_per_dataset(shipped):
    first = standalone_html(shipped)
    assert standalone_html(shipped) is first
    assert any(isinstance(key, tuple) and key[0] == "map_document" and key[2] is None for key in shipped.derived)


def test_the_app_document_still_links_leaflet(shipped):
    html = build_map(shipped, "../assets/").get_root().render()
    assert '<script src="../assets/leaflet.js"></script>' in html
    assert "Leaflet 1.9.3, a JS library" not in html


def test_hostile_config_and_data_yield_no_markup_and_run_no_template(tmp_path, monkeypatch, hostile_config):
    # A template that ran would create PWNED-<n> in the working folder.
    monkeypatch.chdir(tmp_path)
    hostile = load_dataset(load_settings(hostile_config))
    html = standalone_html(hostile)
    assert list(tmp_path.glob("PWNED*")) == []
    assert not (Path.cwd() / "PWNED").exists()
    assert "Officials cited 49" not in html  # Jinja would have computed {{7*7}}
    assert "Officials cited \\u007b{7*7}}" in html
    # Markup comes from us only: the same elements as with the shipped data, no handler attribute.
    shipped_tags = [tag for tag, _ in parsed(standalone_html(load_dataset(load_settings()))).tags]
    markup = parsed(html)
    assert [tag for tag, _ in markup.tags] == shipped_tags
    assert {tag for tag in shipped_tags} <= {"html", "head", "meta", "title", "style", "script", "body", "div"}
    assert not [name for _, attrs in markup.tags for name in attrs if name.startswith("on")]
    assert "<img" not in html and "</script><script>window.__xss" not in html
    # The title is the config's text, shown as text.
    assert markup.title == hostile.settings.title
    # Text from data and config is inside the payload and options only, as script-safe JSON.
    for layer in hostile.settings.layers:
        assert layer.title not in html and script_json(layer.title)[1:-1] in html
