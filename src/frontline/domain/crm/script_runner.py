"""Running a guided script step by step, as the agent desktop does during an interaction.

The run is the list of answered steps along the path taken; everything else (current step,
saved answers, what is still mandatory) is derived from it. `to_dict`/`from_dict` store that
list on the interaction as JSON, and `from_dict` replays it through the same checks, so a
tampered or outdated record is refused instead of trusted.

`pending_mandatory` is precise about branching: a mandatory step counts as pending when the
run is at it, or when *every* way from the current step to an end passes through it. A
compliance statement on a branch the conversation did not take is not pending.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from frontline.domain.crm.case_records import aware_utc
from frontline.domain.crm.errors import InvalidAnswer
from frontline.domain.crm.scripts import END, Script, Step, StepKind, reachable_from

AnswerValue = str | bool | None


@dataclass(frozen=True)
class AnsweredStep:
    step_id: str
    value: AnswerValue
    at: datetime


class ScriptRun:
    def __init__(self, script: Script) -> None:
        self.script = script
        self.path: list[AnsweredStep] = []

    @property
    def current_step(self) -> Step | None:
        """The step to answer now; None once the script has ended."""
        if not self.path:
            return self.script.step(self.script.start)
        last = self.path[-1]
        target = self.script.step(last.step_id).next_after(last.value)
        return None if target is END else self.script.step(target)

    @property
    def finished(self) -> bool:
        return self.current_step is None

    @property
    def answers(self) -> dict[str, AnswerValue]:
        return {a.step_id: a.value for a in self.path}

    def answer(self, step_id: str, value: AnswerValue, at: datetime) -> Step | None:
        """Answer the current step (naming it guards against double clicks and stale pages);
        returns the next step, or None when the script has ended."""
        step = self.current_step
        if step is None:
            raise InvalidAnswer("the script has already ended")
        if step_id != step.id:
            raise InvalidAnswer(f"the current step is {step.id!r}, not {step_id!r}")
        moment = aware_utc(at)
        if self.path and moment < self.path[-1].at:
            raise InvalidAnswer("answers must be given in time order")
        self.path.append(AnsweredStep(step.id, _checked(step, value), moment))
        return self.current_step

    def back(self) -> Step:
        """Undo the last answer and return to that step (later answers are discarded)."""
        if not self.path:
            raise InvalidAnswer("already at the first step")
        return self.script.step(self.path.pop().step_id)

    def pending_mandatory(self) -> tuple[str, ...]:
        """Mandatory steps still to be done on every way to the end, in script order."""
        current = self.current_step
        if current is None:
            return ()
        steps = self.script.steps
        pending = [current.id] if current.mandatory else []
        reachable = reachable_from(steps, current.id)
        for step in steps.values():
            ahead = step.mandatory and step.id != current.id and step.id in reachable
            if ahead and END not in reachable_from(steps, current.id, avoid=step.id):
                pending.append(step.id)
        order = list(steps)
        return tuple(sorted(pending, key=order.index))

    def to_dict(self) -> dict[str, Any]:
        return {
            "script": self.script.id,
            "version": self.script.version,
            "answers": [
                {"step": a.step_id, "value": a.value, "at": a.at.isoformat()} for a in self.path
            ],
        }

    @classmethod
    def from_dict(cls, script: Script, data: Mapping[str, Any]) -> ScriptRun:
        if data.get("script") != script.id or data.get("version") != script.version:
            raise InvalidAnswer(
                f"saved answers belong to script {data.get('script')!r} version "
                f"{data.get('version')!r}, not {script.id!r} version {script.version}"
            )
        run = cls(script)
        try:
            for item in data.get("answers", []):
                run.answer(
                    str(item["step"]), item.get("value"), datetime.fromisoformat(str(item["at"]))
                )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, InvalidAnswer):
                raise
            raise InvalidAnswer(f"saved answers are malformed: {exc}") from exc
        return run


def _checked(step: Step, value: AnswerValue) -> AnswerValue:
    if step.kind is StepKind.QUESTION:
        if not isinstance(value, str) or value not in {o.value for o in step.options}:
            allowed = ", ".join(o.value for o in step.options)
            raise InvalidAnswer(f"step {step.id!r} expects one of: {allowed}")
        return value
    if step.kind is StepKind.TEXT:
        if not isinstance(value, str):
            raise InvalidAnswer(f"step {step.id!r} expects text")
        text = value.strip()
        if not step.min_length <= len(text) <= step.max_length:
            raise InvalidAnswer(
                f"step {step.id!r} expects {step.min_length}-{step.max_length} characters"
            )
        if step.pattern is not None and text and not re.fullmatch(step.pattern, text):
            raise InvalidAnswer(f"step {step.id!r}: {text!r} does not have the expected form")
        return text
    if step.kind is StepKind.STATEMENT:
        if not isinstance(value, bool) or (step.mandatory and value is not True):
            raise InvalidAnswer(f"statement {step.id!r} must be confirmed as read")
        return value
    if value is not None:
        raise InvalidAnswer(f"info step {step.id!r} takes no answer")
    return None
