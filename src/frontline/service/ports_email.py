"""Ports of the email channel: what the SMTP listener, IMAP poller and sender talk to.

The live-operation use cases implement `InboundEmailSink` (turn a mail into a routed
interaction) and use `EmailSender` for agent replies; the adapters in
`frontline.adapters.email` implement the rest. Delivery is at-least-once: a listener answers
SMTP 250 (or an IMAP poller sets \\Seen) only after `deliver` returned, and retries after a
failure, so a sink must be durable before it returns and idempotent on `message_id`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from frontline.domain.channels import Channel
from frontline.domain.email_thread import ThreadingFacts


class EmailSendError(Exception):
    """The outbound server refused or could not be reached; the message was not sent."""


class AttachmentTooLarge(ValueError):
    """An attachment exceeds the store's size limit; nothing was stored."""


class AttachmentNotFound(LookupError):
    """No attachment with this id is stored (or the id is not a valid content hash)."""


class ReceivedVia(StrEnum):
    SMTP = "smtp"
    IMAP = "imap"


@dataclass(frozen=True, slots=True)
class Mailbox:
    """An address with its optional display name (RFC 5322 "mailbox")."""

    address: str
    display_name: str = ""


@dataclass(frozen=True, slots=True)
class StoredAttachment:
    """An attachment kept in the `AttachmentStore`; `filename` is already made safe."""

    attachment_id: str
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True, slots=True)
class RejectedAttachment:
    """An attachment that was not stored (too large): recorded so the agent sees it existed."""

    filename: str
    content_type: str
    size: int
    reason: str


@dataclass(frozen=True, slots=True)
class InboundEmail:
    """One received message, parsed, with its attachments already stored.

    `text` is plain text (HTML-only mail is converted); `html` is the sanitised HTML, safe to
    embed. `raw` is the message exactly as received, for audit and re-parsing. `automated`
    marks auto-replies, bounces and bulk mail (RFC 3834): never send an automatic answer to
    those. `defects` names what was wrong with the message and was worked around.
    """

    message_id: str
    sender: Mailbox | None
    subject: str
    text: str
    received_via: ReceivedVia
    received_at: datetime
    to: tuple[Mailbox, ...] = ()
    cc: tuple[Mailbox, ...] = ()
    reply_to: tuple[Mailbox, ...] = ()
    date: datetime | None = None
    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    html: str | None = None
    attachments: tuple[StoredAttachment, ...] = ()
    rejected_attachments: tuple[RejectedAttachment, ...] = ()
    envelope_sender: str | None = None
    envelope_recipients: tuple[str, ...] = ()
    defects: tuple[str, ...] = ()
    automated: bool = False
    raw: bytes = field(default=b"", repr=False)

    @property
    def channel(self) -> Channel:
        return Channel.EMAIL

    @property
    def answer_to(self) -> Mailbox | None:
        """Where a reply goes: Reply-To if given, else From."""
        return self.reply_to[0] if self.reply_to else self.sender

    def threading_facts(self) -> ThreadingFacts:
        """The part of the message the threading rules look at."""
        return ThreadingFacts(
            message_id=self.message_id,
            in_reply_to=self.in_reply_to,
            references=self.references,
            subject=self.subject,
            sender=self.sender.address if self.sender else (self.envelope_sender or ""),
            received_at=self.received_at,
        )


@dataclass(frozen=True, slots=True)
class OutgoingAttachment:
    filename: str
    content_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class OutboundEmail:
    """A message to send. `message_id` is set by reply composition; the sender makes one
    otherwise. `in_reply_to` and `references` carry the thread (RFC 5322 §3.6.4)."""

    sender: Mailbox
    to: tuple[Mailbox, ...]
    subject: str
    text: str
    html: str | None = None
    cc: tuple[Mailbox, ...] = ()
    message_id: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    attachments: tuple[OutgoingAttachment, ...] = ()


class InboundEmailSink(Protocol):
    """Receives every accepted message. Must be durable before returning and idempotent on
    `message_id`; raising makes the listener answer 451 (or the poller retry later)."""

    def deliver(self, email: InboundEmail) -> None: ...


class AttachmentStore(Protocol):
    """Content-addressed attachment bytes with a per-attachment size limit."""

    @property
    def max_bytes(self) -> int: ...

    def put(self, data: bytes) -> str:
        """Store durably and return the id; raises `AttachmentTooLarge` over the limit."""
        ...

    def get(self, attachment_id: str) -> bytes:
        """Return the bytes; raises `AttachmentNotFound`."""
        ...


class EmailSender(Protocol):
    """Sends one message and returns its Message-ID; raises `EmailSendError` on failure."""

    def send(self, email: OutboundEmail) -> str: ...
