"""Use cases for customer records: external ids are unique, everything else may repeat
(households share a phone, companies share a domain)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from frontline.domain.org.customers import AttributeValue, Customer
from frontline.domain.org.errors import Conflict
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.service import audit_trail
from frontline.service.access import apply_changes, ensure, found
from frontline.service.pagination import Page, PageResult
from frontline.service.ports import CustomerFilter, UnitOfWork

ENTITY = "customer"
EDITABLE = frozenset({"name", "emails", "phones", "external_id", "attributes"})


@dataclass(frozen=True)
class CreateCustomer:
    name: str
    emails: Sequence[str] = ()
    phones: Sequence[str] = ()
    external_id: str | None = None
    attributes: Mapping[str, AttributeValue] = field(default_factory=dict)


@dataclass(frozen=True)
class UpdateCustomer:
    customer_id: int
    changes: Mapping[str, Any]


def _check(uow: UnitOfWork, customer: Customer) -> None:
    if customer.external_id is None:
        return
    existing = uow.customers.get_by_external_id(customer.external_id)
    if existing is not None and existing.id != customer.id:
        raise Conflict(f"external_id {customer.external_id!r} belongs to customer {existing.id}")


def create_customer(uow: UnitOfWork, actor: Principal, cmd: CreateCustomer) -> Customer:
    ensure(actor, Permission.CUSTOMERS_MANAGE)
    customer = Customer(
        name=cmd.name,
        emails=tuple(cmd.emails),
        phones=tuple(cmd.phones),
        external_id=cmd.external_id,
        attributes=dict(cmd.attributes),
    )
    with uow:
        _check(uow, customer)
        customer = uow.customers.add(customer)
        audit_trail.record(uow, actor, ENTITY, customer.id, None, customer)
        uow.commit()
    return customer


def update_customer(uow: UnitOfWork, actor: Principal, cmd: UpdateCustomer) -> Customer:
    ensure(actor, Permission.CUSTOMERS_MANAGE)
    changes = dict(cmd.changes)
    for key in ("emails", "phones"):
        if key in changes:
            changes[key] = tuple(changes[key])
    with uow:
        before = found(uow.customers.get(cmd.customer_id), ENTITY, cmd.customer_id)
        after = apply_changes(before, changes, EDITABLE)
        _check(uow, after)
        uow.customers.save(after)
        audit_trail.record(uow, actor, ENTITY, after.id, before, after)
        uow.commit()
    return after


def delete_customer(uow: UnitOfWork, actor: Principal, customer_id: int) -> None:
    ensure(actor, Permission.CUSTOMERS_MANAGE)
    with uow:
        before = found(uow.customers.get(customer_id), ENTITY, customer_id)
        uow.customers.delete(customer_id)
        audit_trail.record(uow, actor, ENTITY, customer_id, before, None)
        uow.commit()


def get_customer(uow: UnitOfWork, actor: Principal, customer_id: int) -> Customer:
    ensure(actor, Permission.CUSTOMERS_READ)
    with uow:
        return found(uow.customers.get(customer_id), ENTITY, customer_id)


def list_customers(
    uow: UnitOfWork, actor: Principal, filters: CustomerFilter, page: Page
) -> PageResult[Customer]:
    ensure(actor, Permission.CUSTOMERS_READ)
    with uow:
        return uow.customers.list(filters, page)
