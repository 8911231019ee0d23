"""The edit history of a schedule: one entry per change, written in the change's transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from frontline.domain.org.audit import diff
from frontline.domain.org.users import Principal
from frontline.domain.wfm_schedule.segments import Segment
from frontline.service.wfm.ports import HistoryEntry, WfmUnitOfWork


def record(
    uow: WfmUnitOfWork,
    actor: Principal,
    schedule_id: int,
    action: str,
    changes: dict[str, Any],
    segment: Segment | None = None,
) -> None:
    uow.schedules.add_history(
        HistoryEntry(
            schedule_id=schedule_id,
            at=datetime.now(UTC),
            actor_user_id=actor.user_id,
            actor_username=actor.username,
            action=action,
            segment_id=segment.id if segment is not None else None,
            agent_id=segment.agent_id if segment is not None else None,
            changes=changes,
        )
    )


def segment_changes(before: Segment | None, after: Segment | None) -> dict[str, Any]:
    """``{field: [old, new]}`` of a segment, times as ISO text (the audit log's format)."""
    return diff(_plain(before), _plain(after))


def _plain(segment: Segment | None) -> dict[str, Any] | None:
    if segment is None:
        return None
    return {
        "agent_id": segment.agent_id,
        "activity": segment.activity.value,
        "start": segment.start.astimezone(UTC).isoformat(),
        "end": segment.end.astimezone(UTC).isoformat(),
        "note": segment.note,
    }
