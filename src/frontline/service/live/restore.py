"""Building the routing engine and its working set from the database: at start, after a
restart, and whenever a batch failed to commit (memory must not run ahead of the record).

Decisions (see docs/adr/0005-live-routing-service.md):

- Waiting and offered interactions are queued again with their original arrival time, so
  their wait and their place in the queue survive; a pending offer is made afresh.
- Active interactions are re-attached to their agents: each is sent to its agent as a
  directed transfer and accepted on its behalf, before anything else is routed.
- Agents come back in the presence they last asked for, but on probation: a grace timer
  starts for each agent not offline, and unless its desktop reconnects within the grace
  period its work is requeued and it is set not ready (as for a browser that died).
- Interactions in wrap-up stay in wrap-up until their disposition arrives.
- Today's figures restart from the restored state (the engine's events of the rebuild are
  not counted again).
"""

from __future__ import annotations

from frontline.domain.live.interactions import Interaction, InteractionStatus
from frontline.domain.live.routing_map import (
    RoutingTimers,
    routing_agent_id,
    routing_queue_id,
    routing_queues,
)
from frontline.domain.live.stats import LiveStats, QueueTarget
from frontline.domain.routing import AgentState, RoutingEngine
from frontline.service.live.effects import apply_events
from frontline.service.live.ports import LiveReaderFactory, LiveWriter
from frontline.service.live.reads import local_day_start
from frontline.service.live.registry import register_agent
from frontline.service.live.state import LiveSettings, LiveState, Tx, agent_stream

_S = AgentState
_KEPT_AS_THEY_ARE = (InteractionStatus.WRAP_UP, InteractionStatus.SELF_SERVICE)
"""Not in the engine: wrap-ups wait for their disposition, bot chats for their next turn."""


def build_state(
    reader_factory: LiveReaderFactory, settings: LiveSettings, now: float
) -> tuple[LiveState, list[Interaction], dict[int, tuple[str, str | None]]]:
    """An engine with every queue and agent, and the open interactions still to re-attach."""
    with reader_factory() as reader:
        queues = reader.queues()
        staff = reader.staff()
        presences = {p.user_id: (p.state, p.reason) for p in reader.presences()}
        open_interactions = reader.open_interactions()
    timers = RoutingTimers(settings.offer_timeout_s, settings.wrap_up_s)
    configs = routing_queues(queues, timers)
    engine = RoutingEngine(configs, not_ready_on_timeout=True)
    stats = LiveStats(
        targets={
            q.name: QueueTarget(q.name, q.service_level.percent, q.service_level.threshold_seconds)
            for q in queues
        },
        routing_thresholds={
            c.id: float(
                next(
                    q for q in queues if c.id.startswith(f"{q.name}/")
                ).service_level.threshold_seconds
            )
            for c in configs
        },
        day_start=local_day_start(now, settings.timezone),
    )
    state = LiveState(engine, {q.name: q for q in queues}, stats, settings)
    for member in staff:
        register_agent(state, member, now)
    return state, open_interactions, presences


def restore(
    tx: Tx, open_interactions: list[Interaction], presences: dict[int, tuple[str, str | None]]
) -> None:
    """Put the open interactions back into ``tx.state`` (whose engine has no contacts yet)."""
    state, engine, now = tx.state, tx.state.engine, tx.now
    known = [i for i in open_interactions if _routable(state, i)]
    for interaction in open_interactions:
        if interaction.status in _KEPT_AS_THEY_ARE or interaction in known:
            state.interactions[interaction.id] = interaction
    active = [i for i in known if i.status is InteractionStatus.ACTIVE]
    holders = sorted({i.agent_user_id for i in active if i.agent_user_id is not None})
    for interaction in active:
        engine.enqueue(
            str(interaction.id), _rq(interaction), now, arrived_at=_arrival(interaction, now)
        )
    for user_id in holders:
        engine.set_state(routing_agent_id(user_id), _S.NOT_READY, now, "restoring")
    for interaction in active:
        assert interaction.agent_user_id is not None
        engine.transfer(
            str(interaction.id), now, to_agent=routing_agent_id(interaction.agent_user_id)
        )
    for user_id in holders:
        agent_id = routing_agent_id(user_id)
        engine.set_state(agent_id, _S.AVAILABLE, now)
        for contact_id in sorted(engine.offered_contacts(agent_id)):
            engine.accept(contact_id, agent_id, now)
    for user_id, info in state.agents.items():
        wanted, reason = presences.get(user_id, ("offline", None))
        current = engine.agent_state(info.engine_id)
        _restore_presence(tx, user_id, _S(wanted), reason, current)
    for interaction in sorted(known, key=lambda i: i.created_at):
        if interaction.status is InteractionStatus.ACTIVE:
            continue
        if interaction.status is InteractionStatus.OFFERED:
            interaction.withdraw_offer()
            tx.save(interaction)
        events = engine.enqueue(
            str(interaction.id), _rq(interaction), now, arrived_at=_arrival(interaction, now)
        )
        apply_events(tx, events)
    for user_id, info in state.agents.items():
        if engine.agent_state(info.engine_id) is not _S.OFFLINE:
            state.grace[agent_stream(user_id)] = now + state.settings.agent_grace_s


def _restore_presence(
    tx: Tx, user_id: int, wanted: AgentState, reason: str | None, current: AgentState
) -> None:
    info = tx.state.agents[user_id]
    engine = tx.state.engine
    if wanted is _S.BREAK and not reason:
        reason = "personal"
    if wanted in (_S.AVAILABLE, _S.OFFLINE):
        reason = None
    if wanted is not current and not (current is _S.BUSY and wanted is _S.OFFLINE):
        engine.set_state(info.engine_id, wanted, tx.now, reason)
    info.requested, info.requested_reason = wanted.value, reason
    info.state = engine.agent_state(info.engine_id).value
    info.reason = engine.agent_reason(info.engine_id)
    info.since = tx.now
    tx.state.stats.seed_agent(info.engine_id, info.state, tx.now)


def _routable(state: LiveState, interaction: Interaction) -> bool:
    if interaction.status not in (
        InteractionStatus.WAITING,
        InteractionStatus.OFFERED,
        InteractionStatus.ACTIVE,
    ):
        return False
    queue = state.queues.get(interaction.queue)
    if queue is None or interaction.channel not in queue.channels:
        return False
    return interaction.status is not InteractionStatus.ACTIVE or (
        interaction.agent_user_id in state.agents
    )


def _rq(interaction: Interaction) -> str:
    return routing_queue_id(interaction.queue, interaction.channel)


def _arrival(interaction: Interaction, now: float) -> float:
    return min(interaction.created_at.timestamp(), now)


__all__ = ["LiveWriter", "build_state", "restore"]
