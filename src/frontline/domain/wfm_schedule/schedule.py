"""A schedule: a named date range of segments that planners edit as a draft and publish.

Publishing freezes the current segments as a numbered version that agents see; later edits
change the draft only, until the next publish makes them visible. Dates are days of the
site's time zone, the one the wallboard uses for "today".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from frontline.domain.org.text import has_control_characters
from frontline.domain.wfm_schedule.segments import ScheduleError, Segment

MAX_DAYS = 62
MAX_NAME = 200


class ScheduleStatus(StrEnum):
    DRAFT = "draft"  # never published
    PUBLISHED = "published"  # agents see exactly the current segments
    CHANGED = "changed"  # published, with draft edits agents do not see yet


@dataclass(frozen=True)
class Schedule:
    name: str
    starts_on: date
    ends_on: date
    created_at: datetime
    id: int = 0
    published_version: int = 0  # 0: never published
    published_at: datetime | None = None
    changed_since_publish: bool = True

    def __post_init__(self) -> None:
        if not self.name.strip() or len(self.name) > MAX_NAME:
            raise ScheduleError(f"a schedule name needs 1 to {MAX_NAME} characters")
        if has_control_characters(self.name):
            raise ScheduleError("the schedule name must not contain control characters")
        if self.ends_on < self.starts_on:
            raise ScheduleError(f"the schedule ends ({self.ends_on}) before it starts")
        if (self.ends_on - self.starts_on).days + 1 > MAX_DAYS:
            raise ScheduleError(f"a schedule may cover at most {MAX_DAYS} days")

    @property
    def status(self) -> ScheduleStatus:
        if self.published_version == 0:
            return ScheduleStatus.DRAFT
        return ScheduleStatus.CHANGED if self.changed_since_publish else ScheduleStatus.PUBLISHED

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """First instant of ``starts_on`` and the instant after ``ends_on``, in ``zone``."""
        return day_bounds(self.starts_on, zone)[0], day_bounds(self.ends_on, zone)[1]

    def check_dates(self, segments: Iterable[Segment], zone: ZoneInfo) -> None:
        """Every shift must start on one of the schedule's days. A shift is a run of an
        agent's touching segments, so a night shift's lunch after midnight still belongs to
        the day the shift began."""
        first, after = self.bounds(zone)
        previous: Segment | None = None
        shift_start = first
        for segment in sorted(segments, key=lambda s: (s.agent_id, s.start)):
            continues = (
                previous is not None
                and previous.agent_id == segment.agent_id
                and previous.end == segment.start
            )
            if not continues:
                shift_start = segment.start
            if not first <= shift_start < after:
                raise ScheduleError(
                    f"{segment.describe()} starts outside the schedule's days "
                    f"{self.starts_on}–{self.ends_on} ({zone.key})"
                )
            previous = segment


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The first instant of ``day`` and of the next day in ``zone``, in UTC (23 or 25 hours
    apart on the days clocks change; arithmetic within one zone would say 24)."""
    following = day + timedelta(days=1)
    start = datetime(day.year, day.month, day.day, tzinfo=zone)
    end = datetime(following.year, following.month, following.day, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)
