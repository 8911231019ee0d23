"""Guided call scripts: authoring (admins and trainers) and running them per interaction.

A script is saved as data and validated by `domain.crm.scripts.Script` (errors name the
step). Every save is a new version; a run remembers the version it started on and is replayed
against that version, so editing a script never corrupts a conversation in progress. The
pending mandatory steps are stored with the run, so resolving a case and (in live operation)
closing an interaction can refuse while any are open: `mandatory_steps_pending`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from frontline.domain.crm.script_runner import AnswerValue, ScriptRun
from frontline.domain.crm.scripts import Script
from frontline.domain.org.errors import Conflict, InvalidValue, NotFound
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.service.access import ensure
from frontline.service.crm.clock import actor_label
from frontline.service.crm.ports import Clock, CrmUnitOfWork, StoredRun, StoredScript

RUN_PERMISSIONS = (Permission.INTERACTIONS_HANDLE, Permission.SCRIPTS_MANAGE)


def save_script(
    uow: CrmUnitOfWork,
    actor: Principal,
    clock: Clock,
    definition: Mapping[str, Any],
    queue: str | None,
    script_id: str | None = None,
) -> StoredScript:
    """Create (``script_id`` None, id from the definition) or replace a script."""
    ensure(actor, Permission.SCRIPTS_MANAGE)
    wanted_id = script_id or str(definition.get("id", ""))
    with uow:
        current = uow.scripts.get(wanted_id) if wanted_id else None
        if script_id is None and current is not None:
            raise Conflict(f"script {wanted_id!r} already exists")
        if script_id is not None and current is None:
            raise NotFound(f"script {script_id!r} not found")
        if queue is not None and uow.queues.get_by_name(queue) is None:
            raise InvalidValue(f"queue {queue!r} does not exist")
        version = 1 if current is None else current.version + 1
        script = Script.from_dict({**definition, "id": wanted_id, "version": version})
        stored = StoredScript(
            script.id, script.title, queue, version, script.to_dict(), clock.now()
        )
        uow.scripts.save(stored)
        uow.commit()
    return stored


def get_script(uow: CrmUnitOfWork, actor: Principal, script_id: str) -> StoredScript:
    ensure(actor, *RUN_PERMISSIONS)
    with uow:
        return _script(uow, script_id)


def list_scripts(uow: CrmUnitOfWork, actor: Principal, queue: str | None) -> list[StoredScript]:
    ensure(actor, *RUN_PERMISSIONS)
    with uow:
        return uow.scripts.list(queue)


def delete_script(uow: CrmUnitOfWork, actor: Principal, script_id: str) -> None:
    ensure(actor, Permission.SCRIPTS_MANAGE)
    with uow:
        if not uow.scripts.delete(script_id):
            raise NotFound(f"script {script_id!r} not found")
        uow.commit()


@dataclass(frozen=True)
class RunState:
    stored: StoredRun
    run: ScriptRun


def _script(uow: CrmUnitOfWork, script_id: str, version: int | None = None) -> StoredScript:
    found = (
        uow.scripts.get(script_id)
        if version is None
        else uow.scripts.get_version(script_id, version)
    )
    if found is None:
        raise NotFound(f"script {script_id!r} not found")
    return found


def _load(uow: CrmUnitOfWork, interaction_id: str) -> RunState:
    stored = uow.scripts.run(interaction_id)
    if stored is None:
        raise NotFound(f"no script run for interaction {interaction_id}")
    script = Script.from_dict(_script(uow, stored.script_id, stored.version).definition)
    return RunState(stored, ScriptRun.from_dict(script, stored.run))


def _store(uow: CrmUnitOfWork, state: RunState, clock: Clock) -> RunState:
    stored = StoredRun(
        state.stored.interaction_id,
        state.run.script.id,
        state.run.script.version,
        state.run.to_dict(),
        state.run.pending_mandatory(),
        state.stored.started_at,
        state.stored.started_by,
        clock.now(),
    )
    uow.scripts.save_run(stored)
    return RunState(stored, state.run)


def start_run(
    uow: CrmUnitOfWork, actor: Principal, clock: Clock, interaction_id: str, script_id: str
) -> RunState:
    """Start (or restart from the first step) the script on an interaction."""
    ensure(actor, *RUN_PERMISSIONS)
    now = clock.now()
    with uow:
        stored_script = _script(uow, script_id)
        run = ScriptRun(Script.from_dict(stored_script.definition))
        placeholder = StoredRun(
            interaction_id, script_id, stored_script.version, {}, (), now, actor_label(actor), now
        )
        state = _store(uow, RunState(placeholder, run), clock)
        uow.commit()
    return state


def answer_step(
    uow: CrmUnitOfWork,
    actor: Principal,
    clock: Clock,
    interaction_id: str,
    step_id: str,
    value: AnswerValue,
) -> RunState:
    ensure(actor, *RUN_PERMISSIONS)
    with uow:
        state = _load(uow, interaction_id)
        state.run.answer(step_id, value, clock.now())
        state = _store(uow, state, clock)
        uow.commit()
    return state


def step_back(uow: CrmUnitOfWork, actor: Principal, clock: Clock, interaction_id: str) -> RunState:
    ensure(actor, *RUN_PERMISSIONS)
    with uow:
        state = _load(uow, interaction_id)
        state.run.back()
        state = _store(uow, state, clock)
        uow.commit()
    return state


def get_run(uow: CrmUnitOfWork, actor: Principal, interaction_id: str) -> RunState:
    ensure(actor, *RUN_PERMISSIONS)
    with uow:
        return _load(uow, interaction_id)


def mandatory_steps_pending(uow: CrmUnitOfWork, interaction_id: str) -> tuple[str, ...]:
    """For live operation's wrap-up: the mandatory steps still open on this interaction."""
    with uow:
        return uow.scripts.pending_for([interaction_id]).get(interaction_id, ())
