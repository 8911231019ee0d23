"""Knowledge-base Markdown rendering against well-known XSS vectors (OWASP XSS filter evasion
cheat sheet style), through the full renderer and through the sanitiser layer alone."""

from __future__ import annotations

import re

import pytest

from frontline.adapters.kb.markdown_render import ArticleTooLong, render_markdown, sanitise_html

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    '<img src=x onerror="alert(1)">',
    '![x](https://example.com/a.png"onerror="alert(1))',
    '[x](https://example.com "title" onclick="alert(1)")',
    "<svg/onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "[ref]: javascript:alert(1)\n\n[click][ref]",
    "**[click](javascript:alert(1))**",
    "> [click](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    '<details open ontoggle="alert(1)">',
    "[<img src=x onerror=alert(1)>](https://example.com)",
]
DANGEROUS = re.compile(
    r"<script|<iframe|<svg|<details|javascript:|vbscript:|data:|\son\w+\s*=", re.IGNORECASE
)


def live_markup(html: str) -> str:
    """Only the tags and attributes (text content is escaped and harmless)."""
    return " ".join(re.findall(r"<[^>]*>", html))


@pytest.mark.parametrize("vector", VECTORS)
def test_rendered_vectors_carry_no_live_script(vector: str) -> None:
    html = render_markdown(vector)
    assert not DANGEROUS.search(live_markup(html)), html


@pytest.mark.parametrize(
    "html",
    [
        '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
        '<img src="data:image/png;base64,AAAA" onerror="alert(1)">',
        "<iframe src=https://evil.example></iframe><script>alert(1)</script>",
        '<p style="position:fixed;top:0">cover</p><form action=/x><input></form>',
        "<svg><a xlink:href='javascript:alert(1)'>x</a></svg>",
    ],
)
def test_sanitiser_alone_removes_raw_html_attacks(html: str) -> None:
    cleaned = sanitise_html(html)
    assert not DANGEROUS.search(live_markup(cleaned)), cleaned
    assert "<form" not in cleaned and "style=" not in cleaned and "<script" not in cleaned


def test_raw_html_is_shown_as_text() -> None:
    assert render_markdown("<b>bold?</b>") == "<p>&lt;b&gt;bold?&lt;/b&gt;</p>\n"


def test_links_get_noopener_nofollow_and_keep_safe_targets() -> None:
    html = render_markdown('[docs](https://example.com/a?b=1 "Docs") and [kb](/kb/12)')
    assert html == (
        '<p><a href="https://example.com/a?b=1" title="Docs" rel="noopener nofollow">docs</a>'
        ' and <a href="/kb/12" rel="noopener nofollow">kb</a></p>\n'
    )
    assert 'href="mailto:help@example.com"' in render_markdown("<mailto:help@example.com>")


def test_ordinary_article_markdown_survives() -> None:
    html = render_markdown(
        "# Reset a PIN\n\n1. Verify identity\n2. Open **Cards**\n\n"
        "| Step | Who |\n|:-----|----:|\n| 1 | Agent |\n\n```\ncode\n```\n\n~~old~~"
    )
    for fragment in (
        "<h1>Reset a PIN</h1>",
        "<ol>",
        "<strong>Cards</strong>",
        '<th style="text-align:left">Step</th>',
        "<pre><code>code",
        "<s>old</s>",
    ):
        assert fragment in html


def test_huge_articles_are_refused() -> None:
    with pytest.raises(ArticleTooLong):
        render_markdown("x" * 200_001)
