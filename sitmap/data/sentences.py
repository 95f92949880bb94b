"""A deterministic sentence splitter that keeps character offsets.

Evidence cites quotes, not sentence numbers, so the splitter may improve
without breaking data; it still has to be deterministic, because the panel and
every export must number the same sentences the same way.

Rules, in order:
- each line is a block: a line break always ends a sentence (pasted articles
  often drop the final full stop before a break, as the seed does);
- inside a line, a sentence ends at ``.``, ``!`` or ``?`` (with any closing
  quotes or brackets) followed by white space and a capital, digit or quote;
- not after a known abbreviation (``Mr.``, ``U.S.``), a month's before a day
  ("Feb. 20") or initials ("A.", "V.D."), nor
  after a wire story's upper-case dateline at the start of a line ("MOSCOW.");
- lines that are scraper boilerplate ("Exit mobile version") are not part of
  the article and produce no sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st gen col lt sgt maj capt adm gov sen rep jr sr "
    "inc ltd co corp no vs etc e.g i.e u.s u.k u.n approx est".split()
)
# "on Feb. 20": a month's abbreviation before a day ends no sentence.
MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())

# Whole lines that web scrapers append to articles. Compared case-insensitively
# after trimming; a source's metadata can add its own.
COMMON_BOILERPLATE = frozenset(
    line.lower()
    for line in (
        "Exit mobile version",
        "Skip to content",
        "Advertisement",
        "Share this article",
        "Share on Facebook",
        "Share on Twitter",
        "Read more",
        "Subscribe",
    )
)

_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘([«"
_SENTENCE_END = re.compile(rf"[.!?]+[{re.escape(_CLOSERS)}]*(?=\s+[{re.escape(_OPENERS)}A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    index: int  # from 0, for code
    start: int  # character offsets into the source text
    end: int
    text: str

    @property
    def number(self) -> int:
        """What readers see: sentences are numbered from 1 everywhere they are shown."""
        return self.index + 1


def split_sentences(text: str, boilerplate: frozenset[str] | set[str] = frozenset()) -> list[Sentence]:
    skip = COMMON_BOILERPLATE | {line.strip().lower() for line in boilerplate}
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip() and body.strip().lower() not in skip:
            spans.extend((offset + s, offset + e) for s, e in _split_line(body))
        offset += len(line)
    return [Sentence(i, s, e, text[s:e]) for i, (s, e) in enumerate(spans)]


def _split_line(line: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(line):
        fragment = line[start : match.start() + 1]
        if _ends_with_abbreviation(fragment) or (start == 0 and _is_dateline(fragment)):
            continue
        if _last_word(fragment) in MONTH_ABBREVIATIONS and line[match.end():].lstrip()[:1].isdigit():
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(line)))
    return [_trim(line, s, e) for s, e in spans if line[s:e].strip()]


def _is_dateline(fragment: str) -> bool:
    """A wire story's opening place name, "MOSCOW.", belongs to its first sentence."""
    word = fragment.strip().rstrip(".")
    return bool(word) and word.replace(" ", "").replace("-", "").isalpha() and word.isupper() and len(word.split()) <= 3


def _last_word(fragment: str) -> str:
    words = fragment.split()
    return words[-1].strip(_OPENERS).rstrip(".").lower() if words else ""


def _ends_with_abbreviation(fragment: str) -> bool:
    last = _last_word(fragment)
    # "Gen. V.D. Bokov": initials, one letter or several joined by full stops, end no sentence.
    return bool(last) and (last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()) or _DOTTED_INITIALS.fullmatch(last) is not None)


_DOTTED_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")


def _trim(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end
