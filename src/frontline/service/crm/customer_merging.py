"""Merging duplicate customer records: the history follows the surviving record.

`domain.crm.customer_merge.plan_merge` decides what the survivor keeps (every phone and
email of both, the survivor's attributes first) and refuses merging a record into itself.
Here the plan is carried out in one transaction: interactions and cases are re-pointed (their
notes, dispositions and script runs hang off them and follow), the absorbed record is removed
and the survivor saved with the united identifiers, and both steps are audit-logged, the
absorbed record's entry naming the survivor and what moved. Either everything happens or
nothing does.

The customer table holds one external id per record (the CRM system of record's key), so
two records with different external ids are refused: they are two customers upstream, and
the merge belongs there first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from frontline.domain.crm.customer_merge import CustomerIdentity, plan_merge
from frontline.domain.crm.errors import CrmConflict
from frontline.domain.org.audit import AuditAction, AuditEntry, diff, snapshot
from frontline.domain.org.customers import Customer
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.service import audit_trail
from frontline.service.access import ensure, found
from frontline.service.crm.customer_reads import ENTITY
from frontline.service.crm.runtime import CrmRuntime


@dataclass(frozen=True)
class MergeResult:
    survivor: Customer
    absorbed_id: int
    moved: dict[str, int]


def merge_customers(
    rt: CrmRuntime, actor: Principal, absorbed_id: int, into_id: int
) -> MergeResult:
    """Merge customer ``absorbed_id`` into ``into_id``."""
    ensure(actor, Permission.CUSTOMERS_MANAGE)
    with rt.uow() as uow:
        absorbed = found(uow.customers.get(absorbed_id), ENTITY, absorbed_id)
        survivor = found(uow.customers.get(into_id), ENTITY, into_id)
        plan = plan_merge(_identity(survivor), _identity(absorbed))
        if len(plan.survivor.external_ids) > 1:
            first, second = plan.survivor.external_ids[:2]
            raise CrmConflict(
                f"customers {into_id} and {absorbed_id} have different external ids "
                f"({first!r}, {second!r}); merge them in the system that issued the ids first"
            )
        merged = Customer(
            name=survivor.name,
            emails=plan.survivor.emails,
            phones=plan.survivor.phones,
            external_id=next(iter(plan.survivor.external_ids), None),
            attributes=dict(plan.survivor.attributes),
            id=survivor.id,
        )
        moved = uow.customer_links.repoint(absorbed.id, survivor.id)
        uow.customers.delete(absorbed.id)  # frees its external id before the survivor takes it
        uow.customers.save(merged)
        audit_trail.record(uow, actor, ENTITY, survivor.id, survivor, merged)
        uow.audit.add(_absorbed_entry(actor, absorbed, survivor.id, moved, rt.clock.now()))
        uow.commit()
    return MergeResult(merged, absorbed.id, moved)


def _identity(customer: Customer) -> CustomerIdentity:
    return CustomerIdentity(
        customer_id=customer.id,
        external_ids=(customer.external_id,) if customer.external_id else (),
        phones=customer.phones,
        emails=customer.emails,
        attributes=customer.attributes,
    )


def _absorbed_entry(
    actor: Principal, absorbed: Customer, into: int, moved: dict[str, int], at: datetime
) -> AuditEntry:
    changes = diff(snapshot(absorbed), None)
    changes["merged_into"] = [None, into]
    changes["moved"] = [None, moved]
    return AuditEntry(
        at=at,
        actor_user_id=actor.user_id,
        actor_username=actor.username,
        action=AuditAction.DELETE,
        entity_type=ENTITY,
        entity_id=absorbed.id,
        changes=changes,
    )
