"""Schedules, their draft and published segments, and the edit history, in SQL."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import and_, delete, select
from sqlalchemy.orm import Session

from frontline.adapters.db.repositories.common import fetch_page
from frontline.adapters.db.tables import AgentRow, UserRow
from frontline.adapters.db.wfm_tables import (
    PublishedSegmentRow,
    ScheduleHistoryRow,
    ScheduleRow,
    SegmentRow,
)
from frontline.domain.wfm_schedule.schedule import Schedule
from frontline.domain.wfm_schedule.segments import Activity, Segment
from frontline.service.pagination import Page, PageResult
from frontline.service.wfm.ports import AgentRef, HistoryEntry

SegmentLike = SegmentRow | PublishedSegmentRow


def _schedule(row: ScheduleRow) -> Schedule:
    return Schedule(
        id=row.id,
        name=row.name,
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        created_at=row.created_at,
        published_version=row.published_version,
        published_at=row.published_at,
        changed_since_publish=row.changed_since_publish,
    )


def _segment(row: SegmentLike) -> Segment:
    return Segment(
        id=row.id,
        agent_id=row.agent_id,
        activity=Activity(row.activity),
        start=row.start_at,
        end=row.end_at,
        note=row.note,
    )


def _fill(row: SegmentLike, segment: Segment) -> None:
    row.agent_id = segment.agent_id
    row.activity = segment.activity.value
    row.start_at = segment.start
    row.end_at = segment.end
    row.note = segment.note


class SqlScheduleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, schedule: Schedule) -> Schedule:
        row = ScheduleRow()
        self._copy(row, schedule)
        self.session.add(row)
        self.session.flush()
        return _schedule(row)

    def get(self, schedule_id: int) -> Schedule | None:
        row = self.session.get(ScheduleRow, schedule_id)
        return _schedule(row) if row is not None else None

    def save(self, schedule: Schedule) -> None:
        row = self.session.get(ScheduleRow, schedule.id)
        assert row is not None
        self._copy(row, schedule)
        self.session.flush()

    @staticmethod
    def _copy(row: ScheduleRow, schedule: Schedule) -> None:
        row.name = schedule.name
        row.starts_on, row.ends_on = schedule.starts_on, schedule.ends_on
        row.created_at = schedule.created_at
        row.published_version = schedule.published_version
        row.published_at = schedule.published_at
        row.changed_since_publish = schedule.changed_since_publish

    def list(self, page: Page) -> PageResult[Schedule]:
        stmt = select(ScheduleRow).order_by(ScheduleRow.starts_on.desc(), ScheduleRow.id.desc())
        rows, total = fetch_page(self.session, stmt, page)
        return PageResult([_schedule(r) for r in rows], total, page)

    def segments(
        self, schedule_id: int, agent_ids: frozenset[int] | None = None
    ) -> builtins.list[Segment]:
        stmt = select(SegmentRow).where(SegmentRow.schedule_id == schedule_id)
        if agent_ids is not None:
            stmt = stmt.where(SegmentRow.agent_id.in_(agent_ids))
        stmt = stmt.order_by(SegmentRow.agent_id, SegmentRow.start_at, SegmentRow.id)
        return [_segment(r) for r in self.session.scalars(stmt)]

    def segment(self, schedule_id: int, segment_id: int) -> Segment | None:
        row = self.session.get(SegmentRow, segment_id)
        if row is None or row.schedule_id != schedule_id:
            return None
        return _segment(row)

    def add_segments(self, schedule_id: int, segments: Sequence[Segment]) -> builtins.list[Segment]:
        rows = []
        for segment in segments:
            row = SegmentRow(schedule_id=schedule_id)
            _fill(row, segment)
            rows.append(row)
        self.session.add_all(rows)
        self.session.flush()
        return [_segment(r) for r in rows]

    def save_segment(self, schedule_id: int, segment: Segment) -> None:
        row = self.session.get(SegmentRow, segment.id)
        assert row is not None and row.schedule_id == schedule_id
        _fill(row, segment)
        self.session.flush()

    def delete_segment(self, schedule_id: int, segment_id: int) -> None:
        self.session.execute(
            delete(SegmentRow).where(
                SegmentRow.id == segment_id, SegmentRow.schedule_id == schedule_id
            )
        )

    def publish(self, schedule_id: int, version: int, segments: Sequence[Segment]) -> None:
        rows = []
        for segment in segments:
            row = PublishedSegmentRow(schedule_id=schedule_id, version=version)
            _fill(row, segment)
            rows.append(row)
        self.session.add_all(rows)
        self.session.flush()

    def published(
        self,
        agent_ids: frozenset[int] | None,
        start: datetime,
        end: datetime,
        exclude_schedule: int | None = None,
    ) -> builtins.list[tuple[int, Segment]]:
        current = and_(
            ScheduleRow.id == PublishedSegmentRow.schedule_id,
            ScheduleRow.published_version == PublishedSegmentRow.version,
        )
        stmt = (
            select(PublishedSegmentRow)
            .join(ScheduleRow, current)
            .where(PublishedSegmentRow.start_at < end, PublishedSegmentRow.end_at > start)
        )
        if agent_ids is not None:
            stmt = stmt.where(PublishedSegmentRow.agent_id.in_(agent_ids))
        if exclude_schedule is not None:
            stmt = stmt.where(PublishedSegmentRow.schedule_id != exclude_schedule)
        stmt = stmt.order_by(PublishedSegmentRow.agent_id, PublishedSegmentRow.start_at)
        return [(r.schedule_id, _segment(r)) for r in self.session.scalars(stmt)]

    def add_history(self, entry: HistoryEntry) -> None:
        self.session.add(
            ScheduleHistoryRow(
                schedule_id=entry.schedule_id,
                at=entry.at,
                actor_user_id=entry.actor_user_id,
                actor_username=entry.actor_username,
                action=entry.action,
                segment_id=entry.segment_id,
                agent_id=entry.agent_id,
                changes=entry.changes,
            )
        )

    def history(self, schedule_id: int, page: Page) -> PageResult[HistoryEntry]:
        stmt = (
            select(ScheduleHistoryRow)
            .where(ScheduleHistoryRow.schedule_id == schedule_id)
            .order_by(ScheduleHistoryRow.id.desc())
        )
        rows, total = fetch_page(self.session, stmt, page)
        entries = [
            HistoryEntry(
                id=r.id,
                schedule_id=r.schedule_id,
                at=r.at,
                actor_user_id=r.actor_user_id,
                actor_username=r.actor_username,
                action=r.action,
                segment_id=r.segment_id,
                agent_id=r.agent_id,
                changes=dict(r.changes or {}),
            )
            for r in rows
        ]
        return PageResult(entries, total, page)

    def agents(self, team_ids: frozenset[int] | None = None) -> builtins.list[AgentRef]:
        stmt = select(
            AgentRow.id, AgentRow.user_id, UserRow.username, UserRow.display_name, AgentRow.team_id
        ).join(UserRow, UserRow.id == AgentRow.user_id)
        if team_ids is not None:
            stmt = stmt.where(AgentRow.team_id.in_(team_ids))
        return [AgentRef(*row) for row in self.session.execute(stmt.order_by(AgentRow.id))]

    def agents_by_username(self, usernames: frozenset[str]) -> dict[str, AgentRef]:
        if not usernames:
            return {}
        stmt = (
            select(
                AgentRow.id,
                AgentRow.user_id,
                UserRow.username,
                UserRow.display_name,
                AgentRow.team_id,
            )
            .join(UserRow, UserRow.id == AgentRow.user_id)
            .where(UserRow.username.in_(usernames))
        )
        return {row.username: AgentRef(*row) for row in self.session.execute(stmt)}
