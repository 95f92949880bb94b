"""The map embedded in an article: a host page on another localhost port frames ?embed=true at 640×560.

The embedded page never scrolls, the map fills most of the frame, the mouse
wheel scrolls the article (the map zooms only with Ctrl), and a selected
feature shows its claim and first quote inside the frame.
"""

from __future__ import annotations

import http.server
import threading
from functools import partial

import pytest

from conftest import ARTIFACTS
from devtools.devserver import MAP_FRAME, MAP_FRAME_URL, free_port

pytestmark = pytest.mark.browser

FRAME = (640, 560)
PARAGRAPH = "<p>" + "The article goes on around the map, as a newsroom's page would. " * 12 + "</p>"


@pytest.fixture(scope="module")
def host_page(app_server, tmp_path_factory):
    """An article on its own localhost port with the map in an iframe, the way a newsroom embeds it."""
    root = tmp_path_factory.mktemp("host")
    src = f"{app_server.url}?embed=true&height={FRAME[1]}&feature="
    (root / "article.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>Article</title><link rel='icon' href='data:,'></head><body style='margin:0 auto;max-width:700px'>"
        + PARAGRAPH * 3
        + f"<iframe id='map' title='Situation map' src='{src}' width='{FRAME[0]}' height='{FRAME[1]}' style='border:0'></iframe>"
        + PARAGRAPH * 8
        + "</body></html>",
        encoding="utf-8",
    )
    port = free_port()
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}/article.html"
    server.shutdown()


@pytest.fixture
def embedded(browser, host_page):
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append("console " + m.type + ": " + m.text) if m.type == "error" else None)
    page.goto(host_page)
    app = page.frame_locator("#map")
    mapframe = app.frame_locator(MAP_FRAME)
    mapframe.locator("html[data-sitmap-ready]").wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(800)
    app_frame = next(f for f in page.frames if "embed=true" in f.url)
    map_frame = next(f for f in page.frames if f.url == MAP_FRAME_URL)
    yield page, app_frame, map_frame, errors
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "embed-640x560.png"))
    context.close()


def test_the_embedded_page_never_scrolls_and_the_map_fills_it(embedded):
    page, app_frame, map_frame, errors = embedded
    sizes = app_frame.evaluate(
        """(() => { const main = document.querySelector('[data-testid="stMain"]') || document.scrollingElement;
                   return [main.scrollHeight, main.clientHeight, document.scrollingElement.scrollHeight, window.innerHeight]; })()"""
    )
    assert sizes[0] <= sizes[1] + 1 and sizes[2] <= sizes[3] + 1, sizes
    map_height = map_frame.evaluate("Sitmap.map().getContainer().getBoundingClientRect().height")
    assert map_height >= 0.7 * FRAME[1], map_height
    # The title, date and sources stay, in one line under the map.
    caption = app_frame.locator("[data-testid='stCaptionContainer'] p")
    text = caption.inner_text()
    assert "Allied Resolve 2022" in text and "Sources:" in text and "outlet unknown" in text and "10 Feb 2022" in text
    line = app_frame.evaluate("parseFloat(getComputedStyle(document.querySelector('[data-testid=\"stCaptionContainer\"] p')).lineHeight)")
    assert caption.bounding_box()["height"] <= 1.6 * line  # one line
    fits = app_frame.evaluate("(() => { const c = document.querySelector('[data-testid=\"stCaptionContainer\"] p'); return c.scrollWidth <= c.clientWidth + 1; })()")
    assert fits  # the whole line shows at 640 px, nothing cut by the ellipsis
    assert errors == []


def test_the_wheel_scrolls_the_article_and_ctrl_wheel_zooms_the_map(embedded):
    page, app_frame, map_frame, errors = embedded
    box = page.locator("#map").bounding_box()
    page.evaluate("window.scrollTo(0, 0)")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 3)
    zoom = map_frame.evaluate("Sitmap.map().getZoom()")
    before = page.evaluate("window.scrollY")
    page.mouse.wheel(0, 400)
    page.wait_for_timeout(600)
    assert map_frame.evaluate("Sitmap.map().getZoom()") == zoom
    assert page.evaluate("window.scrollY") > before
    assert map_frame.evaluate("document.getElementById('sitmap-wheel-hint').classList.contains('is-shown')")
    box = page.locator("#map").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 3)
    page.keyboard.down("Control")
    page.mouse.wheel(0, -200)
    page.keyboard.up("Control")
    page.wait_for_timeout(400)
    assert map_frame.evaluate("Sitmap.map().getZoom()") == zoom + 1


def test_selecting_a_feature_shows_its_claim_and_first_quote_in_the_frame(embedded, app_server):
    page, app_frame, map_frame, errors = embedded
    from sitmap.data.dataset import load_dataset
    from sitmap.settings import load_settings

    feature = load_dataset(load_settings()).feature("lida-airfield")
    page.locator("#map").scroll_into_view_if_needed()
    map_frame.evaluate(f"Sitmap.map().setView([{feature.anchor[1]}, {feature.anchor[0]}], 8, {{animate: false}})")
    map_frame.locator(f".sitmap-symbol[data-feature='{feature.id}']").click(force=True)
    map_frame.wait_for_function(f"Sitmap.selected() === '{feature.id}'", timeout=5000)
    page.wait_for_timeout(400)  # the sheet slides in
    quote = map_frame.locator("#sitmap-details .sitmap-quote").first
    frame_box = page.locator("#map").bounding_box()
    q = quote.bounding_box()
    assert frame_box["y"] <= q["y"] and q["y"] + q["height"] <= frame_box["y"] + frame_box["height"]
    assert feature.evidence[0].quote.exact in quote.inner_text()
    assert feature.claimant in map_frame.locator("#sitmap-details").inner_text()
    link = map_frame.locator("#sitmap-full-map")
    assert link.is_visible() and "embed" not in link.get_attribute("href") and "feature=lida-airfield" in link.get_attribute("href")
    assert errors == []
