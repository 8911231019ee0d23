"""Bodies and answers of the guided-script endpoints."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from frontline.entrypoints.http.schemas.common import InputModel
from frontline.service.crm.ports import StoredScript
from frontline.service.crm.scripts import RunState

ScriptId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
QueueName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]


class ScriptIn(InputModel):
    """``steps`` as in the script format: id, kind, prompt, next, options, mandatory…"""

    title: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    start: ScriptId | None = None
    steps: Annotated[list[dict[str, Any]], Field(min_length=1, max_length=500)]
    queue: QueueName | None = None

    def definition(self) -> dict[str, Any]:
        data: dict[str, Any] = {"title": self.title, "steps": self.steps}
        if self.start is not None:
            data["start"] = self.start
        return data


class NewScriptIn(ScriptIn):
    id: ScriptId


class ScriptOut(BaseModel):
    id: str
    title: str
    queue: str | None
    version: int
    start: str
    steps: list[dict[str, Any]]
    updated_at: datetime

    @classmethod
    def of(cls, script: StoredScript) -> ScriptOut:
        return cls(
            id=script.id,
            title=script.title,
            queue=script.queue,
            version=script.version,
            start=script.definition["start"],
            steps=script.definition["steps"],
            updated_at=script.updated_at,
        )


class StartRunIn(InputModel):
    script_id: ScriptId


class AnswerIn(InputModel):
    step: ScriptId
    value: Annotated[str, StringConstraints(max_length=2000)] | bool | None = None


class RunOut(BaseModel):
    interaction_id: str
    script_id: str
    version: int
    current_step: dict[str, Any] | None
    finished: bool
    answers: dict[str, Any]
    pending_mandatory: list[str]

    @classmethod
    def of(cls, state: RunState) -> RunOut:
        step = state.run.current_step
        current = None
        if step is not None:
            current = next(s for s in state.run.script.to_dict()["steps"] if s["id"] == step.id)
        return cls(
            interaction_id=state.stored.interaction_id,
            script_id=state.run.script.id,
            version=state.run.script.version,
            current_step=current,
            finished=state.run.finished,
            answers=state.run.answers,
            pending_mandatory=list(state.run.pending_mandatory()),
        )
