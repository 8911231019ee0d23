"""Schedule validation: clear messages naming the agent, the activity and the times."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from frontline.bootstrap import load_adherence_rules
from frontline.config import ConfigError
from frontline.domain.wfm_schedule.rules import AdherenceRules
from frontline.domain.wfm_schedule.schedule import Schedule, ScheduleStatus, day_bounds
from frontline.domain.wfm_schedule.segments import (
    Activity,
    ScheduleError,
    Segment,
    carve,
    check_no_overlaps,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def seg(agent: int, activity: str, start_h: float, end_h: float) -> Segment:
    return Segment(
        agent, Activity(activity), T0 + timedelta(hours=start_h), T0 + timedelta(hours=end_h)
    )


def test_overlap_names_the_agent_both_activities_and_times() -> None:
    segments = [seg(7, "work", 0, 8), seg(7, "training", 7.5, 9), seg(8, "work", 0, 8)]
    with pytest.raises(ScheduleError) as caught:
        check_no_overlaps(segments, {7: "ann"})
    assert str(caught.value) == (
        "overlapping segments for agent 7 (ann) work 2026-03-02 09:00–17:00 UTC and "
        "training 2026-03-02 16:30–18:00 UTC"
    )


def test_touching_segments_and_other_agents_do_not_overlap() -> None:
    ordered = check_no_overlaps([seg(1, "work", 3, 8), seg(2, "work", 0, 8), seg(1, "lunch", 2, 3)])
    assert [(s.agent_id, s.activity) for s in ordered] == [
        (1, Activity.LUNCH),
        (1, Activity.WORK),
        (2, Activity.WORK),
    ]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: seg(1, "work", 8, 8), "agent 1 work 2026-03-02 17:00–17:00 UTC: the end must be"),
        (lambda: seg(1, "work", 0, 200), "at most 7 days"),
        (lambda: Segment(1, "nap", T0, T0 + timedelta(hours=1)), "unknown activity 'nap'"),  # type: ignore[arg-type]
        (lambda: Segment(1, Activity.WORK, T0.replace(tzinfo=None), T0), "time zone"),
    ],
)
def test_bad_segments_are_refused_with_the_reason(build: object, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        build()  # type: ignore[operator]


def test_carve_splits_a_shift_around_its_breaks_and_covers_it_exactly() -> None:
    shift = seg(1, "work", 0, 8)
    day = carve(shift, [seg(1, "break", 5.5, 5.75), seg(1, "lunch", 3, 3.5)])
    assert [(s.activity.value, s.start.hour, s.start.minute) for s in day] == [
        ("work", 9, 0),
        ("lunch", 12, 0),
        ("work", 12, 30),
        ("break", 14, 30),
        ("work", 14, 45),
    ]
    assert sum(s.seconds for s in day) == shift.seconds
    with pytest.raises(ScheduleError, match="lies outside"):
        carve(shift, [seg(1, "lunch", 7.5, 8.5)])


def test_schedule_dates_status_and_day_bounds_across_a_clock_change() -> None:
    made = datetime(2026, 3, 1, tzinfo=UTC)
    with pytest.raises(ScheduleError, match="ends"):
        Schedule("week 10", date(2026, 3, 8), date(2026, 3, 2), made)
    with pytest.raises(ScheduleError, match="at most 62 days"):
        Schedule("year", date(2026, 1, 1), date(2026, 12, 31), made)
    week = Schedule("week 10", date(2026, 3, 2), date(2026, 3, 8), made)
    assert week.status is ScheduleStatus.DRAFT
    london = ZoneInfo("Europe/London")
    start, end = day_bounds(date(2026, 3, 29), london)  # clocks go forward: a 23-hour day
    assert (end - start) == timedelta(hours=23)
    with pytest.raises(ScheduleError, match="starts outside the schedule's days"):
        week.check_dates([seg(1, "work", 24 * 7, 24 * 7 + 8)], london)


def test_rules_refuse_unknown_states_and_activities() -> None:
    with pytest.raises(ScheduleError, match="unknown state 'napping'"):
        AdherenceRules.from_config({"work": ["napping"]})
    with pytest.raises(ScheduleError, match="unknown activity 'siesta'"):
        AdherenceRules.from_config({"siesta": ["offline"]})


def test_a_rules_file_replaces_entries_and_a_bad_one_names_itself(tmp_path: Path) -> None:
    good = tmp_path / "rules.yaml"
    good.write_text('lunch: ["break:meal"]\n', encoding="utf-8")
    rules = load_adherence_rules(good)
    assert rules.admits(Activity.LUNCH, "break", "meal")
    assert not rules.admits(Activity.LUNCH, "break", "lunch")
    assert load_adherence_rules(None) == AdherenceRules()
    bad = tmp_path / "bad.yaml"
    bad.write_text("work: [napping]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"FRONTLINE_ADHERENCE_RULES \(.*bad.yaml\): .*'napping'"):
        load_adherence_rules(bad)
