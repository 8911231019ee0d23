"""Queues."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from frontline.domain.channels import Channel
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.context import Context
from frontline.entrypoints.http.routers.agents import SkillName
from frontline.entrypoints.http.routers.params import IdPath, PageParams
from frontline.entrypoints.http.schemas.common import PageOut, SearchText
from frontline.entrypoints.http.schemas.queues import (
    QueueIn,
    QueueOut,
    QueuePatch,
    disposition_map,
    required_levels,
    service_level,
)
from frontline.entrypoints.http.security import require
from frontline.service import queues
from frontline.service.ports import QueueFilter

router = APIRouter(prefix="/api/v1/queues", tags=["queues"])
P = Permission


@router.get("", summary="List queues, highest priority first")
def list_queues(
    context: Context,
    page: PageParams,
    channel: Annotated[Channel | None, Query()] = None,
    skill: SkillName = None,
    name: Annotated[SearchText | None, Query(description="part of the name")] = None,
    actor: Principal = require(P.QUEUES_READ),
) -> PageOut[QueueOut]:
    filters = QueueFilter(
        channel=channel, skill=skill.lower() if skill else None, name_contains=name
    )
    result = queues.list_queues(context.uow_factory(), actor, filters, page)
    return PageOut[QueueOut].of(result.map(QueueOut.of))


@router.post("", status_code=201, summary="Create a queue")
def create_queue(
    body: QueueIn, context: Context, actor: Principal = require(P.QUEUES_MANAGE)
) -> QueueOut:
    cmd = queues.CreateQueue(
        name=body.name,
        channels=frozenset(body.channels),
        required_skills=required_levels(body.required_skills),
        priority=body.priority,
        service_level=service_level(body.service_level),
        business_hours=body.business_hours.to_domain() if body.business_hours else None,
        description=body.description,
        dispositions=disposition_map(body.dispositions) if body.dispositions else None,
    )
    return QueueOut.of(queues.create_queue(context.uow_factory(), actor, cmd))


@router.get("/{queue_id}", summary="Get a queue")
def get_queue(
    queue_id: IdPath, context: Context, actor: Principal = require(P.QUEUES_READ)
) -> QueueOut:
    return QueueOut.of(queues.get_queue(context.uow_factory(), actor, queue_id))


@router.patch("/{queue_id}", summary="Change a queue")
def update_queue(
    queue_id: IdPath,
    body: QueuePatch,
    context: Context,
    actor: Principal = require(P.QUEUES_MANAGE),
) -> QueueOut:
    changes: dict[str, Any] = body.changes()
    if body.channels is not None:
        changes["channels"] = frozenset(body.channels)
    if body.required_skills is not None:
        changes["required_skills"] = required_levels(body.required_skills)
    if body.service_level is not None:
        changes["service_level"] = service_level(body.service_level)
    if body.dispositions is not None:
        changes["dispositions"] = disposition_map(body.dispositions)
    if "business_hours" in changes and body.business_hours is not None:
        changes["business_hours"] = body.business_hours.to_domain()
    cmd = queues.UpdateQueue(queue_id, changes)
    return QueueOut.of(queues.update_queue(context.uow_factory(), actor, cmd))


@router.delete("/{queue_id}", status_code=204, summary="Delete a queue")
def delete_queue(
    queue_id: IdPath, context: Context, actor: Principal = require(P.QUEUES_MANAGE)
) -> Response:
    queues.delete_queue(context.uow_factory(), actor, queue_id)
    return Response(status_code=204)
