"""Opening ranges of a business day, in local wall-clock seconds after midnight.

Ranges are kept as whole seconds of the local day (0 … 86 400) rather than `datetime.time`
because a range that closes at midnight needs an end of ``24:00``, which `time` cannot spell.
An overnight opening (22:00–06:00) is written as two ranges on consecutive days, so each day's
hours stay inside that day and a holiday closes exactly its own part of the night.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from frontline.domain.crm.errors import CalendarError

DAY_SECONDS = 86_400
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def parse_clock(text: str) -> int:
    """``"08:30"`` or ``"08:30:15"`` → seconds after midnight; ``"24:00"`` is the day's end."""
    match = _CLOCK.fullmatch(text.strip())
    if match is None:
        raise CalendarError(f"time {text!r} is not HH:MM or HH:MM:SS")
    hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
    if minutes > 59 or seconds > 59 or hours > 24 or (hours == 24 and (minutes or seconds)):
        raise CalendarError(f"time {text!r} is not a time of day between 00:00 and 24:00")
    return hours * 3600 + minutes * 60 + seconds


def format_clock(seconds: int) -> str:
    """Inverse of `parse_clock`, seconds shown only when not zero."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


@dataclass(frozen=True, order=True)
class OpeningRange:
    """Open from ``start_s`` (inclusive) to ``end_s`` (exclusive), local wall-clock seconds."""

    start_s: int
    end_s: int

    def __post_init__(self) -> None:
        if not 0 <= self.start_s < self.end_s <= DAY_SECONDS:
            raise CalendarError(
                f"opening range {format_clock(self.start_s)}-{format_clock(self.end_s)} "
                "must start before it ends, within one day (use 24:00 for midnight)"
            )

    @property
    def seconds(self) -> int:
        return self.end_s - self.start_s

    @classmethod
    def parse(cls, text: str) -> OpeningRange:
        """``"08:00-12:00"`` → the range; the day's last range may end at ``"24:00"``."""
        start, sep, end = text.partition("-")
        if not sep:
            raise CalendarError(f"opening range {text!r} is not START-END, e.g. 08:00-12:00")
        return cls(parse_clock(start), parse_clock(end))

    def __str__(self) -> str:
        return f"{format_clock(self.start_s)}-{format_clock(self.end_s)}"


RangeLike = OpeningRange | str


def day_ranges(ranges: Iterable[RangeLike], where: str) -> tuple[OpeningRange, ...]:
    """Sorted ranges of one day with touching ranges joined; overlaps are an authoring error."""
    parsed = sorted(r if isinstance(r, OpeningRange) else OpeningRange.parse(r) for r in ranges)
    joined: list[OpeningRange] = []
    for current in parsed:
        if joined and current.start_s < joined[-1].end_s:
            raise CalendarError(f"opening ranges {joined[-1]} and {current} overlap on {where}")
        if joined and current.start_s == joined[-1].end_s:
            joined[-1] = OpeningRange(joined[-1].start_s, current.end_s)
        else:
            joined.append(current)
    return tuple(joined)


def weekday_index(key: int | str) -> int:
    """Weekdays as Python counts them (Monday 0) or by three-letter English name."""
    if isinstance(key, int) and 0 <= key <= 6:
        return key
    name = key.strip().lower() if isinstance(key, str) else ""
    if name in WEEKDAY_NAMES:
        return WEEKDAY_NAMES.index(name)
    if name in _FULL_NAMES:
        return _FULL_NAMES.index(name)
    raise CalendarError(f"weekday {key!r} is not 0-6 (Monday 0) or a name such as 'mon'")
