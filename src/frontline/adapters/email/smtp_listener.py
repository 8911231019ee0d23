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
import socket
import ssl
from collections.abc import Awaitable
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
#: RFC 5321 §4.5.3.1.8: servers must accept at least 100; more is only ever abuse here.
MAX_RECIPIENTS = 100


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
        if len(envelope.rcpt_tos) >= MAX_RECIPIENTS:
            return "452 4.5.3 Too many recipients"
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


class _PreboundController(Controller):
    """Controller serving an already bound socket: a taken port fails at once in `start`
    (instead of after aiosmtpd's ready timeout), and port 0 is resolved before serving."""

    def __init__(self, handler: Any, sock: socket.socket, **smtp_options: Any) -> None:
        host, port = sock.getsockname()[:2]
        super().__init__(handler, hostname=host, port=int(port), **smtp_options)
        self._sock = sock

    def _create_server(self) -> Awaitable[asyncio.AbstractServer]:
        return self.loop.create_server(self._factory_invoker, sock=self._sock, ssl=self.ssl_context)


def _bind(host: str, port: int) -> socket.socket:
    """Listening TCP socket; "" or "::" listen on every IPv4 and IPv6 address."""
    if host in ("", "::") and socket.has_dualstack_ipv6():
        return socket.create_server(("::", port), family=socket.AF_INET6, dualstack_ipv6=True)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host or "0.0.0.0", port), family=family)  # noqa: S104


class SmtpListener:
    """Runs the SMTP server on a background thread; use as a context manager or start/stop."""

    def __init__(self, settings: SmtpListenerSettings, intake: EmailIntake) -> None:
        self._settings = settings
        self._workers = ThreadPoolExecutor(
            max_workers=settings.delivery_workers, thread_name_prefix="smtp-delivery"
        )
        self._handler = _DeliveringHandler(settings, intake, self._workers)
        self._controller: _PreboundController | None = None

    def _controller_for(self, sock: socket.socket) -> _PreboundController:
        settings = self._settings
        return _PreboundController(
            self._handler,
            sock,
            server_hostname=settings.server_hostname,
            ident="Frontline ESMTP",
            data_size_limit=settings.max_message_bytes,
            decode_data=False,
            tls_context=settings.tls_context,
            require_starttls=settings.require_starttls,
        )

    @property
    def host(self) -> str:
        return self._settings.host

    @property
    def port(self) -> int:
        """The bound port (the free port chosen when settings asked for port 0)."""
        if self._controller is None:
            raise RuntimeError("the listener is not started")
        return int(self._controller.port)

    def start(self) -> None:
        """Bind and serve; raises OSError at once if the address is taken."""
        if self._controller is not None:
            raise RuntimeError("the listener is already started")
        try:
            sock = _bind(self._settings.host, self._settings.port)
        except OSError:
            self._workers.shutdown(wait=True)
            raise
        controller = self._controller_for(sock)
        try:
            controller.start()
        except BaseException:
            sock.close()
            controller.loop.close()
            self._workers.shutdown(wait=True)
            raise
        self._controller = controller

    def stop(self) -> None:
        """Stop accepting, finish deliveries in progress, release the port. Final."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
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
