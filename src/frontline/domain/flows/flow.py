"""A whole flow: its nodes, where it starts, and the promises that hold on every node.

The flow-wide settings carry the rules customers rely on whatever the author wrote: the escape
words and key that always reach a human, the maximum number of failures before an agent takes
over, and the queue both of those lead to. Intent routes map a bot intent to the queue, skills
and priority an agent needs for it (intent-based routing).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from frontline.domain.flows.conditions import schedule_names
from frontline.domain.flows.nodes import CallbackNode, ConditionNode, Node
from frontline.domain.flows.texts import Text


@dataclass(frozen=True, slots=True)
class EscapePolicy:
    """Words (any language) and a key that reach an agent from any node waiting for input."""

    words: tuple[str, ...] = ("agent", "human", "operator", "representative")
    digit: str | None = "0"


@dataclass(frozen=True, slots=True)
class IntentRoute:
    """What an intent asks of the hand-off: a human label, and the queue/skills/priority."""

    label: Text | None = None
    queue: str | None = None
    skills: tuple[tuple[str, int], ...] = ()
    priority: int | None = None


_NO_MATCH = Text.plain("Sorry, I didn't get that.")
_NO_INPUT = Text.plain("Sorry, I didn't catch anything.")
_TRANSFER = Text.plain("Please hold while I connect you to an agent.")
_PRESS = Text.plain("Press {key} for {label}.")
_CLARIFY = Text.plain("Did you mean {first} or {second}?")
_YES_NO_VOICE = Text.plain("Press 1 for yes or 2 for no.")
_CALLBACK_KEEP = Text.plain("keep your place and get a call back")
_CALLBACK_CHOOSE = Text.plain("choose a time for us to call you")
_CALLBACK_WAIT = Text.plain("keep waiting")
_CALLBACK_CLOSED = Text.plain("Sorry, we can only call you back during opening hours.")


@dataclass(frozen=True, slots=True)
class Messages:
    """Fallback wording, overridable per flow (and per node for no-match / no-input)."""

    no_match: Text = _NO_MATCH
    no_input: Text = _NO_INPUT
    transfer: Text = _TRANSFER
    press: Text = _PRESS
    clarify: Text = _CLARIFY
    yes_no_voice: Text = _YES_NO_VOICE
    callback_keep: Text = _CALLBACK_KEEP
    callback_choose: Text = _CALLBACK_CHOOSE
    callback_wait: Text = _CALLBACK_WAIT
    callback_closed: Text = _CALLBACK_CLOSED


@dataclass(frozen=True, slots=True)
class Flow:
    id: str
    version: int
    name: str
    start: str
    language: str
    """Default language tag (``en-US``): texts missing the caller's language fall back to it."""
    timezone: str
    """IANA zone in which ``time_between`` and ``weekday`` tests read the clock."""
    agent_queue: str
    max_failures: int
    escape: EscapePolicy
    messages: Messages
    intents: Mapping[str, IntentRoute] = field(default_factory=dict)
    nodes: Mapping[str, Node] = field(default_factory=dict)

    def schedule_names(self) -> frozenset[str]:
        """Opening schedules the caller must pass in the context to run this flow."""
        names: set[str] = set()
        for node in self.nodes.values():
            if isinstance(node, ConditionNode):
                for branch in node.branches:
                    names |= schedule_names(branch.test)
            elif isinstance(node, CallbackNode) and node.schedule:
                names.add(node.schedule)
        return frozenset(names)
