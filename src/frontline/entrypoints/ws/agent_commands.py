"""Working a contact over the agent's socket instead of one HTTP request per action.

A busy agent accepts, replies, ends and wraps up several chats a minute. Each of those as a
REST call costs the server a request parse, routing, dependency solving and a response, which
at 50 new chats a second is most of its time; on the socket the agent already holds, the same
command costs one JSON frame each way. The commands, their checks and their answers are the
REST endpoints' (`routers/interactions.py`): the same service commands, the same permission,
and the same status a REST call would get, echoed with the client's ``ref`` so it can match
answers to requests.

    -> {"type": "reply", "ref": 7, "interaction_id": 12, "text": "Hello"}
    <- {"type": "ack", "ref": 7, "result": {...}}          (what the REST call returns)
    <- {"type": "error", "ref": 7, "status": 409, "detail": "..."}

The principal is looked up again (principal cache) for every command, so a role change,
deactivation or expired token applies to an open socket as it does to REST.

Frames about one interaction are applied in the order sent; frames about different
interactions run concurrently (``CommandLanes``). An agent with three chats must not wait for
one chat's wrap-up to be committed before its answer in another chat is even looked at: one
slow commit would otherwise hold up every later frame of the socket, offers would time out
behind them, and the re-offers would add load exactly when the server is busiest.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from frontline.domain.live.dispositions import MAX_CODE_CHARS, MAX_NOTES_CHARS
from frontline.domain.org.errors import DomainError, Forbidden
from frontline.domain.org.roles import Permission
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.errors import status_of
from frontline.entrypoints.http.routers.live_deps import MessageText
from frontline.service.live import commands

Ref = Annotated[str, Field(max_length=64)] | Annotated[int, Field(ge=0, le=2**53)] | None
InteractionId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class _Command(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ref: Ref = None
    interaction_id: InteractionId


class Accept(_Command):
    type: Literal["accept"]


class Decline(_Command):
    type: Literal["decline"]


class Reply(_Command):
    type: Literal["reply"]
    text: MessageText


class Transfer(_Command):
    type: Literal["transfer"]
    queue: Annotated[str | None, Field(max_length=64)] = None
    agent: Annotated[str | None, Field(max_length=64, description="username")] = None


class End(_Command):
    type: Literal["end"]


class WrapUp(_Command):
    type: Literal["wrap_up"]
    disposition: Annotated[str, Field(max_length=MAX_CODE_CHARS)]
    notes: Annotated[str, Field(max_length=MAX_NOTES_CHARS)] = ""


AgentCommand = Annotated[
    Accept | Decline | Reply | Transfer | End | WrapUp, Field(discriminator="type")
]
_PARSE: TypeAdapter[AgentCommand] = TypeAdapter(AgentCommand)
COMMAND_TYPES = frozenset({"accept", "decline", "reply", "transfer", "end", "wrap_up"})
MAX_IN_FLIGHT = 32  # frames of one socket being applied at once; more wait to be read


def service_command(user_id: int, command: AgentCommand) -> Any:
    """The routing-service command the REST endpoint of the same action would send."""
    match command:
        case Accept():
            return commands.AcceptOffer(user_id, command.interaction_id)
        case Decline():
            return commands.DeclineOffer(user_id, command.interaction_id)
        case Reply():
            return commands.PostAgentMessage(user_id, command.interaction_id, command.text)
        case Transfer():
            return commands.TransferInteraction(
                user_id, command.interaction_id, command.queue, command.agent
            )
        case End():
            return commands.EndInteraction(user_id, command.interaction_id)
        case WrapUp():
            return commands.WrapUp(
                user_id, command.interaction_id, command.disposition, command.notes
            )


def _ref_of(frame: dict[str, Any]) -> Any:
    ref = frame.get("ref")
    if isinstance(ref, bool) or not isinstance(ref, str | int):
        return None
    return ref if not isinstance(ref, str) or len(ref) <= 64 else None


def error_frame(ref: Any, status: int, detail: Any) -> dict[str, Any]:
    return {"type": "error", "ref": ref, "status": status, "detail": detail}


def parse(frame: dict[str, Any]) -> AgentCommand | dict[str, Any]:
    """The command in ``frame``, or the error frame (422) that answers it."""
    try:
        return _PARSE.validate_python(frame)
    except ValidationError as exc:
        errors = [
            {"loc": list(e["loc"]), "msg": e["msg"]}
            for e in exc.errors(include_url=False, include_input=False)
        ]
        return error_frame(_ref_of(frame), 422, errors)


def authorised(principal: Principal) -> None:
    if not principal.can(Permission.INTERACTIONS_HANDLE):
        raise Forbidden(f"this needs the {Permission.INTERACTIONS_HANDLE} permission")


def failure(ref: Any, exc: DomainError) -> dict[str, Any]:
    return error_frame(ref, status_of(exc), str(exc))


class CommandLanes:
    """Runs a socket's command frames: one lane (in order) per interaction, lanes at once."""

    def __init__(
        self,
        handle: Callable[[dict[str, Any]], Awaitable[None]],
        max_in_flight: int = MAX_IN_FLIGHT,
    ) -> None:
        self._handle = handle
        self._slots = asyncio.Semaphore(max_in_flight)
        self._lanes: dict[Any, tuple[asyncio.Lock, int]] = {}  # key: (lock, frames using it)
        self._tasks: set[asyncio.Task[None]] = set()

    async def submit(self, frame: dict[str, Any]) -> None:
        """Start applying ``frame``; waits only while ``max_in_flight`` frames are running."""
        await self._slots.acquire()
        key = frame.get("interaction_id")
        key = key if isinstance(key, int) and not isinstance(key, bool) else None
        lock, users = self._lanes.get(key) or (asyncio.Lock(), 0)
        self._lanes[key] = (lock, users + 1)
        task = asyncio.create_task(self._run(key, lock, frame))  # starts in submit order
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, key: Any, lock: asyncio.Lock, frame: dict[str, Any]) -> None:
        try:
            async with lock:
                await self._handle(frame)
        finally:
            lock_, users = self._lanes[key]
            if users <= 1:
                del self._lanes[key]
            else:
                self._lanes[key] = (lock_, users - 1)
            self._slots.release()

    async def close(self) -> None:
        """Let the frames already submitted finish (their commands are applied anyway)."""
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
