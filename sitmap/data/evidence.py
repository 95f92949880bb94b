"""Evidence: quotes that tie a feature to a sentence of a stored source.

A quote works like a W3C Web Annotation TextQuoteSelector: the exact text,
plus an optional prefix and suffix when the same words occur more than once.
It must occur verbatim and lie inside one sentence. Resolving at load, rather
than storing sentence numbers, means an edited source or a changed splitter
shows up as a named error instead of a silently wrong highlight.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from ..problems import Scope
from .sources import Source


@dataclass(frozen=True)
class Quote:
    source: str
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class ResolvedQuote:
    quote: Quote
    sentence_index: int
    start: int  # offsets of the quote in the source text
    end: int


def parse_quote(raw: object, scope: Scope) -> Quote | None:
    if not isinstance(raw, dict):
        scope.error("each evidence entry must be an object with 'source' and 'exact'")
        return None
    source, exact = raw.get("source"), raw.get("exact")
    if not isinstance(source, str) or not source:
        scope.error("evidence entry has no 'source'")
        return None
    if not isinstance(exact, str) or not exact.strip():
        scope.error(f"evidence entry for {_short(source)} has no 'exact' quote")
        return None
    prefix, suffix = raw.get("prefix", ""), raw.get("suffix", "")
    if not isinstance(prefix, str) or not isinstance(suffix, str):
        scope.error(f"evidence entry for {_short(source)}: prefix and suffix must be text")
        return None
    return Quote(source, exact, prefix, suffix)


def resolve_quote(quote: Quote, sources: dict[str, Source], scope: Scope, unreadable: Collection[str] = ()) -> ResolvedQuote | None:
    """Where the quote stands in its source, or None with the reason reported.

    A quote of a source that exists but could not be read fails without a
    message: the source's own problem says why, once.
    """
    source = sources.get(quote.source)
    if source is None:
        if quote.source in unreadable:
            scope.fail_silently()
        else:
            scope.error(f"quote cites unknown source {_short(quote.source)}: {_short(quote.exact)}")
        return None
    matches = [start for start in _occurrences(source.text, quote.exact) if _context_matches(source.text, quote, start)]
    if not matches:
        scope.error(f"quote not found verbatim in source {quote.source!r}: {_short(quote.exact)}")
        return None
    if len(matches) > 1:
        scope.error(
            f"quote occurs {len(matches)} times in source {quote.source!r}; add a prefix or suffix: "
            f"{_short(quote.exact)}"
        )
        return None
    start = matches[0]
    end = start + len(quote.exact)
    sentence = _sentence_holding(source, start, end)
    if sentence is None:
        scope.error(
            f"quote in source {quote.source!r} is not inside one sentence of the article "
            f"(it spans sentences or cites boilerplate): {_short(quote.exact)}"
        )
        return None
    return ResolvedQuote(quote, sentence, start, end)


def _context_matches(text: str, quote: Quote, start: int) -> bool:
    """Prefix and suffix checked in place: slicing the text for each match made this quadratic."""
    before = start - len(quote.prefix)
    return before >= 0 and text.startswith(quote.prefix, before) and text.startswith(quote.suffix, start + len(quote.exact))


def _sentence_holding(source: Source, start: int, end: int) -> int | None:
    starts = [sentence.start for sentence in source.sentences]
    at = bisect_right(starts, start) - 1
    if at >= 0 and end <= source.sentences[at].end:
        return source.sentences[at].index
    return None


def _occurrences(text: str, needle: str) -> Iterator[int]:
    start = text.find(needle)
    while start != -1:
        yield start
        start = text.find(needle, start + 1)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
