"""Customer records; emails and phones are child rows so they can be looked up by index."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontline.adapters.db.repositories.common import fetch_page, set_attr, sync_children
from frontline.adapters.db.tables import CustomerEmailRow, CustomerPhoneRow, CustomerRow
from frontline.domain.org.customers import Customer
from frontline.service.pagination import Page, PageResult
from frontline.service.ports import CustomerFilter


def _to_domain(row: CustomerRow) -> Customer:
    return Customer(
        id=row.id,
        name=row.name,
        emails=tuple(e.email for e in row.emails),
        phones=tuple(p.phone for p in row.phones),
        external_id=row.external_id,
        attributes=dict(row.attributes or {}),
    )


def _write(row: CustomerRow, customer: Customer) -> None:
    row.name, row.external_id = customer.name, customer.external_id
    row.attributes = dict(customer.attributes)
    sync_children(
        row.emails,
        {email: n for n, email in enumerate(customer.emails)},
        key=lambda e: e.email,
        make=lambda email, n: CustomerEmailRow(email=email, position=n),
        update=set_attr("position"),
    )
    sync_children(
        row.phones,
        {phone: n for n, phone in enumerate(customer.phones)},
        key=lambda p: p.phone,
        make=lambda phone, n: CustomerPhoneRow(phone=phone, position=n),
        update=set_attr("position"),
    )


class SqlCustomerRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, customer: Customer) -> Customer:
        row = CustomerRow(emails=[], phones=[])
        _write(row, customer)
        self.session.add(row)
        self.session.flush()
        customer.id = row.id
        return customer

    def get(self, customer_id: int) -> Customer | None:
        row = self.session.get(CustomerRow, customer_id)
        return _to_domain(row) if row else None

    def get_by_external_id(self, external_id: str) -> Customer | None:
        row = self.session.scalar(select(CustomerRow).where(CustomerRow.external_id == external_id))
        return _to_domain(row) if row else None

    def save(self, customer: Customer) -> None:
        _write(self.session.get_one(CustomerRow, customer.id), customer)
        self.session.flush()
        self.session.expire_all()

    def delete(self, customer_id: int) -> None:
        self.session.delete(self.session.get_one(CustomerRow, customer_id))
        self.session.flush()

    def list(self, filters: CustomerFilter, page: Page) -> PageResult[Customer]:
        stmt = select(CustomerRow).order_by(CustomerRow.id)
        if filters.name_contains:
            needle = filters.name_contains.lower()
            stmt = stmt.where(func.lower(CustomerRow.name).contains(needle, autoescape=True))
        if filters.email is not None:
            by_email = select(CustomerEmailRow.customer_id).where(
                CustomerEmailRow.email == filters.email.lower()
            )
            stmt = stmt.where(CustomerRow.id.in_(by_email))
        if filters.phone is not None:
            by_phone = select(CustomerPhoneRow.customer_id).where(
                CustomerPhoneRow.phone == filters.phone
            )
            stmt = stmt.where(CustomerRow.id.in_(by_phone))
        if filters.external_id is not None:
            stmt = stmt.where(CustomerRow.external_id == filters.external_id)
        rows, total = fetch_page(self.session, stmt, page)
        return PageResult([_to_domain(r) for r in rows], total, page)
