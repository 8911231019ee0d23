"""Escalating cases by hand, and linking interactions (calls, chats, emails) to cases.

Manual escalation needs a reason and goes strictly up a tier; the record keeps a snapshot of
the case and its SLA as handed over, and the case becomes unowned so the receiving tier's
queue picks it up with the whole history. The interaction functions take plain ids so live
operation can call them from its own handlers without knowing how cases are stored.
"""

from __future__ import annotations

from datetime import datetime

from frontline.domain.channels import Channel
from frontline.domain.crm.case_records import Direction, LinkedInteraction
from frontline.domain.crm.case_status import CaseStatus, Priority
from frontline.domain.crm.cases import Case
from frontline.domain.crm.escalation import escalate
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.service.access import ensure
from frontline.service.crm.cases import OpenCase, open_case, require_case
from frontline.service.crm.clock import actor_label
from frontline.service.crm.runtime import CrmRuntime
from frontline.service.crm.sla_status import SlaContext
from frontline.service.crm.visibility import visible_case


def escalate_case(
    rt: CrmRuntime, actor: Principal, case_id: int, to_tier: int, reason: str
) -> Case:
    ensure(actor, Permission.CASES_WORK)
    now = rt.clock.now()
    with rt.uow() as uow:
        case = visible_case(uow, actor, case_id)
        sla = SlaContext(uow)
        escalate(case, to_tier, reason, actor_label(actor), now, sla=sla.report(case, now))
        sla.store(case, sla.report(case, now), now)
        uow.commit()
    return case


def attach_interaction(
    rt: CrmRuntime,
    actor: Principal,
    case_id: int,
    interaction_id: int | str,
    *,
    channel: Channel,
    direction: Direction = Direction.INBOUND,
    at: datetime | None = None,
) -> Case:
    """Link an interaction to a case; linking it again changes nothing. An inbound contact
    re-opens a pending or resolved case; a closed case refuses (open a follow-up instead)."""
    ensure(actor, Permission.CASES_WORK)
    now = at or rt.clock.now()
    with rt.uow() as uow:
        case = visible_case(uow, actor, case_id)
        if case.link_interaction(LinkedInteraction(str(interaction_id), channel, direction, now)):
            sla = SlaContext(uow)
            sla.store(case, sla.report(case, now), now)
            uow.commit()
    return case


def open_case_from_interaction(
    rt: CrmRuntime,
    actor: Principal,
    interaction_id: int | str,
    *,
    customer_id: int,
    subject: str,
    channel: Channel,
    direction: Direction = Direction.INBOUND,
    queue: str = "",
    category: str = "",
    priority: Priority = Priority.NORMAL,
) -> Case:
    """The case an email or chat opens. If the interaction already belongs to a case that is
    still open, that case is returned (retries are harmless); if that case is closed, a
    follow-up case is opened and linked to it."""
    ensure(actor, Permission.CASES_WORK)
    key = str(interaction_id)
    follow_up_of: int | None = None
    with rt.uow() as uow:
        for existing_id in uow.cases.with_interaction(key):
            existing = require_case(uow, existing_id)
            if existing.status is not CaseStatus.CLOSED:
                return existing
            follow_up_of = existing.id
    cmd = OpenCase(
        customer_id=customer_id,
        subject=subject,
        queue=queue,
        category=category,
        priority=priority,
        owner_user_id=actor.user_id,
        follow_up_of=follow_up_of,
    )
    case = open_case(rt, actor, cmd)
    return attach_interaction(rt, actor, case.id, key, channel=channel, direction=direction)
