"""Audit log entries as returned to admins."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from frontline.domain.org.audit import AuditEntry


class AuditOut(BaseModel):
    id: int
    at: datetime
    actor_user_id: int | None
    actor_username: str
    action: str
    entity_type: str
    entity_id: int
    changes: dict[str, list[Any]]

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditOut:
        return cls(
            id=entry.id,
            at=entry.at,
            actor_user_id=entry.actor_user_id,
            actor_username=entry.actor_username,
            action=entry.action.value,
            entity_type=entry.entity_type,
            entity_id=entry.entity_id,
            changes=entry.changes,
        )
