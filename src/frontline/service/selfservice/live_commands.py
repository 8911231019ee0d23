"""Commands self-service sends to the routing service, and their handlers.

The flow itself runs outside the routing service's worker (a backend lookup may take seconds,
and the worker must never wait on one); only the results cross over, as commands applied in
order with every other: the bot's replies, a hand-off (the chat or call joins its queue with
the context the flow collected), a contained finish, a voice call arriving or ending, a
callback released into its queue, and the wait estimate a callback offer needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from frontline.domain.channels import Channel
from frontline.domain.live.interactions import Interaction, InteractionStatus
from frontline.domain.live.messages import Sender, check_message_text
from frontline.domain.live.routing_map import routing_queue_id
from frontline.domain.org.customers import check_email
from frontline.domain.org.errors import Conflict, InvalidValue
from frontline.domain.org.text import clean_text
from frontline.domain.routing import AgentState
from frontline.service.live.agent_side import finish
from frontline.service.live.effects import apply_events, forget
from frontline.service.live.lookups import NeedsReload, open_interaction
from frontline.service.live.ports import JsonDict
from frontline.service.live.state import Tx, chat_stream
from frontline.service.live.views import chat_status_event, message_view

DEFAULT_AHT_S = 300.0
MAX_BOT_TEXT = 4000


@dataclass(frozen=True)
class StartBotChat:
    """A chat whose queue has a published flow: stored, shown, but not routed yet."""

    name: str
    email: str | None
    message: str
    queue: str
    token_hash: str


@dataclass(frozen=True)
class HandOffTo:
    queue: str
    priority: int
    context: JsonDict


@dataclass(frozen=True)
class BotTurn:
    """The bot's replies in a chat, then optionally the end of self-service."""

    interaction_id: int
    replies: tuple[str, ...]
    options: tuple[tuple[str, str], ...] = ()
    """(value, label) buttons for the last reply."""
    hand_off: HandOffTo | None = None
    finish_as: str | None = None
    """Close without an agent, with this disposition (``self_service``, ``callback``)."""


@dataclass(frozen=True)
class StartVoiceCall:
    """A call the IVR handed off, or a released callback: a voice interaction in its queue."""

    caller: str | None
    queue: str
    priority: int
    context: JsonDict = field(default_factory=dict)
    arrived_at: datetime | None = None
    subject: str = ""
    fallback_queue: str | None = None
    """Where to route when ``queue`` does not take voice (the flow's ``agent_queue``)."""


@dataclass(frozen=True)
class VoiceCallEnded:
    """The carrier reported a final status: completed, busy, no answer, failed, canceled."""

    interaction_id: int


@dataclass(frozen=True)
class EstimateWait:
    queue: str


def _routing_id(tx: Tx, queue: str, channel: Channel) -> str:
    found = tx.state.queues.get(queue)
    if found is None:
        with tx.reader() as reader:
            if any(q.name == queue for q in reader.queues()):
                raise NeedsReload(queue)
        raise InvalidValue(f"unknown queue {queue!r}")
    if channel not in found.channels:
        raise InvalidValue(f"queue {queue!r} does not take {channel} contacts")
    return routing_queue_id(queue, channel)


def start_bot_chat(tx: Tx, cmd: StartBotChat) -> JsonDict:
    text = check_message_text(cmd.message)
    name = clean_text(cmd.name, "name", max_length=200)
    email = check_email(cmd.email.strip()) if cmd.email else None
    _routing_id(tx, cmd.queue, Channel.CHAT)
    interaction = Interaction(0, Channel.CHAT, cmd.queue, 0, name, email, tx.at)
    interaction.status = InteractionStatus.SELF_SERVICE
    interaction.customer_id, _ = tx.writer.customer_for(name, email)
    tx.writer.add_interaction(interaction, cmd.token_hash)
    message = tx.writer.add_message(interaction.id, Sender.CUSTOMER, text, tx.at)
    tx.state.interactions[interaction.id] = interaction
    tx.state.first_messages[interaction.id] = text
    tx.to_chat(interaction.id, {"type": "message", "message": message_view(message)})
    tx.born.add(chat_stream(interaction.id))  # its socket replays from the journal
    return {"session_id": interaction.id, "status": "bot"}


def bot_turn(tx: Tx, cmd: BotTurn) -> JsonDict:
    interaction = open_interaction(tx, cmd.interaction_id)
    if interaction.status is not InteractionStatus.SELF_SERVICE:
        raise Conflict(f"interaction {interaction.id} is no longer with the bot")
    routing_id, queue = None, interaction.queue
    if cmd.hand_off is not None:  # validate before anything is written
        try:  # the intent's queue; one that does not take chats falls back to the chat's own
            routing_id = _routing_id(tx, cmd.hand_off.queue, interaction.channel)
            queue = cmd.hand_off.queue
        except InvalidValue:
            routing_id = _routing_id(tx, interaction.queue, interaction.channel)
    sent = []
    for index, reply in enumerate(cmd.replies):
        text = reply.strip()[:MAX_BOT_TEXT]
        if not text:
            continue
        message = tx.writer.add_message(interaction.id, Sender.BOT, text, tx.at)
        view = message_view(message)
        if cmd.options and index == len(cmd.replies) - 1:
            view["options"] = [{"value": v, "label": label} for v, label in cmd.options]
        tx.to_chat(interaction.id, {"type": "message", "message": view})
        sent.append(view)
    if cmd.hand_off is not None and routing_id is not None:
        interaction.hand_off(cmd.hand_off.context, queue)
        tx.save(interaction)
        tx.to_chat(interaction.id, chat_status_event(interaction, None))
        events = tx.state.engine.enqueue(
            str(interaction.id), routing_id, tx.now, priority=cmd.hand_off.priority or None
        )
        apply_events(tx, events)
    elif cmd.finish_as is not None:
        interaction.finish_self_service(tx.at, cmd.finish_as)
        tx.save(interaction)
        tx.to_chat(interaction.id, chat_status_event(interaction, None))
        forget(tx, interaction.id)
    return {"messages": sent, "status": interaction.status.value}


def leave_self_service(tx: Tx, interaction: Interaction) -> None:
    """The customer left the bot (closed the chat, or the widget vanished)."""
    interaction.abandon(tx.at)
    tx.save(interaction)
    tx.to_chat(interaction.id, chat_status_event(interaction, None))
    forget(tx, interaction.id)


def start_voice_call(tx: Tx, cmd: StartVoiceCall) -> JsonDict:
    queue = cmd.queue
    try:
        routing_id = _routing_id(tx, queue, Channel.VOICE)
    except InvalidValue:
        if cmd.fallback_queue is None:
            raise
        queue = cmd.fallback_queue
        routing_id = _routing_id(tx, queue, Channel.VOICE)
    arrived = min(cmd.arrived_at or tx.at, tx.at)
    name = cmd.caller if cmd.caller and not cmd.caller.startswith("client:") else "Caller"
    phone = cmd.caller if cmd.caller and cmd.caller.startswith("+") else None
    interaction = Interaction(
        0, Channel.VOICE, queue, 0, name, None, arrived, subject=cmd.subject[:998]
    )
    interaction.context = dict(cmd.context) or None
    interaction.customer_id, _ = tx.writer.customer_for(name, None, phone=phone)
    tx.writer.add_interaction(interaction, None)
    tx.state.interactions[interaction.id] = interaction
    tx.state.first_messages[interaction.id] = cmd.subject or f"Call from {name}"
    events = tx.state.engine.enqueue(
        str(interaction.id),
        routing_id,
        tx.now,
        priority=cmd.priority or None,
        arrived_at=min(arrived.timestamp(), tx.now),
    )
    apply_events(tx, events)
    return {"interaction_id": interaction.id, "status": interaction.status.value}


def voice_call_ended(tx: Tx, cmd: VoiceCallEnded) -> JsonDict:
    """Completed while talking: the agent wraps up; before an agent answered: abandoned."""
    interaction = tx.state.interactions.get(cmd.interaction_id)
    if interaction is None:
        return {"interaction_id": cmd.interaction_id, "status": "closed"}
    if interaction.status in (InteractionStatus.WAITING, InteractionStatus.OFFERED):
        apply_events(tx, tx.state.engine.abandon(str(interaction.id), tx.now))
    elif interaction.status is InteractionStatus.ACTIVE:
        finish(tx, interaction, by_customer=True)
    return {"interaction_id": interaction.id, "status": interaction.status.value}


def estimate_wait(tx: Tx, cmd: EstimateWait) -> float:
    """Expected wait of a new contact: queue length × AHT ÷ agents able to serve the queue."""
    state = tx.state
    queue = state.queues.get(cmd.queue)
    if queue is None:
        return 0.0
    waiting = sum(
        1
        for i in state.interactions.values()
        if i.queue == cmd.queue
        and i.status in (InteractionStatus.WAITING, InteractionStatus.OFFERED)
    )
    agents = sum(
        1
        for user_id, info in state.agents.items()
        if info.state != AgentState.OFFLINE.value
        and all(
            state.agent_skills.get(user_id, {}).get(skill, 0) >= level
            for skill, level in queue.required_skills.items()
        )
    )
    row: dict[str, Any] = next(
        (r for r in state.stats.queue_rows(tx.now, {}) if r["name"] == cmd.queue), {}
    )
    aht = float(row.get("aht_s") or DEFAULT_AHT_S)
    return waiting * aht / max(agents, 1)


HANDLERS: dict[type[Any], Any] = {
    StartBotChat: start_bot_chat,
    BotTurn: bot_turn,
    StartVoiceCall: start_voice_call,
    VoiceCallEnded: voice_call_ended,
    EstimateWait: estimate_wait,
}
