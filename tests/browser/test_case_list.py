"""In a real browser: the agent desktop's case list names each case's customer, and a name that
looks like markup is shown as the text it is, never parsed into the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import expect

VIEWPORT = {"width": 1440, "height": 900}
HOSTILE = '<img src=x onerror="window.__pwned = 1">Mallory & Sons'


def _seed(base: str) -> dict[str, int]:
    """Two customers (one with a hostile name) made by the admin, and a case of each opened
    by agent1, so both are in agent1's "Mine" view. Case id by customer name."""
    with httpx.Client(base_url=base, timeout=10) as http:

        def headers(username: str) -> dict[str, str]:
            token = http.post("/api/v1/auth/token", data={"username": username, "password": "demo"})
            return {"Authorization": f"Bearer {token.json()['access_token']}"}

        def post(path: str, body: dict[str, Any], as_user: dict[str, str]) -> Any:
            answer = http.post(path, json=body, headers=as_user)
            assert answer.status_code == 201, answer.text
            return answer.json()

        admin, agent = headers("admin"), headers("agent1")
        cases = {}
        for name in ("Ada Lovelace", HOSTILE):
            customer = post("/api/v1/customers", {"name": name}, admin)["id"]
            body = {"customer_id": customer, "subject": "Parcel lost", "queue": "general"}
            cases[name] = int(post("/api/v1/cases", body, agent)["id"])
        return cases


def test_case_rows_name_the_customer_as_text(
    demo_server: str, browser: Any, artifacts: Path
) -> None:
    cases = _seed(demo_server)
    agent = browser.new_context(viewport=VIEWPORT).new_page()
    agent.goto(f"{demo_server}/agent")
    agent.get_by_test_id("login-username").fill("agent1")
    agent.get_by_test_id("login-password").fill("demo")
    agent.get_by_test_id("login-submit").click()
    agent.get_by_test_id("show-cases").click()

    plain = agent.get_by_test_id(f"case-row-{cases['Ada Lovelace']}")
    expect(plain.locator(".case-customer")).to_have_text("Ada Lovelace", timeout=10_000)
    hostile = agent.get_by_test_id(f"case-row-{cases[HOSTILE]}")
    expect(hostile.locator(".case-customer")).to_have_text(HOSTILE)
    expect(agent.get_by_test_id("case-list").locator("img")).to_have_count(0)
    assert agent.evaluate("window.__pwned") is None
    agent.screenshot(path=str(artifacts / "case-list-customer-names.png"))
