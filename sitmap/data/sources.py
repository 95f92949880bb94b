"""Sources: stored texts with their metadata, split into sentences.

A source is ``<id>.txt`` (the text exactly as received, never edited) beside
``<id>.toml`` (what we know about it). Every metadata value says whether it is
known, inferred or unknown, because a newsroom must not cite a guessed date as
a fact.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import ProblemLog, Scope, display_path, read_bounded_text
from .sentences import Sentence, split_sentences

KNOWLEDGE = ("known", "inferred", "unknown")
SOURCE_KINDS = ("article", "excerpt")
METADATA_FIELDS = ("title", "outlet", "address", "published")
SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
MAX_METADATA_BYTES = 100_000


@dataclass(frozen=True)
class MetadataValue:
    value: str
    status: str  # one of KNOWLEDGE
    note: str = ""


@dataclass(frozen=True)
class Source:
    id: str
    text: str
    sentences: tuple[Sentence, ...]
    metadata: dict[str, MetadataValue]
    kind: str = "article"  # "article", or "excerpt" when only cited passages are stored
    claimant: str = ""  # who speaks in the source, where the source relays one party
    language: str = "en"
    notes: str = ""
    file: str = ""
    boilerplate: tuple[str, ...] = field(default_factory=tuple)

    def meta(self, name: str) -> MetadataValue:
        return self.metadata.get(name, MetadataValue("", "unknown"))

    @property
    def title(self) -> str:
        return self.meta("title").value or self.id


def load_sources(directory: Path, problems: ProblemLog, max_bytes: int) -> tuple[dict[str, Source], dict[str, str]]:
    """The readable sources by id, and the ids of those that could not be read (id -> file).

    Features that cite an unreadable source are left off, and the source's own
    problem is reported once rather than once for every quote that cites it.
    """
    sources: dict[str, Source] = {}
    unreadable: dict[str, str] = {}
    if not directory.is_dir():
        problems.error(display_path(directory), "sources folder is missing (paths.sources in config.toml)")
        return sources, unreadable
    for meta_path in sorted(directory.glob("*.toml")):
        scope = problems.scope(display_path(meta_path))
        source = load_source(meta_path, scope, max_bytes)
        if source is not None:
            sources[source.id] = source
        elif SOURCE_ID.match(meta_path.stem):
            unreadable[meta_path.stem] = scope.file
    for text_path in sorted(directory.glob("*.txt")):
        if not os.path.lexists(text_path.with_suffix(".toml")):  # a broken metadata file is reported on its own
            problems.error(display_path(text_path), "source text has no metadata file beside it (expected "
                           f"{text_path.with_suffix('.toml').name})")
    return sources, unreadable


def load_source(meta_path: Path, scope: Scope, max_bytes: int) -> Source | None:
    source_id = meta_path.stem
    if not SOURCE_ID.match(source_id):
        scope.error("source id must be lower-case letters, digits and hyphens")
        return None
    meta_text = read_bounded_text(meta_path, scope, MAX_METADATA_BYTES, "source metadata", "a fixed 100 KB")
    if meta_text is None:
        return None
    try:
        raw = tomllib.loads(meta_text)
    except tomllib.TOMLDecodeError as exc:
        scope.error(f"metadata is not valid TOML: {exc}")
        return None
    text_path = meta_path.with_suffix(".txt")
    text_scope = scope.log.scope(display_path(text_path))
    text = read_source_text(text_path, text_scope, max_bytes)
    if text is None:
        scope.fail_silently()
        return None
    metadata = {key: _metadata_value(raw, key, scope) for key in METADATA_FIELDS}
    boilerplate = raw.get("boilerplate", [])
    if not isinstance(boilerplate, list) or not all(isinstance(line, str) for line in boilerplate):
        scope.error("boilerplate must be a list of lines, e.g. boilerplate = [\"Exit mobile version\"]")
        return None
    if raw.get("kind", "article") not in SOURCE_KINDS:
        scope.error(f"kind must be one of {', '.join(SOURCE_KINDS)}, not {raw.get('kind')!r}")
        return None
    return Source(
        id=source_id,
        text=text,
        sentences=tuple(split_sentences(text, set(boilerplate))),
        metadata=metadata,
        kind=str(raw.get("kind", "article")),
        claimant=str(raw.get("claimant", "")),
        language=str(raw.get("language", "en")),
        notes=str(raw.get("notes", "")),
        file=text_scope.file,
        boilerplate=tuple(boilerplate),
    )


def read_source_text(path: Path, scope: Scope, max_bytes: int) -> str | None:
    """Read a source's text, refusing what no article looks like."""
    text = read_bounded_text(path, scope, max_bytes, "source text", "limits.max_source_bytes")
    if text is None:
        return None
    controls = sorted({f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t"})
    if controls:
        scope.error(f"source text holds control characters {', '.join(controls[:5])}")
        return None
    return text


def _metadata_value(raw: dict, key: str, scope: Scope) -> MetadataValue:
    value = str(raw.get(key, ""))
    status = str(raw.get(f"{key}_status", "known" if value else "unknown"))
    if status not in KNOWLEDGE:
        scope.error(f"{key}_status must be one of {', '.join(KNOWLEDGE)}, not {status!r}")
        status = "unknown"
    if status != "unknown" and not value:
        scope.error(f"{key} is marked {status} but has no value")
    return MetadataValue(value, status, str(raw.get(f"{key}_note", "")))
