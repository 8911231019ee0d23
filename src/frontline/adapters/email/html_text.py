"""HTML mail bodies made safe: a plain-text rendering and a sanitised HTML copy.

HTML-only mail is common (mobile clients, marketing tools, ticket forms) and it is hostile
input: the text rendering drops scripts, styles and comments entirely and never emits markup,
and the HTML copy goes through nh3 (ammonia) so only harmless tags and attributes survive.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

_SKIPPED = frozenset({"script", "style", "head", "title", "template", "noscript", "iframe"})
_BLOCKS = frozenset(
    {
        "p", "div", "br", "tr", "li", "ul", "ol", "table", "section", "article",
        "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "header", "footer",
    }
)  # fmt: skip
_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "cid"})
_BLANK_RUN = re.compile(r"\n{3,}")
_INLINE_SPACE = re.compile(r"[ \t\f\v\u00a0]+")


class _TextExtractor(HTMLParser):
    """Collects visible text; anything inside a skipped element is discarded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._chunks: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip_depth += 1
        elif tag in _BLOCKS:
            self._chunks.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self._chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCKS:
            self._chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self._chunks.append(data)

    def text(self) -> str:
        lines = (_INLINE_SPACE.sub(" ", line).strip() for line in "".join(self._chunks).split("\n"))
        return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()


def html_to_text(html: str) -> str:
    """Visible text of an HTML document, with paragraph breaks kept; never contains markup
    that came from tags (entities such as &lt; are decoded to the characters they denote)."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return extractor.text()


def sanitise_html(html: str) -> str:
    """HTML safe to embed in the agent desktop: no scripts, event handlers or javascript: URLs."""
    return nh3.clean(html, url_schemes=set(_URL_SCHEMES), link_rel="noopener noreferrer nofollow")
