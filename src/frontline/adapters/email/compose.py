"""Compose replies and render outbound mail as MIME, with the thread headers set.

Threading only works when every reply carries In-Reply-To and References (RFC 5322
§3.6.4); the rules live in `frontline.domain.email_thread`, this module applies them and
produces an `email.message.EmailMessage`. Header values are flattened to one line first, so
text typed by an agent or a customer can never inject extra headers.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from frontline.adapters.email.attachments_fs import safe_filename
from frontline.domain.email_thread import build_reply_headers, make_message_id
from frontline.service.ports_email import (
    InboundEmail,
    Mailbox,
    OutboundEmail,
    OutgoingAttachment,
)


def new_message_id(domain: str) -> str:
    """A fresh, globally unique Message-ID on `domain`."""
    return make_message_id(uuid.uuid4().hex, domain)


def compose_reply(
    original: InboundEmail,
    sender: Mailbox,
    text: str,
    message_id_domain: str,
    html: str | None = None,
    attachments: Sequence[OutgoingAttachment] = (),
) -> OutboundEmail:
    """The reply to `original`: to its Reply-To (or From), threaded, "Re:" subject."""
    recipient = original.answer_to
    if recipient is None:
        raise ValueError(f"message {original.message_id} has no sender to reply to")
    headers = build_reply_headers(
        parent_message_id=original.message_id,
        parent_references=original.references,
        parent_in_reply_to=original.in_reply_to,
        parent_subject=original.subject,
        new_message_id=new_message_id(message_id_domain),
    )
    return OutboundEmail(
        sender=sender,
        to=(recipient,),
        subject=headers.subject,
        text=text,
        html=html,
        message_id=headers.message_id,
        in_reply_to=headers.in_reply_to,
        references=headers.references,
        attachments=tuple(attachments),
    )


def one_line(value: str) -> str:
    """Collapse CR/LF and other line breaks so a value cannot start a new header."""
    return " ".join(value.splitlines()).strip()


def _address(mailbox: Mailbox) -> Address:
    """An `Address`; raises ValueError for an address that is not a single addr-spec."""
    return Address(display_name=one_line(mailbox.display_name), addr_spec=one_line(mailbox.address))


def render_message(email: OutboundEmail, message_id: str, date: datetime) -> EmailMessage:
    """The MIME message: text/plain, optional text/html alternative, then attachments."""
    message = EmailMessage()
    message["From"] = _address(email.sender)
    message["To"] = [_address(m) for m in email.to]
    if email.cc:
        message["Cc"] = [_address(m) for m in email.cc]
    message["Subject"] = one_line(email.subject)
    message["Date"] = format_datetime(date)
    message["Message-ID"] = one_line(message_id)
    if email.in_reply_to:
        message["In-Reply-To"] = one_line(email.in_reply_to)
    if email.references:
        message["References"] = " ".join(one_line(ref) for ref in email.references)
    message.set_content(email.text)
    if email.html is not None:
        message.add_alternative(email.html, subtype="html")
    for attachment in email.attachments:
        maintype, _, subtype = attachment.content_type.partition("/")
        if not maintype or not subtype or "/" in subtype:
            maintype, subtype = "application", "octet-stream"
        message.add_attachment(
            attachment.data,
            maintype=maintype,
            subtype=subtype,
            filename=safe_filename(attachment.filename),
        )
    return message
