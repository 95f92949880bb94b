"""The editor in headless Chromium: nothing editable without the secret, and saved features on the map with their sentences.

Screenshots of the editor's review at 1440×900 are saved under test-artifacts/ for review.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ARTIFACTS
from devtools.devserver import AppServer
from sitmap.data.dataset import load_dataset
from sitmap.edit import DataStore, staged_validator
from sitmap.edit.access import SECRET_ENV
from sitmap.edit.draft import feature_from_row, layer_changes, review_rows, source_files
from sitmap.extract import extract
from sitmap.extract.propose import propose
from sitmap.settings import load_settings

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parent.parent
SECRET = "correct horse battery staple"
REPORT = (REPO_ROOT / "tests" / "extraction" / "reports" / "reuters-2022-02-20-extend.txt").read_text(encoding="utf-8")
META = {"title": ("Russia, Belarus extend military drills", "known"), "outlet": ("Reuters", "known"),
        "address": ("https://example.org/russia-belarus-extend", "known"), "published": ("2022-02-20", "known")}


@pytest.fixture
def editor_server(data_copy, monkeypatch, artifacts):
    monkeypatch.setenv(SECRET_ENV, SECRET)
    with AppServer(config=data_copy.config, log=artifacts / "editor-server.log") as server:
        yield server, data_copy


def open_editor(open_app, server, query: str = "", viewport=(1440, 900)):
    app = open_app(server, "editor" + query, viewport=viewport)
    app.page.get_by_role("heading", name="Editor", exact=True).wait_for(timeout=30_000)  # the page's, not the menu's
    return app


def unlock(app) -> None:
    app.page.get_by_label("Editor secret").fill(SECRET)
    app.page.get_by_label("Your name, kept in the history of every save").fill("Ana")
    app.page.get_by_role("button", name="Open the editor").click()
    app.page.locator("textarea").first.wait_for(timeout=15_000)


def test_without_the_secret_or_with_a_wrong_one_nothing_is_editable(editor_server, open_app):
    server, _ = editor_server
    app = open_editor(open_app, server)
    secret = app.page.get_by_label("Editor secret")
    secret.wait_for(timeout=30_000)
    assert app.page.locator("textarea").count() == 0
    secret.fill("not the secret")
    app.page.get_by_label("Your name, kept in the history of every save").fill("Mallory")
    app.page.get_by_role("button", name="Open the editor").click()
    app.page.get_by_text("That is not the editor secret.").wait_for(timeout=15_000)
    assert app.page.locator("textarea").count() == 0 and app.page.get_by_role("button", name="Read the report").count() == 0


def test_an_embed_never_shows_the_editor_or_its_link(editor_server, open_app):
    server, _ = editor_server
    app = open_app(server, "editor?embed=true", viewport=(640, 560))
    app.page.get_by_text("The editor is not part of an embedded map.").wait_for(timeout=30_000)
    assert app.page.get_by_label("Editor secret").count() == 0
    embedded_map = open_app(server, "?embed=true", viewport=(640, 560))
    embedded_map.wait_ready()
    assert embedded_map.page.get_by_role("link", name="Editor").count() == 0


def test_with_the_secret_a_pasted_report_is_read_into_candidates_for_review(editor_server, open_app):
    server, _ = editor_server
    app = open_editor(open_app, server)
    unlock(app)
    app.page.locator("textarea").first.fill(REPORT)
    for label, (value, _) in {"Title": META["title"], "Outlet": META["outlet"], "Address": META["address"],
                              "Published": META["published"]}.items():
        app.page.get_by_label(label, exact=True).fill(value)
    app.page.get_by_role("button", name="Read the report").click()
    app.page.get_by_text("candidates", exact=False).first.wait_for(timeout=30_000)
    app.page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=15_000)
    app.page.screenshot(path=str(ARTIFACTS / "editor-review-1440x900.png"))
    table = app.page.locator("[data-testid='stDataFrame']").first
    table.scroll_into_view_if_needed()
    app.page.wait_for_timeout(300)
    app.page.screenshot(path=str(ARTIFACTS / "editor-review-table-1440x900.png"))
    assert table.bounding_box()["width"] > 900  # the review table uses the page's width
    assert app.errors == []


def test_saved_features_are_on_the_map_linked_to_their_sentences(data_copy, open_app, artifacts):
    """The save the editor makes (the AppTest walks it through the page), then the map as a reader opens it."""
    settings = load_settings(data_copy.config)
    data = load_dataset(settings)
    source_id = "2022-02-20-russia-belarus-extend-military-drills"
    rows = [row for row in review_rows(propose(extract(REPORT), source_id), [layer.id for layer in settings.layers])
            if row["lat"] is not None][:2]
    features = [feature_from_row(row, source_id)[0] for row in rows]
    layers, problems = layer_changes(data_copy.layers, {layer.id: layer.file for layer in settings.layers},
                                     [(row["layer"], feature) for row, feature in zip(rows, features)], {f.id for f in data.features})
    assert problems == []
    store = DataStore(data_copy.root)
    store.save({**source_files(source_id, REPORT, META), **layers}, base_version=store.version(), editor="Ana",
               validate=staged_validator(settings))
    saved = load_dataset(settings)
    with AppServer(config=data_copy.config, log=artifacts / "editor-map-server.log") as server:
        for feature in features:
            app = open_app(server, f"?feature={feature['id']}", viewport=(1440, 900))
            frame = app.wait_ready()
            assert frame.evaluate("Sitmap.selected()") == feature["id"]
            loaded = saved.feature(feature["id"])
            for quote in loaded.evidence:
                sentence = app.frame.locator(f".sitmap-sentence[data-source='{source_id}'][data-sentence='{quote.sentence_index}']")
                assert "is-highlighted" in sentence.get_attribute("class")
                assert quote.quote.exact in sentence.inner_text()
            assert feature["properties"]["name"][:40] in app.frame.locator("#sitmap-details").inner_text()
            assert app.errors == []
        app.page.screenshot(path=str(ARTIFACTS / "editor-saved-on-map-1440x900.png"))


def test_on_a_phone_the_editor_fits_the_screen(editor_server, open_app):
    server, _ = editor_server
    app = open_editor(open_app, server, viewport=(390, 844))
    unlock(app)
    app.page.screenshot(path=str(ARTIFACTS / "editor-phone-390x844.png"))
    # Nothing wider than the screen: no sideways scrolling of the page.
    assert app.page.evaluate("document.documentElement.scrollWidth") <= 390
    box = app.page.locator("textarea").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_clicking_the_picker_map_places_a_candidate(editor_server, open_app):
    server, _ = editor_server
    app = open_editor(open_app, server)
    unlock(app)
    app.page.locator("textarea").first.fill(REPORT)
    app.page.get_by_label("Title", exact=True).fill(META["title"][0])
    app.page.get_by_role("button", name="Read the report").click()
    app.page.get_by_text("Place a candidate by clicking the map").click()
    picker = app.page.frame_locator("iframe[title*='position_picker']")
    picker.locator(".leaflet-container").wait_for(timeout=15_000)
    box = app.page.locator("iframe[title*='position_picker']").bounding_box()
    app.page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] * 0.6)
    app.page.get_by_text("Its position:").wait_for(timeout=15_000)
    app.page.wait_for_timeout(500)
    placed = app.page.get_by_text("Its position:").inner_text()
    lat, lon = (float(value) for value in placed.split(":")[1].split("(")[0].split(","))
    assert 44 < lat < 58 and 20 < lon < 40, placed  # where the picker's view is, around Belarus and Ukraine
    picker.locator(".leaflet-interactive").first.wait_for(timeout=5_000)  # the placed point is drawn
    assert picker.get_by_text("Belarus", exact=True).count() == 1  # country names to find one's way
    app.page.locator("iframe[title*='position_picker']").scroll_into_view_if_needed()
    app.page.screenshot(path=str(ARTIFACTS / "editor-picker-1440x900.png"))
    assert app.errors == [] and app.external_requests == []  # Leaflet and the outlines come from this machine
