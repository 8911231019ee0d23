"""The customer timeline (screen-pop): every contact, case event, note and wrap-up of a
customer in time order, newest first, paged with an opaque cursor.

Who may read it:
* holders of ``customers:read`` (team leads, supervisors, QA, admins) read any customer and
  may search (``q``);
* agents read the customers they are serving right now (a contact offered to them, in
  progress or in wrap-up, so the history pops up with the offer) and the customers of whom
  they own a case; anyone else is told the customer does not exist.
Reading without serving the customer or owning one of its cases is audit-logged (a ``read``
entry committed before the timeline is returned): browsing customer data leaves a trace.

Contacts and wrap-ups name the agent who handled them (display name, so the next agent knows
whom to ask). It is no secret from any reader above: the customer sees it in every chat,
and the timeline's case notes already name their authors.

Speed: without a search, each store returns only the window around the cursor
(`TimelineSource`), so a page costs the same for 50 or 50,000 interactions. A search reads
the customer's whole history once and filters it with `domain.crm.timeline.search`.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontline.domain.crm.timeline import (
    TimelinePage,
    cursor_instant,
    merge_timeline,
    page,
    search,
)
from frontline.domain.org.audit import AuditAction, AuditEntry
from frontline.domain.org.errors import Forbidden, NotFound
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.service.access import ensure
from frontline.service.crm.customer_reads import ENTITY
from frontline.service.crm.ports import CrmUnitOfWork
from frontline.service.crm.runtime import CrmRuntime

DEFAULT_PAGE = 50
WORKERS = (Permission.CUSTOMERS_READ, Permission.INTERACTIONS_HANDLE, Permission.CASES_WORK)


@dataclass(frozen=True)
class TimelineQuery:
    """``held``: customers whose contacts live operation has offered to or assigned to the
    caller right now (offers live in the routing service's memory, not in the tables)."""

    customer_id: int
    cursor: str | None = None
    limit: int = DEFAULT_PAGE
    text: str | None = None
    held: frozenset[int] = frozenset()


@dataclass(frozen=True)
class CustomerTimeline:
    customer_id: int
    name: str
    page: TimelinePage
    audited: bool


def customer_timeline(rt: CrmRuntime, actor: Principal, query: TimelineQuery) -> CustomerTimeline:
    ensure(actor, *WORKERS)
    if query.text and not actor.can(Permission.CUSTOMERS_READ):
        raise Forbidden("searching a timeline needs the customers:read permission")
    before = cursor_instant(query.cursor) if query.cursor else None
    with rt.uow() as uow:
        name = uow.customer_links.name_of(query.customer_id)
        involved = _involved(uow, actor, query)
        if name is None or not (involved or actor.can(Permission.CUSTOMERS_READ)):
            raise NotFound(f"customer {query.customer_id} not found")
        # one row more than a page per source tells whether another page follows
        window, upto = (None, None) if query.text else (query.limit + 1, before)
        found = uow.timeline.entries(query.customer_id, upto, window)
        if rt.survey_scores is not None:
            found += rt.survey_scores.entries(query.customer_id, upto, window)
        if not involved:
            _audit_read(uow, actor, rt, query.customer_id)
            uow.commit()
    ordered = merge_timeline(search(found, text=query.text) if query.text else found)
    result = page(ordered, limit=query.limit, cursor=query.cursor)
    return CustomerTimeline(query.customer_id, name, result, audited=not involved)


def _involved(uow: CrmUnitOfWork, actor: Principal, query: TimelineQuery) -> bool:
    """Serving the customer now, or owning one of its cases: reading is the job."""
    if query.customer_id in query.held:
        return True
    return actor.user_id is not None and uow.cases.owns_case_of(actor.user_id, query.customer_id)


def _audit_read(uow: CrmUnitOfWork, actor: Principal, rt: CrmRuntime, customer_id: int) -> None:
    uow.audit.add(
        AuditEntry(
            at=rt.clock.now(),
            actor_user_id=actor.user_id,
            actor_username=actor.username,
            action=AuditAction.READ,
            entity_type=ENTITY,
            entity_id=customer_id,
            changes={"read": [None, "timeline"]},
        )
    )
