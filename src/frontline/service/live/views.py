"""The JSON shapes of live operation (docs/reference/live-api.md), built in one place so the
REST answers, the pushed events and the replayed events can never disagree."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from frontline.domain.live.interactions import Interaction, customer_status
from frontline.domain.live.messages import Message

JsonDict = dict[str, Any]


def iso(at: datetime | None) -> str | None:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z") if at is not None else None


def epoch_to_datetime(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def message_view(message: Message) -> JsonDict:
    return {
        "id": message.id,
        "sender": message.sender.value,
        "text": message.text,
        "at": iso(message.at),
    }


def customer_view(interaction: Interaction) -> JsonDict:
    return {
        "id": interaction.customer_id or None,
        "name": interaction.customer_name,
        "email": interaction.customer_email,
    }


def interaction_view(
    interaction: Interaction,
    *,
    agent_username: str | None = None,
    messages: list[Message] | None = None,
    wrap_up_until: datetime | None = None,
) -> JsonDict:
    view: JsonDict = {
        "id": interaction.id,
        "status": interaction.status.value,
        "channel": interaction.channel.value,
        "queue": interaction.queue,
        "customer": customer_view(interaction),
        "subject": interaction.subject,
        "agent": agent_username,
        "created_at": iso(interaction.created_at),
        "accepted_at": iso(interaction.accepted_at),
        "ended_at": iso(interaction.ended_at),
        "ended_by": interaction.ended_by.value if interaction.ended_by else None,
        "closed_at": iso(interaction.closed_at),
        "disposition": interaction.disposition,
        "notes": interaction.notes,
        "flow_context": interaction.context,
    }
    if interaction.status.value == "wrap_up":
        view["wrap_up_since"] = iso(interaction.ended_at)
        view["wrap_up_until"] = iso(wrap_up_until)
    if messages is not None:
        view["messages"] = [message_view(m) for m in messages]
    return view


def chat_status_event(interaction: Interaction, agent_name: str | None) -> JsonDict:
    event: JsonDict = {"type": "status", "status": customer_status(interaction.status)}
    if agent_name:
        event["agent_name"] = agent_name
    return event
