"""The state of one customer's run through a flow, and its plain snapshot for storage.

Voice webhooks arrive as separate HTTP requests, possibly on different app nodes, so between two
steps the state lives in storage: `FlowState.snapshot` gives a JSON-ready dict and
`FlowState.restore` rebuilds the state against the same flow version. The opening schedules are
objects of the caller and are passed again on restore rather than stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from frontline.domain.callbacks import OpeningSchedule
from frontline.domain.channels import Channel
from frontline.domain.flows.errors import FlowRuntimeError
from frontline.domain.flows.flow import Flow
from frontline.domain.flows.outcomes import FlowOutcome


class Waiting(StrEnum):
    """What the runner waits for at the current node."""

    INPUT = "input"
    CLARIFY = "clarify"
    CALLBACK_CHOICE = "callback_choice"
    CALLBACK_TIME = "callback_time"
    LOOKUP = "lookup"
    INTENT = "intent"
    ARTICLE = "article"
    WAIT_ESTIMATE = "wait_estimate"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class FlowContext:
    """What the channel knows when the flow starts: the caller, the customer, the hours."""

    caller: str | None = None
    customer: Mapping[str, object] = field(default_factory=dict)
    schedules: Mapping[str, OpeningSchedule] = field(default_factory=dict)
    language: str | None = None


@dataclass(frozen=True, slots=True)
class FlowState:
    flow: Flow
    channel: Channel
    node: str
    waiting: Waiting
    started_at: datetime
    caller: str | None
    customer: Mapping[str, object]
    schedules: Mapping[str, OpeningSchedule]
    data: Mapping[str, object]
    language: str
    priority: int = 0
    skills: Mapping[str, int] = field(default_factory=dict)
    failures: int = 0
    attempts: int = 0
    path: tuple[str, ...] = ()
    answers: tuple[tuple[str, str], ...] = ()
    candidates: tuple[str, ...] = ()
    """The two intents a clarifying question offers."""
    wait_seconds: float | None = None
    """The expected wait a callback offer was made for."""
    outcome: FlowOutcome | None = None

    @property
    def finished(self) -> bool:
        return self.waiting is Waiting.DONE

    def scope(self, **extra: object) -> dict[str, object]:
        """The values templates and conditions can refer to."""
        return {
            "data": self.data,
            "customer": self.customer,
            "intent": self.data.get("intent"),
            "channel": self.channel.value,
            "language": self.language,
            "caller": self.caller,
            "priority": self.priority,
            **extra,
        }

    def with_data(self, **values: object) -> FlowState:
        return replace(self, data={**self.data, **values})

    def snapshot(self) -> dict[str, Any]:
        """A JSON-ready dict of everything but the flow itself and the schedules."""
        return {
            "flow_id": self.flow.id,
            "flow_version": self.flow.version,
            "channel": self.channel.value,
            "node": self.node,
            "waiting": self.waiting.value,
            "started_at": self.started_at.isoformat(),
            "caller": self.caller,
            "customer": dict(self.customer),
            "data": dict(self.data),
            "language": self.language,
            "priority": self.priority,
            "skills": dict(self.skills),
            "failures": self.failures,
            "attempts": self.attempts,
            "path": list(self.path),
            "answers": [list(pair) for pair in self.answers],
            "candidates": list(self.candidates),
            "wait_seconds": self.wait_seconds,
            "outcome": self.outcome.value if self.outcome else None,
        }

    @classmethod
    def restore(
        cls,
        flow: Flow,
        snapshot: Mapping[str, Any],
        schedules: Mapping[str, OpeningSchedule] | None = None,
    ) -> FlowState:
        """Rebuild a state from `snapshot`; the flow must be the very version it ran on."""
        if (snapshot["flow_id"], snapshot["flow_version"]) != (flow.id, flow.version):
            raise FlowRuntimeError(
                f"snapshot is of flow {snapshot['flow_id']} v{snapshot['flow_version']}, "
                f"not {flow.id} v{flow.version}"
            )
        if snapshot["node"] not in flow.nodes:
            raise FlowRuntimeError(f"snapshot points at unknown node {snapshot['node']!r}")
        outcome = snapshot.get("outcome")
        return cls(
            flow=flow,
            channel=Channel(snapshot["channel"]),
            node=snapshot["node"],
            waiting=Waiting(snapshot["waiting"]),
            started_at=datetime.fromisoformat(snapshot["started_at"]),
            caller=snapshot.get("caller"),
            customer=dict(snapshot.get("customer", {})),
            schedules=dict(schedules or {}),
            data=dict(snapshot.get("data", {})),
            language=snapshot["language"],
            priority=int(snapshot.get("priority", 0)),
            skills={str(k): int(v) for k, v in snapshot.get("skills", {}).items()},
            failures=int(snapshot.get("failures", 0)),
            attempts=int(snapshot.get("attempts", 0)),
            path=tuple(snapshot.get("path", ())),
            answers=tuple((str(a), str(b)) for a, b in snapshot.get("answers", ())),
            candidates=tuple(snapshot.get("candidates", ())),
            wait_seconds=snapshot.get("wait_seconds"),
            outcome=FlowOutcome(outcome) if outcome else None,
        )
