"""Agent states and the explicit transition table of the agent state machine.

The engine keeps two things per agent: the *presence* the agent asked for (offline, available,
not ready, break) and the *work* it holds (pending offers, active contacts, after-contact work).
The visible `AgentState` is derived from both, in this order of precedence:

1. `wrap_up` while after-contact work runs;
2. `busy` while the agent handles at least one contact (a chat agent busy with 1 of 3 chats is
   `busy` and can still be offered chats; a pending offer next to active contacts keeps it busy);
3. `reserved` while it has pending offers and nothing else;
4. otherwise its presence: `available`, `not_ready`, `break` (with a reason) or `offline`.

Every change of the visible state is checked against `TRANSITIONS`, so a bug that would produce
an impossible sequence (for example offline → busy) fails loudly instead of corrupting metrics.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from frontline.domain.routing.errors import IllegalTransition


class AgentState(StrEnum):
    """What an agent is doing, as shown on wallboards and used for occupancy."""

    OFFLINE = "offline"
    AVAILABLE = "available"
    RESERVED = "reserved"
    BUSY = "busy"
    WRAP_UP = "wrap_up"
    BREAK = "break"
    NOT_READY = "not_ready"


class BreakReason(StrEnum):
    """Common break reason codes; any non-empty string is accepted as a reason."""

    LUNCH = "lunch"
    TRAINING = "training"
    COACHING = "coaching"
    MEETING = "meeting"
    PERSONAL = "personal"


S = AgentState

TRANSITIONS: Mapping[AgentState, frozenset[AgentState]] = MappingProxyType(
    {
        S.OFFLINE: frozenset({S.AVAILABLE, S.NOT_READY, S.BREAK}),
        S.AVAILABLE: frozenset({S.RESERVED, S.BUSY, S.NOT_READY, S.BREAK, S.OFFLINE}),
        # Offer answered (busy), declined or withdrawn (back to presence), timed out (not ready).
        S.RESERVED: frozenset({S.BUSY, S.AVAILABLE, S.NOT_READY, S.BREAK}),
        # Work ends: wrap-up, straight to presence, or a pending offer remains (reserved).
        S.BUSY: frozenset({S.AVAILABLE, S.WRAP_UP, S.RESERVED, S.NOT_READY, S.BREAK}),
        S.WRAP_UP: frozenset({S.AVAILABLE, S.NOT_READY, S.BREAK, S.OFFLINE}),
        # break → break changes the reason code.
        S.BREAK: frozenset({S.AVAILABLE, S.NOT_READY, S.BREAK, S.OFFLINE}),
        S.NOT_READY: frozenset({S.AVAILABLE, S.BREAK, S.OFFLINE}),
    }
)

PRESENCE_STATES: frozenset[AgentState] = frozenset({S.OFFLINE, S.AVAILABLE, S.NOT_READY, S.BREAK})
"""States an agent may ask for through `RoutingEngine.set_state`; the others are engine-driven."""

WORK_STATES: frozenset[AgentState] = frozenset({S.RESERVED, S.BUSY, S.WRAP_UP})


def check_transition(old: AgentState, new: AgentState) -> None:
    """Raise `IllegalTransition` unless `old → new` is in the transition table."""
    if new not in TRANSITIONS[old]:
        raise IllegalTransition(f"an agent cannot go from {old} to {new}")
