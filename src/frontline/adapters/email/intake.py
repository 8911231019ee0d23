"""The shared inbound path of the SMTP listener and the IMAP poller.

parse → store attachments → deliver to the sink. Attachments are stored first so that the
`InboundEmail` the sink persists only references blobs that already exist; an attachment over
the store's limit is recorded as rejected instead of failing the whole message, so the agent
sees that a file was sent and the customer's words are never lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from frontline.adapters.email.attachments_fs import safe_filename
from frontline.adapters.email.parse import (
    AttachmentPart,
    MalformedEmail,
    ParsedEmail,
    parse_email,
    unreadable_email,
)
from frontline.service.ports_email import (
    AttachmentStore,
    AttachmentTooLarge,
    InboundEmail,
    InboundEmailSink,
    ReceivedVia,
    RejectedAttachment,
    StoredAttachment,
)

log = logging.getLogger(__name__)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class EmailIntake:
    """Turns raw bytes into a delivered `InboundEmail`. Exceptions from the sink propagate,
    so the caller (listener or poller) can refuse or retry; `MalformedEmail` signals bytes
    that can never be parsed."""

    def __init__(
        self,
        sink: InboundEmailSink,
        attachments: AttachmentStore,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self._sink = sink
        self._attachments = attachments
        self._clock = clock

    def accept(
        self,
        raw: bytes,
        via: ReceivedVia,
        envelope_sender: str | None = None,
        envelope_recipients: Sequence[str] = (),
    ) -> InboundEmail:
        parsed = _parse(raw)
        stored, rejected = self._store_attachments(parsed.attachments)
        email = _inbound(parsed, raw, via, self._clock(), stored, rejected)
        if envelope_sender is not None or envelope_recipients:
            # the null reverse-path "<>" is reserved for bounces (RFC 5321 §4.5.5)
            null_sender = envelope_sender is not None and envelope_sender.strip("<> ") == ""
            email = replace(
                email,
                envelope_sender=None if null_sender else envelope_sender,
                envelope_recipients=tuple(envelope_recipients),
                automated=email.automated or null_sender,
            )
        self._sink.deliver(email)
        return email

    def _store_attachments(
        self, parts: Sequence[AttachmentPart]
    ) -> tuple[tuple[StoredAttachment, ...], tuple[RejectedAttachment, ...]]:
        stored: list[StoredAttachment] = []
        rejected: list[RejectedAttachment] = []
        for part in parts:
            name = safe_filename(part.filename)
            try:
                attachment_id = self._attachments.put(part.data)
            except AttachmentTooLarge as exc:
                size = len(part.data)
                rejected.append(RejectedAttachment(name, part.content_type, size, str(exc)))
                continue
            stored.append(StoredAttachment(attachment_id, name, part.content_type, len(part.data)))
        return tuple(stored), tuple(rejected)


def _parse(raw: bytes) -> ParsedEmail:
    try:
        return parse_email(raw)
    except MalformedEmail:
        raise
    except Exception as exc:  # a parser bug must not cost the customer's message
        log.exception("parser failed; delivering the raw message for manual reading")
        return unreadable_email(raw, type(exc).__name__)


def _inbound(
    parsed: ParsedEmail,
    raw: bytes,
    via: ReceivedVia,
    received_at: datetime,
    stored: tuple[StoredAttachment, ...],
    rejected: tuple[RejectedAttachment, ...],
) -> InboundEmail:
    return InboundEmail(
        message_id=parsed.message_id,
        sender=parsed.sender,
        subject=parsed.subject,
        text=parsed.text,
        received_via=via,
        received_at=received_at,
        to=parsed.to,
        cc=parsed.cc,
        reply_to=parsed.reply_to,
        date=parsed.date,
        in_reply_to=parsed.in_reply_to,
        references=parsed.references,
        html=parsed.html,
        attachments=stored,
        rejected_attachments=rejected,
        defects=parsed.defects,
        automated=parsed.automated,
        raw=raw,
    )
