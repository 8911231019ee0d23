"""Unstable scenarios are flagged; per-interval series add up to what happened in the day."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from frontline.domain.routing import ContactAbandoned, Event, OfferAccepted
from frontline.sim.runner import simulate
from frontline.sim.scenario import Scenario
from frontline.sim.stability import instability_warnings, offered_load

ParseFn = Callable[[str], Scenario]


def _scenario(parse: ParseFn, agents: str, patience: str = "") -> Scenario:
    return parse(
        f"""
duration_s: 7200
queues:
  - name: q
    required_skills: {{s: 1}}
    arrivals: {{rate_per_hour: 200}}
    handle_time: {{distribution: exponential, mean_s: 180}}
{patience}agents:
{agents}"""
    )


def test_offered_load_counts_handle_and_wrap_up(scenario_from: ParseFn) -> None:
    scenario = _scenario(scenario_from, "  - {count: 12, skills: {s: 1}}\n", "    wrap_up: 18\n")
    assert offered_load(scenario.queues[0], scenario.duration_s) == pytest.approx(11.0)


@pytest.mark.parametrize(
    ("agents", "patience", "unstable"),
    [
        ("  - {count: 10, skills: {s: 1}}\n", "", True),  # a = n = 10 Erlangs: no steady state
        ("  - {count: 11, skills: {s: 1}}\n", "", False),
        ("  - {count: 10, skills: {s: 1}}\n", "    patience: 300\n", False),  # Erlang A is stable
        # 20 agents, but each works only half the day: 10 on average
        ("  - {count: 20, skills: {s: 1}, shift: {start_s: 0, end_s: 3600}}\n", "", True),
        # 12 agents minus a 20-minute break each over 2 hours: 10 on average
        ("  - {count: 12, skills: {s: 1}, breaks: [{start_s: 0, duration_s: 1200}]}\n", "", True),
    ],
)
def test_instability_is_flagged(
    scenario_from: ParseFn, agents: str, patience: str, unstable: bool
) -> None:
    scenario = _scenario(scenario_from, agents, patience)
    warnings = instability_warnings(scenario)
    assert bool(warnings) is unstable
    if unstable:
        assert warnings[0].startswith("unstable: queue 'q' is offered 10.00 Erlangs")
        assert not simulate(scenario, 1).stable


def test_timeline_adds_up_to_the_outcomes_and_waits_of_the_day(scenario_from: ParseFn) -> None:
    scenario = _scenario(scenario_from, "  - {count: 10, skills: {s: 1}}\n", "    patience: 120\n")
    events: list[Event] = []
    result = simulate(scenario, 4, timeline_interval_s=900, trace=events.append)
    timeline = result.timeline
    assert timeline is not None
    assert len(timeline.offered) == 8  # 2 hours in quarter hours
    outcomes = [e for e in events if isinstance(e, OfferAccepted | ContactAbandoned)]
    in_day = [e for e in outcomes if e.at < 7200]
    assert sum(timeline.offered) == len(in_day)
    quick = [e for e in in_day if isinstance(e, OfferAccepted) and e.waited_s <= 20]
    assert sum(timeline.within_threshold) == len(quick)
    # the waiting area is the sum of every contact's wait inside the day
    waited = sum(min(e.at, 7200) - min(e.at - e.waited_s, 7200) for e in outcomes if e.waited_s > 0)
    assert sum(timeline.waiting_area) == pytest.approx(waited)
    assert all(math.isnan(v) or 0 <= v <= 1 for v in timeline.service_levels())
    assert max(timeline.mean_waiting()) > 0
