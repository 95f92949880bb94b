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

from ..data.dataset import load_dataset
from ..settings import Settings
from .store import DataStore, HistoryEntry, SaveRefused, SaveResult, StaleSave

__all__ = ["DataStore", "HistoryEntry", "SaveRefused", "SaveResult", "StaleSave", "staged_validator"]


def staged_validator(settings: Settings) -> Callable[[Path], list[str]]:
    """A check for ``DataStore.save``: load the staged ``sources/`` and ``layers/`` with everything else as configured."""

    def problems(staged_root: Path) -> list[str]:
        staged = dataclasses.replace(settings, sources_dir=staged_root / "sources", layers_dir=staged_root / "layers")
        return [str(problem) for problem in load_dataset(staged).problems.errors]

    return problems
