"""Customer records: readable by roles that deal with customers, not by WFM or trainers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.context import Context
from frontline.entrypoints.http.routers.params import IdPath, PageParams
from frontline.entrypoints.http.schemas.common import Email, PageOut, Phone, SearchText
from frontline.entrypoints.http.schemas.customers import (
    CustomerIn,
    CustomerOut,
    CustomerPatch,
    ExternalId,
)
from frontline.entrypoints.http.security import require
from frontline.service import customers
from frontline.service.crm.customer_reads import record_customer_read
from frontline.service.ports import CustomerFilter

router = APIRouter(prefix="/api/v1/customers", tags=["customers"])
P = Permission


@router.get("", summary="Find customers")
def list_customers(
    context: Context,
    page: PageParams,
    name: Annotated[SearchText | None, Query(description="part of the name")] = None,
    email: Annotated[Email | None, Query()] = None,
    phone: Annotated[Phone | None, Query(description="any international form")] = None,
    external_id: Annotated[ExternalId | None, Query()] = None,
    actor: Principal = require(P.CUSTOMERS_READ),
) -> PageOut[CustomerOut]:
    filters = CustomerFilter(name_contains=name, email=email, phone=phone, external_id=external_id)
    result = customers.list_customers(context.uow_factory(), actor, filters, page)
    return PageOut[CustomerOut].of(result.map(CustomerOut.of))


@router.post("", status_code=201, summary="Create a customer")
def create_customer(
    body: CustomerIn, context: Context, actor: Principal = require(P.CUSTOMERS_MANAGE)
) -> CustomerOut:
    cmd = customers.CreateCustomer(
        name=body.name,
        emails=body.emails,
        phones=body.phones,
        external_id=body.external_id,
        attributes=body.attributes,
    )
    return CustomerOut.of(customers.create_customer(context.uow_factory(), actor, cmd))


@router.get("/{customer_id}", summary="Get a customer")
def get_customer(
    customer_id: IdPath, context: Context, actor: Principal = require(P.CUSTOMERS_READ)
) -> CustomerOut:
    customer = customers.get_customer(context.uow_factory(), actor, customer_id)
    if context.crm is not None:  # reads by someone owning none of its cases are audited
        record_customer_read(context.crm.uow(), actor, context.crm.clock, customer_id)
    return CustomerOut.of(customer)


@router.patch("/{customer_id}", summary="Change a customer")
def update_customer(
    customer_id: IdPath,
    body: CustomerPatch,
    context: Context,
    actor: Principal = require(P.CUSTOMERS_MANAGE),
) -> CustomerOut:
    cmd = customers.UpdateCustomer(customer_id, body.changes())
    return CustomerOut.of(customers.update_customer(context.uow_factory(), actor, cmd))


@router.delete("/{customer_id}", status_code=204, summary="Delete a customer")
def delete_customer(
    customer_id: IdPath, context: Context, actor: Principal = require(P.CUSTOMERS_MANAGE)
) -> Response:
    customers.delete_customer(context.uow_factory(), actor, customer_id)
    return Response(status_code=204)
