"""Guided call scripts as data: steps, branching, and the checks run when a script is saved.

Admins and trainers author scripts as plain dicts (JSON); `Script.from_dict` refuses a script
that an agent could get stuck in, naming the step at fault: a ``next`` that points nowhere, a
step no path reaches, a loop with no way out, or no way to finish at all.

Steps:
* ``question`` – pick one of ``options``; each option may branch with its own ``next``.
* ``text`` – free text, checked against ``min_length``/``max_length`` and an optional regex.
* ``statement`` – text the agent must read out and confirm (compliance when ``mandatory``).
* ``info`` – guidance for the agent, acknowledged to move on.
A transition to no step (``next`` absent) ends the script. ``mandatory`` marks steps that must
be completed before a case linked to the interaction can be resolved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from frontline.domain.crm.errors import InvalidScript

MAX_STEPS = 500
_STEP_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
END = None  # the target of a transition that finishes the script


class StepKind(StrEnum):
    QUESTION = "question"
    TEXT = "text"
    STATEMENT = "statement"
    INFO = "info"


@dataclass(frozen=True)
class AnswerOption:
    value: str
    label: str
    next: str | None = None  # None: the step's default ``next``


@dataclass(frozen=True)
class Step:
    id: str
    kind: StepKind
    prompt: str
    next: str | None = None
    options: tuple[AnswerOption, ...] = ()
    mandatory: bool = False
    pattern: str | None = None
    min_length: int = 0
    max_length: int = 2000

    def targets(self) -> set[str | None]:
        """Where this step can lead; ``None`` is the end of the script."""
        if self.kind is StepKind.QUESTION:
            return {option.next or self.next for option in self.options}
        return {self.next}

    def next_after(self, value: object) -> str | None:
        if self.kind is StepKind.QUESTION:
            option = next(o for o in self.options if o.value == value)
            return option.next or self.next
        return self.next


@dataclass(frozen=True)
class Script:
    id: str
    version: int
    title: str
    start: str
    steps: Mapping[str, Step]

    def __post_init__(self) -> None:
        validate(self)

    def step(self, step_id: str) -> Step:
        return self.steps[step_id]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Script:
        try:
            steps = [_step_from_dict(raw) for raw in data["steps"]]
            ids = [s.id for s in steps]
            duplicate = next((i for i in ids if ids.count(i) > 1), None)
            if duplicate is not None:
                raise InvalidScript(f"step id {duplicate!r} is used twice", duplicate)
            return cls(
                id=str(data["id"]),
                version=int(data.get("version", 1)),
                title=str(data.get("title", data["id"])),
                start=str(data.get("start", ids[0] if ids else "")),
                steps={s.id: s for s in steps},
            )
        except KeyError as exc:
            raise InvalidScript(f"script is missing {exc.args[0]!r}") from exc
        except (TypeError, ValueError) as exc:
            if isinstance(exc, InvalidScript):
                raise
            raise InvalidScript(f"script is malformed: {exc}") from exc

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "title": self.title,
            "start": self.start,
            "steps": [_step_to_dict(s) for s in self.steps.values()],
        }


def validate(script: Script) -> None:
    """Raise `InvalidScript` (naming the step) unless every step can be run to an end."""
    steps = script.steps
    if not steps:
        raise InvalidScript("a script needs at least one step")
    if len(steps) > MAX_STEPS:
        raise InvalidScript(f"a script has at most {MAX_STEPS} steps")
    for step in steps.values():
        _check_step(step)
        for target in step.targets():
            if target is not None and target not in steps:
                raise InvalidScript(f"step {step.id!r} leads to unknown step {target!r}", step.id)
    if script.start not in steps:
        raise InvalidScript(f"start step {script.start!r} does not exist", script.start)
    if not any(END in s.targets() for s in steps.values()):
        raise InvalidScript("the script has no end step (every step leads to another)")
    reachable = reachable_from(steps, script.start)
    for step_id in steps:
        if step_id not in reachable:
            raise InvalidScript(f"step {step_id!r} cannot be reached from the start", step_id)
    finishing = _can_finish(steps)
    for step_id in steps:
        if step_id not in finishing:
            raise InvalidScript(
                f"step {step_id!r} cannot reach an end step (a loop without exit)", step_id
            )


def reachable_from(
    steps: Mapping[str, Step], start: str, avoid: str | None = None
) -> set[str | None]:
    """Step ids (and ``None`` for the end) reachable from ``start`` without passing ``avoid``."""
    seen: set[str | None] = {start}
    todo = [start]
    while todo:
        for target in steps[todo.pop()].targets():
            if target not in seen and target != avoid:
                seen.add(target)
                if target is not None:
                    todo.append(target)
    return seen


def _can_finish(steps: Mapping[str, Step]) -> set[str]:
    """Steps from which some path reaches the end (reverse search from the end)."""
    leads_to: dict[str | None, list[str]] = {}
    for step in steps.values():
        for target in step.targets():
            leads_to.setdefault(target, []).append(step.id)
    done: set[str] = set()
    todo = list(leads_to.get(END, []))
    while todo:
        step_id = todo.pop()
        if step_id not in done:
            done.add(step_id)
            todo.extend(leads_to.get(step_id, []))
    return done


def _check_step(step: Step) -> None:
    if not _STEP_ID.fullmatch(step.id):
        raise InvalidScript(
            f"step id {step.id!r} must be 1-64 letters, digits, '_', '.', '-'", step.id
        )
    if not step.prompt.strip():
        raise InvalidScript(f"step {step.id!r} has no prompt", step.id)
    if step.kind is StepKind.QUESTION:
        values = [o.value for o in step.options]
        if not values:
            raise InvalidScript(f"question {step.id!r} has no answer options", step.id)
        if len(set(values)) != len(values) or not all(v.strip() for v in values):
            raise InvalidScript(f"question {step.id!r} has empty or repeated options", step.id)
    elif step.options:
        raise InvalidScript(f"only questions have options; {step.id!r} is {step.kind}", step.id)
    if step.kind is StepKind.TEXT:
        if not 0 <= step.min_length <= step.max_length:
            raise InvalidScript(f"step {step.id!r}: min_length exceeds max_length", step.id)
        if step.pattern is not None:
            try:
                re.compile(step.pattern)
            except re.error as exc:
                raise InvalidScript(f"step {step.id!r}: bad pattern: {exc}", step.id) from exc


def _step_from_dict(raw: Mapping[str, Any]) -> Step:
    options: Iterable[Mapping[str, Any]] = raw.get("options", ())
    return Step(
        id=str(raw["id"]),
        kind=StepKind(raw["kind"]),
        prompt=str(raw["prompt"]),
        next=raw.get("next"),
        options=tuple(
            AnswerOption(str(o["value"]), str(o.get("label", o["value"])), o.get("next"))
            for o in options
        ),
        mandatory=bool(raw.get("mandatory", False)),
        pattern=raw.get("pattern"),
        min_length=int(raw.get("min_length", 0)),
        max_length=int(raw.get("max_length", 2000)),
    )


def _step_to_dict(step: Step) -> dict[str, Any]:
    data: dict[str, Any] = {"id": step.id, "kind": step.kind.value, "prompt": step.prompt}
    if step.next is not None:
        data["next"] = step.next
    if step.options:
        data["options"] = [
            {"value": o.value, "label": o.label, **({"next": o.next} if o.next else {})}
            for o in step.options
        ]
    if step.mandatory:
        data["mandatory"] = True
    if step.kind is StepKind.TEXT:
        data.update(pattern=step.pattern, min_length=step.min_length, max_length=step.max_length)
    return data
