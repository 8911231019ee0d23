"""The whole loop on the synthetic center: every stage's record, the per-interval rows, the
exports and the picture."""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import pytest

from frontline.service.planning import export
from frontline.service.planning.pipeline import STAGES, PlanResult, run_plan
from frontline.service.planning.plot import plan_png
from frontline.service.planning.settings import RunSettings, ServiceGoal
from frontline.wfm.erlang import staff_for_service_level
from frontline.wfm.forecast import History


@pytest.fixture
def plan(history: History, shifts_doc: dict[str, Any]) -> PlanResult:
    goal = ServiceGoal(aht_s=180, target_s=20, service_level=0.8, shrinkage=0.2)
    return run_plan(history, 5, goal, shifts_doc, RunSettings(seed=3, replications=2))


def test_rows_tie_forecast_staffing_schedule_and_simulation(plan: PlanResult) -> None:
    assert len(plan.rows) == 40
    first = plan.rows[0]
    assert first.forecast == pytest.approx(60.0)
    direct = staff_for_service_level(60 / 1800, 180, 20, 0.8, shrinkage=0.2)
    assert (first.required_agents, first.required_positions) == (
        int(direct.agents),
        int(direct.positions),
    )
    for row in plan.rows:
        assert row.scheduled >= row.required_positions
        assert row.on_phones <= row.scheduled
        assert row.missed == (not math.isnan(row.sim_sl) and row.sim_sl < 0.8)
        assert row.offered > 0
    assert set(plan.seconds) == set(STAGES)


def test_totals_summarise_the_plan(plan: PlanResult) -> None:
    totals = plan.totals
    assert totals.intervals == 40
    assert totals.missed_intervals == sum(row.missed for row in plan.rows)
    assert totals.short_intervals == 0
    assert totals.forecast_contacts == pytest.approx(5 * 640)
    assert abs(totals.simulated_contacts / 2 - 3200) < 5 * math.sqrt(3200)
    assert totals.service_level is not None and 0.7 < totals.service_level <= 1.0
    assert totals.abandon_rate == 0.0  # no patience: Erlang C callers never hang up
    assert totals.schedule_status == "optimal"
    assert totals.schedule_cost == pytest.approx(plan.schedule.result.cost)


def test_simulation_csv_has_one_row_per_interval(plan: PlanResult) -> None:
    rows = list(csv.DictReader(io.StringIO(export.simulation_csv(plan))))
    assert len(rows) == 40
    assert tuple(rows[0]) == export.SIMULATION_COLUMNS
    assert rows[0]["timestamp"] == "2003-03-31T09:00:00"
    schedule = list(csv.DictReader(io.StringIO(export.schedule_csv(plan))))
    assert sum(int(r["count"]) for r in schedule) == plan.totals.people
    summary = export.plan_summary(plan)
    assert (
        summary["days"][0] == "2003-03-31"
        and len(summary["missed"]) == plan.totals.missed_intervals
    )


def test_plot_is_a_png(plan: PlanResult) -> None:
    image = plan_png(plan)
    assert image.startswith(b"\x89PNG\r\n\x1a\n") and len(image) > 10_000
