"""In a real browser: a returning customer starts a chat; the offer pops up their history (past
chats and emails, a case with a note); the agent accepts, runs the queue's compliance script,
is refused the wrap-up until the mandatory statement is confirmed, opens a case, looks up the
knowledge base and wraps up. Screenshots go to ``artifacts/``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import expect
from sqlalchemy import insert

from frontline.adapters.db.engine import make_engine
from frontline.adapters.db.live_tables import InteractionRow

VIEWPORT = {"width": 1440, "height": 900}
SCRIPT = {
    "id": "general-consent",
    "title": "Identity and consent",
    "queue": "general",
    "steps": [
        {
            "id": "reason",
            "kind": "question",
            "prompt": "What is the contact about?",
            "options": [
                {"value": "parcel", "label": "A parcel"},
                {"value": "other", "label": "Something else"},
            ],
            "next": "consent",
        },
        {
            "id": "consent",
            "kind": "statement",
            "prompt": "Tell the customer this chat is recorded for quality purposes.",
            "mandatory": True,
        },
    ],
}


def _seed(base: str, database: Path) -> int:
    """A returning customer with three past contacts (handled by a colleague, Bob) and an open
    case, the queue's script, a knowledge-base article; through the API as the demo admin,
    history straight into the tables as earlier operation left it."""
    with httpx.Client(base_url=base, timeout=10) as http:
        token = http.post("/api/v1/auth/token", data={"username": "admin", "password": "demo"})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        staff = http.get("/api/v1/users", params={"limit": 100}, headers=headers).json()["items"]
        bob = next(user["id"] for user in staff if user["username"] == "agent2")
        renamed = http.patch(
            f"/api/v1/users/{bob}", json={"display_name": "Bob Okafor"}, headers=headers
        )
        assert renamed.status_code == 200, renamed.text

        def post(path: str, body: dict[str, Any]) -> Any:
            answer = http.post(path, json=body, headers=headers)
            assert answer.status_code == 201, answer.text
            return answer.json()

        customer = post(
            "/api/v1/customers", {"name": "Maria Returning", "emails": ["maria@example.com"]}
        )["id"]
        case = post(
            "/api/v1/cases",
            {"customer_id": customer, "subject": "Damaged parcel refund", "queue": "general"},
        )
        note = {"kind": "internal_note", "body": "Refund approved, waiting for the courier"}
        post(f"/api/v1/cases/{case['id']}/entries", note)
        post("/api/v1/scripts", SCRIPT)
        article = {"title": "Refunds for damaged parcels", "body": "Refund within 5 days."}
        post("/api/v1/kb/articles", article)
    engine = make_engine(f"sqlite+pysqlite:///{database}")
    start = datetime.now(UTC) - timedelta(days=30)
    rows = [
        {
            "channel": channel,
            "queue": "general",
            "status": "closed",
            "customer_id": customer,
            "customer_name": "Maria Returning",
            "created_at": start + timedelta(days=7 * n),
            "closed_at": start + timedelta(days=7 * n, minutes=6),
            "agent_user_id": bob,
            "disposition": disposition,
            "notes": "",
            "subject": f"parcel question {n + 1}",
            "subject_key": f"parcel question {n + 1}",
        }
        for n, (channel, disposition) in enumerate(
            (("email", "resolved"), ("chat", "follow_up"), ("chat", "resolved"))
        )
    ]
    with engine.begin() as connection:
        connection.execute(insert(InteractionRow), rows)
    engine.dispose()
    return int(customer)


def test_screen_pop_and_a_scripted_chat(
    demo_server: str, browser: Any, artifacts: Path, tmp_path: Path
) -> None:
    _seed(demo_server, tmp_path / "browser.db")
    agent = browser.new_context(viewport=VIEWPORT).new_page()
    agent.goto(f"{demo_server}/agent")
    agent.get_by_test_id("login-username").fill("agent1")
    agent.get_by_test_id("login-password").fill("demo")
    agent.get_by_test_id("login-submit").click()
    agent.get_by_test_id("state-ready").click()
    expect(agent.get_by_test_id("state-current")).to_have_attribute("data-state", "available")

    chat = {"name": "Maria", "email": "Maria@Example.com", "message": "Where is my refund?"}
    started = httpx.post(f"{demo_server}/api/v1/chat/sessions", json={**chat, "queue": "general"})
    assert started.status_code == 201, started.text

    expect(agent.get_by_test_id("offer")).to_be_visible(timeout=10_000)
    pop = agent.get_by_test_id("screenpop")
    expect(pop).to_contain_text("parcel question 3", timeout=10_000)
    expect(pop).to_contain_text("Refund approved, waiting for the courier")
    expect(pop.get_by_test_id("timeline-item")).to_have_count(9)  # 4 contacts, 3 wrap-ups, case
    # the offered chat is in the history, marked as the one in hand, not as one more "Chat"
    current = pop.locator("[data-current=true]")
    expect(current).to_have_count(1)
    expect(current).to_contain_text("This conversation")
    expect(current).not_to_contain_text("Handled by")
    # earlier contacts: the queue once, who handled them, dispositions in the queue's words
    expect(pop).to_contain_text("Handled by Bob Okafor")
    expect(pop.locator(".timeline-disposition").first).to_contain_text("Resolved")
    expect(pop).to_contain_text("Follow-up needed")  # the label, not "Follow up" from the code
    expect(pop).not_to_contain_text("Chat in general")
    expect(pop).not_to_contain_text("Wrap-up resolved")
    expect(agent.get_by_test_id("customer-history")).to_contain_text("Maria Returning")
    expect(agent.get_by_test_id("customer-history")).to_contain_text("Incoming offer")
    agent.screenshot(path=str(artifacts / "screenpop-offer.png"))

    agent.get_by_test_id("offer-accept").click()
    accepted = agent.get_by_test_id("screenpop").locator("[data-current=true]")
    expect(accepted).to_contain_text("This conversation", timeout=10_000)
    expect(accepted).to_have_count(1)
    step = agent.get_by_test_id("script-step")
    expect(step).to_contain_text("What is the contact about?", timeout=10_000)
    agent.get_by_test_id("script-answer").select_option("parcel")
    agent.get_by_test_id("script-next").click()
    expect(step).to_contain_text("recorded for quality purposes")
    expect(agent.get_by_test_id("script-pending")).to_contain_text("consent")

    expect(agent.get_by_test_id("customer-cases")).to_contain_text("Damaged parcel refund")
    agent.locator("#case-subject").fill("Refund still missing")
    agent.get_by_test_id("open-case").click()
    expect(agent.get_by_test_id("customer-cases")).to_contain_text("Refund still missing")
    agent.get_by_test_id("kb-search").fill("refund damaged")
    agent.get_by_test_id("kb-search").press("Enter")
    expect(agent.get_by_test_id("kb-hit")).to_contain_text("Refunds for damaged parcels")

    agent.get_by_test_id("end-chat").click()
    agent.get_by_test_id("wrapup-disposition").select_option("resolved")
    agent.get_by_test_id("wrapup-submit").click()
    refusal = agent.locator(".wrapup .form-error")
    expect(refusal).to_contain_text("mandatory script step 'consent'")
    agent.screenshot(path=str(artifacts / "screenpop-script-refused.png"))

    agent.get_by_test_id("script-answer").check()
    agent.get_by_test_id("script-next").click()
    expect(agent.get_by_test_id("script-done")).to_be_visible()
    agent.get_by_test_id("wrapup-submit").click()
    expect(agent.get_by_test_id("state-current")).to_have_attribute(
        "data-state", "available", timeout=10_000
    )
