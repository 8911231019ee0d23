"""Callback offers: keep the place in line, or a chosen time inside business hours."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from tests.unit.flows.fakes import (
    CALLER,
    MONDAY_3PM_NEW_YORK,
    Backends,
    contact_center_hours,
    load_example,
    run_script,
    said,
)

from frontline.domain.callbacks import (
    CallbackMode,
    CallbackPolicy,
    CallbackTimeRejected,
    due,
    keep_place,
    next_occurrence,
    open_slots,
    parse_clock,
    schedule_at,
    should_offer,
)
from frontline.domain.channels import Channel
from frontline.domain.flows import DigitsInput, FlowOutcome, ScheduleCallback, TextInput
from frontline.domain.org.errors import InvalidValue

HOURS = contact_center_hours()
NOW = MONDAY_3PM_NEW_YORK  # 15:00 in New York
BANK = load_example("bank_ivr.yaml")
TO_OFFER = [DigitsInput("1"), DigitsInput("2"), TextInput("exchange rate please")]


def test_offer_only_above_the_threshold() -> None:
    assert not should_offer(120, 120)
    assert should_offer(120.5, 120)


def test_keep_place_is_released_now_and_ordered_by_queue_entry() -> None:
    joined = NOW - timedelta(minutes=4)
    request = keep_place("general", CALLER, joined_queue_at=joined, now=NOW, priority=5)
    assert request.mode is CallbackMode.KEEP_PLACE
    assert (request.release_at, request.ordering_at) == (NOW, joined)
    with pytest.raises(InvalidValue):
        keep_place("general", CALLER, joined_queue_at=NOW + timedelta(seconds=1), now=NOW)
    with pytest.raises(InvalidValue, match=r"E\.164"):
        keep_place("general", "555-0123", joined_queue_at=NOW, now=NOW)


@pytest.mark.parametrize(
    ("at", "reason"),
    [
        (NOW + timedelta(minutes=2), "at least 5 minutes ahead"),
        (NOW + timedelta(days=8), "within 7 days"),
        (datetime(2024, 5, 7, 1, 30, tzinfo=UTC), "outside business hours"),  # 21:30 NY
        (datetime(2024, 5, 11, 15, 0, tzinfo=UTC), "outside business hours"),  # Saturday
        (datetime(2024, 5, 6, 20, 0), "time zone"),
    ],
)
def test_scheduled_time_is_validated(at: datetime, reason: str) -> None:
    with pytest.raises(CallbackTimeRejected, match=reason):
        schedule_at("general", CALLER, at, schedule=HOURS, now=NOW)


def test_scheduled_time_inside_hours_is_accepted() -> None:
    at = datetime(2024, 5, 7, 13, 30, tzinfo=UTC)  # Tuesday 09:30 in New York
    request = schedule_at("general", CALLER, at, schedule=HOURS, now=NOW)
    assert request.mode is CallbackMode.SCHEDULED and request.release_at == at


def test_clock_parsing_and_next_occurrence() -> None:
    assert parse_clock("1430") == time(14, 30)
    assert parse_clock("9:05") == time(9, 5)
    assert parse_clock("2460") is None and parse_clock("noon") is None
    assert next_occurrence(time(16, 0), "America/New_York", NOW) == datetime(
        2024, 5, 6, 20, 0, tzinfo=UTC
    )
    tomorrow = next_occurrence(time(9, 0), "America/New_York", NOW)
    assert tomorrow.astimezone(UTC) == datetime(2024, 5, 7, 13, 0, tzinfo=UTC)


def test_open_slots_skip_closed_hours() -> None:
    friday_evening = datetime(2024, 5, 10, 23, 50, tzinfo=UTC)  # 19:50 NY Friday
    slots = open_slots(HOURS, friday_evening, CallbackPolicy(slot_minutes=30), count=2)
    assert [s.astimezone(UTC) for s in slots] == [
        datetime(2024, 5, 13, 12, 0, tzinfo=UTC),  # Monday 08:00 NY
        datetime(2024, 5, 13, 12, 30, tzinfo=UTC),
    ]


def test_due_releases_by_priority_then_place_in_line() -> None:
    early = keep_place("general", CALLER, joined_queue_at=NOW - timedelta(minutes=9), now=NOW)
    late = keep_place("general", CALLER, joined_queue_at=NOW - timedelta(minutes=2), now=NOW)
    urgent = keep_place("general", CALLER, joined_queue_at=NOW, now=NOW, priority=9)
    later = schedule_at(
        "general", CALLER, datetime(2024, 5, 7, 13, 30, tzinfo=UTC), schedule=HOURS, now=NOW
    )
    assert due([late, later, early, urgent], NOW) == [urgent, early, late]
    assert later in due([later], datetime(2024, 5, 7, 13, 30, tzinfo=UTC))


def test_flow_books_a_keep_place_callback() -> None:
    steps = run_script(
        BANK, Channel.VOICE, [*TO_OFFER, DigitsInput("1")], Backends(wait_seconds=600)
    )
    outcome = steps[-1].outcome
    assert isinstance(outcome, ScheduleCallback)
    assert outcome.request.number == CALLER and outcome.request.queue == "general"
    assert outcome.request.mode is CallbackMode.KEEP_PLACE
    assert said(steps[-1]) == ["Thank you. We will call you back."]
    assert steps[-1].state.outcome is FlowOutcome.CALLBACK


def test_flow_books_a_chosen_time_after_refusing_a_closed_one() -> None:
    backends = Backends(wait_seconds=600)
    steps = run_script(
        BANK,
        Channel.VOICE,
        [*TO_OFFER, DigitsInput("2"), DigitsInput("2130"), DigitsInput("1700")],
        backends,
    )
    ask_time, refused, booked = steps[-3], steps[-2], steps[-1]
    assert ask_time.expect is not None and ask_time.expect.max_digits == 4
    assert said(refused)[0] == "Sorry, we can only call you back during opening hours."
    assert isinstance(booked.outcome, ScheduleCallback)
    assert booked.outcome.request.release_at == datetime(2024, 5, 6, 21, 0, tzinfo=UTC)


def test_chat_without_a_phone_number_gets_no_offer() -> None:
    from frontline.domain.flows import FlowContext

    context = FlowContext(schedules={"contact_center": HOURS})
    steps = run_script(BANK, Channel.CHAT, TO_OFFER, Backends(wait_seconds=600), context=context)
    assert steps[-1].state.outcome is FlowOutcome.QUEUED
