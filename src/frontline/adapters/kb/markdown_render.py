"""Safe rendering of knowledge-base Markdown to HTML for the agent desktop and public pages.

Two independent layers, so one mistake is not enough for a cross-site-scripting hole:

1. markdown-it-py (CommonMark) with raw HTML disabled: ``<script>`` in an article is shown as
   text, and its link validator already drops ``javascript:``, ``vbscript:``, ``file:`` and
   most ``data:`` URLs.
2. nh3 (the Rust *ammonia* sanitiser) on the result with an explicit allow-list of tags,
   attributes and URL schemes (http, https, mailto; relative links for in-KB references), so
   anything a future parser option or plugin lets through is still removed. Every link gets
   ``rel="noopener nofollow"``: articles may link out, but must neither pass ``window.opener``
   nor lend our ranking to what they link.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

MAX_SOURCE_CHARS = 200_000

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
        "strong", "em", "s", "del", "code", "pre", "blockquote",
        "ul", "ol", "li", "a", "img",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
    "code": {"class"},
}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener nofollow"


class ArticleTooLong(ValueError):
    """Rendering cost grows with the input; articles beyond the limit are refused, not cut."""


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def render_markdown(source: str) -> str:
    """Markdown text → sanitised HTML fragment, safe to embed in a page."""
    if len(source) > MAX_SOURCE_CHARS:
        raise ArticleTooLong(f"article body is longer than {MAX_SOURCE_CHARS} characters")
    html = _parser().render(source)
    return sanitise_html(html)


def sanitise_html(html: str) -> str:
    """The second layer on its own, for HTML that reaches us from elsewhere."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel=LINK_REL,
        filter_style_properties={"text-align"},
        strip_comments=True,
    )
