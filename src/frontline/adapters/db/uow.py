"""The SQLAlchemy unit of work: one session, one transaction, all repositories on it."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from frontline.adapters.db.repositories.agents import SqlAgentRepository
from frontline.adapters.db.repositories.audit import SqlAuditRepository
from frontline.adapters.db.repositories.customers import SqlCustomerRepository
from frontline.adapters.db.repositories.queues import SqlQueueRepository
from frontline.adapters.db.repositories.teams_skills import SqlSkillRepository, SqlTeamRepository
from frontline.adapters.db.repositories.users import SqlUserRepository
from frontline.service.ports import (
    AgentRepository,
    AuditRepository,
    CustomerRepository,
    QueueRepository,
    SkillRepository,
    TeamRepository,
    UnitOfWork,
    UserRepository,
)


class SqlUnitOfWork:
    """Use as ``with uow: ...; uow.commit()``; leaving the block without commit rolls back."""

    session: Session
    users: UserRepository
    teams: TeamRepository
    skills: SkillRepository
    agents: AgentRepository
    queues: QueueRepository
    customers: CustomerRepository
    audit: AuditRepository

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory

    def __enter__(self) -> Self:
        self.session = self._session_factory()
        self.users = SqlUserRepository(self.session)
        self.teams = SqlTeamRepository(self.session)
        self.skills = SqlSkillRepository(self.session)
        self.agents = SqlAgentRepository(self.session)
        self.queues = SqlQueueRepository(self.session)
        self.customers = SqlCustomerRepository(self.session)
        self.audit = SqlAuditRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


class SqlUnitOfWorkFactory:
    """Makes a fresh unit of work per use case, all sharing one engine's connection pool."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def __call__(self) -> UnitOfWork:
        return SqlUnitOfWork(self._sessions)
