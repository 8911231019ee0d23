"""SLA policies: business-time targets per (priority, category), with a warning rule.

Targets are business time on the queue's calendar. A policy is looked up by the case's
*current* priority and category, falling back to the category wildcard ``"*"`` for that
priority and then to ``("*", "*")``; with no match the case has no SLA. When the priority
changes the new targets apply to the time already spent (the clock is not restarted).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from frontline.domain.crm.case_status import CaseStatus, Priority
from frontline.domain.crm.errors import InvalidSlaPolicy

WILDCARD = "*"


class SlaTarget(StrEnum):
    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"


@dataclass(frozen=True)
class WarningRule:
    """Warn when a share of the target is used (``fraction``) or ``before`` the due time.

    With both set, the earlier moment wins: a 10-minute target with "80 % or 30 minutes
    before" warns at once rather than never.
    """

    fraction: float | None = 0.8
    before: timedelta | None = None

    def __post_init__(self) -> None:
        if self.fraction is None and self.before is None:
            raise InvalidSlaPolicy("a warning rule needs a fraction or a lead time")
        if self.fraction is not None and not 0 < self.fraction < 1:
            raise InvalidSlaPolicy("warning fraction must be between 0 and 1")
        if self.before is not None and self.before <= timedelta(0):
            raise InvalidSlaPolicy("warning lead time must be positive")

    def threshold(self, target: timedelta) -> timedelta:
        """Business time after which the target is in warning."""
        moments = []
        if self.fraction is not None:
            moments.append(target * self.fraction)
        if self.before is not None:
            moments.append(max(timedelta(0), target - self.before))
        return min(moments)


@dataclass(frozen=True)
class SlaPolicy:
    """Targets for one (priority, category). ``pause_on_hold`` also stops the clock on hold;
    pending-customer always does (we are waiting on them, not they on us)."""

    name: str
    first_response: timedelta | None = None
    resolution: timedelta | None = None
    warning: WarningRule = WarningRule()
    pause_on_hold: bool = False

    def __post_init__(self) -> None:
        if self.first_response is None and self.resolution is None:
            raise InvalidSlaPolicy(f"SLA policy {self.name!r} has no target")
        for target in (self.first_response, self.resolution):
            if target is not None and target <= timedelta(0):
                raise InvalidSlaPolicy(f"SLA policy {self.name!r}: targets must be positive")

    def target(self, kind: SlaTarget) -> timedelta | None:
        return self.first_response if kind is SlaTarget.FIRST_RESPONSE else self.resolution

    @property
    def pause_statuses(self) -> frozenset[CaseStatus]:
        paused = {CaseStatus.PENDING_CUSTOMER}
        if self.pause_on_hold:
            paused.add(CaseStatus.ON_HOLD)
        return frozenset(paused)


@dataclass(frozen=True)
class SlaPolicyBook:
    """All policies of an organisation keyed by (priority or ``*``, category or ``*``)."""

    policies: Mapping[tuple[str, str], SlaPolicy]

    def policy_for(self, priority: Priority, category: str) -> SlaPolicy | None:
        category = category.lower()
        for key in ((priority.value, category), (priority.value, WILDCARD), (WILDCARD, WILDCARD)):
            if key in self.policies:
                return self.policies[key]
        return None

    @classmethod
    def from_spec(cls, rows: Iterable[Mapping[str, Any]]) -> SlaPolicyBook:
        """Rows like ``{"priority": "urgent", "category": "*", "first_response_minutes": 15,
        "resolution_minutes": 240, "warn_fraction": 0.8, "pause_on_hold": false}``."""
        policies: dict[tuple[str, str], SlaPolicy] = {}
        for row in rows:
            priority = str(row.get("priority", WILDCARD))
            if priority != WILDCARD and priority not in Priority.__members__.values():
                raise InvalidSlaPolicy(f"unknown priority {priority!r}")
            key = (priority, str(row.get("category", WILDCARD)).lower())
            if key in policies:
                raise InvalidSlaPolicy(f"two SLA policies for priority/category {key}")
            policies[key] = SlaPolicy(
                name=str(row.get("name", f"{key[0]}/{key[1]}")),
                first_response=_minutes(row.get("first_response_minutes")),
                resolution=_minutes(row.get("resolution_minutes")),
                warning=WarningRule(
                    fraction=row.get(
                        "warn_fraction", 0.8 if "warn_minutes_before" not in row else None
                    ),
                    before=_minutes(row.get("warn_minutes_before")),
                ),
                pause_on_hold=bool(row.get("pause_on_hold", False)),
            )
        return cls(policies)


def _minutes(value: object) -> timedelta | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidSlaPolicy(f"minutes must be a number, not {value!r}")
    return timedelta(minutes=value)
