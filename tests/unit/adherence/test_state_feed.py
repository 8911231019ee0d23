"""The hub wrapper that feeds the state log: it passes every event through unchanged and picks
out exactly the agent state changes (a fake event stream; the SQL side is tested end to end in
tests/integration/wfm)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from frontline.service.wfm.state_feed import StateChange, StateLogFeed, state_change


class FakeHub:
    def __init__(self) -> None:
        self.published: list[tuple[str, dict[str, Any]]] = []

    def subscribe(self, stream: str) -> Any:
        raise AssertionError("not used here")

    def publish(self, stream: str, payload: dict[str, Any]) -> None:
        self.published.append((stream, payload))

    def subscribers(self, stream: str) -> int:
        return 7


def no_uow() -> Any:
    raise AssertionError("nothing is written while events are only queued")


STREAM = [
    (
        "agent:12",
        {
            "type": "state",
            "state": "available",
            "reason": None,
            "since": "2026-03-02T09:05:00+00:00",
        },
    ),
    ("agent:12", {"type": "offer", "interaction_id": 4}),
    ("wallboard", {"type": "state", "state": "busy", "since": "2026-03-02T09:06:00+00:00"}),
    ("chat:4", {"type": "message", "text": "hi"}),
    (
        "agent:12",
        {
            "type": "state",
            "state": "break",
            "reason": "lunch",
            "since": "2026-03-02T12:10:00+00:00",
        },
    ),
    ("agent:13", {"type": "state", "state": "busy"}),  # malformed: no "since"
]


def test_every_event_passes_through_and_only_agent_states_are_picked_out() -> None:
    hub = FakeHub()
    feed = StateLogFeed(hub, no_uow)
    for stream, payload in STREAM:
        feed.publish(stream, payload)
    assert hub.published == STREAM
    assert feed.subscribers("wallboard") == 7
    picked = [state_change(stream, payload) for stream, payload in STREAM]
    assert [p for p in picked if p is not None] == [
        StateChange(12, "available", None, datetime(2026, 3, 2, 9, 5, tzinfo=UTC)),
        StateChange(12, "break", "lunch", datetime(2026, 3, 2, 12, 10, tzinfo=UTC)),
    ]
