"""SQL storage of runs in progress and promised callbacks.

A chat's run and a voice call's run are rows of one table (``chat:<id>``, ``voice:<CallSid>``):
each webhook or message may be served by another app node, so the flow's snapshot, the call's
status history and the interaction the hand-off created live here between turns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from frontline.adapters.db.flow_tables import CallbackRow, FlowSessionRow
from frontline.adapters.voice.calls import CallRecord
from frontline.adapters.voice.webhook_forms import CallStatus
from frontline.domain.callbacks import CallbackMode, CallbackRequest
from frontline.domain.flows import EndFlow, HandOff, Outcome, ScheduleCallback, TakeVoicemail
from frontline.service.selfservice.ports import FlowSession, StoredCallback

VOICE_PREFIX = "voice:"


def outcome_kind(outcome: Outcome | None) -> str | None:
    match outcome:
        case HandOff():
            return "hand_off"
        case ScheduleCallback():
            return "callback"
        case TakeVoicemail():
            return "voicemail"
        case EndFlow():
            return "end"
    return None


class _Sessions:
    def __init__(self, engine: Engine, clock: Callable[[], datetime]) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._clock = clock

    def _session(self) -> Session:
        return self._sessions()


class SqlSessionStore(_Sessions):
    """Chat runs (``SessionStore``)."""

    def get_session(self, key: str) -> FlowSession | None:
        with self._session() as session:
            row = session.get(FlowSessionRow, key)
            if row is None:
                return None
            return FlowSession(
                row.key,
                row.channel,
                row.flow_id,
                row.flow_version,
                dict(row.snapshot) if row.snapshot is not None else None,
                row.interaction_id,
                row.outcome,
            )

    def put_session(self, run: FlowSession, at: datetime) -> None:
        with self._session() as session, session.begin():
            row = session.get(FlowSessionRow, run.key)
            if row is None:
                row = FlowSessionRow(key=run.key, history=[], updated_at=at)
                session.add(row)
            row.channel, row.flow_id, row.flow_version = run.channel, run.flow_id, run.flow_version
            row.snapshot, row.interaction_id, row.outcome = (
                run.snapshot,
                run.interaction_id,
                run.outcome,
            )
            row.updated_at = at


class SqlCallStore(_Sessions):
    """Voice calls (the voice adapter's ``CallStore``), plus the interaction each one became.

    The outcome object itself is only needed by the webhook that produced it; its kind is kept.
    """

    def get(self, call_sid: str) -> CallRecord | None:
        with self._session() as session:
            row = session.get(FlowSessionRow, VOICE_PREFIX + call_sid)
            if row is None:
                return None
            return CallRecord(
                call_sid,
                row.caller,
                row.called or "",
                row.flow_id,
                row.flow_version,
                status=CallStatus(row.call_status) if row.call_status else None,
                snapshot=dict(row.snapshot) if row.snapshot is not None else None,
                recording_url=row.recording_url,
                agent=row.agent,
                history=[CallStatus(s) for s in row.history or []],
            )

    def put(self, record: CallRecord) -> None:
        with self._session() as session, session.begin():
            key = VOICE_PREFIX + record.call_sid
            row = session.get(FlowSessionRow, key)
            if row is None:
                row = FlowSessionRow(key=key, channel="voice")
                session.add(row)
            row.flow_id, row.flow_version = record.flow_id, record.flow_version
            row.caller, row.called = record.caller, record.called
            row.call_status = record.status.value if record.status else None
            row.snapshot = record.snapshot
            row.history = [s.value for s in record.history]
            row.outcome = outcome_kind(record.outcome) or row.outcome
            row.recording_url, row.agent = record.recording_url, record.agent
            row.updated_at = self._clock()

    def interaction_of(self, call_sid: str) -> int | None:
        with self._session() as session:
            return session.scalar(
                select(FlowSessionRow.interaction_id).where(
                    FlowSessionRow.key == VOICE_PREFIX + call_sid
                )
            )

    def link_interaction(self, call_sid: str, interaction_id: int) -> None:
        with self._session() as session, session.begin():
            row = session.get(FlowSessionRow, VOICE_PREFIX + call_sid)
            if row is not None:
                row.interaction_id = interaction_id


class SqlCallbackStore(_Sessions):
    """Promised callbacks (``CallbackStore``)."""

    def add_callback(self, request: CallbackRequest, context: dict[str, Any]) -> int:
        row = CallbackRow(
            queue=request.queue,
            number=request.number,
            mode=request.mode.value,
            requested_at=request.requested_at,
            release_at=request.release_at,
            ordering_at=request.ordering_at,
            priority=request.priority,
            skills=dict(request.skills),
            context=context,
            status="pending",
        )
        with self._session() as session, session.begin():
            session.add(row)
            session.flush()
            return int(row.id)

    def due_callbacks(self, now: datetime, limit: int) -> list[StoredCallback]:
        with self._session() as session:
            rows = session.scalars(
                select(CallbackRow)
                .where(CallbackRow.status == "pending", CallbackRow.release_at <= now)
                .order_by(CallbackRow.ordering_at, CallbackRow.id)
                .limit(limit)
            ).all()
            return [_callback(row) for row in rows]

    def mark_released(self, callback_id: int, interaction_id: int | None) -> None:
        with self._session() as session, session.begin():
            row = session.get(CallbackRow, callback_id)
            if row is not None:
                row.status = "released" if interaction_id is not None else "failed"
                row.interaction_id = interaction_id


def _callback(row: CallbackRow) -> StoredCallback:
    request = CallbackRequest(
        queue=row.queue,
        number=row.number,
        mode=CallbackMode(row.mode),
        requested_at=row.requested_at.astimezone(UTC),
        release_at=row.release_at.astimezone(UTC),
        ordering_at=row.ordering_at.astimezone(UTC),
        priority=row.priority,
        skills={str(k): int(v) for k, v in (row.skills or {}).items()},
    )
    return StoredCallback(row.id, request, dict(row.context or {}))
