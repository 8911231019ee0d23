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


class CountingUow:
    """Just enough of a WFM unit of work for the feed: agents 1:1 with users, an in-memory
    state log, and a count of transactions, agent lookups and state log reads."""

    def __init__(self) -> None:
        self.commits = 0
        self.lookups = 0
        self.reads = 0
        self.entries: list[Any] = []
        self.not_agents: set[int] = set()
        self.agents = self
        self.state_log = self

    def __call__(self) -> CountingUow:
        return self

    def __enter__(self) -> CountingUow:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def commit(self) -> None:
        self.commits += 1

    def ids_by_user(self, user_ids: Any) -> dict[int, int]:
        self.lookups += 1
        return {user_id: user_id for user_id in user_ids if user_id not in self.not_agents}

    def open_entries(self, agent_ids: frozenset[int]) -> dict[int, Any]:
        self.reads += 1
        return {e.agent_id: e for e in self.entries if e.agent_id in agent_ids}

    def close_many(self, ended_at: Any) -> None:
        return None

    def add_many(self, entries: Any) -> None:
        self.entries.extend(entries)


def test_a_tick_of_changes_is_written_in_one_transaction() -> None:
    uow = CountingUow()
    feed = StateLogFeed(FakeHub(), uow, tick_s=0.3)
    feed.start()
    try:
        for minute, state in enumerate(("available", "busy", "available", "busy")):
            since = datetime(2026, 3, 2, 9, minute, tzinfo=UTC).isoformat()
            payload = {"type": "state", "state": state, "reason": None, "since": since}
            feed.publish("agent:12", payload)
            feed.publish("agent:13", payload)
    finally:
        feed.stop()
    assert [e.state for e in uow.entries if e.agent_id == 12] == [
        "available",
        "busy",
        "available",
        "busy",
    ]
    assert uow.commits == 1 and uow.lookups == 1  # one transaction, one lookup for both
    assert uow.reads == 1  # the open entries of both agents at once


def test_agent_ids_are_read_once_per_batch_and_remembered() -> None:
    uow = CountingUow()
    uow.not_agents = {99}  # a staff user without an agent profile
    feed = StateLogFeed(FakeHub(), uow)
    since = datetime(2026, 3, 2, 9, 0, tzinfo=UTC).isoformat()
    for user_id in (12, 13, 99):
        feed.publish(f"agent:{user_id}", {"type": "state", "state": "busy", "since": since})
    assert feed.drain() == 3
    assert uow.lookups == 1
    assert sorted(e.agent_id for e in uow.entries) == [12, 13]  # user 99's change dropped
    for user_id in (12, 99):
        feed.publish(f"agent:{user_id}", {"type": "state", "state": "available", "since": since})
    assert feed.drain() == 2
    assert uow.lookups == 1  # both answers, the missing profile too, were remembered
