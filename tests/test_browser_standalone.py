"""The standalone file in headless Chromium, opened from file:// with every other request refused.

On its own it is a page that fills the window; in an article's iframe it takes
the embed layout, or sizes itself by content when the host script asks.
"""

from __future__ import annotations

import math

import pytest

from sitmap.data.dataset import load_dataset
from sitmap.export.embed import DEFAULT_HEIGHT, embed_snippet
from sitmap.export.request import parse_view
from sitmap.export.standalone import standalone_html
from sitmap.settings import load_settings

pytestmark = pytest.mark.browser

DESKTOP = (1440, 900)
PHONE = (390, 844)
ARTICLE = (1000, 800)
PUBLISHED = "https://cdn.example.org/maps/map.html"  # the snippet's address, pointed at the local file below
PARAGRAPH = "<p>" + "The article goes on around the map, as a newsroom's page would. " * 10 + "</p>"


@pytest.fixture(scope="module")
def shipped():
    return load_dataset(load_settings())


@pytest.fixture(scope="module")
def files(shipped, tmp_path_factory) -> dict[str, str]:
    """The map file and two articles framing it (with and without the host script), all as file:// URLs."""
    root = tmp_path_factory.mktemp("standalone")
    (root / "map.html").write_text(standalone_html(shipped), encoding="utf-8")
    snippet = embed_snippet(PUBLISHED, shipped.settings.title, kind="standalone").replace(PUBLISHED, "map.html")
    without_script = snippet.split("<script>")[0]
    for name, code in (("article.html", snippet), ("article-no-script.html", without_script)):
        (root / name).write_text(
            "<!doctype html><html><head><meta charset='utf-8'><meta name='viewport' content='width=device-width'>"
            "<title>Article</title><link rel='icon' href='data:,'></head>"
            "<body style='margin:0 auto;max-width:700px;padding:0 10px;font:17px/1.5 Georgia,serif'>"
            + PARAGRAPH * 2 + code + PARAGRAPH * 6 + "</body></html>",
            encoding="utf-8",
        )
    return {name: (root / name).as_uri() for name in ("map.html", "article.html", "article-no-script.html")}


class Opened:
    def __init__(self, context, page, outside: list[str], errors: list[str]):
        self.context, self.page, self.outside, self.errors = context, page, outside, errors

    def map_frame(self):
        frames = [f for f in self.page.frames if f.url.split("#")[0].split("?")[0].endswith("/map.html")]
        assert len(frames) == 1, [f.url for f in self.page.frames]
        return frames[0]

    def ready(self, timeout: float = 20_000):
        frame = self.map_frame()
        frame.locator("html[data-sitmap-ready]").wait_for(state="attached", timeout=timeout)
        return frame


@pytest.fixture
def open_file(browser):
    contexts = []

    def opener(url: str, viewport=DESKTOP, touch: bool = False) -> Opened:
        context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, has_touch=touch, is_mobile=touch)
        contexts.append(context)
        outside: list[str] = []
        # Every request that is not for a local file is recorded, then refused.
        local = ("file:", "data:", "about:")
        context.on("request", lambda r: None if r.url.startswith(local) else outside.append(r.url))
        context.route(lambda url: not url.startswith(local), lambda route: route.abort())
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.goto(url)
        return Opened(context, page, outside, errors)

    yield opener
    for context in contexts:
        context.close()


def sentence_selector(quote) -> str:
    return f".sitmap-sentence[data-source='{quote.quote.source}'][data-sentence='{quote.sentence_index}']"


def point_feature(shipped, skip=()):
    return next(f for f in shipped.features if f.geometry and f.geometry["type"] == "Point" and f.role != "reference" and f.id not in skip)


def off_centre(frame, lat: float, lon: float) -> float:
    """How many pixels (lat, lon) lies from the map's centre."""
    return frame.evaluate(
        f"(() => {{ const m = Sitmap.map(), p = m.latLngToContainerPoint([{lat}, {lon}]), s = m.getSize();"
        " return Math.hypot(p.x - s.x / 2, p.y - s.y / 2); })()"
    )


def url_of(frame) -> str:
    return frame.evaluate("location.href")


def test_the_file_draws_with_no_request_and_fills_the_window(open_file, files, shipped, artifacts):
    opened = open_file(files["map.html"])
    frame = opened.ready()
    # Every feature and country is drawn, from the data alone.
    assert frame.evaluate("Sitmap.featureCount()") == len(shipped.features)
    assert frame.locator(".sitmap-symbol").count() == sum(1 for f in shipped.features if f.geometry is not None)
    assert frame.locator(".leaflet-overlay-pane path").count() == len(shipped.basemap.countries["features"])
    frame.locator(".sitmap-list-item").first.click()
    opened.page.wait_for_timeout(300)
    assert opened.outside == []
    assert opened.errors == []
    # A page of its own: the title above, the map and the panel side by side, filling the window exactly.
    assert frame.locator("#sitmap-page-head h1").inner_text() == shipped.settings.title
    assert frame.title() == shipped.settings.title
    shell = frame.locator("#sitmap-shell").bounding_box()
    head = frame.locator("#sitmap-page-head").bounding_box()
    map_box = frame.locator(".sitmap-map-cell").bounding_box()
    panel = frame.locator("#sitmap-panel").bounding_box()
    assert abs(shell["y"] - (head["y"] + head["height"])) <= 1 and abs(shell["y"] + shell["height"] - DESKTOP[1]) <= 1
    assert panel["x"] >= map_box["x"] + map_box["width"] - 1 and abs(panel["height"] - shell["height"]) <= 1
    assert frame.evaluate("document.scrollingElement.scrollHeight") <= DESKTOP[1] + 1
    assert frame.evaluate("Sitmap.map().getContainer().getBoundingClientRect().height") >= 0.6 * DESKTOP[1]
    # No embed furniture on a page of its own.
    assert frame.locator("#sitmap-full-map").count() == 0 and frame.locator("#sitmap-caption").count() == 0
    feature = point_feature(shipped)
    frame.locator(f".sitmap-list-item[data-feature='{feature.id}']").first.click()
    frame.wait_for_function(f"Sitmap.selected() === '{feature.id}'", timeout=5000)
    opened.page.screenshot(path=str(artifacts / "standalone-1440x900.png"))


def test_on_a_phone_the_panel_follows_the_map_in_the_pages_scroll(open_file, files, artifacts):
    opened = open_file(files["map.html"], viewport=PHONE, touch=True)
    frame = opened.ready()
    map_box = frame.locator(".sitmap-map-cell").bounding_box()
    panel = frame.locator("#sitmap-panel").bounding_box()
    assert panel["y"] >= map_box["y"] + map_box["height"] - 1
    assert map_box["width"] >= PHONE[0] - 1 and map_box["height"] >= 0.8 * PHONE[0]
    assert frame.evaluate("document.scrollingElement.scrollHeight") > 2 * PHONE[1]
    frame.evaluate("window.scrollTo(0, 1200)")
    assert frame.evaluate("window.scrollY") > 0  # the page scrolls to the panel
    frame.evaluate("window.scrollTo(0, 0)")
    opened.page.wait_for_timeout(200)
    opened.page.screenshot(path=str(artifacts / "standalone-phone.png"))
    assert opened.outside == [] and opened.errors == []


def test_clicking_a_feature_on_the_map_or_in_the_list_highlights_its_sentences(open_file, files, shipped):
    opened = open_file(files["map.html"])
    frame = opened.ready()
    on_map = point_feature(shipped)
    frame.evaluate(f"Sitmap.map().setView([{on_map.anchor[1]}, {on_map.anchor[0]}], 8, {{animate: false}})")
    box = frame.locator(f".sitmap-symbol[data-feature='{on_map.id}']").bounding_box()
    opened.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    frame.wait_for_function(f"Sitmap.selected() === '{on_map.id}'", timeout=5000)
    for quote in on_map.evidence:
        assert "is-highlighted" in frame.locator(sentence_selector(quote)).get_attribute("class")
    assert frame.locator(".sitmap-sentence.is-highlighted mark").first.inner_text() in [q.quote.exact for q in on_map.evidence]

    in_list = next(f for f in shipped.features if f.id != on_map.id and f.evidence)
    frame.locator(f".sitmap-list-item[data-feature='{in_list.id}']").first.click()
    frame.wait_for_function(f"Sitmap.selected() === '{in_list.id}'", timeout=5000)
    for quote in in_list.evidence:
        assert "is-highlighted" in frame.locator(sentence_selector(quote)).get_attribute("class")
    # Only its sentences: the previous selection's are no longer highlighted.
    assert frame.locator(".sitmap-sentence.is-highlighted").count() == len({(q.quote.source, q.sentence_index) for q in in_list.evidence})
    assert f"feature={in_list.id}" in url_of(frame)
    assert opened.outside == [] and opened.errors == []


@pytest.mark.parametrize("mark", ["?", "#"])
def test_a_feature_in_the_query_or_the_hash_is_restored_and_kept_there(open_file, files, shipped, mark):
    first, second = point_feature(shipped), point_feature(shipped, skip={point_feature(shipped).id})
    opened = open_file(files["map.html"] + f"{mark}feature={first.id}")
    frame = opened.ready()
    assert frame.evaluate("Sitmap.selected()") == first.id
    assert "is-highlighted" in frame.locator(sentence_selector(first.evidence[0])).get_attribute("class")
    frame.locator(f".sitmap-list-item[data-feature='{second.id}']").first.click()
    frame.wait_for_function(f"Sitmap.selected() === '{second.id}'", timeout=5000)
    state = frame.evaluate("[location.search, location.hash]")
    where, elsewhere = (state[0], state[1]) if mark == "?" else (state[1], state[0])
    assert f"feature={second.id}" in where and "feature=" not in elsewhere
    assert opened.errors == []


def test_a_new_hash_in_the_same_tab_shows_its_feature(open_file, files, shipped):
    feature = point_feature(shipped)
    opened = open_file(files["map.html"] + "#layers=border")
    frame = opened.ready()
    assert frame.evaluate("Sitmap.visibleLayers()") == ["border"]
    frame.evaluate(f"location.hash = 'feature={feature.id}&layers=border,{feature.layer}'")
    frame.wait_for_function(f"Sitmap.selected() === '{feature.id}'", timeout=5000)
    assert feature.layer in frame.evaluate("Sitmap.visibleLayers()")
    frame.evaluate("location.hash = 'layers=border'")
    frame.wait_for_function("Sitmap.selected() === null", timeout=5000)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("mark", ["?", "#"])
def test_a_view_in_the_address_restores_centre_and_zoom(open_file, files, shipped, viewport, mark):
    # On a phone the map would fit the story's symbols, and the selection would be brought into
    # view: a linked view overrides both (the reader may have panned away from the selection).
    lat, lon, zoom = 55.1234, 33.5678, 7.5
    feature = point_feature(shipped)
    opened = open_file(files["map.html"] + f"{mark}feature={feature.id}&view={lat},{lon},{zoom}", viewport=viewport, touch=viewport == PHONE)
    frame = opened.ready()
    assert frame.evaluate("Sitmap.map().getZoom()") == zoom
    # Centred on the linked point, to the pixel (Leaflet keeps whole pixels).
    assert off_centre(frame, lat, lon) <= 1.5
    assert frame.evaluate("Sitmap.selected()") == feature.id
    assert not frame.evaluate(f"Sitmap.map().getBounds().contains([{feature.anchor[1]}, {feature.anchor[0]}])")
    # A resize (a frame settling its size, a phone turned) keeps the linked view and its wording.
    opened.page.set_viewport_size({"width": viewport[0] - 60, "height": viewport[1] - 40})
    opened.page.wait_for_timeout(300)
    assert off_centre(frame, lat, lon) <= 2 and frame.evaluate("Sitmap.map().getZoom()") == zoom
    assert f"view={lat},{lon},{zoom}" in url_of(frame)
    assert opened.errors == []


@pytest.mark.parametrize("view", ["91,20,6", "52,20", "a,b,c", "52,200,6", "Infinity,20,6"])
def test_a_view_that_parse_view_refuses_is_ignored(open_file, files, shipped, view):
    opened = open_file(files["map.html"] + f"?view={view}")
    frame = opened.ready()
    settings = shipped.settings
    assert frame.evaluate("Sitmap.map().getZoom()") == settings.zoom
    assert off_centre(frame, settings.center_lat, settings.center_lon) <= 1.5
    assert opened.errors == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_moving_the_map_writes_the_view_and_only_then(open_file, files, shipped, viewport):
    opened = open_file(files["map.html"], viewport=viewport)
    frame = opened.ready()
    opened.page.wait_for_timeout(400)
    # Neither the default view nor the phone's automatic fit is written.
    assert "view=" not in url_of(frame)
    frame.locator(".sitmap-list-item").first.click()
    opened.page.wait_for_timeout(300)
    assert "view=" not in url_of(frame)
    # The reader drags the map: the view follows in the address.
    box = frame.locator(".sitmap-map-cell .leaflet-container").bounding_box()
    x, y = box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.6
    opened.page.mouse.move(x, y)
    opened.page.mouse.down()
    for step in range(1, 9):
        opened.page.mouse.move(x - 12 * step, y - 6 * step)
    opened.page.mouse.up()
    frame.wait_for_function("location.search.includes('view=')", timeout=5000)
    value = frame.evaluate("new URL(location.href).searchParams.get('view')")
    lat, lon, zoom = (float(part) for part in value.split(","))
    assert all(len(part.split(".")[1]) in (4, 5) for part in value.split(",")[:2])
    centre = frame.evaluate("(() => { const c = Sitmap.map().getCenter(); return [c.lat, c.lng, Sitmap.map().getZoom()]; })()")
    assert math.isclose(lat, centre[0], abs_tol=1e-4) and math.isclose(lon, centre[1], abs_tol=1e-4) and zoom == centre[2]
    assert parse_view(value, shipped).zoom == zoom  # what the Export panel reads
    # The zoom buttons count as the reader's too.
    frame.locator(".leaflet-control-zoom-in").click()
    frame.wait_for_function(f"new URL(location.href).searchParams.get('view').endsWith(',{zoom + 1:g}')", timeout=5000)
    assert opened.errors == []


def test_the_host_script_sizes_the_frame_to_its_content(open_file, files, artifacts):
    opened = open_file(files["article.html"], viewport=ARTICLE)
    frame = opened.ready()
    frame_element = opened.page.locator("iframe[data-sitmap]")
    opened.page.wait_for_function(f"document.querySelector('iframe[data-sitmap]').getBoundingClientRect().height > {DEFAULT_HEIGHT + 200}", timeout=10_000)
    opened.page.wait_for_timeout(500)
    content = frame.evaluate("Math.ceil(document.getElementById('sitmap-shell').getBoundingClientRect().height)")
    assert abs(frame_element.bounding_box()["height"] - content) <= 1
    assert frame.evaluate("document.scrollingElement.scrollHeight") <= content + 1  # nothing left to scroll inside
    assert "is-autosize" in frame.locator("#sitmap-shell").get_attribute("class")
    # The map at its fixed shape, the whole panel below it with the sources' text.
    map_box = frame.locator(".sitmap-map-cell .leaflet-container").bounding_box()
    assert 300 <= map_box["height"] <= 600 and abs(map_box["height"] - 0.625 * map_box["width"]) <= 2
    panel = frame.locator("#sitmap-panel").bounding_box()
    assert panel["y"] >= map_box["y"] + map_box["height"] and frame.locator("#sitmap-panel-body").is_visible()
    # Selecting grows the details: the frame follows.
    frame.locator(".sitmap-list-item").first.click()
    opened.page.wait_for_timeout(500)
    content = frame.evaluate("Math.ceil(document.getElementById('sitmap-shell').getBoundingClientRect().height)")
    assert abs(frame_element.bounding_box()["height"] - content) <= 1
    # The wheel still scrolls the article over the map.
    opened.page.evaluate("window.scrollTo(0, 0)")
    zoom = frame.evaluate("Sitmap.map().getZoom()")
    box = frame_element.bounding_box()
    opened.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 200)
    opened.page.mouse.wheel(0, 300)
    opened.page.wait_for_timeout(400)
    assert opened.page.evaluate("window.scrollY") > 0 and frame.evaluate("Sitmap.map().getZoom()") == zoom
    assert opened.outside == [] and opened.errors == []
    opened.page.evaluate("window.scrollTo(0, document.querySelector('iframe[data-sitmap]').getBoundingClientRect().top + window.scrollY - 120)")
    opened.page.mouse.move(5, 5)
    opened.page.wait_for_timeout(1800)  # the wheel hint fades
    opened.page.screenshot(path=str(artifacts / "standalone-host-page.png"))


def test_the_host_script_reads_only_its_frames_and_bounds_the_height(open_file, files):
    opened = open_file(files["article.html"], viewport=ARTICLE)
    frame = opened.ready()
    height = "document.querySelector('iframe[data-sitmap]').getBoundingClientRect().height"
    opened.page.wait_for_function(f"{height} > {DEFAULT_HEIGHT + 200}", timeout=10_000)
    opened.page.wait_for_timeout(300)
    settled = opened.page.evaluate(height)
    # Not from one of its frames: ignored.
    opened.page.evaluate("window.postMessage({type: 'sitmap:height', height: 150}, '*')")
    opened.page.wait_for_timeout(200)
    assert opened.page.evaluate(height) == settled
    # From the frame, but not a number: ignored; a huge or tiny number: kept within bounds.
    for message, expected in (("{type: 'sitmap:height', height: '900'}", settled), ("{type: 'sitmap:height', height: 1e9}", 20000),
                              ("{type: 'sitmap:height', height: -5}", 100), ("'<img src=x onerror=alert(1)>'", 100)):
        frame.evaluate(f"parent.postMessage({message}, '*')")
        opened.page.wait_for_timeout(150)
        assert opened.page.evaluate(height) == expected, message
    assert opened.errors == []


def test_without_the_host_script_the_frame_keeps_its_height_and_the_embed_layout(open_file, files, shipped, artifacts):
    opened = open_file(files["article-no-script.html"], viewport=ARTICLE)
    frame = opened.ready()
    opened.page.wait_for_timeout(800)
    frame_box = opened.page.locator("iframe[data-sitmap]").bounding_box()
    assert frame_box["height"] == DEFAULT_HEIGHT
    assert "is-embed" in frame.locator("#sitmap-shell").get_attribute("class")
    assert frame.evaluate("document.scrollingElement.scrollHeight") <= DEFAULT_HEIGHT + 1  # the frame never scrolls
    assert frame.evaluate("Sitmap.map().getContainer().getBoundingClientRect().height") >= 0.7 * DEFAULT_HEIGHT
    caption = frame.locator("#sitmap-caption")
    assert caption.is_visible() and shipped.settings.title in caption.inner_text()
    # A message that does not come from the parent changes nothing.
    frame.evaluate("window.postMessage({type: 'sitmap:autosize'}, '*')")
    opened.page.wait_for_timeout(300)
    assert "is-autosize" not in frame.locator("#sitmap-shell").get_attribute("class")
    # A selection opens as a sheet inside the frame, with a link to the full map (the file itself).
    feature = point_feature(shipped)
    frame.evaluate(f"Sitmap.map().setView([{feature.anchor[1]}, {feature.anchor[0]}], 8, {{animate: false}})")
    # The frame is partly below the fold: a click must not scroll the article under the pointer.
    assert frame_box["y"] + frame_box["height"] > ARTICLE[1] and opened.page.evaluate("window.scrollY") == 0
    symbol = frame.locator(f".sitmap-symbol[data-feature='{feature.id}']").bounding_box()
    opened.page.mouse.click(symbol["x"] + symbol["width"] / 2, symbol["y"] + symbol["height"] / 2)
    frame.wait_for_function(f"Sitmap.selected() === '{feature.id}'", timeout=5000)
    assert opened.page.evaluate("window.scrollY") == 0
    opened.page.wait_for_timeout(400)
    sheet = frame.locator("#sitmap-panel").bounding_box()
    assert frame_box["y"] <= sheet["y"] and sheet["y"] + sheet["height"] <= frame_box["y"] + frame_box["height"] + 1
    link = frame.locator("#sitmap-full-map")
    assert link.is_visible() and link.get_attribute("href").split("?")[0].endswith("/map.html")
    assert f"feature={feature.id}" in link.get_attribute("href")
    assert opened.outside == [] and opened.errors == []


def test_the_hostile_file_runs_no_script(open_file, tmp_path, hostile):
    path = tmp_path / "map.html"
    path.write_text(standalone_html(hostile), encoding="utf-8")
    opened = open_file(path.as_uri())
    frame = opened.ready()
    for button in frame.locator(".sitmap-list-item").all()[:6]:
        button.click()
    opened.page.wait_for_timeout(300)
    assert frame.evaluate("window.__xss") is None
    assert frame.title() == hostile.settings.title
    # The hostile config turns on online tiles: the only requests leaving are those tiles, refused.
    assert all(url.startswith("https://tiles.invalid/") for url in opened.outside)
