"""Per-queue disposition codes: edited through the queues API (supervisor/admin, audited),
validated, offered on the desktop, and enforced at wrap-up — on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from frontline.domain.live.dispositions import DISPOSITIONS

SALES_CODES = [
    {"code": "sale_closed", "label": "Sale closed"},
    {"code": "quote_sent", "label": "Quote sent"},
]
DEFAULT_CODES = [{"code": c, "label": lbl} for c, lbl in DISPOSITIONS.items()]


def test_a_new_queue_starts_with_the_default_list(api: Any) -> None:
    created = api.call(
        "POST", "/api/v1/queues", "super", expect=201, json={"name": "fresh", "channels": ["chat"]}
    )
    assert created["dispositions"] == DEFAULT_CODES
    own = api.call(
        "POST",
        "/api/v1/queues",
        "boss",
        expect=201,
        json={"name": "own", "channels": ["chat"], "dispositions": SALES_CODES},
    )
    assert api.call("GET", f"/api/v1/queues/{own['id']}", "super")["dispositions"] == SALES_CODES


def test_supervisor_edits_are_stored_and_audited(api: Any) -> None:
    sales = api.queue_id("sales")
    changed = api.call(
        "PATCH", f"/api/v1/queues/{sales}", "super", json={"dispositions": SALES_CODES}
    )
    assert changed["dispositions"] == SALES_CODES
    assert api.call("GET", f"/api/v1/queues/{sales}", "lead")["dispositions"] == SALES_CODES
    audit = api.call(
        "GET", "/api/v1/audit", "boss", params={"entity_type": "queue", "entity_id": sales}
    )
    update = next(e for e in audit["items"] if e["action"] == "update")
    assert update["actor_username"] == "super"
    before, after = update["changes"]["dispositions"]
    assert before == dict(DISPOSITIONS)
    assert after == {"sale_closed": "Sale closed", "quote_sent": "Quote sent"}


@pytest.mark.parametrize("who", ["ann", "lead"])
def test_only_queue_managers_may_edit(api: Any, who: str) -> None:
    sales = api.queue_id("sales")
    api.call(
        "PATCH", f"/api/v1/queues/{sales}", who, expect=403, json={"dispositions": SALES_CODES}
    )


@pytest.mark.parametrize(
    "codes",
    [
        [],
        [{"code": "same", "label": "A"}, {"code": "same", "label": "B"}],
        [{"code": "", "label": "Empty"}],
        [{"code": "x" * 41, "label": "Too long"}],
        [{"code": "two words", "label": "Space"}],
        [{"code": "ok", "label": ""}],
        [{"code": "ok"}],
    ],
    ids=["empty", "duplicate", "blank-code", "41-chars", "space", "blank-label", "no-label"],
)
def test_invalid_lists_are_refused(api: Any, codes: list[dict[str, str]]) -> None:
    sales = api.queue_id("sales")
    api.call("PATCH", f"/api/v1/queues/{sales}", "super", expect=422, json={"dispositions": codes})
    assert api.call("GET", f"/api/v1/queues/{sales}", "super")["dispositions"] == DEFAULT_CODES


def test_forty_character_codes_are_accepted_end_to_end(api: Any) -> None:
    code = "c" * 40
    sales = api.queue_id("sales")
    body = {"dispositions": [{"code": code, "label": "Long"}]}
    api.call("PATCH", f"/api/v1/queues/{sales}", "super", json=body)
    session = api.chat_in_wrap_up("ann", "sales")
    closed = api.call(
        "POST", f"/api/v1/interactions/{session}/wrap-up", "ann", json={"disposition": code}
    )
    assert closed["disposition"] == code


def test_wrap_up_uses_the_interactions_queue_list(api: Any) -> None:
    sales = api.queue_id("sales")
    api.call("PATCH", f"/api/v1/queues/{sales}", "super", json={"dispositions": SALES_CODES})
    session = api.chat_in_wrap_up("ann", "sales")
    desktop = api.call("GET", "/api/v1/agents/me/desktop", "ann")
    assert desktop["dispositions_by_queue"]["sales"] == SALES_CODES
    assert desktop["dispositions_by_queue"]["general"] == DEFAULT_CODES
    assert [i["queue"] for i in desktop["interactions"]] == ["sales"]
    path = f"/api/v1/interactions/{session}/wrap-up"
    refused = api.call("POST", path, "ann", expect=422, json={"disposition": "resolved"})
    assert "sale_closed" in str(refused) and "quote_sent" in str(refused)
    closed = api.call("POST", path, "ann", json={"disposition": "quote_sent", "notes": "sent"})
    assert closed == {"interaction_id": session, "status": "closed", "disposition": "quote_sent"}


def test_an_edit_applies_to_the_next_wrap_up_without_a_restart(api: Any) -> None:
    session = api.chat_in_wrap_up("ben", "general")
    general = api.queue_id("general")
    body = {"dispositions": [{"code": "handled", "label": "Handled"}]}
    api.call("PATCH", f"/api/v1/queues/{general}", "boss", json=body)
    path = f"/api/v1/interactions/{session}/wrap-up"
    refused = api.call("POST", path, "ben", expect=422, json={"disposition": "resolved"})
    assert "handled" in str(refused)
    api.call("POST", path, "ben", json={"disposition": "handled"})
