"""What the routing engine's events mean for interactions, agents and the people watching.

Every command's engine events pass through ``apply_events`` in order: the interaction
records change, the agent and the customer are told (events stored in the same transaction,
pushed after commit) and the live statistics are fed. Keeping this in one function is what
keeps the desktop, the widget and the wallboard consistent with the engine.
"""

from __future__ import annotations

from collections.abc import Iterable

from frontline.domain.live.interactions import Interaction, InteractionStatus
from frontline.domain.routing import (
    AgentState,
    AgentStateChanged,
    ContactAbandoned,
    ContactOffered,
    ContactTransferred,
    Event,
    OfferAccepted,
    OfferDeclined,
)
from frontline.domain.routing.states import PRESENCE_STATES
from frontline.service.live.ports import JsonDict, Presence
from frontline.service.live.state import Tx
from frontline.service.live.views import (
    chat_status_event,
    customer_view,
    epoch_to_datetime,
    interaction_view,
    iso,
)


def _interaction(tx: Tx, contact_id: str) -> Interaction:
    return tx.state.interactions[int(contact_id)]


def offer_event(tx: Tx, interaction: Interaction, first_message: str) -> JsonDict:
    expires = tx.state.offer_expires.get(interaction.id)
    return {
        "type": "offer",
        "interaction_id": interaction.id,
        "channel": interaction.channel.value,
        "queue": interaction.queue,
        "customer": customer_view(interaction),
        "subject": interaction.subject,
        "first_message": first_message,
        "flow_context": interaction.context,
        "timeout_s": tx.state.settings.offer_timeout_s,
        "expires_at": iso(epoch_to_datetime(expires)) if expires is not None else None,
    }


def first_message(tx: Tx, interaction: Interaction) -> str:
    cached = tx.state.first_messages.get(interaction.id)
    if cached is not None:
        return cached
    with tx.reader() as reader:
        messages = reader.messages(interaction.id)
    text = next((m.text for m in messages if m.sender.value == "customer"), "")
    tx.state.first_messages[interaction.id] = text
    return text


def assigned_event(tx: Tx, interaction: Interaction) -> JsonDict:
    view = interaction_view(
        interaction, agent_username=tx.state.username(interaction.agent_user_id)
    )
    return {"type": "assigned", "interaction_id": interaction.id, "interaction": view}


def apply_events(tx: Tx, events: Iterable[Event]) -> None:
    events = list(events)
    state = tx.state
    for event in events:
        if isinstance(event, ContactOffered):
            interaction = _interaction(tx, event.contact_id)
            user_id = int(event.agent_id)
            interaction.offer(user_id)
            state.offer_expires[interaction.id] = event.at + state.settings.offer_timeout_s
            # offers are transient: not written (a restart offers waiting contacts afresh)
            tx.to_agent(user_id, offer_event(tx, interaction, first_message(tx, interaction)))
        elif isinstance(event, OfferAccepted):
            interaction = _interaction(tx, event.contact_id)
            interaction.accept(int(event.agent_id), epoch_to_datetime(event.at))
            state.offer_expires.pop(interaction.id, None)
            tx.save(interaction)
            tx.to_agent(int(event.agent_id), assigned_event(tx, interaction))
            name = state.display_name(interaction.agent_user_id)
            tx.to_chat(interaction.id, chat_status_event(interaction, name))
        elif isinstance(event, OfferDeclined):
            interaction = _interaction(tx, event.contact_id)
            interaction.withdraw_offer()
            state.offer_expires.pop(interaction.id, None)
            reason = "timeout" if event.timed_out else "declined"
            tx.to_agent(int(event.agent_id), _revoked(interaction.id, reason))
        elif isinstance(event, ContactAbandoned):
            interaction = _interaction(tx, event.contact_id)
            offered_to = interaction.offered_to
            interaction.abandon(epoch_to_datetime(event.at))
            state.offer_expires.pop(interaction.id, None)
            tx.save(interaction)
            if offered_to is not None:
                tx.to_agent(offered_to, _revoked(interaction.id, "abandoned"))
            tx.to_chat(interaction.id, chat_status_event(interaction, None))
            forget(tx, interaction.id)
        elif isinstance(event, ContactTransferred):
            interaction = _interaction(tx, event.contact_id)
            released = interaction.agent_user_id or interaction.offered_to
            name, _, _ = event.to_queue.rpartition("/")
            interaction.back_to_queue(name)
            state.offer_expires.pop(interaction.id, None)
            tx.save(interaction)
            if released is not None:
                tx.to_agent(
                    released,
                    {
                        "type": "closed",
                        "interaction_id": interaction.id,
                        "disposition": "transferred",
                    },
                )
            tx.to_chat(interaction.id, chat_status_event(interaction, None))
        elif isinstance(event, AgentStateChanged):
            _agent_state(tx, event)
    state.stats.observe(events)
    if events:
        state.wallboard_dirty = True


def _revoked(interaction_id: int, reason: str) -> JsonDict:
    return {"type": "offer_revoked", "interaction_id": interaction_id, "reason": reason}


def _agent_state(tx: Tx, event: AgentStateChanged) -> None:
    info = tx.state.agents.get(int(event.agent_id))
    if info is None:
        return
    info.state, info.reason, info.since = event.new.value, event.reason, event.at
    if event.new is not AgentState.WRAP_UP:
        info.wrap_up_until = None
    if event.new in PRESENCE_STATES:
        info.requested, info.requested_reason = event.new.value, event.reason
        tx.save_presence(
            Presence(info.user_id, event.new.value, event.reason, epoch_to_datetime(event.at))
        )
    tx.to_agent(info.user_id, state_event(info.state, info.reason, event.at))


def state_event(state: str, reason: str | None, since: float) -> JsonDict:
    return {
        "type": "state",
        "state": state,
        "reason": reason,
        "since": iso(epoch_to_datetime(since)),
    }


def forget(tx: Tx, interaction_id: int) -> None:
    """The interaction is finished: drop it from the in-memory working set."""
    tx.state.interactions.pop(interaction_id, None)
    tx.state.first_messages.pop(interaction_id, None)
    tx.state.offer_expires.pop(interaction_id, None)


def is_open_wrap_up(interaction: Interaction, user_id: int) -> bool:
    return interaction.status is InteractionStatus.WRAP_UP and interaction.agent_user_id == user_id
