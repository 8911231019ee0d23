"""SLA configuration: policies per (priority, category), queue calendars, escalation rules.

Everything is validated by the domain before it is stored: a policy without targets, a
calendar with no working hours or overlapping ranges, a rule to an impossible tier are refused
with a message naming the fault, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from frontline.domain.crm.business_calendar import BusinessCalendar
from frontline.domain.crm.case_status import MAX_TIER, Priority, check_tier
from frontline.domain.crm.errors import InvalidEscalation
from frontline.domain.crm.escalation import (
    EscalationRule,
    OnSlaBreach,
    OnSlaWarning,
    Trigger,
    UnansweredFor,
)
from frontline.domain.crm.sla import SlaPolicyBook, SlaTarget
from frontline.domain.org.errors import Conflict, NotFound
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.service.access import ensure
from frontline.service.crm.ports import CrmUnitOfWork, StoredPolicy
from frontline.service.crm.sla_status import base_spec

TRIGGERS = ("sla_breach", "sla_warning", "unanswered_for")


def list_policies(uow: CrmUnitOfWork, actor: Principal) -> list[StoredPolicy]:
    ensure(actor, Permission.SLA_MANAGE, Permission.CASES_READ, Permission.CASES_WORK)
    with uow:
        return uow.sla.policies()


def _policy_from(spec: Mapping[str, Any]) -> tuple[str, str, StoredPolicy]:
    book = SlaPolicyBook.from_spec([spec])
    (key, policy), *_ = book.policies.items()
    return key[0], key[1], StoredPolicy(0, key[0], key[1], policy)


def save_policy(
    uow: CrmUnitOfWork, actor: Principal, spec: Mapping[str, Any], policy_id: int | None = None
) -> StoredPolicy:
    """Create (``policy_id`` None) or replace a policy; one policy per (priority, category)."""
    ensure(actor, Permission.SLA_MANAGE)
    priority, category, parsed = _policy_from(spec)
    with uow:
        clash = next(
            (p for p in uow.sla.policies() if (p.priority, p.category) == (priority, category)),
            None,
        )
        if clash is not None and clash.id != policy_id:
            raise Conflict(
                f"policy {clash.id} already covers priority/category {priority}/{category}"
            )
        if policy_id is None:
            stored = uow.sla.add_policy(priority, category, parsed.policy)
        else:
            if uow.sla.get_policy(policy_id) is None:
                raise NotFound(f"SLA policy {policy_id} not found")
            stored = StoredPolicy(policy_id, priority, category, parsed.policy)
            uow.sla.save_policy(stored)
        uow.commit()
    return stored


def delete_policy(uow: CrmUnitOfWork, actor: Principal, policy_id: int) -> None:
    ensure(actor, Permission.SLA_MANAGE)
    with uow:
        if uow.sla.get_policy(policy_id) is None:
            raise NotFound(f"SLA policy {policy_id} not found")
        uow.sla.delete_policy(policy_id)
        uow.commit()


def get_calendar(uow: CrmUnitOfWork, actor: Principal, queue: str) -> dict[str, Any]:
    """The calendar SLA clocks of ``queue`` use (24/7 UTC when the queue has no hours)."""
    ensure(actor, Permission.SLA_MANAGE, Permission.CASES_READ, Permission.CASES_WORK)
    with uow:
        if uow.queues.get_by_name(queue) is None:
            raise NotFound(f"queue {queue!r} not found")
        spec = base_spec(uow, queue)
    return spec if spec is not None else BusinessCalendar.always_open().to_spec()


def save_calendar(
    uow: CrmUnitOfWork, actor: Principal, queue: str, spec: Mapping[str, Any]
) -> dict[str, Any]:
    """Store the queue's SLA calendar; zone and weekly hours default to the queue's own."""
    ensure(actor, Permission.SLA_MANAGE)
    with uow:
        if uow.queues.get_by_name(queue) is None:
            raise NotFound(f"queue {queue!r} not found")
        merged = dict(base_spec(uow, queue) or BusinessCalendar.always_open().to_spec())
        merged.update({key: value for key, value in spec.items() if value is not None})
        normalised = BusinessCalendar.from_spec(merged).to_spec()
        uow.sla.save_calendar_spec(queue, normalised)
        uow.commit()
    return normalised


def rule_from(spec: Mapping[str, Any]) -> EscalationRule:
    kind = spec.get("trigger")
    trigger: Trigger
    if kind == "unanswered_for":
        minutes = spec.get("business_minutes")
        if not isinstance(minutes, int):
            raise InvalidEscalation("unanswered_for rules need business_minutes")
        priority = spec.get("priority")
        if priority is not None and priority not in set(Priority):
            raise InvalidEscalation(f"unknown priority {priority!r}")
        trigger = UnansweredFor(minutes, Priority(priority) if priority else None)
    elif kind in ("sla_breach", "sla_warning"):
        target_name = spec.get("target") or SlaTarget.RESOLUTION.value
        if target_name not in set(SlaTarget):
            raise InvalidEscalation(f"unknown SLA target {target_name!r}")
        target = SlaTarget(target_name)
        trigger = OnSlaBreach(target) if kind == "sla_breach" else OnSlaWarning(target)
    else:
        raise InvalidEscalation(f"trigger must be one of {', '.join(TRIGGERS)}")
    to_tier = spec.get("to_tier")
    if to_tier is not None:
        check_tier(to_tier)
        if to_tier == 1:
            raise InvalidEscalation(f"an escalation rule goes to tier 2 to {MAX_TIER}")
    return EscalationRule(str(spec["id"]), trigger, to_tier, str(spec.get("reason") or ""))


def list_rules(uow: CrmUnitOfWork, actor: Principal) -> list[EscalationRule]:
    ensure(actor, Permission.SLA_MANAGE, Permission.CASES_READ)
    with uow:
        return uow.sla.rules()


def save_rule(uow: CrmUnitOfWork, actor: Principal, spec: Mapping[str, Any]) -> EscalationRule:
    ensure(actor, Permission.SLA_MANAGE)
    rule = rule_from(spec)
    with uow:
        uow.sla.save_rule(rule)
        uow.commit()
    return rule


def delete_rule(uow: CrmUnitOfWork, actor: Principal, rule_id: str) -> None:
    ensure(actor, Permission.SLA_MANAGE)
    with uow:
        if not uow.sla.delete_rule(rule_id):
            raise NotFound(f"escalation rule {rule_id!r} not found")
        uow.commit()


def rule_spec(rule: EscalationRule) -> dict[str, Any]:
    """The plain-data form the API shows and `rule_from` reads."""
    trigger = rule.trigger
    spec: dict[str, Any] = {"id": rule.id, "to_tier": rule.to_tier, "reason": rule.reason}
    if isinstance(trigger, UnansweredFor):
        priority = trigger.priority.value if trigger.priority else None
        spec.update(trigger="unanswered_for", business_minutes=trigger.business_minutes)
        spec.update(priority=priority, target=None)
    else:
        kind = "sla_breach" if isinstance(trigger, OnSlaBreach) else "sla_warning"
        spec.update(trigger=kind, target=trigger.target.value, business_minutes=None)
        spec.update(priority=None)
    return spec
