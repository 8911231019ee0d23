"""The simulation loop, checked against the pre-drawn traffic and the engine's event trace."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np
import pytest

from frontline.domain.routing import (
    ContactAbandoned,
    ContactCompleted,
    Event,
    OfferAccepted,
)
from frontline.sim.runner import SimulationResult, simulate
from frontline.sim.scenario import Scenario
from frontline.sim.traffic import draw_traffic

ParseFn = Callable[[str], Scenario]

ONE_QUEUE = """
duration_s: {duration}
queues:
  - name: q
    required_skills: {{s: 1}}
    arrivals: {{rate_per_hour: {rate}}}
    handle_time: {handle}
{extra}agents:
  - {{count: {agents}, skills: {{s: 5}}}}
"""


def one_queue(
    parse: ParseFn,
    *,
    duration: float = 36_000,
    rate: float = 200,
    handle: str = "{distribution: exponential, mean_s: 180}",
    extra: str = "",
    agents: int = 14,
) -> Scenario:
    text = ONE_QUEUE.format(duration=duration, rate=rate, handle=handle, extra=extra, agents=agents)
    return parse(text)


def traced(scenario: Scenario, seed: int) -> tuple[SimulationResult, list[Event]]:
    events: list[Event] = []
    return simulate(scenario, seed, trace=events.append), events


def test_same_seed_same_result_and_another_seed_differs(scenario_from: ParseFn) -> None:
    scenario = one_queue(
        scenario_from, extra="    patience: {distribution: exponential, mean_s: 300}\n"
    )
    first, again, other = simulate(scenario, 5), simulate(scenario, 5), simulate(scenario, 6)
    assert first.report == again.report
    assert (first.contacts, first.events) == (again.contacts, again.events)
    assert first.report != other.report


def test_every_arrival_is_answered_or_abandoned(scenario_from: ParseFn) -> None:
    scenario = one_queue(
        scenario_from, extra="    patience: {distribution: exponential, mean_s: 60}\n"
    )
    result = simulate(scenario, 1)
    total = result.report.total
    assert result.unfinished == 0
    assert total.offered == result.contacts == total.answered + total.abandoned
    assert total.abandoned > 0
    assert result.end_s >= scenario.duration_s
    assert result.events >= 2 * result.contacts  # an arrival and an outcome each, at least


def test_handle_times_and_patience_are_the_drawn_ones(scenario_from: ParseFn) -> None:
    scenario = one_queue(
        scenario_from, agents=12, extra="    patience: {distribution: exponential, mean_s: 120}\n"
    )
    traffic = draw_traffic(scenario, np.random.default_rng(9))
    _, events = traced(scenario, 9)
    completed = [e for e in events if isinstance(e, ContactCompleted)]
    abandoned = [e for e in events if isinstance(e, ContactAbandoned)]
    assert completed and abandoned
    for done in completed:
        assert done.handled_s == pytest.approx(traffic.handle_s[int(done.contact_id)])
    for gone in abandoned:
        assert gone.waited_s == pytest.approx(traffic.patience_s[int(gone.contact_id)])
        assert traffic.patience_s[int(gone.contact_id)] < float("inf")


def test_without_patience_nobody_abandons(scenario_from: ParseFn) -> None:
    result = simulate(one_queue(scenario_from, agents=11), 2)
    assert result.report.total.abandoned == 0
    assert result.report.total.answered == result.contacts


def test_aht_is_handle_plus_wrap_up(scenario_from: ParseFn) -> None:
    scenario = one_queue(
        scenario_from,
        handle="{distribution: deterministic, value_s: 100}",
        extra="    wrap_up: 20\n",
        rate=100,
    )
    report = simulate(scenario, 3).report.queues["q"]
    assert report.aht == pytest.approx(120.0)
    assert report.answered > 900


def test_widening_lets_weaker_agents_answer_only_after_the_step(scenario_from: ParseFn) -> None:
    scenario = scenario_from(
        """
duration_s: 7200
queues:
  - name: expert
    required_skills: {s: 4}
    arrivals: {rate_per_hour: 30}
    handle_time: 60
    widening: [{after_s: 45, min_proficiency: 2}]
agents:
  - {count: 3, skills: {s: 2}}
"""
    )
    result, events = traced(scenario, 4)
    waits = [e.waited_s for e in events if isinstance(e, OfferAccepted)]
    assert len(waits) == result.contacts > 30
    assert min(waits) == pytest.approx(45.0)  # the tick at the widening step answers at once
    assert result.report.total.service_level == 0.0  # nobody within 20 s


def test_higher_priority_queue_waits_less_for_the_same_agents(scenario_from: ParseFn) -> None:
    queues = "".join(
        f"""
  - name: {name}
    required_skills: {{s: 1}}
    priority: {priority}
    arrivals: {{rate_per_hour: 100}}
    handle_time: {{distribution: exponential, mean_s: 180}}
"""
        for name, priority in (("vip", 100_000), ("normal", 0))
    )
    scenario = scenario_from(
        f"duration_s: 72000\nqueues:{queues}agents:\n  - {{count: 11, skills: {{s: 3}}}}\n"
    )
    report = simulate(scenario, 8).report.queues
    assert report["vip"].asa is not None and report["normal"].asa is not None
    assert report["vip"].asa < report["normal"].asa / 3


def test_chat_agents_hold_several_chats_up_to_capacity(scenario_from: ParseFn) -> None:
    scenario = scenario_from(
        """
duration_s: 7200
queues:
  - name: chat
    channel: chat
    required_skills: {s: 1}
    arrivals: {rate_per_hour: 120}
    handle_time: {distribution: exponential, mean_s: 600}
agents:
  - {count: 10, skills: {s: 1}, capacity: {chat: 3}}
"""
    )
    _, events = traced(scenario, 1)
    holding: dict[str, int] = defaultdict(int)
    most = 0
    for event in events:
        if isinstance(event, OfferAccepted):
            holding[event.agent_id] += 1
            most = max(most, holding[event.agent_id])
        elif isinstance(event, ContactCompleted):
            holding[event.agent_id] -= 1
    assert most == 3


def test_contacts_left_without_agents_are_reported_unfinished(scenario_from: ParseFn) -> None:
    scenario = scenario_from(
        """
duration_s: 3600
queues:
  - name: q
    required_skills: {s: 1}
    arrivals: {rate_per_hour: 100}
    handle_time: 30
agents:
  - {count: 2, skills: {s: 1}, shift: {start_s: 0, end_s: 1200}}
"""
    )
    result, events = traced(scenario, 2)
    assert result.unfinished > 30  # the last 40 minutes of arrivals wait forever
    answered_late = [e for e in events if isinstance(e, OfferAccepted) and e.at >= 1200]
    assert answered_late == []


def test_progress_reports_simulated_time(scenario_from: ParseFn) -> None:
    seen: list[float] = []
    scenario = one_queue(scenario_from, duration=360_000)
    result = simulate(scenario, 1, progress=seen.append)
    assert len(seen) >= 2
    assert seen == sorted(seen)
    assert 0 < seen[-1] <= result.end_s


def test_arrival_times_are_exact_draws_including_ones_a_subtraction_rounds_short(
    scenario_from: ParseFn,
) -> None:
    # Arrivals are not rounded to a grid any more: the engine compares with the same sum it
    # scheduled a widening step at. Some arrivals are exactly the awkward case
    # ((t + 60) - t < 60), so the widening test below exercises it.
    traffic = draw_traffic(one_queue(scenario_from, duration=360_000), np.random.default_rng(1))
    arrivals = np.asarray(traffic.arrival_s)
    assert (arrivals * 1024 != np.round(arrivals * 1024)).any()
    assert ((arrivals + 60.0) - arrivals < 60.0).any()


@pytest.mark.timeout(120)
def test_thousands_of_widened_contacts_all_get_answered(scenario_from: ParseFn) -> None:
    # Every contact waits for the widening step; for about 3 in 1,000 of them the wait
    # computed by subtraction comes out a hair short of the step (the engine used to spin).
    scenario = scenario_from(
        """
duration_s: 3600
queues:
  - name: expert
    required_skills: {s: 4}
    arrivals: {rate_per_hour: 3000}
    handle_time: 10
    widening: [{after_s: 60, min_proficiency: 1}]
agents:
  - {count: 20, skills: {s: 1}}
"""
    )
    result, events = traced(scenario, 5)
    waits = [e.waited_s for e in events if isinstance(e, OfferAccepted)]
    assert len(waits) == result.contacts > 2500
    # Nobody is answered before the step; the wait reported is a subtraction, so a contact
    # answered exactly at `arrived + 60` may show a few ulps less than 60.
    assert min(waits) == pytest.approx(60.0, abs=1e-9)
    assert sum(w < 60.0 for w in waits) > 0  # the awkward arrivals did occur, and got served


def test_a_quiet_end_of_day_counts_as_idle_time(scenario_from: ParseFn) -> None:
    scenario = scenario_from(
        """
duration_s: 7200
queues:
  - name: q
    required_skills: {s: 1}
    arrivals: {intervals_s: 1800, rates_per_hour: [60, 0, 0, 0]}
    handle_time: 30
agents:
  - {count: 1, skills: {s: 1}}
"""
    )
    result = simulate(scenario, 6)
    handled = result.report.total.answered
    assert handled == result.contacts > 10
    assert result.report.total.occupancy == pytest.approx(handled * 30 / 7200)


def test_lean_engine_mode_gives_the_same_report_as_the_full_event_stream(
    scenario_from: ParseFn,
) -> None:
    """Without a trace the loop runs the engine lean (state sink, no routine events); with one
    it sees every event. Both must report exactly the same figures, occupancy included."""
    scenario = one_queue(
        scenario_from, extra="    patience: {distribution: exponential, mean_s: 300}\n"
    )
    lean = simulate(scenario, 11)
    full, events = traced(scenario, 11)
    assert lean.report == full.report
    assert lean.report.total.occupancy is not None and lean.report.total.occupancy > 0.5
    assert any(isinstance(event, OfferAccepted) for event in events)
