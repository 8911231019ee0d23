"""Cases from the agent desktop: the email or chat in hand opens a case, or joins one.

The interaction's own record says who the customer is, on which channel and queue it came
in, so the desktop sends only the subject. An agent may do this for the contacts it handles
(or handled: after-contact work often means opening the case); case managers for any.
Linking an interaction to an existing case is `escalations.attach_interaction`, which the
case API already exposes.
"""

from __future__ import annotations

from frontline.domain.channels import Channel
from frontline.domain.crm.case_status import Priority
from frontline.domain.crm.cases import Case
from frontline.domain.org.errors import Conflict, NotFound
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.service.access import ensure
from frontline.service.crm.escalations import open_case_from_interaction
from frontline.service.crm.runtime import CrmRuntime


def open_case_for_interaction(
    rt: CrmRuntime,
    actor: Principal,
    interaction_id: int,
    subject: str,
    *,
    category: str = "",
    priority: Priority = Priority.NORMAL,
) -> Case:
    """Open a case for the interaction (or return the open case it already belongs to)."""
    ensure(actor, Permission.CASES_WORK)
    with rt.uow() as uow:
        facts = uow.customer_links.interaction(interaction_id)
    if facts is None or not (
        actor.can(Permission.CASES_MANAGE) or facts.agent_user_id == actor.user_id
    ):
        raise NotFound(f"interaction {interaction_id} not found")
    if facts.customer_id is None:
        raise Conflict(f"interaction {interaction_id} has no customer; identify them first")
    return open_case_from_interaction(
        rt,
        actor,
        facts.id,
        customer_id=facts.customer_id,
        subject=subject or facts.subject or f"{facts.channel} {facts.id}",
        channel=Channel(facts.channel),
        queue=facts.queue,
        category=category,
        priority=priority,
    )
