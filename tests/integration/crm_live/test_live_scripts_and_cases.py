"""A returning customer's chat in live operation: the history pops up with the offer, the
queue's compliance script blocks wrap-up until its statement is confirmed, and the chat opens
a case or joins an existing one."""

from __future__ import annotations

import time
from typing import Any

SCRIPT = {
    "id": "billing-dpa",
    "title": "Billing call",
    "queue": "billing",
    "steps": [
        {
            "id": "reason",
            "kind": "question",
            "prompt": "What is the call about?",
            "options": [
                {"value": "refund", "label": "Refund"},
                {"value": "other", "label": "Something else"},
            ],
            "next": "dpa",
        },
        {
            "id": "dpa",
            "kind": "statement",
            "prompt": "Read the data protection notice",
            "mandatory": True,
        },
    ],
}


def _offered_chat(api: Any, email: str) -> int:
    api.call("PUT", "/api/v1/agents/me/state", "ann", json={"state": "available"})
    body = {"name": "Dana Customer", "email": email, "message": "Hi again", "queue": "billing"}
    chat = int(api.call("POST", "/api/v1/chat/sessions", None, 201, json=body)["session_id"])
    deadline = time.monotonic() + 5
    while not any(
        i["id"] == chat and i["status"] == "offered"
        for i in api.call("GET", "/api/v1/agents/me/desktop", "ann")["interactions"]
    ):
        assert time.monotonic() < deadline, "the chat was not offered to ann"
        time.sleep(0.05)
    return chat


def test_screen_pop_script_gates_wrap_up_and_case_from_chat(api: Any) -> None:
    body = {"name": "Dana Customer", "emails": ["dana@example.com"]}
    customer = api.call("POST", "/api/v1/customers", "super", 201, json=body)["id"]
    api.history.interactions(customer, 3)
    api.call("POST", "/api/v1/scripts", "boss", 201, json=SCRIPT)
    with api.desk("ann"):
        _screen_pop_and_script(api, customer, _offered_chat(api, "dana@example.com"))


def _screen_pop_and_script(api: Any, customer: int, chat: int) -> None:

    pop = api.call("GET", f"/api/v1/customers/{customer}/timeline", "ann")
    assert pop["items"][0]["source_id"] == f"interaction:{chat}"
    assert sum(item["kind"] == "interaction" for item in pop["items"]) == 4

    api.call("POST", f"/api/v1/interactions/{chat}/accept", "ann")
    offered = api.call("GET", "/api/v1/scripts", "ann", params={"queue": "billing"})
    assert [s["id"] for s in offered] == ["billing-dpa"]
    run = api.call(
        "POST", f"/api/v1/script-runs/{chat}", "ann", 201, json={"script_id": "billing-dpa"}
    )
    assert run["pending_mandatory"] == ["dpa"]
    api.call(
        "POST",
        f"/api/v1/script-runs/{chat}/answer",
        "ann",
        json={"step": "reason", "value": "refund"},
    )
    api.call("POST", f"/api/v1/interactions/{chat}/end", "ann")
    wrap = {"disposition": "resolved", "notes": "refund explained"}
    refused = api.call("POST", f"/api/v1/interactions/{chat}/wrap-up", "ann", 409, json=wrap)
    assert "'dpa'" in refused["detail"] and "mandatory script step" in refused["detail"]

    case = api.call(
        "POST", f"/api/v1/interactions/{chat}/case", "ann", 201, json={"subject": "Refund"}
    )
    assert case["customer_id"] == customer and case["owner_user_id"] == api.ids["ann"]
    again = api.call("POST", f"/api/v1/interactions/{chat}/case", "ann", 201, json={})
    assert again["id"] == case["id"]  # a retry returns the case the chat already opened
    api.call("POST", f"/api/v1/interactions/{chat}/case", "ben", 404, json={})

    done = api.call(
        "POST", f"/api/v1/script-runs/{chat}/answer", "ann", json={"step": "dpa", "value": True}
    )
    assert done["finished"] and done["pending_mandatory"] == []
    closed = api.call("POST", f"/api/v1/interactions/{chat}/wrap-up", "ann", json=wrap)
    assert closed["status"] == "closed"
    latest = api.call("GET", f"/api/v1/customers/{customer}/timeline", "ann", params={"limit": 4})
    kinds = [item["kind"] for item in latest["items"]]
    assert kinds[0] == "disposition" and "case_event" in kinds


def test_a_second_chat_attaches_to_the_open_case(api: Any) -> None:
    body = {"name": "Dana Customer", "emails": ["dana@example.com"]}
    customer = api.call("POST", "/api/v1/customers", "super", 201, json=body)["id"]
    case = api.call(
        "POST",
        "/api/v1/cases",
        "super",
        201,
        json={"customer_id": customer, "subject": "Card", "queue": "billing"},
    )
    with api.desk("ann"):
        chat = _offered_chat(api, "Dana@Example.com")
        api.call("POST", f"/api/v1/interactions/{chat}/accept", "ann")
    mine = api.call("GET", "/api/v1/cases", "ann", params={"customer_id": customer})
    assert [c["id"] for c in mine["items"]] == [case["id"]]
    link = {"interaction_id": str(chat), "channel": "chat"}
    linked = api.call("POST", f"/api/v1/cases/{case['id']}/interactions", "ann", json=link)
    assert [i["interaction_id"] for i in linked["interactions"]] == [str(chat)]
