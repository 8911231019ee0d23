"""Long seeded runs agree with the exact Erlang C (M/M/n) and Erlang A (M/M/n+M) values.

Oracles are published values for the textbook example (100 calls per 30 minutes, 180 s AHT,
14 agents, 20 s target; patience 300 s for Erlang A), independent of Frontline's own Erlang
code. Tolerances are four standard errors of a 200,000-customer run, estimated from the spread
of eight independent 100,000-customer runs (σ: P(wait) 0.0054, SL 0.0049, ASA 0.44 s,
occupancy 0.0032, abandonment 0.0004) divided by √2.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from frontline.sim.runner import simulate
from frontline.sim.scenario import Scenario

ParseFn = Callable[[str], Scenario]

CUSTOMERS = 200_000
DURATION_S = CUSTOMERS / (100 / 1800)


def model(patience: str = "") -> str:
    """The textbook queue as a scenario, long enough for about CUSTOMERS arrivals."""
    return (
        f"duration_s: {DURATION_S}\n"
        "queues:\n"
        "  - name: general\n"
        "    required_skills: {general: 1}\n"
        "    sl_threshold_s: 20\n"
        "    arrivals: {rate_per_hour: 200}\n"
        "    handle_time: {distribution: exponential, mean_s: 180}\n"
        f"{patience}"
        "agents:\n"
        "  - {count: 14, skills: {general: 5}}\n"
    )


@pytest.mark.slow
def test_erlang_c(scenario_from: ParseFn) -> None:
    scenario = scenario_from(model())
    result = simulate(scenario, seed=2024)
    total = result.report.total
    assert result.contacts == pytest.approx(CUSTOMERS, rel=0.01)
    assert total.p_wait == pytest.approx(0.1741319, abs=0.016)
    assert total.service_level == pytest.approx(0.88835, abs=0.014)
    assert total.asa == pytest.approx(7.836, abs=1.3)
    assert total.occupancy == pytest.approx(0.7142857, abs=0.009)
    assert total.abandoned == 0


@pytest.mark.slow
def test_erlang_a(scenario_from: ParseFn) -> None:
    patience = "    patience: {distribution: exponential, mean_s: 300}\n"
    result = simulate(scenario_from(model(patience)), seed=2025)
    total = result.report.total
    assert total.p_wait == pytest.approx(0.14526, abs=0.0125)
    assert total.abandon_rate == pytest.approx(0.013984, abs=0.0012)
    assert total.occupancy == pytest.approx(0.704297, abs=0.009)
    assert total.service_level == pytest.approx(0.916792, abs=0.01)
