"""Callbacks instead of waiting: when to offer one, and when the call back is due.

Two promises can be made to a customer facing a long wait:
- *keep my place*: the callback joins the queue at once as a virtual contact ordered by the
  moment the customer would have started waiting, so the agent who would have answered the call
  makes the call instead, and the customer loses no ground by hanging up;
- *call me at a time I choose*: the time must lie inside business hours, far enough ahead for
  the promise to be kept and not beyond the planning horizon.
Either way the result is a `CallbackRequest`; the service layer creates the outbound interaction
when `due` returns it and routes it like any waiting contact. Time is passed in, never read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from frontline.domain.org.customers import check_phone
from frontline.domain.org.errors import InvalidValue

_CLOCK = re.compile(r"^\s*(\d{1,2})[:.h]?(\d{2})\s*$")


class OpeningSchedule(Protocol):
    """Business hours as callbacks and flow conditions need them: "is it open at t?".

    The organisation model's ``BusinessHours`` (weekly windows in an IANA zone) satisfies it as
    it is, and so does any calendar with holidays the caller prefers to pass in.
    """

    @property
    def timezone(self) -> str:
        """IANA zone in which times chosen by customers are read."""
        ...

    def is_open(self, at: datetime) -> bool:
        """Whether the timezone-aware instant ``at`` falls inside opening hours."""
        ...


class CallbackMode(StrEnum):
    KEEP_PLACE = "keep_place"
    SCHEDULED = "scheduled"


@dataclass(frozen=True, slots=True)
class CallbackPolicy:
    """How far ahead a chosen time must be, how far it may be, and the suggestion grid."""

    min_lead_seconds: int = 300
    max_days_ahead: int = 7
    slot_minutes: int = 15


class CallbackTimeRejected(InvalidValue):
    """A chosen callback time cannot be promised; the message says why, for the customer."""


@dataclass(frozen=True, slots=True)
class CallbackRequest:
    """A promised callback: who to call, from which queue, released and ordered when."""

    queue: str
    number: str
    mode: CallbackMode
    requested_at: datetime
    release_at: datetime
    """When the outbound interaction enters the queue."""
    ordering_at: datetime
    """Its place in line: the time it is ordered by among waiting contacts."""
    priority: int = 0
    skills: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for moment in (self.requested_at, self.release_at, self.ordering_at):
            if moment.tzinfo is None:
                raise InvalidValue("callback times must be timezone-aware")
        check_phone(self.number)


def should_offer(expected_wait_seconds: float, threshold_seconds: float) -> bool:
    """Offer a callback only when the expected wait is strictly longer than the threshold."""
    return expected_wait_seconds > threshold_seconds


def keep_place(
    queue: str,
    number: str,
    *,
    joined_queue_at: datetime,
    now: datetime,
    priority: int = 0,
    skills: Mapping[str, int] | None = None,
) -> CallbackRequest:
    """A callback that keeps the customer's place: released now, ordered by ``joined_queue_at``."""
    if joined_queue_at > now:
        raise InvalidValue("a customer cannot have joined the queue in the future")
    return CallbackRequest(
        queue,
        number,
        CallbackMode.KEEP_PLACE,
        now,
        now,
        joined_queue_at,
        priority,
        dict(skills or {}),
    )


def schedule_at(
    queue: str,
    number: str,
    at: datetime,
    *,
    schedule: OpeningSchedule,
    now: datetime,
    policy: CallbackPolicy = CallbackPolicy(),
    priority: int = 0,
    skills: Mapping[str, int] | None = None,
) -> CallbackRequest:
    """A callback at a chosen time, checked by `check_callback_time`."""
    check_callback_time(at, schedule=schedule, now=now, policy=policy)
    return CallbackRequest(
        queue, number, CallbackMode.SCHEDULED, now, at, at, priority, dict(skills or {})
    )


def check_callback_time(
    at: datetime, *, schedule: OpeningSchedule, now: datetime, policy: CallbackPolicy
) -> None:
    """Refuse a time in the past, too soon, too far ahead or outside business hours."""
    if at.tzinfo is None:
        raise CallbackTimeRejected("the callback time must carry its time zone")
    if at < now + timedelta(seconds=policy.min_lead_seconds):
        minutes = policy.min_lead_seconds // 60
        raise CallbackTimeRejected(f"the callback time must be at least {minutes} minutes ahead")
    if at > now + timedelta(days=policy.max_days_ahead):
        raise CallbackTimeRejected(f"the callback time must be within {policy.max_days_ahead} days")
    if not schedule.is_open(at):
        raise CallbackTimeRejected("the callback time is outside business hours")


def parse_clock(text: str) -> time | None:
    """``1430``, ``14:30``, ``9:05`` or ``9.05`` as a time of day; None when it is not one."""
    match = _CLOCK.fullmatch(text)
    if match is None:
        return None
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        return None
    return time(hours, minutes)


def next_occurrence(clock: time, timezone: str, now: datetime) -> datetime:
    """The first instant at or after ``now`` showing ``clock`` on the wall in ``timezone``."""
    zone = ZoneInfo(timezone)
    local_now = now.astimezone(zone)
    candidate = datetime.combine(local_now.date(), clock, tzinfo=zone)
    if candidate < local_now:
        candidate = datetime.combine(local_now.date() + timedelta(days=1), clock, tzinfo=zone)
    return candidate


def open_slots(
    schedule: OpeningSchedule,
    now: datetime,
    policy: CallbackPolicy = CallbackPolicy(),
    count: int = 3,
) -> list[datetime]:
    """The first ``count`` times on the slot grid a customer could choose (for chat buttons)."""
    step = timedelta(minutes=policy.slot_minutes)
    zone = ZoneInfo(schedule.timezone)
    earliest = (now + timedelta(seconds=policy.min_lead_seconds)).astimezone(zone)
    grid = earliest.replace(second=0, microsecond=0)
    grid += timedelta(minutes=-grid.minute % policy.slot_minutes)
    if grid < earliest:
        grid += step
    horizon = now + timedelta(days=policy.max_days_ahead)
    slots: list[datetime] = []
    while grid <= horizon and len(slots) < count:
        if schedule.is_open(grid):
            slots.append(grid)
        grid += step
    return slots


def due(requests: Iterable[CallbackRequest], now: datetime) -> list[CallbackRequest]:
    """Callbacks to release now, highest priority first, then by their place in line."""
    ready = [r for r in requests if r.release_at <= now]
    return sorted(ready, key=lambda r: (-r.priority, r.ordering_at))
