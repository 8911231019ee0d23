"""Importing the roster CSV that ``frontline schedule --roster-out`` and ``frontline plan``
write (``agent,shift,day,start,end``) as work segments of a schedule.

``frontline schedule`` writes clock times (``07:00``) with a day index counted from the first
day of its week, so the import needs that date (``week_start``); ``frontline plan`` writes
wall-clock ISO date-times. Both are the site's local time. A shift whose end is not after its
start ran past midnight. Agents are matched by user name, as ``AGENTS.yaml`` names them.
Breaks are not in the roster file: they come from the schedule file written with it
(``roster_breaks``), or are added later as segments, which split the work segment.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from frontline.domain.wfm_schedule.segments import Activity, ScheduleError, Segment
from frontline.service.wfm.ports import AgentRef
from frontline.service.wfm.roster_breaks import BreakSource, Seat, break_segments

MAX_ROWS = 20_000
CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
REQUIRED = ("agent", "start", "end")


@dataclass(frozen=True)
class RosterCsv:
    text: str
    week_start: date | None = None  # needed for clock times with a day index
    breaks: BreakSource | None = None  # the schedule CSV written together with the roster


def _when(text: str, day: date | None, zone: ZoneInfo, where: str) -> datetime:
    clock = CLOCK.match(text)
    if clock is not None:
        if day is None:
            raise ScheduleError(f"{where}: clock times need a day column and week_start")
        hour, minute = int(clock.group(1)), int(clock.group(2))
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ScheduleError(
            f"{where}: {text!r} is not a time (HH:MM with a day, or an ISO date and time)"
        ) from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def _day(row: Mapping[str, str | None], week_start: date | None, where: str) -> date | None:
    raw = (row.get("day") or "").strip()
    if week_start is None or raw == "":
        return None
    if not raw.isdigit() or int(raw) > 366:
        raise ScheduleError(f"{where}: day {raw!r} is not a day index (0, 1, 2, ...)")
    return week_start + timedelta(days=int(raw))


def segments_from_roster(
    roster: RosterCsv, agents: Mapping[int, AgentRef], zone: ZoneInfo
) -> list[Segment]:
    """One work segment per roster row; messages name the row (the header is row 1)."""
    reader = csv.DictReader(io.StringIO(roster.text))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ScheduleError(f"roster: the header must name the columns {','.join(REQUIRED)}")
    by_name = {ref.username: ref for ref in agents.values()}
    segments = []
    seats = []
    for index, raw in enumerate(reader):
        where = f"roster row {index + 2}"
        if index >= MAX_ROWS:
            raise ScheduleError(f"roster: at most {MAX_ROWS} rows")
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        name = row.get("agent", "").lower()
        ref = by_name.get(name)
        if ref is None:
            raise ScheduleError(
                f"{where}: agent {name!r} is not a known agent "
                "(no user with that name has an agent profile)"
            )
        day = _day(row, roster.week_start, where)
        start = _when(row["start"], day, zone, where)
        end = _when(row["end"], day, zone, where)
        if end <= start and CLOCK.match(row["end"]):
            end = _when(row["end"], day + timedelta(days=1) if day else None, zone, where)
        shift = row.get("shift", "")[:200]
        try:
            segments.append(
                Segment(
                    ref.agent_id, Activity.WORK, start.astimezone(UTC), end.astimezone(UTC), shift
                )
            )
        except ScheduleError as exc:
            raise ScheduleError(f"{where}: {exc}") from None
        seats.append(Seat(where, ref.agent_id, name, shift, start))
    if roster.breaks is not None:
        segments += break_segments(seats, roster.breaks, roster.week_start, zone)
    return segments
