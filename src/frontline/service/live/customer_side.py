"""Use cases on the customer's side: start a chat, write, leave, and email arriving.

Every one of them is applied by the routing service's worker (single writer), inside the
batch transaction; events reach the sockets only after that transaction committed.
"""

from __future__ import annotations

from frontline.domain.channels import Channel
from frontline.domain.live.interactions import Interaction, InteractionStatus
from frontline.domain.live.messages import (
    MAX_EMAIL_TEXT_CHARS,
    Sender,
    check_message_text,
)
from frontline.domain.live.routing_map import routing_queue_id
from frontline.domain.org.customers import check_email
from frontline.domain.org.errors import Conflict, InvalidValue
from frontline.domain.org.text import clean_text
from frontline.service.live.agent_side import finish
from frontline.service.live.commands import EndChat, InboundEmail, PostCustomerMessage, StartChat
from frontline.service.live.effects import apply_events
from frontline.service.live.lookups import NeedsReload, open_interaction
from frontline.service.live.ports import JsonDict
from frontline.service.live.state import Tx, chat_stream
from frontline.service.live.views import chat_status_event, message_view
from frontline.service.selfservice.live_commands import leave_self_service

DEFAULT_CHAT_QUEUE = "general"


def _routing_queue(tx: Tx, name: str, channel: Channel) -> str:
    queue = tx.state.queues.get(name)
    if queue is None:
        with tx.reader() as reader:
            known = {q.name for q in reader.queues()}
        if name in known:
            raise NeedsReload(name)
        raise InvalidValue(f"unknown queue {name!r}")
    if channel not in queue.channels:
        raise InvalidValue(f"queue {name!r} does not take {channel} contacts")
    return routing_queue_id(name, channel)


def _arrive(
    tx: Tx,
    interaction: Interaction,
    text: str,
    token_hash: str | None,
    routing_id: str,
    attachments: list[JsonDict] | None = None,
) -> None:
    """Store the new interaction and its first message, then hand it to the engine (the
    customer is identified here unless that was done ahead, see ``ahead``)."""
    if not interaction.customer_id:
        name, email = interaction.customer_name, interaction.customer_email
        interaction.customer_id, _ = tx.writer.customer_for(name, email)
    tx.writer.add_interaction(interaction, token_hash)
    message = tx.writer.add_message(
        interaction.id, Sender.CUSTOMER, text, tx.at, attachments=attachments
    )
    tx.state.interactions[interaction.id] = interaction
    tx.state.first_messages[interaction.id] = text
    tx.to_chat(interaction.id, {"type": "message", "message": message_view(message)})
    apply_events(tx, tx.state.engine.enqueue(str(interaction.id), routing_id, tx.now))


def start_chat(tx: Tx, cmd: StartChat) -> JsonDict:
    text = check_message_text(cmd.message)
    name = clean_text(cmd.name, "name", max_length=200)
    email = check_email(cmd.email.strip()) if cmd.email else None
    queue = (cmd.queue or DEFAULT_CHAT_QUEUE).strip().lower()
    routing_id = _routing_queue(tx, queue, Channel.CHAT)
    interaction = Interaction(0, Channel.CHAT, queue, cmd.customer_id or 0, name, email, tx.at)
    _arrive(tx, interaction, text, cmd.token_hash, routing_id)
    tx.born.add(chat_stream(interaction.id))
    return {"session_id": interaction.id, "status": "waiting"}


def post_customer_message(tx: Tx, cmd: PostCustomerMessage) -> JsonDict:
    text = check_message_text(cmd.text)
    interaction = open_interaction(tx, cmd.interaction_id)
    if not interaction.takes_customer_messages:
        raise Conflict("this chat has ended; start a new one to write again")
    message = tx.writer.add_message(interaction.id, Sender.CUSTOMER, text, tx.at)
    event = {"type": "message", "message": message_view(message)}
    tx.to_chat(interaction.id, event)
    if interaction.status is InteractionStatus.ACTIVE and interaction.agent_user_id:
        tx.to_agent(interaction.agent_user_id, {**event, "interaction_id": interaction.id})
    return message_view(message)


def end_chat(tx: Tx, cmd: EndChat) -> JsonDict:
    interaction = open_interaction(tx, cmd.interaction_id)
    if interaction.status in (InteractionStatus.WAITING, InteractionStatus.OFFERED):
        apply_events(tx, tx.state.engine.abandon(str(interaction.id), tx.now))
    elif interaction.status is InteractionStatus.SELF_SERVICE:
        leave_self_service(tx, interaction)
    elif interaction.status is InteractionStatus.ACTIVE:
        finish(tx, interaction, by_customer=True)
    return {"status": "ended"}


def customer_gone(tx: Tx, interaction_id: int) -> None:
    """The customer's last socket closed and did not come back within the grace period:
    a chat nobody answered yet is abandoned; a chat in progress stays with its agent."""
    interaction = tx.state.interactions.get(interaction_id)
    if interaction is not None and interaction.status in (
        InteractionStatus.WAITING,
        InteractionStatus.OFFERED,
    ):
        apply_events(tx, tx.state.engine.abandon(str(interaction.id), tx.now))
    elif interaction is not None and interaction.status is InteractionStatus.SELF_SERVICE:
        leave_self_service(tx, interaction)


def inbound_email(tx: Tx, cmd: InboundEmail) -> JsonDict:
    """A customer's email: a message in its thread's interaction when that one is still
    open, otherwise a new interaction on the email queue."""
    text = check_message_text(cmd.text or "(no text)", MAX_EMAIL_TEXT_CHARS)
    attachments = [dict(a) for a in cmd.attachments] or None
    thread = cmd.thread_interaction_id
    current = tx.state.interactions.get(thread) if thread is not None else None
    if current is not None and current.is_live:
        message = tx.writer.add_message(
            current.id, Sender.CUSTOMER, text, tx.at, attachments=attachments
        )
        tx.writer.link_email_id(cmd.message_id, current.id, tx.at)
        if current.status is InteractionStatus.ACTIVE and current.agent_user_id:
            event = {"type": "message", "message": message_view(message)}
            tx.to_agent(current.agent_user_id, {**event, "interaction_id": current.id})
        return {"interaction_id": current.id, "new": False}
    routing_id = _routing_queue(tx, cmd.queue, Channel.EMAIL)
    name = clean_text(cmd.sender_name or cmd.sender_email, "name", max_length=200)
    interaction = Interaction(
        0,
        Channel.EMAIL,
        cmd.queue,
        0,
        name,
        cmd.sender_email.lower(),
        tx.at,
        subject=cmd.subject[:998],
    )
    _arrive(tx, interaction, text, None, routing_id, attachments)
    tx.writer.link_email_id(cmd.message_id, interaction.id, tx.at)
    return {"interaction_id": interaction.id, "new": True}


def chat_status(tx: Tx, interaction: Interaction) -> JsonDict:
    return chat_status_event(interaction, tx.state.display_name(interaction.agent_user_id))
