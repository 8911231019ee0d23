"""The CRM unit of work: the platform repositories plus the CRM ones on the same session."""

from __future__ import annotations

from typing import Self

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from frontline.adapters.db.repositories.crm_cases import SqlCaseRepository
from frontline.adapters.db.repositories.crm_customer_links import SqlCustomerLinkRepository
from frontline.adapters.db.repositories.crm_customers import SqlCustomerBulkRepository
from frontline.adapters.db.repositories.crm_kb import SqlKbRepository
from frontline.adapters.db.repositories.crm_scripts import SqlScriptRepository
from frontline.adapters.db.repositories.crm_sla import SqlSlaRepository
from frontline.adapters.db.repositories.crm_staff_names import SqlStaffNameSource
from frontline.adapters.db.repositories.crm_timeline import SqlTimelineRepository
from frontline.adapters.db.uow import SqlUnitOfWork
from frontline.service.crm.ports import (
    CaseRepository,
    CrmUnitOfWork,
    CustomerBulkRepository,
    CustomerLinkRepository,
    KbRepository,
    ScriptRepository,
    SlaRepository,
    StaffNameSource,
    TimelineSource,
)


class SqlCrmUnitOfWork(SqlUnitOfWork):
    cases: CaseRepository
    sla: SlaRepository
    kb: KbRepository
    scripts: ScriptRepository
    customer_bulk: CustomerBulkRepository
    timeline: TimelineSource
    customer_links: CustomerLinkRepository
    staff_names: StaffNameSource

    def __enter__(self) -> Self:
        super().__enter__()
        self.cases = SqlCaseRepository(self.session)
        self.sla = SqlSlaRepository(self.session)
        self.kb = SqlKbRepository(self.session)
        self.scripts = SqlScriptRepository(self.session)
        self.customer_bulk = SqlCustomerBulkRepository(self.session)
        self.timeline = SqlTimelineRepository(self.session)
        self.customer_links = SqlCustomerLinkRepository(self.session)
        self.staff_names = SqlStaffNameSource(self.session)
        return self


class SqlCrmUnitOfWorkFactory:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def __call__(self) -> CrmUnitOfWork:
        return SqlCrmUnitOfWork(self._sessions)
