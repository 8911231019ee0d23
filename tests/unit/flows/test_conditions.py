"""Conditions on business hours, time of day, weekday, collected data and customer attributes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from tests.unit.flows.fakes import (
    MONDAY_3PM_NEW_YORK,
    SATURDAY_NOON_NEW_YORK,
    contact_center_hours,
    load_example,
    run_script,
    said,
)

from frontline.domain.channels import Channel
from frontline.domain.flows import (
    FlowContext,
    FlowRuntimeError,
    HandOff,
    TakeVoicemail,
    parse_flow,
    start,
)

BANK = load_example("bank_ivr.yaml")


def router(when: dict[str, Any], timezone: str = "Europe/London") -> Any:
    return parse_flow(
        {
            "id": "router",
            "start": "check",
            "agent_queue": "general",
            "timezone": timezone,
            "nodes": [
                {
                    "id": "check",
                    "type": "condition",
                    "branches": [{"when": when, "next": "yes"}],
                    "else": "no",
                },
                {"id": "yes", "type": "queue", "queue": "yes"},
                {"id": "no", "type": "queue", "queue": "no"},
            ],
        }
    )


def branch(
    when: dict[str, Any],
    at: datetime,
    context: FlowContext | None = None,
    timezone: str = "Europe/London",
) -> str:
    step = start(router(when, timezone), Channel.CHAT, context or FlowContext(), at)
    assert isinstance(step.outcome, HandOff)
    return step.outcome.queue


def test_business_hours_open_goes_to_the_language_menu() -> None:
    first = run_script(BANK, Channel.VOICE, [], now=MONDAY_3PM_NEW_YORK)[0]
    assert first.state.node == "language"


def test_outside_business_hours_takes_a_voicemail() -> None:
    first = run_script(BANK, Channel.VOICE, [], now=SATURDAY_NOON_NEW_YORK)[0]
    assert isinstance(first.outcome, TakeVoicemail)
    assert first.outcome.mailbox == "general" and first.outcome.max_seconds == 120
    assert said(first)[1].startswith("Our agents are available Monday to Friday")


def test_business_hours_edge_is_in_the_schedule_zone() -> None:
    # 19:59 and 20:00 in New York on a Monday (EDT, UTC-4): open, then closed.
    open_ = run_script(BANK, Channel.VOICE, [], now=datetime(2024, 5, 6, 23, 59, tzinfo=UTC))
    closed = run_script(BANK, Channel.VOICE, [], now=datetime(2024, 5, 7, 0, 0, tzinfo=UTC))
    assert open_[0].state.node == "language"
    assert isinstance(closed[0].outcome, TakeVoicemail)


def test_flow_refuses_to_start_without_the_schedules_it_names() -> None:
    with pytest.raises(FlowRuntimeError, match="contact_center"):
        start(BANK, Channel.VOICE, FlowContext(), MONDAY_3PM_NEW_YORK)


def test_condition_on_named_schedule() -> None:
    context = FlowContext(schedules={"main": contact_center_hours()})
    assert branch({"business_hours": "main"}, MONDAY_3PM_NEW_YORK, context) == "yes"
    assert branch({"business_hours": "main"}, SATURDAY_NOON_NEW_YORK, context) == "no"


@pytest.mark.parametrize(
    ("utc_hour", "expected"), [(21, "yes"), (23, "yes"), (5, "yes"), (6, "no"), (12, "no")]
)
def test_time_between_wraps_midnight_in_the_flow_zone(utc_hour: int, expected: str) -> None:
    # 22:00-07:00 London time; London is UTC+1 in May.
    at = datetime(2024, 5, 6, utc_hour, 30, tzinfo=UTC)
    assert branch({"time_between": ["22:00", "07:00"]}, at) == expected


def test_weekday_is_read_in_the_flow_zone() -> None:
    # Saturday 01:00 in Tokyo is still Friday in UTC.
    at = datetime(2024, 5, 10, 16, 0, tzinfo=UTC)
    assert branch({"weekday": ["sat", "sun"]}, at, timezone="Asia/Tokyo") == "yes"
    assert branch({"weekday": ["sat", "sun"]}, at, timezone="UTC") == "no"


@pytest.mark.parametrize(
    ("test", "customer", "expected"),
    [
        ({"field": "customer.tier", "equals": "gold"}, {"tier": "gold"}, "yes"),
        ({"field": "customer.tier", "in": ["gold", "platinum"]}, {"tier": "silver"}, "no"),
        ({"field": "customer.balance", "gte": 1000}, {"balance": "1500.75"}, "yes"),
        ({"field": "customer.balance", "lt": 1000}, {"balance": "n/a"}, "no"),
        ({"field": "customer.vip", "equals": True}, {"vip": 1}, "no"),
        ({"field": "customer.email", "exists": False}, {}, "yes"),
        ({"field": "customer.postcode", "matches": "SW1[A-Z] .*"}, {"postcode": "SW1A 1AA"}, "yes"),
        ({"not": {"field": "customer.tier", "equals": "gold"}}, {"tier": "gold"}, "no"),
        (
            {
                "all": [
                    {"field": "customer.vip", "equals": True},
                    {
                        "any": [
                            {"field": "channel", "equals": "chat"},
                            {"field": "caller", "exists": True},
                        ]
                    },
                ]
            },
            {"vip": True},
            "yes",
        ),
    ],
)
def test_field_conditions(test: dict[str, Any], customer: dict[str, Any], expected: str) -> None:
    context = FlowContext(customer=customer)
    assert branch(test, MONDAY_3PM_NEW_YORK, context) == expected
