"""Case use cases: open, edit, change status, add notes and replies, link interactions.

Each runs in one unit of work: the domain `Case` checks everything first, then the case, its
recomputed SLA snapshot, any SLA events and the audit entry are committed together. Resolving
collects the pending mandatory script steps of every linked interaction, so a case cannot be
resolved while a compliance statement is still unread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from frontline.domain.crm.case_records import AttachmentRef, EntryKind, checked_text
from frontline.domain.crm.case_status import CaseStatus, Priority
from frontline.domain.crm.cases import Case
from frontline.domain.org.errors import InvalidValue, NotFound
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.service import audit_trail
from frontline.service.access import ensure
from frontline.service.crm.clock import actor_label, user_label
from frontline.service.crm.ports import CrmUnitOfWork, SlaSnapshot
from frontline.service.crm.runtime import CrmRuntime
from frontline.service.crm.sla_status import SlaContext
from frontline.service.crm.visibility import visible_case

ENTITY = "case"
EDITABLE = frozenset({"subject", "description", "category", "priority", "queue", "owner_user_id"})


@dataclass(frozen=True)
class CaseFacts:
    """What the audit log keeps of a case change (the full history stays on the case)."""

    subject: str
    description: str
    category: str
    queue: str
    priority: str
    tier: int
    owner: str | None

    @classmethod
    def of(cls, case: Case) -> CaseFacts:
        return cls(
            case.subject,
            case.description,
            case.category,
            case.queue,
            case.priority.value,
            case.tier,
            case.owner,
        )


@dataclass(frozen=True)
class OpenCase:
    customer_id: int
    subject: str
    description: str = ""
    queue: str = ""
    category: str = ""
    priority: Priority = Priority.NORMAL
    owner_user_id: int | None = None
    follow_up_of: int | None = None


def check_queue(uow: CrmUnitOfWork, queue: str) -> str:
    if queue and uow.queues.get_by_name(queue) is None:
        raise InvalidValue(f"queue {queue!r} does not exist")
    return queue


def check_owner(uow: CrmUnitOfWork, actor: Principal, owner_user_id: int | None) -> str | None:
    """Anyone may take a case or leave it unassigned; giving it to others is management."""
    if owner_user_id is None:
        return None
    if owner_user_id != actor.user_id:
        ensure(actor, Permission.CASES_MANAGE)
    if uow.users.get(owner_user_id) is None:
        raise InvalidValue(f"user {owner_user_id} does not exist")
    return user_label(owner_user_id)


def open_case(rt: CrmRuntime, actor: Principal, cmd: OpenCase) -> Case:
    ensure(actor, Permission.CASES_WORK)
    now = rt.clock.now()
    with rt.uow() as uow:
        if uow.customers.get(cmd.customer_id) is None:
            raise InvalidValue(f"customer {cmd.customer_id} does not exist")
        if cmd.follow_up_of is not None and uow.cases.get(cmd.follow_up_of) is None:
            raise InvalidValue(f"case {cmd.follow_up_of} does not exist")
        owner_id = cmd.owner_user_id if cmd.owner_user_id is not None else actor.user_id
        case = Case(
            id=0,
            customer_id=cmd.customer_id,
            subject=cmd.subject,
            created_at=now,
            created_by=actor_label(actor),
            description=cmd.description,
            queue=check_queue(uow, cmd.queue),
            category=cmd.category,
            priority=cmd.priority,
            owner=check_owner(uow, actor, owner_id),
            follow_up_of=cmd.follow_up_of,
        )
        sla = SlaContext(uow)
        uow.cases.add(case, SlaSnapshot())
        sla.store(case, sla.report(case, now), now)
        audit_trail.record(uow, actor, ENTITY, case.id, None, CaseFacts.of(case))
        uow.commit()
    return case


def update_case(rt: CrmRuntime, actor: Principal, case_id: int, changes: Mapping[str, Any]) -> Case:
    ensure(actor, Permission.CASES_WORK)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise InvalidValue(f"cannot change {', '.join(sorted(unknown))}")
    now = rt.clock.now()
    with rt.uow() as uow:
        case = visible_case(uow, actor, case_id)
        before = CaseFacts.of(case)
        if "subject" in changes:
            case.subject = checked_text(changes["subject"], "subject", 200)
        if "description" in changes:
            case.description = checked_text(changes["description"], "description", 20_000, 0)
        if "category" in changes:
            case.category = checked_text(changes["category"], "category", 64, 0).lower()
        if "queue" in changes:
            case.queue = check_queue(uow, str(changes["queue"]))
        if "priority" in changes:
            case.set_priority(Priority(changes["priority"]), now, actor_label(actor))
        if "owner_user_id" in changes:
            case.assign(check_owner(uow, actor, changes["owner_user_id"]), now)
        _save(uow, case, now)
        audit_trail.record(uow, actor, ENTITY, case.id, before, CaseFacts.of(case))
        uow.commit()
    return case


def change_status(
    rt: CrmRuntime, actor: Principal, case_id: int, status: CaseStatus, reason: str = ""
) -> Case:
    ensure(actor, Permission.CASES_WORK)
    now = rt.clock.now()
    by = actor_label(actor)
    with rt.uow() as uow:
        case = visible_case(uow, actor, case_id)
        if status is CaseStatus.RESOLVED:
            case.resolve(now, by, pending_script_steps=pending_steps(uow, case))
        elif status is CaseStatus.CLOSED:
            if case.status is not CaseStatus.RESOLVED:
                case.resolve(now, by, pending_script_steps=pending_steps(uow, case))
            case.close(now, by)
        else:
            case.change_status(status, now, by, reason)
        _save(uow, case, now)
        uow.commit()
    return case


def pending_steps(uow: CrmUnitOfWork, case: Case) -> tuple[str, ...]:
    """Mandatory script steps still open on any interaction linked to the case."""
    pending = uow.scripts.pending_for(i.interaction_id for i in case.interactions)
    return tuple(
        f"{interaction}:{step}" for interaction, steps in sorted(pending.items()) for step in steps
    )


@dataclass(frozen=True)
class AddEntry:
    kind: EntryKind
    body: str
    attachments: Sequence[AttachmentRef] = field(default_factory=tuple)
    interaction_id: str | None = None


def add_entry(rt: CrmRuntime, actor: Principal, case_id: int, cmd: AddEntry) -> Case:
    """Notes and replies by staff; customer messages arrive through the channels."""
    ensure(actor, Permission.CASES_WORK)
    now = rt.clock.now()
    with rt.uow() as uow:
        case = visible_case(uow, actor, case_id)
        case.add_entry(
            cmd.kind, cmd.body, actor_label(actor), now, tuple(cmd.attachments), cmd.interaction_id
        )
        _save(uow, case, now)
        uow.commit()
    return case


def _save(uow: CrmUnitOfWork, case: Case, now: datetime) -> None:
    sla = SlaContext(uow)
    sla.store(case, sla.report(case, now), now)


def get_case(uow: CrmUnitOfWork, actor: Principal, case_id: int) -> Case:
    with uow:
        return visible_case(uow, actor, case_id)


def require_case(uow: CrmUnitOfWork, case_id: int) -> Case:
    case = uow.cases.get(case_id)
    if case is None:
        raise NotFound(f"case {case_id} not found")
    return case
