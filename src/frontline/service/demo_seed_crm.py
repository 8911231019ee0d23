"""The demo's CRM: two SLA policies and a handful of open cases whose SLA clocks disagree.

Without them a newcomer opening the agent desktop's case list sees no SLA clock and no
"at risk" or "breached" badge. The cases are opened through the CRM use cases with a
`CrmRuntime` whose clock reads the case's opening time: the use cases take "now" only from
that `Clock` port, so opening a case "as of" 50 minutes ago is the same path as opening it
then, and its status history (the SLA clock's only input) is what it would have been. The
audit log still says when the seed actually ran.

The ages are wall time, and they are business time too because the cases that must be at
risk or breached sit on round-the-clock queues (``general``, ``billing``: no business hours,
so their SLA calendar is 24/7 UTC). The mix is then the same whatever the day or hour the
demo starts. The ``tech-support`` case runs on that queue's Mon-Fri 09:00-17:00 London hours,
which the SLA clock uses as its calendar (no separate calendar is needed), so its due time
skips evenings and weekends; being young it is on track at any hour. A demo restarted later
finds the cases already there and lets them age: that is what SLA clocks do.

Idempotent like the rest of the seed: a policy is created only when no policy covers its
(priority, category), a case only when its customer has no case with that subject.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from frontline.domain.crm.case_status import CaseStatus, Priority
from frontline.service.access import SYSTEM
from frontline.service.crm import cases, sla_config
from frontline.service.crm.ports import CaseQuery, CaseScope
from frontline.service.crm.runtime import CrmRuntime

POLICIES: tuple[dict[str, Any], ...] = (
    {
        "name": "Urgent",
        "priority": "urgent",
        "category": "*",
        "first_response_minutes": 30,
        "resolution_minutes": 4 * 60,
    },
    {
        "name": "Standard",
        "priority": "*",
        "category": "*",
        "first_response_minutes": 4 * 60,
        "resolution_minutes": 24 * 60,
    },
)
"""Business-time targets; both warn at 80 % of a target (the domain's default)."""


@dataclass(frozen=True)
class DemoCase:
    """One seeded case; ``age`` is how long before the seed it was opened."""

    customer: str  # the demo customer's external id
    subject: str
    queue: str
    category: str
    priority: Priority
    age: timedelta
    owned_by_agent1: bool = True
    paused_after: timedelta | None = None  # then waiting on the customer (clock paused)


CASES = (
    # Urgent: first response due 30 min after opening, so 20 min overdue: breached.
    DemoCase(
        customer="CRM-0001",
        subject="Charged twice for the March invoice",
        queue="billing",
        category="payments",
        priority=Priority.URGENT,
        age=timedelta(minutes=50),
    ),
    # Standard: first response warns at 192 min and is due at 240: at risk, 40 min left.
    # Unowned: agent1 sees it because it waits on a queue agent1 serves.
    DemoCase(
        customer="CRM-0002",
        subject="Cannot log in after the password reset",
        queue="general",
        category="access",
        priority=Priority.HIGH,
        age=timedelta(minutes=200),
        owned_by_agent1=False,
    ),
    # On track: young cases, the second on the business-hours queue.
    DemoCase(
        customer="CRM-0001",
        subject="Update the billing address",
        queue="general",
        category="account",
        priority=Priority.LOW,
        age=timedelta(minutes=30),
    ),
    DemoCase(
        customer="CRM-0003",
        subject="Line drops every evening",
        queue="tech-support",
        category="network",
        priority=Priority.NORMAL,
        age=timedelta(minutes=20),
    ),
    # Waiting on the customer: both clocks paused.
    DemoCase(
        customer="CRM-0002",
        subject="Copy of last year's statements",
        queue="billing",
        category="documents",
        priority=Priority.NORMAL,
        age=timedelta(hours=2),
        paused_after=timedelta(minutes=30),
    ),
)


@dataclass(frozen=True)
class _AsOf:
    """The `Clock` port stopped at one moment: the time a seeded case is opened or changed."""

    moment: datetime

    def now(self) -> datetime:
        return self.moment


def seed_crm(crm: CrmRuntime) -> list[str]:
    """Create the missing policies and cases as of ``crm.clock``; name what was created."""
    created: list[str] = []
    with crm.uow() as uow:
        covered = {(p.priority, p.category) for p in uow.sla.policies()}
    for spec in POLICIES:
        if (spec["priority"], spec["category"]) not in covered:
            sla_config.save_policy(crm.uow(), SYSTEM, spec)
            created.append(f"sla policy {spec['name']}")
    now = crm.clock.now()
    for demo in CASES:
        if _open_demo_case(crm, demo, now):
            created.append(f"case {demo.subject}")
    return created


def _open_demo_case(crm: CrmRuntime, demo: DemoCase, now: datetime) -> bool:
    """Open ``demo`` unless its customer already has it (or the demo org is incomplete)."""
    with crm.uow() as uow:
        customer = uow.customers.get_by_external_id(demo.customer)
        agent1 = uow.users.get_by_username("agent1")
        if customer is None or agent1 is None:
            return False
        query = CaseQuery(CaseScope(everything=True), customer_id=customer.id, text=demo.subject)
        if any(row.subject == demo.subject for row in uow.cases.list(query)):
            return False
    opened_at = now - demo.age
    cmd = cases.OpenCase(
        customer_id=customer.id,
        subject=demo.subject,
        queue=demo.queue,
        category=demo.category,
        priority=demo.priority,
        owner_user_id=agent1.id if demo.owned_by_agent1 else None,
    )
    case = cases.open_case(replace(crm, clock=_AsOf(opened_at)), SYSTEM, cmd)
    if demo.paused_after is not None:
        waiting = replace(crm, clock=_AsOf(opened_at + demo.paused_after))
        cases.change_status(
            waiting, SYSTEM, case.id, CaseStatus.PENDING_CUSTOMER, "asked which years are needed"
        )
    return True
