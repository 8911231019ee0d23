"""Who sees which cases.

Holders of ``cases:read`` (team leads, supervisors, QA, admins) see every case. Everyone else
with ``cases:work`` (agents) sees the cases they own, and the cases of the queues their skills
and channels qualify them for, up to their support tier. An agent's tier is the highest
``tier-2``/``tier-3`` skill it holds (1 without one), so tiers are managed like any other skill
and routing can use the same skills. A case outside the scope is reported as not found.
"""

from __future__ import annotations

from frontline.domain.crm.case_status import MAX_TIER, MIN_TIER
from frontline.domain.crm.cases import Case
from frontline.domain.org.agents import Agent
from frontline.domain.org.errors import NotFound
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.service.access import ensure
from frontline.service.crm.clock import user_id_of
from frontline.service.crm.ports import CaseScope, CrmUnitOfWork
from frontline.service.pagination import Page
from frontline.service.ports import AgentFilter

TIER_SKILL = "tier-{}"


def agent_tier(agent: Agent | None) -> int:
    if agent is None:
        return MIN_TIER
    held = [t for t in range(MIN_TIER + 1, MAX_TIER + 1) if TIER_SKILL.format(t) in agent.skills]
    return max(held, default=MIN_TIER)


def scope_for(uow: CrmUnitOfWork, actor: Principal) -> CaseScope:
    if actor.can(Permission.CASES_READ):
        return CaseScope(everything=True)
    ensure(actor, Permission.CASES_WORK)
    if actor.user_id is None:
        return CaseScope(everything=True)
    agent = uow.agents.get_by_user(actor.user_id)
    queues = frozenset(q.name for q in uow.queues.all() if agent is not None and agent.can_serve(q))
    return CaseScope(False, actor.user_id, queues, agent_tier(agent))


def visible_case(uow: CrmUnitOfWork, actor: Principal, case_id: int) -> Case:
    """The case if the caller may see it; otherwise NotFound (its existence is not revealed)."""
    scope = scope_for(uow, actor)
    case = uow.cases.get(case_id)
    if case is None or not scope.admits(case, user_id_of(case.owner)):
        raise NotFound(f"case {case_id} not found")
    return case


def team_member_ids(uow: CrmUnitOfWork, actor: Principal) -> frozenset[int]:
    """Users on the teams the caller leads or belongs to (the "my team" view)."""
    if actor.user_id is None:
        return frozenset()
    teams = set(uow.teams.led_by(actor.user_id))
    own = uow.agents.get_by_user(actor.user_id)
    if own is not None and own.team_id is not None:
        teams.add(own.team_id)
    if not teams:
        return frozenset({actor.user_id})
    members = uow.agents.list(AgentFilter(team_ids=frozenset(teams)), Page(limit=500))
    return frozenset(a.user_id for a in members.items) | {actor.user_id}
