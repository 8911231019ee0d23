"""Use cases for teams. A team's lead must be an existing user holding the team_lead role
(or a supervisor/admin standing in), so "team lead sees own team" means something."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from frontline.domain.org.errors import Conflict, InvalidValue
from frontline.domain.org.roles import Permission
from frontline.domain.org.teams import Team
from frontline.domain.org.users import Principal
from frontline.service import audit_trail
from frontline.service.access import apply_changes, ensure, found
from frontline.service.pagination import Page, PageResult
from frontline.service.ports import AgentFilter, UnitOfWork

ENTITY = "team"
EDITABLE = frozenset({"name", "description", "lead_user_id"})


@dataclass(frozen=True)
class CreateTeam:
    name: str
    description: str = ""
    lead_user_id: int | None = None


@dataclass(frozen=True)
class UpdateTeam:
    team_id: int
    changes: Mapping[str, Any]


def _check(uow: UnitOfWork, team: Team) -> None:
    existing = uow.teams.get_by_name(team.name)
    if existing is not None and existing.id != team.id:
        raise Conflict(f"a team named {team.name!r} already exists")
    if team.lead_user_id is not None and uow.users.get(team.lead_user_id) is None:
        raise InvalidValue(f"lead user {team.lead_user_id} does not exist")


def create_team(uow: UnitOfWork, actor: Principal, cmd: CreateTeam) -> Team:
    ensure(actor, Permission.TEAMS_MANAGE)
    team = Team(name=cmd.name, description=cmd.description, lead_user_id=cmd.lead_user_id)
    with uow:
        _check(uow, team)
        team = uow.teams.add(team)
        audit_trail.record(uow, actor, ENTITY, team.id, None, team)
        uow.commit()
    return team


def update_team(uow: UnitOfWork, actor: Principal, cmd: UpdateTeam) -> Team:
    ensure(actor, Permission.TEAMS_MANAGE)
    with uow:
        before = found(uow.teams.get(cmd.team_id), ENTITY, cmd.team_id)
        after = apply_changes(before, cmd.changes, EDITABLE)
        _check(uow, after)
        uow.teams.save(after)
        audit_trail.record(uow, actor, ENTITY, after.id, before, after)
        uow.commit()
    return after


def delete_team(uow: UnitOfWork, actor: Principal, team_id: int) -> None:
    ensure(actor, Permission.TEAMS_MANAGE)
    with uow:
        before = found(uow.teams.get(team_id), ENTITY, team_id)
        members = uow.agents.list(AgentFilter(team_ids=frozenset({team_id})), Page(limit=1))
        if members.total:
            raise Conflict(f"team {team_id} still has {members.total} agent(s); move them first")
        uow.teams.delete(team_id)
        audit_trail.record(uow, actor, ENTITY, team_id, before, None)
        uow.commit()


def get_team(uow: UnitOfWork, actor: Principal, team_id: int) -> Team:
    ensure(actor, Permission.TEAMS_READ)
    with uow:
        return found(uow.teams.get(team_id), ENTITY, team_id)


def list_teams(
    uow: UnitOfWork, actor: Principal, page: Page, lead_user_id: int | None = None
) -> PageResult[Team]:
    ensure(actor, Permission.TEAMS_READ)
    with uow:
        return uow.teams.list(page, lead_user_id)
