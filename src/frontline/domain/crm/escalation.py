"""Escalation to a higher support tier: by hand with a reason, or by rules given as data.

Manual escalation goes strictly upwards (tier 1 → 2 → 3) and needs a non-empty reason of at
most 1000 characters. Automatic rules are plain data evaluated purely: given the case, its SLA
report and ``now``, `plan_escalations` says which rules fire and what to do. Each rule fires
at most once per case (the caller stores the ids in ``applied``), and when several fire at the
same time the case moves once, to the highest tier asked for.

Every escalation keeps a snapshot of the case as it was (status, priority, owner, SLA states,
linked interactions, entry count) in its record, so the receiving tier sees the situation as
it was handed over, next to the full case history which stays on the case.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from frontline.domain.crm.business_calendar import BusinessCalendar
from frontline.domain.crm.case_records import EscalationRecord, aware_utc
from frontline.domain.crm.case_status import MAX_TIER, CaseStatus, Priority
from frontline.domain.crm.cases import Case
from frontline.domain.crm.errors import InvalidEscalation
from frontline.domain.crm.sla import SlaTarget
from frontline.domain.crm.sla_clock import SlaClock, SlaReport, SlaState


@dataclass(frozen=True)
class OnSlaBreach:
    """Fires when the target is breached."""

    target: SlaTarget


@dataclass(frozen=True)
class OnSlaWarning:
    """Fires when the target enters its warning window while still open."""

    target: SlaTarget


@dataclass(frozen=True)
class UnansweredFor:
    """Fires when no public reply went out within ``business_minutes`` of business time
    (pending-customer time excluded), optionally only for one priority."""

    business_minutes: int
    priority: Priority | None = None

    def __post_init__(self) -> None:
        if self.business_minutes <= 0:
            raise InvalidEscalation("unanswered-for rules need a positive number of minutes")


Trigger = OnSlaBreach | OnSlaWarning | UnansweredFor


@dataclass(frozen=True)
class EscalationRule:
    """``to_tier`` None means "the next tier up"."""

    id: str
    trigger: Trigger
    to_tier: int | None = None
    reason: str = ""

    def describe(self) -> str:
        if self.reason:
            return self.reason
        trigger = self.trigger
        if isinstance(trigger, UnansweredFor):
            scope = f"{trigger.priority.value} case" if trigger.priority else "case"
            return f"{scope} unanswered for {trigger.business_minutes} business minutes"
        what = "breached" if isinstance(trigger, OnSlaBreach) else "about to breach"
        return f"{trigger.target.value.replace('_', ' ')} SLA {what}"


@dataclass(frozen=True)
class EscalationDecision:
    rule_id: str
    to_tier: int
    reason: str
    at: datetime


@dataclass(frozen=True)
class EscalationPlan:
    """``decision`` is the one move to make (or None); ``fired`` are all rule ids whose
    condition holds, to be stored in ``applied`` so they never fire again."""

    decision: EscalationDecision | None
    fired: tuple[str, ...]


def escalation_context(case: Case, sla: SlaReport | None) -> dict[str, object]:
    """The snapshot kept on the record: plain JSON-ready values."""
    context: dict[str, object] = {
        "status": case.status.value,
        "priority": case.priority.value,
        "category": case.category,
        "owner": case.owner,
        "queue": case.queue,
        "interactions": [i.interaction_id for i in case.interactions],
        "entries": len(case.entries),
        "previous_escalations": len(case.escalations),
    }
    if sla is not None:
        context["sla"] = {
            s.target.value: {
                "state": s.state.value,
                "due_at": s.due_at.isoformat() if s.due_at else None,
                "remaining_s": s.remaining_s,
            }
            for s in sla.statuses
        }
    return context


def escalate(
    case: Case,
    to_tier: int,
    reason: str,
    by: str,
    at: datetime,
    *,
    sla: SlaReport | None = None,
    new_owner: str | None = None,
) -> EscalationRecord:
    """Manual escalation; the record validates tier and reason before the case changes."""
    if case.status is CaseStatus.CLOSED:
        raise InvalidEscalation("a closed case cannot be escalated")
    record = EscalationRecord(
        at=at,
        from_tier=case.tier,
        to_tier=to_tier,
        reason=reason,
        by=by,
        previous_owner=case.owner,
        context=escalation_context(case, sla),
    )
    case.apply_escalation(record, new_owner)
    return record


def plan_escalations(
    case: Case,
    now: datetime,
    rules: Sequence[EscalationRule],
    *,
    sla: SlaReport,
    calendar: BusinessCalendar,
    applied: Collection[str] = (),
) -> EscalationPlan:
    """Which rules fire as of ``now`` and the single escalation that results."""
    moment = aware_utc(now, "now")
    if case.status is CaseStatus.CLOSED:
        return EscalationPlan(None, ())
    fired: list[str] = []
    best: EscalationDecision | None = None
    for rule in rules:
        if rule.id in applied:
            continue
        since = _fired_at(rule.trigger, case, moment, sla, calendar)
        if since is None:
            continue
        fired.append(rule.id)
        tier = min(MAX_TIER, case.tier + 1) if rule.to_tier is None else rule.to_tier
        if tier <= case.tier:
            continue
        if best is None or tier > best.to_tier:
            best = EscalationDecision(rule.id, tier, rule.describe(), since)
    return EscalationPlan(best, tuple(fired))


def apply_decision(
    case: Case, decision: EscalationDecision, now: datetime, sla: SlaReport | None
) -> EscalationRecord:
    """Carry out a planned escalation, recorded as done by the rule at ``now``."""
    return escalate(
        case, decision.to_tier, decision.reason, f"rule:{decision.rule_id}", now, sla=sla
    )


def _fired_at(
    trigger: Trigger, case: Case, now: datetime, sla: SlaReport, calendar: BusinessCalendar
) -> datetime | None:
    if isinstance(trigger, UnansweredFor):
        if trigger.priority is not None and case.priority is not trigger.priority:
            return None
        clock = SlaClock(
            case, SlaTarget.FIRST_RESPONSE, now, calendar, {CaseStatus.PENDING_CUSTOMER}
        )
        if clock.completed_at is not None:
            return None
        reached = clock.reached_at(timedelta(minutes=trigger.business_minutes))
        return reached if reached is not None and reached <= now else None
    status = sla.status(trigger.target)
    if status is None:
        return None
    if isinstance(trigger, OnSlaBreach):
        return status.due_at if status.state is SlaState.BREACHED else None
    open_states = (SlaState.WARNING, SlaState.BREACHED, SlaState.PAUSED)
    if status.completed_at is None and status.state in open_states and status.warn_at:
        return status.warn_at if status.warn_at <= now else None
    return None
