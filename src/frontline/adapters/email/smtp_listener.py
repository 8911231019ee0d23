"""Inbound SMTP: a built-in aiosmtpd server that a domain's MX (or a relay) points at.

The SMTP reply codes are the durability contract with the sending server:
- 552 when the message exceeds `max_message_bytes` (announced up front with ESMTP SIZE),
- 550 for a recipient outside the accepted domains/addresses (we are not a relay),
- 250 only after the sink's `deliver` returned, i.e. the mail is durable,
- 451 when delivery failed, so the sender keeps the message and retries later,
- 554 for bytes that are not a message at all (the sender bounces it to its author).
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller

from frontline.adapters.email.intake import EmailIntake
from frontline.adapters.email.parse import MalformedEmail
from frontline.service.ports_email import ReceivedVia

log = logging.getLogger(__name__)

DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SmtpListenerSettings:
    """Where to listen and what to accept. Port 0 picks a free port (see `SmtpListener.port`).

    At least one accepted domain or address is required: a listener that takes mail for any
    recipient only collects spam.
    """

    accepted_domains: frozenset[str] = frozenset()
    accepted_addresses: frozenset[str] = frozenset()
    host: str = "127.0.0.1"
    port: int = 2525
    max_message_bytes: int = DEFAULT_MAX_MESSAGE_BYTES
    server_hostname: str | None = None
    tls_context: ssl.SSLContext | None = None
    require_starttls: bool = False
    delivery_workers: int = 4

    def __post_init__(self) -> None:
        if not self.accepted_domains and not self.accepted_addresses:
            raise ValueError("configure at least one accepted domain or address")
        if self.max_message_bytes <= 0:
            raise ValueError("max_message_bytes must be positive")
        if self.require_starttls and self.tls_context is None:
            raise ValueError("require_starttls needs a tls_context")

    def accepts(self, address: str) -> bool:
        """Case-insensitive exact match on the address, or on its domain."""
        normalised = address.strip().strip("<>").casefold()
        local, at, domain = normalised.rpartition("@")
        if not at or not local or not domain:
            return False
        addresses = {a.casefold() for a in self.accepted_addresses}
        domains = {d.casefold().lstrip("@") for d in self.accepted_domains}
        return normalised in addresses or domain in domains


class _DeliveringHandler:
    """aiosmtpd handler hooks; delivery runs on a worker thread because sinks block on I/O."""

    def __init__(
        self, settings: SmtpListenerSettings, intake: EmailIntake, workers: ThreadPoolExecutor
    ) -> None:
        self._settings = settings
        self._intake = intake
        self._workers = workers

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if not self._settings.accepts(address):
            return f"550 5.1.1 <{address}>: recipient not accepted here"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or b""
        accept = partial(
            self._intake.accept, raw, ReceivedVia.SMTP, envelope.mail_from, tuple(envelope.rcpt_tos)
        )
        try:
            email = await asyncio.get_running_loop().run_in_executor(self._workers, accept)
        except MalformedEmail as exc:
            return f"554 5.6.0 Message rejected: {exc}"
        except Exception:
            log.exception("delivery of inbound mail failed; asking the sender to retry")
            return "451 4.3.0 Temporary failure, please retry later"
        log.info("accepted %s from %s", email.message_id, envelope.mail_from)
        return "250 2.0.0 Message accepted for delivery"


class _AnyPortController(Controller):
    """Controller that supports port 0: learns the bound port before its self-test connects."""

    def _trigger_server(self) -> None:
        server = self.server
        if self.port == 0 and isinstance(server, asyncio.Server) and server.sockets:
            self.port = int(server.sockets[0].getsockname()[1])
        super()._trigger_server()  # type: ignore[no-untyped-call]


class SmtpListener:
    """Runs the SMTP server on a background thread; use as a context manager or start/stop."""

    def __init__(self, settings: SmtpListenerSettings, intake: EmailIntake) -> None:
        self._settings = settings
        self._workers = ThreadPoolExecutor(
            max_workers=settings.delivery_workers, thread_name_prefix="smtp-delivery"
        )
        self._controller = _AnyPortController(
            _DeliveringHandler(settings, intake, self._workers),
            hostname=settings.host,
            port=settings.port,
            server_hostname=settings.server_hostname,
            ident="Frontline ESMTP",
            data_size_limit=settings.max_message_bytes,
            decode_data=False,
            tls_context=settings.tls_context,
            require_starttls=settings.require_starttls,
        )
        self._running = False

    @property
    def host(self) -> str:
        return self._settings.host

    @property
    def port(self) -> int:
        """The bound port (the free port chosen when settings asked for port 0)."""
        return int(self._controller.port)

    def start(self) -> None:
        self._controller.start()
        self._running = True

    def stop(self) -> None:
        if self._running:
            self._controller.stop()
            self._running = False
        self._workers.shutdown(wait=True)

    def __enter__(self) -> SmtpListener:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
