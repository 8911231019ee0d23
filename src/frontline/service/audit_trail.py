"""Recording changes. Every handler that writes calls ``record`` inside its unit of work, so the
audit entry is committed with the change itself or not at all."""

from __future__ import annotations

from datetime import UTC, datetime

from frontline.domain.org.audit import AuditAction, AuditEntry, diff, snapshot
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.service.access import ensure
from frontline.service.pagination import Page, PageResult
from frontline.service.ports import AuditFilter, UnitOfWork


def record(
    uow: UnitOfWork,
    actor: Principal,
    entity_type: str,
    entity_id: int,
    before: object | None,
    after: object | None,
) -> None:
    """Append who changed which record, and the before/after of every changed field."""
    old = snapshot(before) if before is not None else None
    new = snapshot(after) if after is not None else None
    if old is None:
        action = AuditAction.CREATE
    elif new is None:
        action = AuditAction.DELETE
    else:
        action = AuditAction.UPDATE
    changes = diff(old, new)
    if action is AuditAction.UPDATE and not changes:
        return
    uow.audit.add(
        AuditEntry(
            at=datetime.now(UTC),
            actor_user_id=actor.user_id,
            actor_username=actor.username,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            changes=changes,
        )
    )


def list_entries(
    uow: UnitOfWork, actor: Principal, filters: AuditFilter, page: Page
) -> PageResult[AuditEntry]:
    ensure(actor, Permission.AUDIT_READ)
    with uow:
        return uow.audit.list(filters, page)
