"""Guided scripts through the HTTP API: authoring checks, runs per interaction, and the
mandatory compliance step that blocks resolving the linked case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from frontline.service.crm.scripts import mandatory_steps_pending

Call = Callable[..., Any]
SCRIPT = {
    "id": "card-block",
    "title": "Blocking a card",
    "queue": "billing",
    "steps": [
        {
            "id": "lost",
            "kind": "question",
            "prompt": "Was the card lost or stolen?",
            "options": [
                {"value": "lost", "label": "Lost", "next": "dpa"},
                {"value": "stolen", "label": "Stolen", "next": "police"},
            ],
        },
        {"id": "police", "kind": "text", "prompt": "Police reference", "next": "dpa",
         "min_length": 4},
        {"id": "dpa", "kind": "statement", "prompt": "Read the data protection notice",
         "mandatory": True},
    ],
}  # fmt: skip


def test_authoring_errors_name_the_step_and_only_authors_write(call: Call, org: Any) -> None:
    broken = {**SCRIPT, "steps": [{**SCRIPT["steps"][0]}, SCRIPT["steps"][1]]}
    refused = call("POST", "/api/v1/scripts", org.h("trainer"), 422, json=broken)
    assert "'dpa'" in refused["detail"] and "'lost'" in refused["detail"]
    call("POST", "/api/v1/scripts", org.h("ann"), 403, json=SCRIPT)
    created = call("POST", "/api/v1/scripts", org.h("trainer"), 201, json=SCRIPT)
    assert created["version"] == 1
    call("POST", "/api/v1/scripts", org.h("trainer"), 409, json=SCRIPT)
    edited = {k: v for k, v in SCRIPT.items() if k != "id"} | {"title": "Blocking a card v2"}
    assert call("PUT", "/api/v1/scripts/card-block", org.h("admin"), json=edited)["version"] == 2
    listed = call("GET", "/api/v1/scripts", org.h("ann"), params={"queue": "billing"})
    assert [(s["id"], s["version"]) for s in listed] == [("card-block", 2)]


def test_mandatory_step_blocks_resolving_until_it_is_done(
    call: Call, org: Any, clock: Any, container: Any
) -> None:
    call("POST", "/api/v1/scripts", org.h("trainer"), 201, json=SCRIPT)
    run_path = "/api/v1/script-runs/42"
    run = call("POST", run_path, org.h("ann"), 201, json={"script_id": "card-block"})
    assert run["current_step"]["id"] == "lost" and run["pending_mandatory"] == ["dpa"]
    run = call("POST", f"{run_path}/answer", org.h("ann"), json={"step": "lost", "value": "stolen"})
    assert run["current_step"]["id"] == "police"
    call("POST", f"{run_path}/answer", org.h("ann"), 422, json={"step": "police", "value": "x"})
    call("POST", f"{run_path}/answer", org.h("ann"), 422, json={"step": "dpa", "value": True})
    run = call("POST", f"{run_path}/back", org.h("ann"))
    assert run["current_step"]["id"] == "lost" and run["answers"] == {}
    call("POST", f"{run_path}/answer", org.h("ann"), json={"step": "lost", "value": "lost"})
    assert mandatory_steps_pending(container.crm.uow(), "42") == ("dpa",)

    body = {"customer_id": org.customer_id, "subject": "Card lost", "queue": "billing"}
    case = call("POST", "/api/v1/cases", org.h("ann"), 201, json=body)
    path = f"/api/v1/cases/{case['id']}"
    clock.advance(minutes=1)
    call("POST", f"{path}/interactions", org.h("ann"),
         json={"interaction_id": "42", "channel": "voice"})  # fmt: skip
    clock.advance(minutes=1)
    refused = call("POST", f"{path}/status", org.h("ann"), 409, json={"status": "resolved"})
    assert "42:dpa" in refused["detail"]
    assert call("GET", path, org.h("ann"))["status"] == "new"
    done = call("POST", f"{run_path}/answer", org.h("ann"), json={"step": "dpa", "value": True})
    assert done["finished"] and done["pending_mandatory"] == []
    assert mandatory_steps_pending(container.crm.uow(), "42") == ()
    clock.advance(minutes=1)
    resolved = call("POST", f"{path}/status", org.h("ann"), json={"status": "resolved"})
    assert resolved["status"] == "resolved" and resolved["fcr"] is True
    call("GET", "/api/v1/script-runs/43", org.h("ann"), 404)
