"""The metric definitions, checked on small hand-worked histories."""

from __future__ import annotations

import pytest

from frontline.domain.metrics import MetricsAccumulator, QueueTally
from frontline.domain.routing.events import (
    AgentStateChanged,
    ContactAbandoned,
    ContactCompleted,
    ContactOffered,
    ContactQueued,
    ContactTransferred,
    OfferAccepted,
)
from frontline.domain.routing.states import AgentState


def _five_contacts(short_abandon_s: float = 0.0) -> MetricsAccumulator:
    acc = MetricsAccumulator(sl_thresholds={"q": 20.0}, short_abandon_s=short_abandon_s)
    for wait in (0.0, 10.0, 30.0):
        acc.answered("q", wait)
    for wait in (5.0, 40.0):
        acc.abandoned("q", wait)
    return acc


def test_counts_and_ratios_follow_the_definitions() -> None:
    metrics = _five_contacts().report(now=0.0).queues["q"]
    assert (metrics.offered, metrics.answered, metrics.abandoned) == (5, 3, 2)
    assert metrics.service_level == pytest.approx(2 / 5)  # waits 0 and 10 are within 20 s
    assert metrics.asa == pytest.approx(40 / 3)
    assert metrics.p_wait == pytest.approx(4 / 5)  # everyone but the one answered at once
    assert metrics.abandon_rate == pytest.approx(2 / 5)
    assert metrics.short_abandoned == 0


def test_short_abandons_are_excluded_only_when_asked() -> None:
    metrics = _five_contacts(short_abandon_s=10.0).report(now=0.0).queues["q"]
    assert (metrics.offered, metrics.abandoned, metrics.short_abandoned) == (4, 1, 1)
    assert metrics.service_level == pytest.approx(2 / 4)
    assert metrics.p_wait == pytest.approx(3 / 4)
    assert metrics.abandon_rate == pytest.approx(1 / 4)


def test_answer_exactly_at_the_threshold_counts_as_within() -> None:
    acc = MetricsAccumulator(sl_thresholds={"q": 20.0})
    acc.answered("q", 20.0)
    acc.answered("q", 20.000001)
    assert acc.report(0.0).queues["q"].service_level == pytest.approx(0.5)


def test_batches_give_the_same_tally_as_one_call_per_contact() -> None:
    waits = [0.0, 10.0, 20.0, 20.000001, 0.1, 95.5]
    handled = [180.25, 3.5, 61.0]
    one_by_one = MetricsAccumulator(sl_thresholds={"q": 20.0})
    for wait in waits:
        one_by_one.answered("q", wait)
    for seconds in handled:
        one_by_one.handled("q", seconds)
    batched = MetricsAccumulator(sl_thresholds={"q": 20.0})
    batched.answered_batch("q", waits)
    batched.handled_batch("q", handled)
    assert batched.tallies == one_by_one.tallies
    assert batched.report(0.0) == one_by_one.report(0.0)


def _one_agent_day(horizon: float = float("inf")) -> MetricsAccumulator:
    acc = MetricsAccumulator(sl_thresholds={"q": 20.0}, count_agent_time_until=horizon)
    acc.agent_state_changed("a", "available", 0.0)
    acc.agent_state_changed("a", "busy", 10.0)
    acc.contact_completed("a", "q", handled_s=100.0)
    acc.agent_state_changed("a", "wrap_up", 110.0)
    acc.agent_state_changed("a", "available", 130.0)
    acc.agent_state_changed("a", "break", 200.0)
    acc.agent_state_changed("a", "available", 300.0)
    return acc


def test_aht_includes_the_wrap_up_that_follows_a_contact() -> None:
    acc = _one_agent_day()
    acc.handled("q", 200.0)  # a second contact handled without wrap-up
    assert acc.report(400.0).queues["q"].aht == pytest.approx((100 + 20 + 200) / 2)


def test_occupancy_is_handling_over_handling_plus_idle_and_ignores_breaks() -> None:
    # handling 10..130 = 120 s; idle 0..10, 130..200, 300..400 = 180 s; break not counted
    acc = _one_agent_day()
    assert acc.occupancy(now=400.0) == pytest.approx(120 / 300)
    assert acc.report(400.0, agent_pools={"q": ["a"]}).queues["q"].occupancy == pytest.approx(0.4)
    assert acc.report(400.0).queues["q"].occupancy is None  # no pool given: not attributed
    assert acc.report(400.0).total.occupancy == pytest.approx(0.4)


def test_agent_time_is_clipped_at_the_horizon() -> None:
    acc = _one_agent_day(horizon=150.0)  # handling 120 s, idle 10 + 20 s, the rest is after
    assert acc.occupancy(now=400.0) == pytest.approx(120 / 150)


def test_total_uses_each_queue_threshold() -> None:
    acc = MetricsAccumulator(sl_thresholds={"fast": 20.0, "slow": 60.0})
    acc.answered("fast", 30.0)  # outside 20 s
    acc.answered("slow", 30.0)  # inside 60 s
    report = acc.report(0.0)
    assert report.queues["fast"].service_level == 0.0
    assert report.queues["slow"].service_level == 1.0
    assert report.total.service_level == pytest.approx(0.5)
    assert report.total.offered == 2


def test_ratios_are_none_without_a_denominator() -> None:
    metrics = MetricsAccumulator().report(now=10.0, agent_pools={"empty": []}).queues["empty"]
    assert metrics.offered == 0
    assert metrics.service_level is None
    assert metrics.asa is None
    assert metrics.aht is None
    assert metrics.occupancy is None


def test_tallies_add_up_for_totals_and_windows() -> None:
    first, second = QueueTally(answered=2, answered_wait_s=10.0), QueueTally(abandoned=1)
    first.add(second)
    assert (first.offered, first.answered, first.abandoned, first.answered_wait_s) == (
        3,
        2,
        1,
        10.0,
    )


def test_routing_events_feed_the_same_definitions() -> None:
    acc = MetricsAccumulator(sl_thresholds={"q": 20.0})
    acc.observe_all(
        [
            AgentStateChanged(0.0, "a", AgentState.OFFLINE, AgentState.AVAILABLE, None),
            ContactQueued(5.0, "c1", "q", 5.0),
            ContactOffered(5.0, "c1", "a", "q", 0.0),
            OfferAccepted(5.0, "c1", "a", "q", 0.0),
            AgentStateChanged(5.0, "a", AgentState.AVAILABLE, AgentState.BUSY, None),
            ContactQueued(6.0, "c2", "q", 6.0),
            ContactAbandoned(36.0, "c2", "q", 30.0),
            ContactCompleted(105.0, "c1", "a", "q", 100.0),
            AgentStateChanged(105.0, "a", AgentState.BUSY, AgentState.WRAP_UP, None),
            AgentStateChanged(115.0, "a", AgentState.WRAP_UP, AgentState.AVAILABLE, None),
        ]
    )
    metrics = acc.report(now=205.0).total
    assert (metrics.offered, metrics.answered, metrics.abandoned) == (2, 1, 1)
    assert metrics.service_level == pytest.approx(0.5)
    assert metrics.aht == pytest.approx(110.0)  # 100 s talk + 10 s wrap-up
    assert metrics.occupancy == pytest.approx(110 / 205)


def test_requeued_contact_is_answered_once_and_transfer_legs_are_handled() -> None:
    acc = MetricsAccumulator(sl_thresholds={"q": 20.0, "r": 20.0})
    acc.observe(OfferAccepted(10.0, "c", "a", "q", 10.0))
    acc.observe(OfferAccepted(50.0, "c", "b", "q", 50.0))  # requeued, answered again in q
    acc.observe(ContactTransferred(80.0, "c", "q", "r", None))
    acc.observe(OfferAccepted(90.0, "c", "d", "r", 90.0))
    acc.observe(ContactCompleted(150.0, "c", "d", "r", 60.0))
    report = acc.report(now=150.0)
    assert report.queues["q"].answered == 1
    assert report.queues["q"].asa == pytest.approx(10.0)
    assert report.queues["q"].aht == pytest.approx(30.0)  # accepted at 50, transferred at 80
    assert report.queues["r"].answered == 1
    assert report.queues["r"].aht == pytest.approx(60.0)


def test_per_contact_records_can_feed_after_contact_work_directly() -> None:
    acc = MetricsAccumulator()
    acc.handled("q", 100.0)
    acc.after_contact_work("q", 30.0)
    acc.handled("q", 50.0)
    assert acc.report(0.0).queues["q"].aht == pytest.approx(90.0)
