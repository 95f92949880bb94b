"""The editor page, run headless with AppTest: access rules, and the path from a pasted report to saved features."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sitmap.data.dataset import load_dataset
from sitmap.edit import DataStore
from sitmap.edit.access import SECRET_ENV
from sitmap.settings import CONFIG_ENV_VAR, load_settings

REPO_ROOT = Path(__file__).resolve().parent.parent
SECRET = "correct horse battery staple"
REPORT = (REPO_ROOT / "tests" / "extraction" / "reports" / "reuters-2022-02-20-extend.txt").read_text(encoding="utf-8")
METADATA = {"Title": "Russia, Belarus extend military drills", "Outlet": "Reuters",
            "Address": "https://example.org/russia-belarus-extend", "Published": "2022-02-20"}


@pytest.fixture
def editor_data(data_copy, monkeypatch):
    monkeypatch.setenv(CONFIG_ENV_VAR, str(data_copy.config))
    return data_copy


def open_editor() -> AppTest:
    app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=60)
    app.run()
    app.switch_page("pages/editor.py").run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def give_secret(app: AppTest, secret: str, name: str = "Ana") -> AppTest:
    fields = {field.label: field for field in app.text_input}
    fields["Editor secret"].input(secret)
    fields["Your name, kept in the history of every save"].input(name)
    next(button for button in app.button if button.label == "Open the editor").click().run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def read_report_in(app: AppTest) -> AppTest:
    app.text_area[0].input(REPORT)
    for field in app.text_input:
        if field.label in METADATA:
            field.input(METADATA[field.label])
    next(button for button in app.button if button.label == "Read the report").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    return app


def editable(app: AppTest) -> bool:
    return bool(app.text_area) or any(button.label.startswith("Save") for button in app.button)


def test_without_a_secret_editing_is_off_and_nothing_is_offered(editor_data, monkeypatch):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    app = open_editor()
    assert "Editing is off" in app.info[0].value and not app.text_input and not editable(app)


def test_a_wrong_secret_offers_nothing_and_five_make_the_address_wait(editor_data, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET + " (wrong-limit test)")  # a secret of its own: a gate of its own
    app = open_editor()
    for attempt in range(4):
        give_secret(app, "guess " + str(attempt))
        assert app.error[0].value == "That is not the editor secret." and not editable(app)
    give_secret(app, "guess 5")
    assert "Too many wrong secrets" in app.error[0].value
    give_secret(app, SECRET + " (wrong-limit test)")
    assert "Too many wrong secrets" in app.error[0].value and not editable(app)


def test_a_pasted_report_with_two_accepted_candidates_is_saved_with_its_evidence(editor_data, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)
    app = give_secret(open_editor(), SECRET)
    assert editable(app)
    read_report_in(app)
    review = next(m.value for m in app.markdown if m.value.startswith("**Review**"))
    source_id = review.split("`")[1]
    # Accept the first two candidates that have a position (as ticking their boxes does).
    rows = app.session_state["draft"]["rows"]
    placed = [index for index, row in enumerate(rows) if row["lat"] is not None][:2]
    app.session_state["review"] = {"edited_rows": {str(i): {"accept": True} for i in placed}, "added_rows": [], "deleted_rows": []}
    app.run()
    next(button for button in app.button if button.label.startswith("Save the report")).click().run()
    assert not app.error, [e.value for e in app.error]
    assert app.success[0].value.startswith("Saved: the source and 2 features")

    settings = load_settings(editor_data.config)
    data = load_dataset(settings)
    assert not data.problems.errors, data.problems.errors
    assert data.sources[source_id].text == REPORT and data.sources[source_id].meta("outlet").value == "Reuters"
    saved = [feature for feature in data.features if feature.id.startswith(source_id)]
    assert len(saved) == 2
    for feature in saved:  # each tied to a sentence of the stored report
        assert feature.evidence and all(quote.quote.source == source_id for quote in feature.evidence)
    [entry] = DataStore(editor_data.root).history()
    assert entry.editor == "Ana" and f"sources/{source_id}.txt" in entry.files


def test_the_same_report_cannot_be_stored_twice(editor_data, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)
    app = give_secret(open_editor(), SECRET)
    stored = next(iter(load_dataset(load_settings(editor_data.config)).sources.values()))
    app.text_area[0].input(stored.text)
    next(button for button in app.button if button.label == "Read the report").click().run()
    assert any("already stored" in error.value for error in app.error)
    assert "draft" not in app.session_state


def test_an_empty_paste_says_so_and_writes_nothing(editor_data, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)
    app = give_secret(open_editor(), SECRET)
    before = sorted(path.name for path in editor_data.sources.iterdir())
    next(button for button in app.button if button.label == "Read the report").click().run()
    assert app.error[0].value == "The report is empty\\."
    assert sorted(path.name for path in editor_data.sources.iterdir()) == before
    assert json.loads((editor_data.layers / "deployments.geojson").read_text(encoding="utf-8"))


def test_a_preview_shows_the_accepted_features_on_the_map_before_anything_is_saved(editor_data, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)
    app = read_report_in(give_secret(open_editor(), SECRET))
    rows = app.session_state["draft"]["rows"]
    first = next(index for index, row in enumerate(rows) if row["lat"] is not None)
    app.session_state["review"] = {"edited_rows": {str(first): {"accept": True}}, "added_rows": [], "deleted_rows": []}
    app.run()
    before = sorted(path.name for path in editor_data.sources.iterdir())
    next(button for button in app.button if button.label == "Preview on the map").click().run()
    assert not app.error, [e.value for e in app.error]
    document = next(node for node in app.get("iframe")).proto.srcdoc
    assert json.dumps(rows[first]["id"])[1:-1] in document
    assert sorted(path.name for path in editor_data.sources.iterdir()) == before  # a preview writes nothing


def test_an_existing_feature_gains_the_new_report_as_evidence(editor_data, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)
    app = read_report_in(give_secret(open_editor(), SECRET))
    data = load_dataset(load_settings(editor_data.config))
    feature = data.features[0]
    sentence = ("MOSCOW, Feb 20 (Reuters) - Belarus' Defence Ministry said Russia and Belarus would extend joint military "
                "exercises that had been due to end on Sunday, dashing Western hopes that Russia would swiftly withdraw "
                "forces that could be used in a potential invasion of Ukraine.")
    assert sentence in REPORT
    app.session_state["draft"]["links"] = [(feature.id, sentence)]
    app.run()
    next(button for button in app.button if button.label.startswith("Save the report")).click().run()
    assert not app.error, [e.value for e in app.error]
    reloaded = load_dataset(load_settings(editor_data.config))
    source_id = app.session_state["draft"]["source_id"] if "draft" in app.session_state else None
    gained = reloaded.feature(feature.id)
    assert len(gained.evidence) == len(feature.evidence) + 1
    assert gained.evidence[-1].quote.exact == sentence and source_id is None  # the draft is done once saved


def test_a_fetched_page_fills_the_paste_box_and_the_address_and_a_refusal_is_shown(editor_data, monkeypatch):
    from sitmap.edit import fetch

    monkeypatch.setenv(SECRET_ENV, SECRET)
    page = b"<html><head><script>alert(1)</script></head><body><p>Russian troops stay in Belarus.</p></body></html>"
    monkeypatch.setattr(fetch, "fetch_report", lambda address, max_bytes: fetch.Fetched(page, "text/html"))
    app = give_secret(open_editor(), SECRET)
    next(field for field in app.text_input if field.label == "https:// address of the page").input("https://example.org/stay").run()
    next(button for button in app.button if button.label == "Fetch").click().run()
    assert not app.error and app.text_area[0].value.strip() == "Russian troops stay in Belarus."
    assert next(field for field in app.text_input if field.label == "Address").value == "https://example.org/stay"
    monkeypatch.setattr(fetch, "fetch_report", lambda address, max_bytes: fetch.Fetched(None, problems=["Only https:// addresses are fetched."]))
    next(field for field in app.text_input if field.label == "https:// address of the page").input("http://example.org/").run()
    next(button for button in app.button if button.label == "Fetch").click().run()
    assert app.error[0].value.startswith("Only https")


def test_reading_another_report_starts_a_fresh_review(editor_data, monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)
    app = read_report_in(give_secret(open_editor(), SECRET))
    app.session_state["review"] = {"edited_rows": {"0": {"accept": True}}, "added_rows": [], "deleted_rows": []}
    app.run()
    assert any(caption.value.startswith("1 accepted") for caption in app.caption)
    other = (REPO_ROOT / "tests" / "extraction" / "reports" / "tass-2022-02-17-bombers.txt").read_text(encoding="utf-8")
    app.text_area[0].input(other)
    next(field for field in app.text_input if field.label == "Address").input("https://example.org/bombers")
    next(button for button in app.button if button.label == "Read the report").click().run()
    assert not app.error, [e.value for e in app.error]
    assert any(caption.value.startswith("0 accepted") for caption in app.caption)
