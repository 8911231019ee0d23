"""Inbound mail from an existing mailbox, by polling it over IMAP (imaplib).

For teams that keep their support mailbox at a provider instead of pointing MX at Frontline.
Each poll takes a bounded batch of UNSEEN messages, fetches them with BODY.PEEK[] (which,
unlike RFC822, does not set \\Seen), delivers them, and only then sets \\Seen, so a crash or a
failing sink leaves the message unseen to be fetched again. Bytes that are not a message at
all are flagged with a keyword and skipped from then on, but stay in the mailbox for a human.
"""

from __future__ import annotations

import imaplib
import logging
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from frontline.adapters.email.intake import EmailIntake
from frontline.adapters.email.parse import MalformedEmail
from frontline.service.ports_email import ReceivedVia

log = logging.getLogger(__name__)

UNPARSEABLE_KEYWORD = "$FrontlineUnparseable"


class ImapError(Exception):
    """The server answered NO/BAD, or a response had an unexpected shape."""


class ImapSecurity(StrEnum):
    TLS = "tls"  # implicit TLS, port 993
    STARTTLS = "starttls"
    PLAIN = "plain"  # only for loopback or a trusted network


@dataclass(frozen=True, slots=True)
class ImapSettings:
    host: str
    username: str
    password: str = field(repr=False)
    port: int = 993
    mailbox: str = "INBOX"
    security: ImapSecurity = ImapSecurity.TLS
    batch_size: int = 25
    poll_interval_seconds: float = 60.0
    max_backoff_seconds: float = 900.0
    timeout_seconds: float = 30.0
    ssl_context: ssl.SSLContext | None = None

    def __post_init__(self) -> None:
        if self.batch_size <= 0:
            raise ValueError("batch_size must be positive")
        if self.poll_interval_seconds <= 0 or self.max_backoff_seconds < self.poll_interval_seconds:
            raise ValueError("need 0 < poll_interval_seconds <= max_backoff_seconds")


class ImapConnection(Protocol):
    """The part of `imaplib.IMAP4` the poller uses; inject a factory to substitute it."""

    def login(self, user: str, password: str) -> tuple[str, list[Any]]: ...

    def select(self, mailbox: str = ..., readonly: bool = ...) -> tuple[str, list[Any]]: ...

    def uid(self, command: str, *args: str) -> tuple[str, list[Any]]: ...

    def logout(self) -> tuple[str, list[Any]]: ...


def connect_imap(settings: ImapSettings) -> ImapConnection:
    """The default factory: imaplib over implicit TLS, STARTTLS or plain TCP."""
    context = settings.ssl_context or ssl.create_default_context()
    if settings.security is ImapSecurity.TLS:
        return imaplib.IMAP4_SSL(
            settings.host, settings.port, ssl_context=context, timeout=settings.timeout_seconds
        )
    client = imaplib.IMAP4(settings.host, settings.port, timeout=settings.timeout_seconds)
    if settings.security is ImapSecurity.STARTTLS:
        client.starttls(ssl_context=context)
    return client


def backoff_delay(consecutive_failures: int, interval: float, cap: float) -> float:
    """Seconds to wait before the next poll: the interval, doubled per failure, capped."""
    if consecutive_failures <= 0:
        return interval
    return float(min(cap, interval * 2 ** min(consecutive_failures, 30)))


@dataclass(frozen=True, slots=True)
class PollResult:
    delivered: int
    failed: int
    unparseable: int
    remaining: int

    @property
    def healthy(self) -> bool:
        return self.failed == 0


def _ok(what: str, command: Callable[..., tuple[str, list[Any]]], *args: str) -> list[Any]:
    """Run one IMAP command; a NO/BAD answer (returned or raised by imaplib) is `ImapError`."""
    try:
        status, data = command(*args)
    except imaplib.IMAP4.abort:
        raise  # the connection broke: an OSError-like fault, not a refusal
    except imaplib.IMAP4.error as exc:
        raise ImapError(f"{what} failed: NO {exc}") from exc
    if status != "OK":
        detail = b" ".join(d for d in data if isinstance(d, bytes)).decode("utf-8", "replace")
        raise ImapError(f"{what} failed: {status} {detail}".strip())
    return data


def _fetched_bytes(data: list[Any]) -> bytes:
    """imaplib returns [(b'1 (UID 7 BODY[] {n}', b'<message>'), b')']."""
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            return item[1]
    raise ImapError("FETCH returned no message body")


class ImapPoller:
    """Polls one mailbox into an `EmailIntake`. `poll_once` for one batch, `run` to loop."""

    def __init__(
        self,
        settings: ImapSettings,
        intake: EmailIntake,
        client_factory: Callable[[ImapSettings], ImapConnection] = connect_imap,
    ) -> None:
        self._settings = settings
        self._intake = intake
        self._connect = client_factory

    def poll_once(self) -> PollResult:
        """One batch. Connection and protocol errors propagate; a failing sink stops the
        batch (it is likely down) and is reported in `failed`, the message left unseen."""
        s = self._settings
        client = self._connect(s)
        try:
            _ok("LOGIN", client.login, s.username, s.password)
            _ok(f"SELECT {s.mailbox}", client.select, s.mailbox)
            found = _ok("SEARCH", client.uid, "SEARCH", "UNSEEN", "UNKEYWORD", UNPARSEABLE_KEYWORD)
            uids = [u.decode("ascii") for u in (found[0] or b"").split()] if found else []
            return self._deliver_batch(client, uids)
        finally:
            try:
                client.logout()
            except (imaplib.IMAP4.error, OSError):
                log.debug("IMAP logout failed", exc_info=True)

    def _deliver_batch(self, client: ImapConnection, uids: list[str]) -> PollResult:
        batch = uids[: self._settings.batch_size]
        delivered = unparseable = failed = 0
        for uid in batch:
            raw = _fetched_bytes(_ok("FETCH", client.uid, "FETCH", uid, "(BODY.PEEK[])"))
            try:
                self._intake.accept(raw, ReceivedVia.IMAP)
            except MalformedEmail as exc:
                log.warning("IMAP uid %s is not a message (%s); flagging it", uid, exc)
                _ok("STORE", client.uid, "STORE", uid, "+FLAGS", f"({UNPARSEABLE_KEYWORD})")
                unparseable += 1
                continue
            except Exception:
                log.exception("delivery of IMAP uid %s failed; it stays unseen", uid)
                failed += 1
                break
            _ok("STORE", client.uid, "STORE", uid, "+FLAGS", "(\\Seen)")
            delivered += 1
        remaining = len(uids) - delivered - unparseable
        return PollResult(delivered, failed, unparseable, remaining)

    def run(self, stop: threading.Event) -> None:
        """Poll until `stop` is set: immediately again while a backlog remains, after the
        interval when idle, with exponential backoff after errors."""
        failures = 0
        while not stop.is_set():
            backlog = False
            try:
                result = self.poll_once()
            except Exception:
                log.exception("IMAP poll of %s failed", self._settings.host)
                failures += 1
            else:
                failures = 0 if result.healthy else failures + 1
                backlog = result.healthy and result.remaining > 0
            if backlog:
                continue
            s = self._settings
            stop.wait(backoff_delay(failures, s.poll_interval_seconds, s.max_backoff_seconds))
