"""Guided call scripts: authoring by admins and trainers, and the run of a script during an
interaction (start, answer the current step, go back), saved per interaction."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.routers.crm_deps import Crm
from frontline.entrypoints.http.routers.params import IdPath
from frontline.entrypoints.http.schemas.crm_scripts import (
    AnswerIn,
    NewScriptIn,
    QueueName,
    RunOut,
    ScriptIn,
    ScriptOut,
    StartRunIn,
)
from frontline.entrypoints.http.security import require
from frontline.service.crm import scripts

router = APIRouter(tags=["scripts"])
P = Permission
SCRIPTS = "/api/v1/scripts"
RUNS = "/api/v1/script-runs/{interaction_id}"
ScriptPath = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
RUNNERS = (P.INTERACTIONS_HANDLE, P.SCRIPTS_MANAGE)


@router.get(SCRIPTS, summary="List scripts (optionally of one queue)")
def list_scripts(
    crm: Crm,
    queue: Annotated[QueueName | None, Query()] = None,
    actor: Principal = require(*RUNNERS),
) -> list[ScriptOut]:
    return [ScriptOut.of(s) for s in scripts.list_scripts(crm.uow(), actor, queue)]


@router.post(SCRIPTS, status_code=201, summary="Author a script (422 names the faulty step)")
def create_script(
    body: NewScriptIn, crm: Crm, actor: Principal = require(P.SCRIPTS_MANAGE)
) -> ScriptOut:
    definition = {**body.definition(), "id": body.id}
    saved = scripts.save_script(crm.uow(), actor, crm.clock, definition, body.queue)
    return ScriptOut.of(saved)


@router.get(f"{SCRIPTS}/{{script_id}}", summary="A script's current version")
def get_script(script_id: ScriptPath, crm: Crm, actor: Principal = require(*RUNNERS)) -> ScriptOut:
    return ScriptOut.of(scripts.get_script(crm.uow(), actor, script_id))


@router.put(f"{SCRIPTS}/{{script_id}}", summary="Save a new version of a script")
def replace_script(
    script_id: ScriptPath, body: ScriptIn, crm: Crm, actor: Principal = require(P.SCRIPTS_MANAGE)
) -> ScriptOut:
    saved = scripts.save_script(
        crm.uow(), actor, crm.clock, body.definition(), body.queue, script_id
    )
    return ScriptOut.of(saved)


@router.delete(f"{SCRIPTS}/{{script_id}}", status_code=204, summary="Delete a script")
def delete_script(
    script_id: ScriptPath, crm: Crm, actor: Principal = require(P.SCRIPTS_MANAGE)
) -> Response:
    scripts.delete_script(crm.uow(), actor, script_id)
    return Response(status_code=204)


@router.get(RUNS, summary="The script run of an interaction")
def get_run(interaction_id: IdPath, crm: Crm, actor: Principal = require(*RUNNERS)) -> RunOut:
    return RunOut.of(scripts.get_run(crm.uow(), actor, str(interaction_id)))


@router.post(RUNS, status_code=201, summary="Start a script on an interaction")
def start_run(
    interaction_id: IdPath, body: StartRunIn, crm: Crm, actor: Principal = require(*RUNNERS)
) -> RunOut:
    state = scripts.start_run(crm.uow(), actor, crm.clock, str(interaction_id), body.script_id)
    return RunOut.of(state)


@router.post(f"{RUNS}/answer", summary="Answer the current step (422 if it does not fit)")
def answer(
    interaction_id: IdPath, body: AnswerIn, crm: Crm, actor: Principal = require(*RUNNERS)
) -> RunOut:
    state = scripts.answer_step(
        crm.uow(), actor, crm.clock, str(interaction_id), body.step, body.value
    )
    return RunOut.of(state)


@router.post(f"{RUNS}/back", summary="Undo the last answer")
def back(interaction_id: IdPath, crm: Crm, actor: Principal = require(*RUNNERS)) -> RunOut:
    return RunOut.of(scripts.step_back(crm.uow(), actor, crm.clock, str(interaction_id)))
