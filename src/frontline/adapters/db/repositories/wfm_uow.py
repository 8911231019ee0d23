"""The WFM unit of work: the platform repositories plus schedules and the state log."""

from __future__ import annotations

from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from frontline.adapters.db.repositories.wfm_schedules import SqlScheduleRepository
from frontline.adapters.db.repositories.wfm_state_log import SqlStateLogRepository
from frontline.adapters.db.uow import SqlUnitOfWork
from frontline.service.wfm.ports import ScheduleRepository, StateLogRepository, WfmUnitOfWork


class SqlWfmUnitOfWork(SqlUnitOfWork):
    schedules: ScheduleRepository
    state_log: StateLogRepository

    def __enter__(self) -> Self:
        super().__enter__()
        self.schedules = SqlScheduleRepository(self.session)
        self.state_log = SqlStateLogRepository(self.session)
        return self


class SqlWfmUnitOfWorkFactory:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def __call__(self) -> WfmUnitOfWork:
        return SqlWfmUnitOfWork(self._sessions)
