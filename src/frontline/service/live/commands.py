"""Commands of live operation, in the imperative; the routing service applies them in order."""

from __future__ import annotations

from dataclasses import dataclass

from frontline.domain.channels import Channel
from frontline.domain.org.users import Principal
from frontline.service.live.ports import WrapUpRules


@dataclass(frozen=True)
class StartChat:
    name: str
    email: str | None
    message: str
    queue: str | None
    token_hash: str
    customer_id: int | None = None  # identified ahead (``ahead``); None: the worker does


@dataclass(frozen=True)
class PostCustomerMessage:
    interaction_id: int
    text: str


@dataclass(frozen=True)
class EndChat:
    """The customer leaves: abandoned if nobody answered yet, else the agent wraps up."""

    interaction_id: int


@dataclass(frozen=True)
class SetAgentState:
    user_id: int
    state: str
    reason: str | None = None


@dataclass(frozen=True)
class AcceptOffer:
    user_id: int
    interaction_id: int


@dataclass(frozen=True)
class DeclineOffer:
    user_id: int
    interaction_id: int


@dataclass(frozen=True)
class PostAgentMessage:
    user_id: int
    interaction_id: int
    text: str


@dataclass(frozen=True)
class TransferInteraction:
    user_id: int
    interaction_id: int
    queue: str | None = None
    agent: str | None = None


@dataclass(frozen=True)
class EndInteraction:
    user_id: int
    interaction_id: int


@dataclass(frozen=True)
class WrapUp:
    user_id: int
    interaction_id: int
    disposition: str
    notes: str = ""
    rules: WrapUpRules | None = None  # read ahead (``ahead``); None: the worker reads them


@dataclass(frozen=True)
class SocketOpened:
    """A WebSocket of this stream (``agent:<id>`` or ``chat:<id>``) connected."""

    stream: str


@dataclass(frozen=True)
class SocketClosed:
    stream: str


@dataclass(frozen=True)
class InboundEmail:
    """A customer's email, already parsed and threaded: a new interaction or a message in one."""

    message_id: str
    sender_name: str
    sender_email: str
    subject: str
    text: str
    queue: str
    thread_interaction_id: int | None
    attachments: tuple[dict[str, object], ...] = ()


@dataclass(frozen=True)
class ReadDesktop:
    user_id: int


@dataclass(frozen=True)
class ReadStats:
    viewer: Principal
    team_ids: frozenset[int] | None = None  # None: everything


Command = (
    StartChat
    | PostCustomerMessage
    | EndChat
    | SetAgentState
    | AcceptOffer
    | DeclineOffer
    | PostAgentMessage
    | TransferInteraction
    | EndInteraction
    | WrapUp
    | SocketOpened
    | SocketClosed
    | InboundEmail
    | ReadDesktop
    | ReadStats
)

CHAT = Channel.CHAT
