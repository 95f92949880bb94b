"""The sentence splitter: deterministic, offset-preserving, and right on the seed article."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitmap.data.sentences import split_sentences

SEED = Path(__file__).resolve().parents[1] / "geodata" / "sources" / "allied-resolve-2022.txt"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text):
    return split_sentences(seed_text, {"Exit mobile version"})


def texts(text: str, boilerplate=frozenset()) -> list[str]:
    return [s.text for s in split_sentences(text, boilerplate)]


def test_seed_splits_into_twenty_sentences(seed):
    assert len(seed) == 20
    assert [s.index for s in seed] == list(range(20))
    assert seed[0].text == "Russia has begun military exercises with Belarus."
    assert seed[-1].text == "In 2014-2015, Ukraine, Russia, France, and Germany approved the agreements."


def test_scraper_line_is_not_a_sentence(seed):
    assert not any("Exit mobile version" in s.text for s in seed)


def test_common_boilerplate_is_skipped_without_being_listed(seed_text):
    # "Exit mobile version" is in the built-in list, so the seed splits the same with no extra lines.
    assert texts(seed_text) == [s.text for s in split_sentences(seed_text, {"Exit mobile version"})]


def test_line_without_full_stop_ends_a_sentence(seed):
    assert seed[4].text == "Ukraine claims they are the result of “psychological pressure”"
    assert seed[5].text.startswith("Boris Johnson")


def test_line_break_ends_a_sentence_even_before_a_lower_case_word():
    assert texts("first line without a stop\nsecond line.") == ["first line without a stop", "second line."]


def test_mr_does_not_split(seed):
    lavrov = [s.text for s in seed if "Lavrov expressed" in s.text]
    assert lavrov == [
        "Mr. Lavrov expressed dissatisfaction with the negotiations, accusing Western politicians of "
        "exploiting Ukraine as a “crutch” to “improve their ratings”"
    ]
    assert seed[11].text.endswith("the Kremlin backed Mr. Lukashenko.")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Smith arrived. He left.", ["Mr. Smith arrived.", "He left."]),
        ("The U.S. Army arrived. It left.", ["The U.S. Army arrived.", "It left."]),
        ("Gen. J. Smith spoke. Then he left.", ["Gen. J. Smith spoke.", "Then he left."]),
        ("It was late. 2022 began.", ["It was late.", "2022 began."]),
        ("Was it? Yes! It was.", ["Was it?", "Yes!", "It was."]),
        ("Version 2.5 shipped. Done.", ["Version 2.5 shipped.", "Done."]),
        ("It ends here. and lower case does not start one.", ["It ends here. and lower case does not start one."]),
        ("Drills end on Feb. 20 as planned. Done.", ["Drills end on Feb. 20 as planned.", "Done."]),
        ("It ended in Feb. Then more.", ["It ended in Feb.", "Then more."]),
    ],
)
def test_split_rules(text, expected):
    assert texts(text) == expected


def test_offsets_slice_back_to_the_text(seed_text, seed):
    for sentence in seed:
        assert seed_text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
    starts = [s.start for s in seed]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(seed, seed[1:]))


def test_offsets_survive_crlf_line_endings():
    text = "One line.\r\nTwo. Three.\r\n\r\nFour"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["One line.", "Two.", "Three.", "Four"]
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_splitting_is_deterministic(seed_text):
    first = split_sentences(seed_text, {"Exit mobile version"})
    second = split_sentences(seed_text, {"Exit mobile version"})
    assert first == second
    assert first is not second


def test_source_specific_boilerplate_lines_are_skipped():
    text = "Real news here.\nFollow us on Telegram\nMore real news.\n  follow US on telegram  \n"
    assert texts(text) == ["Real news here.", "Follow us on Telegram", "More real news.", "follow US on telegram"]
    assert texts(text, {"Follow us on Telegram"}) == ["Real news here.", "More real news."]


def test_boilerplate_must_fill_the_whole_line():
    # A sentence that merely contains a boilerplate phrase is part of the article.
    assert texts("Read more about it here.") == ["Read more about it here."]
    assert texts("Read more") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He said “go.” Then he left.", ["He said “go.”", "Then he left."]),
        ('He said "go." Then he left.', ['He said "go."', "Then he left."]),
        ("It was done (mostly.) Then more.", ["It was done (mostly.)", "Then more."]),
        ("She wrote: «Stop.» «Go,» he said.", ["She wrote: «Stop.»", "«Go,» he said."]),
    ],
)
def test_closing_quote_after_full_stop_stays_with_its_sentence(text, expected):
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_blank_text_has_no_sentences():
    assert split_sentences("") == []
    assert split_sentences("\n\n   \n") == []


def test_a_wire_dateline_stays_with_its_sentence():
    text = "MOSCOW. Feb 10 (Interfax) - The exercise has begun, the ministry said. It ends on 20 February.\n"
    assert [s.text for s in split_sentences(text)] == [
        "MOSCOW. Feb 10 (Interfax) - The exercise has begun, the ministry said.",
        "It ends on 20 February.",
    ]
    # Only at the start of a line, and only an upper-case place name.
    assert len(split_sentences("Troops arrived. NATO. Talks followed.\n")) == 3


def test_dotted_initials_end_no_sentence():
    text = "Helicopters were seen at the V.D. Bokov airfield at 10 a.m. Moscow time. Wood added more."
    assert [s.text for s in split_sentences(text)] == [
        "Helicopters were seen at the V.D. Bokov airfield at 10 a.m. Moscow time.", "Wood added more."]
