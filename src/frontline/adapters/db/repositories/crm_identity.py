"""Customer lookups by identifier for identification, in Core statements on the caller's
session (the routing service calls this on its hot path, once per arriving contact).

Each lookup is one indexed equality: external ids are unique on ``customers``, phones and
emails are primary-key columns of their child tables with their own index.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from frontline.adapters.db.tables import CustomerEmailRow, CustomerPhoneRow, CustomerRow
from frontline.domain.crm.identity import IdentityKey


class SqlCustomerDirectory:
    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, key: IdentityKey, value: str) -> list[int]:
        if key is IdentityKey.EXTERNAL_ID:
            stmt = select(CustomerRow.id).where(CustomerRow.external_id == value)
        elif key is IdentityKey.PHONE:
            stmt = select(CustomerPhoneRow.customer_id).where(CustomerPhoneRow.phone == value)
        else:
            spellings = sorted({value, value.lower()})
            stmt = select(CustomerEmailRow.customer_id).where(CustomerEmailRow.email.in_(spellings))
        return sorted({int(i) for i in self.session.scalars(stmt)})

    def name_of(self, customer_id: int) -> str:
        return str(
            self.session.scalar(select(CustomerRow.name).where(CustomerRow.id == customer_id))
        )

    def identifiers_of(self, customer_id: int) -> dict[IdentityKey, tuple[str, ...]]:
        external = self.session.scalar(
            select(CustomerRow.external_id).where(CustomerRow.id == customer_id)
        )
        phones = self.session.scalars(
            select(CustomerPhoneRow.phone).where(CustomerPhoneRow.customer_id == customer_id)
        )
        emails = self.session.scalars(
            select(CustomerEmailRow.email).where(CustomerEmailRow.customer_id == customer_id)
        )
        return {
            IdentityKey.EXTERNAL_ID: (external,) if external else (),
            IdentityKey.PHONE: tuple(phones),
            IdentityKey.EMAIL: tuple(emails),
        }

    def create(self, name: str, identifiers: Sequence[tuple[IdentityKey, str]]) -> int:
        values = dict(identifiers)
        customer_id = int(
            self.session.execute(
                insert(CustomerRow)
                .values(name=name, external_id=values.get(IdentityKey.EXTERNAL_ID), attributes={})
                .returning(CustomerRow.id)
            ).scalar_one()
        )
        contact_points = [(k, v) for k, v in identifiers if k is not IdentityKey.EXTERNAL_ID]
        self.learn(customer_id, contact_points)
        return customer_id

    def learn(self, customer_id: int, identifiers: Sequence[tuple[IdentityKey, str]]) -> None:
        for key, value in identifiers:
            if key is IdentityKey.EXTERNAL_ID:
                self.session.execute(
                    update(CustomerRow)
                    .where(CustomerRow.id == customer_id)
                    .values(external_id=value)
                )
                continue
            row, column = (
                (CustomerPhoneRow, CustomerPhoneRow.phone)
                if key is IdentityKey.PHONE
                else (CustomerEmailRow, CustomerEmailRow.email)
            )
            position = self.session.scalar(
                select(func.count()).select_from(row).where(row.customer_id == customer_id)
            )
            self.session.execute(
                insert(row).values(
                    {"customer_id": customer_id, column.key: value, "position": int(position or 0)}
                )
            )
