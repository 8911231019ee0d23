"""The IMAP poller against a real IMAP4rev1 server on loopback (plain and TLS)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from tests.integration.email.conftest import RecordingSink, TlsMaterial
from tests.integration.email.imap_server import ImapTestServer

from frontline.adapters.email.imap_poller import (
    UNPARSEABLE_KEYWORD,
    ImapError,
    ImapPoller,
    ImapSecurity,
    ImapSettings,
    backoff_delay,
    connect_imap,
)
from frontline.adapters.email.intake import EmailIntake
from frontline.service.ports_email import ReceivedVia

USER, PASSWORD = "support@bank.example", 'p"ss w\\rd'


@pytest.fixture
def imap_server() -> Iterator[ImapTestServer]:
    server = ImapTestServer(USER, PASSWORD)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def settings_for(server: ImapTestServer, **overrides: object) -> ImapSettings:
    options: dict[str, object] = {
        "host": "127.0.0.1",
        "port": server.port,
        "username": USER,
        "password": PASSWORD,
        "security": ImapSecurity.PLAIN,
        "timeout_seconds": 10.0,
        "poll_interval_seconds": 0.01,
        "max_backoff_seconds": 0.05,
    }
    options.update(overrides)
    return ImapSettings(**options)  # type: ignore[arg-type]


def mail(n: int) -> bytes:
    message = EmailMessage()
    message["From"] = "ana@customer.example"
    message["To"] = USER
    message["Subject"] = f"Question {n}"
    message["Message-ID"] = f"<q{n}@customer.example>"
    message.set_content(f"Body {n}")
    return bytes(message)


def test_unseen_messages_are_delivered_then_marked_seen(
    imap_server: ImapTestServer, intake: EmailIntake, sink: RecordingSink
) -> None:
    already_read = imap_server.mailbox.add(mail(0), {"\\Seen"})
    uids = [imap_server.mailbox.add(mail(n)) for n in (1, 2)]
    result = ImapPoller(settings_for(imap_server), intake).poll_once()
    assert (result.delivered, result.failed, result.remaining) == (2, 0, 0)
    assert [e.subject for e in sink.emails] == ["Question 1", "Question 2"]
    assert all(e.received_via is ReceivedVia.IMAP for e in sink.emails)
    assert all("\\Seen" in imap_server.flags_of(uid) for uid in uids)
    assert imap_server.flags_of(already_read) == {"\\Seen"}
    fetches = [c for c in imap_server.commands if c.startswith("UID FETCH")]
    assert fetches and all("BODY.PEEK[]" in c for c in fetches)  # never the \\Seen-setting RFC822


def test_failing_sink_leaves_the_message_unseen_for_the_next_poll(
    imap_server: ImapTestServer, intake: EmailIntake, sink: RecordingSink
) -> None:
    first, second = imap_server.mailbox.add(mail(1)), imap_server.mailbox.add(mail(2))
    sink.failures_left = 1
    poller = ImapPoller(settings_for(imap_server), intake)
    failed = poller.poll_once()
    assert (failed.delivered, failed.failed, failed.remaining) == (0, 1, 2)
    assert "\\Seen" not in imap_server.flags_of(first)
    assert "\\Seen" not in imap_server.flags_of(second)
    recovered = poller.poll_once()
    assert (recovered.delivered, recovered.failed) == (2, 0)
    assert [e.message_id for e in sink.emails] == ["<q1@customer.example>", "<q2@customer.example>"]
    assert poller.poll_once().delivered == 0


def test_batches_are_bounded(
    imap_server: ImapTestServer, intake: EmailIntake, sink: RecordingSink
) -> None:
    for n in range(5):
        imap_server.mailbox.add(mail(n))
    poller = ImapPoller(settings_for(imap_server, batch_size=2), intake)
    results = [poller.poll_once() for _ in range(3)]
    assert [(r.delivered, r.remaining) for r in results] == [(2, 3), (2, 1), (1, 0)]
    assert len(sink.emails) == 5


def test_unparseable_message_is_flagged_and_skipped_but_kept(
    imap_server: ImapTestServer, intake: EmailIntake, sink: RecordingSink
) -> None:
    junk = imap_server.mailbox.add(b"\r\n\r\n")
    good = imap_server.mailbox.add(mail(1))
    poller = ImapPoller(settings_for(imap_server), intake)
    result = poller.poll_once()
    assert (result.delivered, result.unparseable) == (1, 1)
    assert imap_server.flags_of(junk) == {UNPARSEABLE_KEYWORD}
    assert "\\Seen" in imap_server.flags_of(good)
    assert poller.poll_once().unparseable == 0  # not fetched again
    assert len(imap_server.mailbox.messages) == 2  # nothing deleted


def test_wrong_password_is_a_clear_error(imap_server: ImapTestServer, intake: EmailIntake) -> None:
    poller = ImapPoller(settings_for(imap_server, password="wrong"), intake)
    with pytest.raises(ImapError, match="LOGIN failed: NO"):
        poller.poll_once()


def test_store_refused_after_delivery_is_an_error_and_redelivery_is_deduplicated(
    imap_server: ImapTestServer, intake: EmailIntake, sink: RecordingSink
) -> None:
    imap_server.mailbox.add(mail(1))
    imap_server.refuse_store = True
    poller = ImapPoller(settings_for(imap_server), intake)
    with pytest.raises(ImapError, match="STORE failed"):
        poller.poll_once()
    imap_server.refuse_store = False
    poller.poll_once()
    assert sink.attempts == 2  # delivered twice (at least once) ...
    assert len(sink.emails) == 1  # ... and the idempotent sink kept one


def test_run_backs_off_on_connection_errors_and_recovers(
    imap_server: ImapTestServer, intake: EmailIntake, sink: RecordingSink
) -> None:
    imap_server.drop_next_connections = 3
    imap_server.mailbox.add(mail(1))
    stop = threading.Event()
    poller = ImapPoller(settings_for(imap_server), intake)
    runner = threading.Thread(target=poller.run, args=(stop,))
    runner.start()
    try:
        assert sink.delivered.wait(timeout=10)
    finally:
        stop.set()
        runner.join(timeout=10)
    assert not runner.is_alive()
    assert [e.subject for e in sink.emails] == ["Question 1"]
    assert imap_server.drop_next_connections == 0


def test_run_drains_a_backlog_without_waiting(
    imap_server: ImapTestServer, intake: EmailIntake, sink: RecordingSink
) -> None:
    for n in range(6):
        imap_server.mailbox.add(mail(n))
    stop = threading.Event()
    poller = ImapPoller(settings_for(imap_server, batch_size=2, poll_interval_seconds=30,
                                     max_backoff_seconds=30), intake)  # fmt: skip
    runner = threading.Thread(target=poller.run, args=(stop,))
    started = time.monotonic()
    runner.start()
    try:
        deadline = started + 10
        while len(sink.emails) < 6 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        stop.set()
        runner.join(timeout=10)
    assert len(sink.emails) == 6
    assert time.monotonic() - started < 10  # did not sleep the 30 s interval between batches


def test_tls_connection_with_the_default_factory(
    intake: EmailIntake, sink: RecordingSink, tls_material: TlsMaterial
) -> None:
    server = ImapTestServer(USER, PASSWORD, ssl_context=tls_material.server_context())
    server.start()
    try:
        server.mailbox.add(mail(1))
        settings = settings_for(
            server, security=ImapSecurity.TLS, ssl_context=tls_material.client_context()
        )
        assert ImapPoller(settings, intake, connect_imap).poll_once().delivered == 1
    finally:
        server.stop()
    assert len(sink.emails) == 1


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff_delay(n, 30, 600) for n in range(7)] == [30, 60, 120, 240, 480, 600, 600]
    assert backoff_delay(10_000, 30, 600) == 600


@pytest.mark.parametrize(
    ("options", "message"),
    [({"batch_size": 0}, "batch_size"), ({"max_backoff_seconds": 0.001}, "poll_interval")],
)
def test_invalid_settings_are_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        ImapSettings(host="h", username="u", password="p", **options)  # type: ignore[arg-type]
