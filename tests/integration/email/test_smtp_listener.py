"""The built-in SMTP listener, driven by real SMTP clients (smtplib) over loopback TCP."""

from __future__ import annotations

import hashlib
import smtplib
import socket
import threading
from collections.abc import Callable, Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from tests.integration.email.conftest import ATTACHMENT_LIMIT, RecordingSink, TlsMaterial

from frontline.adapters.email.attachments_fs import FilesystemAttachmentStore
from frontline.adapters.email.intake import EmailIntake
from frontline.adapters.email.smtp_listener import SmtpListener, SmtpListenerSettings
from frontline.service.ports_email import ReceivedVia

SUPPORT = "help@support.example"
CUSTOMER = "ana@customer.example"
MAX_MESSAGE = 200_000

ListenerFactory = Callable[..., SmtpListener]


@pytest.fixture
def start_listener(intake: EmailIntake) -> Iterator[ListenerFactory]:
    started: list[SmtpListener] = []

    def start(**overrides: object) -> SmtpListener:
        options: dict[str, object] = {
            "accepted_domains": frozenset({"support.example"}),
            "accepted_addresses": frozenset({"sales@partner.example"}),
            "port": 0,
            "max_message_bytes": MAX_MESSAGE,
        }
        options.update(overrides)
        listener = SmtpListener(SmtpListenerSettings(**options), intake)  # type: ignore[arg-type]
        listener.start()
        started.append(listener)
        return listener

    yield start
    for listener in started:
        listener.stop()


@pytest.fixture
def listener(start_listener: ListenerFactory) -> SmtpListener:
    return start_listener()


def customer_mail(
    subject: str = "Card blocked", body: str = "My card was blocked."
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Ana Lima <{CUSTOMER}>"
    message["To"] = SUPPORT
    message["Subject"] = subject
    message.set_content(body)
    return message


def wire(message: EmailMessage) -> bytes:
    """The message as it travels over SMTP: CRLF line ends (RFC 5321 §2.3.8)."""
    return message.as_bytes(policy=policy.SMTP)


def client(listener: SmtpListener) -> smtplib.SMTP:
    return smtplib.SMTP(listener.host, listener.port, timeout=10)


def test_plain_message_is_delivered_with_envelope(
    listener: SmtpListener, sink: RecordingSink
) -> None:
    with client(listener) as smtp:
        refused = smtp.send_message(customer_mail())
    assert refused == {}
    [email] = sink.emails
    assert email.sender is not None and email.sender.address == CUSTOMER
    assert email.subject == "Card blocked"
    assert email.text == "My card was blocked.\n"
    assert email.received_via is ReceivedVia.SMTP
    assert email.envelope_sender == CUSTOMER
    assert email.envelope_recipients == (SUPPORT,)
    assert b"My card was blocked." in email.raw


def test_ehlo_announces_the_size_limit(listener: SmtpListener) -> None:
    with client(listener) as smtp:
        smtp.ehlo()
        assert smtp.esmtp_features["size"] == str(MAX_MESSAGE)


def test_attachment_is_stored_and_referenced(
    listener: SmtpListener, sink: RecordingSink, attachment_store: FilesystemAttachmentStore
) -> None:
    pdf = b"%PDF-1.4 statement " + bytes(range(256)) * 20
    message = customer_mail()
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename="../statement.pdf")
    with client(listener) as smtp:
        smtp.send_message(message)
    [email] = sink.emails
    [attachment] = email.attachments
    assert attachment.attachment_id == hashlib.sha256(pdf).hexdigest()
    assert (attachment.filename, attachment.content_type, attachment.size) == (
        "statement.pdf",
        "application/pdf",
        len(pdf),
    )
    assert attachment_store.get(attachment.attachment_id) == pdf


def test_attachment_over_the_store_limit_is_recorded_not_fatal(
    listener: SmtpListener, sink: RecordingSink
) -> None:
    message = customer_mail()
    message.add_attachment(b"z" * (ATTACHMENT_LIMIT + 1), "application", "zip", filename="a.zip")
    with client(listener) as smtp:
        smtp.send_message(message)
    [email] = sink.emails
    assert email.attachments == ()
    [rejected] = email.rejected_attachments
    assert (rejected.filename, rejected.size) == ("a.zip", ATTACHMENT_LIMIT + 1)
    assert "exceeds the limit" in rejected.reason
    assert email.text == "My card was blocked.\n"


def test_oversized_message_declared_with_size_gets_552(
    listener: SmtpListener, sink: RecordingSink
) -> None:
    with client(listener) as smtp, pytest.raises(smtplib.SMTPSenderRefused) as refused:
        smtp.send_message(customer_mail(body="x" * MAX_MESSAGE))
    assert refused.value.smtp_code == 552
    assert sink.attempts == 0


def test_oversized_message_without_size_gets_552_after_data(
    listener: SmtpListener, sink: RecordingSink
) -> None:
    body = wire(customer_mail(body="y" * (MAX_MESSAGE + 10)))
    with client(listener) as smtp:
        smtp.ehlo()
        assert smtp.mail(CUSTOMER)[0] == 250  # no SIZE parameter declared
        assert smtp.rcpt(SUPPORT)[0] == 250
        code, _ = smtp.data(body)
    assert code == 552
    assert sink.attempts == 0


@pytest.mark.parametrize(
    "recipient", ["someone@elsewhere.example", "help@support.example.evil", "no-at-sign"]
)
def test_unknown_recipient_gets_550(
    listener: SmtpListener, sink: RecordingSink, recipient: str
) -> None:
    with client(listener) as smtp, pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        smtp.sendmail(CUSTOMER, [recipient], wire(customer_mail()))
    [(code, _)] = refused.value.recipients.values()
    assert code == 550
    assert sink.attempts == 0


def test_accepted_single_address_and_domain_case_insensitively(
    listener: SmtpListener, sink: RecordingSink
) -> None:
    with client(listener) as smtp:
        refused = smtp.sendmail(
            CUSTOMER,
            ["Sales@Partner.Example", "billing@SUPPORT.example", "x@partner.example"],
            wire(customer_mail()),
        )
    assert set(refused) == {"x@partner.example"}
    accepted = ("Sales@Partner.Example", "billing@SUPPORT.example")
    assert sink.emails[0].envelope_recipients == accepted


def test_failing_sink_gets_451_and_the_retry_is_delivered_once(
    listener: SmtpListener, sink: RecordingSink
) -> None:
    sink.failures_left = 1
    raw = wire(customer_mail())
    with client(listener) as smtp:
        with pytest.raises(smtplib.SMTPDataError) as deferred:
            smtp.sendmail(CUSTOMER, [SUPPORT], raw)
        assert deferred.value.smtp_code == 451
        assert sink.emails == []
        smtp.sendmail(CUSTOMER, [SUPPORT], raw)  # what the sending MTA does later
        smtp.sendmail(CUSTOMER, [SUPPORT], raw)  # a duplicate retry is harmless
    assert sink.attempts == 3
    assert len(sink.emails) == 1


def test_bounce_with_null_sender_is_marked_automated(
    listener: SmtpListener, sink: RecordingSink
) -> None:
    with client(listener) as smtp:
        smtp.sendmail("<>", [SUPPORT], wire(customer_mail(subject="Undeliverable")))
        smtp.send_message(customer_mail(subject="Human"))
    assert [(e.subject, e.automated, e.envelope_sender) for e in sink.emails] == [
        ("Undeliverable", True, None),
        ("Human", False, CUSTOMER),
    ]


def test_more_than_100_recipients_get_452(listener: SmtpListener, sink: RecordingSink) -> None:
    recipients = [f"agent{n}@support.example" for n in range(101)]
    with client(listener) as smtp:
        refused = smtp.sendmail(CUSTOMER, recipients, wire(customer_mail()))
    assert list(refused) == ["agent100@support.example"]
    assert refused["agent100@support.example"][0] == 452
    assert len(sink.emails[0].envelope_recipients) == 100


def test_non_message_gets_554(listener: SmtpListener, sink: RecordingSink) -> None:
    with client(listener) as smtp, pytest.raises(smtplib.SMTPDataError) as refused:
        smtp.sendmail(CUSTOMER, [SUPPORT], b"\r\n\r\n")
    assert refused.value.smtp_code == 554
    assert sink.attempts == 0


def test_reply_thread_of_three_messages_is_one_conversation(
    listener: SmtpListener, sink: RecordingSink
) -> None:
    first = customer_mail()
    first["Message-ID"] = "<q1@customer.example>"
    second = customer_mail(subject="Re: Card blocked", body="Any news?")
    second["Message-ID"] = "<q2@customer.example>"
    second["In-Reply-To"] = "<q1@customer.example>"
    second["References"] = "<q1@customer.example>"
    third = customer_mail(subject="RE: Re: Card blocked", body="Still waiting.")
    third["Message-ID"] = "<q3@customer.example>"
    third["References"] = "<q1@customer.example> <q2@customer.example>"
    unrelated = customer_mail(subject="Address change", body="I moved.")
    with client(listener) as smtp:
        for message in (first, second, third, unrelated):
            smtp.send_message(message)
    keys = [sink.conversations[e.message_id].key for e in sink.emails]
    assert keys[0] == keys[1] == keys[2]
    assert keys[3] != keys[0]


def test_concurrent_clients_all_delivered(listener: SmtpListener, sink: RecordingSink) -> None:
    errors: list[BaseException] = []

    def send(n: int) -> None:
        try:
            with client(listener) as smtp:
                for i in range(5):
                    smtp.send_message(customer_mail(subject=f"client {n} message {i}"))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(e.subject for e in sink.emails) == sorted(
        f"client {n} message {i}" for n in range(4) for i in range(5)
    )


def test_starttls_required_refuses_plain_and_accepts_tls(
    start_listener: ListenerFactory, sink: RecordingSink, tls_material: TlsMaterial
) -> None:
    listener = start_listener(tls_context=tls_material.server_context(), require_starttls=True)
    with client(listener) as smtp, pytest.raises(smtplib.SMTPSenderRefused) as refused:
        smtp.send_message(customer_mail())
    assert refused.value.smtp_code == 530
    with client(listener) as smtp:
        smtp.starttls(context=tls_material.client_context())
        smtp.send_message(customer_mail())
    assert len(sink.emails) == 1


def test_port_in_use_fails_to_start(intake: EmailIntake) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        listener = SmtpListener(
            SmtpListenerSettings(accepted_domains=frozenset({"x.example"}), port=port), intake
        )
        with pytest.raises(OSError):
            listener.start()
        listener.stop()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "accepted domain or address"),
        ({"accepted_domains": frozenset({"a.example"}), "max_message_bytes": 0}, "positive"),
        ({"accepted_domains": frozenset({"a.example"}), "require_starttls": True}, "tls_context"),
    ],
)
def test_invalid_settings_are_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        SmtpListenerSettings(**options)  # type: ignore[arg-type]


def test_messages_survive_in_the_store_folder(
    listener: SmtpListener, sink: RecordingSink, tmp_path: Path
) -> None:
    message = customer_mail()
    message.add_attachment(b"scan", "image", "jpeg", filename="scan.jpg")
    with client(listener) as smtp:
        smtp.send_message(message)
    stored = [p for p in (tmp_path / "attachments").rglob("*") if p.is_file()]
    assert [p.read_bytes() for p in stored] == [b"scan"]
