"""Queues with their channels, required skills, service level and business hours."""

from __future__ import annotations

import builtins
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontline.adapters.db.repositories.common import (
    fetch_page,
    set_attr,
    skill_ids,
    sync_children,
)
from frontline.adapters.db.tables import QueueChannelRow, QueueRow, QueueSkillRow, SkillRow
from frontline.domain.channels import Channel
from frontline.domain.live.dispositions import DISPOSITIONS
from frontline.domain.org.queues import BusinessHours, OpeningWindow, Queue, ServiceLevelTarget
from frontline.service.pagination import Page, PageResult
from frontline.service.ports import QueueFilter


def _hours(row: QueueRow) -> BusinessHours | None:
    if row.timezone is None:
        return None
    windows: list[dict[str, Any]] = row.opening_windows or []
    return BusinessHours(
        row.timezone,
        tuple(OpeningWindow(w["weekday"], w["opens"], w["closes"]) for w in windows),
    )


def _to_domain(row: QueueRow) -> Queue:
    return Queue(
        id=row.id,
        name=row.name,
        description=row.description,
        channels=frozenset(Channel(c.channel) for c in row.channels),
        required_skills={s.skill.name: s.min_proficiency for s in row.skills},
        priority=row.priority,
        service_level=ServiceLevelTarget(row.sl_percent, row.sl_threshold_seconds),
        business_hours=_hours(row),
        dispositions=_dispositions(row),
    )


def _dispositions(row: QueueRow) -> dict[str, str]:
    stored: list[dict[str, str]] | None = row.disposition_codes
    if stored is None:  # queues from before per-queue codes use the default list
        return dict(DISPOSITIONS)
    return {d["code"]: d["label"] for d in stored}


class SqlQueueRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _write(self, row: QueueRow, queue: Queue) -> None:
        row.name, row.description, row.priority = queue.name, queue.description, queue.priority
        row.sl_percent = queue.service_level.percent
        row.sl_threshold_seconds = queue.service_level.threshold_seconds
        hours = queue.business_hours
        row.timezone = hours.timezone if hours else None
        row.opening_windows = (
            [{"weekday": w.weekday, "opens": w.opens, "closes": w.closes} for w in hours.windows]
            if hours
            else None
        )
        row.disposition_codes = [{"code": c, "label": lbl} for c, lbl in queue.dispositions.items()]
        sync_children(
            row.channels,
            {channel.value: None for channel in queue.channels},
            key=lambda c: c.channel,
            make=lambda channel, _: QueueChannelRow(channel=channel),
            update=lambda c, _: None,
        )
        ids = skill_ids(self.session, queue.required_skills)
        sync_children(
            row.skills,
            {ids[name]: level for name, level in queue.required_skills.items()},
            key=lambda s: s.skill_id,
            make=lambda skill_id, level: QueueSkillRow(skill_id=skill_id, min_proficiency=level),
            update=set_attr("min_proficiency"),
        )

    def add(self, queue: Queue) -> Queue:
        row = QueueRow(channels=[], skills=[])
        self._write(row, queue)
        self.session.add(row)
        self.session.flush()
        queue.id = row.id
        return queue

    def get(self, queue_id: int) -> Queue | None:
        row = self.session.get(QueueRow, queue_id)
        return _to_domain(row) if row else None

    def get_by_name(self, name: str) -> Queue | None:
        row = self.session.scalar(select(QueueRow).where(QueueRow.name == name))
        return _to_domain(row) if row else None

    def save(self, queue: Queue) -> None:
        self._write(self.session.get_one(QueueRow, queue.id), queue)
        self.session.flush()
        self.session.expire_all()

    def delete(self, queue_id: int) -> None:
        self.session.delete(self.session.get_one(QueueRow, queue_id))
        self.session.flush()

    def list(self, filters: QueueFilter, page: Page) -> PageResult[Queue]:
        stmt = select(QueueRow).order_by(QueueRow.priority.desc(), QueueRow.id)
        if filters.channel is not None:
            on_channel = select(QueueChannelRow.queue_id).where(
                QueueChannelRow.channel == filters.channel.value
            )
            stmt = stmt.where(QueueRow.id.in_(on_channel))
        if filters.skill is not None:
            needing = (
                select(QueueSkillRow.queue_id)
                .join(SkillRow, SkillRow.id == QueueSkillRow.skill_id)
                .where(SkillRow.name == filters.skill)
            )
            stmt = stmt.where(QueueRow.id.in_(needing))
        if filters.name_contains:
            needle = filters.name_contains.lower()
            stmt = stmt.where(func.lower(QueueRow.name).contains(needle, autoescape=True))
        rows, total = fetch_page(self.session, stmt, page)
        return PageResult([_to_domain(r) for r in rows], total, page)

    def all(self) -> builtins.list[Queue]:
        rows = self.session.scalars(select(QueueRow).order_by(QueueRow.id))
        return [_to_domain(r) for r in rows]
