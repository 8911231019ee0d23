"""The email channel wired to live operation.

Inbound mail (the built-in SMTP listener and/or IMAP polling) goes through the email
adapter's intake, is threaded against the conversations in the database (Message-ID,
In-Reply-To, References, then subject from the same sender) and handed to the routing
service as ``InboundEmail``: a new interaction on the email queue, or a message in the open
one. ``deliver`` returns only after the routing service committed it, so the listener's
``250`` (or the poller's ``\\Seen``) means the mail is durable. Agent replies on email
interactions go out over SMTP with Message-ID, In-Reply-To and References, and their
Message-ID is recorded so the customer's answer threads back.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from email.utils import getaddresses
from typing import Any

from frontline.adapters.db.live_store import SqlLiveStore
from frontline.adapters.email.attachments_fs import FilesystemAttachmentStore
from frontline.adapters.email.compose import new_message_id
from frontline.adapters.email.imap_poller import ImapPoller, ImapSecurity, ImapSettings
from frontline.adapters.email.intake import EmailIntake
from frontline.adapters.email.smtp_listener import SmtpListener, SmtpListenerSettings
from frontline.adapters.email.smtp_sender import SmtpEmailSender, SmtpSecurity, SmtpSenderSettings
from frontline.config import Settings
from frontline.domain.email_thread import build_reply_headers, resolve_conversation
from frontline.domain.live.interactions import Interaction
from frontline.domain.live.messages import Message
from frontline.service.live import commands
from frontline.service.live.routing_service import RoutingService
from frontline.service.ports_email import InboundEmail, Mailbox, OutboundEmail

log = logging.getLogger(__name__)


class _DatabaseThreads:
    """``ConversationLookup`` over the stored Message-IDs and email interactions."""

    def __init__(self, store: SqlLiveStore) -> None:
        self._store = store

    def by_message_id(self, message_id: str) -> str | None:
        with self._store.reader() as reader:
            found = reader.interaction_of_email([message_id])
        return str(found) if found is not None else None

    def by_subject(self, normalised_subject: str, sender: str, since: datetime) -> str | None:
        with self._store.reader() as reader:
            found = reader.email_by_subject(normalised_subject, sender, since)
        return str(found) if found is not None else None


class EmailChannel:
    """The sink the intake delivers to, the listener/poller it runs, and the reply sender."""

    def __init__(
        self,
        settings: Settings,
        store: SqlLiveStore,
        sender: SmtpEmailSender | None,
        from_address: Mailbox | None,
        message_id_domain: str,
    ) -> None:
        self._settings = settings
        self._store = store
        self._sender = sender
        self._from = from_address
        self._domain = message_id_domain
        self._threads = _DatabaseThreads(store)
        self._service: RoutingService | None = None
        attachments = FilesystemAttachmentStore(
            settings.data_dir / "attachments", settings.attachment_max_bytes
        )
        self.intake = EmailIntake(self, attachments)
        self.listener: SmtpListener | None = None
        self._poller: ImapPoller | None = None
        self._stop = threading.Event()
        self._poll_thread: threading.Thread | None = None

    def attach(self, service: RoutingService) -> None:
        self._service = service

    # ------------------------------------------------------------- lifecycle
    def start(self) -> None:
        settings = self._settings
        if settings.smtp_listen_port is not None and settings.email_domains:
            listener_settings = SmtpListenerSettings(
                accepted_domains=frozenset(settings.email_domains),
                host=settings.smtp_listen_host,
                port=settings.smtp_listen_port,
                max_message_bytes=settings.attachment_max_bytes + 1024 * 1024,
            )
            self.listener = SmtpListener(listener_settings, self.intake)
            self.listener.start()
        if settings.imap_host and settings.imap_username and settings.imap_password:
            imap = ImapSettings(
                host=settings.imap_host,
                username=settings.imap_username,
                password=settings.imap_password,
                port=settings.imap_port,
                security=ImapSecurity(settings.imap_security),
                poll_interval_seconds=float(settings.imap_poll_seconds),
                max_backoff_seconds=max(900.0, float(settings.imap_poll_seconds)),
            )
            self._poller = ImapPoller(imap, self.intake)
            self._stop.clear()
            self._poll_thread = threading.Thread(
                target=self._poller.run, args=(self._stop,), name="imap-poller", daemon=True
            )
            self._poll_thread.start()

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
            self.listener = None
        self._stop.set()
        if self._poll_thread is not None:
            self._poll_thread.join(timeout=30)
            self._poll_thread = None

    # --------------------------------------------------------------- inbound
    def deliver(self, email: InboundEmail) -> None:
        """Durable (committed by the routing service) before it returns; a redelivered
        Message-ID is recognised and ignored."""
        assert self._service is not None, "attach the routing service first"
        if self._threads.by_message_id(email.message_id) is not None:
            return
        match = resolve_conversation(email.threading_facts(), self._threads, new_key="")
        sender = email.answer_to or email.sender
        if sender is None:
            log.warning("mail %s has no sender; it is not routed", email.message_id)
            return
        text = email.text
        if email.rejected_attachments:
            names = ", ".join(a.filename for a in email.rejected_attachments)
            text = f"{text}\n\n[attachments not kept, too large: {names}]"
        attachments: tuple[dict[str, Any], ...] = tuple(
            {
                "id": a.attachment_id,
                "filename": a.filename,
                "content_type": a.content_type,
                "size": a.size,
            }
            for a in email.attachments
        )
        cmd = commands.InboundEmail(
            message_id=email.message_id,
            sender_name=sender.display_name,
            sender_email=sender.address,
            subject=email.subject,
            text=text,
            queue=self._settings.email_queue,
            thread_interaction_id=int(match.key) if match.key else None,
            attachments=attachments,
        )
        self._service.execute_blocking(cmd)

    # -------------------------------------------------------------- outbound
    def send_reply(self, interaction: Interaction, message: Message) -> None:
        """Send an agent's reply, threaded under the customer's latest mail."""
        if self._sender is None or self._from is None or not interaction.customer_email:
            log.warning("no outbound SMTP configured; reply %s stays in Frontline", message.id)
            return
        with self._store.reader() as reader:
            ids = reader.email_ids(interaction.id)
        inbound = [mid for mid, is_inbound in ids if is_inbound]
        parent = inbound[-1] if inbound else None
        message_id = new_message_id(self._domain)
        if parent is not None:
            ancestors = tuple(mid for mid, _ in ids if mid != parent)
            headers = build_reply_headers(parent, ancestors, (), interaction.subject, message_id)
            subject, in_reply_to, references = headers.subject, parent, headers.references
        else:
            subject, in_reply_to, references = interaction.subject or "Your message", None, ()
        outbound = OutboundEmail(
            sender=self._from,
            to=(Mailbox(interaction.customer_email, interaction.customer_name),),
            subject=subject,
            text=message.text,
            message_id=message_id,
            in_reply_to=in_reply_to,
            references=references,
        )
        sent_id = self._sender.send(outbound)
        with self._store.side_writer() as writer:
            writer.link_email_id(
                sent_id, interaction.id, message.at + timedelta(microseconds=1), False
            )
            writer.commit()


def build_email_channel(settings: Settings, store: SqlLiveStore) -> EmailChannel | None:
    """The email channel, or None when neither inbound nor outbound mail is configured."""
    inbound = (settings.smtp_listen_port is not None and settings.email_domains) or (
        settings.imap_host is not None
    )
    outbound = settings.smtp_relay_host is not None
    if not inbound and not outbound:
        return None
    from_address = None
    if settings.email_from:
        parsed = getaddresses([settings.email_from])
        if parsed and parsed[0][1]:
            from_address = Mailbox(parsed[0][1], parsed[0][0])
    domain = (
        from_address.address.rpartition("@")[2]
        if from_address
        else (settings.email_domains[0] if settings.email_domains else "frontline.invalid")
    )
    sender = None
    if settings.smtp_relay_host:
        sender = SmtpEmailSender(
            SmtpSenderSettings(
                host=settings.smtp_relay_host,
                message_id_domain=domain,
                port=settings.smtp_relay_port,
                security=SmtpSecurity(settings.smtp_relay_security),
                username=settings.smtp_relay_username,
                password=settings.smtp_relay_password,
            )
        )
    return EmailChannel(settings, store, sender, from_address, domain)
