"""Schedule lines become agent groups with the right login, break and logout times."""

from __future__ import annotations

import math

from frontline.service.planning.calendar import PlanCalendar
from frontline.service.planning.sim_roster import agents_on_duty, groups_for_stretch
from frontline.wfm.scheduling import PlacedBreak, ScheduledLine, ShiftType

MONDAY = 12352
CALENDAR = PlanCalendar((MONDAY, MONDAY + 1), 9 * 60, 8, 30)  # 09:00-13:00, two days


def shifts() -> dict[str, ShiftType]:
    return {
        "early": ShiftType("early", tuple(range(16, 24)), 4),  # 08:00-12:00 on day 0
        "late": ShiftType("late", tuple(range(48 + 22, 48 + 30)), 4),  # 11:00-15:00 on day 1
    }


def test_groups_keep_shift_and_break_times_from_opening() -> None:
    lines = [ScheduledLine("early", 3, (PlacedBreak("tea", 4, (20,)),))]
    day0, day1 = CALENDAR.stretches()
    (group,) = groups_for_stretch(CALENDAR, day0, lines, shifts())
    assert group.count == 3
    assert group.shift_start_s == 0.0  # starts 08:00, before opening: logs in at 09:00
    assert group.shift_end_s == 3 * 3600.0  # 12:00
    (tea,) = group.breaks
    assert (tea.start_s, tea.duration_s) == (3600.0, 1800.0)  # 10:00 for 30 min
    assert groups_for_stretch(CALENDAR, day1, lines, shifts()) == ()


def test_people_on_duty_at_closing_stay_until_the_queue_is_empty() -> None:
    day1 = CALENDAR.stretches()[1]
    (group,) = groups_for_stretch(CALENDAR, day1, [ScheduledLine("late", 2)], shifts())
    assert group.shift_start_s == 2 * 3600.0  # 11:00
    assert math.isinf(group.shift_end_s)


def test_shrinkage_keeps_the_expected_share_in_login_order() -> None:
    lines = [ScheduledLine("early", 5), ScheduledLine("late", 5)]
    many = {"early": shifts()["early"], "late": ShiftType("late", tuple(range(22, 30)), 4)}
    day0 = CALENDAR.stretches()[0]
    kept = groups_for_stretch(CALENDAR, day0, lines, many, shrinkage=0.3)
    assert [g.count for g in kept] == [4, 3]  # 3.5 -> 4, 7.0 -> 7 in all
    assert sum(g.count for g in kept) == 7


def test_agents_on_duty_counts_breaks_out() -> None:
    lines = [ScheduledLine("early", 3, (PlacedBreak("tea", 4, (20,)),))]
    groups = groups_for_stretch(CALENDAR, CALENDAR.stretches()[0], lines, shifts())
    assert agents_on_duty(groups, [900.0, 4500.0, 9900.0, 11700.0]) == [3, 0, 3, 0]
