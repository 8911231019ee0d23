"""Raw RFC 5322 bytes to a `ParsedEmail`, best effort and never crashing on real-world mail.

Mail in the wild breaks every rule: undeclared or unknown charsets, unbracketed Message-IDs,
garbage dates, HTML-only bodies with scripts. Each problem is recorded in `defects` and the
parse carries on; only input that is not a message at all raises `MalformedEmail`.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.utils import getaddresses

from frontline.adapters.email.decode import DECODE_ERRORS, decode_text, has_raw_8bit, header_text
from frontline.adapters.email.html_text import html_to_text, sanitise_html
from frontline.domain.email_thread import parse_message_ids
from frontline.service.ports_email import Mailbox

#: Messages without a Message-ID get one derived from their bytes, so a redelivered copy
#: gets the same id and the sink's de-duplication still works.
SYNTHETIC_ID_DOMAIN = "missing-message-id.invalid"


class MalformedEmail(ValueError):
    """The bytes are not an email message (empty, or no header fields at all)."""


@dataclass(frozen=True, slots=True)
class AttachmentPart:
    filename: str
    content_type: str
    data: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class ParsedEmail:
    message_id: str
    sender: Mailbox | None
    to: tuple[Mailbox, ...]
    cc: tuple[Mailbox, ...]
    reply_to: tuple[Mailbox, ...]
    subject: str
    date: datetime | None
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    text: str
    html: str | None
    attachments: tuple[AttachmentPart, ...]
    defects: tuple[str, ...]
    automated: bool = False


@dataclass(slots=True)
class _Body:
    text: str | None = None
    html: str | None = None
    attachments: list[AttachmentPart] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)


def parse_email(raw: bytes) -> ParsedEmail:
    """Parse one message. Raises `MalformedEmail` only when there is no message to parse."""
    if not raw.strip():
        raise MalformedEmail("empty message")
    message = message_from_bytes(raw, policy=policy.default)
    if not message.keys():
        raise MalformedEmail("not an email message: no header fields")
    body = _Body(defects=[_defect_name(d) for d in message.defects])
    _collect(message, body)
    html = _unix_newlines(body.html) if body.html is not None else None
    text = _unix_newlines(body.text) if body.text is not None else html_to_text(html or "")
    ids = parse_message_ids(header_text(message, "message-id"))
    if ids:
        message_id = ids[0]
    else:
        message_id = _synthetic_id(raw)
        body.defects.append("MissingMessageId")
    senders = _mailboxes(message, "from")
    return ParsedEmail(
        message_id=message_id,
        sender=senders[0] if senders else None,
        to=_mailboxes(message, "to"),
        cc=_mailboxes(message, "cc"),
        reply_to=_mailboxes(message, "reply-to"),
        subject=" ".join(header_text(message, "subject").split()),
        date=_date(message, body.defects),
        in_reply_to=parse_message_ids(header_text(message, "in-reply-to")),
        references=parse_message_ids(header_text(message, "references")),
        text=text,
        html=sanitise_html(html) if html is not None else None,
        attachments=tuple(body.attachments),
        defects=tuple(dict.fromkeys(body.defects)),
        automated=_is_automated(message),
    )


def unreadable_email(raw: bytes, reason: str) -> ParsedEmail:
    """The stand-in when the parser itself fails: keeps the raw bytes deliverable (an agent
    can open the original) instead of refusing or losing the message."""
    return ParsedEmail(
        message_id=_synthetic_id(raw),
        sender=None,
        to=(),
        cc=(),
        reply_to=(),
        subject="(unreadable message)",
        date=None,
        in_reply_to=(),
        references=(),
        text="",
        html=None,
        attachments=(),
        defects=(f"ParserFailure: {reason}",),
    )


def _synthetic_id(raw: bytes) -> str:
    return f"<{hashlib.sha256(raw).hexdigest()[:40]}@{SYNTHETIC_ID_DOMAIN}>"


def _collect(part: Message, body: _Body) -> None:
    """Depth-first walk: the first inline text/plain and text/html are the body, every other
    leaf (and every attached message/rfc822, kept whole) is an attachment."""
    body.defects.extend(_defect_name(d) for d in part.defects)
    content_type, disposition, filename = _describe(part, body.defects)
    if content_type == "message/rfc822" or (part.is_multipart() and filename):
        body.attachments.append(_attached_message(part, filename, len(body.attachments)))
        return
    if part.is_multipart():
        children = part.get_payload()
        for child in children if isinstance(children, list) else ():
            if isinstance(child, Message):
                _collect(child, body)
        return
    data = _payload(part, body.defects)
    is_inline_text = disposition != "attachment" and not filename
    if is_inline_text and content_type == "text/plain" and body.text is None:
        body.text = decode_text(data, _charset(part), body.defects)
    elif is_inline_text and content_type == "text/html" and body.html is None:
        body.html = decode_text(data, _charset(part), body.defects)
    else:
        if not filename:
            extension = mimetypes.guess_extension(content_type) or ".bin"
            filename = f"attachment-{len(body.attachments) + 1}{extension}"
        body.attachments.append(AttachmentPart(filename, content_type, data))


def _describe(part: Message, defects: list[str]) -> tuple[str, str | None, str | None]:
    """Content type, disposition and filename; an unreadable header makes the part a plain
    attachment (octet-stream) rather than losing it."""
    try:
        content_type = part.get_content_type()
    except DECODE_ERRORS:
        defects.append("UnreadableContentType")
        content_type = "application/octet-stream"
    try:
        disposition = part.get_content_disposition()
    except DECODE_ERRORS:
        defects.append("UnreadableContentDisposition")
        disposition = "attachment"
    try:
        filename = part.get_filename()
    except DECODE_ERRORS:
        filename = None
    return content_type, disposition, filename


def _payload(part: Message, defects: list[str]) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except DECODE_ERRORS:
        defects.append("UndecodablePayload")
        payload = None
    if isinstance(payload, bytes):
        return payload
    raw = part.get_payload()
    return raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else b""


def _charset(part: Message) -> str | None:
    try:
        return part.get_content_charset()
    except DECODE_ERRORS:
        return None


def _attached_message(part: Message, filename: str | None, index: int) -> AttachmentPart:
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else part
    if not isinstance(inner, Message):
        inner = part
    data = b""
    for candidate in (inner, part):
        try:
            data = candidate.as_bytes(policy=policy.compat32)
            break
        except DECODE_ERRORS:
            continue
    subject = " ".join(header_text(inner, "subject").split()) if inner is not part else ""
    name = filename or f"{subject or f'message-{index + 1}'}.eml"
    return AttachmentPart(name, "message/rfc822", data)


_BULK_PRECEDENCE = frozenset({"bulk", "junk", "list", "auto_reply"})


def _is_automated(message: EmailMessage) -> bool:
    """Auto-replies, bounces and bulk mail (RFC 3834 §5, RFC 3464): routed like any mail,
    but a sink must never answer them automatically, or two robots mail each other forever."""
    auto = header_text(message, "auto-submitted").strip().lower()
    if auto and not auto.startswith("no"):
        return True
    if header_text(message, "precedence").strip().lower() in _BULK_PRECEDENCE:
        return True
    if any(message.get(name) is not None for name in ("x-autoreply", "x-autorespond")):
        return True
    try:
        return message.get_content_type() == "multipart/report"
    except DECODE_ERRORS:
        return False


def _mailboxes(message: EmailMessage, name: str) -> tuple[Mailbox, ...]:
    """Addresses of a header; falls back to the tolerant `getaddresses` if the strict parse
    fails, and drops entries without an address."""
    found: list[Mailbox] = []
    try:
        if has_raw_8bit(message, name):
            raise ValueError("undeclared 8-bit bytes: use the tolerant path")
        for header in message.get_all(name, []):
            for address in getattr(header, "addresses", ()):
                if isinstance(address, Address) and address.addr_spec and address.domain:
                    found.append(Mailbox(address.addr_spec, address.display_name))
    except DECODE_ERRORS:
        found = []
    if not found:
        value = header_text(message, name)
        found = [Mailbox(addr, display) for display, addr in getaddresses([value]) if "@" in addr]
    return tuple(dict.fromkeys(found))


def _date(message: EmailMessage, defects: list[str]) -> datetime | None:
    try:
        header = message["date"]
    except DECODE_ERRORS:
        header = None
    value = getattr(header, "datetime", None) if header is not None else None
    if not isinstance(value, datetime):
        if header is not None:
            defects.append("InvalidDate")
        return None
    if value.tzinfo is None:  # "-0000": the time is UTC with no local zone known (RFC 5322)
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _unix_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _defect_name(defect: object) -> str:
    return type(defect).__name__
