"""Read models served by the routing service itself, so they are consistent with the
commands applied before them: the agent's desktop snapshot and the wallboard document."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from frontline.domain.live.dispositions import DISPOSITIONS
from frontline.domain.live.interactions import InteractionStatus
from frontline.domain.org.roles import Permission
from frontline.service.live.commands import ReadDesktop, ReadStats
from frontline.service.live.effects import first_message, offer_event
from frontline.service.live.lookups import agent_info
from frontline.service.live.ports import JsonDict
from frontline.service.live.state import LiveState, Tx, agent_stream
from frontline.service.live.views import epoch_to_datetime, interaction_view, iso


def desktop(tx: Tx, cmd: ReadDesktop) -> JsonDict:
    info = agent_info(tx, cmd.user_id)
    held = tx.state.holdings(cmd.user_id)
    with tx.reader() as reader:
        staff = reader.staff(cmd.user_id)
        last_id = reader.last_event_id(agent_stream(cmd.user_id))
        codes = {q.name: _code_list(q.dispositions) for q in reader.queues()}
        items = []
        for interaction in sorted(held, key=lambda i: i.id):
            if interaction.status is InteractionStatus.OFFERED:
                offer = offer_event(tx, interaction, first_message(tx, interaction))
                items.append({**interaction_view(interaction), "offer": offer})
                continue
            until = info.wrap_up_until if interaction.status is InteractionStatus.WRAP_UP else None
            items.append(
                interaction_view(
                    interaction,
                    agent_username=info.username,
                    messages=reader.messages(interaction.id),
                    wrap_up_until=epoch_to_datetime(until) if until else None,
                )
            )
    capacity = {c.value: n for c, n in staff[0].agent.capacity.items()} if staff else {}
    return {
        "state": info.state,
        "reason": info.reason,
        "since": iso(epoch_to_datetime(info.since)),
        "capacity": capacity,
        "interactions": items,
        "dispositions": _code_list(DISPOSITIONS),
        "dispositions_by_queue": codes,
        "queues": sorted(tx.state.queues),
        "last_event_id": last_id,
    }


def _code_list(dispositions: dict[str, str]) -> list[dict[str, str]]:
    return [{"code": code, "label": label} for code, label in dispositions.items()]


def stats_document(state: LiveState, now: float, team_ids: frozenset[int] | None) -> JsonDict:
    """The wallboard: every queue, and the agents (a team lead sees only its teams' agents
    and the queues those agents can serve)."""
    waiting: dict[str, list[float]] = {}
    for interaction in state.interactions.values():
        if interaction.status in (InteractionStatus.WAITING, InteractionStatus.OFFERED):
            waiting.setdefault(interaction.queue, []).append(interaction.created_at.timestamp())
    agents = [a for a in state.agents.values() if team_ids is None or a.team_id in team_ids]
    queue_rows = state.stats.queue_rows(now, waiting)
    if team_ids is not None:
        visible = _queues_served_by(state, [a.user_id for a in agents])
        queue_rows = [row for row in queue_rows if row["name"] in visible]
    agent_rows: list[dict[str, Any]] = []
    for info in sorted(agents, key=lambda a: a.username):
        active = sum(
            1
            for i in state.interactions.values()
            if i.agent_user_id == info.user_id and i.status is InteractionStatus.ACTIVE
        )
        agent_rows.append(
            {
                "username": info.username,
                "display_name": info.display_name,
                "state": info.state,
                "reason": info.reason,
                "since": iso(epoch_to_datetime(info.since)),
                "active_interactions": active,
                "occupancy": state.stats.agent_occupancy(info.engine_id, now),
            }
        )
    return {"at": iso(epoch_to_datetime(now)), "queues": queue_rows, "agents": agent_rows}


def _queues_served_by(state: LiveState, user_ids: list[int]) -> set[str]:
    served: set[str] = set()
    for name, queue in state.queues.items():
        for user_id in user_ids:
            info = state.agents.get(user_id)
            if info is None:
                continue
            if _can_serve(state, user_id, queue.required_skills):
                served.add(name)
                break
    return served


def _can_serve(state: LiveState, user_id: int, required: dict[str, int]) -> bool:
    skills = state.agent_skills.get(user_id, {})
    return all(skills.get(skill, 0) >= level for skill, level in required.items())


def stats(tx: Tx, cmd: ReadStats) -> JsonDict:
    team_ids = None if cmd.viewer.can(Permission.STATS_READ) else (cmd.team_ids or frozenset())
    return stats_document(tx.state, tx.now, team_ids)


def local_day_start(now: float, timezone: str) -> float:
    """Epoch seconds of the last local midnight in ``timezone`` (the day's figures restart)."""
    local = datetime.fromtimestamp(now, ZoneInfo(timezone))
    return local.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
