"""The audit log, newest first; admins only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.context import Context
from frontline.entrypoints.http.routers.params import IdQuery, PageParams
from frontline.entrypoints.http.schemas.audit import AuditOut
from frontline.entrypoints.http.schemas.common import PageOut
from frontline.entrypoints.http.security import require
from frontline.service import audit_trail
from frontline.service.ports import AuditFilter

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])
EntityType = Annotated[
    str | None, Query(pattern="^(user|team|skill|agent|queue|customer)$", description="record kind")
]


@router.get("", summary="Read the audit log")
def list_audit(
    context: Context,
    page: PageParams,
    entity_type: EntityType = None,
    entity_id: IdQuery = None,
    actor_user_id: IdQuery = None,
    actor: Principal = require(Permission.AUDIT_READ),
) -> PageOut[AuditOut]:
    filters = AuditFilter(entity_type=entity_type, entity_id=entity_id, actor_user_id=actor_user_id)
    result = audit_trail.list_entries(context.uow_factory(), actor, filters, page)
    return PageOut[AuditOut].of(result.map(AuditOut.of))
