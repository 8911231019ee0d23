"""GET /api/v1/customers/{id}/timeline: order, paging, search, who may read, audit."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from frontline.adapters.db.repositories.crm_timeline import SqlTimelineRepository
from frontline.domain.crm.timeline import merge_timeline

PATH = "/api/v1/customers/{}/timeline"


def _customer(api: Any, name: str = "Returning Customer") -> int:
    return int(api.call("POST", "/api/v1/customers", "super", 201, json={"name": name})["id"])


def _all_pages(api: Any, customer: int, who: str, limit: int, **params: Any) -> list[str]:
    seen: list[str] = []
    cursor = None
    for _ in range(200):
        query = {"limit": limit, **params} | ({"cursor": cursor} if cursor else {})
        page = api.call("GET", PATH.format(customer), who, params=query)
        assert len(page["items"]) <= limit
        seen += [item["source_id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen
    raise AssertionError("paging did not end")


def _audit_reads(api: Any, customer: int) -> list[str]:
    params = {"entity_type": "customer", "entity_id": customer}
    entries = api.call("GET", "/api/v1/audit", "boss", params=params)["items"]
    return [e["actor_username"] for e in entries if e["action"] == "read"]


def test_pages_walk_the_whole_history_newest_first_exactly_once(api: Any) -> None:
    customer = _customer(api)
    api.history.interactions(customer, 9)
    api.history.interactions(customer, 7, step=timedelta(0))  # seven contacts in one instant
    case = api.call(
        "POST", "/api/v1/cases", "super", 201, json={"customer_id": customer, "subject": "Refund"}
    )
    note = {"kind": "internal_note", "body": "Customer asked twice about the refund"}
    api.call("POST", f"/api/v1/cases/{case['id']}/entries", "super", 201, json=note)
    with Session(api.container.engine) as session:
        oracle = merge_timeline(SqlTimelineRepository(session).entries(customer, None, None))
    expected = [e.source_id for e in reversed(oracle)]
    assert len(expected) == 16 + 16 + 1 + 1  # contacts, wrap-ups, the case opening, the note
    for limit in (1, 3, 7, 50):
        assert _all_pages(api, customer, "super", limit) == expected
    first = api.call("GET", PATH.format(customer), "super", params={"limit": 2})
    assert [i["kind"] for i in first["items"]] == ["note", "case_event"]
    assert first["items"][0]["internal"] is True and first["items"][0]["case_id"] == case["id"]
    oldest = api.call("GET", PATH.format(customer), "super", params={"limit": 200})["items"][-1]
    assert oldest["kind"] == "interaction" and oldest["channel"] == "chat"
    assert oldest["summary"] == "Chat in billing: question 0"


def test_supervisors_search_and_agents_cannot(api: Any) -> None:
    customer = _customer(api)
    api.history.interactions(customer, 12)
    hits = _all_pages(api, customer, "super", 2, q="QUESTION 1")
    assert hits == [f"interaction:{i}" for i in _ids(api, customer, (10, 11, 1))]
    refused = api.call("GET", PATH.format(customer), "ann", 403, params={"q": "question"})
    assert "customers:read" in refused["detail"]


def _ids(api: Any, customer: int, numbers: tuple[int, ...]) -> list[int]:
    """Interaction ids of the seeded ``question N`` contacts, newest first."""
    page = api.call("GET", f"/api/v1/customers/{customer}/interactions", "super")
    by_subject = {i["subject"]: i["id"] for i in page["interactions"]}
    return sorted((by_subject[f"question {n}"] for n in numbers), reverse=True)


def test_agents_see_customers_they_serve_or_own_a_case_of_and_others_are_audited(
    api: Any,
) -> None:
    body = {"name": "Returning Customer", "emails": ["back@example.com"]}
    customer = api.call("POST", "/api/v1/customers", "super", 201, json=body)["id"]
    api.history.interactions(customer, 2)
    api.call("GET", PATH.format(customer), "ann", 404)
    with api.desk("ann"):  # a chat of this customer is offered to ann: the screen-pop
        api.call("PUT", "/api/v1/agents/me/state", "ann", json={"state": "available"})
        chat = {"name": "R", "email": "back@example.com", "message": "Hi", "queue": "billing"}
        session = api.call("POST", "/api/v1/chat/sessions", None, 201, json=chat)["session_id"]
        deadline = time.monotonic() + 5
        while True:
            answer = api.http.get(PATH.format(customer), headers=api.h("ann"))
            if answer.status_code == 200 or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        assert answer.status_code == 200, answer.text
        served = answer.json()
    assert served["name"] == "Returning Customer"
    assert served["items"][0]["source_id"] == f"interaction:{session}"
    api.call("GET", PATH.format(customer), "ben", 404)
    body = {"customer_id": customer, "subject": "Card", "owner_user_id": api.ids["ben"]}
    api.call("POST", "/api/v1/cases", "super", 201, json=body)
    api.call("GET", PATH.format(customer), "ben")
    assert _audit_reads(api, customer) == []  # serving or owning a case is the job
    api.call("GET", PATH.format(customer), "lead")
    api.call("GET", PATH.format(customer), "super", params={"q": "question"})
    assert sorted(_audit_reads(api, customer)) == ["lead", "super"]
    api.call("GET", PATH.format(99999), "super", 404)
    bad = api.call(
        "GET", PATH.format(customer), "super", 422, params={"cursor": "bm90LWEtY3Vyc29y"}
    )
    assert "cursor" in bad["detail"]
