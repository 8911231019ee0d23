"""Queues: channels, required skills, priority, service-level target and business hours."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, field_validator

from frontline.domain.channels import Channel
from frontline.domain.live.dispositions import MAX_CODE_CHARS, MAX_CODES, MAX_LABEL_CHARS
from frontline.domain.org.queues import (
    MAX_PRIORITY,
    MAX_THRESHOLD_SECONDS,
    BusinessHours,
    OpeningWindow,
    Queue,
    ServiceLevelTarget,
)
from frontline.entrypoints.http.schemas.common import Description, InputModel, PatchModel, Slug

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ClockTime = Annotated[str, StringConstraints(pattern=r"^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$")]
TimeZoneName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_+/-]{0,63}$")]


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class ServiceLevelIn(InputModel):
    """E.g. 80 % of contacts answered within 20 seconds."""

    percent: float = Field(default=80.0, gt=0, le=100, allow_inf_nan=False)
    threshold_seconds: int = Field(default=20, ge=1, le=MAX_THRESHOLD_SECONDS)


class WindowIn(InputModel):
    day: Day
    opens: ClockTime = Field(examples=["09:00"])
    closes: ClockTime = Field(examples=["17:00"])


class BusinessHoursIn(InputModel):
    timezone: TimeZoneName = Field(examples=["Europe/London"])
    windows: list[WindowIn] = Field(max_length=7 * 4)

    def to_domain(self) -> BusinessHours:
        return BusinessHours(
            self.timezone,
            tuple(
                OpeningWindow(DAYS.index(w.day), _minutes(w.opens), _minutes(w.closes))
                for w in self.windows
            ),
        )


class RequiredSkill(InputModel):
    skill: Slug
    min_proficiency: int = Field(default=1, ge=1, le=5)


def _unique_skills(required: list[RequiredSkill] | None) -> list[RequiredSkill] | None:
    names = [r.skill.lower() for r in required or []]
    if len(names) != len(set(names)):
        raise ValueError("each skill may appear only once")
    return required


class DispositionIn(InputModel):
    """One wrap-up code of the queue and the label agents see."""

    code: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_CODE_CHARS)
    ]
    label: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_LABEL_CHARS)
    ]


class DispositionOut(BaseModel):
    code: str
    label: str


def _unique_codes(codes: list[DispositionIn] | None) -> list[DispositionIn] | None:
    names = [d.code for d in codes or []]
    if len(names) != len(set(names)):
        raise ValueError("each disposition code may appear only once")
    return codes


def disposition_map(codes: list[DispositionIn]) -> dict[str, str]:
    return {d.code: d.label for d in codes}


def required_levels(required: list[RequiredSkill]) -> dict[str, int]:
    return {r.skill.lower(): r.min_proficiency for r in required}


class QueueIn(InputModel):
    name: Slug
    channels: list[Channel] = Field(min_length=1, max_length=len(Channel))
    required_skills: list[RequiredSkill] = Field(default_factory=list, max_length=20)
    priority: int = Field(default=0, ge=0, le=MAX_PRIORITY)
    service_level: ServiceLevelIn = Field(default_factory=ServiceLevelIn)
    business_hours: BusinessHoursIn | None = None
    description: Description = ""
    dispositions: list[DispositionIn] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_CODES,
        description="wrap-up codes agents choose from; omitted: the default list",
    )

    _unique = field_validator("required_skills")(_unique_skills)
    _unique_dispositions = field_validator("dispositions")(_unique_codes)


class QueuePatch(PatchModel):
    nullable = frozenset({"business_hours"})
    name: Slug | None = None
    channels: list[Channel] | None = Field(default=None, min_length=1, max_length=len(Channel))
    required_skills: list[RequiredSkill] | None = Field(default=None, max_length=20)
    priority: int | None = Field(default=None, ge=0, le=MAX_PRIORITY)
    service_level: ServiceLevelIn | None = None
    business_hours: BusinessHoursIn | None = None
    description: Description | None = None
    dispositions: list[DispositionIn] | None = Field(
        default=None, min_length=1, max_length=MAX_CODES
    )

    _unique = field_validator("required_skills")(_unique_skills)
    _unique_dispositions = field_validator("dispositions")(_unique_codes)


def service_level(value: ServiceLevelIn) -> ServiceLevelTarget:
    return ServiceLevelTarget(value.percent, value.threshold_seconds)


class WindowOut(BaseModel):
    day: Day
    opens: str
    closes: str


class BusinessHoursOut(BaseModel):
    timezone: str
    windows: list[WindowOut]


class ServiceLevelOut(BaseModel):
    percent: float
    threshold_seconds: int


class QueueOut(BaseModel):
    id: int
    name: str
    description: str
    channels: list[Channel]
    required_skills: list[RequiredSkill]
    priority: int
    service_level: ServiceLevelOut
    business_hours: BusinessHoursOut | None
    dispositions: list[DispositionOut]

    @classmethod
    def of(cls, queue: Queue) -> QueueOut:
        hours = queue.business_hours
        return cls(
            id=queue.id,
            name=queue.name,
            description=queue.description,
            channels=sorted(queue.channels),
            required_skills=[
                RequiredSkill(skill=s, min_proficiency=m)
                for s, m in sorted(queue.required_skills.items())
            ],
            priority=queue.priority,
            service_level=ServiceLevelOut(
                percent=queue.service_level.percent,
                threshold_seconds=queue.service_level.threshold_seconds,
            ),
            business_hours=BusinessHoursOut(
                timezone=hours.timezone,
                windows=[
                    WindowOut(day=DAYS[w.weekday], opens=_clock(w.opens), closes=_clock(w.closes))
                    for w in hours.windows
                ],
            )
            if hours
            else None,
            dispositions=[
                DispositionOut(code=c, label=lbl) for c, lbl in queue.dispositions.items()
            ],
        )
