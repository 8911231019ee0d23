"""What the HTTP and WebSocket entrypoints are handed for live operation: the routing
service, the realtime hub, the committed-data reader, the journal of recent chat events and
the public chat's throttles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from frontline.domain.live.interactions import Interaction, InteractionStatus
from frontline.domain.org.errors import DomainError
from frontline.service.live.ahead import Ahead
from frontline.service.live.chat_tokens import hash_token
from frontline.service.live.journal import StreamJournal
from frontline.service.live.ports import LiveReader, LiveReaderFactory, RealtimeHub
from frontline.service.live.routing_service import RoutingService
from frontline.service.live.state import agent_stream, chat_stream
from frontline.service.ports import LoginThrottle

MAX_REMEMBERED_SESSIONS = 50_000


class TooManyRequests(DomainError):
    def __init__(self, retry_after: float) -> None:
        super().__init__("too many requests; slow down and try again shortly")
        self.retry_after = retry_after


@dataclass(frozen=True)
class ChatThrottles:
    """Public chat limits: new sessions per client address, messages per session."""

    sessions_by_address: LoginThrottle
    messages_by_session: LoginThrottle


def check_throttle(throttle: LoginThrottle, key: str) -> None:
    wait = throttle.retry_after(key)
    if wait is not None:
        raise TooManyRequests(wait)
    throttle.hit(key)


@dataclass
class LiveRuntime:
    service: RoutingService
    hub: RealtimeHub
    reader: LiveReaderFactory
    throttles: ChatThrottles
    replay_limit: int = 1000
    ahead: Ahead | None = None  # reads commands need, before they reach the worker
    _sessions: dict[str, int] = field(default_factory=dict)  # token hash -> chat started here

    def start(self) -> None:
        self.service.start()

    def stop(self) -> None:
        self.service.stop()
        if self.ahead is not None:
            self.ahead.stop()

    async def execute(self, command: Any) -> Any:
        if self.ahead is not None:
            self.service.admit(command)  # before any work is spent on a chat refused anyway
            state = self.service.state if self.service.running else None
            command = await self.ahead.prepare(command, state)
        return await self.service.execute(command)

    def read(self) -> LiveReader:
        return self.reader()

    @property
    def journal(self) -> StreamJournal:
        """The routing service's journal: replays of chats started here, without a read."""
        return self.service.journal

    # A customer's chat socket and calls authenticate with the session token. For a chat
    # started on this server and still open, the answer is in memory: no database read and
    # no thread hop per customer call. Anything else (another node's chat, a restart, a closed
    # chat, a wrong token) is left to the database check, which also gives the right error.
    def remember_session(self, token_hash: str, session_id: int) -> None:
        if len(self._sessions) >= MAX_REMEMBERED_SESSIONS:
            self._sessions.clear()
        self._sessions[token_hash] = session_id

    def open_session(self, session_id: int, token: str | None) -> Interaction | None:
        """The open chat ``token`` opens, when this server knows it; None: ask the database."""
        if not token or not self.service.running:
            return None
        if self._sessions.get(hash_token(token)) != session_id:
            return None
        return self.service.state.interactions.get(session_id)

    # Ephemeral signals read the routing service's working set without a command: a stale
    # answer costs at most one typing indicator, never a record.
    def customer_typing(self, interaction_id: int) -> None:
        interaction = self.service.state.interactions.get(interaction_id)
        if (
            interaction is not None
            and interaction.status is InteractionStatus.ACTIVE
            and interaction.agent_user_id is not None
        ):
            self.hub.publish(
                agent_stream(interaction.agent_user_id),
                {"type": "typing", "interaction_id": interaction_id},
            )

    def agent_typing(self, user_id: int, interaction_id: int) -> None:
        interaction = self.service.state.interactions.get(interaction_id)
        if interaction is not None and interaction.agent_user_id == user_id:
            self.hub.publish(chat_stream(interaction_id), {"type": "typing", "who": "agent"})

    def held_customers(self, user_id: int | None) -> set[int]:
        return {
            i.customer_id
            for i in list(self.service.state.interactions.values())
            if user_id is not None and user_id in (i.agent_user_id, i.offered_to)
        }

    def agent_display_name(self, user_id: int | None) -> str | None:
        return self.service.state.display_name(user_id) if self.service.running else None

    def agent_username(self, user_id: int | None) -> str | None:
        return self.service.state.username(user_id) if self.service.running else None
