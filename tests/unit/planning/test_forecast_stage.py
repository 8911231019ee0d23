"""Stage 1: the horizon in open days, whole days only, and the history rule on the horizon."""

from __future__ import annotations

import numpy as np
import pytest

from frontline.service.planning.errors import PlanningError
from frontline.service.planning.forecast_stage import forecast_stage, open_days_in_weeks
from frontline.wfm.forecast import History, weekday_of


def test_a_week_of_a_weekday_center_is_five_open_days(history: History) -> None:
    assert open_days_in_weeks(history, 1) == 5
    assert open_days_in_weeks(history, 2) == 10


def test_forecast_covers_the_next_open_days_in_the_daily_window(history: History) -> None:
    stage = forecast_stage(history, 5)
    calendar = stage.calendar
    assert len(calendar.days) == 5
    assert [int(w) for w in weekday_of(np.asarray(calendar.days))] == [0, 1, 2, 3, 4]
    assert calendar.days[0] == int(history.grid.days[-1]) + 3  # Friday -> Monday
    assert calendar.first_minute == 9 * 60 and calendar.slots == 8
    # The history repeats one shape exactly, so every method forecasts it back.
    np.testing.assert_allclose(stage.mean[:8], [60, 80, 100, 100, 90, 80, 70, 60], rtol=1e-9)
    assert np.all(stage.lower <= stage.mean) and np.all(stage.mean <= stage.upper)


def test_a_horizon_longer_than_the_history_names_the_rule(history: History) -> None:
    days = len(history.grid.days)
    with pytest.raises(PlanningError, match="longer than the history supports"):
        forecast_stage(history, days + 1)


def test_an_unfinished_last_day_is_not_planned(history: History) -> None:
    partial = History(
        history.grid, today=int(history.grid.days[-1]) + 3, today_values=np.asarray([50.0, 70.0])
    )
    stage = forecast_stage(partial, 1)
    assert stage.calendar.n_rows == 8
    assert stage.calendar.days[0] == int(history.grid.days[-1]) + 3
