"""Agent profiles with their skills (by skill id) and per-channel capacity."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontline.adapters.db.repositories.common import (
    fetch_page,
    set_attr,
    skill_ids,
    sync_children,
)
from frontline.adapters.db.tables import AgentCapacityRow, AgentRow, AgentSkillRow, SkillRow
from frontline.domain.channels import Channel
from frontline.domain.org.agents import Agent
from frontline.service.pagination import Page, PageResult
from frontline.service.ports import AgentFilter


def _to_domain(row: AgentRow) -> Agent:
    return Agent(
        id=row.id,
        user_id=row.user_id,
        team_id=row.team_id,
        skills={s.skill.name: s.proficiency for s in row.skills},
        capacity={Channel(c.channel): c.max_concurrent for c in row.capacities},
    )


class SqlAgentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _write(self, row: AgentRow, agent: Agent) -> None:
        row.user_id, row.team_id = agent.user_id, agent.team_id
        ids = skill_ids(self.session, agent.skills)
        sync_children(
            row.skills,
            {ids[name]: level for name, level in agent.skills.items()},
            key=lambda s: s.skill_id,
            make=lambda skill_id, level: AgentSkillRow(skill_id=skill_id, proficiency=level),
            update=set_attr("proficiency"),
        )
        sync_children(
            row.capacities,
            {channel.value: limit for channel, limit in agent.capacity.items()},
            key=lambda c: c.channel,
            make=lambda channel, limit: AgentCapacityRow(channel=channel, max_concurrent=limit),
            update=set_attr("max_concurrent"),
        )

    def add(self, agent: Agent) -> Agent:
        row = AgentRow(skills=[], capacities=[])
        self._write(row, agent)
        self.session.add(row)
        self.session.flush()
        agent.id = row.id
        return agent

    def get(self, agent_id: int) -> Agent | None:
        row = self.session.get(AgentRow, agent_id)
        return _to_domain(row) if row else None

    def get_by_user(self, user_id: int) -> Agent | None:
        row = self.session.scalar(select(AgentRow).where(AgentRow.user_id == user_id))
        return _to_domain(row) if row else None

    def ids_by_user(self, user_ids: Iterable[int]) -> dict[int, int]:
        wanted = sorted(set(user_ids))
        if not wanted:
            return {}
        rows = self.session.execute(
            select(AgentRow.user_id, AgentRow.id).where(AgentRow.user_id.in_(wanted))
        )
        return {int(user_id): int(agent_id) for user_id, agent_id in rows}

    def save(self, agent: Agent) -> None:
        self._write(self.session.get_one(AgentRow, agent.id), agent)
        self.session.flush()
        self.session.expire_all()  # child rows' skill relationships reload with fresh names

    def delete(self, agent_id: int) -> None:
        self.session.delete(self.session.get_one(AgentRow, agent_id))
        self.session.flush()

    def list(self, filters: AgentFilter, page: Page) -> PageResult[Agent]:
        stmt = select(AgentRow).order_by(AgentRow.id)
        if filters.team_ids is not None:
            stmt = stmt.where(AgentRow.team_id.in_(sorted(filters.team_ids)))
        if filters.user_id is not None:
            stmt = stmt.where(AgentRow.user_id == filters.user_id)
        if filters.skill is not None:
            with_skill = (
                select(AgentSkillRow.agent_id)
                .join(SkillRow, SkillRow.id == AgentSkillRow.skill_id)
                .where(SkillRow.name == filters.skill)
            )
            stmt = stmt.where(AgentRow.id.in_(with_skill))
        if filters.channel is not None:
            on_channel = select(AgentCapacityRow.agent_id).where(
                AgentCapacityRow.channel == filters.channel.value,
                AgentCapacityRow.max_concurrent > 0,
            )
            stmt = stmt.where(AgentRow.id.in_(on_channel))
        rows, total = fetch_page(self.session, stmt, page)
        return PageResult([_to_domain(r) for r in rows], total, page)
