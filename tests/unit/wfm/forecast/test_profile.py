"""The profile method recovers a known structure exactly and learns holiday carry-over."""

from __future__ import annotations

import numpy as np
import pytest

from frontline.wfm.forecast import DayGrid, ProfileMethod, ProfileSettings, weekday_of

from .conftest import day_number

MONDAY = day_number("2024-01-01")
FACTORS = np.array([1.3, 1.0, 0.9, 0.95, 1.05])
SHAPE = np.array([1.0, 3.0, 4.0, 2.0])


def structured_grid(weeks: int, skip: tuple[int, ...] = (), bump: float = 1.0) -> DayGrid:
    """Weekdays with total = 1000 × weekday factor and a fixed shape; days after a skip × bump."""
    days = [MONDAY + 7 * w + d for w in range(weeks) for d in range(5)]
    days = [d for d in days if d not in skip]
    rows = []
    for day in days:
        total = 1000 * FACTORS[int(weekday_of(day))]
        if day - 1 in skip or (int(weekday_of(day)) == 0 and day - 3 in skip):
            total *= bump
        rows.append(total * SHAPE / SHAPE.sum())
    return DayGrid(np.asarray(days, dtype=np.int64), np.asarray(rows), 420, 60)


def test_exact_structure_is_forecast_exactly():
    grid = structured_grid(weeks=6)
    targets = np.asarray(grid.next_open_days(5))
    predicted = ProfileMethod()(grid, targets)
    expected = 1000 * FACTORS[:, None] * SHAPE[None, :] / SHAPE.sum()
    assert np.allclose(predicted, expected)


def test_fitted_model_reports_level_factors_and_shares():
    model = ProfileMethod().fit(structured_grid(weeks=6))
    assert model.level == pytest.approx(1000 * FACTORS.mean())
    assert np.allclose(model.weekday_factors[:5], FACTORS / FACTORS.mean())
    assert np.allclose(model.profiles.sum(axis=1), 1.0)
    assert np.allclose(model.profiles[2], SHAPE / SHAPE.sum())


def test_carry_over_after_holidays_is_learned_and_shrunk():
    holidays = (MONDAY + 9, MONDAY + 23)  # two Wednesdays
    grid = structured_grid(weeks=6, skip=holidays, bump=1.4)
    settings = ProfileSettings(carry_over_prior=2.0)
    model = ProfileMethod(settings).fit(grid)
    # two observed days at 1.4, shrunk with two pseudo-days at 1.0: 1 + 2/4 × 0.4
    assert model.carry_over[1] == pytest.approx(1.2)
    assert model.carry_over[2] == pytest.approx(1.0)
    # the level ignores the bumped days, so a normal day ahead is unaffected
    predicted = ProfileMethod(settings)(grid, np.asarray(grid.next_open_days(1)))
    assert predicted.sum() == pytest.approx(1000 * FACTORS[0])


def test_a_day_after_a_declared_holiday_gets_the_carry_over():
    holidays = (MONDAY + 9, MONDAY + 23)
    grid = structured_grid(weeks=6, skip=holidays, bump=1.4)
    friday = grid.next_open_days(5)[-1]
    planned = grid.with_closed([friday - 1])  # Thursday closed ahead
    predicted = ProfileMethod(ProfileSettings(carry_over_prior=2.0))(planned, np.asarray([friday]))
    assert predicted.sum() == pytest.approx(1000 * FACTORS[4] * 1.2)


def test_all_zero_history_forecasts_zero():
    grid = DayGrid(np.arange(MONDAY, MONDAY + 5, dtype=np.int64), np.zeros((5, 4)), 420, 60)
    predicted = ProfileMethod()(grid, np.asarray([MONDAY + 7]))
    assert np.array_equal(predicted, np.zeros((1, 4)))
