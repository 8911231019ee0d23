"""Request and response bodies of schedules, agents' own schedule and adherence."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, Field, StringConstraints

from frontline.domain.wfm_schedule.adherence import AdherenceTally
from frontline.domain.wfm_schedule.schedule import Schedule
from frontline.domain.wfm_schedule.segments import Activity, Segment
from frontline.entrypoints.http.schemas.common import Id, InputModel, Name, PatchModel
from frontline.service.wfm.ports import AgentRef, HistoryEntry

MAX_SEGMENTS = 20_000
MAX_CSV_CHARS = 2_000_000
Note = Annotated[str, StringConstraints(max_length=500)]


class SegmentIn(InputModel):
    agent_id: Id
    activity: Activity
    start: AwareDatetime
    end: AwareDatetime
    note: Note = ""


class RosterIn(InputModel):
    """A roster CSV as ``frontline schedule --roster-out`` or ``frontline plan`` write it."""

    csv: Annotated[str, StringConstraints(min_length=1, max_length=MAX_CSV_CHARS)]
    week_start: date | None = Field(
        default=None, description="date of day 0, for rosters with clock times and a day index"
    )
    schedule_csv: Annotated[str, StringConstraints(max_length=MAX_CSV_CHARS)] | None = Field(
        default=None, description="the schedule CSV written with the roster: adds the breaks"
    )
    period_minutes: Annotated[int, Field(ge=1, le=1440)] | None = Field(
        default=None, description="period length, for break periods (frontline schedule)"
    )
    break_minutes: dict[
        Annotated[str, StringConstraints(max_length=64)], Annotated[int, Field(ge=1, le=480)]
    ] = Field(
        default_factory=dict,
        max_length=50,
        description="break lengths, for break start times (frontline plan)",
    )


class ScheduleIn(InputModel):
    name: Name
    starts_on: date
    ends_on: date
    segments: list[SegmentIn] = Field(default_factory=list, max_length=MAX_SEGMENTS)
    roster: RosterIn | None = None


class SegmentPatch(PatchModel):
    agent_id: Id | None = None
    activity: Activity | None = None
    start: AwareDatetime | None = None
    end: AwareDatetime | None = None
    note: Note | None = None


class SegmentOut(BaseModel):
    id: int
    agent_id: int
    activity: Activity
    start: datetime
    end: datetime
    minutes: float
    note: str

    @classmethod
    def of(cls, s: Segment) -> SegmentOut:
        return cls(
            id=s.id,
            agent_id=s.agent_id,
            activity=s.activity,
            start=s.start,
            end=s.end,
            minutes=round(s.seconds / 60, 2),
            note=s.note,
        )


class ScheduleOut(BaseModel):
    id: int
    name: str
    starts_on: date
    ends_on: date
    status: str
    published_version: int
    published_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, s: Schedule) -> ScheduleOut:
        return cls(
            id=s.id,
            name=s.name,
            starts_on=s.starts_on,
            ends_on=s.ends_on,
            status=s.status.value,
            published_version=s.published_version,
            published_at=s.published_at,
            created_at=s.created_at,
        )


class ScheduleDetailOut(ScheduleOut):
    segments: list[SegmentOut]


class HistoryOut(BaseModel):
    id: int
    at: datetime
    actor_user_id: int | None
    actor_username: str
    action: str
    segment_id: int | None
    agent_id: int | None
    changes: dict[str, Any]

    @classmethod
    def of(cls, e: HistoryEntry) -> HistoryOut:
        return cls(
            id=e.id,
            at=e.at,
            actor_user_id=e.actor_user_id,
            actor_username=e.actor_username,
            action=e.action,
            segment_id=e.segment_id,
            agent_id=e.agent_id,
            changes=e.changes,
        )


class MyScheduleOut(BaseModel):
    start: datetime = Field(serialization_alias="from")
    end: datetime = Field(serialization_alias="to")
    segments: list[SegmentOut]


class Figures(BaseModel):
    """Minutes and ratios of ``frontline.domain.wfm_schedule.adherence`` (percent, or null
    when nothing was scheduled)."""

    scheduled_minutes: float
    adherent_minutes: float
    out_of_adherence_minutes: float
    adherence_percent: float | None
    scheduled_work_minutes: float
    worked_minutes: float
    conformance_percent: float | None

    @staticmethod
    def values(t: AdherenceTally) -> dict[str, Any]:
        def pct(ratio: float | None) -> float | None:
            return None if ratio is None else round(100 * ratio, 2)

        return {
            "scheduled_minutes": round(t.scheduled_s / 60, 2),
            "adherent_minutes": round(t.adherent_s / 60, 2),
            "out_of_adherence_minutes": round(t.out_of_adherence_s / 60, 2),
            "adherence_percent": pct(t.adherence),
            "scheduled_work_minutes": round(t.work_scheduled_s / 60, 2),
            "worked_minutes": round(t.worked_s / 60, 2),
            "conformance_percent": pct(t.conformance),
        }


class AgentFigures(Figures):
    agent_id: int
    username: str
    display_name: str
    team_id: int | None

    @classmethod
    def of(cls, ref: AgentRef, t: AdherenceTally) -> AgentFigures:
        return cls(
            agent_id=ref.agent_id,
            username=ref.username,
            display_name=ref.display_name,
            team_id=ref.team_id,
            **Figures.values(t),
        )


class TeamFigures(Figures):
    team_id: int | None


class AdherenceOut(BaseModel):
    date: date
    timezone: str
    start: datetime = Field(serialization_alias="from")
    until: datetime
    total: Figures
    teams: list[TeamFigures]
    agents: list[AgentFigures]


class AlertOut(BaseModel):
    agent_id: int
    username: str
    display_name: str
    team_id: int | None
    scheduled_activity: Activity
    scheduled_until: datetime
    state: str
    reason: str | None
    out_since: datetime
    minutes_out: float


class AlertsOut(BaseModel):
    at: datetime
    grace_seconds: float
    alerts: list[AlertOut]
