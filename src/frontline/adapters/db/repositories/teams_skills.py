"""Teams and the skill catalogue: small tables with a unique name each."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from frontline.adapters.db.repositories.common import fetch_page, skill_ids
from frontline.adapters.db.tables import AgentSkillRow, QueueSkillRow, SkillRow, TeamRow
from frontline.domain.org.skills import Skill
from frontline.domain.org.teams import Team
from frontline.service.pagination import Page, PageResult


def _team(row: TeamRow) -> Team:
    return Team(
        id=row.id, name=row.name, description=row.description, lead_user_id=row.lead_user_id
    )


def _skill(row: SkillRow) -> Skill:
    return Skill(id=row.id, name=row.name, description=row.description)


class SqlTeamRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, team: Team) -> Team:
        row = TeamRow(name=team.name, description=team.description, lead_user_id=team.lead_user_id)
        self.session.add(row)
        self.session.flush()
        team.id = row.id
        return team

    def get(self, team_id: int) -> Team | None:
        row = self.session.get(TeamRow, team_id)
        return _team(row) if row else None

    def get_by_name(self, name: str) -> Team | None:
        row = self.session.scalar(select(TeamRow).where(TeamRow.name == name))
        return _team(row) if row else None

    def save(self, team: Team) -> None:
        row = self.session.get_one(TeamRow, team.id)
        row.name, row.description, row.lead_user_id = team.name, team.description, team.lead_user_id
        self.session.flush()

    def delete(self, team_id: int) -> None:
        self.session.delete(self.session.get_one(TeamRow, team_id))
        self.session.flush()

    def list(self, page: Page, lead_user_id: int | None = None) -> PageResult[Team]:
        stmt = select(TeamRow).order_by(TeamRow.id)
        if lead_user_id is not None:
            stmt = stmt.where(TeamRow.lead_user_id == lead_user_id)
        rows, total = fetch_page(self.session, stmt, page)
        return PageResult([_team(r) for r in rows], total, page)

    def led_by(self, user_id: int) -> frozenset[int]:
        ids = self.session.scalars(select(TeamRow.id).where(TeamRow.lead_user_id == user_id))
        return frozenset(ids)


class SqlSkillRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, skill: Skill) -> Skill:
        row = SkillRow(name=skill.name, description=skill.description)
        self.session.add(row)
        self.session.flush()
        skill.id = row.id
        return skill

    def get(self, skill_id: int) -> Skill | None:
        row = self.session.get(SkillRow, skill_id)
        return _skill(row) if row else None

    def get_by_name(self, name: str) -> Skill | None:
        row = self.session.scalar(select(SkillRow).where(SkillRow.name == name))
        return _skill(row) if row else None

    def save(self, skill: Skill) -> None:
        row = self.session.get_one(SkillRow, skill.id)
        row.name, row.description = skill.name, skill.description
        self.session.flush()

    def delete(self, skill_id: int) -> None:
        self.session.delete(self.session.get_one(SkillRow, skill_id))
        self.session.flush()

    def list(self, page: Page) -> PageResult[Skill]:
        rows, total = fetch_page(self.session, select(SkillRow).order_by(SkillRow.id), page)
        return PageResult([_skill(r) for r in rows], total, page)

    def missing(self, names: Iterable[str]) -> frozenset[str]:
        wanted = frozenset(names)
        return wanted - skill_ids(self.session, wanted).keys()

    def in_use(self, skill_id: int) -> bool:
        by_agent = exists().where(AgentSkillRow.skill_id == skill_id)
        by_queue = exists().where(QueueSkillRow.skill_id == skill_id)
        return bool(self.session.scalar(select(by_agent | by_queue)))
