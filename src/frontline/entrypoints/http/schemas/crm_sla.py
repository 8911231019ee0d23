"""Bodies and answers of the SLA configuration endpoints."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from frontline.entrypoints.http.schemas.common import InputModel
from frontline.service.crm.ports import StoredPolicy

PriorityKey = Literal["*", "low", "normal", "high", "urgent"]
Minutes = Annotated[float, Field(gt=0, le=525_600, allow_inf_nan=False)]
Ranges = Annotated[list[Annotated[str, StringConstraints(max_length=20)]], Field(max_length=24)]
IsoDate = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]


class PolicyIn(InputModel):
    name: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    priority: PriorityKey = "*"
    category: Annotated[str, StringConstraints(min_length=1, max_length=64)] = "*"
    first_response_minutes: Minutes | None = None
    resolution_minutes: Minutes | None = None
    warn_fraction: Annotated[float, Field(gt=0, lt=1)] | None = None
    warn_minutes_before: Minutes | None = None
    pause_on_hold: bool = False

    def spec(self) -> dict[str, Any]:
        spec = self.model_dump(exclude_none=True)
        if "warn_fraction" not in spec and "warn_minutes_before" not in spec:
            spec["warn_fraction"] = 0.8
        return spec


class PolicyOut(BaseModel):
    id: int
    name: str
    priority: str
    category: str
    first_response_minutes: float | None
    resolution_minutes: float | None
    warn_fraction: float | None
    warn_minutes_before: float | None
    pause_on_hold: bool

    @classmethod
    def of(cls, stored: StoredPolicy) -> PolicyOut:
        p = stored.policy

        def minutes(value: Any) -> float | None:
            return None if value is None else value.total_seconds() / 60

        return cls(
            id=stored.id,
            name=p.name,
            priority=stored.priority,
            category=stored.category,
            first_response_minutes=minutes(p.first_response),
            resolution_minutes=minutes(p.resolution),
            warn_fraction=p.warning.fraction,
            warn_minutes_before=minutes(p.warning.before),
            pause_on_hold=p.pause_on_hold,
        )


class CalendarIn(InputModel):
    """Omitted fields keep the queue's current value (its business hours by default)."""

    time_zone: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    weekly: Annotated[dict[str, Ranges], Field(max_length=7)] | None = None
    holidays: Annotated[list[IsoDate], Field(max_length=1000)] | None = None
    special_hours: Annotated[dict[IsoDate, Ranges], Field(max_length=1000)] | None = None


class RuleIn(InputModel):
    trigger: Literal["sla_breach", "sla_warning", "unanswered_for"]
    target: Literal["first_response", "resolution"] | None = None
    business_minutes: Annotated[int, Field(ge=1, le=525_600)] | None = None
    priority: Literal["low", "normal", "high", "urgent"] | None = None
    to_tier: Annotated[int, Field(ge=2, le=3)] | None = None
    reason: Annotated[str, StringConstraints(max_length=1000)] = ""
