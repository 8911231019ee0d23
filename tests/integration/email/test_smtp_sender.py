"""Outbound replies through smtplib to a separate real SMTP server on loopback."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from tests.integration.email.conftest import (
    SUBMISSION_PASSWORD,
    SUBMISSION_USER,
    RemoteSmtp,
    TlsMaterial,
    free_port,
)

from frontline.adapters.email.compose import compose_reply
from frontline.adapters.email.parse import parse_email
from frontline.adapters.email.smtp_sender import SmtpEmailSender, SmtpSecurity, SmtpSenderSettings
from frontline.service.ports_email import (
    EmailSender,
    EmailSendError,
    InboundEmail,
    Mailbox,
    OutboundEmail,
    OutgoingAttachment,
    ReceivedVia,
)

OUR_DOMAIN = "support.example"
AGENT = Mailbox("help@support.example", "Bank Support")
SENT_AT = datetime(2024, 5, 6, 12, 30, tzinfo=UTC)


def inbound(**overrides: object) -> InboundEmail:
    values: dict[str, object] = {
        "message_id": "<q2@customer.example>",
        "sender": Mailbox("ana@customer.example", "Ana Lima"),
        "subject": "Re: Card blocked",
        "text": "Any news?",
        "received_via": ReceivedVia.SMTP,
        "received_at": SENT_AT,
        "in_reply_to": ("<a1@support.example>",),
        "references": ("<q1@customer.example>", "<a1@support.example>"),
    }
    values.update(overrides)
    return InboundEmail(**values)  # type: ignore[arg-type]


def sender_for(remote: RemoteSmtp, **overrides: object) -> SmtpEmailSender:
    options: dict[str, object] = {
        "host": remote.host,
        "port": remote.port,
        "message_id_domain": OUR_DOMAIN,
        "security": SmtpSecurity.PLAIN,
        "timeout_seconds": 10.0,
    }
    options.update(overrides)
    return SmtpEmailSender(SmtpSenderSettings(**options), clock=lambda: SENT_AT)  # type: ignore[arg-type]


def received(remote: RemoteSmtp) -> EmailMessage:
    [captured] = remote.handler.messages
    message = message_from_bytes(captured.data, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_reply_carries_threading_headers(remote_smtp: RemoteSmtp) -> None:
    sender: EmailSender = sender_for(remote_smtp)
    reply = compose_reply(inbound(), AGENT, "Your card is unblocked.", OUR_DOMAIN)
    message_id = sender.send(reply)
    message = received(remote_smtp)
    assert message["Message-ID"] == message_id
    assert message_id.startswith("<") and message_id.endswith(f"@{OUR_DOMAIN}>")
    assert message["In-Reply-To"] == "<q2@customer.example>"
    assert message["References"].split() == [
        "<q1@customer.example>",
        "<a1@support.example>",
        "<q2@customer.example>",
    ]
    assert message["Subject"] == "Re: Card blocked"
    assert message["From"] == "Bank Support <help@support.example>"
    assert message["To"] == "Ana Lima <ana@customer.example>"
    assert message["Date"].datetime == SENT_AT
    assert message.get_content() == "Your card is unblocked.\r\n"  # CRLF on the wire
    assert remote_smtp.handler.messages[0].rcpt_tos == ["ana@customer.example"]
    assert remote_smtp.handler.messages[0].mail_from == "help@support.example"


def test_reply_goes_to_reply_to_when_present(remote_smtp: RemoteSmtp) -> None:
    original = inbound(reply_to=(Mailbox("tickets@customer.example"),))
    sender_for(remote_smtp).send(compose_reply(original, AGENT, "ok", OUR_DOMAIN))
    assert remote_smtp.handler.messages[0].rcpt_tos == ["tickets@customer.example"]


def test_customer_answer_to_our_reply_threads_back(remote_smtp: RemoteSmtp) -> None:
    """Full loop: our reply as the customer's client sees it, answered, parsed again."""
    message_id = sender_for(remote_smtp).send(compose_reply(inbound(), AGENT, "Done.", OUR_DOMAIN))
    ours = received(remote_smtp)
    answer = EmailMessage()
    answer["From"] = "ana@customer.example"
    answer["To"] = ours["From"]
    answer["Subject"] = f"Re: {ours['Subject']}"
    answer["Message-ID"] = "<q3@customer.example>"
    answer["In-Reply-To"] = ours["Message-ID"]
    answer["References"] = f"{ours['References']} {ours['Message-ID']}"
    answer.set_content("Thanks!")
    parsed = parse_email(answer.as_bytes(policy=policy.SMTP))
    assert parsed.in_reply_to == (message_id,)
    assert parsed.references[-1] == message_id
    assert parsed.subject == "Re: Re: Card blocked"  # the customer's client stacked it


def test_html_alternative_and_attachments_round_trip(remote_smtp: RemoteSmtp) -> None:
    pdf = b"%PDF-1.4 " + bytes(range(256))
    email = OutboundEmail(
        sender=AGENT,
        to=(Mailbox("ana@customer.example"),),
        subject="Your statement",
        text="Attached.",
        html="<p>Attached.</p>",
        attachments=(
            OutgoingAttachment("../../statement May.pdf", "application/pdf", pdf),
            OutgoingAttachment("notes", "not a type", b"n"),
        ),
    )
    sender_for(remote_smtp).send(email)
    parsed = parse_email(remote_smtp.handler.messages[0].data)
    assert parsed.text == "Attached.\n"
    assert parsed.html is not None and "<p>Attached.</p>" in parsed.html
    assert [(a.filename, a.content_type, a.data) for a in parsed.attachments] == [
        ("statement May.pdf", "application/pdf", pdf),
        ("notes", "application/octet-stream", b"n"),
    ]


def test_new_message_gets_a_message_id_on_our_domain(remote_smtp: RemoteSmtp) -> None:
    email = OutboundEmail(AGENT, (Mailbox("ana@customer.example"),), "Hello", "Hi")
    first = sender_for(remote_smtp).send(email)
    second = sender_for(remote_smtp).send(email)
    assert first != second
    assert all(m.endswith(f"@{OUR_DOMAIN}>") for m in (first, second))


def test_header_injection_through_subject_is_neutralised(remote_smtp: RemoteSmtp) -> None:
    original = inbound(subject="Help\r\nBcc: victim@elsewhere.example")
    sender_for(remote_smtp).send(compose_reply(original, AGENT, "ok", OUR_DOMAIN))
    message = received(remote_smtp)
    assert message["Bcc"] is None
    assert message["Subject"] == "Re: Help Bcc: victim@elsewhere.example"
    assert remote_smtp.handler.messages[0].rcpt_tos == ["ana@customer.example"]


def test_invalid_recipient_address_is_a_send_error(remote_smtp: RemoteSmtp) -> None:
    email = OutboundEmail(AGENT, (Mailbox("a@x.example, b@y.example"),), "s", "t")
    with pytest.raises(EmailSendError, match="cannot build"):
        sender_for(remote_smtp).send(email)
    assert remote_smtp.handler.messages == []


def test_refused_recipient_is_a_send_error(remote_smtp: RemoteSmtp) -> None:
    remote_smtp.handler.refused.add("ana@customer.example")
    with pytest.raises(EmailSendError, match="refused"):
        sender_for(remote_smtp).send(compose_reply(inbound(), AGENT, "ok", OUR_DOMAIN))


def test_unreachable_server_is_a_send_error() -> None:
    remote = RemoteSmtp(handler=None, host="127.0.0.1", port=free_port())  # type: ignore[arg-type]
    with pytest.raises(EmailSendError, match=r"cannot reach SMTP server 127\.0\.0\.1"):
        sender_for(remote, timeout_seconds=2.0).send(
            compose_reply(inbound(), AGENT, "ok", OUR_DOMAIN)
        )


def test_no_recipients_is_a_send_error(remote_smtp: RemoteSmtp) -> None:
    with pytest.raises(EmailSendError, match="no recipients"):
        sender_for(remote_smtp).send(OutboundEmail(AGENT, (), "s", "t"))


def test_starttls_and_login_to_a_submission_server(
    remote_smtp_tls: RemoteSmtp, tls_material: TlsMaterial
) -> None:
    plain = sender_for(remote_smtp_tls)
    with pytest.raises(EmailSendError, match="refused"):
        plain.send(compose_reply(inbound(), AGENT, "ok", OUR_DOMAIN))
    secure = {"security": SmtpSecurity.STARTTLS, "ssl_context": tls_material.client_context()}
    wrong = sender_for(remote_smtp_tls, username=SUBMISSION_USER, password="nope", **secure)
    with pytest.raises(EmailSendError, match="535"):
        wrong.send(compose_reply(inbound(), AGENT, "ok", OUR_DOMAIN))
    anonymous = sender_for(remote_smtp_tls, **secure)
    with pytest.raises(EmailSendError, match="530"):
        anonymous.send(compose_reply(inbound(), AGENT, "ok", OUR_DOMAIN))
    right = sender_for(
        remote_smtp_tls, username=SUBMISSION_USER, password=SUBMISSION_PASSWORD, **secure
    )
    right.send(compose_reply(inbound(), AGENT, "ok", OUR_DOMAIN))
    assert len(remote_smtp_tls.handler.messages) == 1


def test_starttls_refuses_an_untrusted_certificate(remote_smtp_tls: RemoteSmtp) -> None:
    sender = sender_for(remote_smtp_tls, security=SmtpSecurity.STARTTLS)
    with pytest.raises(EmailSendError):
        sender.send(compose_reply(inbound(), AGENT, "ok", OUR_DOMAIN))
    assert remote_smtp_tls.handler.messages == []


def test_reply_to_message_without_sender_is_refused() -> None:
    with pytest.raises(ValueError, match="no sender"):
        compose_reply(inbound(sender=None), AGENT, "ok", OUR_DOMAIN)
