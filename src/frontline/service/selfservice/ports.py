"""Ports of self-service: where flows, runs, runner events and callbacks are stored, and what
the fulfiller needs from the outside world (backends, the knowledge base, customer records).

The SQL implementations live in ``frontline.adapters.db.repositories.flows_*``; the HTTP
backend client in ``frontline.adapters.flow_backends``. Tests use the same Protocols.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from frontline.domain.callbacks import CallbackRequest
from frontline.domain.flows import Flow, FlowEvent, LookupResult

JsonDict = dict[str, Any]


@dataclass(frozen=True)
class StoredFlowVersion:
    flow_id: str
    version: int
    document: JsonDict
    source: str
    source_format: str
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class FlowSummary:
    id: str
    name: str
    latest_version: int
    published_version: int | None
    created_at: datetime
    updated_at: datetime
    bindings: tuple[str, ...] = ()


@dataclass
class FlowSession:
    """A chat's run through its flow, kept between the customer's messages."""

    key: str
    channel: str
    flow_id: str
    flow_version: int
    snapshot: JsonDict | None
    interaction_id: int | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class StoredCallback:
    id: int
    request: CallbackRequest
    context: JsonDict = field(default_factory=dict)


class FlowStore(Protocol):
    """Flows with immutable versions, the published version, and targets bound to flows."""

    def add_version(
        self,
        flow_id: str,
        name: str,
        document: JsonDict,
        source: str,
        source_format: str,
        at: datetime,
        by: str,
    ) -> int:
        """Store the next version of ``flow_id`` (creating the flow) and return its number."""
        ...

    def next_version(self, flow_id: str) -> int: ...
    def summaries(self) -> list[FlowSummary]: ...
    def summary(self, flow_id: str) -> FlowSummary | None: ...
    def versions(self, flow_id: str) -> list[StoredFlowVersion]: ...
    def version(self, flow_id: str, version: int) -> StoredFlowVersion | None: ...
    def publish(self, flow_id: str, version: int, targets: Sequence[str], at: datetime) -> None: ...
    def published_for(self, target: str) -> StoredFlowVersion | None:
        """The published version of the flow bound to ``target`` (``queue:x``/``number:+1…``)."""
        ...


class FlowEventLog(Protocol):
    def add_events(self, events: Sequence[FlowEvent], version_of: Mapping[str, int]) -> None: ...
    def events(self, flow_id: str, version: int | None) -> list[FlowEvent]: ...


class SessionStore(Protocol):
    def get_session(self, key: str) -> FlowSession | None: ...
    def put_session(self, session: FlowSession, at: datetime) -> None: ...


class CallbackStore(Protocol):
    def add_callback(self, request: CallbackRequest, context: JsonDict) -> int: ...
    def due_callbacks(self, now: datetime, limit: int) -> list[StoredCallback]: ...
    def mark_released(self, callback_id: int, interaction_id: int | None) -> None: ...


class FlowDirectory(Protocol):
    """Which flow answers a dialled number, and exact flow versions for calls in progress."""

    def flow_for_number(self, called: str) -> Flow | None: ...

    def flow_version(self, flow_id: str, version: int) -> Flow | None: ...


class LookupBackends(Protocol):
    """Operator-configured backends a flow's ``lookup`` node may call by name (never a URL)."""

    def lookup(
        self, backend: str, operation: str, params: Mapping[str, str], timeout_seconds: float
    ) -> LookupResult: ...


class ArticleSource(Protocol):
    def public_article(self, key: str) -> tuple[str, str] | None:
        """``(title, plain text)`` of the best public article for ``key``, or None."""
        ...


class CustomerRecords(Protocol):
    def by_phone(self, phone: str) -> JsonDict | None: ...
