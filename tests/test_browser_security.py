"""Hostile text in sources and metadata stays text: no script from data ever runs."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.browser


def test_hostile_source_is_inert(hostile_server, open_app):
    app = open_app(hostile_server)
    dialogs = []
    app.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    frame = app.wait_ready()
    assert frame.evaluate("Sitmap.featureCount()") >= 1
    # Exercise every path that puts data on screen: each feature's details, tooltips and sentences.
    for item in app.frame.locator(".sitmap-list-item").all():
        item.click()
    for symbol in app.frame.locator(".sitmap-symbol").all():
        symbol.dispatch_event("mouseover")
    for item in app.frame.locator("#sitmap-country-claims .sitmap-list-item").all():
        item.click()
    for linked in app.frame.locator(".sitmap-sentence.is-linked").all():
        linked.click()
    app.page.wait_for_timeout(500)

    assert frame.evaluate("window.__xss") is None
    assert app.page.evaluate("window.__xss") is None
    assert dialogs == []
    # The markup is shown as text, and no element was made from it.
    panel_text = app.frame.locator("#sitmap-panel").inner_text()
    assert "<script>" in panel_text
    assert "onerror" in panel_text
    # Template syntax is shown as written: neither Jinja on the server nor anything in the browser ran it.
    assert "Officials cited {{7*7}} and ${window.__xss = 14} in Moscow." in panel_text
    assert frame.evaluate("document.querySelectorAll('#sitmap-panel img, #sitmap-panel script, .leaflet-tooltip img').length") == 0
    # Config text too: layer titles in the layer control, the tile credit, all shown as written.
    control = app.frame.locator("#sitmap-layers").inner_text()
    assert "<img src=x onerror=" in control and "cycler.__init__" in control
    assert "<img src=x" in app.frame.locator("#sitmap-credits").inner_text()
    assert frame.evaluate("document.querySelectorAll('.leaflet-control img, .leaflet-control script').length") == 0
    # Map labels are text too: the hostile label is shown as written.
    assert "Site <img src=x onerror=window.__xss=48>" in frame.evaluate("Sitmap.shownLabels().map(l => l.text)") or \
        app.frame.locator(".sitmap-map-label", has_text="Site <img").count() == 1
    assert frame.evaluate("document.querySelectorAll('.sitmap-map-label *, #sitmap-country-claims img, #sitmap-country-claims svg[onload]').length") == 0
    credit_link = app.frame.locator("#sitmap-credits a", has_text="Tiles:")
    assert credit_link.get_attribute("href").startswith("https://tiles.invalid/")
    credit_link.hover()
    assert not list((REPO_ROOT).glob("PWNED*")) and not list(Path.cwd().glob("PWNED*"))
    assert app.errors == []


def test_hostile_metadata_is_inert_on_the_sources_page(hostile_server, open_app):
    app = open_app(hostile_server, "sources")
    dialogs = []
    app.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    app.page.get_by_role("heading", name="Sources").wait_for(timeout=30_000)
    for expander in app.page.locator("[data-testid='stExpander'] summary").all():
        expander.click()
    app.page.wait_for_timeout(1000)
    assert app.page.evaluate("window.__xss") is None
    assert dialogs == []
    # The hostile title is shown as written, markup and all.
    assert "<script>" in app.page.locator("[data-testid='stExpander'] summary").first.inner_text()
    assert app.errors == []
