"""SLA clock: due dates over weekends, holidays and DST, pause/resume, met/breached, and
warning-then-breach events emitted exactly once."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.crm.conftest import berlin, new_case, new_york, utc

from frontline.domain.crm.business_calendar import BusinessCalendar
from frontline.domain.crm.case_records import EntryKind
from frontline.domain.crm.case_status import CaseStatus, Priority
from frontline.domain.crm.cases import Case
from frontline.domain.crm.errors import InvalidSlaPolicy
from frontline.domain.crm.sla import SlaPolicy, SlaPolicyBook, SlaTarget, WarningRule
from frontline.domain.crm.sla_clock import SlaBreached, SlaReport, SlaState, SlaWarning, evaluate

H = timedelta(hours=1)
URGENT = SlaPolicy("urgent", first_response=2 * H, resolution=8 * H)
BOOK = SlaPolicyBook(
    {
        ("urgent", "*"): URGENT,
        ("normal", "billing"): SlaPolicy("billing", first_response=4 * H, resolution=16 * H),
        ("*", "*"): SlaPolicy("default", resolution=40 * H),
    }
)


def report(
    case: Case, now: datetime, cal: BusinessCalendar, emitted: Collection[str] = ()
) -> SlaReport:
    return evaluate(case, now, policies=BOOK, calendar=cal, emitted=emitted)


def test_due_dates_cross_the_weekend_and_spring_forward(office: BusinessCalendar) -> None:
    case = new_case(berlin(2024, 3, 29, 17), priority=Priority.URGENT)  # Friday 17:00
    result = report(case, berlin(2024, 3, 29, 17, 30), office)
    first = result.status(SlaTarget.FIRST_RESPONSE)
    resolution = result.status(SlaTarget.RESOLUTION)
    assert first is not None and resolution is not None
    assert first.state is SlaState.OK and first.remaining_s == 1.5 * 3600
    assert first.due_at == berlin(2024, 3, 30, 10)  # 1 h Friday + 1 h Saturday
    assert first.warn_at == berlin(2024, 3, 30, 9, 36)  # 80 % of 2 h = 96 min
    # 8 h: Fri 1 h, Sat 4 h, then Monday 1 April (after the clocks went forward) 08:00 + 3 h.
    assert resolution.due_at == berlin(2024, 4, 1, 11)
    assert resolution.due_at.utcoffset() == timedelta(0)  # reported in UTC: 09:00Z
    assert result.events == ()


def test_warning_then_breach_each_exactly_once(office: BusinessCalendar) -> None:
    case = new_case(berlin(2024, 3, 29, 17), priority=Priority.URGENT)
    emitted: set[str] = set()
    seen = []
    for now in (
        berlin(2024, 3, 29, 17, 59),
        berlin(2024, 3, 30, 9, 40),
        berlin(2024, 3, 30, 9, 50),
        berlin(2024, 3, 30, 10, 1),
        berlin(2024, 3, 31, 12),
    ):
        events = report(case, now, office, emitted).events
        emitted |= {e.key for e in events}
        seen += [(type(e), e.target, e.at) for e in events]
    assert seen == [
        (SlaWarning, SlaTarget.FIRST_RESPONSE, berlin(2024, 3, 30, 9, 36)),
        (SlaBreached, SlaTarget.FIRST_RESPONSE, berlin(2024, 3, 30, 10)),
    ]


def test_late_first_evaluation_reports_warning_and_breach_in_order(
    office: BusinessCalendar,
) -> None:
    case = new_case(berlin(2024, 3, 29, 17), priority=Priority.URGENT)
    result = report(case, berlin(2024, 4, 1, 12), office)
    kinds = [(type(e).__name__, e.target.value) for e in result.events]
    assert kinds == [
        ("SlaWarning", "first_response"),
        ("SlaBreached", "first_response"),
        ("SlaWarning", "resolution"),
        ("SlaBreached", "resolution"),
    ]
    assert [e.at for e in result.events] == sorted(e.at for e in result.events)


def test_pending_customer_pauses_and_resumes(office: BusinessCalendar) -> None:
    case = new_case(berlin(2024, 3, 4, 9), priority=Priority.NORMAL, category="billing")
    case.add_entry(
        EntryKind.PUBLIC_REPLY, "Please send the invoice", "user:1", berlin(2024, 3, 4, 10)
    )
    case.change_status(CaseStatus.PENDING_CUSTOMER, berlin(2024, 3, 4, 10), "user:1")
    paused = report(case, berlin(2024, 3, 5, 17), office).status(SlaTarget.RESOLUTION)
    assert paused is not None and paused.state is SlaState.PAUSED
    assert paused.due_at is None and paused.remaining_s == 15 * 3600
    # Customer answers on Wednesday 09:00: 15 h left → Wed 8 h (09-12, 13-18) + Thu 7 h.
    case.add_entry(EntryKind.CUSTOMER_MESSAGE, "Attached", "customer:7", berlin(2024, 3, 6, 9))
    resumed = report(case, berlin(2024, 3, 6, 9, 30), office).status(SlaTarget.RESOLUTION)
    assert resumed is not None and resumed.state is SlaState.OK
    assert resumed.elapsed_s == 1.5 * 3600
    assert resumed.due_at == berlin(2024, 3, 7, 16)  # Thu 08-12 (4 h) + 13-16 (3 h)
    first = report(case, berlin(2024, 3, 6, 9, 30), office).status(SlaTarget.FIRST_RESPONSE)
    assert first is not None and first.state is SlaState.MET and first.elapsed_s == 3600


@pytest.mark.parametrize(
    ("pause_on_hold", "expected"), [(False, SlaState.OK), (True, SlaState.PAUSED)]
)
def test_on_hold_pauses_only_when_the_policy_says_so(
    office: BusinessCalendar, pause_on_hold: bool, expected: SlaState
) -> None:
    book = SlaPolicyBook(
        {("*", "*"): SlaPolicy("p", resolution=8 * H, pause_on_hold=pause_on_hold)}
    )
    case = new_case(berlin(2024, 3, 4, 9))
    case.change_status(CaseStatus.ON_HOLD, berlin(2024, 3, 4, 10), "user:1")
    status = evaluate(case, berlin(2024, 3, 4, 11), policies=book, calendar=office)
    resolution = status.status(SlaTarget.RESOLUTION)
    assert resolution is not None and resolution.state is expected
    assert resolution.elapsed_s == (3600 if pause_on_hold else 7200)


def test_resolution_met_then_reopen_continues_the_clock(office: BusinessCalendar) -> None:
    case = new_case(berlin(2024, 3, 4, 9), priority=Priority.URGENT)
    case.add_entry(EntryKind.PUBLIC_REPLY, "Fixed", "user:1", berlin(2024, 3, 4, 9, 30))
    case.resolve(berlin(2024, 3, 4, 11), "user:1", pending_script_steps=())
    met = report(case, berlin(2024, 3, 5, 9), office).status(SlaTarget.RESOLUTION)
    assert met is not None and met.state is SlaState.MET and met.elapsed_s == 2 * 3600
    case.reopen(berlin(2024, 3, 5, 9), "user:1", "not fixed after all")
    again = report(case, berlin(2024, 3, 5, 10), office).status(SlaTarget.RESOLUTION)
    assert again is not None and again.elapsed_s == 3 * 3600  # resolved night not counted
    assert again.due_at == berlin(2024, 3, 5, 16)  # 6 h left at 09:00: 09-12, 13-16


def test_resolved_after_due_stays_breached(office: BusinessCalendar) -> None:
    case = new_case(berlin(2024, 3, 4, 9), priority=Priority.URGENT)
    case.resolve(berlin(2024, 3, 5, 10), "user:1", pending_script_steps=())
    result = report(case, berlin(2024, 3, 6, 9), office)
    resolution = result.status(SlaTarget.RESOLUTION)
    assert resolution is not None and resolution.state is SlaState.BREACHED
    assert [type(e) for e in result.events if e.target is SlaTarget.RESOLUTION] == [SlaBreached]
    # First response: resolving answers the customer, but 2 h were long gone by then.
    first = result.status(SlaTarget.FIRST_RESPONSE)
    assert first is not None and first.state is SlaState.BREACHED


def test_holiday_moves_the_due_date() -> None:
    cal = BusinessCalendar(
        "America/New_York", {d: ["09:00-17:00"] for d in range(5)}, holidays=[date(2024, 7, 4)]
    )
    case = new_case(new_york(2024, 7, 3, 16), priority=Priority.URGENT)
    first = report(case, new_york(2024, 7, 3, 16), cal).status(SlaTarget.FIRST_RESPONSE)
    assert first is not None and first.due_at == new_york(2024, 7, 5, 10)


def test_fall_back_weekend_in_new_york() -> None:
    cal = BusinessCalendar("America/New_York", {"sun": ["00:00-06:00"], "mon": ["09:00-17:00"]})
    case = new_case(new_york(2024, 11, 3), priority=Priority.URGENT)
    # Sunday 00:00-06:00 lasts 7 real hours on 3 Nov 2024: 2 h end at the *second* 01:00
    # (EST, 06:00Z); 8 h = 7 h to 06:00 EST + 1 h on Monday → Monday 10:00.
    result = report(case, new_york(2024, 11, 3), cal)
    first, resolution = result.statuses
    assert first.due_at == utc(2024, 11, 3, 6)
    local = first.due_at.astimezone(new_york(2024, 1, 1).tzinfo)
    assert (local.hour, local.fold, local.tzname()) == (1, 1, "EST")
    assert resolution.due_at == new_york(2024, 11, 4, 10)


def test_priority_change_re_arms_events_for_the_new_target(office: BusinessCalendar) -> None:
    case = new_case(berlin(2024, 3, 4, 9), category="billing")  # normal/billing: 4 h
    # 80 % of 4 h = 3 h 12 min: 09-12 and 13:00-13:12.
    emitted = {e.key for e in report(case, berlin(2024, 3, 4, 13, 15), office).events}
    assert emitted == {"first_response.warning.14400"}
    case.set_priority(Priority.URGENT, berlin(2024, 3, 4, 13, 15), "user:2")  # now 2 h
    events = report(case, berlin(2024, 3, 4, 13, 15), office, emitted).events
    assert {(type(e), e.target) for e in events} == {
        (SlaWarning, SlaTarget.FIRST_RESPONSE),
        (SlaBreached, SlaTarget.FIRST_RESPONSE),
    }


def test_policy_lookup_falls_back_to_wildcards() -> None:
    assert BOOK.policy_for(Priority.URGENT, "billing") is URGENT
    assert BOOK.policy_for(Priority.NORMAL, "Billing").name == "billing"  # type: ignore[union-attr]
    assert BOOK.policy_for(Priority.LOW, "other").name == "default"  # type: ignore[union-attr]
    assert SlaPolicyBook({}).policy_for(Priority.LOW, "x") is None


def test_warning_rule_takes_the_earlier_moment() -> None:
    rule = WarningRule(fraction=0.8, before=timedelta(minutes=30))
    assert rule.threshold(timedelta(minutes=10)) == timedelta(0)
    assert rule.threshold(10 * H) == 8 * H
    assert WarningRule(fraction=None, before=timedelta(minutes=15)).threshold(H) == 0.75 * H


def test_policies_from_plain_rows() -> None:
    book = SlaPolicyBook.from_spec(
        [
            {
                "priority": "urgent",
                "category": "*",
                "first_response_minutes": 15,
                "resolution_minutes": 240,
                "warn_minutes_before": 5,
            },
            {"priority": "*", "category": "*", "resolution_minutes": 2400, "pause_on_hold": True},
        ]
    )
    urgent = book.policy_for(Priority.URGENT, "x")
    assert urgent is not None and urgent.first_response == timedelta(minutes=15)
    assert urgent.warning.threshold(timedelta(minutes=15)) == timedelta(minutes=10)
    with pytest.raises(InvalidSlaPolicy, match="unknown priority"):
        SlaPolicyBook.from_spec([{"priority": "asap", "resolution_minutes": 5}])
    with pytest.raises(InvalidSlaPolicy, match="no target"):
        SlaPolicyBook.from_spec([{"priority": "low"}])
    with pytest.raises(InvalidSlaPolicy, match="positive"):
        SlaPolicyBook.from_spec([{"priority": "low", "resolution_minutes": 0}])


CHECKS = st.lists(st.integers(min_value=0, max_value=7 * 24 * 60), min_size=1, max_size=25)


@settings(max_examples=60, deadline=None)
@given(CHECKS, st.integers(min_value=0, max_value=3 * 24 * 60))
def test_any_evaluation_schedule_emits_each_event_once_in_order(
    minutes: list[int], pause_after: int
) -> None:
    """However often and whenever `evaluate` runs, the union of emitted events is the same."""
    cal = BusinessCalendar("Europe/Berlin", {d: ["08:00-18:00"] for d in range(6)})
    start = berlin(2024, 10, 25, 16)  # Friday before the clocks go back
    case = new_case(start, priority=Priority.URGENT)
    case.change_status(CaseStatus.PENDING_CUSTOMER, start + timedelta(minutes=pause_after), "u")
    case.add_entry(
        EntryKind.CUSTOMER_MESSAGE,
        "back",
        "customer:7",
        start + timedelta(minutes=pause_after + 600),
    )
    emitted: list[str] = []
    for offset in sorted(minutes):
        now: datetime = start + timedelta(minutes=offset)
        emitted += [e.key for e in report(case, now, cal, set(emitted)).events]
    final = report(case, start + timedelta(days=8), cal)
    everything = [e.key for e in final.events]
    assert len(emitted) == len(set(emitted))
    assert set(emitted) <= set(everything)
    for target in ("first_response", "resolution"):
        ours = [k for k in emitted if k.startswith(target)]
        assert ours == sorted(ours, key=lambda k: "breached" in k)  # warning before breach
