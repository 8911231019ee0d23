"""What the routing service keeps in memory between commands, and the per-batch transaction.

Only the routing service's worker touches ``LiveState`` (single writer), so nothing here
locks. The interactions that are still open live here too, which spares the hot path a
SELECT per command; the database stays the system of record and a restart rebuilds all of
it (``restore``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from frontline.domain.live.interactions import Interaction
from frontline.domain.live.messages import Message
from frontline.domain.live.routing_map import routing_agent_id
from frontline.domain.live.stats import LiveStats
from frontline.domain.org.errors import NotFound
from frontline.domain.org.queues import Queue as OrgQueue
from frontline.domain.routing import RoutingEngine
from frontline.service.live.ports import JsonDict, LiveReaderFactory, LiveWriter, Presence
from frontline.service.live.views import epoch_to_datetime


@dataclass(frozen=True)
class LiveSettings:
    offer_timeout_s: float = 30.0
    wrap_up_s: float = 120.0
    agent_grace_s: float = 60.0
    customer_grace_s: float = 120.0
    event_retention_s: float = 24 * 3600.0
    timezone: str = "UTC"
    max_batch: int = 256
    max_backlog_s: float = 2.0  # new chats are refused beyond this much queued work
    max_loop_lag_s: float = 1.0  # ... or while the event loop runs this late


@dataclass
class AgentInfo:
    """An agent the engine knows: names for views, and the presence it last asked for."""

    user_id: int
    username: str
    display_name: str
    team_id: int | None
    requested: str = "offline"
    requested_reason: str | None = None
    state: str = "offline"
    reason: str | None = None
    since: float = 0.0
    wrap_up_until: float | None = None

    @property
    def engine_id(self) -> str:
        return routing_agent_id(self.user_id)


@dataclass
class LiveState:
    engine: RoutingEngine
    queues: dict[str, OrgQueue]
    stats: LiveStats
    settings: LiveSettings
    interactions: dict[int, Interaction] = field(default_factory=dict)
    agents: dict[int, AgentInfo] = field(default_factory=dict)
    connections: Counter[str] = field(default_factory=Counter)
    grace: dict[str, float] = field(default_factory=dict)  # stream: when its grace ends
    grace_due: list[tuple[float, str]] = field(default_factory=list)  # heap; stale entries skipped
    offer_expires: dict[int, float] = field(default_factory=dict)
    first_messages: dict[int, str] = field(default_factory=dict)
    agent_skills: dict[int, dict[str, int]] = field(default_factory=dict)
    wallboard_dirty: bool = True
    last_prune: float = 0.0

    def agent(self, user_id: int) -> AgentInfo:
        info = self.agents.get(user_id)
        if info is None:
            raise NotFound(f"user {user_id} has no agent profile")
        return info

    def username(self, user_id: int | None) -> str | None:
        info = self.agents.get(user_id) if user_id is not None else None
        return info.username if info else None

    def display_name(self, user_id: int | None) -> str | None:
        info = self.agents.get(user_id) if user_id is not None else None
        return info.display_name if info else None

    def holdings(self, user_id: int) -> list[Interaction]:
        """Open interactions offered to, handled by or in wrap-up with this agent."""
        return [
            i
            for i in self.interactions.values()
            if i.offered_to == user_id
            or (i.agent_user_id == user_id and i.is_live)
            or (i.agent_user_id == user_id and i.status.value == "wrap_up")
        ]


@dataclass
class Tx:
    """One batch of commands: the writer's transaction plus the events to push after commit."""

    writer: LiveWriter
    state: LiveState
    reader: LiveReaderFactory
    now: float
    outbox: list[tuple[str, JsonDict]] = field(default_factory=list)
    email_replies: list[tuple[Interaction, Message]] | None = field(default_factory=list)
    changed: dict[int, Interaction] = field(default_factory=dict)
    presences: dict[int, Presence] = field(default_factory=dict)
    born: set[str] = field(default_factory=set)
    """Streams whose very first event is in this batch (see ``journal``)."""

    @property
    def at(self) -> datetime:
        return epoch_to_datetime(self.now)

    def save(self, interaction: Interaction) -> None:
        """Write the interaction's row at the end of the batch (several changes to one
        interaction in a batch become one UPDATE, all UPDATEs one round trip)."""
        self.changed[interaction.id] = interaction

    def save_presence(self, presence: Presence) -> None:
        self.presences[presence.user_id] = presence

    def flush(self) -> None:
        """Write what the batch changed; called once, just before the commit."""
        if self.changed:
            self.writer.save_interactions(list(self.changed.values()))
            self.changed.clear()
        if self.presences:
            self.writer.save_presences(list(self.presences.values()))
            self.presences.clear()

    def to_agent(self, user_id: int, payload: JsonDict) -> None:
        self.outbox.append((agent_stream(user_id), payload))

    def to_chat(self, interaction_id: int, payload: JsonDict) -> None:
        self.outbox.append((chat_stream(interaction_id), payload))


def agent_stream(user_id: int) -> str:
    return f"agent:{user_id}"


def chat_stream(interaction_id: int) -> str:
    return f"chat:{interaction_id}"


WALLBOARD_STREAM = "wallboard"
