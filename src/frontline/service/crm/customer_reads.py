"""Audit of reads of customer records by people who do not own one of the customer's cases.

Reading a customer you are working a case for is the job; anyone else opening the record
(a supervisor browsing, an analyst) leaves a ``read`` entry in the audit log, committed
before the record is returned.
"""

from __future__ import annotations

from frontline.domain.org.audit import AuditAction, AuditEntry
from frontline.domain.org.users import Principal
from frontline.service.crm.ports import Clock, CrmUnitOfWork

ENTITY = "customer"


def record_customer_read(
    uow: CrmUnitOfWork, actor: Principal, clock: Clock, customer_id: int
) -> bool:
    """Log the read unless the caller owns a case of this customer; True if it was logged."""
    with uow:
        if actor.user_id is not None and uow.cases.owns_case_of(actor.user_id, customer_id):
            return False
        uow.audit.add(
            AuditEntry(
                at=clock.now(),
                actor_user_id=actor.user_id,
                actor_username=actor.username,
                action=AuditAction.READ,
                entity_type=ENTITY,
                entity_id=customer_id,
            )
        )
        uow.commit()
    return True
