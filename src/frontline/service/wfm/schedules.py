"""Use cases of schedules: create a draft, read it, publish it, and agents' own view.

A schedule is created as a draft (segments given directly or imported from a roster CSV);
publishing copies its segments into a numbered version that agents see. Republishing after
edits makes a new version and keeps the old ones, and every step is in the edit history.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from frontline.domain.org.errors import InvalidValue, NotFound
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.domain.wfm_schedule.schedule import MAX_DAYS, Schedule
from frontline.domain.wfm_schedule.segments import MAX_SEGMENT, Segment, flatten
from frontline.service.access import ensure, found
from frontline.service.pagination import Page, PageResult
from frontline.service.wfm import history
from frontline.service.wfm.building import (
    SegmentInput,
    build_segment,
    check_against_published,
    check_schedule,
    names_of,
)
from frontline.service.wfm.ports import HistoryEntry
from frontline.service.wfm.roster_import import RosterCsv, segments_from_roster
from frontline.service.wfm.runtime import WfmRuntime
from frontline.service.wfm.visibility import visible_agents

P = Permission


@dataclass(frozen=True)
class CreateSchedule:
    name: str
    starts_on: date
    ends_on: date
    segments: Sequence[SegmentInput] = ()
    roster: RosterCsv | None = None


@dataclass(frozen=True)
class ScheduleView:
    schedule: Schedule
    segments: list[Segment] = field(default_factory=list)


def create_schedule(rt: WfmRuntime, actor: Principal, cmd: CreateSchedule) -> ScheduleView:
    ensure(actor, P.SCHEDULES_MANAGE)
    now = rt.clock.now()
    schedule = Schedule(cmd.name, cmd.starts_on, cmd.ends_on, now)
    with rt.uow() as uow:
        agents = {ref.agent_id: ref for ref in uow.schedules.agents()}
        segments = [
            build_segment(item, agents, f"segments[{i}]") for i, item in enumerate(cmd.segments)
        ]
        if cmd.roster is not None:
            segments += segments_from_roster(cmd.roster, agents, rt.zone)
        ordered = check_schedule(rt, schedule, flatten(segments), agents)
        schedule = uow.schedules.add(schedule)
        stored = uow.schedules.add_segments(schedule.id, ordered)
        changes = {"name": [None, schedule.name], "segments": [0, len(stored)]}
        history.record(uow, actor, schedule.id, "create", changes)
        uow.commit()
    return ScheduleView(schedule, stored)


def get_schedule(rt: WfmRuntime, actor: Principal, schedule_id: int) -> ScheduleView:
    """The draft segments the caller may see (a team lead: those of their teams' agents)."""
    with rt.uow() as uow:
        agents = visible_agents(uow, actor)
        schedule = found(uow.schedules.get(schedule_id), "schedule", schedule_id)
        return ScheduleView(schedule, uow.schedules.segments(schedule_id, frozenset(agents)))


def list_schedules(rt: WfmRuntime, actor: Principal, page: Page) -> PageResult[Schedule]:
    with rt.uow() as uow:
        visible_agents(uow, actor)  # refuses callers without a schedules permission
        return uow.schedules.list(page)


def schedule_history(
    rt: WfmRuntime, actor: Principal, schedule_id: int, page: Page
) -> PageResult[HistoryEntry]:
    ensure(actor, P.SCHEDULES_READ, P.SCHEDULES_MANAGE)
    with rt.uow() as uow:
        found(uow.schedules.get(schedule_id), "schedule", schedule_id)
        return uow.schedules.history(schedule_id, page)


def publish(rt: WfmRuntime, actor: Principal, schedule_id: int) -> Schedule:
    """Make the current segments what agents see; unchanged since the last publish: no-op."""
    ensure(actor, P.SCHEDULES_MANAGE)
    with rt.uow() as uow:
        schedule = found(uow.schedules.get(schedule_id), "schedule", schedule_id)
        if schedule.published_version and not schedule.changed_since_publish:
            return schedule
        segments = uow.schedules.segments(schedule_id)
        agents = {ref.agent_id: ref for ref in uow.schedules.agents()}
        first, after = schedule.bounds(rt.zone)
        others = uow.schedules.published(
            frozenset(s.agent_id for s in segments),
            first - MAX_SEGMENT,
            after + MAX_SEGMENT,
            exclude_schedule=schedule_id,
        )
        check_against_published(segments, others, names_of(agents))
        version = schedule.published_version + 1
        uow.schedules.publish(schedule_id, version, segments)
        published = replace(
            schedule,
            published_version=version,
            published_at=rt.clock.now(),
            changed_since_publish=False,
        )
        uow.schedules.save(published)
        changes = {"version": [schedule.published_version, version], "segments": len(segments)}
        history.record(uow, actor, schedule_id, "publish", changes)
        uow.commit()
    return published


def my_schedule(rt: WfmRuntime, actor: Principal, start: datetime, end: datetime) -> list[Segment]:
    """The caller's own published segments overlapping [start, end)."""
    ensure(actor, P.PROFILE_READ)
    if end <= start:
        raise InvalidValue("'to' must be after 'from'")
    if end - start > timedelta(days=MAX_DAYS):
        raise InvalidValue(f"ask for at most {MAX_DAYS} days at a time")
    with rt.uow() as uow:
        agent = uow.agents.get_by_user(actor.user_id) if actor.user_id is not None else None
        if agent is None:
            raise NotFound("you have no agent profile, so no schedule")
        return [s for _, s in uow.schedules.published(frozenset({agent.id}), start, end)]
