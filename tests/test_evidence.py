"""Quote resolution: a quote must occur once, verbatim, inside one sentence of a stored source."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitmap.evidence import Quote, QuoteError, parse_quote, resolve_quote
from sitmap.problems import ProblemLog
from sitmap.sources import load_sources

SOURCES_DIR = Path(__file__).resolve().parents[1] / "geodata" / "sources"
SEED = "allied-resolve-2022"


@pytest.fixture(scope="module")
def sources():
    problems = ProblemLog()
    loaded = load_sources(SOURCES_DIR, problems, 1_000_000)
    assert not problems.items
    return loaded


def resolve(sources, exact, prefix="", suffix="", source=SEED):
    return resolve_quote(Quote(source, exact, prefix, suffix), sources)


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
        parse_quote(raw)


def test_parse_quote_keeps_prefix_and_suffix():
    quote = parse_quote({"source": SEED, "exact": "on Thursday", "prefix": "in Moscow ", "suffix": "."})
    assert quote == Quote(SEED, "on Thursday", "in Moscow ", ".")
