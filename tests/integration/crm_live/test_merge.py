"""Merging duplicate customers: the whole history follows the survivor, in one transaction."""

from __future__ import annotations

from typing import Any


def _customer(api: Any, name: str, **fields: Any) -> int:
    return int(
        api.call("POST", "/api/v1/customers", "super", 201, json={"name": name, **fields})["id"]
    )


def test_merge_moves_interactions_cases_and_identifiers_and_is_audited(api: Any) -> None:
    survivor = _customer(
        api, "Dana Customer", emails=["dana@example.com"], attributes={"vip": True}
    )
    duplicate = _customer(
        api,
        "D. Customer",
        emails=["dana@work.example", "dana@example.com"],
        phones=["+14155550123"],
        external_id="CRM-9",
        attributes={"vip": False, "segment": "smb"},
    )
    api.history.interactions(duplicate, 3)
    api.history.interactions(survivor, 2)
    case = api.call(
        "POST", "/api/v1/cases", "super", 201, json={"customer_id": duplicate, "subject": "Refund"}
    )
    merged = api.call(
        "POST", f"/api/v1/customers/{duplicate}/merge", "super", json={"into": survivor}
    )
    assert merged["id"] == survivor and merged["merged_from"] == duplicate
    assert merged["moved"] == {"interactions": 3, "cases": 1}
    assert merged["emails"] == ["dana@example.com", "dana@work.example"]
    assert merged["phones"] == ["+14155550123"]
    assert merged["external_id"] == "CRM-9"
    assert merged["attributes"] == {"vip": True, "segment": "smb"}  # the survivor's values win
    api.call("GET", f"/api/v1/customers/{duplicate}", "super", 404)
    assert api.call("GET", f"/api/v1/cases/{case['id']}", "super")["customer_id"] == survivor
    history = api.call("GET", f"/api/v1/customers/{survivor}/interactions", "super")
    assert len(history["interactions"]) == 5
    found = api.call("GET", "/api/v1/customers", "super", params={"phone": "+14155550123"})
    assert [c["id"] for c in found["items"]] == [survivor]
    audit = api.call(
        "GET", "/api/v1/audit", "boss", params={"entity_type": "customer", "entity_id": duplicate}
    )
    gone = [e for e in audit["items"] if e["action"] == "delete"]
    assert gone and gone[0]["changes"]["merged_into"] == [None, survivor]
    assert gone[0]["changes"]["moved"] == [None, {"interactions": 3, "cases": 1}]


def test_merge_refusals_change_nothing(api: Any) -> None:
    one = _customer(api, "One", external_id="A-1", emails=["one@example.com"])
    two = _customer(api, "Two", external_id="B-2")
    api.history.interactions(two, 1)
    itself = api.call("POST", f"/api/v1/customers/{one}/merge", "super", 422, json={"into": one})
    assert "itself" in itself["detail"]
    clash = api.call("POST", f"/api/v1/customers/{two}/merge", "super", 409, json={"into": one})
    assert "'A-1'" in clash["detail"] and "'B-2'" in clash["detail"]
    api.call("POST", f"/api/v1/customers/{two}/merge", "super", 404, json={"into": 99999})
    api.call("POST", f"/api/v1/customers/{two}/merge", "ann", 403, json={"into": one})
    api.call("POST", f"/api/v1/customers/{two}/merge", "lead", 403, json={"into": one})
    assert (
        len(api.call("GET", f"/api/v1/customers/{two}/interactions", "super")["interactions"]) == 1
    )
    assert api.call("GET", f"/api/v1/customers/{one}", "super")["emails"] == ["one@example.com"]
