"""HTML ticket bodies to plain text, with the standard library's parser (pure)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*|/[a-zA-Z]|!--)")
_BLOCK = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table",
                    "ul", "ol", "hr"})
_SKIP = frozenset({"script", "style", "head", "title"})
_SPACES = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\s*\n\s*")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    """True when ``text`` contains something shaped like an HTML tag."""
    return "<" in text and _TAG.search(text) is not None


def html_to_text(text: str) -> str:
    """Visible text of an HTML fragment; block elements become line breaks."""
    parser = _Text()
    parser.feed(text)
    parser.close()
    joined = _SPACES.sub(" ", "".join(parser.parts))
    return _LINES.sub("\n", joined).strip()
