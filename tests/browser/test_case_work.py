"""In a real browser: agent1 works a case from the desktop's Cases view. Notes and replies are
added in the pane (labelled, and markup in them stays text), a status change pauses the SLA
clock in the pane and in the list row, and the API's refusals are shown in the pane."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import expect

VIEWPORT = {"width": 1440, "height": 900}
NOTE = "Bank confirms the refund <script>window.__pwned = 1</script> is on its way"
REPLY = "Your refund was sent today; it should reach your card within five days."


class Api:
    """agent1 on the API, for the seed and for a colleague working the case meanwhile."""

    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    def login(self, username: str) -> dict[str, str]:
        token = self.http.post(
            "/api/v1/auth/token", data={"username": username, "password": "demo"}
        )
        return {"Authorization": f"Bearer {token.json()['access_token']}"}

    def post(self, path: str, body: dict[str, Any], as_user: str, expected: int) -> Any:
        answer = self.http.post(path, json=body, headers=self.login(as_user))
        assert answer.status_code == expected, answer.text
        return answer.json()


def _open_case(agent: Any, case_id: int) -> Any:
    agent.get_by_test_id("login-username").fill("agent1")
    agent.get_by_test_id("login-password").fill("demo")
    agent.get_by_test_id("login-submit").click()
    agent.get_by_test_id("show-cases").click()
    row = agent.get_by_test_id(f"case-row-{case_id}")
    row.focus()
    row.press("Enter")  # the keyboard opens a case as a click does
    expect(agent.get_by_test_id("case-detail-subject")).to_have_text(
        f"#{case_id} Refund not received", timeout=10_000
    )
    return row


def _add(agent: Any, kind: str, text: str) -> None:
    agent.get_by_test_id(f"case-entry-kind-{kind}").check()
    agent.get_by_test_id("case-entry-text").fill(text)
    agent.get_by_test_id("case-entry-submit").click()


def test_agent_adds_notes_and_replies_and_moves_the_case_on(
    demo_server: str, browser: Any, artifacts: Path
) -> None:
    with httpx.Client(base_url=demo_server, timeout=10) as http:
        _work_the_case(Api(http), demo_server, browser, artifacts)


def _work_the_case(api: Api, demo_server: str, browser: Any, artifacts: Path) -> None:
    policy: dict[str, Any] = {"name": "Standard", "priority": "*", "category": "*"}
    policy |= {"first_response_minutes": 240, "resolution_minutes": 1440}
    api.post("/api/v1/sla/policies", policy, "admin", 201)
    customer = api.post("/api/v1/customers", {"name": "Ada Lovelace"}, "admin", 201)["id"]
    body = {"customer_id": customer, "subject": "Refund not received", "queue": "general"}
    case_id = int(api.post("/api/v1/cases", body, "agent1", 201)["id"])
    agent = browser.new_context(viewport=VIEWPORT).new_page()
    dialogs: list[str] = []  # errors belong in the pane, never in an alert()

    def refuse_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    agent.on("dialog", refuse_dialog)
    agent.goto(f"{demo_server}/agent")
    row = _open_case(agent, case_id)
    detail = agent.get_by_test_id("case-detail")
    entries = detail.get_by_test_id("case-entry")
    expect(detail.get_by_test_id("case-detail-sla")).to_contain_text("On track")
    expect(detail.get_by_test_id("case-detail-sla")).to_contain_text("due in")

    # Nothing written: refused in the pane before any request.
    agent.get_by_test_id("case-entry-submit").click()
    expect(detail.get_by_test_id("case-entry-error")).to_have_text("Write something first.")

    # The note's request is held: Add stays disabled until the answer is in.
    held: list[Any] = []

    def hold(route: Any) -> None:
        held.append(route)

    agent.route(f"**/api/v1/cases/{case_id}/entries", hold)
    _add(agent, "internal_note", NOTE)  # markup in a note is shown as the text it is
    for _ in range(250):  # the route handler runs while Playwright waits
        if held:
            break
        agent.wait_for_timeout(20)
    expect(agent.get_by_test_id("case-entry-submit")).to_be_disabled()
    assert entries.count() == 0
    held[0].continue_()
    agent.unroute(f"**/api/v1/cases/{case_id}/entries")
    expect(entries).to_have_count(1)
    expect(agent.get_by_test_id("case-entry-submit")).to_be_enabled()
    expect(entries.nth(0).locator(".tag")).to_have_text("Internal note")
    expect(entries.nth(0).locator(".case-entry-body")).to_have_text(NOTE)
    byline = entries.nth(0).get_by_test_id("case-entry-byline")  # a name, not "user:<id>"
    expect(byline).to_contain_text("Agent1 \u00b7 ")
    expect(byline).not_to_contain_text("user:")
    expect(agent.get_by_test_id("case-entry-text")).to_have_value("")
    expect(detail.get_by_test_id("case-entry-error")).to_have_text("")
    expect(detail.locator("script")).to_have_count(0)
    assert agent.evaluate("window.__pwned") is None

    _add(agent, "public_reply", REPLY)  # the first reply opens a new case
    expect(entries).to_have_count(2)
    expect(entries.nth(1).locator(".tag")).to_have_text("Reply to customer")
    expect(entries.nth(1).locator(".case-entry-body")).to_have_text(REPLY)
    expect(detail.get_by_test_id("case-detail-status")).to_contain_text("Open")
    expect(row.locator("[data-cell=status]")).to_have_text("Open")

    # Waiting on the customer pauses the SLA clock, in the pane and in the list.
    choices = agent.get_by_test_id("case-status-select").locator("option")
    expect(choices).to_have_text(["Pending customer", "On hold", "Resolved"])
    agent.get_by_label("Move to").select_option("pending_customer")
    agent.get_by_test_id("case-status-submit").click()
    expect(detail.get_by_test_id("case-detail-status")).to_contain_text("Pending customer")
    expect(detail.get_by_test_id("case-detail-sla")).to_contain_text("Paused")
    expect(row.locator("[data-cell=status]")).to_have_text("Pending customer")
    expect(row.locator("[data-cell=sla]")).to_have_text("Paused")

    # A colleague resolves and closes it meanwhile; reopening from the stale pane is refused
    # with the API's message, and the pane then shows the case as it is.
    for status in ("resolved", "closed"):
        api.post(f"/api/v1/cases/{case_id}/status", {"status": status}, "agent1", 200)
    agent.get_by_label("Move to").select_option("open")
    agent.get_by_test_id("case-status-submit").click()
    expect(detail.get_by_test_id("case-status-error")).to_have_text(
        "a case cannot go from 'closed' to 'open'"
    )
    expect(detail.get_by_test_id("case-detail-status")).to_contain_text("Closed")
    expect(detail).to_contain_text("Closed cases are final.")
    expect(row.locator("[data-cell=status]")).to_have_text("Closed")

    # A reply on a closed case: the API's 409 is shown in the pane, the text is kept.
    _add(agent, "public_reply", "One more thing")
    expect(detail.get_by_test_id("case-entry-error")).to_contain_text("is closed")
    expect(agent.get_by_test_id("case-entry-text")).to_have_value("One more thing")
    expect(entries).to_have_count(2)
    assert dialogs == []
    agent.screenshot(path=str(artifacts / "case-work.png"))
