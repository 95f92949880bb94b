"""Embed code: escaping, refused addresses, the live app's parameters, the host script, and the doc's snippets."""

from __future__ import annotations

import contextlib
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from sitmap.data.dataset import load_dataset
from sitmap.export.embed import DEFAULT_HEIGHT, HOST_SCRIPT_PATH, embed_snippet, format_view, host_script, live_src
from sitmap.export.request import ExportError, MapView, parse_view
from sitmap.settings import load_settings

DOC = Path(__file__).resolve().parent.parent / "docs" / "embedding.md"
CDN_FILE = "https://cdn.example.org/maps/map.html"
APP = "https://maps.example.org/"


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def elements(snippet: str) -> Elements:
    parser = Elements()
    parser.feed(snippet)
    parser.close()
    return parser


def iframe(snippet: str) -> dict:
    found = [attrs for tag, attrs in elements(snippet).elements if tag == "iframe"]
    assert len(found) == 1
    return found[0]


HOSTILE_TITLES = [
    '"><script>alert(1)</script>',
    "' onload='alert(2)",
    "Map & <b>bold</b> &amp; {{ 7*7 }}",
]


@pytest.mark.parametrize("kind", ["live", "standalone"])
@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_a_hostile_title_stays_text(kind, title):
    snippet = embed_snippet(CDN_FILE, title, kind=kind)
    parsed = elements(snippet)
    # Only our elements: the title opened none, and set no attribute of its own.
    assert [tag for tag, _ in parsed.elements] == ["iframe", "p", "a"] + (["script"] if kind == "standalone" else [])
    assert iframe(snippet)["title"] == " ".join(title.split())
    assert not [name for _, attrs in parsed.elements for name in attrs if name.startswith("on")]
    assert "<script>alert" not in snippet and "<b>" not in snippet
    link_text = "".join(parsed.text[: len(parsed.text) - (1 if kind == "standalone" else 0)])
    assert " ".join(title.split()) in link_text


HOSTILE_URLS = [
    'https://example.org/map.html?q="><svg/onload=alert(1)>',
    "https://example.org/map.html#'onmouseover='alert(2)",
    "https://example.org/a&b=<c>",
]


@pytest.mark.parametrize("kind", ["live", "standalone"])
@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_hostile_address_stays_one_attribute(kind, url):
    snippet = embed_snippet(url, "Map", kind=kind)
    parsed = elements(snippet)
    assert [tag for tag, _ in parsed.elements] == ["iframe", "p", "a"] + (["script"] if kind == "standalone" else [])
    src = iframe(snippet)["src"]
    if kind == "standalone":
        assert src == url  # escaped in the markup, the same address once parsed
    else:
        assert src.startswith(url.split("?")[0].split("#")[0]) and "embed=true" in src
    assert not [name for _, attrs in parsed.elements for name in attrs if name.startswith("on")]
    assert "<svg" not in snippet and "<c>" not in snippet and "'onmouseover" not in snippet


@pytest.mark.parametrize(
    "src",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.domain)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "DATA:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "//cdn.example.org/map.html",
        "map.html",
        "/maps/map.html",
        "https://",
        "https:///map.html",
        "ftp://example.org/map.html",
        "file:///tmp/map.html",
        "https://example.org/map with space.html",
        "",
    ],
)
@pytest.mark.parametrize("kind", ["live", "standalone"])
def test_only_http_addresses_are_accepted(src, kind):
    with pytest.raises(ExportError, match=r"http|space|control"):
        embed_snippet(src, "Map", kind=kind)
    with pytest.raises(ExportError):
        live_src(src)


def test_a_frame_needs_a_title_a_known_kind_and_a_sensible_height():
    with pytest.raises(ExportError, match="title"):
        embed_snippet(CDN_FILE, "  \n ", kind="live")
    with pytest.raises(ExportError, match="kind"):
        embed_snippet(CDN_FILE, "Map", kind="amp")
    for height in ("tall", float("nan"), 10, 100_000):
        with pytest.raises(ExportError, match="height"):
            embed_snippet(CDN_FILE, "Map", kind="live", height=height)


@pytest.mark.parametrize("kind", ["live", "standalone"])
def test_both_kinds_share_the_frame_basics(kind):
    snippet = embed_snippet(CDN_FILE, "Situation map", kind=kind, height=640)
    attrs = iframe(snippet)
    assert attrs["title"] == "Situation map"
    assert attrs["loading"] == "lazy"
    assert attrs["height"] == "640" and "height:640px" in attrs["style"]
    assert "width:100%" in attrs["style"] and "border:0" in attrs["style"]
    links = [a for tag, a in elements(snippet).elements if tag == "a"]
    assert len(links) == 1 and urlsplit(links[0]["href"]).netloc == "cdn.example.org"


def test_the_live_frame_carries_embed_height_and_the_view(shipped):
    view = MapView(53.91234, 25.30001, 8.25)
    layers = [layer.settings.id for layer in shipped.layers][:2]
    feature = shipped.features[0].id
    src = live_src(APP + "?lang=en", feature=feature, layers=layers, view=view)
    snippet = embed_snippet(src, "Map", kind="live", height=600)
    attrs = iframe(snippet)
    params = parse_qs(urlsplit(attrs["src"]).query)
    assert params == {"lang": ["en"], "embed": ["true"], "feature": [feature], "layers": [",".join(layers)],
                      "view": [format_view(view)], "height": ["600"]}
    assert "data-sitmap" not in attrs and "<script" not in snippet  # the app sizes itself; no host script
    # The view reads back the way the Export panel reads it.
    back = parse_view(params["view"][0], shipped)
    assert (round(back.lat, 4), round(back.lon, 4), back.zoom) == (53.9123, 25.3, 8.25)
    # The full map's link is the same view without the embed-only parameters.
    link = parse_qs(urlsplit(next(a for tag, a in elements(snippet).elements if tag == "a")["href"]).query)
    assert link == {"lang": ["en"], "feature": [feature], "layers": [",".join(layers)], "view": [format_view(view)]}


def test_live_src_leaves_out_empty_values():
    assert live_src(APP) == APP + "?embed=true"
    assert live_src(APP, feature="", layers=None, view="") == APP + "?embed=true"
    assert live_src(APP, layers=[]) == APP + "?embed=true&layers=none"
    assert live_src(APP, view="52.2,28.6,6", height=500) == APP + "?embed=true&view=52.2,28.6,6&height=500"


def test_the_standalone_frame_carries_the_host_script():
    snippet = embed_snippet(CDN_FILE, "Map", kind="standalone")
    assert "data-sitmap" in iframe(snippet)
    assert snippet.rstrip().endswith(f"<script>{host_script()}</script>")


def test_the_host_script_is_small_and_its_source_readable():
    script = host_script()
    assert len(script.encode()) <= 640, len(script)
    source = HOST_SCRIPT_PATH.read_text(encoding="utf-8")
    assert len(source.splitlines()) > 10 and len(source) > 2 * len(script)
    # Compaction drops only comments and spaces between tokens: the code's tokens are the source's.
    code = "\n".join(line for line in source.split("*/", 1)[1].splitlines())
    assert re.sub(r"\s+", "", code) == re.sub(r"\s+", "", script)
    for message in ('"sitmap:hello"', '"sitmap:autosize"', '"sitmap:height"', "20000", "100"):
        assert message in script


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(load_settings())


def fenced(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)


def test_the_snippets_in_the_doc_are_what_the_code_writes():
    doc = DOC.read_text(encoding="utf-8")
    namespace: dict = {}
    printed = []
    for block in fenced(doc, "python"):
        if "embed_snippet(" not in block:
            continue
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102 - our own documentation's example
        printed.append(out.getvalue().strip())
    shown = [block.strip() for block in fenced(doc, "html") if " src=" in block]
    assert len(printed) == 2 and shown == printed
    assert {kind for kind in ("live", "standalone") if f'kind="{kind}"' in doc} == {"live", "standalone"}
    assert str(DEFAULT_HEIGHT) in doc
    # What the doc says a frame needs is what the code and the app do.
    assert "allow-scripts allow-same-origin" in doc and "frame-ancestors" in doc
