"""Where voice calls are kept between webhooks, and where the flow for a dialled number is found.

Each webhook is a separate HTTP request, possibly served by another app node, so a call's
progress lives in a `CallStore` between requests as plain data: the flow snapshot, the carrier's
status and the outcome once the flow has ended. The in-memory store is the fake for tests and a
single node; the platform's database provides the durable one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from frontline.adapters.voice.webhook_forms import CallStatus
from frontline.domain.flows import Flow, Outcome


@dataclass
class CallRecord:
    call_sid: str
    caller: str | None
    called: str
    flow_id: str
    flow_version: int
    status: CallStatus | None = None
    snapshot: dict[str, Any] | None = None
    outcome: Outcome | None = None
    recording_url: str | None = None
    agent: str | None = None
    history: list[CallStatus] = field(default_factory=list)

    @property
    def in_flow(self) -> bool:
        """The customer is still in self-service (no outcome yet)."""
        return self.outcome is None and self.snapshot is not None


class CallStore(Protocol):
    def get(self, call_sid: str) -> CallRecord | None: ...

    def put(self, record: CallRecord) -> None: ...


class InMemoryCallStore:
    """A dict of call records (tests, single-node demos)."""

    def __init__(self) -> None:
        self.records: dict[str, CallRecord] = {}

    def get(self, call_sid: str) -> CallRecord | None:
        return self.records.get(call_sid)

    def put(self, record: CallRecord) -> None:
        self.records[record.call_sid] = record


class FlowDirectory(Protocol):
    """Which flow answers a dialled number, and exact flow versions for calls in progress."""

    def flow_for_number(self, called: str) -> Flow | None: ...

    def flow_version(self, flow_id: str, version: int) -> Flow | None: ...


class StaticFlowDirectory:
    """Flows fixed at construction: number → flow, every version kept for running calls."""

    def __init__(self, by_number: Mapping[str, Flow]) -> None:
        self.by_number = dict(by_number)
        self.versions = {(f.id, f.version): f for f in by_number.values()}

    def flow_for_number(self, called: str) -> Flow | None:
        return self.by_number.get(called)

    def flow_version(self, flow_id: str, version: int) -> Flow | None:
        return self.versions.get((flow_id, version))
