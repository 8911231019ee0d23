"""Fixtures for the email channel: real servers on loopback, a recording sink, TLS material."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from frontline.adapters.email.attachments_fs import FilesystemAttachmentStore
from frontline.adapters.email.intake import EmailIntake
from frontline.domain.email_thread import ConversationMatch, InMemoryConversationIndex
from frontline.service.ports_email import InboundEmail

ATTACHMENT_LIMIT = 64 * 1024


class SinkDown(RuntimeError):
    """Raised by the recording sink while it simulates an outage."""


@dataclass
class RecordingSink:
    """An `InboundEmailSink` that threads and keeps what it is given; idempotent on
    Message-ID, like the real one must be. `failures_left` simulates a database outage."""

    failures_left: int = 0
    emails: list[InboundEmail] = field(default_factory=list)
    conversations: dict[str, ConversationMatch] = field(default_factory=dict)
    index: InMemoryConversationIndex = field(default_factory=InMemoryConversationIndex)
    attempts: int = 0
    delivered: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def deliver(self, email: InboundEmail) -> None:
        with self._lock:
            self.attempts += 1
            if self.failures_left > 0:
                self.failures_left -= 1
                raise SinkDown("database unavailable")
            if email.message_id in self.conversations:
                return
            new_key = f"conv-{len(self.conversations) + 1}"
            self.conversations[email.message_id] = self.index.thread(
                email.threading_facts(), new_key
            )
            self.emails.append(email)
            self.delivered.set()


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
def attachment_store(tmp_path: Path) -> FilesystemAttachmentStore:
    return FilesystemAttachmentStore(tmp_path / "attachments", max_bytes=ATTACHMENT_LIMIT)


@pytest.fixture
def intake(sink: RecordingSink, attachment_store: FilesystemAttachmentStore) -> EmailIntake:
    return EmailIntake(sink, attachment_store)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class CapturedMessage:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes


class CapturingHandler:
    """The remote party's mail server in outbound tests: keeps what it receives and can
    refuse recipients."""

    def __init__(self) -> None:
        self.messages: list[CapturedMessage] = []
        self.refused: set[str] = set()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address in self.refused:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            CapturedMessage(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 OK"


@dataclass
class RemoteSmtp:
    handler: CapturingHandler
    host: str
    port: int


def _start_capture(
    tls_context: ssl.SSLContext | None = None, **smtp_kwargs: Any
) -> tuple[Controller, RemoteSmtp]:
    handler = CapturingHandler()
    port = free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=tls_context,
        decode_data=False,
        **smtp_kwargs,
    )
    controller.start()
    return controller, RemoteSmtp(handler, "127.0.0.1", port)


@pytest.fixture
def remote_smtp() -> Iterator[RemoteSmtp]:
    """A separate real SMTP server (aiosmtpd) on loopback that captures what we send."""
    controller, remote = _start_capture()
    try:
        yield remote
    finally:
        controller.stop()


@dataclass(frozen=True)
class TlsMaterial:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(self.cert))
        return context


@pytest.fixture(scope="session")
def tls_material(tmp_path_factory: pytest.TempPathFactory) -> TlsMaterial:
    """A self-signed certificate for 127.0.0.1/localhost, made with the openssl tool."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return TlsMaterial(cert, key)


SUBMISSION_USER, SUBMISSION_PASSWORD = "frontline", "s3cret pass"


def _authenticate(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        SUBMISSION_USER.encode(),
        SUBMISSION_PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535


@pytest.fixture
def remote_smtp_tls(tls_material: TlsMaterial) -> Iterator[RemoteSmtp]:
    """A submission server: STARTTLS required before MAIL, and then AUTH required."""
    controller, remote = _start_capture(
        tls_context=tls_material.server_context(),
        require_starttls=True,
        authenticator=_authenticate,
        auth_required=True,
    )
    try:
        yield remote
    finally:
        controller.stop()
