"""Evidence: quotes that tie a feature to a sentence of a stored source.

A quote works like a W3C Web Annotation TextQuoteSelector: the exact text,
plus an optional prefix and suffix when the same words occur more than once.
It must occur verbatim and lie inside one sentence. Resolving at load, rather
than storing sentence numbers, means an edited source or a changed splitter
shows up as a named error instead of a silently wrong highlight.
"""

from __future__ import annotations

from dataclasses import dataclass

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


class QuoteError(ValueError):
    pass


def parse_quote(raw: object) -> Quote:
    if not isinstance(raw, dict):
        raise QuoteError("each evidence entry must be an object with 'source' and 'exact'")
    source, exact = raw.get("source"), raw.get("exact")
    if not isinstance(source, str) or not source:
        raise QuoteError("evidence entry has no 'source'")
    if not isinstance(exact, str) or not exact.strip():
        raise QuoteError(f"evidence entry for {source!r} has no 'exact' quote")
    return Quote(source, exact, str(raw.get("prefix", "")), str(raw.get("suffix", "")))


def resolve_quote(quote: Quote, sources: dict[str, Source]) -> ResolvedQuote:
    source = sources.get(quote.source)
    if source is None:
        raise QuoteError(f"quote cites unknown source {quote.source!r}: {_short(quote.exact)}")
    matches = [
        start
        for start in _occurrences(source.text, quote.exact)
        if source.text[:start].endswith(quote.prefix)
        and source.text[start + len(quote.exact) :].startswith(quote.suffix)
    ]
    if not matches:
        raise QuoteError(f"quote not found verbatim in source {quote.source!r}: {_short(quote.exact)}")
    if len(matches) > 1:
        raise QuoteError(
            f"quote occurs {len(matches)} times in source {quote.source!r}; add a prefix or suffix: "
            f"{_short(quote.exact)}"
        )
    start = matches[0]
    end = start + len(quote.exact)
    for sentence in source.sentences:
        if sentence.start <= start and end <= sentence.end:
            return ResolvedQuote(quote, sentence.index, start, end)
    raise QuoteError(
        f"quote in source {quote.source!r} is not inside one sentence of the article "
        f"(it spans sentences or cites boilerplate): {_short(quote.exact)}"
    )


def _occurrences(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start != -1:
        found.append(start)
        start = text.find(needle, start + 1)
    return found


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
