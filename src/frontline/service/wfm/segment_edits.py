"""Editing a schedule's draft segment by segment; each edit is one history entry.

Edits never touch what agents see: they change the draft and mark the schedule as changed
since its last publish, and the next publish makes them visible.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from frontline.domain.org.errors import InvalidValue
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.domain.wfm_schedule.schedule import Schedule
from frontline.domain.wfm_schedule.segments import (
    ScheduleError,
    Segment,
    overlay,
    parse_activity,
)
from frontline.service.access import ensure, found
from frontline.service.wfm import history
from frontline.service.wfm.building import SegmentInput, build_segment, check_schedule
from frontline.service.wfm.ports import WfmUnitOfWork
from frontline.service.wfm.runtime import WfmRuntime

EDITABLE = frozenset({"agent_id", "activity", "start", "end", "note"})


def _checked(rt: WfmRuntime, uow: WfmUnitOfWork, schedule: Schedule, segment: Segment) -> Segment:
    """``segment`` must fit the schedule's days and the agent's other draft segments."""
    agents = {ref.agent_id: ref for ref in uow.schedules.agents()}
    if segment.agent_id not in agents:
        raise ScheduleError(f"agent {segment.agent_id} does not exist")
    others = [
        s
        for s in uow.schedules.segments(schedule.id, frozenset({segment.agent_id}))
        if s.id != segment.id
    ]
    check_schedule(rt, schedule, [*others, segment], agents)
    return segment


def _mark_changed(uow: WfmUnitOfWork, schedule: Schedule) -> None:
    if not schedule.changed_since_publish:
        uow.schedules.save(replace(schedule, changed_since_publish=True))


def add_segment(rt: WfmRuntime, actor: Principal, schedule_id: int, item: SegmentInput) -> Segment:
    """Add one segment; a break, lunch, training or meeting inside a work segment splits it."""
    ensure(actor, Permission.SCHEDULES_MANAGE)
    with rt.uow() as uow:
        schedule = found(uow.schedules.get(schedule_id), "schedule", schedule_id)
        agents = {ref.agent_id: ref for ref in uow.schedules.agents()}
        segment = build_segment(item, agents, "segment")
        mine = uow.schedules.segments(schedule_id, frozenset({segment.agent_id}))
        host, pieces = overlay(mine, segment)
        kept = [s for s in mine if host is None or s.id != host.id]
        check_schedule(rt, schedule, [*kept, *pieces], agents)
        if host is not None:
            uow.schedules.delete_segment(schedule_id, host.id)
        stored = uow.schedules.add_segments(schedule_id, pieces)
        added = next(
            s for s in stored if s.activity is segment.activity and s.start == segment.start
        )
        changes = history.segment_changes(None, added)
        if host is not None:
            changes["split_segment"] = [host.id, sorted(s.id for s in stored if s is not added)]
        _mark_changed(uow, schedule)
        history.record(uow, actor, schedule_id, "add_segment", changes, added)
        uow.commit()
    return added


def update_segment(
    rt: WfmRuntime,
    actor: Principal,
    schedule_id: int,
    segment_id: int,
    changes: Mapping[str, Any],
) -> Segment:
    ensure(actor, Permission.SCHEDULES_MANAGE)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise InvalidValue(f"cannot change {', '.join(sorted(unknown))}")
    with rt.uow() as uow:
        schedule = found(uow.schedules.get(schedule_id), "schedule", schedule_id)
        before = found(uow.schedules.segment(schedule_id, segment_id), "segment", segment_id)
        values = dict(changes)
        if "activity" in values:
            values["activity"] = parse_activity(values["activity"])
        try:
            after = replace(before, **values)
        except ScheduleError as exc:
            raise ScheduleError(f"segment {segment_id}: {exc}") from None
        _checked(rt, uow, schedule, after)
        delta = history.segment_changes(before, after)
        if delta:
            uow.schedules.save_segment(schedule_id, after)
            _mark_changed(uow, schedule)
            history.record(uow, actor, schedule_id, "change_segment", delta, after)
            uow.commit()
    return after


def delete_segment(rt: WfmRuntime, actor: Principal, schedule_id: int, segment_id: int) -> None:
    ensure(actor, Permission.SCHEDULES_MANAGE)
    with rt.uow() as uow:
        schedule = found(uow.schedules.get(schedule_id), "schedule", schedule_id)
        before = found(uow.schedules.segment(schedule_id, segment_id), "segment", segment_id)
        uow.schedules.delete_segment(schedule_id, segment_id)
        _mark_changed(uow, schedule)
        history.record(
            uow,
            actor,
            schedule_id,
            "delete_segment",
            history.segment_changes(before, None),
            before,
        )
        uow.commit()
