"""SLA through the HTTP API with a frozen clock: business hours across a weekend and a
holiday, the pending-customer pause, warnings and breaches recorded exactly once, automatic
escalation, the breaching-soon view, and calendars that cannot work refused whole."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

Call = Callable[..., Any]
CASES = "/api/v1/cases"
FRIDAY_15 = datetime(2024, 3, 8, 15, 0, tzinfo=UTC)  # London is on GMT (= UTC) in early March
WEEKDAYS = {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}


def configure(call: Call, org: Any, holidays: list[str] | None = None) -> None:
    body = {"time_zone": "Europe/London", "weekly": WEEKDAYS, "holidays": holidays or []}
    call("PUT", "/api/v1/sla/calendars/billing", org.h("super"), json=body)
    policy = {
        "name": "normal",
        "priority": "normal",
        "first_response_minutes": 240,
        "resolution_minutes": 960,
        "warn_fraction": 0.8,
    }
    call("POST", "/api/v1/sla/policies", org.h("super"), 201, json=policy)


def open_case(call: Call, org: Any) -> dict[str, Any]:
    body = {"customer_id": org.customer_id, "subject": "Card blocked", "queue": "billing"}
    return dict(call("POST", CASES, org.h("ann"), 201, json=body))


def first_response(case: dict[str, Any]) -> dict[str, Any]:
    return next(t for t in case["sla"]["targets"] if t["target"] == "first_response")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_first_response_clock_stops_over_the_weekend(call: Call, org: Any, clock: Any) -> None:
    configure(call, org)
    clock.set(FRIDAY_15)
    case = open_case(call, org)
    target = first_response(case)
    # 2 business hours on Friday, the other 2 on Monday morning
    assert at(target["due_at"]) == datetime(2024, 3, 11, 11, 0, tzinfo=UTC)
    assert at(target["warn_at"]) == datetime(2024, 3, 11, 10, 12, tzinfo=UTC)  # 80 % of 4 h
    clock.set(datetime(2024, 3, 9, 12, 0, tzinfo=UTC))  # Saturday noon
    saturday = first_response(call("GET", f"{CASES}/{case['id']}", org.h("ann")))
    assert (saturday["state"], saturday["elapsed_s"], saturday["remaining_s"]) == (
        "ok", 7200.0, 7200.0,
    )  # fmt: skip
    evaluate = "/api/v1/sla/evaluate"
    assert call("POST", evaluate, org.h("super"))["warnings"] == 0
    clock.set(datetime(2024, 3, 11, 10, 30, tzinfo=UTC))  # Monday 10:30
    assert first_response(call("GET", f"{CASES}/{case['id']}", org.h("ann")))["state"] == "warning"
    soon = call("GET", CASES, org.h("ann"), params={"view": "breaching_soon"})
    assert [r["id"] for r in soon["items"]] == [case["id"]]
    assert soon["items"][0]["sla"]["state"] == "warning"
    assert call("POST", evaluate, org.h("super"))["warnings"] == 1
    assert call("POST", evaluate, org.h("super"))["warnings"] == 0  # stored once
    clock.set(datetime(2024, 3, 11, 11, 30, tzinfo=UTC))
    listed = call("GET", CASES, org.h("ann"))["items"][0]
    assert listed["sla"]["state"] == "breached"  # the list moves on with the clock alone
    assert call("GET", CASES, org.h("ann"), params={"view": "breaching_soon"})["items"] == []
    assert call("POST", evaluate, org.h("super"))["breaches"] == 1
    assert call("POST", evaluate, org.h("super"))["breaches"] == 0
    events = call("GET", f"{CASES}/{case['id']}", org.h("ann"))["sla_events"]
    assert [(e["kind"], e["target"], at(e["at"])) for e in events] == [
        ("warning", "first_response", datetime(2024, 3, 11, 10, 12, tzinfo=UTC)),
        ("breached", "first_response", datetime(2024, 3, 11, 11, 0, tzinfo=UTC)),
    ]


def test_a_holiday_moves_the_deadline_to_the_next_working_day(
    call: Call, org: Any, clock: Any
) -> None:
    configure(call, org, holidays=["2024-03-11"])
    clock.set(FRIDAY_15)
    target = first_response(open_case(call, org))
    assert at(target["due_at"]) == datetime(2024, 3, 12, 11, 0, tzinfo=UTC)


def test_pending_customer_pauses_the_clock(call: Call, org: Any, clock: Any) -> None:
    configure(call, org)  # the clock starts on Monday 09:00
    case = open_case(call, org)
    path = f"{CASES}/{case['id']}"
    clock.advance(hours=1)
    paused = call("POST", f"{path}/status", org.h("ann"), json={"status": "pending_customer"})
    assert first_response(paused)["state"] == "paused"
    assert first_response(paused)["due_at"] is None
    clock.advance(hours=4)  # 14:00: the customer answers
    resumed = call("POST", f"{path}/status", org.h("ann"), json={"status": "open"})
    target = first_response(resumed)
    assert target["elapsed_s"] == 3600.0
    assert at(target["due_at"]) == datetime(2024, 3, 4, 17, 0, tzinfo=UTC)  # 3 h left at 14:00
    clock.advance(hours=1)
    replied = call("POST", f"{path}/entries", org.h("ann"), 201,
                   json={"kind": "public_reply", "body": "Unblocked."})  # fmt: skip
    assert first_response(replied)["state"] == "met"


def test_a_breach_escalates_once_by_rule_with_the_context(call: Call, org: Any, clock: Any) -> None:
    configure(call, org)
    call("PUT", "/api/v1/sla/escalation-rules/first-response-breach", org.h("super"),
         json={"trigger": "sla_breach", "target": "first_response"})  # fmt: skip
    case = open_case(call, org)
    clock.advance(hours=5)
    first = call("POST", "/api/v1/sla/evaluate", org.h("super"))
    assert (first["breaches"], first["escalations"]) == (1, 1)
    again = call("POST", "/api/v1/sla/evaluate", org.h("super"))
    assert (again["breaches"], again["escalations"]) == (0, 0)
    seen = call("GET", f"{CASES}/{case['id']}", org.h("tia"))  # the tier-2 agent has it now
    assert seen["tier"] == 2
    (record,) = seen["escalations"]
    assert record["by"] == "rule:first-response-breach"
    assert record["context"]["sla"]["first_response"]["state"] == "breached"


@pytest.mark.parametrize(
    "calendar",
    [
        {"weekly": {}},
        {"weekly": {"mon": ["09:00-12:00", "11:00-13:00"]}},
        {"time_zone": "Mars/Olympus"},
        {"weekly": {"mon": ["25:00-26:00"]}},
    ],
)
def test_unusable_calendars_are_refused_and_nothing_changes(
    call: Call, org: Any, calendar: dict[str, Any]
) -> None:
    configure(call, org)
    before = call("GET", "/api/v1/sla/calendars/billing", org.h("ann"))
    refused = call("PUT", "/api/v1/sla/calendars/billing", org.h("super"), 422, json=calendar)
    assert refused["detail"]
    assert call("GET", "/api/v1/sla/calendars/billing", org.h("ann")) == before


def test_policies_are_validated_and_unique_per_priority_and_category(call: Call, org: Any) -> None:
    configure(call, org)
    duplicate = {"name": "again", "priority": "normal", "first_response_minutes": 60}
    call("POST", "/api/v1/sla/policies", org.h("super"), 409, json=duplicate)
    call("POST", "/api/v1/sla/policies", org.h("super"), 422, json={"name": "no targets"})
    call("POST", "/api/v1/sla/policies", org.h("ann"), 403, json=duplicate)
    listed = call("GET", "/api/v1/sla/policies", org.h("ann"))
    assert [(p["priority"], p["category"], p["first_response_minutes"]) for p in listed] == [
        ("normal", "*", 240.0)
    ]
