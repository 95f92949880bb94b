"""Quote resolution: a quote must occur once, verbatim, inside one sentence of a stored source."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from sitmap.data.evidence import Quote, parse_quote, resolve_quote
from sitmap.problems import ProblemLog
from sitmap.data.sentences import split_sentences
from sitmap.data.sources import load_sources

SOURCES_DIR = Path(__file__).resolve().parents[1] / "geodata" / "sources"
SEED = "allied-resolve-2022"


@pytest.fixture(scope="module")
def sources():
    problems = ProblemLog()
    loaded, unreadable = load_sources(SOURCES_DIR, problems, 1_000_000)
    assert not problems.items and not unreadable
    return loaded


class QuoteError(Exception):
    """The one error a rejected quote reported, raised so each test can match it."""


def _reported(result, log: ProblemLog):
    if result is None:
        assert len(log.errors) == 1, log.items
        raise QuoteError(log.errors[0].message)
    assert not log.items
    return result


def resolve(sources, exact, prefix="", suffix="", source=SEED):
    log = ProblemLog()
    return _reported(resolve_quote(Quote(source, exact, prefix, suffix), sources, log.scope("layer.geojson", "f")), log)


def parse(raw):
    log = ProblemLog()
    return _reported(parse_quote(raw, log.scope("layer.geojson", "f")), log)


@pytest.mark.parametrize(
    "exact, index",
    [
        ("Russia has begun military exercises with Belarus.", 0),
        ("a lengthy border with Ukraine", 2),
        ("“psychological pressure”", 4),
        ("amassing more than 100,000 troops along the border", 6),
        ("along the Belarusian-Ukrainian border, which is little over 1,000 kilometres (620 miles) long", 8),
        ("the Kremlin backed Mr. Lukashenko.", 11),
        ("Mr. Lavrov expressed dissatisfaction", 14),
        ("In 2014-2015, Ukraine, Russia, France, and Germany approved the agreements.", 19),
    ],
)
def test_quote_resolves_to_its_sentence(sources, exact, index):
    resolved = resolve(sources, exact)
    text = sources[SEED].text
    assert resolved.sentence_index == index
    assert text[resolved.start : resolved.end] == exact
    sentence = sources[SEED].sentences[index]
    assert sentence.start <= resolved.start and resolved.end <= sentence.end


def test_quote_in_an_excerpt_source(sources):
    resolved = resolve(sources, "Machulishchi airfields", source="interfax-2022-02-10-union-resolve")
    sentence = sources["interfax-2022-02-10-union-resolve"].sentences[resolved.sentence_index]
    assert sentence.text.startswith("The Baranovichi, Luninets, Lida")


def test_unknown_source(sources):
    with pytest.raises(QuoteError, match="unknown source 'no-such-source'") as info:
        resolve(sources, "Kyiv", source="no-such-source")
    assert "'Kyiv'" in str(info.value)


def test_missing_quote(sources):
    with pytest.raises(QuoteError, match="not found verbatim") as info:
        resolve(sources, "Minsk was shelled")
    assert "'Minsk was shelled'" in str(info.value)


def test_quote_must_match_exactly_not_after_normalising(sources):
    # The source has a curly apostrophe in "Russia’s"; a straight one is a different text.
    with pytest.raises(QuoteError, match="not found verbatim"):
        resolve(sources, "Russia's largest deployment")
    assert resolve(sources, "Russia’s largest deployment").sentence_index == 3


def test_quote_spanning_two_sentences(sources):
    exact = "invasion of Ukraine. Belarus is a staunch Russian ally"
    with pytest.raises(QuoteError, match="not inside one sentence") as info:
        resolve(sources, exact)
    assert repr(exact) in str(info.value)


def test_quote_spanning_a_line_break(sources):
    exact = "Moscow on Thursday. She stated"
    assert exact in sources[SEED].text
    with pytest.raises(QuoteError, match="not inside one sentence"):
        resolve(sources, exact)


def test_quote_inside_boilerplate(sources):
    assert "Exit mobile version" in sources[SEED].text
    with pytest.raises(QuoteError, match="boilerplate") as info:
        resolve(sources, "Exit mobile version")
    assert "'Exit mobile version'" in str(info.value)


def test_ambiguous_quote(sources):
    with pytest.raises(QuoteError, match="occurs 3 times") as info:
        resolve(sources, "on Thursday")
    assert "'on Thursday'" in str(info.value)
    assert "prefix or suffix" in str(info.value)


@pytest.mark.parametrize(
    "prefix, suffix, index",
    [
        ("stated ", "", 5),
        ("in Moscow ", "", 12),
        ("", ", with Russian", 17),
        ("later ", ", with", 17),
    ],
)
def test_prefix_and_suffix_disambiguate(sources, prefix, suffix, index):
    resolved = resolve(sources, "on Thursday", prefix=prefix, suffix=suffix)
    assert resolved.sentence_index == index
    assert sources[SEED].text[resolved.start : resolved.end] == "on Thursday"


def test_prefix_that_matches_nowhere_is_not_found(sources):
    with pytest.raises(QuoteError, match="not found verbatim"):
        resolve(sources, "on Thursday", prefix="on Friday ")


def test_long_quote_is_shortened_in_the_message(sources):
    exact = "Liz Truss was not in Moscow " * 10
    with pytest.raises(QuoteError) as info:
        resolve(sources, exact)
    message = str(info.value)
    assert "Liz Truss was not in Moscow" in message and "…" in message
    assert len(message) < 200


@pytest.mark.parametrize(
    "raw, message",
    [
        ("just a string", "must be an object"),
        ({"exact": "Kyiv"}, "no 'source'"),
        ({"source": SEED}, "no 'exact'"),
        ({"source": SEED, "exact": "   "}, "no 'exact'"),
        ({"source": SEED, "exact": 42}, "no 'exact'"),
    ],
)
def test_parse_quote_rejects_malformed_entries(raw, message):
    with pytest.raises(QuoteError, match=message):
        parse(raw)


def test_parse_quote_keeps_prefix_and_suffix():
    quote = parse({"source": SEED, "exact": "on Thursday", "prefix": "in Moscow ", "suffix": "."})
    assert quote == Quote(SEED, "on Thursday", "in Moscow ", ".")


def test_quote_of_an_unreadable_source_fails_without_its_own_message(sources):
    log = ProblemLog()
    scope = log.scope("layer.geojson", "f")
    assert resolve_quote(Quote("broken-source", "Kyiv"), sources, scope, unreadable={"broken-source"}) is None
    assert scope.failed and log.items == []


class CountingText(str):
    """A source text that counts the characters every slice of it copies."""

    copied = 0

    def __getitem__(self, key):
        if isinstance(key, slice):
            piece = str.__getitem__(self, key)
            CountingText.copied += len(piece)
            return piece
        return str.__getitem__(self, key)


def test_matching_a_short_quote_does_work_linear_in_the_source(sources):
    """A one-character quote in a 1 MB source once copied the text before every match: quadratic.

    Counted on 100 KB: the old matcher copied about 5e9 characters here, ten times the text is plenty.
    """
    seed = sources[SEED]
    big = CountingText(("a" * 99 + "\n") * 1_000)  # 100 KB, 1,000 sentences
    huge = replace(seed, id="big", text=big, sentences=tuple(split_sentences(big, set())))
    CountingText.copied = 0
    log = ProblemLog()
    assert resolve_quote(Quote("big", "a", prefix="a", suffix="\n"), {"big": huge}, log.scope("f")) is None
    assert "occurs 1000 times" in log.errors[0].message
    assert CountingText.copied <= 10 * len(big), CountingText.copied
