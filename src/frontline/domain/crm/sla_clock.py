"""The SLA clock of a case, recomputed from its status history, and the SLA events.

Nothing about the clock is stored: elapsed business time is the business time of the
*running* stretches of the status history (not paused, not resolved), cut at the moment the
target completed. Recomputing from history makes the clock exact after edits, restarts and
priority changes, and lets `evaluate` answer "as of" any time.

* First response completes at the first public reply, or at resolution if that came first
  (a case solved on the phone has been answered).
* Resolution completes when the case is resolved or closed; a reopened case carries on with
  the time already used (the resolved stretch does not count).
* Deadline semantics: ``due_at`` is the instant the clock reaches the target. Completing at or
  before it is ``met``; still open after it is ``breached`` (sticky, even if paused later).

`evaluate` is pure and idempotent: it reports every threshold crossed as of ``now`` and leaves
out the event keys the caller says it already emitted, so each warning and breach is emitted
exactly once however often it runs. Warnings for a target that has completed are not emitted
(nobody can act on them any more); breaches are, since they are facts for reporting.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from frontline.domain.crm.business_calendar import BusinessCalendar
from frontline.domain.crm.case_records import aware_utc
from frontline.domain.crm.case_status import DONE_STATUSES, CaseStatus
from frontline.domain.crm.cases import Case
from frontline.domain.crm.sla import SlaPolicy, SlaPolicyBook, SlaTarget

_ZERO = timedelta(0)
Segment = tuple[datetime, datetime | None]  # end None: still running beyond now


class SlaState(StrEnum):
    OK = "ok"
    WARNING = "warning"
    BREACHED = "breached"
    MET = "met"
    PAUSED = "paused"


@dataclass(frozen=True)
class TargetStatus:
    """What an agent sees on the case: state, deadline and business time left (negative once
    overdue); ``due_at`` is None while the clock is paused short of the target."""

    target: SlaTarget
    state: SlaState
    target_s: float
    elapsed_s: float
    remaining_s: float
    due_at: datetime | None
    warn_at: datetime | None
    completed_at: datetime | None


@dataclass(frozen=True)
class SlaWarning:
    case_id: int
    target: SlaTarget
    at: datetime
    due_at: datetime | None  # None when the clock is paused at the moment of evaluation
    target_s: float

    @property
    def key(self) -> str:
        """Stable identity for "already emitted"; includes the target so a new target re-arms."""
        return f"{self.target.value}.warning.{self.target_s:g}"


@dataclass(frozen=True)
class SlaBreached:
    case_id: int
    target: SlaTarget
    at: datetime
    target_s: float

    @property
    def key(self) -> str:
        return f"{self.target.value}.breached.{self.target_s:g}"


SlaEvent = SlaWarning | SlaBreached


@dataclass(frozen=True)
class SlaReport:
    case_id: int
    policy: str | None
    statuses: tuple[TargetStatus, ...]
    events: tuple[SlaEvent, ...]

    def status(self, target: SlaTarget) -> TargetStatus | None:
        return next((s for s in self.statuses if s.target is target), None)


class SlaClock:
    """Elapsed business time of one target of one case as of ``now``."""

    def __init__(
        self,
        case: Case,
        target: SlaTarget,
        now: datetime,
        calendar: BusinessCalendar,
        paused: Collection[CaseStatus],
    ) -> None:
        self.now = aware_utc(now, "now")
        self.calendar = calendar
        self.completed_at = _completion(case, target, self.now)
        self.segments = _running_segments(case, self.now, self.completed_at, paused)

    @property
    def running(self) -> bool:
        return bool(self.segments) and self.segments[-1][1] is None

    def elapsed(self) -> timedelta:
        total = _ZERO
        for start, end in self.segments:
            total += self.calendar.business_time_between(start, self.now if end is None else end)
        return total

    def reached_at(self, amount: timedelta) -> datetime | None:
        """When the clock reaches ``amount`` (projected if running); None if it stops short."""
        used = _ZERO
        for start, end in self.segments:
            if end is not None:
                span = self.calendar.business_time_between(start, end)
                if used + span < amount:
                    used += span
                    continue
            return self.calendar.add_business_time(start, amount - used)
        return None


def evaluate(
    case: Case,
    now: datetime,
    *,
    policies: SlaPolicyBook,
    calendar: BusinessCalendar,
    emitted: Collection[str] = (),
) -> SlaReport:
    """SLA status of every target of ``case`` and the events not yet in ``emitted``."""
    policy = policies.policy_for(case.priority, case.category)
    if policy is None:
        return SlaReport(case.id, None, (), ())
    statuses: list[TargetStatus] = []
    events: list[SlaEvent] = []
    for kind in SlaTarget:
        target = policy.target(kind)
        if target is not None:
            status = _target_status(case, kind, target, now, calendar, policy)
            statuses.append(status)
            events += _events(case.id, status, aware_utc(now))
    fresh = tuple(e for e in sorted(events, key=lambda e: e.at) if e.key not in emitted)
    return SlaReport(case.id, policy.name, tuple(statuses), fresh)


def _target_status(
    case: Case,
    kind: SlaTarget,
    target: timedelta,
    now: datetime,
    calendar: BusinessCalendar,
    policy: SlaPolicy,
) -> TargetStatus:
    clock = SlaClock(case, kind, now, calendar, policy.pause_statuses)
    elapsed = clock.elapsed()
    due_at = clock.reached_at(target)
    warn_at = clock.reached_at(policy.warning.threshold(target))
    done = clock.completed_at
    if done is not None:
        state = SlaState.BREACHED if due_at is not None and due_at < done else SlaState.MET
    elif due_at is not None and due_at < clock.now:
        state = SlaState.BREACHED
    elif not clock.running:
        state = SlaState.PAUSED
    elif warn_at is not None and warn_at <= clock.now:
        state = SlaState.WARNING
    else:
        state = SlaState.OK
    return TargetStatus(
        target=kind,
        state=state,
        target_s=target.total_seconds(),
        elapsed_s=elapsed.total_seconds(),
        remaining_s=(target - elapsed).total_seconds(),
        due_at=due_at,
        warn_at=warn_at,
        completed_at=done,
    )


def _events(case_id: int, status: TargetStatus, now: datetime) -> list[SlaEvent]:
    events: list[SlaEvent] = []
    warn_at, due_at = status.warn_at, status.due_at
    if warn_at is not None and warn_at <= now and status.completed_at is None:
        events.append(SlaWarning(case_id, status.target, warn_at, due_at, status.target_s))
    if status.state is SlaState.BREACHED and due_at is not None:
        events.append(SlaBreached(case_id, status.target, due_at, status.target_s))
    return events


def _completion(case: Case, target: SlaTarget, now: datetime) -> datetime | None:
    resolved = next(
        (c.at for c in case.history if c.to_status is CaseStatus.RESOLVED and c.at <= now), None
    )
    if target is SlaTarget.FIRST_RESPONSE:
        replied = case.first_response_at
        candidates = [t for t in (replied, resolved) if t is not None and t <= now]
        return min(candidates, default=None)
    last_resolved: datetime | None = None
    status: CaseStatus | None = None
    for change in case.history:
        if change.at > now:
            break
        status = change.to_status
        if status is CaseStatus.RESOLVED:
            last_resolved = change.at
    return last_resolved if status in DONE_STATUSES else None


def _running_segments(
    case: Case, now: datetime, stop: datetime | None, paused: Collection[CaseStatus]
) -> list[Segment]:
    """Stretches of the history (as of ``now``) in which the clock runs, cut at ``stop``."""
    limit = now if stop is None else stop
    changes = [c for c in case.history if c.at <= limit]
    segments: list[Segment] = []
    for index, change in enumerate(changes):
        if change.to_status in paused or change.to_status in DONE_STATUSES:
            continue
        end = changes[index + 1].at if index + 1 < len(changes) else stop
        if end is None or end > change.at:
            segments.append((change.at, end))
    return segments
