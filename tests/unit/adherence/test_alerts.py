"""Out-of-adherence alerts after a grace period, dated from when the mismatch began."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from frontline.domain.wfm_schedule.alerts import out_of_adherence
from frontline.domain.wfm_schedule.rules import AdherenceRules
from frontline.domain.wfm_schedule.segments import Activity, Segment

DAY = datetime(2026, 3, 2, tzinfo=UTC)
GRACE = timedelta(minutes=5)
RULES = AdherenceRules()


def at(h: int, m: int = 0) -> datetime:
    return DAY + timedelta(hours=h, minutes=m)


DAY_PLAN = [
    Segment(3, Activity.WORK, at(9), at(12)),
    Segment(3, Activity.LUNCH, at(12), at(12, 30)),
    Segment(3, Activity.WORK, at(12, 30), at(17)),
]


def check(state: str, reason: str | None, since: datetime, now: datetime) -> object:
    return out_of_adherence(DAY_PLAN, state, reason, since, now, GRACE, RULES)


def test_late_back_from_lunch_alerts_only_after_the_grace_period() -> None:
    since = at(12, 10)  # on lunch break since 12:10, lunch ended 12:30
    assert check("break", "lunch", since, at(12, 34)) is None
    alert = check("break", "lunch", since, at(12, 35))
    assert alert is not None
    assert alert.activity is Activity.WORK and alert.since == at(12, 30)  # type: ignore[attr-defined]
    assert alert.seconds(at(12, 35)) == 300  # type: ignore[attr-defined]


def test_adherent_or_unscheduled_agents_raise_nothing() -> None:
    assert check("busy", None, at(8), at(10)) is None
    assert check("break", "lunch", at(12), at(12, 20)) is None
    assert check("offline", None, at(17), at(18)) is None  # no segment at 18:00


def test_a_no_show_is_dated_from_the_shift_start_through_lunch() -> None:
    alert = check("offline", None, at(7), at(12, 45))
    assert alert is not None and alert.since == at(9)  # type: ignore[attr-defined]


def test_the_mismatch_starts_when_the_state_began_if_that_is_later() -> None:
    alert = check("not_ready", None, at(10), at(10, 6))
    assert alert is not None and alert.since == at(10)  # type: ignore[attr-defined]
    assert check("not_ready", None, at(10, 2), at(10, 6)) is None


def test_a_gap_between_segments_restarts_the_clock() -> None:
    plan = [Segment(3, Activity.WORK, at(9), at(11)), Segment(3, Activity.WORK, at(13), at(17))]
    alert = out_of_adherence(plan, "offline", None, at(7), at(13, 6), GRACE, RULES)
    assert alert is not None and alert.since == at(13)
