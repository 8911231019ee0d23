"""Shifts, breaks and wrap-up: agents finish the contact in hand before a break or going home."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from frontline.domain.routing import AgentState, AgentStateChanged, Event, OfferAccepted
from frontline.sim.runner import simulate
from frontline.sim.scenario import Scenario

ParseFn = Callable[[str], Scenario]

BUSY_AGENT = """
duration_s: 7200
queues:
  - name: q
    required_skills: {{s: 1}}
    arrivals: {{rate_per_hour: 120}}
    handle_time: {{distribution: exponential, mean_s: 90}}
{wrap}agents:
  - name: solo
    count: 1
    skills: {{s: 1}}
    shift: {{start_s: 600, end_s: 5000}}
    breaks: [{{start_s: 2000, duration_s: 600, reason: lunch}}]
"""


def _day(parse: ParseFn, wrap: str = "", seed: int = 3) -> list[Event]:
    events: list[Event] = []
    simulate(parse(BUSY_AGENT.format(wrap=wrap)), seed, trace=events.append)
    return events


def _changes(events: list[Event]) -> list[AgentStateChanged]:
    return [e for e in events if isinstance(e, AgentStateChanged)]


def _accepted_times(events: list[Event]) -> list[float]:
    return [e.at for e in events if isinstance(e, OfferAccepted)]


def test_login_break_and_logout_follow_the_shift(scenario_from: ParseFn) -> None:
    events = _day(scenario_from)
    changes = _changes(events)
    assert changes[0].at == 600 and changes[0].new is AgentState.AVAILABLE
    on_break = next(c for c in changes if c.new is AgentState.BREAK)
    back = next(c for c in changes if c.old is AgentState.BREAK)
    assert on_break.at >= 2000 and on_break.reason == "lunch"
    assert back.at == pytest.approx(on_break.at + 600)  # the full break, from its real start
    assert back.new is AgentState.AVAILABLE
    offline = changes[-1]
    assert offline.new is AgentState.OFFLINE and offline.at >= 5000
    accepted = _accepted_times(events)
    assert min(accepted) >= 600
    assert not [t for t in accepted if on_break.at <= t < back.at]
    assert not [t for t in accepted if t >= 5000]


def test_a_break_due_mid_call_waits_for_the_call_to_end(scenario_from: ParseFn) -> None:
    # With 2 calls a minute for one agent, it is on a call at 2000 s in practically every run.
    changes = _changes(_day(scenario_from))
    on_break = next(c for c in changes if c.new is AgentState.BREAK)
    assert on_break.old is AgentState.BUSY
    assert on_break.at > 2000


def test_wrap_up_runs_its_length_then_hands_over_to_break_and_logout(
    scenario_from: ParseFn,
) -> None:
    events = _day(scenario_from, wrap="    wrap_up: 25\n")
    changes = _changes(events)
    wrap_ends = [c for c in changes if c.old is AgentState.WRAP_UP]
    assert len(wrap_ends) > 20
    for before, after in itertools.pairwise(changes):
        if before.new is AgentState.WRAP_UP:
            assert after.at - before.at == pytest.approx(25.0)
    assert {c.new for c in wrap_ends} >= {
        AgentState.AVAILABLE,
        AgentState.BREAK,
        AgentState.OFFLINE,
    }
    assert changes[-1].new is AgentState.OFFLINE and changes[-1].old is AgentState.WRAP_UP


def test_occupancy_excludes_break_and_off_shift_time(scenario_from: ParseFn) -> None:
    scenario = scenario_from(BUSY_AGENT.format(wrap=""))
    events: list[Event] = []
    result = simulate(scenario, 3, trace=events.append)
    changes = _changes(events)
    busy = idle = 0.0
    for before, after in itertools.pairwise(changes):
        span = min(after.at, 7200) - min(before.at, 7200)
        if before.new in (AgentState.BUSY, AgentState.WRAP_UP):
            busy += span
        elif before.new is AgentState.AVAILABLE:
            idle += span
    assert result.report.total.occupancy == pytest.approx(busy / (busy + idle))
    logged_out = changes[-1].at
    assert busy + idle == pytest.approx(logged_out - 600 - 600)  # on shift minus lunch
