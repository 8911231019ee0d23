"""The SLA of a case as of now: its calendar, the policy book, the report and the snapshot.

The queue's calendar is the stored CRM calendar of that queue when there is one (zone, weekly
hours, holidays, special days), else the queue's own business hours without holidays, else
24/7 in UTC. A case's SLA is recomputed by the pure clock on every write and by the periodic
evaluator; the row only keeps a snapshot (worst state, next due, next warning) for lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from frontline.domain.crm.business_calendar import BusinessCalendar
from frontline.domain.crm.cases import Case
from frontline.domain.crm.errors import CalendarError
from frontline.domain.crm.opening_hours import WEEKDAY_NAMES, format_clock
from frontline.domain.crm.sla import SlaPolicyBook
from frontline.domain.crm.sla_clock import SlaEvent, SlaReport, SlaState, evaluate
from frontline.domain.org.queues import BusinessHours
from frontline.service.crm.ports import CrmUnitOfWork, SlaSnapshot

_WORST_FIRST = (SlaState.BREACHED, SlaState.WARNING, SlaState.OK, SlaState.PAUSED, SlaState.MET)


def spec_from_business_hours(hours: BusinessHours) -> dict[str, Any]:
    """The org model's weekly windows (minutes) as a calendar spec without holidays."""
    weekly: dict[str, list[str]] = {}
    for window in hours.windows:
        ranges = weekly.setdefault(WEEKDAY_NAMES[window.weekday], [])
        ranges.append(f"{format_clock(window.opens * 60)}-{format_clock(window.closes * 60)}")
    return {"time_zone": hours.timezone, "weekly": weekly, "holidays": [], "special_hours": {}}


def base_spec(uow: CrmUnitOfWork, queue: str) -> dict[str, Any] | None:
    """The stored calendar of ``queue``, else one made from its business hours (or None)."""
    stored = uow.sla.calendar_spec(queue)
    if stored is not None:
        return stored
    found = uow.queues.get_by_name(queue) if queue else None
    if found is None or found.business_hours is None:
        return None
    return spec_from_business_hours(found.business_hours)


def calendar_for(uow: CrmUnitOfWork, queue: str) -> BusinessCalendar:
    spec = base_spec(uow, queue)
    if spec is None:
        return BusinessCalendar.always_open()
    try:
        return BusinessCalendar.from_spec(spec)
    except CalendarError as exc:
        raise CalendarError(f"the SLA calendar of queue {queue!r} is unusable: {exc}") from exc


def policy_book(uow: CrmUnitOfWork) -> SlaPolicyBook:
    return SlaPolicyBook({(p.priority, p.category): p.policy for p in uow.sla.policies()})


def snapshot(report: SlaReport) -> SlaSnapshot:
    """Worst state over the targets, and the earliest due/warn time of targets still open."""
    if not report.statuses:
        return SlaSnapshot()
    worst = min(report.statuses, key=lambda s: _WORST_FIRST.index(s.state)).state
    running = [s for s in report.statuses if s.completed_at is None]
    due = min((s.due_at for s in running if s.due_at is not None), default=None)
    warn = min((s.warn_at for s in running if s.warn_at is not None), default=None)
    return SlaSnapshot(worst.value, due, warn)


def state_now(stored: SlaSnapshot, now: datetime) -> str | None:
    """The stored state moved on by the clock alone (ok → warning → breached) as of ``now``."""
    state = stored.state
    if state in (SlaState.OK, SlaState.WARNING):
        if stored.due_at is not None and stored.due_at < now:
            return SlaState.BREACHED.value
        if state == SlaState.OK and stored.warn_at is not None and stored.warn_at <= now:
            return SlaState.WARNING.value
    return state


@dataclass
class SlaContext:
    """Policies and calendars loaded once per unit of work (the evaluator handles many cases)."""

    uow: CrmUnitOfWork
    book: SlaPolicyBook | None = None
    calendars: dict[str, BusinessCalendar] = field(default_factory=dict)

    def policies(self) -> SlaPolicyBook:
        if self.book is None:
            self.book = policy_book(self.uow)
        return self.book

    def calendar(self, queue: str) -> BusinessCalendar:
        if queue not in self.calendars:
            self.calendars[queue] = calendar_for(self.uow, queue)
        return self.calendars[queue]

    def report(self, case: Case, now: datetime) -> SlaReport:
        emitted = self.uow.cases.emitted_keys(case.id) if case.id else frozenset()
        return evaluate(
            case, now, policies=self.policies(), calendar=self.calendar(case.queue), emitted=emitted
        )

    def store(self, case: Case, report: SlaReport, now: datetime) -> Sequence[SlaEvent]:
        """Save the case with its snapshot and record the events not emitted before."""
        self.uow.cases.save(case, snapshot(report))
        if report.events:
            self.uow.cases.add_events(case.id, report.events, now)
        return report.events
