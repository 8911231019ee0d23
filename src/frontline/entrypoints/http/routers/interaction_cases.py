"""Opening a case from the interaction an agent is handling (chat, email, call)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import StringConstraints

from frontline.domain.crm.case_status import Priority
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.routers.crm_deps import Crm
from frontline.entrypoints.http.routers.params import IdPath
from frontline.entrypoints.http.schemas.common import InputModel
from frontline.entrypoints.http.schemas.crm_cases import detail_json
from frontline.entrypoints.http.security import require
from frontline.service.crm import case_views
from frontline.service.crm.interaction_cases import open_case_for_interaction

router = APIRouter(tags=["cases"])


class InteractionCaseIn(InputModel):
    subject: Annotated[str, StringConstraints(max_length=200, strip_whitespace=True)] = ""
    category: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{0,64}$")] = ""
    priority: Priority = Priority.NORMAL


@router.post(
    "/api/v1/interactions/{interaction_id}/case",
    status_code=201,
    summary="Open a case for this interaction (the open case it already has is returned)",
)
def open_case(
    interaction_id: IdPath,
    body: InteractionCaseIn,
    crm: Crm,
    actor: Principal = require(Permission.CASES_WORK),
) -> Any:
    case = open_case_for_interaction(
        crm, actor, interaction_id, body.subject, category=body.category, priority=body.priority
    )
    detail = case_views.describe(crm, case)
    return detail_json(detail)
