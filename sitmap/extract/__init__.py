"""The extraction stage: read a report and find its places and its claims, tied to its characters.

``extract(text)`` returns the JSON the command line prints
(``python -m sitmap extract FILE``): the sentences, the place mentions
resolved to coordinates, and the claims with claimant, stance, type and
quantity. Offsets are 0-based Unicode code points into ``text``, end
exclusive. Offline and deterministic: the same text gives the same result.
"""

from __future__ import annotations

from ..data.sentences import split_sentences
from .claims import find_claims
from .places import find_places, load_place_index


def extract(text: str) -> dict:
    sentences = split_sentences(text)
    return {
        "sentences": [{"start": s.start, "end": s.end, "text": s.text} for s in sentences],
        "places": find_places(text, sentences, load_place_index()),
        "claims": find_claims(text, sentences),
    }
