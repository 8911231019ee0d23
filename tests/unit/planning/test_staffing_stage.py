"""Stage 2 against the Erlang module itself and the guide's published figures."""

from __future__ import annotations

import math

import numpy as np
import pytest

from frontline.service.planning.errors import PlanningError
from frontline.service.planning.settings import ServiceGoal
from frontline.service.planning.staffing_stage import erlang_service_level, staffing_stage
from frontline.wfm.erlang import erlang_a_stats, staff_for_service_level


def test_textbook_interval_needs_14_agents_and_20_positions() -> None:
    # 100 calls in 1800 s, AHT 180 s, 80% in 20 s, shrinkage 30% (docs/guides/erlang.md).
    stage = staffing_stage([100.0], 1800.0, ServiceGoal(180, 20, 0.8, shrinkage=0.3))
    assert int(stage.agents[0]) == 14 and int(stage.positions[0]) == 20
    assert stage.service_level[0] == pytest.approx(0.88835, abs=1e-5)
    assert stage.asa[0] == pytest.approx(7.836, abs=1e-3)


def test_every_interval_matches_the_erlang_module_with_patience_and_occupancy() -> None:
    contacts = np.array([0.0, 35.0, 120.0, 410.0, 380.0, 95.0])
    goal = ServiceGoal(180, 20, 0.8, patience_s=300, max_occupancy=0.85, shrinkage=0.25)
    stage = staffing_stage(contacts, 1800.0, goal)
    direct = staff_for_service_level(
        contacts / 1800.0, 180, 20, 0.8, patience=300, max_occupancy=0.85, shrinkage=0.25
    )
    np.testing.assert_array_equal(stage.agents, direct.agents)
    np.testing.assert_array_equal(stage.positions, direct.positions)
    assert int(stage.agents[0]) == 0 and math.isnan(stage.service_level[0])
    np.testing.assert_allclose(stage.service_level[1:], direct.stats.service_level[1:])


def test_erlang_service_level_of_scheduled_agents() -> None:
    goal = ServiceGoal(180, 20, 0.8)
    levels = erlang_service_level([100.0, 100.0, 0.0], 1800.0, goal, [14, 0, 3])
    assert levels[0] == pytest.approx(0.88835, abs=1e-5)
    assert levels[1] == 0.0  # calls and nobody to answer them
    assert math.isnan(levels[2])  # nothing expected
    patient = erlang_service_level([100.0], 1800.0, ServiceGoal(180, 20, 0.8, 300), [14])
    expected = erlang_a_stats(100 / 1800, 180, 300, 14, 20).service_level
    assert patient[0] == pytest.approx(float(expected)) == pytest.approx(0.916792, abs=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"service_level": 1.0}, "service level must be between 0 and 1"),
        ({"shrinkage": 1.0}, "shrinkage must be at least 0 and below 1"),
        ({"aht_s": 0.0}, "aht must be a number greater than zero"),
        ({"max_occupancy": 1.5}, "max occupancy must be above 0 and at most 1"),
    ],
)
def test_bad_goals_are_rejected_with_the_option_named(
    kwargs: dict[str, float], message: str
) -> None:
    values = {"aht_s": 180.0, "target_s": 20.0, "service_level": 0.8, **kwargs}
    with pytest.raises(PlanningError, match=message):
        ServiceGoal(**values)
