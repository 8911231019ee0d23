"""The shared inbound path (parse → store → deliver) and outbound MIME rendering."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from frontline.adapters.email import intake as intake_module
from frontline.adapters.email.attachments_fs import FilesystemAttachmentStore
from frontline.adapters.email.compose import render_message
from frontline.adapters.email.intake import EmailIntake
from frontline.adapters.email.parse import MalformedEmail
from frontline.service.ports_email import (
    InboundEmail,
    Mailbox,
    OutboundEmail,
    ReceivedVia,
)

NOW = datetime(2024, 5, 6, 9, 30, tzinfo=UTC)
RAW = (
    b"From: Ana <ana@customer.example>\r\nTo: help@support.example\r\n"
    b"Subject: Hello\r\nMessage-ID: <m1@customer.example>\r\n\r\nHi there\r\n"
)


@dataclass
class ListSink:
    emails: list[InboundEmail] = field(default_factory=list)

    def deliver(self, email: InboundEmail) -> None:
        self.emails.append(email)


def make_intake(tmp_path: Path) -> tuple[EmailIntake, ListSink]:
    sink = ListSink()
    store = FilesystemAttachmentStore(tmp_path, max_bytes=100)
    return EmailIntake(sink, store, clock=lambda: NOW), sink


def test_accept_delivers_with_clock_and_envelope(tmp_path: Path) -> None:
    intake, sink = make_intake(tmp_path)
    email = intake.accept(
        RAW, ReceivedVia.SMTP, "bounce@customer.example", ["help@support.example"]
    )
    assert sink.emails == [email]
    assert email.received_at == NOW
    assert email.envelope_sender == "bounce@customer.example"
    assert email.envelope_recipients == ("help@support.example",)
    assert email.raw == RAW
    facts = email.threading_facts()
    assert (facts.message_id, facts.sender, facts.received_at) == (
        "<m1@customer.example>",
        "ana@customer.example",
        NOW,
    )


def test_imap_mail_has_no_envelope(tmp_path: Path) -> None:
    intake, _ = make_intake(tmp_path)
    email = intake.accept(RAW, ReceivedVia.IMAP)
    assert (email.envelope_sender, email.envelope_recipients) == (None, ())


def test_non_message_is_refused_and_not_delivered(tmp_path: Path) -> None:
    intake, sink = make_intake(tmp_path)
    with pytest.raises(MalformedEmail):
        intake.accept(b"", ReceivedVia.SMTP)
    assert sink.emails == []


def test_parser_bug_still_delivers_the_raw_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_parser(raw: bytes) -> None:
        raise RecursionError("pathological nesting")

    monkeypatch.setattr(intake_module, "parse_email", broken_parser)
    intake, sink = make_intake(tmp_path)
    email = intake.accept(RAW, ReceivedVia.SMTP)
    assert sink.emails == [email]
    assert email.raw == RAW
    assert email.subject == "(unreadable message)"
    assert email.defects == ("ParserFailure: RecursionError",)
    assert intake.accept(RAW, ReceivedVia.SMTP).message_id == email.message_id


def outbound(**overrides: object) -> OutboundEmail:
    values: dict[str, object] = {
        "sender": Mailbox("help@support.example", "Support"),
        "to": (Mailbox("ana@customer.example", "Ana"),),
        "subject": "Re: Hello",
        "text": "Hello Ana",
        "in_reply_to": "<m1@customer.example>",
        "references": ("<m0@customer.example>", "<m1@customer.example>"),
    }
    values.update(overrides)
    return OutboundEmail(**values)  # type: ignore[arg-type]


def test_rendered_message_headers() -> None:
    message = render_message(
        outbound(cc=(Mailbox("boss@customer.example"),)), "<r1@s.example>", NOW
    )
    assert message["Message-ID"] == "<r1@s.example>"
    assert message["In-Reply-To"] == "<m1@customer.example>"
    assert message["References"] == "<m0@customer.example> <m1@customer.example>"
    assert message["Cc"] == "boss@customer.example"
    assert message["Date"] == "Mon, 06 May 2024 09:30:00 +0000"


def test_non_ascii_subject_and_names_are_rfc2047_encoded_on_the_wire() -> None:
    email = outbound(subject="Re: Réclamation", to=(Mailbox("jose@example.es", "José Núñez"),))
    wire = bytes(render_message(email, "<r1@s.example>", NOW))
    assert b"R\xc3\xa9clamation" not in wire.split(b"\n\n", 1)[0]
    parsed = message_from_bytes(wire, policy=policy.default)
    assert parsed["Subject"] == "Re: Réclamation"
    assert parsed["To"] == "José Núñez <jose@example.es>"


@pytest.mark.parametrize(
    "hostile",
    [
        {"subject": "Hi\r\nBcc: victim@x.example"},
        {"in_reply_to": "<a@b>\r\nBcc: victim@x.example"},
        {"references": ("<a@b>\nBcc: victim@x.example",)},
        {"sender": Mailbox("help@support.example", "Support\r\nBcc: victim@x.example")},
    ],
)
def test_line_breaks_in_values_cannot_add_headers(hostile: dict[str, object]) -> None:
    wire = bytes(render_message(outbound(**hostile), "<r1@s.example>", NOW))
    parsed = message_from_bytes(wire, policy=policy.default)
    assert parsed["Bcc"] is None
