"""Cases through the HTTP API: who sees what, notes vs replies, status rules, escalation, FCR."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Call = Callable[..., Any]
CASES = "/api/v1/cases"


def open_case(call: Call, org: Any, who: str = "ann", **fields: Any) -> dict[str, Any]:
    body = {"customer_id": org.customer_id, "subject": "Double charge", "queue": "billing"}
    return dict(call("POST", CASES, org.h(who), 201, json={**body, **fields}))


def ids(page: dict[str, Any]) -> list[int]:
    return [row["id"] for row in page["items"]]


def test_agents_see_own_cases_and_their_queues_up_to_their_tier(call: Call, org: Any) -> None:
    billing = open_case(call, org, "ann")
    tech = open_case(call, org, "sam", queue="tech", subject="Router down")
    assert billing["owner_user_id"] == org.ids["ann"] and billing["tier"] == 1
    # ben serves billing: sees ann's billing case, not the tech one
    assert set(ids(call("GET", CASES, org.h("ben")))) == {billing["id"]}
    call("GET", f"{CASES}/{tech['id']}", org.h("ben"), 404)
    # sam serves tech only, but owns his case
    assert set(ids(call("GET", CASES, org.h("sam")))) == {tech["id"]}
    call("GET", f"{CASES}/{billing['id']}", org.h("sam"), 404)
    call("GET", f"{CASES}/{billing['id']}/customer-view", org.h("sam"), 404)
    call("POST", f"{CASES}/{billing['id']}/entries", org.h("sam"), 404,
         json={"kind": "internal_note", "body": "peek"})  # fmt: skip
    # escalated to tier 2: the tier-1 colleague loses it, the tier-2 agent gets it
    escalated = call(
        "POST", f"{CASES}/{billing['id']}/escalate", org.h("ann"),
        json={"to_tier": 2, "reason": "needs a refund approval"},
    )  # fmt: skip
    assert escalated["tier"] == 2 and escalated["owner_user_id"] is None
    call("GET", f"{CASES}/{billing['id']}", org.h("ben"), 404)
    call("GET", f"{CASES}/{billing['id']}", org.h("ann"), 404)  # no longer hers
    seen = call("GET", f"{CASES}/{billing['id']}", org.h("tia"))
    record = seen["escalations"][0]
    assert (record["from_tier"], record["to_tier"], record["reason"]) == (
        1, 2, "needs a refund approval",
    )  # fmt: skip
    assert record["previous_owner"] == org.ids["ann"]
    assert record["context"]["status"] == "new" and "sla" in record["context"]
    # everyone with cases:read sees everything; WFM sees nothing
    for who in ("lead", "super", "qa", "admin"):
        assert set(ids(call("GET", CASES, org.h(who)))) == {billing["id"], tech["id"]}
    call("GET", CASES, org.h("wfm"), 403)
    call("POST", CASES, org.h("qa"), 403, json={})


def test_internal_notes_are_never_in_the_customer_view(call: Call, org: Any, clock: Any) -> None:
    case = open_case(call, org)
    clock.advance(minutes=5)
    note = {"kind": "internal_note", "body": "customer sounds angry, check fraud flag"}
    call("POST", f"{CASES}/{case['id']}/entries", org.h("ann"), 201, json=note)
    clock.advance(minutes=5)
    after = call("POST", f"{CASES}/{case['id']}/entries", org.h("ann"), 201,
                 json={"kind": "public_reply", "body": "We have refunded the charge."})  # fmt: skip
    assert after["status"] == "open"  # the first reply opens a new case
    assert [e["customer_visible"] for e in after["entries"]] == [False, True]
    seen = call("GET", f"{CASES}/{case['id']}/customer-view", org.h("ann"))
    assert [m["body"] for m in seen["messages"]] == ["We have refunded the charge."]
    assert "fraud" not in str(seen) and "escalations" not in seen and "sla" not in seen
    impostor = {"kind": "customer_message", "body": "staff cannot speak for the customer"}
    call("POST", f"{CASES}/{case['id']}/entries", org.h("ann"), 422, json=impostor)


def test_status_rules_and_nothing_half_written(call: Call, org: Any, clock: Any) -> None:
    case = open_case(call, org)
    path = f"{CASES}/{case['id']}"
    clock.advance(minutes=1)
    call("POST", f"{path}/status", org.h("ann"), json={"status": "pending_customer"})
    clock.advance(minutes=1)
    call("POST", f"{path}/status", org.h("ann"), json={"status": "resolved"})
    clock.advance(minutes=1)
    call("POST", f"{path}/status", org.h("ann"), json={"status": "closed"})
    refused = call("POST", f"{path}/status", org.h("ann"), 409, json={"status": "open"})
    assert "closed" in refused["detail"]
    clock.advance(minutes=1)
    call("POST", f"{path}/interactions", org.h("ann"), 409,
         json={"interaction_id": "77", "channel": "email"})  # fmt: skip
    final = call("GET", path, org.h("ann"))
    assert [h["to"] for h in final["history"]] == ["new", "pending_customer", "resolved", "closed"]
    assert final["interactions"] == []
    # bad edits are refused whole
    other = open_case(call, org)
    call("PATCH", f"{CASES}/{other['id']}", org.h("ann"), 422,
         json={"subject": "fine", "queue": "no-such-queue"})  # fmt: skip
    assert call("GET", f"{CASES}/{other['id']}", org.h("ann"))["subject"] == "Double charge"
    call("PATCH", f"{CASES}/{other['id']}", org.h("ann"), 403,
         json={"owner_user_id": org.ids["ben"]})  # fmt: skip
    moved = call("PATCH", f"{CASES}/{other['id']}", org.h("super"),
                 json={"owner_user_id": org.ids["ben"], "priority": "high"})  # fmt: skip
    assert moved["owner_user_id"] == org.ids["ben"] and moved["priority"] == "high"
    call("POST", f"{CASES}/{other['id']}/escalate", org.h("ben"), 422,
         json={"to_tier": 2, "reason": ""})  # fmt: skip


def test_fcr_counts_resolved_cases_with_exactly_one_contact(
    call: Call, org: Any, clock: Any
) -> None:
    def resolved_case(contacts: list[str], reopen: bool = False) -> int:
        case = open_case(call, org)
        for contact in contacts:
            clock.advance(minutes=1)
            call("POST", f"{CASES}/{case['id']}/interactions", org.h("ann"),
                 json={"interaction_id": contact, "channel": "chat"})  # fmt: skip
        clock.advance(minutes=1)
        call("POST", f"{CASES}/{case['id']}/status", org.h("ann"), json={"status": "resolved"})
        if reopen:
            clock.advance(minutes=1)
            call("POST", f"{CASES}/{case['id']}/status", org.h("ann"),
                 json={"status": "open", "reason": "not fixed"})  # fmt: skip
            clock.advance(minutes=1)
            call("POST", f"{CASES}/{case['id']}/status", org.h("ann"), json={"status": "resolved"})
        return int(case["id"])

    start = clock.now()
    first = resolved_case(["c1"])
    resolved_case(["c2", "c3"])
    resolved_case(["c4"], reopen=True)
    resolved_case(["c5", "c5"])  # the same contact linked twice is one contact
    assert call("GET", f"{CASES}/{first}", org.h("ann"))["fcr"] is True
    params = {"from": start.isoformat(), "to": clock.advance(minutes=1).isoformat()}
    rate = call("GET", "/api/v1/stats/fcr", org.h("super"), params=params)
    assert (rate["resolved"], rate["first_contact"], rate["rate"]) == (4, 2, 0.5)
    call("GET", "/api/v1/stats/fcr", org.h("ann"), 403, params=params)


def test_reading_a_customer_is_audited_unless_you_own_one_of_their_cases(
    call: Call, org: Any
) -> None:
    open_case(call, org, "super")  # the supervisor owns a case of Dana
    customer = f"/api/v1/customers/{org.customer_id}"
    call("GET", customer, org.h("super"))
    call("GET", customer, org.h("qa"))
    entries = call(
        "GET", "/api/v1/audit", org.h("admin"),
        params={"entity_type": "customer", "entity_id": org.customer_id},
    )["items"]  # fmt: skip
    reads = [e for e in entries if e["action"] == "read"]
    assert [e["actor_username"] for e in reads] == ["qa"]
