"""Agent profiles. Agents read only ``/agents/me``; team leads see the agents of their teams."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from frontline.domain.channels import Channel
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.context import Context
from frontline.entrypoints.http.routers.params import IdPath, IdQuery, PageParams
from frontline.entrypoints.http.schemas.agents import (
    AgentIn,
    AgentOut,
    AgentPatch,
    SkillsIn,
    levels,
)
from frontline.entrypoints.http.schemas.common import PageOut
from frontline.entrypoints.http.schemas.org import TeamOut
from frontline.entrypoints.http.schemas.queues import QueueOut
from frontline.entrypoints.http.schemas.users import UserOut
from frontline.entrypoints.http.security import require
from frontline.service import agents
from frontline.service.ports import AgentFilter

router = APIRouter(prefix="/api/v1/agents", tags=["agents"])
P = Permission
SkillName = Annotated[str | None, Query(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]


class AssignmentsOut(BaseModel):
    """The caller's profile and what they work on: team and the queues they qualify for."""

    user: UserOut
    agent: AgentOut | None
    team: TeamOut | None
    queues: list[QueueOut]


@router.get("/me", summary="The caller's own agent profile and assignments")
def me(context: Context, actor: Principal = require(P.PROFILE_READ)) -> AssignmentsOut:
    mine = agents.my_profile(context.uow_factory(), actor)
    return AssignmentsOut(
        user=UserOut.of(mine.user),
        agent=AgentOut.of(mine.agent) if mine.agent else None,
        team=TeamOut.of(mine.team) if mine.team else None,
        queues=[QueueOut.of(q) for q in mine.queues],
    )


@router.get("", summary="List agents (team leads: only their teams)")
def list_agents(
    context: Context,
    page: PageParams,
    skill: SkillName = None,
    team_id: IdQuery = None,
    channel: Annotated[Channel | None, Query()] = None,
    user_id: IdQuery = None,
    actor: Principal = require(P.AGENTS_READ, P.AGENTS_READ_TEAM),
) -> PageOut[AgentOut]:
    filters = AgentFilter(
        skill=skill.lower() if skill else None,
        team_ids=frozenset({team_id}) if team_id is not None else None,
        channel=channel,
        user_id=user_id,
    )
    result = agents.list_agents(context.uow_factory(), actor, filters, page)
    return PageOut[AgentOut].of(result.map(AgentOut.of))


@router.post("", status_code=201, summary="Give a user an agent profile")
def create_agent(
    body: AgentIn, context: Context, actor: Principal = require(P.AGENTS_MANAGE)
) -> AgentOut:
    cmd = agents.CreateAgent(
        user_id=body.user_id,
        team_id=body.team_id,
        skills=levels(body.skills),
        capacity=body.capacity.to_domain(),
    )
    return AgentOut.of(agents.create_agent(context.uow_factory(), actor, cmd))


@router.get("/{agent_id}", summary="Get an agent")
def get_agent(
    agent_id: IdPath,
    context: Context,
    actor: Principal = require(P.AGENTS_READ, P.AGENTS_READ_TEAM),
) -> AgentOut:
    return AgentOut.of(agents.get_agent(context.uow_factory(), actor, agent_id))


@router.patch("/{agent_id}", summary="Change an agent's team, capacity or skills")
def update_agent(
    agent_id: IdPath,
    body: AgentPatch,
    context: Context,
    actor: Principal = require(P.AGENTS_MANAGE),
) -> AgentOut:
    changes: dict[str, Any] = body.changes()
    if body.capacity is not None:
        changes["capacity"] = body.capacity.to_domain()
    if body.skills is not None:
        changes["skills"] = levels(body.skills)
    cmd = agents.UpdateAgent(agent_id, changes)
    return AgentOut.of(agents.update_agent(context.uow_factory(), actor, cmd))


@router.put("/{agent_id}/skills", summary="Replace an agent's skills")
def set_skills(
    agent_id: IdPath,
    body: SkillsIn,
    context: Context,
    actor: Principal = require(P.AGENT_SKILLS_MANAGE),
) -> AgentOut:
    cmd = agents.SetAgentSkills(agent_id, levels(body.skills))
    return AgentOut.of(agents.set_agent_skills(context.uow_factory(), actor, cmd))


@router.delete("/{agent_id}", status_code=204, summary="Remove an agent profile")
def delete_agent(
    agent_id: IdPath, context: Context, actor: Principal = require(P.AGENTS_MANAGE)
) -> Response:
    agents.delete_agent(context.uow_factory(), actor, agent_id)
    return Response(status_code=204)
