"""Case-insensitive matching at case-sensitive speed.

Python's ``re`` runs an IGNORECASE pattern about three times as slowly as a
case-sensitive one. The rules ask yes/no questions of every clause, so they
lower-case the text once and match patterns whose letters were lower-cased
here: escapes (``\\b``, ``\\S``) and group syntax (``(?P<name>``) keep their case.
"""

from __future__ import annotations

import re

_KEEP = re.compile(r"\\.|\(\?P<\w+>|\(\?P=\w+\)|.", re.S)


def lowercase_pattern(source: str) -> re.Pattern:
    """A pattern for text that has been ``.lower()``-ed, from a pattern written for any case."""
    return re.compile(_KEEP.sub(lambda m: m.group(0) if len(m.group(0)) > 1 else m.group(0).lower(), source))


def by_first_letter(alternation: str) -> str:
    """The same alternatives, those that begin with the same letter written once behind it: "s(?:aid|ays|…)".

    Python's re tries an alternation's branches one by one at every position; grouped, most positions fail at
    their first character. Within a letter the branches keep their order, so the same one wins."""
    branches = _top_level_branches(alternation)
    if branches is None:
        return alternation
    grouped: dict[str, list[str]] = {}
    others = []
    for branch in branches:
        if branch[:1].isalpha() and branch[1:2] not in ("?", "*", "+", "{"):
            grouped.setdefault(branch[0], []).append(branch[1:])
        else:
            others.append(branch)
    return "|".join([f"{letter}(?:{'|'.join(rests)})" for letter, rests in grouped.items()] + others)


_WHOLE_WORDS = re.compile(r"^\\b\(\?:(?P<alternation>.*)\)\\b$", re.S)


def keyword_pattern(source: str) -> re.Pattern:
    """``lowercase_pattern`` for a rule of the form ``\\b(?:word|word|…)\\b``, its words grouped by first letter."""
    whole = _WHOLE_WORDS.match(source)
    if whole and _top_level_branches(whole.group("alternation")) is not None:
        source = r"\b(?:" + by_first_letter(whole.group("alternation")) + r")\b"
    return lowercase_pattern(source)


def _top_level_branches(alternation: str) -> list[str] | None:
    """The alternation's branches split at its top-level "|", or None if its brackets do not balance."""
    branches, depth, start = [], 0, 0
    for position, char in enumerate(alternation):
        if alternation[position - 1 : position] == "\\":
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return None
        elif char == "|" and depth == 0:
            branches.append(alternation[start:position])
            start = position + 1
    return branches + [alternation[start:]] if depth == 0 else None
