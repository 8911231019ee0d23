"""Who may see whose schedule and adherence, decided once for every WFM use case.

``schedules:read`` (and ``schedules:manage``) see every agent; ``schedules:read_team`` only the
agents of the teams the caller leads. Records outside that set answer as if they did not exist.
"""

from __future__ import annotations

from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.service.access import ensure
from frontline.service.wfm.ports import AgentRef, WfmUnitOfWork

P = Permission
READERS = (P.SCHEDULES_READ, P.SCHEDULES_MANAGE, P.SCHEDULES_READ_TEAM)


def visible_teams(uow: WfmUnitOfWork, actor: Principal) -> frozenset[int] | None:
    """None when the caller sees every agent, else the teams whose agents they may see."""
    if actor.can(P.SCHEDULES_READ) or actor.can(P.SCHEDULES_MANAGE):
        return None
    ensure(actor, *READERS)
    return uow.teams.led_by(actor.user_id) if actor.user_id is not None else frozenset()


def visible_agents(
    uow: WfmUnitOfWork, actor: Principal, team_id: int | None = None
) -> dict[int, AgentRef]:
    """The agents the caller may see (narrowed to ``team_id`` when given), by agent id."""
    teams = visible_teams(uow, actor)
    if team_id is not None:
        teams = frozenset({team_id}) if teams is None or team_id in teams else frozenset()
    return {ref.agent_id: ref for ref in uow.schedules.agents(teams)}
