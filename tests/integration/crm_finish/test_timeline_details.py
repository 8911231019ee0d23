"""The timeline says who handled each contact and what its wrap-up disposition means, in the
queue's own words, on SQLite and PostgreSQL; only readers who may see the customer see them."""

from __future__ import annotations

from typing import Any

PATH = "/api/v1/customers/{}/timeline"
SALES_CODES = [
    {"code": "sale_closed", "label": "Sale closed"},
    {"code": "quote_sent", "label": "Quote sent"},
]


def _items(api: Any, customer: int, who: str) -> dict[str, dict[str, Any]]:
    page = api.call("GET", PATH.format(customer), who, params={"limit": 50})
    return {item["source_id"]: item for item in page["items"]}


def test_contacts_name_their_agent_and_wrap_ups_their_label(api: Any) -> None:
    body = {"name": "Dana", "emails": ["dana@example.com"]}
    customer = api.call("POST", "/api/v1/customers", "super", 201, json=body)["id"]
    api.call("PATCH", f"/api/v1/users/{api.ids['ann']}", "boss", json={"display_name": "Ann Lee"})
    sales = api.queue_id("sales")
    api.call("PATCH", f"/api/v1/queues/{sales}", "super", json={"dispositions": SALES_CODES})
    sold = api.chat_in_wrap_up("ann", "sales")
    wrap = {"disposition": "quote_sent", "notes": "Quote for 3 seats sent by email"}
    api.call("POST", f"/api/v1/interactions/{sold}/wrap-up", "ann", json=wrap)
    api.call("PUT", "/api/v1/agents/me/state", "ann", json={"state": "break", "reason": "lunch"})
    helped = api.chat_in_wrap_up("ben", "general")
    api.call(
        "POST", f"/api/v1/interactions/{helped}/wrap-up", "ben", json={"disposition": "escalated"}
    )

    # ben neither serves Dana nor owns a case of hers: no names, no history
    api.call("GET", PATH.format(customer), "ben", 404)
    api.call(
        "POST",
        "/api/v1/cases",
        "super",
        201,
        json={"customer_id": customer, "subject": "Seats", "owner_user_id": api.ids["ben"]},
    )
    for reader in ("super", "ben"):
        items = _items(api, customer, reader)
        contact = items[f"interaction:{sold}"]["data"]
        assert contact["agent_name"] == "Ann Lee"
        assert (contact["queue"], contact["status"]) == ("sales", "closed")
        wrapped = items[f"disposition:{sold}"]["data"]
        assert (wrapped["code"], wrapped["label"]) == ("quote_sent", "Quote sent")
        assert wrapped["notes"] == "Quote for 3 seats sent by email"
        assert wrapped["agent_name"] == "Ann Lee" and wrapped["queue"] == "sales"
        assert items[f"interaction:{helped}"]["data"]["agent_name"] == "Ben"
        assert items[f"disposition:{helped}"]["data"]["label"] == "Escalated"  # default list
    # the summary (what a supervisor's search matches) is unchanged
    assert items[f"disposition:{sold}"]["summary"] == "Wrap-up quote_sent: " + wrap["notes"]

    # a code the queue no longer lists: the default list's label, else none (shown as the code)
    general = api.queue_id("general")
    api.call(
        "PATCH",
        f"/api/v1/queues/{general}",
        "super",
        json={"dispositions": [{"code": "handled", "label": "Handled"}]},
    )
    api.call(
        "PATCH",
        f"/api/v1/queues/{sales}",
        "super",
        json={"dispositions": [{"code": "sale_closed", "label": "Sale closed"}]},
    )
    items = _items(api, customer, "super")
    assert items[f"disposition:{helped}"]["data"]["label"] == "Escalated"
    assert items[f"disposition:{sold}"]["data"]["label"] is None


def test_a_contact_nobody_has_accepted_names_no_agent(api: Any) -> None:
    body = {"name": "Dana", "emails": ["dana@example.com"]}
    customer = api.call("POST", "/api/v1/customers", "super", 201, json=body)["id"]
    chat = {"name": "Dana", "email": "dana@example.com", "message": "hello?", "queue": "general"}
    waiting = api.http.post("/api/v1/chat/sessions", json=chat)  # no agent is connected
    assert waiting.status_code == 201, waiting.text
    session = int(waiting.json()["session_id"])
    item = _items(api, customer, "super")[f"interaction:{session}"]
    assert item["data"]["status"] == "waiting"
    assert item["data"]["agent_name"] is None
    assert item["data"]["subject"] == ""
