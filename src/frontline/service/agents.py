"""Use cases for agent profiles: who works which channels with which skills, and who may see it.

Visibility is decided here, once: ``agents:read`` sees everyone, ``agents:read_team`` only the
agents of teams the caller leads, and every user sees their own profile through ``my_profile``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from frontline.domain.channels import Channel
from frontline.domain.org.agents import DEFAULT_CAPACITY, Agent
from frontline.domain.org.errors import Conflict, InvalidValue, NotFound
from frontline.domain.org.queues import Queue
from frontline.domain.org.roles import Permission
from frontline.domain.org.teams import Team
from frontline.domain.org.users import Principal, User
from frontline.service import audit_trail
from frontline.service.access import apply_changes, ensure, found
from frontline.service.pagination import Page, PageResult
from frontline.service.ports import AgentFilter, UnitOfWork

ENTITY = "agent"
EDITABLE = frozenset({"team_id", "capacity"})
READERS = (Permission.AGENTS_READ, Permission.AGENTS_READ_TEAM)


@dataclass(frozen=True)
class CreateAgent:
    user_id: int
    team_id: int | None = None
    skills: Mapping[str, int] = field(default_factory=dict)
    capacity: Mapping[Channel, int] = field(default_factory=lambda: dict(DEFAULT_CAPACITY))


@dataclass(frozen=True)
class UpdateAgent:
    agent_id: int
    changes: Mapping[str, Any]


@dataclass(frozen=True)
class SetAgentSkills:
    agent_id: int
    skills: Mapping[str, int]


@dataclass(frozen=True)
class AgentAssignments:
    """What an agent works on: their profile, their team and the queues they can serve."""

    user: User
    agent: Agent | None
    team: Team | None
    queues: list[Queue]


def _check_refs(uow: UnitOfWork, agent: Agent) -> None:
    if agent.team_id is not None and uow.teams.get(agent.team_id) is None:
        raise InvalidValue(f"team {agent.team_id} does not exist")
    missing = uow.skills.missing(agent.skills)
    if missing:
        raise InvalidValue(f"unknown skill(s): {', '.join(sorted(missing))}")


def _visible_teams(uow: UnitOfWork, actor: Principal) -> frozenset[int] | None:
    """None when the caller sees all agents, else the teams whose agents they may see."""
    if actor.can(Permission.AGENTS_READ):
        return None
    ensure(actor, *READERS)
    return uow.teams.led_by(actor.user_id) if actor.user_id is not None else frozenset()


def create_agent(uow: UnitOfWork, actor: Principal, cmd: CreateAgent) -> Agent:
    ensure(actor, Permission.AGENTS_MANAGE)
    agent = Agent(
        user_id=cmd.user_id,
        team_id=cmd.team_id,
        skills=dict(cmd.skills),
        capacity=dict(cmd.capacity),
    )
    with uow:
        found(uow.users.get(cmd.user_id), "user", cmd.user_id)
        if uow.agents.get_by_user(cmd.user_id) is not None:
            raise Conflict(f"user {cmd.user_id} already has an agent profile")
        _check_refs(uow, agent)
        agent = uow.agents.add(agent)
        audit_trail.record(uow, actor, ENTITY, agent.id, None, agent)
        uow.commit()
    return agent


def _change(uow: UnitOfWork, actor: Principal, agent_id: int, changes: Mapping[str, Any]) -> Agent:
    with uow:
        before = found(uow.agents.get(agent_id), ENTITY, agent_id)
        after = apply_changes(before, changes, EDITABLE | {"skills"})
        _check_refs(uow, after)
        uow.agents.save(after)
        audit_trail.record(uow, actor, ENTITY, after.id, before, after)
        uow.commit()
    return after


def update_agent(uow: UnitOfWork, actor: Principal, cmd: UpdateAgent) -> Agent:
    ensure(actor, Permission.AGENTS_MANAGE)
    if "skills" in cmd.changes:
        ensure(actor, Permission.AGENT_SKILLS_MANAGE)
    return _change(uow, actor, cmd.agent_id, cmd.changes)


def set_agent_skills(uow: UnitOfWork, actor: Principal, cmd: SetAgentSkills) -> Agent:
    ensure(actor, Permission.AGENT_SKILLS_MANAGE)
    return _change(uow, actor, cmd.agent_id, {"skills": dict(cmd.skills)})


def delete_agent(uow: UnitOfWork, actor: Principal, agent_id: int) -> None:
    ensure(actor, Permission.AGENTS_MANAGE)
    with uow:
        before = found(uow.agents.get(agent_id), ENTITY, agent_id)
        uow.agents.delete(agent_id)
        audit_trail.record(uow, actor, ENTITY, agent_id, before, None)
        uow.commit()


def get_agent(uow: UnitOfWork, actor: Principal, agent_id: int) -> Agent:
    with uow:
        teams = _visible_teams(uow, actor)
        agent = found(uow.agents.get(agent_id), ENTITY, agent_id)
        if teams is not None and agent.team_id not in teams:
            raise NotFound(f"{ENTITY} {agent_id} not found")
        return agent


def list_agents(
    uow: UnitOfWork, actor: Principal, filters: AgentFilter, page: Page
) -> PageResult[Agent]:
    with uow:
        teams = _visible_teams(uow, actor)
        if teams is not None:
            wanted = teams if filters.team_ids is None else teams & filters.team_ids
            filters = replace(filters, team_ids=wanted)
        return uow.agents.list(filters, page)


def my_profile(uow: UnitOfWork, actor: Principal) -> AgentAssignments:
    """The caller's own user, agent profile, team and the queues their skills qualify them for."""
    ensure(actor, Permission.PROFILE_READ)
    if actor.user_id is None:
        raise NotFound("the system actor has no profile")
    with uow:
        user = found(uow.users.get(actor.user_id), "user", actor.user_id)
        agent = uow.agents.get_by_user(actor.user_id)
        team = uow.teams.get(agent.team_id) if agent and agent.team_id is not None else None
        queues = [q for q in uow.queues.all() if agent is not None and agent.can_serve(q)]
        return AgentAssignments(user=user, agent=agent, team=team, queues=queues)
