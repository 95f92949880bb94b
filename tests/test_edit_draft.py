"""From a pasted report to the files a save writes: input checks, metadata, review rows, features in their layers."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from sitmap.data.dataset import load_dataset
from sitmap.edit import DataStore, staged_validator
from sitmap.edit.draft import (
    check_source, feature_from_row, layer_changes, read_report, review_rows, source_files, source_id_for, suggested_boilerplate,
)
from sitmap.extract import extract
from sitmap.extract.propose import propose
from sitmap.settings import load_settings

REPORT = ("Russia and Belarus extend drills\n\nRussian troops will stay in Belarus after the drills end, the Belarusian "
          "defence ministry said on Sunday.\nShare this\nAbout 30,000 Russian troops are near Gomel, NATO says.\n")
META = {"title": ("Russia and Belarus extend drills", "known"), "outlet": ("Test Wire", "known"),
        "address": ("https://example.org/extend", "known"), "published": ("2022-02-20", "known")}


@pytest.mark.parametrize("data, name, problem", [
    (b"", "a.txt", "empty"), (b"  \n ", "a.txt", "empty"), (b"x" * 101, "a.txt", "limit is 100"),
    (b"abc\x00def", "a.txt", "binary"), (b"caf\xe9", "a.txt", "not UTF-8"),
    (b"<html><script>alert(1)</script></html>", "a.html", "once its HTML tags are dropped"),
])
def test_unusable_reports_are_refused_with_a_reason(data, name, problem):
    result = read_report(data, name, max_bytes=100)
    assert result.text is None and problem in result.problems[0]


def test_line_endings_are_normalised_and_html_keeps_its_original_without_its_scripts():
    assert read_report(b"One.\r\nTwo.\rThree.", "a.txt", 1000).text == "One.\nTwo.\nThree."
    html = b"<html><body><script>document.title='x'</script><p>Troops moved.</p></body></html>"
    result = read_report(html, "a.html", 1000)
    assert "Troops moved." in result.text and "document.title" not in result.text and result.original_html == html


def test_boilerplate_is_suggested_not_deleted():
    assert suggested_boilerplate(REPORT) == ["Share this"]
    files = source_files("r", REPORT, META, boilerplate=["Share this"])
    assert files["sources/r.txt"].decode() == REPORT
    assert tomllib.loads(files["sources/r.toml"].decode())["boilerplate"] == ["Share this"]


def test_metadata_round_trips_through_toml_whatever_it_holds():
    hostile = {**META, "title": ('He said "no" \\ {{7*7}} <script>\n\t\x01', "inferred")}
    meta = tomllib.loads(source_files("r", REPORT, hostile)["sources/r.toml"].decode())
    assert (meta["title"], meta["title_status"]) == ('He said "no" \\ {{7*7}} <script>\n\t\x01', "inferred")


def test_a_future_date_a_stored_text_or_address_and_an_unmarked_value_are_refused(shipped):
    assert check_source(REPORT, META, shipped.sources, today=dt.date(2022, 3, 1)) == []
    assert "in the future" in check_source(REPORT, META, shipped.sources, today=dt.date(2022, 2, 1))[0]
    stored = next(iter(shipped.sources.values()))
    assert "already stored" in check_source(stored.text, META, shipped.sources)[0]
    addressed = next(source for source in shipped.sources.values() if source.meta("address").value)
    same_address = {**META, "address": (addressed.meta("address").value, "known")}
    assert any("from this address" in p for p in check_source(REPORT, same_address, shipped.sources))
    assert "marked known but is empty" in check_source(REPORT, {**META, "outlet": ("", "known")}, shipped.sources)[0]


def test_ids_are_readable_and_unique():
    assert source_id_for("Russia & Belarus: drills extended!", "2022-02-20") == "2022-02-20-russia-belarus-drills-extended"
    assert source_id_for("Drills", "", {"drills"}) == "drills-2"


def test_accepted_rows_become_valid_features_in_their_layer_and_an_existing_id_is_refused(data_copy):
    settings = load_settings(data_copy.config)
    data = load_dataset(settings)
    rows = review_rows(propose(extract(REPORT), "test-extend"), ["border", "deployments", "exercise_zones", "places"])
    placed = [row for row in rows if row["lat"] is not None]
    assert placed and all(row["evidence"] in REPORT for row in rows)
    assert {row["layer"] for row in placed} == {"deployments"}  # troop claims go to the deployments layer first
    features = [feature_from_row(row, "test-extend")[0] for row in placed]
    files = {layer.id: layer.file for layer in settings.layers}
    existing = {feature.id for feature in data.features}
    changes, problems = layer_changes(data_copy.layers, files, [("deployments", f) for f in features], existing)
    assert problems == [] and list(changes) == ["layers/deployments.geojson"]
    store = DataStore(data_copy.root)
    store.save({**source_files("test-extend", REPORT, META), **changes}, base_version=store.version(), editor="t",
               validate=staged_validator(settings))
    reloaded = load_dataset(settings)
    assert not reloaded.problems.errors and {f["id"] for f in features} <= {f.id for f in reloaded.features}
    _, problems = layer_changes(data_copy.layers, files, [("deployments", features[0])], {features[0]["id"]})
    assert "exists already" in problems[0]


def test_a_row_without_a_position_or_with_a_bad_stance_says_what_is_missing():
    row = {"label": "x", "stance": "claimed", "status": "claimed", "lat": None, "lon": None, "evidence": "x"}
    feature, problems = feature_from_row(row, "s")
    assert feature is None and any("stance" in p for p in problems) and any("position" in p for p in problems)
