"""Numbered callouts and their footnotes: on paper, each claim keeps its sentence.

A printed map has no panel to click, so every claim it shows gets a number on
the map and a footnote under it that quotes the source sentence and says who
claims it, the stance and the status. Whole-country claims have no place on
the map; they are footnoted under their own heading, numbered on.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.dataset import Dataset
from ..data.features import Feature
from ..reports import source_reference

ELLIPSIS = "…"
OPENING_QUOTES = "“\"«‘'„"


@dataclass(frozen=True)
class Callout:
    number: int
    feature: Feature
    on_map: bool  # False for a whole-country claim: footnoted, not drawn
    selected: bool


@dataclass(frozen=True)
class Footnote:
    """One note for the callouts that rest on the same sentence with the same claimant, stance and status.

    Eight exercise sites named in one sentence by the same ministries make
    one note numbered 2–9, not eight notes quoting the same words.
    """

    callouts: tuple[Callout, ...]

    @property
    def on_map(self) -> bool:
        return self.callouts[0].on_map

    @property
    def selected(self) -> bool:
        return any(c.selected for c in self.callouts)

    def numbers(self) -> str:
        """ "2–9", "3", or "2, 5" when the numbers are not consecutive."""
        values = [c.number for c in self.callouts]
        if len(values) > 2 and values == list(range(values[0], values[-1] + 1)):
            return f"{values[0]}–{values[-1]}"
        return ", ".join(str(v) for v in values)

    def names(self) -> str:
        features = [c.feature for c in self.callouts]
        if len(features) == 1:
            feature = features[0]
            return feature.name + (f" ({feature.quantity.label()})" if feature.quantity else "")
        return ", ".join(f.map_label for f in features)

    def attribution(self) -> str:
        """ "Russian Ministry of Defence; asserted, not independently confirmed." """
        feature = self.callouts[0].feature
        status = "independently confirmed" if feature.status == "confirmed" else "not independently confirmed"
        return f"{feature.claimant}; {feature.stance}, {status}."

    def quote(self, dataset: Dataset) -> str:
        """The first supporting sentence, in quotation marks, with where it stands."""
        feature = self.callouts[0].feature
        if not feature.evidence:
            return ""
        evidence = feature.evidence[0]
        source = dataset.sources.get(evidence.quote.source)
        if source is None:
            return f"“{evidence.quote.exact}”"
        sentence = source.sentences[evidence.sentence_index]
        text = " ".join(sentence.text.split())
        # A sentence that is itself a quotation keeps its own marks rather than gaining a second pair.
        quoted = text if text[:1] in OPENING_QUOTES else f"“{text}”"
        return f"{quoted} ({source_reference(source)}, sentence {sentence.number})"


def choose_footnotes(features: list[Feature], on_map: set[str], selected: Feature | None) -> list[Footnote]:
    """Claims drawn in the view (north to south), then whole-country claims; the selected feature's note leads its part.

    ``features`` are those of the visible layers; ``on_map`` holds the ids
    whose geometry falls inside the exported extent. Places that are only
    named (role "reference") are labelled, not footnoted: they claim nothing.
    """
    placed = [f for f in features if f.role == "claim" and f.geometry is not None and f.id in on_map]
    country_wide = [f for f in features if f.role == "claim" and f.geometry is None]
    ordered = sorted(placed, key=lambda f: (-(f.anchor or (0, 0))[1], (f.anchor or (0, 0))[0])) + country_wide
    groups: dict[tuple, list[Feature]] = {}
    for feature in ordered:
        groups.setdefault(_note_key(feature), []).append(feature)
    notes = list(groups.values())
    if selected is not None:
        # First within its own section: the notes on the map stay apart from the whole-country ones.
        notes.sort(key=lambda members: (members[0].geometry is None, all(f.id != selected.id for f in members)))
    footnotes, number = [], 1
    for members in notes:
        callouts = []
        for feature in members:
            callouts.append(Callout(number, feature, feature.geometry is not None, selected is not None and feature.id == selected.id))
            number += 1
        footnotes.append(Footnote(tuple(callouts)))
    return footnotes


def _note_key(feature: Feature) -> tuple:
    evidence = feature.evidence[0] if feature.evidence else None
    where = (evidence.quote.source, evidence.sentence_index) if evidence else (feature.id,)
    # A feature with a quantity or a whole-country claim keeps its own note: its name says what is claimed.
    own = feature.id if feature.quantity or feature.geometry is None else ""
    return (*where, feature.claimant, feature.stance, feature.status, own)


def cut_at_word(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 1)]
    if " " in cut:
        cut = cut[: cut.rstrip().rfind(" ")]
    return cut.rstrip(" ,;:.–—-“(") + ELLIPSIS
