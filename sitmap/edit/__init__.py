"""Editing the map's data: saves that keep every file whole, with history, for the editor page.

``store.DataStore`` writes a save (all its files or none, the previous version
kept, a stale edit refused); ``staged_validator`` checks the data a save would
leave with the same loader that ``python -m sitmap validate`` runs, so an edit
that would break the map is refused before anything is written.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable

from ..data.dataset import Dataset, load_dataset
from ..settings import Settings
from .store import DataStore, HistoryEntry, SaveRefused, SaveResult, StaleSave

# The editor's position picker (a Streamlit component's static page): click the map, get the latitude and longitude.
PICKER_DIR = Path(__file__).resolve().parent / "picker"

__all__ = ["PICKER_DIR", "DataStore", "HistoryEntry", "SaveRefused", "SaveResult", "StaleSave", "preview", "staged_validator"]


def staged_settings(settings: Settings, staged_root: Path) -> Settings:
    """The settings with ``sources/`` and ``layers/`` read from a staged folder, everything else as configured."""
    return dataclasses.replace(settings, sources_dir=staged_root / "sources", layers_dir=staged_root / "layers")


def staged_validator(settings: Settings) -> Callable[[Path], list[str]]:
    """A check for ``DataStore.save``: the errors ``python -m sitmap validate`` would list for the staged data."""

    def problems(staged_root: Path) -> list[str]:
        return [str(problem) for problem in load_dataset(staged_settings(settings, staged_root)).problems.errors]

    return problems


def preview(settings: Settings, store: DataStore, changes: dict[str, bytes | None]) -> Dataset:
    """The map's data as it would be after a save, loaded from a staged copy (nothing of the real data changes)."""
    with store.staged(changes) as staged_root:
        return load_dataset(staged_settings(settings, staged_root))
