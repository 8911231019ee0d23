"""SLA configuration: policies by priority and category, queue calendars with holidays,
automatic escalation rules, and running the evaluator on demand."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.routers.crm_deps import Crm
from frontline.entrypoints.http.routers.params import IdPath
from frontline.entrypoints.http.schemas.crm_sla import CalendarIn, PolicyIn, PolicyOut, RuleIn
from frontline.entrypoints.http.security import require
from frontline.service.access import ensure
from frontline.service.crm import sla_config
from frontline.service.crm.sla_evaluator import evaluate_slas

router = APIRouter(prefix="/api/v1/sla", tags=["sla"])
P = Permission
QueuePath = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
RulePath = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
READERS = (P.SLA_MANAGE, P.CASES_READ, P.CASES_WORK)


@router.get("/policies", summary="SLA policies")
def list_policies(crm: Crm, actor: Principal = require(*READERS)) -> list[PolicyOut]:
    return [PolicyOut.of(p) for p in sla_config.list_policies(crm.uow(), actor)]


@router.post("/policies", status_code=201, summary="Add a policy for a priority and category")
def create_policy(body: PolicyIn, crm: Crm, actor: Principal = require(P.SLA_MANAGE)) -> PolicyOut:
    return PolicyOut.of(sla_config.save_policy(crm.uow(), actor, body.spec()))


@router.put("/policies/{policy_id}", summary="Replace a policy")
def replace_policy(
    policy_id: IdPath, body: PolicyIn, crm: Crm, actor: Principal = require(P.SLA_MANAGE)
) -> PolicyOut:
    return PolicyOut.of(sla_config.save_policy(crm.uow(), actor, body.spec(), policy_id))


@router.delete("/policies/{policy_id}", status_code=204, summary="Delete a policy")
def delete_policy(
    policy_id: IdPath, crm: Crm, actor: Principal = require(P.SLA_MANAGE)
) -> Response:
    sla_config.delete_policy(crm.uow(), actor, policy_id)
    return Response(status_code=204)


@router.get("/calendars/{queue}", summary="The business calendar of a queue's SLA clocks")
def get_calendar(queue: QueuePath, crm: Crm, actor: Principal = require(*READERS)) -> Any:
    return sla_config.get_calendar(crm.uow(), actor, queue)


@router.put("/calendars/{queue}", summary="Set a queue's SLA calendar (hours, holidays)")
def put_calendar(
    queue: QueuePath, body: CalendarIn, crm: Crm, actor: Principal = require(P.SLA_MANAGE)
) -> Any:
    return sla_config.save_calendar(crm.uow(), actor, queue, body.model_dump(exclude_none=True))


@router.get("/escalation-rules", summary="Automatic escalation rules")
def list_rules(crm: Crm, actor: Principal = require(P.SLA_MANAGE, P.CASES_READ)) -> Any:
    return [sla_config.rule_spec(r) for r in sla_config.list_rules(crm.uow(), actor)]


@router.put("/escalation-rules/{rule_id}", summary="Create or replace an escalation rule")
def put_rule(
    rule_id: RulePath, body: RuleIn, crm: Crm, actor: Principal = require(P.SLA_MANAGE)
) -> Any:
    spec = {**body.model_dump(), "id": rule_id}
    return sla_config.rule_spec(sla_config.save_rule(crm.uow(), actor, spec))


@router.delete("/escalation-rules/{rule_id}", status_code=204, summary="Delete a rule")
def delete_rule(rule_id: RulePath, crm: Crm, actor: Principal = require(P.SLA_MANAGE)) -> Response:
    sla_config.delete_rule(crm.uow(), actor, rule_id)
    return Response(status_code=204)


@router.post("/evaluate", summary="Run the SLA evaluator now (it also runs on a timer)")
def evaluate(crm: Crm, actor: Principal = require(P.SLA_MANAGE)) -> Any:
    ensure(actor, P.SLA_MANAGE)
    summary = evaluate_slas(crm.uow, crm.clock.now())
    return vars(summary)
