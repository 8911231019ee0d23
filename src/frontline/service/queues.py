"""Use cases for queues: names are unique and every required skill must exist in the catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from frontline.domain.channels import Channel
from frontline.domain.live.dispositions import check_disposition_list
from frontline.domain.org.errors import Conflict, InvalidValue
from frontline.domain.org.queues import BusinessHours, Queue, ServiceLevelTarget
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.service import audit_trail
from frontline.service.access import apply_changes, ensure, found
from frontline.service.pagination import Page, PageResult
from frontline.service.ports import QueueFilter, UnitOfWork

ENTITY = "queue"
EDITABLE = frozenset(
    {
        "name",
        "channels",
        "required_skills",
        "priority",
        "service_level",
        "business_hours",
        "description",
        "dispositions",
    }
)


@dataclass(frozen=True)
class CreateQueue:
    name: str
    channels: frozenset[Channel]
    required_skills: Mapping[str, int] = field(default_factory=dict)
    priority: int = 0
    service_level: ServiceLevelTarget = field(default_factory=ServiceLevelTarget)
    business_hours: BusinessHours | None = None
    description: str = ""
    dispositions: Mapping[str, str] | None = None  # None: the default list


@dataclass(frozen=True)
class UpdateQueue:
    queue_id: int
    changes: Mapping[str, Any]


def _check(uow: UnitOfWork, queue: Queue) -> None:
    existing = uow.queues.get_by_name(queue.name)
    if existing is not None and existing.id != queue.id:
        raise Conflict(f"a queue named {queue.name!r} already exists")
    missing = uow.skills.missing(queue.required_skills)
    if missing:
        raise InvalidValue(f"unknown skill(s): {', '.join(sorted(missing))}")


def create_queue(uow: UnitOfWork, actor: Principal, cmd: CreateQueue) -> Queue:
    ensure(actor, Permission.QUEUES_MANAGE)
    queue = Queue(
        name=cmd.name,
        channels=cmd.channels,
        required_skills=dict(cmd.required_skills),
        priority=cmd.priority,
        service_level=cmd.service_level,
        business_hours=cmd.business_hours,
        description=cmd.description,
    )
    if cmd.dispositions is not None:
        queue.dispositions = check_disposition_list(cmd.dispositions.items())
    with uow:
        _check(uow, queue)
        queue = uow.queues.add(queue)
        audit_trail.record(uow, actor, ENTITY, queue.id, None, queue)
        uow.commit()
    return queue


def update_queue(uow: UnitOfWork, actor: Principal, cmd: UpdateQueue) -> Queue:
    ensure(actor, Permission.QUEUES_MANAGE)
    with uow:
        before = found(uow.queues.get(cmd.queue_id), ENTITY, cmd.queue_id)
        after = apply_changes(before, cmd.changes, EDITABLE)
        _check(uow, after)
        uow.queues.save(after)
        audit_trail.record(uow, actor, ENTITY, after.id, before, after)
        uow.commit()
    return after


def delete_queue(uow: UnitOfWork, actor: Principal, queue_id: int) -> None:
    ensure(actor, Permission.QUEUES_MANAGE)
    with uow:
        before = found(uow.queues.get(queue_id), ENTITY, queue_id)
        uow.queues.delete(queue_id)
        audit_trail.record(uow, actor, ENTITY, queue_id, before, None)
        uow.commit()


def get_queue(uow: UnitOfWork, actor: Principal, queue_id: int) -> Queue:
    ensure(actor, Permission.QUEUES_READ)
    with uow:
        return found(uow.queues.get(queue_id), ENTITY, queue_id)


def list_queues(
    uow: UnitOfWork, actor: Principal, filters: QueueFilter, page: Page
) -> PageResult[Queue]:
    ensure(actor, Permission.QUEUES_READ)
    with uow:
        return uow.queues.list(filters, page)
