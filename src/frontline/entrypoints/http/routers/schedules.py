"""Schedules: create a draft (segments or a roster CSV), edit segments with history, publish;
agents read their own published schedule."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Response

from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.routers.params import IdPath, PageParams
from frontline.entrypoints.http.routers.wfm_deps import Wfm
from frontline.entrypoints.http.schemas.common import PageOut
from frontline.entrypoints.http.schemas.wfm_schedules import (
    HistoryOut,
    MyScheduleOut,
    RosterIn,
    ScheduleDetailOut,
    ScheduleIn,
    ScheduleOut,
    SegmentIn,
    SegmentOut,
    SegmentPatch,
)
from frontline.entrypoints.http.security import require
from frontline.service.wfm import schedules, segment_edits
from frontline.service.wfm.building import SegmentInput
from frontline.service.wfm.roster_breaks import BreakSource
from frontline.service.wfm.roster_import import RosterCsv
from frontline.service.wfm.runtime import WfmRuntime
from frontline.service.wfm.schedules import CreateSchedule, ScheduleView

router = APIRouter(tags=["schedules"])
P = Permission
PREFIX = "/api/v1/schedules"
READ = (P.SCHEDULES_READ, P.SCHEDULES_READ_TEAM)
DEFAULT_DAYS = 7


def _detail(view: ScheduleView) -> ScheduleDetailOut:
    return ScheduleDetailOut(
        **ScheduleOut.of(view.schedule).model_dump(),
        segments=[SegmentOut.of(s) for s in view.segments],
    )


def _roster(body: RosterIn) -> RosterCsv:
    breaks = None
    if body.schedule_csv is not None:
        breaks = BreakSource(body.schedule_csv, body.period_minutes, body.break_minutes)
    return RosterCsv(body.csv, body.week_start, breaks)


def _input(body: SegmentIn) -> SegmentInput:
    return SegmentInput(body.agent_id, body.activity.value, body.start, body.end, body.note)


@router.post(PREFIX, status_code=201, summary="Create a draft schedule (segments or a roster CSV)")
def create(
    body: ScheduleIn, wfm: Wfm, actor: Principal = require(P.SCHEDULES_MANAGE)
) -> ScheduleDetailOut:
    roster = _roster(body.roster) if body.roster else None
    cmd = CreateSchedule(
        body.name, body.starts_on, body.ends_on, [_input(s) for s in body.segments], roster
    )
    return _detail(schedules.create_schedule(wfm, actor, cmd))


@router.get(PREFIX, summary="List schedules, latest first")
def list_all(wfm: Wfm, page: PageParams, actor: Principal = require(*READ)) -> PageOut[ScheduleOut]:
    return PageOut[ScheduleOut].of(schedules.list_schedules(wfm, actor, page).map(ScheduleOut.of))


@router.get(
    PREFIX + "/{schedule_id}", summary="A schedule's draft segments (team leads: their teams)"
)
def get(schedule_id: IdPath, wfm: Wfm, actor: Principal = require(*READ)) -> ScheduleDetailOut:
    return _detail(schedules.get_schedule(wfm, actor, schedule_id))


@router.get(
    PREFIX + "/{schedule_id}/history", summary="Who changed and published what, newest first"
)
def history(
    schedule_id: IdPath, wfm: Wfm, page: PageParams, actor: Principal = require(P.SCHEDULES_READ)
) -> PageOut[HistoryOut]:
    result = schedules.schedule_history(wfm, actor, schedule_id, page)
    return PageOut[HistoryOut].of(result.map(HistoryOut.of))


@router.post(PREFIX + "/{schedule_id}/segments", status_code=201, summary="Add a segment")
def add_segment(
    schedule_id: IdPath, body: SegmentIn, wfm: Wfm, actor: Principal = require(P.SCHEDULES_MANAGE)
) -> SegmentOut:
    return SegmentOut.of(segment_edits.add_segment(wfm, actor, schedule_id, _input(body)))


@router.patch(PREFIX + "/{schedule_id}/segments/{segment_id}", summary="Change a segment")
def change_segment(
    schedule_id: IdPath,
    segment_id: IdPath,
    body: SegmentPatch,
    wfm: Wfm,
    actor: Principal = require(P.SCHEDULES_MANAGE),
) -> SegmentOut:
    changes = body.changes()
    if "activity" in changes:
        changes["activity"] = changes["activity"].value
    return SegmentOut.of(segment_edits.update_segment(wfm, actor, schedule_id, segment_id, changes))


@router.delete(
    PREFIX + "/{schedule_id}/segments/{segment_id}", status_code=204, summary="Remove a segment"
)
def delete_segment(
    schedule_id: IdPath,
    segment_id: IdPath,
    wfm: Wfm,
    actor: Principal = require(P.SCHEDULES_MANAGE),
) -> Response:
    segment_edits.delete_segment(wfm, actor, schedule_id, segment_id)
    return Response(status_code=204)


@router.post(PREFIX + "/{schedule_id}/publish", summary="Publish the schedule to its agents")
def publish(
    schedule_id: IdPath, wfm: Wfm, actor: Principal = require(P.SCHEDULES_MANAGE)
) -> ScheduleOut:
    return ScheduleOut.of(schedules.publish(wfm, actor, schedule_id))


def _site_time(wfm: WfmRuntime, moment: datetime | None, default: datetime) -> datetime:
    if moment is None:
        return default
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=wfm.zone)


@router.get("/api/v1/agents/me/schedule", summary="The caller's own published schedule")
def my_schedule(
    wfm: Wfm,
    start: Annotated[datetime | None, Query(alias="from", description="default: today")] = None,
    end: Annotated[datetime | None, Query(alias="to", description="default: 7 days on")] = None,
    actor: Principal = require(P.PROFILE_READ),
) -> MyScheduleOut:
    today = wfm.clock.now().astimezone(wfm.zone).replace(hour=0, minute=0, second=0, microsecond=0)
    first = _site_time(wfm, start, today)
    last = _site_time(wfm, end, first + timedelta(days=DEFAULT_DAYS))
    segments = schedules.my_schedule(wfm, actor, first, last)
    return MyScheduleOut(start=first, end=last, segments=[SegmentOut.of(s) for s in segments])
