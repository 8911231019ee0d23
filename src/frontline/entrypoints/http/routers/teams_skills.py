"""Teams and the skill catalogue."""

from __future__ import annotations

from fastapi import APIRouter, Response

from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.context import Context
from frontline.entrypoints.http.routers.params import IdPath, IdQuery, PageParams
from frontline.entrypoints.http.schemas.common import PageOut
from frontline.entrypoints.http.schemas.org import (
    SkillIn,
    SkillOut,
    SkillPatch,
    TeamIn,
    TeamOut,
    TeamPatch,
)
from frontline.entrypoints.http.security import require
from frontline.service import skills, teams

router = APIRouter(prefix="/api/v1")
P = Permission


@router.get("/teams", tags=["teams"], summary="List teams")
def list_teams(
    context: Context,
    page: PageParams,
    lead_user_id: IdQuery = None,
    actor: Principal = require(P.TEAMS_READ),
) -> PageOut[TeamOut]:
    result = teams.list_teams(context.uow_factory(), actor, page, lead_user_id)
    return PageOut[TeamOut].of(result.map(TeamOut.of))


@router.post("/teams", status_code=201, tags=["teams"], summary="Create a team")
def create_team(
    body: TeamIn, context: Context, actor: Principal = require(P.TEAMS_MANAGE)
) -> TeamOut:
    cmd = teams.CreateTeam(body.name, body.description, body.lead_user_id)
    return TeamOut.of(teams.create_team(context.uow_factory(), actor, cmd))


@router.get("/teams/{team_id}", tags=["teams"], summary="Get a team")
def get_team(
    team_id: IdPath, context: Context, actor: Principal = require(P.TEAMS_READ)
) -> TeamOut:
    return TeamOut.of(teams.get_team(context.uow_factory(), actor, team_id))


@router.patch("/teams/{team_id}", tags=["teams"], summary="Change a team")
def update_team(
    team_id: IdPath, body: TeamPatch, context: Context, actor: Principal = require(P.TEAMS_MANAGE)
) -> TeamOut:
    cmd = teams.UpdateTeam(team_id, body.changes())
    return TeamOut.of(teams.update_team(context.uow_factory(), actor, cmd))


@router.delete("/teams/{team_id}", status_code=204, tags=["teams"], summary="Delete a team")
def delete_team(
    team_id: IdPath, context: Context, actor: Principal = require(P.TEAMS_MANAGE)
) -> Response:
    teams.delete_team(context.uow_factory(), actor, team_id)
    return Response(status_code=204)


@router.get("/skills", tags=["skills"], summary="List skills")
def list_skills(
    context: Context, page: PageParams, actor: Principal = require(P.SKILLS_READ)
) -> PageOut[SkillOut]:
    result = skills.list_skills(context.uow_factory(), actor, page)
    return PageOut[SkillOut].of(result.map(SkillOut.of))


@router.post("/skills", status_code=201, tags=["skills"], summary="Create a skill")
def create_skill(
    body: SkillIn, context: Context, actor: Principal = require(P.SKILLS_MANAGE)
) -> SkillOut:
    cmd = skills.CreateSkill(body.name, body.description)
    return SkillOut.of(skills.create_skill(context.uow_factory(), actor, cmd))


@router.get("/skills/{skill_id}", tags=["skills"], summary="Get a skill")
def get_skill(
    skill_id: IdPath, context: Context, actor: Principal = require(P.SKILLS_READ)
) -> SkillOut:
    return SkillOut.of(skills.get_skill(context.uow_factory(), actor, skill_id))


@router.patch("/skills/{skill_id}", tags=["skills"], summary="Change a skill's description")
def update_skill(
    skill_id: IdPath,
    body: SkillPatch,
    context: Context,
    actor: Principal = require(P.SKILLS_MANAGE),
) -> SkillOut:
    cmd = skills.UpdateSkill(skill_id, body.changes())
    return SkillOut.of(skills.update_skill(context.uow_factory(), actor, cmd))


@router.delete("/skills/{skill_id}", status_code=204, tags=["skills"], summary="Delete a skill")
def delete_skill(
    skill_id: IdPath, context: Context, actor: Principal = require(P.SKILLS_MANAGE)
) -> Response:
    skills.delete_skill(context.uow_factory(), actor, skill_id)
    return Response(status_code=204)
