"""Records that point at a customer: moved in bulk by a merge; an interaction's facts.

Script runs, case notes and dispositions hang off interactions and cases, so re-pointing the
interactions and the cases moves the whole history with them.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from frontline.adapters.db.crm_tables import CaseRow
from frontline.adapters.db.live_tables import InteractionRow
from frontline.adapters.db.tables import CustomerRow
from frontline.service.crm.ports import InteractionFacts

_I = InteractionRow


class SqlCustomerLinkRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def interaction(self, interaction_id: int) -> InteractionFacts | None:
        row = self.session.execute(
            select(_I.id, _I.customer_id, _I.channel, _I.queue, _I.subject, _I.agent_user_id).where(
                _I.id == interaction_id
            )
        ).first()
        return InteractionFacts(*row) if row is not None else None

    def name_of(self, customer_id: int) -> str | None:
        return self.session.scalar(select(CustomerRow.name).where(CustomerRow.id == customer_id))

    def repoint(self, from_customer: int, to_customer: int) -> dict[str, int]:
        moved = {}
        for kind, table in (("interactions", _I), ("cases", CaseRow)):
            result = self.session.execute(
                update(table)
                .where(table.customer_id == from_customer)
                .values(customer_id=to_customer)
                .execution_options(synchronize_session=False)
            )
            moved[kind] = int(getattr(result, "rowcount", 0) or 0)
        return moved
