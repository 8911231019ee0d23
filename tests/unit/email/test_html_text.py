"""HTML bodies: visible text only, and a sanitised copy without any active content."""

from __future__ import annotations

import pytest

from frontline.adapters.email.html_text import html_to_text, sanitise_html

XSS_VECTORS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<body onload="alert(1)">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<scr<script>ipt>alert(1)</script>",
    '<form action="https://evil.example"><input name=p></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "<object data=x></object><embed src=x>",
]


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_sanitised_html_has_no_active_content(vector: str) -> None:
    cleaned = sanitise_html(f"<p>hi</p>{vector}").lower()
    for marker in ("<script", "onerror", "onload", "javascript:", "<iframe", "<svg", "<form",
                   "<meta", "<object", "<embed", "style="):  # fmt: skip
        assert marker not in cleaned


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_text_rendering_never_contains_markup_from_tags(vector: str) -> None:
    text = html_to_text(f"<p>hi</p>{vector}")
    assert "<" not in text.replace("<42>", "")
    assert "alert(1)</" not in text


def test_safe_links_and_formatting_survive() -> None:
    cleaned = sanitise_html('<p>See <a href="https://bank.example/help">help</a> <b>now</b></p>')
    assert 'href="https://bank.example/help"' in cleaned
    assert "<b>now</b>" in cleaned
    assert 'rel="noopener noreferrer nofollow"' in cleaned


def test_text_keeps_paragraphs_and_decodes_entities() -> None:
    html = "<div>Dear&nbsp;Ana,</div><p>Your balance is &euro;&#8239;12 &lt;today&gt;.</p>x<br>y"
    assert html_to_text(html) == "Dear Ana,\n\nYour balance is €\u202f12 <today>.\nx\ny"


def test_unclosed_script_swallows_the_rest_rather_than_showing_it() -> None:
    assert html_to_text("<p>a</p><script>var secret = 1;") == "a"
