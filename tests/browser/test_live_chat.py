"""In a real browser: a customer writes through the widget on the demo site, the agent
accepts and replies on the desktop, the customer sees the reply, the agent wraps up, and
the supervisor's wallboard counts the handled chat. Screenshots go to ``artifacts/``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

VIEWPORT = {"width": 1280, "height": 800}


def _log_in(page: Any, base: str, path: str, username: str) -> None:
    page.goto(f"{base}{path}")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill("demo")
    page.get_by_test_id("login-submit").click()


def test_customer_agent_and_wallboard_in_the_browser(
    demo_server: str, browser: Any, artifacts: Path
) -> None:
    agent = browser.new_context(viewport=VIEWPORT).new_page()
    _log_in(agent, demo_server, "/agent", "agent1")
    agent.get_by_test_id("state-ready").click()
    expect(agent.get_by_test_id("state-current")).to_have_attribute("data-state", "available")

    customer = browser.new_context(viewport=VIEWPORT).new_page()
    customer.goto(f"{demo_server}/chat-demo")
    customer.get_by_test_id("fl-launcher").click()
    customer.get_by_test_id("fl-name").fill("Dana Browser")
    customer.get_by_test_id("fl-email").fill("dana.browser@example.com")
    customer.get_by_test_id("fl-message").fill("Hi, is my parcel on its way? <b>thanks</b>")
    customer.get_by_test_id("fl-start").click()

    offer = agent.get_by_test_id("offer")
    expect(offer).to_be_visible(timeout=10_000)
    expect(offer).to_contain_text("Dana Browser")
    expect(offer).to_contain_text("<b>thanks</b>")  # shown as text, never as markup
    agent.get_by_test_id("offer-accept").click()
    agent.get_by_test_id("reply-input").fill("Hello Dana, it ships today.")
    agent.get_by_test_id("reply-send").click()

    expect(customer.get_by_test_id("fl-log")).to_contain_text(
        "Hello Dana, it ships today.", timeout=10_000
    )
    customer.get_by_test_id("fl-input").fill("Great, thank you!")
    customer.get_by_test_id("fl-send").click()
    expect(agent.get_by_test_id("transcript")).to_contain_text("Great, thank you!")
    agent.screenshot(path=str(artifacts / "agent-desktop.png"))
    # At 1280 px the whole top bar (state buttons, view tabs, the agent's name) is one row.
    brand = agent.locator(".topbar .brand").bounding_box()
    logout = agent.get_by_test_id("logout").bounding_box()
    assert brand is not None and logout is not None
    assert abs(logout["y"] - brand["y"]) < brand["height"], (brand, logout)

    agent.get_by_test_id("end-chat").click()
    agent.get_by_test_id("wrapup-disposition").select_option("resolved")
    agent.get_by_test_id("wrapup-notes").fill("Parcel ships today")
    agent.get_by_test_id("wrapup-submit").click()
    expect(agent.get_by_test_id("state-current")).to_have_attribute(
        "data-state", "available", timeout=10_000
    )
    expect(customer.get_by_test_id("fl-status")).not_to_contain_text("Chatting")

    wallboard = browser.new_context(viewport=VIEWPORT).new_page()
    _log_in(wallboard, demo_server, "/wallboard", "supervisor")
    row = wallboard.get_by_test_id("queue-row-general")
    expect(row.locator("[data-metric=answered]")).to_have_text("1", timeout=10_000)
    expect(row.locator("[data-metric=offered]")).to_have_text("1")
    expect(wallboard.get_by_test_id("agent-row-agent1")).to_be_visible()
    wallboard.screenshot(path=str(artifacts / "wallboard.png"))
