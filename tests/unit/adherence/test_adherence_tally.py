"""Adherence and conformance on small days worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from frontline.domain.wfm_schedule.adherence import AdherenceTally, StateSpan, tally
from frontline.domain.wfm_schedule.rules import AdherenceRules
from frontline.domain.wfm_schedule.segments import Activity, Segment

RULES = AdherenceRules()
DAY = datetime(2026, 3, 2, tzinfo=UTC)


def at(clock: str) -> datetime:
    hours, minutes = clock.split(":")
    return DAY + timedelta(hours=int(hours), minutes=int(minutes))


def seg(activity: Activity, start: str, end: str) -> Segment:
    return Segment(1, activity, at(start), at(end))


def span(state: str, start: str, end: str | None, reason: str | None = None) -> StateSpan:
    return StateSpan(state, reason, at(start), at(end) if end else None)


NINE_TO_FIVE_WITH_LUNCH = [
    seg(Activity.WORK, "09:00", "12:00"),
    seg(Activity.LUNCH, "12:00", "12:30"),
    seg(Activity.WORK, "12:30", "17:00"),
]


def test_the_worked_example_of_the_guide() -> None:
    """Scheduled 09:00-17:00 with lunch 12:00-12:30; available 09:05-12:10, lunch break
    12:10-12:40, available 12:40-17:00. Adherent: 09:05-12:00 (175 min) + 12:10-12:30 on lunch
    (20) + 12:40-17:00 (260) = 455 of 480 scheduled minutes; out of adherence 25 minutes.
    Worked 185 + 260 = 445 of 450 scheduled work minutes."""
    states = [
        span("offline", "00:00", "09:05"),
        span("available", "09:05", "12:10"),
        span("break", "12:10", "12:40", "lunch"),
        span("available", "12:40", "17:00"),
        span("offline", "17:00", None),
    ]
    result = tally(NINE_TO_FIVE_WITH_LUNCH, states, at("00:00"), at("23:59"), RULES)
    assert result.scheduled_s == 480 * 60
    assert result.adherent_s == 455 * 60
    assert result.out_of_adherence_s == 25 * 60
    assert result.adherence == pytest.approx(455 / 480)
    assert result.work_scheduled_s == 450 * 60
    assert result.worked_s == 445 * 60
    assert result.conformance == pytest.approx(445 / 450)


def test_busy_and_wrap_up_count_as_work_but_a_wrong_break_reason_does_not() -> None:
    states = [
        span("available", "09:00", "10:00"),
        span("busy", "10:00", "10:20"),
        span("wrap_up", "10:20", "10:25"),
        span("reserved", "10:25", "10:26"),
        span("break", "10:26", "12:00", "personal"),  # on work time: 94 min out
        span("break", "12:00", "12:30", "personal"),  # lunch asks for reason lunch: 30 min out
        span("available", "12:30", "17:00"),
    ]
    result = tally(NINE_TO_FIVE_WITH_LUNCH, states, at("00:00"), at("23:59"), RULES)
    assert result.adherent_s == (86 + 270) * 60
    assert result.out_of_adherence_s == (94 + 30) * 60
    assert result.worked_s == (86 + 270) * 60


def test_today_is_counted_only_up_to_now_and_open_states_run_until_then() -> None:
    states = [span("offline", "00:00", "09:10"), span("available", "09:10", None)]
    result = tally(NINE_TO_FIVE_WITH_LUNCH, states, at("00:00"), at("10:00"), RULES)
    assert result.scheduled_s == 60 * 60
    assert result.adherent_s == 50 * 60
    assert result.conformance == pytest.approx(50 / 60)


def test_off_time_is_excluded_and_unscheduled_work_only_raises_conformance() -> None:
    segments = [seg(Activity.OFF, "00:00", "09:00"), seg(Activity.WORK, "09:00", "13:00")]
    states = [span("available", "08:00", "14:00")]
    result = tally(segments, states, at("00:00"), at("23:59"), RULES)
    assert result.scheduled_s == 4 * 3600  # the off hours are not scheduled time
    assert result.adherence == 1.0
    assert result.conformance == pytest.approx(6 / 4)  # overtime before and after


def test_nothing_scheduled_means_no_ratio_not_zero_or_one() -> None:
    result = tally([], [span("available", "09:00", "10:00")], at("00:00"), at("23:59"), RULES)
    assert result.adherence is None and result.conformance is None
    assert result.worked_s == 3600


def test_team_figures_are_minute_weighted_sums() -> None:
    full = AdherenceTally(scheduled_s=480, adherent_s=480, work_scheduled_s=480, worked_s=480)
    half = AdherenceTally(scheduled_s=240, adherent_s=0, work_scheduled_s=240, worked_s=120)
    team = full + half
    assert team.adherence == pytest.approx(480 / 720)  # not the mean of 100 % and 0 %
    assert team.conformance == pytest.approx(600 / 720)


def test_training_and_meetings_accept_not_ready_and_their_break_reason() -> None:
    segments = [seg(Activity.TRAINING, "09:00", "10:00"), seg(Activity.MEETING, "10:00", "11:00")]
    states = [
        span("break", "09:00", "09:30", "training"),
        span("not_ready", "09:30", "10:15"),
        span("break", "10:15", "10:45", "meeting"),
        span("break", "10:45", "11:00", "lunch"),
    ]
    result = tally(segments, states, at("00:00"), at("23:59"), RULES)
    assert result.adherent_s == (30 + 30 + 15 + 30) * 60
    assert result.out_of_adherence_s == 15 * 60
    assert result.work_scheduled_s == 0 and result.conformance is None


def test_configured_rules_replace_one_activity_only() -> None:
    rules = AdherenceRules.from_config({"lunch": ["break:meal", "not_ready"]})
    assert rules.admits(Activity.LUNCH, "break", "meal")
    assert rules.admits(Activity.LUNCH, "not_ready", None)
    assert not rules.admits(Activity.LUNCH, "break", "lunch")
    assert rules.admits(Activity.WORK, "busy", None)  # untouched default
