"""How a flow ends, what the agent sees when it hands off, and the events analytics count.

A hand-off carries the context collected on the way (intent, answers, data, the path taken) so
the agent's screen-pop shows it and the customer is never asked twice; the queue, skills and
priority may come from the intent (intent-based routing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from frontline.domain.callbacks import CallbackRequest
from frontline.domain.channels import Channel


class FlowOutcome(StrEnum):
    CONTAINED = "contained"
    """Finished in self-service (an ``end``/``hangup`` node): no agent needed."""
    QUEUED = "queued"
    """Reached a ``queue`` node the author placed."""
    ESCALATED = "escalated"
    """Sent to an agent by a rule: escape word, too many failures, retries exhausted."""
    CALLBACK = "callback"
    VOICEMAIL = "voicemail"
    ABANDONED = "abandoned"
    """The customer left before the flow finished."""

    @property
    def needs_agent(self) -> bool:
        return self in (self.QUEUED, self.ESCALATED, self.CALLBACK, self.VOICEMAIL)


@dataclass(frozen=True, slots=True)
class HandOffContext:
    """What travels with the interaction to the agent (the screen-pop)."""

    flow_id: str
    flow_version: int
    channel: Channel
    language: str
    intent: str | None
    intent_confidence: float | None
    answers: tuple[tuple[str, str], ...]
    """``(label, value)`` of every answer collected, in the order asked."""
    data: Mapping[str, object]
    path: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form for storage and the agent desktop."""
        return {
            "flow": {"id": self.flow_id, "version": self.flow_version},
            "channel": self.channel.value,
            "language": self.language,
            "intent": self.intent,
            "intent_confidence": self.intent_confidence,
            "answers": [{"label": label, "value": value} for label, value in self.answers],
            "data": dict(self.data),
            "path": list(self.path),
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class HandOff:
    queue: str
    skills: Mapping[str, int]
    priority: int
    context: HandOffContext


@dataclass(frozen=True, slots=True)
class ScheduleCallback:
    request: CallbackRequest
    context: HandOffContext


@dataclass(frozen=True, slots=True)
class TakeVoicemail:
    mailbox: str
    max_seconds: int
    context: HandOffContext


@dataclass(frozen=True, slots=True)
class EndFlow:
    """Self-service finished; close the chat or hang up after the prompts."""


Outcome = HandOff | ScheduleCallback | TakeVoicemail | EndFlow


@dataclass(frozen=True, slots=True)
class NodeEntered:
    flow_id: str
    node: str
    at: datetime


@dataclass(frozen=True, slots=True)
class NodePassed:
    """The customer got through the node (to the next node, or out through its outcome)."""

    flow_id: str
    node: str
    at: datetime


@dataclass(frozen=True, slots=True)
class NodeRetried:
    flow_id: str
    node: str
    reason: str
    at: datetime


@dataclass(frozen=True, slots=True)
class FlowFinished:
    flow_id: str
    outcome: FlowOutcome
    node: str
    """The node the flow ended on (for an abandon: where the customer dropped)."""
    path: tuple[str, ...]
    reason: str
    at: datetime


FlowEvent = NodeEntered | NodePassed | NodeRetried | FlowFinished
