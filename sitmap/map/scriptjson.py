"""JSON that is safe to place inside an inline ``<script>`` element.

No markup character survives literally, so data cannot close the script
element or open a comment. A ``{`` that would start a Jinja delimiter is
escaped too: the map elements never hand their output to Jinja a second time,
but folium and branca do for their own elements, and data must never depend on
which path it takes.
"""

from __future__ import annotations

import json
import re

_MARKUP_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
# Outside strings JSON never writes "{{", "{%" or "{#" (an object's first token
# is a quote or "}"), so every such pair lies inside a string, where \u007b
# means the same character.
_JINJA_OPENING = re.compile(r"\{(?=[{%#])")
JINJA_DELIMITERS = ("{{", "{%", "{#")


def script_json(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escape in _MARKUP_ESCAPES:
        text = text.replace(char, escape)
    return _JINJA_OPENING.sub(r"\\u007b", text)


def without_jinja_delimiters(name: str, text: str) -> str:
    """Our own JS and CSS go into the page as template values; refuse them if they could ever be read as a template."""
    found = [d for d in JINJA_DELIMITERS if d in text]
    if found:
        raise ValueError(f"sitmap/map/static/{name} contains Jinja delimiters {found}; add a space between the characters")
    return text
