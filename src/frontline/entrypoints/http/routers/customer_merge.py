"""Merging duplicate customer records (the absorbed record's history follows)."""

from __future__ import annotations

from fastapi import APIRouter

from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.routers.crm_deps import Crm
from frontline.entrypoints.http.routers.params import IdPath
from frontline.entrypoints.http.schemas.common import Id, InputModel
from frontline.entrypoints.http.schemas.customers import CustomerOut
from frontline.entrypoints.http.security import require
from frontline.service.crm.customer_merging import merge_customers

router = APIRouter(tags=["customers"])


class MergeIn(InputModel):
    into: Id


class MergeOut(CustomerOut):
    merged_from: int
    moved: dict[str, int]


@router.post(
    "/api/v1/customers/{customer_id}/merge",
    summary="Merge this customer into another (422 into itself; 409 two external ids)",
)
def merge(
    customer_id: IdPath,
    body: MergeIn,
    crm: Crm,
    actor: Principal = require(Permission.CUSTOMERS_MANAGE),
) -> MergeOut:
    result = merge_customers(crm, actor, customer_id, body.into)
    survivor = CustomerOut.of(result.survivor)
    return MergeOut(**survivor.model_dump(), merged_from=result.absorbed_id, moved=result.moved)
