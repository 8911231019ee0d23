"""Use cases on the agent's side: presence, offers, replies, transfers, ending and wrap-up.

Engine commands run first: they validate and leave the engine untouched when they refuse,
so a refused command changes nothing anywhere. Records change only from the engine's
events (``effects.apply_events``) or after the engine agreed.
"""

from __future__ import annotations

from frontline.domain.live.dispositions import DISPOSITIONS, check_disposition, check_notes
from frontline.domain.live.interactions import EndedBy, Interaction, InteractionStatus
from frontline.domain.live.messages import Sender, check_message_text
from frontline.domain.live.routing_map import routing_agent_id, routing_queue_id
from frontline.domain.org.errors import Conflict, InvalidValue, NotFound
from frontline.domain.routing import AgentState
from frontline.domain.routing.states import PRESENCE_STATES
from frontline.service.live.commands import (
    AcceptOffer,
    DeclineOffer,
    EndInteraction,
    PostAgentMessage,
    SetAgentState,
    TransferInteraction,
    WrapUp,
)
from frontline.service.live.effects import (
    apply_events,
    assigned_event,
    forget,
    is_open_wrap_up,
    state_event,
)
from frontline.service.live.lookups import (
    NeedsReload,
    agent_info,
    open_interaction,
    owned_interaction,
)
from frontline.service.live.ports import JsonDict
from frontline.service.live.registry import refresh_if_offline
from frontline.service.live.state import Tx
from frontline.service.live.views import chat_status_event, epoch_to_datetime, message_view

CONNECTION_LOST = "connection_lost"


def set_agent_state(tx: Tx, cmd: SetAgentState) -> JsonDict:
    try:
        state = AgentState(cmd.state)
    except ValueError:
        raise InvalidValue(f"unknown state {cmd.state!r}") from None
    if state not in PRESENCE_STATES:
        raise InvalidValue(f"{state} is set by the router, not requested")
    info = agent_info(tx, cmd.user_id)
    refresh_if_offline(tx, info)
    reason = cmd.reason or None
    if state is AgentState.BREAK and reason is None:
        reason = "personal"
    if state in (AgentState.AVAILABLE, AgentState.OFFLINE):
        reason = None
    events = tx.state.engine.set_state(info.engine_id, state, tx.now, reason)
    info.requested, info.requested_reason = state.value, reason
    apply_events(tx, events)
    return state_event(info.state, info.reason, info.since)


def _offered_to(tx: Tx, interaction_id: int, user_id: int) -> Interaction:
    """The contract answers 409 for an offer that is not (or no longer) the caller's."""
    interaction = open_interaction(tx, interaction_id)
    if interaction.status is not InteractionStatus.OFFERED or interaction.offered_to != user_id:
        raise Conflict(f"interaction {interaction_id} is not offered to you (any more)")
    return interaction


def accept_offer(tx: Tx, cmd: AcceptOffer) -> JsonDict:
    interaction = _offered_to(tx, cmd.interaction_id, cmd.user_id)
    agent_id = routing_agent_id(cmd.user_id)
    apply_events(tx, tx.state.engine.accept(str(interaction.id), agent_id, tx.now))
    return {"interaction": assigned_event(tx, interaction)["interaction"]}


def decline_offer(tx: Tx, cmd: DeclineOffer) -> JsonDict:
    interaction = _offered_to(tx, cmd.interaction_id, cmd.user_id)
    agent_id = routing_agent_id(cmd.user_id)
    apply_events(tx, tx.state.engine.decline(str(interaction.id), agent_id, tx.now))
    return {"interaction_id": interaction.id, "status": "declined"}


def _handled_by(tx: Tx, interaction_id: int, user_id: int) -> Interaction:
    interaction = owned_interaction(tx, interaction_id, user_id)
    if interaction.status is not InteractionStatus.ACTIVE or interaction.agent_user_id != user_id:
        raise Conflict(f"interaction {interaction_id} is {interaction.status}, not active")
    return interaction


def post_agent_message(tx: Tx, cmd: PostAgentMessage) -> JsonDict:
    text = check_message_text(cmd.text)
    interaction = _handled_by(tx, cmd.interaction_id, cmd.user_id)
    message = tx.writer.add_message(interaction.id, Sender.AGENT, text, tx.at, cmd.user_id)
    view = message_view(message)
    tx.to_chat(interaction.id, {"type": "message", "message": view})
    tx.to_agent(cmd.user_id, {"type": "message", "interaction_id": interaction.id, "message": view})
    if tx.email_replies is not None and interaction.channel.value == "email":
        tx.email_replies.append((interaction, message))
    return view


def transfer(tx: Tx, cmd: TransferInteraction) -> JsonDict:
    interaction = owned_interaction(tx, cmd.interaction_id, cmd.user_id)
    if interaction.status is not InteractionStatus.ACTIVE:
        raise Conflict("only an accepted interaction can be transferred")
    if (cmd.queue is None) == (cmd.agent is None):
        raise InvalidValue("transfer to either a queue or an agent")
    to_queue = to_agent = None
    if cmd.queue is not None:
        queue = tx.state.queues.get(cmd.queue)
        if queue is None:
            raise (
                NeedsReload(cmd.queue)
                if _queue_exists(tx, cmd.queue)
                else NotFound(f"queue {cmd.queue!r} not found")
            )
        if interaction.channel not in queue.channels:
            raise InvalidValue(f"queue {cmd.queue!r} does not take {interaction.channel}")
        to_queue = routing_queue_id(cmd.queue, interaction.channel)
    else:
        target = next((a for a in tx.state.agents.values() if a.username == cmd.agent), None)
        if target is None:
            raise NotFound(f"agent {cmd.agent!r} is not logged in")
        if target.user_id == cmd.user_id:
            raise InvalidValue("you already have this interaction")
        to_agent = target.engine_id
    events = tx.state.engine.transfer(
        str(interaction.id), tx.now, to_queue=to_queue, to_agent=to_agent
    )
    apply_events(tx, events)
    end_wrap_up_if_done(tx, cmd.user_id)
    return {"interaction_id": interaction.id, "status": interaction.status.value}


def _queue_exists(tx: Tx, name: str) -> bool:
    with tx.reader() as reader:
        return any(q.name == name for q in reader.queues())


def end_interaction(tx: Tx, cmd: EndInteraction) -> JsonDict:
    interaction = _handled_by(tx, cmd.interaction_id, cmd.user_id)
    finish(tx, interaction, by_customer=False)
    return {"interaction_id": interaction.id, "status": interaction.status.value}


def finish(tx: Tx, interaction: Interaction, *, by_customer: bool) -> None:
    """Handling ends (either side): the interaction enters wrap-up with its agent."""
    user_id = interaction.agent_user_id
    assert user_id is not None
    apply_events(tx, tx.state.engine.complete(str(interaction.id), tx.now))
    interaction.end(EndedBy.CUSTOMER if by_customer else EndedBy.AGENT, tx.at)
    tx.save(interaction)
    info = tx.state.agents[user_id]
    until = None
    if info.state == AgentState.WRAP_UP.value:
        info.wrap_up_until = tx.now + tx.state.settings.wrap_up_s
        until = epoch_to_datetime(info.wrap_up_until).isoformat()
    by = "customer" if by_customer else "agent"
    tx.to_agent(user_id, {"type": "ended", "interaction_id": interaction.id, "by": by})
    tx.to_agent(
        user_id,
        {
            "type": "wrap_up",
            "interaction_id": interaction.id,
            "since": tx.at.isoformat(),
            "until": until,
        },
    )
    tx.to_chat(interaction.id, chat_status_event(interaction, None))


def wrap_up(tx: Tx, cmd: WrapUp) -> JsonDict:
    notes = check_notes(cmd.notes)
    interaction = owned_interaction(tx, cmd.interaction_id, cmd.user_id)
    if interaction.status is not InteractionStatus.WRAP_UP:
        raise Conflict(f"interaction {interaction.id} is {interaction.status}; end it first")
    rules = cmd.rules if cmd.rules is not None and cmd.rules.queue == interaction.queue else None
    if rules is None:  # not read ahead (see ``ahead``): read now
        dispositions = queue_dispositions(tx, interaction.queue)
    else:
        dispositions = dict(DISPOSITIONS) if rules.dispositions is None else rules.dispositions
    disposition = check_disposition(cmd.disposition, dispositions)
    if rules is None:
        pending = tx.writer.pending_script_steps(interaction.id)
    else:
        pending = rules.pending_steps
    if pending:  # a compliance statement not read out cannot be wrapped up and forgotten
        steps = ", ".join(repr(step) for step in pending)
        raise Conflict(
            f"wrap-up refused: the mandatory script step {steps} is still pending; "
            "complete it in the script first"
        )
    interaction.close(disposition, notes, tx.at)
    tx.save(interaction)
    forget(tx, interaction.id)
    tx.to_agent(
        cmd.user_id,
        {"type": "closed", "interaction_id": interaction.id, "disposition": disposition},
    )
    end_wrap_up_if_done(tx, cmd.user_id)
    tx.state.wallboard_dirty = True
    return {"interaction_id": interaction.id, "status": "closed", "disposition": disposition}


def queue_dispositions(tx: Tx, queue_name: str) -> dict[str, str]:
    """The queue's codes as stored now (read per wrap-up, so an edit applies at once); a
    queue since deleted falls back to the default list."""
    with tx.reader() as reader:
        queue = next((q for q in reader.queues() if q.name == queue_name), None)
    return queue.dispositions if queue is not None else dict(DISPOSITIONS)


def end_wrap_up_if_done(tx: Tx, user_id: int) -> None:
    """The agent's after-contact work ends with its last disposition (or a transfer left it
    nothing to wrap up): it returns to the presence it last asked for."""
    info = tx.state.agents.get(user_id)
    engine = tx.state.engine
    if info is None or engine.agent_state(info.engine_id) is not AgentState.WRAP_UP:
        return
    if any(is_open_wrap_up(i, user_id) for i in tx.state.interactions.values()):
        return
    presence = AgentState(info.requested)
    reason = info.requested_reason
    if presence in (AgentState.AVAILABLE, AgentState.OFFLINE):
        reason = None
    elif reason is None:
        reason = "personal"
    apply_events(tx, engine.set_state(info.engine_id, presence, tx.now, reason))


def connection_lost(tx: Tx, user_id: int) -> None:
    """The agent's desktop has been gone for the whole grace period: its offers go to other
    agents, its chats back to their queues (original arrival time kept), and it is set not
    ready so nothing new is offered to an empty chair."""
    info = tx.state.agents.get(user_id)
    if info is None:
        return
    engine = tx.state.engine
    agent_id = info.engine_id
    while offers := engine.offered_contacts(agent_id):
        for contact_id in sorted(offers):
            apply_events(tx, engine.decline(contact_id, agent_id, tx.now))
        if engine.agent_state(agent_id) is not AgentState.RESERVED:
            break
    if engine.agent_state(agent_id) in (AgentState.AVAILABLE, AgentState.BUSY, AgentState.WRAP_UP):
        apply_events(tx, engine.set_state(agent_id, AgentState.NOT_READY, tx.now, CONNECTION_LOST))
    for interaction in list(tx.state.interactions.values()):
        if interaction.agent_user_id != user_id or not interaction.is_live:
            continue
        interaction.back_to_queue()
        tx.save(interaction)
        tx.to_agent(
            user_id,
            {"type": "closed", "interaction_id": interaction.id, "disposition": "requeued"},
        )
        tx.to_chat(interaction.id, chat_status_event(interaction, None))
        apply_events(tx, engine.requeue(str(interaction.id), tx.now))
