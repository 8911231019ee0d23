"""Customers in bulk for the CSV import: one multi-row insert per table, in the caller's
transaction, so an import is all there or not there at all."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from frontline.adapters.db.tables import CustomerEmailRow, CustomerPhoneRow, CustomerRow
from frontline.domain.org.customers import Customer

CHUNK = 1000


class SqlCustomerBulkRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def existing_external_ids(self, external_ids: Iterable[str]) -> frozenset[str]:
        wanted = sorted(set(external_ids))
        found: set[str] = set()
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            rows = self.session.scalars(
                select(CustomerRow.external_id).where(CustomerRow.external_id.in_(chunk))
            )
            found.update(r for r in rows if r is not None)
        return frozenset(found)

    def insert_many(self, customers: Sequence[Customer]) -> int:
        for start in range(0, len(customers), CHUNK):
            chunk = customers[start : start + CHUNK]
            ids = self.session.scalars(
                insert(CustomerRow).returning(CustomerRow.id, sort_by_parameter_order=True),
                [
                    {"name": c.name, "external_id": c.external_id, "attributes": c.attributes}
                    for c in chunk
                ],
            ).all()
            emails = [
                {"customer_id": cid, "email": e, "position": n}
                for cid, c in zip(ids, chunk, strict=True)
                for n, e in enumerate(c.emails)
            ]
            phones = [
                {"customer_id": cid, "phone": p, "position": n}
                for cid, c in zip(ids, chunk, strict=True)
                for n, p in enumerate(c.phones)
            ]
            if emails:
                self.session.execute(insert(CustomerEmailRow), emails)
            if phones:
                self.session.execute(insert(CustomerPhoneRow), phones)
            for cid, customer in zip(ids, chunk, strict=True):
                customer.id = cid
        self.session.flush()
        return len(customers)
