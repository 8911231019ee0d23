"""Outbound mail over SMTP (smtplib): plain, STARTTLS or implicit TLS, optional login.

Returns the Message-ID it sent, which the caller records against the conversation so the
customer's answer (In-Reply-To = that id) threads back into it.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum

from frontline.adapters.email.compose import new_message_id, render_message
from frontline.service.ports_email import EmailSendError, OutboundEmail

log = logging.getLogger(__name__)


class SmtpSecurity(StrEnum):
    PLAIN = "plain"  # only for a relay on loopback or a trusted network
    STARTTLS = "starttls"  # submission port 587
    TLS = "tls"  # implicit TLS, port 465


@dataclass(frozen=True, slots=True)
class SmtpSenderSettings:
    host: str
    message_id_domain: str
    port: int = 587
    security: SmtpSecurity = SmtpSecurity.STARTTLS
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout_seconds: float = 30.0
    ssl_context: ssl.SSLContext | None = None
    local_hostname: str | None = None

    def tls_context(self) -> ssl.SSLContext:
        return self.ssl_context or ssl.create_default_context()


def _utc_now() -> datetime:
    return datetime.now(UTC)


class SmtpEmailSender:
    """`EmailSender` over one SMTP connection per message (replies are low volume)."""

    def __init__(
        self, settings: SmtpSenderSettings, clock: Callable[[], datetime] = _utc_now
    ) -> None:
        self._settings = settings
        self._clock = clock

    def send(self, email: OutboundEmail) -> str:
        if not email.to and not email.cc:
            raise EmailSendError("no recipients")
        message_id = email.message_id or new_message_id(self._settings.message_id_domain)
        try:
            message = render_message(email, message_id, self._clock())
        except ValueError as exc:
            raise EmailSendError(f"cannot build the message: {exc}") from exc
        try:
            with self._connect() as smtp:
                refused = smtp.send_message(message)
        except smtplib.SMTPException as exc:
            raise EmailSendError(f"SMTP server refused the message: {exc}") from exc
        except OSError as exc:
            raise EmailSendError(f"cannot reach SMTP server {self._address()}: {exc}") from exc
        if refused:
            log.warning("message %s refused for some recipients: %s", message_id, refused)
        return message_id

    def _address(self) -> str:
        return f"{self._settings.host}:{self._settings.port}"

    def _connect(self) -> smtplib.SMTP:
        s = self._settings
        smtp: smtplib.SMTP
        if s.security is SmtpSecurity.TLS:
            smtp = smtplib.SMTP_SSL(
                s.host,
                s.port,
                local_hostname=s.local_hostname,
                timeout=s.timeout_seconds,
                context=s.tls_context(),
            )
        else:
            smtp = smtplib.SMTP(
                s.host, s.port, local_hostname=s.local_hostname, timeout=s.timeout_seconds
            )
        try:
            if s.security is SmtpSecurity.STARTTLS:
                smtp.starttls(context=s.tls_context())
            if s.username is not None:
                smtp.login(s.username, s.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp
