"""Grace periods of vanished sockets are kept in a heap: the next deadline is found without
scanning every widget that ever closed, and a reconnect or a later close makes the older
entry stale instead of firing it."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from frontline.service.live.timers import seconds_to_next_timer, start_grace


def state_with_no_other_timers() -> Any:
    engine = SimpleNamespace(next_due=lambda: None)
    return SimpleNamespace(
        engine=engine,
        grace={},
        grace_due=[],
        stats=SimpleNamespace(day_start=0.0),
        last_prune=0.0,
    )


def test_the_earliest_standing_deadline_wins_and_stale_entries_are_dropped() -> None:
    state = state_with_no_other_timers()
    start_grace(state, "chat:1", 110.0)
    start_grace(state, "agent:7", 105.0)
    assert seconds_to_next_timer(state, 100.0) == 5.0
    del state.grace["agent:7"]  # the desktop came back
    assert seconds_to_next_timer(state, 100.0) == 10.0
    assert state.grace_due == [(110.0, "chat:1")]  # the stale entry is gone
    start_grace(state, "chat:1", 125.0)  # reconnected and closed again: the later one counts
    assert seconds_to_next_timer(state, 100.0) == 25.0
    assert state.grace_due == [(125.0, "chat:1")]


def test_with_thousands_of_entries_the_earliest_is_next() -> None:
    state = state_with_no_other_timers()
    for n in range(5000):
        start_grace(state, f"chat:{n}", 1000.0 + n)
    assert seconds_to_next_timer(state, 990.0) == 10.0
    assert len(state.grace_due) == 5000
