"""SLA policies, queue calendars and escalation rules as rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontline.adapters.db.crm_tables import EscalationRuleRow, SlaCalendarRow, SlaPolicyRow
from frontline.domain.crm.case_status import Priority
from frontline.domain.crm.escalation import (
    EscalationRule,
    OnSlaBreach,
    OnSlaWarning,
    Trigger,
    UnansweredFor,
)
from frontline.domain.crm.sla import SlaPolicy, SlaTarget, WarningRule
from frontline.service.crm.ports import StoredPolicy


def _minutes(value: float | None) -> timedelta | None:
    return None if value is None else timedelta(minutes=value)


def _as_minutes(value: timedelta | None) -> float | None:
    return None if value is None else value.total_seconds() / 60


def _policy(row: SlaPolicyRow) -> StoredPolicy:
    policy = SlaPolicy(
        name=row.name,
        first_response=_minutes(row.first_response_minutes),
        resolution=_minutes(row.resolution_minutes),
        warning=WarningRule(row.warn_fraction, _minutes(row.warn_minutes_before)),
        pause_on_hold=row.pause_on_hold,
    )
    return StoredPolicy(row.id, row.priority, row.category, policy)


def _write_policy(row: SlaPolicyRow, priority: str, category: str, policy: SlaPolicy) -> None:
    row.name, row.priority, row.category = policy.name, priority, category
    row.first_response_minutes = _as_minutes(policy.first_response)
    row.resolution_minutes = _as_minutes(policy.resolution)
    row.warn_fraction = policy.warning.fraction
    row.warn_minutes_before = _as_minutes(policy.warning.before)
    row.pause_on_hold = policy.pause_on_hold


def _rule(row: EscalationRuleRow) -> EscalationRule:
    trigger: Trigger
    if row.trigger == "unanswered_for":
        priority = Priority(row.priority) if row.priority else None
        trigger = UnansweredFor(row.business_minutes or 0, priority)
    elif row.trigger == "sla_breach":
        trigger = OnSlaBreach(SlaTarget(row.target or SlaTarget.RESOLUTION))
    else:
        trigger = OnSlaWarning(SlaTarget(row.target or SlaTarget.RESOLUTION))
    return EscalationRule(row.id, trigger, row.to_tier, row.reason)


class SqlSlaRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def policies(self) -> list[StoredPolicy]:
        rows = self.session.scalars(select(SlaPolicyRow).order_by(SlaPolicyRow.id))
        return [_policy(r) for r in rows]

    def get_policy(self, policy_id: int) -> StoredPolicy | None:
        row = self.session.get(SlaPolicyRow, policy_id)
        return _policy(row) if row else None

    def add_policy(self, priority: str, category: str, policy: SlaPolicy) -> StoredPolicy:
        row = SlaPolicyRow()
        _write_policy(row, priority, category, policy)
        self.session.add(row)
        self.session.flush()
        return StoredPolicy(row.id, priority, category, policy)

    def save_policy(self, stored: StoredPolicy) -> None:
        row = self.session.get_one(SlaPolicyRow, stored.id)
        _write_policy(row, stored.priority, stored.category, stored.policy)
        self.session.flush()

    def delete_policy(self, policy_id: int) -> None:
        self.session.delete(self.session.get_one(SlaPolicyRow, policy_id))
        self.session.flush()

    def calendar_spec(self, queue: str) -> dict[str, Any] | None:
        row = self.session.get(SlaCalendarRow, queue)
        return dict(row.spec) if row else None

    def save_calendar_spec(self, queue: str, spec: dict[str, Any]) -> None:
        row = self.session.get(SlaCalendarRow, queue)
        if row is None:
            self.session.add(SlaCalendarRow(queue=queue, spec=spec))
        else:
            row.spec = spec
        self.session.flush()

    def delete_calendar_spec(self, queue: str) -> bool:
        row = self.session.get(SlaCalendarRow, queue)
        if row is None:
            return False
        self.session.delete(row)
        self.session.flush()
        return True

    def rules(self) -> list[EscalationRule]:
        rows = self.session.scalars(select(EscalationRuleRow).order_by(EscalationRuleRow.id))
        return [_rule(r) for r in rows]

    def save_rule(self, rule: EscalationRule) -> None:
        row = self.session.get(EscalationRuleRow, rule.id) or EscalationRuleRow(id=rule.id)
        trigger = rule.trigger
        if isinstance(trigger, UnansweredFor):
            row.trigger, row.target = "unanswered_for", None
            row.business_minutes = trigger.business_minutes
            row.priority = trigger.priority.value if trigger.priority else None
        else:
            row.trigger = "sla_breach" if isinstance(trigger, OnSlaBreach) else "sla_warning"
            row.target, row.business_minutes, row.priority = trigger.target.value, None, None
        row.to_tier, row.reason = rule.to_tier, rule.reason
        self.session.add(row)
        self.session.flush()

    def delete_rule(self, rule_id: str) -> bool:
        row = self.session.get(EscalationRuleRow, rule_id)
        if row is None:
            return False
        self.session.delete(row)
        self.session.flush()
        return True
