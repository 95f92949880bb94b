"""Saving edits: every file or none, the previous version kept, stale and invalid saves refused, kills survived."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from sitmap.edit import DataStore, SaveRefused, StaleSave, staged_validator
from sitmap.settings import load_settings

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def store(data_copy) -> DataStore:
    return DataStore(data_copy.root)


def _files(root: Path) -> dict[str, bytes]:
    return {f"{folder}/{path.name}": path.read_bytes()
            for folder in ("sources", "layers") for path in sorted((root / folder).iterdir()) if path.is_file()}


def test_a_save_writes_every_file_and_keeps_the_previous_ones(store):
    before = _files(store.root)
    layer = "layers/deployments.geojson"
    changed = before[layer].replace(b"}", b"} ", 1)
    result = store.save({layer: changed, "sources/new-report.txt": b"A new report.\n"}, base_version=store.version(),
                        editor="Ana", note="two files")
    after = _files(store.root)
    assert after[layer] == changed and after["sources/new-report.txt"] == b"A new report.\n"
    assert result.version == store.version()
    [entry] = store.history()
    assert (entry.editor, entry.note, entry.files, entry.created) == (
        "Ana", "two files", [layer, "sources/new-report.txt"], ["sources/new-report.txt"])
    assert store.previous_files(entry.id) == {layer: before[layer], "sources/new-report.txt": None}
    assert not list(store.root.rglob("*.sitmap-tmp")) and not (store.root / ".journal.json").exists()


def test_a_stale_save_is_refused_with_the_other_editors_change_and_writes_nothing(store):
    loaded = store.version()
    store.save({"sources/first.txt": b"First.\n"}, base_version=loaded, editor="Ana")
    before = _files(store.root)
    with pytest.raises(StaleSave) as refused:
        store.save({"sources/second.txt": b"Second.\n"}, base_version=loaded, editor="Ben")
    assert "Ana changed sources/first.txt" in refused.value.problems[0] and "Reload" in refused.value.problems[0]
    assert _files(store.root) == before and len(store.history()) == 1


def test_an_invalid_save_is_refused_with_its_problems_and_writes_nothing(store, data_copy):
    before = _files(store.root)
    with pytest.raises(SaveRefused) as refused:
        store.save({"sources/orphan.txt": b"No metadata.\n"}, base_version=store.version(), editor="Ana",
                   validate=staged_validator(load_settings(data_copy.config)))
    assert any("orphan.txt" in problem and "metadata" in problem for problem in refused.value.problems)
    assert _files(store.root) == before and store.history() == []


@pytest.mark.parametrize("path", ["../config.toml", "sources/../../x.txt", "basemap/countries.geojson", "sources/.hidden.txt",
                                  "layers/x.py", "/etc/passwd", "sources/UPPER.txt"])
def test_only_sources_and_layers_may_be_written(store, path):
    with pytest.raises(SaveRefused, match="not a file the editor may write"):
        store.save({path: b"x"}, base_version=store.version(), editor="Ana")


def test_a_restore_puts_back_the_files_as_they_were_and_is_itself_in_the_history(store):
    original = _files(store.root)
    saved = store.save({"layers/places.geojson": b'{"type": "FeatureCollection", "features": []}',
                        "sources/extra.txt": b"Extra.\n"}, base_version=store.version(), editor="Ana")
    restored = store.restore(saved.entry.id, base_version=saved.version, editor="Ben")
    assert _files(store.root) == original and restored.version == store.version()
    assert [entry.editor for entry in store.history()] == ["Ben", "Ana"]


def _save_from_process(root: str, loaded: str, name: str, barrier) -> str:
    barrier.wait()
    try:
        DataStore(root).save({f"sources/{name}.txt": name.encode()}, base_version=loaded, editor=name)
        return "saved"
    except StaleSave:
        return "stale"


def test_two_editors_saving_at_once_lose_neither_change(store):
    loaded = store.version()
    context = multiprocessing.get_context("fork")
    barrier = context.Manager().Barrier(2)
    with context.Pool(2) as pool:
        outcomes = pool.starmap(_save_from_process, [(str(store.root), loaded, "ana", barrier), (str(store.root), loaded, "ben", barrier)])
    assert sorted(outcomes) == ["saved", "stale"]
    saved = "ana" if outcomes[0] == "saved" else "ben"
    assert (store.root / f"sources/{saved}.txt").read_bytes() == saved.encode()
    assert [entry.editor for entry in store.history()] == [saved]


_WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {repo!r})
    from sitmap.edit import DataStore
    store = DataStore({root!r})
    save = 0
    while True:
        save += 1
        body = (f"save {{save}}\\n" * 20000).encode()
        store.save({{"layers/a.geojson": body, "layers/b.geojson": body, "sources/c.txt": body}},
                   base_version=store.version(), editor="writer")
""")


def test_a_writer_killed_at_random_points_leaves_the_old_files_or_the_new_never_a_mix(tmp_path):
    root = tmp_path / "data"
    (root / "layers").mkdir(parents=True)
    (root / "sources").mkdir()
    rng = random.Random(20221024)
    survived_saves = set()
    for attempt in range(20):
        writer = subprocess.Popen([sys.executable, "-c", _WRITER.format(repo=str(REPO_ROOT), root=str(root))])
        time.sleep(0.15 + rng.random() * 0.35)  # some saves done, one in flight
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        store = DataStore(root)
        store.recover()
        contents = {name: (root / name).read_bytes() for name in ("layers/a.geojson", "layers/b.geojson", "sources/c.txt")
                    if (root / name).exists()}
        assert len(set(contents.values())) <= 1, f"attempt {attempt}: files from different saves"
        if contents:
            assert len(contents) == 3
            survived_saves.add(next(iter(contents.values()))[:20])
        assert not list(root.rglob("*.sitmap-tmp")) and not (root / ".journal.json").exists()
        assert not list((root / "history").glob("*.partial")) if (root / "history").exists() else True
        history = store.history()
        if history:
            assert history[0].version_after == store.version(), f"attempt {attempt}: history and files disagree"
    assert len(survived_saves) > 1, "the writer never got to save"


def test_the_shipped_data_passes_the_staged_check_and_a_broken_layer_does_not(data_copy):
    check = staged_validator(load_settings(data_copy.config))
    assert check(data_copy.root) == []
    collection = data_copy.read("deployments.geojson")
    point = next(f for f in collection["features"] if (f.get("geometry") or {}).get("type") == "Point")
    point["geometry"]["coordinates"] = point["geometry"]["coordinates"][::-1]  # latitude first: swapped
    data_copy.write("deployments.geojson", collection)
    assert any("deployments.geojson" in problem for problem in check(data_copy.root))
