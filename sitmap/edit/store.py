"""Saving an edit to the map's data: every file or none, the old version kept, a stale edit refused.

A save touches several files at once (a report's text and metadata, the layer
files that gain features). It is all or nothing, even if the process is killed
half-way:

1. each new file is written beside its target under a temporary name and
   fsynced; the previous versions go to a history entry still marked partial;
2. a journal naming every temporary and its target is written and fsynced, then
   renamed into place: from that moment the save has happened;
3. each temporary is renamed over its target, the history entry is completed
   and the journal removed.

``recover`` (run before every save, and at start) finishes a save whose journal
exists (every file it names is complete, so renaming them is safe to repeat) and
removes the temporaries and partial history of one that never wrote its journal.
So the files are the old ones or the new ones, never a mix.

Two editors: every save holds an exclusive lock on the data folder, and names
the data version it was made from (``version``). If another save came between,
the save is refused with what that save changed, so nothing is silently
overwritten.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

JOURNAL = ".journal.json"
LOCK = ".lock"
HISTORY = "history"
TEMP_SUFFIX = ".sitmap-tmp"
PARTIAL_SUFFIX = ".partial"
# The files an edit may write: a source's text, metadata or original HTML, and a layer.
EDITABLE = re.compile(r"^(?:sources/[a-z0-9][a-z0-9_.-]{0,99}\.(?:txt|toml|html)|layers/[a-z0-9][a-z0-9_.-]{0,99}\.geojson)$")
TRACKED = ("sources", "layers")


class SaveRefused(Exception):
    """A save that was not made; ``problems`` says why, each in a sentence a journalist can act on."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class StaleSave(SaveRefused):
    """Another save came after the version this edit started from; ``since`` lists those saves."""

    def __init__(self, since: list["HistoryEntry"]) -> None:
        described = [f"{entry.time} {entry.editor} changed {', '.join(entry.files)}" for entry in since] or [
            "the data changed outside the editor"]
        super().__init__(["The data changed after you loaded it: " + "; ".join(described) + ". Reload and apply your edit again."])
        self.since = since


@dataclass(frozen=True)
class HistoryEntry:
    id: str
    time: str
    editor: str
    note: str
    files: list[str]
    version_before: str
    version_after: str
    created: list[str] = field(default_factory=list)  # files the save added, which a restore removes


@dataclass(frozen=True)
class SaveResult:
    version: str
    entry: HistoryEntry


class DataStore:
    """The editable part of a data folder (``sources/`` and ``layers/``), saved atomically with history."""

    def __init__(self, root: Path | str, lock_timeout: float = 10.0) -> None:
        self.root = Path(root).resolve()
        self.lock_timeout = lock_timeout

    # ------------------------------------------------------------------ reading

    def version(self) -> str:
        """A digest of every tracked file's name and content: any change to the data changes it."""
        return _digest(self._contents())

    def history(self) -> list[HistoryEntry]:
        """Completed saves, newest first."""
        folder = self.root / HISTORY
        entries = []
        for entry_dir in folder.iterdir() if folder.is_dir() else ():
            if entry_dir.is_dir() and not entry_dir.name.endswith(PARTIAL_SUFFIX) and (entry_dir / "entry.json").is_file():
                entries.append(_entry_from(json.loads((entry_dir / "entry.json").read_text(encoding="utf-8"))))
        return sorted(entries, key=lambda entry: entry.id, reverse=True)

    def previous_files(self, entry_id: str) -> dict[str, bytes | None]:
        """What the files of a save were before it: their bytes, or None for a file the save created."""
        entry = next((e for e in self.history() if e.id == entry_id), None)
        if entry is None:
            raise SaveRefused([f"No saved version {entry_id!r} in the history."])
        folder = self.root / HISTORY / entry.id / "before"
        return {relative: None if relative in entry.created else (folder / relative).read_bytes() for relative in entry.files}

    # ------------------------------------------------------------------ writing

    def save(self, changes: dict[str, bytes | None], *, base_version: str, editor: str, note: str = "",
             validate: Callable[[Path], list[str]] | None = None) -> SaveResult:
        """Write ``changes`` (relative path -> new bytes, or None to remove the file) as one save.

        ``validate`` receives a folder holding the data as it would be after the save and returns its
        problems; any problem refuses the save and nothing is written."""
        if not changes:
            raise SaveRefused(["Nothing to save."])
        for relative in changes:
            if not EDITABLE.match(relative):
                raise SaveRefused([f"{relative!r} is not a file the editor may write."])
        with self._locked():
            self.recover()
            contents = self._contents()  # read once: the version before, the staged copy and the version after
            before = _digest(contents)
            if before != base_version:
                raise StaleSave(self._saves_since(base_version))
            after = _digest(_changed(contents, changes))
            if validate is not None:
                with self.staged(changes, contents) as staged_root:
                    problems = list(validate(staged_root))
                if problems:
                    raise SaveRefused(problems)
            return self._commit(changes, before, after, editor, note)

    def restore(self, entry_id: str, *, base_version: str, editor: str,
                validate: Callable[[Path], list[str]] | None = None) -> SaveResult:
        """Put back the files as they were before a save, as a new save (so the restore is in the history too)."""
        return self.save(self.previous_files(entry_id), base_version=base_version, editor=editor,
                         note=f"restored the version before {entry_id}", validate=validate)

    def recover(self) -> None:
        """Finish a save whose journal exists; clear what a save left before writing its journal."""
        journal_path = self.root / JOURNAL
        if journal_path.is_file():
            journal = json.loads(journal_path.read_text(encoding="utf-8"))
            self._apply(journal)
            journal_path.unlink()
            _fsync_dir(self.root)
        for folder in [self.root, *(self.root / name for name in TRACKED)]:
            for leftover in folder.glob(f"*{TEMP_SUFFIX}") if folder.is_dir() else ():
                leftover.unlink()  # written before the journal, so the save they belong to never happened
        history = self.root / HISTORY
        for partial in history.glob(f"*{PARTIAL_SUFFIX}") if history.is_dir() else ():
            shutil.rmtree(partial)

    # ------------------------------------------------------------------ inside

    def _contents(self) -> dict[str, bytes]:
        return {relative: (self.root / relative).read_bytes() for relative in self._tracked_files()}

    def _tracked_files(self) -> list[str]:
        files = []
        for name in TRACKED:
            folder = self.root / name
            for path in sorted(folder.iterdir()) if folder.is_dir() else ():
                if path.is_file() and not path.name.endswith(TEMP_SUFFIX) and not path.name.startswith("."):
                    files.append(f"{name}/{path.name}")
        return files

    def _saves_since(self, version: str) -> list[HistoryEntry]:
        """The saves made after ``version``, oldest first (empty if the data changed some other way)."""
        entries = sorted(self.history(), key=lambda entry: entry.id)
        start = next((i for i, entry in enumerate(entries) if entry.version_before == version), None)
        return entries[start:] if start is not None else []

    @contextmanager
    def staged(self, changes: dict[str, bytes | None], contents: dict[str, bytes] | None = None) -> Iterator[Path]:
        """A temporary folder holding ``sources/`` and ``layers/`` as they would be after ``changes``: to check or preview.
        ``contents`` are the tracked files' bytes if the caller has read them already."""
        with tempfile.TemporaryDirectory(prefix="sitmap-staged-") as staged:
            staged_root = Path(staged)
            for name in TRACKED:
                (staged_root / name).mkdir()
            for relative, content in _changed(self._contents() if contents is None else contents, changes).items():
                (staged_root / relative).write_bytes(content)
            yield staged_root

    def _commit(self, changes: dict[str, bytes | None], before: str, after: str, editor: str, note: str) -> SaveResult:
        entry_id = time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + f"-{time.time_ns() % 1_000_000_000:09d}"
        partial = self.root / HISTORY / (entry_id + PARTIAL_SUFFIX)
        created = []
        for relative in changes:  # 1. the previous versions, kept
            current = self.root / relative
            if current.is_file():
                kept = partial / "before" / relative
                kept.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(current, kept)
                _fsync_file(kept)
            else:
                created.append(relative)
        entries = []
        for relative, content in changes.items():  # 1. the new versions, beside their targets
            target = self.root / relative
            if content is None:
                entries.append({"target": relative, "temp": None})
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f"{target.name}.{entry_id}{TEMP_SUFFIX}")
            with open(temp, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            entries.append({"target": relative, "temp": temp.relative_to(self.root).as_posix()})
        entry = HistoryEntry(entry_id, time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), editor, note,
                             sorted(changes), before, after, sorted(created))
        partial.mkdir(parents=True, exist_ok=True)
        _write_durably(partial / "entry.json", json.dumps(entry.__dict__, indent=1, ensure_ascii=False).encode())
        _fsync_dir(partial)
        journal = {"id": entry_id, "history": f"{HISTORY}/{entry_id}", "entries": entries}
        _write_durably(self.root / JOURNAL, json.dumps(journal, indent=1).encode())  # 2. the save has happened
        self._apply(journal)  # 3. put in place
        (self.root / JOURNAL).unlink()
        _fsync_dir(self.root)
        return SaveResult(after, entry)

    def _apply(self, journal: dict) -> None:
        """Rename each temporary over its target (or remove a deleted file); safe to repeat after a crash."""
        touched = set()
        for item in journal["entries"]:
            target = self.root / item["target"]
            if item["temp"] is None:
                target.unlink(missing_ok=True)
            else:
                temp = self.root / item["temp"]
                if temp.exists():
                    os.replace(temp, target)
            touched.add(target.parent)
        for folder in touched:
            _fsync_dir(folder)
        partial = self.root / (journal["history"] + PARTIAL_SUFFIX)
        if partial.is_dir():
            os.replace(partial, self.root / journal["history"])
            _fsync_dir(partial.parent)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        """One save at a time, across processes (each app process is its own Python)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK, "a+b") as handle:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise SaveRefused(["Another save is still being written; try again in a moment."]) from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _changed(contents: dict[str, bytes], changes: dict[str, bytes | None]) -> dict[str, bytes]:
    """The tracked files as they will be once ``changes`` (new bytes, or None to remove) are in place."""
    after = dict(contents)
    for relative, content in changes.items():
        if content is None:
            after.pop(relative, None)
        else:
            after[relative] = content
    return after


def _digest(contents: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for relative in sorted(contents):
        digest.update(relative.encode() + b"\0" + hashlib.sha256(contents[relative]).digest())
    return digest.hexdigest()[:16]


def _entry_from(raw: dict) -> HistoryEntry:
    return HistoryEntry(raw["id"], raw["time"], raw["editor"], raw.get("note", ""), list(raw["files"]), raw["version_before"],
                        raw["version_after"], list(raw.get("created", [])))


def _write_durably(path: Path, content: bytes) -> None:
    """Write to a temporary, fsync, rename over ``path``, fsync the folder: ``path`` is the old bytes or the new."""
    temp = path.with_name(path.name + TEMP_SUFFIX)
    with open(temp, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
    _fsync_dir(path.parent)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
