"""Customer lookups by identifier for identification, in Core statements on the caller's
session (the routing service calls this on its hot path, once per arriving contact).

Each lookup is one indexed equality (or IN-list, for a batch): external ids are unique on
``customers``, phones and emails are primary-key columns of their child tables with their
own index. A brand-new customer's contact points start at position 0 per kind, so creating
one never counts rows; only ``learn``, which adds to an existing record, does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Select, Table, bindparam, func, insert, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from frontline.adapters.db.tables import Base, CustomerEmailRow, CustomerPhoneRow, CustomerRow
from frontline.domain.crm.identity import IdentityKey
from frontline.service.crm.identification import Identifiers, spellings

_ContactPointRow = type[CustomerPhoneRow] | type[CustomerEmailRow]
_CONTACT_POINTS: dict[IdentityKey, tuple[_ContactPointRow, InstrumentedAttribute[str]]] = {
    IdentityKey.PHONE: (CustomerPhoneRow, CustomerPhoneRow.phone),
    IdentityKey.EMAIL: (CustomerEmailRow, CustomerEmailRow.email),
}


def _columns(
    key: IdentityKey,
) -> tuple[
    InstrumentedAttribute[int], InstrumentedAttribute[str] | InstrumentedAttribute[str | None]
]:
    """(customer id, identifier) columns where identifiers of this kind are kept."""
    if key is IdentityKey.EXTERNAL_ID:
        return CustomerRow.id, CustomerRow.external_id
    row, column = _CONTACT_POINTS[key]
    return row.customer_id, column


def _holders(key: IdentityKey) -> Select[int, str | None]:
    customer_id, identifier = _columns(key)
    return select(customer_id, identifier).where(
        identifier.in_(bindparam("values", expanding=True))
    )


# Built once: a statement built per call computes its cache key again, and the anonymous
# parameters of an IN list it clones are cyclic garbage for the collector (a batch per
# arriving chat on a busy server).
_HOLDERS = {key: _holders(key) for key in IdentityKey}
_NAMES = select(CustomerRow.id, CustomerRow.name).where(
    CustomerRow.id.in_(bindparam("ids", expanding=True))
)


def _table(row: type[Base]) -> Table:
    return Base.metadata.tables[row.__tablename__]


class SqlCustomerDirectory:
    def __init__(self, session: Session) -> None:
        self.session = session

    def find(self, key: IdentityKey, value: str) -> list[int]:
        return self.find_many(key, [value]).get(value, [])

    def find_many(self, key: IdentityKey, values: Collection[str]) -> dict[str, list[int]]:
        if not values:
            return {}
        wanted = sorted({spelling for value in values for spelling in spellings(key, value)})
        holders: dict[str, set[int]] = {}
        for held_by, held in self.session.execute(_HOLDERS[key], {"values": wanted}):
            holders.setdefault(str(held), set()).add(int(held_by))
        found: dict[str, list[int]] = {}
        for value in values:
            ids = {i for spelling in spellings(key, value) for i in holders.get(spelling, ())}
            if ids:
                found[value] = sorted(ids)
        return found

    def name_of(self, customer_id: int) -> str:
        return str(
            self.session.scalar(select(CustomerRow.name).where(CustomerRow.id == customer_id))
        )

    def names_of(self, customer_ids: Collection[int]) -> dict[int, str]:
        if not customer_ids:
            return {}
        rows = self.session.execute(_NAMES, {"ids": sorted(customer_ids)})
        return {int(i): str(name) for i, name in rows}

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

    def create(self, name: str, identifiers: Identifiers) -> int:
        return self.create_many([(name, identifiers)])[0]

    def create_many(self, customers: Sequence[tuple[str, Identifiers]]) -> list[int]:
        """One executemany per table, on the tables (an ORM bulk insert would split the rows
        by the columns they leave empty). The ids come back in parameter order, as SQLAlchemy
        guarantees for ``sort_by_parameter_order`` (PostgreSQL: one INSERT … SELECT ordered
        by a counter; SQLite: one INSERT per row)."""
        if not customers:
            return []
        rows: list[dict[str, Any]] = [
            {"name": name, "external_id": dict(ids).get(IdentityKey.EXTERNAL_ID), "attributes": {}}
            for name, ids in customers
        ]
        table = _table(CustomerRow)
        stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        new_ids = [int(i) for i in self.session.scalars(stmt, rows)]
        points: dict[IdentityKey, list[dict[str, Any]]] = {key: [] for key in _CONTACT_POINTS}
        for customer_id, (_, identifiers) in zip(new_ids, customers, strict=True):
            positions: Counter[IdentityKey] = Counter()
            for key, value in identifiers:
                if key in points:
                    column = _CONTACT_POINTS[key][1].key
                    points[key].append(
                        {"customer_id": customer_id, column: value, "position": positions[key]}
                    )
                    positions[key] += 1
        for key, values in points.items():
            if values:
                self.session.execute(insert(_table(_CONTACT_POINTS[key][0])), values)
        return new_ids

    def learn(self, customer_id: int, identifiers: Identifiers) -> None:
        for key, value in identifiers:
            if key is IdentityKey.EXTERNAL_ID:
                self.session.execute(
                    update(CustomerRow)
                    .where(CustomerRow.id == customer_id)
                    .values(external_id=value)
                )
                continue
            row, column = _CONTACT_POINTS[key]
            position = self.session.scalar(
                select(func.count()).select_from(row).where(row.customer_id == customer_id)
            )
            self.session.execute(
                insert(row).values(
                    {"customer_id": customer_id, column.key: value, "position": int(position or 0)}
                )
            )
