"""Breaks from the schedule CSV that goes with a roster (``shift,count,...,breaks``).

The roster says who works which shift; the schedule file says, per group of people on one
shift, where their breaks fall. People on the same shift are interchangeable for coverage, so
the agents on a shift (in name order) take the groups' break sets in file order, one seat
each. ``frontline schedule`` writes break periods (``lunch=41-42``, periods of
``period_minutes`` from the start of the week); ``frontline plan`` writes the clock time a
break starts (``lunch=12:00``), whose length then comes from ``break_minutes``. A rule whose
name contains "lunch" becomes a lunch segment, any other a break.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from frontline.domain.wfm_schedule.segments import Activity, ScheduleError, Segment

PERIODS = re.compile(r"^(\d+)(?:-(\d+))?$")
CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True)
class BreakSource:
    text: str
    period_minutes: int | None = None  # needed for break periods (``frontline schedule``)
    break_minutes: Mapping[str, int] = field(default_factory=dict)  # for clock times (plan)


@dataclass(frozen=True)
class Seat:
    """One rostered shift: row label for messages, agent, shift name, local start."""

    where: str
    agent_id: int
    agent_name: str
    shift: str
    start: datetime


def _break_sets(source: BreakSource) -> dict[str, list[list[tuple[str, str]]]]:
    """Per shift, one list of (rule, spec) pairs per seat, in file order."""
    reader = csv.DictReader(io.StringIO(source.text))
    if not {"shift", "count", "breaks"} <= set(reader.fieldnames or []):
        raise ScheduleError("schedule file: the header must name shift, count and breaks")
    seats: dict[str, list[list[tuple[str, str]]]] = defaultdict(list)
    for index, row in enumerate(reader):
        where = f"schedule file row {index + 2}"
        count = (row.get("count") or "").strip()
        if not count.isdigit():
            raise ScheduleError(f"{where}: count {count!r} is not a whole number")
        pairs = []
        for part in filter(None, (row.get("breaks") or "").split(";")):
            rule, sep, spec = part.partition("=")
            if not sep or not rule.strip():
                raise ScheduleError(f"{where}: break {part!r} is not rule=when")
            pairs.append((rule.strip(), spec.strip()))
        seats[(row.get("shift") or "").strip()].extend([pairs] * int(count))
    return seats


def _when(
    seat: Seat, rule: str, spec: str, source: BreakSource, week_start: date | None, zone: ZoneInfo
) -> tuple[datetime, datetime]:
    where = f"{seat.where}: break {rule}={spec}"
    periods = PERIODS.match(spec)
    if periods is not None:
        if source.period_minutes is None or week_start is None:
            raise ScheduleError(f"{where}: break periods need period_minutes and week_start")
        first, last = int(periods.group(1)), int(periods.group(2) or periods.group(1))
        origin = datetime(week_start.year, week_start.month, week_start.day, tzinfo=zone)
        step = timedelta(minutes=source.period_minutes)
        return origin + first * step, origin + (last + 1) * step
    clock = CLOCK.match(spec)
    if clock is None:
        raise ScheduleError(f"{where}: not break periods (41-42) nor a start time (12:00)")
    minutes = source.break_minutes.get(rule)
    if minutes is None:
        raise ScheduleError(f"{where}: give its length in break_minutes[{rule!r}]")
    start = seat.start.replace(hour=int(clock.group(1)), minute=int(clock.group(2)))
    if start < seat.start:
        start += timedelta(days=1)  # a night shift's break after midnight
    return start, start + timedelta(minutes=minutes)


def break_segments(
    seats: Sequence[Seat], source: BreakSource, week_start: date | None, zone: ZoneInfo
) -> list[Segment]:
    """Break and lunch segments for the rostered ``seats`` (to be laid over their shifts)."""
    available = _break_sets(source)
    taken: dict[str, int] = defaultdict(int)
    result = []
    for seat in sorted(seats, key=lambda s: (s.shift, s.agent_name, s.start)):
        sets = available.get(seat.shift, [])
        if taken[seat.shift] >= len(sets):
            raise ScheduleError(
                f"{seat.where}: shift {seat.shift!r} has {len(sets)} seat(s) in the schedule "
                "file, fewer than the roster fills"
            )
        for rule, spec in sets[taken[seat.shift]]:
            start, end = _when(seat, rule, spec, source, week_start, zone)
            activity = Activity.LUNCH if "lunch" in rule.lower() else Activity.BREAK
            try:
                result.append(
                    Segment(
                        seat.agent_id, activity, start.astimezone(UTC), end.astimezone(UTC), rule
                    )
                )
            except ScheduleError as exc:
                raise ScheduleError(f"{seat.where}: {exc}") from None
        taken[seat.shift] += 1
    return result
