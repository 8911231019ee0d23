"""Ports of the WFM use cases: schedule and state-log repositories, the clock, and the unit of
work that holds them next to the platform repositories (one transaction for a segment edit and
its history entry)."""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from frontline.domain.wfm_schedule.schedule import Schedule
from frontline.domain.wfm_schedule.segments import Segment
from frontline.service.pagination import Page, PageResult
from frontline.service.ports import UnitOfWork


class Clock(Protocol):
    def now(self) -> datetime: ...


@dataclass(frozen=True)
class AgentRef:
    """Who an agent is, for messages, team scoping and reports."""

    agent_id: int
    user_id: int
    username: str
    display_name: str
    team_id: int | None


@dataclass(frozen=True)
class HistoryEntry:
    """One edit of a schedule: who, when, what (``changes`` is ``{field: [old, new]}``)."""

    schedule_id: int
    at: datetime
    actor_user_id: int | None
    actor_username: str
    action: str
    segment_id: int | None = None
    agent_id: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    id: int = 0


@dataclass(frozen=True)
class StateLogEntry:
    agent_id: int
    state: str
    reason: str | None
    started_at: datetime
    ended_at: datetime | None = None
    id: int = 0


class ScheduleRepository(Protocol):
    def add(self, schedule: Schedule) -> Schedule: ...
    def get(self, schedule_id: int) -> Schedule | None: ...
    def save(self, schedule: Schedule) -> None: ...
    def list(self, page: Page) -> PageResult[Schedule]: ...
    def segments(
        self, schedule_id: int, agent_ids: frozenset[int] | None = None
    ) -> builtins.list[Segment]: ...
    def segment(self, schedule_id: int, segment_id: int) -> Segment | None: ...
    def add_segments(
        self, schedule_id: int, segments: Sequence[Segment]
    ) -> builtins.list[Segment]: ...
    def save_segment(self, schedule_id: int, segment: Segment) -> None: ...
    def delete_segment(self, schedule_id: int, segment_id: int) -> None: ...
    def publish(self, schedule_id: int, version: int, segments: Sequence[Segment]) -> None: ...
    def published(
        self,
        agent_ids: frozenset[int] | None,
        start: datetime,
        end: datetime,
        exclude_schedule: int | None = None,
    ) -> builtins.list[tuple[int, Segment]]:
        """(schedule id, segment) of the latest published versions overlapping [start, end)."""
        ...

    def add_history(self, entry: HistoryEntry) -> None: ...
    def history(self, schedule_id: int, page: Page) -> PageResult[HistoryEntry]: ...
    def agents(self, team_ids: frozenset[int] | None = None) -> builtins.list[AgentRef]:
        """Every agent (or those of ``team_ids``) with user name and team."""
        ...

    def agents_by_username(self, usernames: frozenset[str]) -> dict[str, AgentRef]: ...


class StateLogRepository(Protocol):
    """Batch reads and writes: the live feed logs a tick of changes for many agents at once,
    in a constant number of statements however many changes the tick holds."""

    def open_entries(self, agent_ids: frozenset[int]) -> dict[int, StateLogEntry]:
        """The open entry of each agent that has one (the latest, should there be several)."""
        ...

    def close_many(self, ended_at: Mapping[int, datetime]) -> None:
        """End each entry ``id`` of ``ended_at`` at its time."""
        ...

    def add_many(self, entries: Sequence[StateLogEntry]) -> None:
        """Insert ``entries`` in this order (ids follow it)."""
        ...

    def spans(
        self, agent_ids: frozenset[int] | None, start: datetime, end: datetime
    ) -> list[StateLogEntry]:
        """Entries overlapping [start, end) (open ones included), ordered by agent and start."""
        ...

    def current(self, agent_ids: frozenset[int] | None) -> list[StateLogEntry]: ...


class WfmUnitOfWork(UnitOfWork, Protocol):
    schedules: ScheduleRepository
    state_log: StateLogRepository
