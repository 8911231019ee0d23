"""Queues: where contacts wait, with the skills they need and the service level promised."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from frontline.domain.channels import Channel
from frontline.domain.live.dispositions import DISPOSITIONS, check_disposition_list
from frontline.domain.org.errors import InvalidValue
from frontline.domain.org.skills import check_proficiency
from frontline.domain.org.text import clean_slug, clean_text

MINUTES_PER_DAY = 24 * 60
MAX_PRIORITY = 100
MAX_THRESHOLD_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ServiceLevelTarget:
    """ "80 % answered within 20 s": the share of offered contacts to answer within a threshold."""

    percent: float = 80.0
    threshold_seconds: int = 20

    def __post_init__(self) -> None:
        if not 0 < self.percent <= 100:
            raise InvalidValue("service level percent must be above 0 and at most 100")
        if not 1 <= self.threshold_seconds <= MAX_THRESHOLD_SECONDS:
            raise InvalidValue(f"service level threshold must be 1-{MAX_THRESHOLD_SECONDS} seconds")


@dataclass(frozen=True)
class OpeningWindow:
    """One opening on one weekday (0 = Monday), in minutes after local midnight."""

    weekday: int
    opens: int
    closes: int

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise InvalidValue("weekday must be 0 (Monday) to 6 (Sunday)")
        if not 0 <= self.opens < self.closes <= MINUTES_PER_DAY:
            raise InvalidValue("an opening window must open before it closes, within one day")


@dataclass(frozen=True)
class BusinessHours:
    """Weekly opening windows in the queue's own time zone (an IANA name such as Europe/Paris)."""

    timezone: str
    windows: tuple[OpeningWindow, ...]

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # bad keys can look like paths
            raise InvalidValue(f"unknown time zone {self.timezone!r}") from None
        ordered = sorted(self.windows, key=lambda w: (w.weekday, w.opens))
        for before, after in itertools.pairwise(ordered):
            if before.weekday == after.weekday and after.opens < before.closes:
                raise InvalidValue("opening windows on the same day must not overlap")
        object.__setattr__(self, "windows", tuple(ordered))

    def is_open(self, at: datetime) -> bool:
        """Whether ``at`` (timezone-aware) falls inside a window, in the queue's local time."""
        if at.tzinfo is None:
            raise InvalidValue("business hours need a timezone-aware time")
        local = at.astimezone(ZoneInfo(self.timezone))
        minute = local.hour * 60 + local.minute
        return any(
            w.weekday == local.weekday() and w.opens <= minute < w.closes for w in self.windows
        )


def check_required_skills(required: Mapping[str, int]) -> dict[str, int]:
    return {
        name: check_proficiency(level, f"minimum level of {name}")
        for name, level in required.items()
    }


@dataclass
class Queue:
    """A queue; ``business_hours`` None means always open. Higher ``priority`` is served first.

    ``dispositions`` maps the wrap-up codes its agents choose from to their labels, in order.
    """

    name: str
    channels: frozenset[Channel]
    required_skills: dict[str, int] = field(default_factory=dict)
    priority: int = 0
    service_level: ServiceLevelTarget = field(default_factory=ServiceLevelTarget)
    business_hours: BusinessHours | None = None
    description: str = ""
    id: int = 0
    dispositions: dict[str, str] = field(default_factory=lambda: dict(DISPOSITIONS))

    def __post_init__(self) -> None:
        self.name = clean_slug(self.name, "queue name")
        self.description = clean_text(
            self.description, "description", max_length=1000, min_length=0
        )
        self.channels = frozenset(Channel(c) for c in self.channels)
        if not self.channels:
            raise InvalidValue("a queue needs at least one channel")
        if not 0 <= self.priority <= MAX_PRIORITY:
            raise InvalidValue(f"priority must be between 0 and {MAX_PRIORITY}")
        self.required_skills = check_required_skills(self.required_skills)
        self.dispositions = check_disposition_list(self.dispositions.items())

    def is_open(self, at: datetime) -> bool:
        return self.business_hours is None or self.business_hours.is_open(at)
