"""Sources: metadata with its knowledge status, and hostile texts refused by file, never by raising."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitmap.problems import ProblemLog
from sitmap.data.sources import load_sources

SOURCES_DIR = Path(__file__).resolve().parents[1] / "geodata" / "sources"
SEED = "allied-resolve-2022"
GOOD_META = 'title = "A good source"\ntitle_status = "known"\n'
GOOD_TEXT = "A good source.\n\nTroops arrived in Minsk. They left.\n"


@pytest.fixture(scope="module")
def shipped():
    problems = ProblemLog()
    return load_sources(SOURCES_DIR, problems, 1_000_000)[0], problems


def write_source(directory: Path, source_id: str, meta: str | None = GOOD_META, text: str | bytes | None = GOOD_TEXT):
    directory.mkdir(parents=True, exist_ok=True)
    if meta is not None:
        (directory / f"{source_id}.toml").write_text(meta, encoding="utf-8")
    if isinstance(text, bytes):
        (directory / f"{source_id}.txt").write_bytes(text)
    elif text is not None:
        (directory / f"{source_id}.txt").write_text(text, encoding="utf-8")


def load(directory: Path, max_bytes: int = 1_000_000):
    problems = ProblemLog()
    sources, _unreadable = load_sources(directory, problems, max_bytes)
    return sources, problems


def only_error(problems: ProblemLog, file_name: str) -> str:
    assert len(problems.errors) == 1, [str(p) for p in problems.items]
    problem = problems.errors[0]
    assert Path(problem.file).name == file_name
    assert file_name in str(problem)
    return problem.message


def test_shipped_sources_load_cleanly(shipped):
    sources, problems = shipped
    assert not problems.items
    assert sorted(sources) == [SEED, "interfax-2022-02-10-union-resolve", "motolko-2022-02-10-union-resolve"]


def test_seed_metadata_statuses(shipped):
    seed = shipped[0][SEED]
    assert (seed.meta("published").value, seed.meta("published").status) == ("2022-02-10", "inferred")
    assert "Thursday 10 February 2022" in seed.meta("published").note
    assert (seed.meta("outlet").value, seed.meta("outlet").status) == ("", "unknown")
    assert seed.meta("address").status == "unknown"
    assert seed.meta("title").status == "inferred"
    assert seed.title == "Russia has begun military exercises with Belarus."
    assert seed.boilerplate == ("Exit mobile version",)
    assert seed.kind == "article"
    assert seed.file.endswith("allied-resolve-2022.txt")


def test_excerpt_metadata_is_known(shipped):
    interfax = shipped[0]["interfax-2022-02-10-union-resolve"]
    assert interfax.kind == "excerpt"
    assert interfax.meta("outlet").value == "Interfax"
    assert interfax.meta("published").status == "known"
    assert interfax.claimant.startswith("Russian Ministry of Defence")


def test_missing_value_defaults_to_unknown_and_present_value_to_known(tmp_path):
    write_source(tmp_path, "plain", meta='outlet = "Example News"\n')
    sources, problems = load(tmp_path)
    assert not problems.items
    plain = sources["plain"]
    assert plain.meta("outlet").status == "known"
    assert plain.meta("published").status == "unknown" and plain.meta("published").value == ""
    assert plain.title == "plain"  # no title: the id stands in
    assert [s.text for s in plain.sentences] == ["A good source.", "Troops arrived in Minsk.", "They left."]


def test_oversized_text_is_an_error_naming_the_file(tmp_path):
    write_source(tmp_path, "good")
    write_source(tmp_path, "huge", text="Words. " * 200)
    sources, problems = load(tmp_path, max_bytes=1000)
    message = only_error(problems, "huge.txt")
    assert "1,400 bytes" in message and "max_source_bytes" in message
    assert list(sources) == ["good"]


def test_non_utf8_text_is_an_error_naming_the_file(tmp_path):
    write_source(tmp_path, "good")
    write_source(tmp_path, "latin1", text="Troops in Bre\xdft.\n".encode("latin-1"))
    sources, problems = load(tmp_path)
    assert "not UTF-8" in only_error(problems, "latin1.txt")
    assert list(sources) == ["good"]


@pytest.mark.parametrize("control", ["\x00", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_an_error_naming_the_file(tmp_path, control):
    write_source(tmp_path, "good")
    write_source(tmp_path, "controls", text=f"Troops{control} arrived.\n")
    sources, problems = load(tmp_path)
    message = only_error(problems, "controls.txt")
    assert f"U+{ord(control):04X}" in message
    assert list(sources) == ["good"]


def test_tabs_and_crlf_are_not_control_character_errors(tmp_path):
    write_source(tmp_path, "windows", text="Col\tumn.\r\nNext line.\r\n")
    sources, problems = load(tmp_path)
    assert not problems.items
    assert [s.text for s in sources["windows"].sentences] == ["Col\tumn.", "Next line."]


def test_text_without_metadata_is_an_error_naming_the_file(tmp_path):
    write_source(tmp_path, "good")
    write_source(tmp_path, "orphan", meta=None)
    sources, problems = load(tmp_path)
    assert "orphan.toml" in only_error(problems, "orphan.txt")
    assert list(sources) == ["good"]


def test_metadata_without_text_is_an_error_naming_the_file(tmp_path):
    write_source(tmp_path, "good")
    write_source(tmp_path, "textless", text=None)
    sources, problems = load(tmp_path)
    assert "missing" in only_error(problems, "textless.txt")
    assert list(sources) == ["good"]


def test_bad_status_value_is_an_error_naming_the_file(tmp_path):
    write_source(tmp_path, "good")
    write_source(tmp_path, "guessed", meta='published = "2022-02-10"\npublished_status = "probably"\n')
    sources, problems = load(tmp_path)
    message = only_error(problems, "guessed.toml")
    assert "published_status" in message and "'probably'" in message
    # The source still loads, but the date is not presented as known.
    assert sources["guessed"].meta("published").status == "unknown"
    assert "good" in sources


def test_status_without_value_is_an_error(tmp_path):
    write_source(tmp_path, "hollow", meta='outlet_status = "known"\n')
    _, problems = load(tmp_path)
    assert "outlet is marked known but has no value" in only_error(problems, "hollow.toml")


def test_invalid_toml_is_an_error_naming_the_file(tmp_path):
    write_source(tmp_path, "good")
    write_source(tmp_path, "broken", meta='title = "unterminated\n')
    sources, problems = load(tmp_path)
    assert "not valid TOML" in only_error(problems, "broken.toml")
    assert list(sources) == ["good"]


def test_bad_source_id_is_an_error_naming_the_file(tmp_path):
    write_source(tmp_path, "good")
    write_source(tmp_path, "Bad_Name")
    sources, problems = load(tmp_path)
    assert "lower-case" in only_error(problems, "Bad_Name.toml")
    assert list(sources) == ["good"]


def test_many_bad_sources_are_each_reported(tmp_path):
    write_source(tmp_path, "good")
    write_source(tmp_path, "latin1", text=b"\xff\xfe")
    write_source(tmp_path, "orphan", meta=None)
    write_source(tmp_path, "guessed", meta='title = "x"\ntitle_status = "maybe"\n')
    sources, problems = load(tmp_path)
    assert sorted(Path(p.file).name for p in problems.errors) == ["guessed.toml", "latin1.txt", "orphan.txt"]
    assert sorted(sources) == ["good", "guessed"]


@pytest.mark.parametrize(
    "extra, message",
    [('boilerplate = "Exit mobile version"', "boilerplate must be a list"), ('kind = "rumour"', "kind must be one of article, excerpt")],
)
def test_malformed_source_metadata_is_named(tmp_path, extra, message):
    (tmp_path / "s.txt").write_text("A sentence.\n", encoding="utf-8")
    (tmp_path / "s.toml").write_text(extra + "\n", encoding="utf-8")
    problems = ProblemLog()
    assert load_sources(tmp_path, problems, 10_000)[0] == {}
    assert [p.file.endswith("s.toml") for p in problems.errors] == [True]
    assert message in problems.errors[0].message
