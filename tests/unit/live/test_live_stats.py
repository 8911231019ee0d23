"""Live wallboard figures from engine events: today's and the rolling 30 minutes, summed
per organisation queue over its channels, with the published metric definitions."""

from __future__ import annotations

import pytest

from frontline.domain.live.stats import LiveStats, QueueTarget
from frontline.domain.routing import (
    AgentState,
    AgentStateChanged,
    ContactAbandoned,
    ContactCompleted,
    OfferAccepted,
)

S = AgentState
DAY = 1_700_000_000.0


def stats() -> LiveStats:
    return LiveStats(
        targets={"billing": QueueTarget("billing", 80.0, 20.0)},
        routing_thresholds={"billing/chat": 20.0, "billing/email": 20.0},
        day_start=DAY,
    )


def test_a_handful_of_contacts_give_the_textbook_figures() -> None:
    live = stats()
    t = DAY + 100
    live.observe(
        [
            AgentStateChanged(t, "1", S.OFFLINE, S.AVAILABLE, None),
            OfferAccepted(t + 10, "a", "1", "billing/chat", waited_s=10.0),
            AgentStateChanged(t + 10, "1", S.AVAILABLE, S.BUSY, None),
            OfferAccepted(t + 40, "b", "1", "billing/email", waited_s=30.0),
            ContactAbandoned(t + 50, "c", "billing/chat", waited_s=50.0),
            ContactCompleted(t + 70, "a", "1", "billing/chat", handled_s=60.0),
            ContactCompleted(t + 110, "b", "1", "billing/email", handled_s=70.0),
            AgentStateChanged(t + 110, "1", S.BUSY, S.WRAP_UP, None),
            AgentStateChanged(t + 130, "1", S.WRAP_UP, S.AVAILABLE, None),
        ]
    )
    [row] = live.queue_rows(t + 140, {"billing": [t + 120, t + 135]})
    # offered = answered + abandoned = 3; one answered within 20 s of 3 offered
    assert (row["offered"], row["answered"], row["abandoned"]) == (3, 2, 1)
    assert row["service_level"] == pytest.approx(1 / 3)
    assert row["asa_s"] == pytest.approx(20.0)
    assert row["abandon_rate"] == pytest.approx(1 / 3)
    # AHT = (60 + 70 handled + 20 s of wrap-up) / 2 handled
    assert row["aht_s"] == pytest.approx(75.0)
    assert (row["waiting"], row["longest_wait_s"]) == (2, pytest.approx(20.0))
    assert row["sl_target"] == 0.8 and row["sl_threshold_s"] == 20.0
    # occupancy = busy 100 s + wrap-up 20 s over those plus 10 + 10 s available
    assert live.agent_occupancy("1", t + 140) == pytest.approx(120 / 140)


def test_the_rolling_window_forgets_what_is_older_than_30_minutes() -> None:
    live = stats()
    live.observe([OfferAccepted(DAY + 10, "old", "1", "billing/chat", 5.0)])
    live.queue_rows(DAY + 70, {})  # a snapshot at minute 1
    live.observe([OfferAccepted(DAY + 1500, "new", "1", "billing/chat", 25.0)])
    [row] = live.queue_rows(DAY + 1500, {})
    assert row["answered"] == 2 and row["rolling_30m"]["answered"] == 2
    live.queue_rows(DAY + 1900, {})
    [row] = live.queue_rows(DAY + 1900, {})
    assert row["answered"] == 2  # today keeps both
    assert row["rolling_30m"]["answered"] == 1  # the one from minute 0 left the window
    assert row["rolling_30m"]["asa_s"] == pytest.approx(25.0)
    assert row["rolling_30m"]["service_level"] == 0.0


def test_a_new_day_restarts_the_counts_but_keeps_agents_in_their_state() -> None:
    live = stats()
    live.observe(
        [
            AgentStateChanged(DAY + 5, "1", S.OFFLINE, S.BUSY, None),
            OfferAccepted(DAY + 5, "a", "1", "billing/chat", 1.0),
        ]
    )
    tomorrow = DAY + 86_400
    live.new_day(tomorrow)
    [row] = live.queue_rows(tomorrow + 60, {})
    assert row["answered"] == 0 and row["service_level"] is None
    assert live.agent_occupancy("1", tomorrow + 60) == 1.0
