"""The node types of a self-service flow, as immutable values.

Defaults (retries, timeouts, fallback wording) are resolved while parsing, so the runner never
looks anything up twice and a node read back from a flow is exactly what will run. Targets are
node ids; ``None`` on an optional target means "the flow-wide behaviour" (usually: an agent).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from frontline.domain.flows.conditions import Test
from frontline.domain.flows.texts import Text


@dataclass(frozen=True, slots=True)
class InputPolicy:
    """How a node that waits for the customer copes with silence and nonsense."""

    retries: int
    """Re-prompts after a failed attempt; one more failure leaves through ``on_failure``."""
    timeout_seconds: int
    on_failure: str | None
    """Where to go when retries run out; None hands the customer to an agent."""
    no_match: Text
    no_input: Text


@dataclass(frozen=True, slots=True)
class SayNode:
    id: str
    text: Text | None
    audio: str | None
    next: str


@dataclass(frozen=True, slots=True)
class MenuOption:
    key: str
    """The DTMF key on voice and the button value on chat."""
    label: Text
    say: Text | None
    """What a voice reads for this option; None reads the flow's "Press {key} for {label}"."""
    synonyms: tuple[str, ...]
    next: str


@dataclass(frozen=True, slots=True)
class MenuNode:
    id: str
    text: Text
    options: tuple[MenuOption, ...]
    input: InputPolicy


class CollectKind(StrEnum):
    DIGITS = "digits"
    ACCOUNT_NUMBER = "account_number"
    DATE = "date"
    YES_NO = "yes_no"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class CollectNode:
    id: str
    text: Text
    kind: CollectKind
    into: str
    label: str
    """How the answer is titled in the agent's screen-pop."""
    min_length: int
    max_length: int
    luhn: bool
    pattern: str | None
    date_order: str
    """``dmy``, ``mdy`` or ``ymd``: how eight keyed digits or a typed date are read."""
    next: str
    input: InputPolicy


@dataclass(frozen=True, slots=True)
class Branch:
    test: Test
    next: str


@dataclass(frozen=True, slots=True)
class ConditionNode:
    id: str
    branches: tuple[Branch, ...]
    otherwise: str


class LookupSource(StrEnum):
    CUSTOMER = "customer"
    HTTP = "http"


@dataclass(frozen=True, slots=True)
class LookupNode:
    id: str
    source: LookupSource
    backend: str
    """A backend configured by the operator; flows never carry URLs (no request forgery)."""
    operation: str
    params: tuple[tuple[str, str], ...]
    into: str
    timeout_seconds: float
    next: str
    on_failure: str
    on_not_found: str


@dataclass(frozen=True, slots=True)
class IntentNode:
    id: str
    text: Text
    into: str
    routes: tuple[tuple[str, str], ...]
    next: str
    input: InputPolicy


@dataclass(frozen=True, slots=True)
class AnswerNode:
    id: str
    article: str
    """The article key, a template such as ``{intent}``."""
    next: str
    on_missing: str | None


@dataclass(frozen=True, slots=True)
class SetNode:
    id: str
    values: tuple[tuple[str, object], ...]
    priority: int | None
    language: str | None
    skills: tuple[tuple[str, int], ...]
    next: str


@dataclass(frozen=True, slots=True)
class QueueNode:
    id: str
    queue: str
    route_by_intent: bool
    skills: tuple[tuple[str, int], ...]
    priority: int | None
    text: Text | None


@dataclass(frozen=True, slots=True)
class CallbackNode:
    id: str
    queue: str
    threshold_seconds: int
    text: Text
    """The offer; ``{wait_minutes}`` is the expected wait."""
    allow_scheduled: bool
    schedule: str | None
    """Business hours a chosen time must fall in (a schedule name from the context)."""
    time_text: Text
    confirm_text: Text
    number: str
    next: str
    """Where a caller who prefers to wait (or gets no offer) goes: usually the queue node."""
    input: InputPolicy


@dataclass(frozen=True, slots=True)
class VoicemailNode:
    id: str
    text: Text | None
    mailbox: str
    max_seconds: int


@dataclass(frozen=True, slots=True)
class EndNode:
    """``end`` and ``hangup``: the flow is done without an agent (the call or chat closes)."""

    id: str
    text: Text | None


Node = (
    SayNode
    | MenuNode
    | CollectNode
    | ConditionNode
    | LookupNode
    | IntentNode
    | AnswerNode
    | SetNode
    | QueueNode
    | CallbackNode
    | VoicemailNode
    | EndNode
)

INPUT_NODES = (MenuNode, CollectNode, IntentNode, CallbackNode)
"""Nodes that wait for the customer; a loop must pass through one of them."""
TERMINAL_NODES = (QueueNode, VoicemailNode, EndNode)


def targets(node: Node) -> list[tuple[str, str]]:
    """Every ``(field, target id)`` the node can move to, for validation and graph checks."""
    match node:
        case MenuNode():
            found = [(f"options[{o.key}].next", o.next) for o in node.options]
            return found + _failure(node.input)
        case CollectNode() | IntentNode() | CallbackNode():
            found = [("next", node.next), *_failure(node.input)]
            if isinstance(node, IntentNode):
                found += [(f"routes.{intent}", target) for intent, target in node.routes]
            return found
        case ConditionNode():
            found = [(f"branches[{i}].next", b.next) for i, b in enumerate(node.branches)]
            return [*found, ("else", node.otherwise)]
        case LookupNode():
            return [
                ("next", node.next),
                ("on_failure", node.on_failure),
                ("on_not_found", node.on_not_found),
            ]
        case AnswerNode():
            missing = [("on_missing", node.on_missing)] if node.on_missing else []
            return [("next", node.next), *missing]
        case SayNode() | SetNode():
            return [("next", node.next)]
        case _:
            return []


def _failure(policy: InputPolicy) -> list[tuple[str, str]]:
    return [("on_failure", policy.on_failure)] if policy.on_failure else []
