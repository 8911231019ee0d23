"""Agents joining the engine, and refreshing an agent's configuration when it logs in.

The engine is built with the agents known at start; a profile created later joins at its
first state change. A logged-out agent's skills and capacity are re-read when it logs in
again, so an administrator's edit takes effect at the next login without a restart.
"""

from __future__ import annotations

from frontline.domain.live.routing_map import routing_agent
from frontline.domain.routing import AgentState
from frontline.service.live.ports import StaffMember
from frontline.service.live.state import AgentInfo, LiveState, Tx


def register_agent(state: LiveState, member: StaffMember, now: float) -> AgentInfo:
    state.engine.add_agent(routing_agent(member.user_id, member.agent), now)
    info = AgentInfo(member.user_id, member.username, member.display_name, member.team_id)
    info.since = now
    state.agents[member.user_id] = info
    state.agent_skills[member.user_id] = dict(member.agent.skills)
    return info


def refresh_if_offline(tx: Tx, info: AgentInfo) -> None:
    engine = tx.state.engine
    if engine.agent_state(info.engine_id) is not AgentState.OFFLINE:
        return
    with tx.reader() as reader:
        found = reader.staff(info.user_id)
    if not found:
        return
    member = found[0]
    engine.remove_agent(info.engine_id, tx.now)
    engine.add_agent(routing_agent(member.user_id, member.agent), tx.now)
    tx.state.agent_skills[info.user_id] = dict(member.agent.skills)
    info.username, info.display_name, info.team_id = (
        member.username,
        member.display_name,
        member.team_id,
    )
