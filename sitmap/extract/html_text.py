"""The plain text of an HTML report, as the extraction reads it: tags dropped, scripts never run.

Offsets the engine reports are offsets into this text, which the command
line prints beside them ("text"), so a reviewer can check every span. Block
elements become line breaks, so the sentence splitter sees the paragraphs;
script, style, template and other non-text elements are skipped whole; a
parser, not a regular expression, so "<scr<script>ipt>" cannot smuggle code
through. Nothing here fetches or executes anything.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIPPED = {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "head", "nav", "footer", "form", "button"}
_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header",
           "blockquote", "tr", "table", "figure", "figcaption", "pre", "hr", "dd", "dt", "main", "aside"}
_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<p\b|<div\b|<article\b)", re.IGNORECASE)


def looks_like_html(text: str, name: str = "") -> bool:
    return name.lower().endswith((".html", ".htm", ".xhtml")) or bool(_HTML_START.match(text[:2000]))


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS and not self.skipping:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCKS and not self.skipping:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS and not self.skipping:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts).replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def report_text(text: str, name: str = "") -> tuple[str | None, bool, str | None]:
    """A decoded report as the engine reads it: (text, whether it was HTML, why it cannot be read).

    HTML becomes its plain text, scripts dropped; NUL bytes mean a binary file; nothing left means empty.
    The command line and the editor both check a report here, so both refuse the same things the same way."""
    if "\x00" in text:
        return None, False, "the report holds NUL bytes: it is a binary file, not text"
    html = looks_like_html(text, name)
    if html:
        text = html_to_text(text)
    if not text.strip():
        return None, html, "the report is empty" + (" once its HTML tags are dropped" if html else "")
    return text, html, None
