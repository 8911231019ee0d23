"""Schedule segments: one agent doing one activity from ``start`` to ``end`` (UTC).

A schedule is *flat*: an agent's segments never overlap, so a lunch inside a shift is three
segments (work, lunch, work). That makes every scheduled minute belong to exactly one activity,
which is what adherence compares with the agent's state minute by minute. ``carve`` builds such
a flat day from a shift and the activities placed inside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from itertools import pairwise

from frontline.domain.org.errors import InvalidValue
from frontline.domain.org.text import has_control_characters

MAX_SEGMENT = timedelta(days=7)
MAX_NOTE = 500


class ScheduleError(InvalidValue):
    """A schedule breaks a rule; the message names the agent, row or times at fault."""


class Activity(StrEnum):
    """What a schedule asks an agent to do."""

    WORK = "work"
    BREAK = "break"
    LUNCH = "lunch"
    TRAINING = "training"
    MEETING = "meeting"
    OFF = "off"


@dataclass(frozen=True)
class Segment:
    agent_id: int
    activity: Activity
    start: datetime
    end: datetime
    note: str = ""
    id: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "activity", parse_activity(self.activity))
        for moment in (self.start, self.end):
            if moment.tzinfo is None or moment.utcoffset() is None:
                raise ScheduleError(f"{self.describe()}: times need a time zone (UTC offset)")
        if self.end <= self.start:
            raise ScheduleError(f"{self.describe()}: the end must be after the start")
        if self.end - self.start > MAX_SEGMENT:
            raise ScheduleError(f"{self.describe()}: a segment may last at most 7 days")
        if len(self.note) > MAX_NOTE or has_control_characters(self.note):
            raise ScheduleError(
                f"{self.describe()}: the note is too long or has control characters"
            )

    @property
    def seconds(self) -> float:
        return (self.end - self.start).total_seconds()

    def describe(self, name: str | None = None) -> str:
        who = f"agent {self.agent_id}" + (f" ({name})" if name else "")
        return f"{who} {self.activity.value} {span_text(self.start, self.end)}"


def parse_activity(value: object) -> Activity:
    try:
        return Activity(str(value))
    except ValueError:
        known = ", ".join(a.value for a in Activity)
        raise ScheduleError(f"unknown activity {value!r}; use one of {known}") from None


def span_text(start: datetime, end: datetime) -> str:
    """``2026-03-02 09:00–17:00 UTC`` (the end date is spelled out when it differs)."""
    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    end_text = end_utc.strftime("%H:%M")
    if end_utc.date() != start_utc.date():
        end_text = end_utc.strftime("%Y-%m-%d %H:%M")
    return f"{start_utc:%Y-%m-%d %H:%M}–{end_text} UTC"


def check_no_overlaps(
    segments: Iterable[Segment], names: Mapping[int, str] | None = None
) -> list[Segment]:
    """The segments sorted by agent and start; raises naming the first overlapping pair."""
    ordered = sorted(segments, key=lambda s: (s.agent_id, s.start, s.end))
    for before, after in pairwise(ordered):
        if before.agent_id == after.agent_id and after.start < before.end:
            name = (names or {}).get(before.agent_id)
            raise ScheduleError(
                f"overlapping segments for {before.describe(name)} and "
                f"{after.activity.value} {span_text(after.start, after.end)}"
            )
    return ordered


def carve(shift: Segment, inside: Sequence[Segment]) -> list[Segment]:
    """The shift split around the activities placed inside it (breaks, lunch, a meeting).

    Every activity must lie within the shift and they must not overlap each other; the result
    is flat and covers exactly the shift's time.
    """
    placed = check_no_overlaps(inside)
    result: list[Segment] = []
    cursor = shift.start
    for activity in placed:
        if activity.agent_id != shift.agent_id:
            raise ScheduleError(f"{activity.describe()} is not part of {shift.describe()}")
        if activity.start < shift.start or activity.end > shift.end:
            raise ScheduleError(f"{activity.describe()} lies outside {shift.describe()}")
        if activity.start > cursor:
            result.append(replace(shift, start=cursor, end=activity.start, id=0))
        result.append(activity)
        cursor = activity.end
    if cursor < shift.end:
        result.append(replace(shift, start=cursor, end=shift.end, id=0))
    return result


def overlay(existing: Sequence[Segment], placed: Segment) -> tuple[Segment | None, list[Segment]]:
    """Place an activity on top of a shift: if ``placed`` (not itself work) lies inside one
    work segment of its agent, return that segment and the pieces that replace it (work
    before, ``placed``, work after); otherwise ``(None, [placed])``, left to the overlap check.
    """
    if placed.activity is Activity.WORK:
        return None, [placed]
    for host in existing:
        if (
            host.agent_id == placed.agent_id
            and host.activity is Activity.WORK
            and host.start <= placed.start
            and placed.end <= host.end
        ):
            return host, carve(host, [placed])
    return None, [placed]


def flatten(segments: Iterable[Segment]) -> list[Segment]:
    """Work segments first, then every other activity placed on top of them (``overlay``);
    grouped by agent, so a large import stays linear in the number of agents."""
    by_agent: dict[int, list[Segment]] = {}
    for segment in segments:
        by_agent.setdefault(segment.agent_id, []).append(segment)
    result: list[Segment] = []
    for listed in by_agent.values():
        mine = [s for s in listed if s.activity is Activity.WORK]
        for placed in sorted((s for s in listed if s.activity is not Activity.WORK), key=_start):
            host, pieces = overlay(mine, placed)
            if host is not None:
                mine.remove(host)
            mine.extend(pieces)
        result.extend(mine)
    return result


def _start(segment: Segment) -> datetime:
    return segment.start
