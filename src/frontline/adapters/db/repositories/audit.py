"""The append-only audit log."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontline.adapters.db.repositories.common import fetch_page
from frontline.adapters.db.tables import AuditRow
from frontline.domain.org.audit import AuditAction, AuditEntry
from frontline.service.pagination import Page, PageResult
from frontline.service.ports import AuditFilter


def _to_domain(row: AuditRow) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        actor_user_id=row.actor_user_id,
        actor_username=row.actor_username,
        action=AuditAction(row.action),
        entity_type=row.entity_type,
        entity_id=row.entity_id,
        changes=dict(row.changes or {}),
    )


class SqlAuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: AuditEntry) -> None:
        self.session.add(
            AuditRow(
                at=entry.at,
                actor_user_id=entry.actor_user_id,
                actor_username=entry.actor_username,
                action=entry.action.value,
                entity_type=entry.entity_type,
                entity_id=entry.entity_id,
                changes=entry.changes,
            )
        )

    def list(self, filters: AuditFilter, page: Page) -> PageResult[AuditEntry]:
        stmt = select(AuditRow).order_by(AuditRow.id.desc())
        if filters.entity_type is not None:
            stmt = stmt.where(AuditRow.entity_type == filters.entity_type)
        if filters.entity_id is not None:
            stmt = stmt.where(AuditRow.entity_id == filters.entity_id)
        if filters.actor_user_id is not None:
            stmt = stmt.where(AuditRow.actor_user_id == filters.actor_user_id)
        rows, total = fetch_page(self.session, stmt, page)
        return PageResult([_to_domain(r) for r in rows], total, page)
