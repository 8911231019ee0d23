"""In a real browser: the widget starts with the queue's bot, which answers a known question
from the knowledge base (with Yes/No buttons), and hands a request it cannot answer to an
agent whose desktop offer shows the intent the bot detected. Screenshots go to ``artifacts/``.

The intent model is trained in the test on a few BANKING77 intents (TF-IDF, well under a
second); the flow is the shipped ``examples/flows/chat_assistant.yaml``, unchanged.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
import uvicorn
from playwright.sync_api import expect

from frontline.adapters.bot.dataset import read_labelled_csv
from frontline.adapters.bot.model_store import save_model
from frontline.adapters.bot.training import TrainingOptions, train_intent_model
from frontline.adapters.db import migrate
from frontline.adapters.db.engine import make_engine
from frontline.bootstrap import build_container, create_app
from frontline.config import Settings
from frontline.service.demo_seed import seed_demo

ROOT = Path(__file__).resolve().parents[2]
INTENTS = ("card_arrival", "lost_or_stolen_card", "exchange_rate", "top_up_failed", "pin_blocked")
VIEWPORT = {"width": 1280, "height": 800}
ARRIVAL = "Cards arrive within 5 working days of ordering."


def _train(folder: Path) -> None:
    data = read_labelled_csv(ROOT / "datasets" / "banking77" / "train.csv")
    by_intent: dict[str, list[int]] = {}
    for index, label in enumerate(data.labels):
        if label in INTENTS:
            by_intent.setdefault(label, []).append(index)
    rows = np.array(sorted(i for ids in by_intent.values() for i in ids[:60]))
    model, _ = train_intent_model(data.subset(rows), TrainingOptions(features="tfidf"))
    save_model(model, folder)


@pytest.fixture
def bot_server(tmp_path: Path) -> Iterator[str]:
    """The demo organisation with a trained bot, the chat assistant on ``general``, and a
    public knowledge-base article about card arrival."""
    _train(tmp_path / "bot")
    settings = Settings(
        data_dir=tmp_path,
        database_url=f"sqlite+pysqlite:///{tmp_path / 'bot.db'}",
        secret_key="b" * 40,
        argon2_time_cost=1,
        argon2_memory_kib=8,
        cookie_secure=False,
        migrate_on_start=False,
        bot_model_dir=tmp_path / "bot",
    )
    engine = make_engine(settings.database_url)
    migrate.upgrade(engine)
    container = build_container(settings, engine=engine)
    seed_demo(container.uow_factory, container.hasher)
    port = _free_port()
    config = uvicorn.Config(create_app(container), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.02)
    base = f"http://127.0.0.1:{port}"
    _publish_assistant(base)
    yield base
    server.should_exit = True
    thread.join(timeout=20)
    engine.dispose()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _publish_assistant(base: str) -> None:
    with httpx.Client(base_url=base, timeout=20) as http:
        login = http.post("/api/v1/auth/token", data={"username": "admin", "password": "demo"})
        admin = {"Authorization": f"Bearer {login.json()['access_token']}"}
        source = (ROOT / "examples" / "flows" / "chat_assistant.yaml").read_bytes()
        typed = {**admin, "Content-Type": "application/yaml"}
        assert http.post("/api/v1/flows", content=source, headers=typed).status_code == 201
        published = http.post(
            "/api/v1/flows/chat-assistant/publish", json={"queues": ["general"]}, headers=admin
        )
        assert published.status_code == 200, published.text
        article = {
            "title": "Card arrival",
            "body": f"{ARRIVAL} If it has not arrived after 7 days, order a new one in the app.",
            "audience": "public",
        }
        created = http.post("/api/v1/kb/articles", json=article, headers=admin)
        assert created.status_code == 201, created.text


def _start_chat(page: Any, base: str, name: str, message: str) -> None:
    page.goto(f"{base}/chat-demo")
    page.get_by_test_id("fl-launcher").click()
    page.get_by_test_id("fl-name").fill(name)
    page.get_by_test_id("fl-email").fill(f"{name.split()[0].lower()}@example.com")
    page.get_by_test_id("fl-message").fill(message)
    page.get_by_test_id("fl-start").click()


def test_the_bot_answers_a_faq_and_hands_the_rest_to_an_agent_with_the_intent(
    bot_server: str, browser: Any, artifacts: Path
) -> None:
    customer = browser.new_context(viewport=VIEWPORT).new_page()
    _start_chat(customer, bot_server, "Dana Browser", "My card still hasn't arrived, where is it?")
    log = customer.get_by_test_id("fl-log")
    expect(log).to_contain_text(ARRIVAL, timeout=10_000)
    expect(customer.get_by_test_id("fl-status")).to_contain_text("assistant")
    options = customer.get_by_test_id("fl-option")
    expect(options).to_have_count(2)
    expect(options.first).to_have_text("Yes")
    customer.screenshot(path=str(artifacts / "bot-widget-answer.png"))
    options.first.click()
    expect(log).to_contain_text("Glad I could help", timeout=10_000)
    expect(customer.get_by_test_id("fl-status")).to_contain_text("Chat ended")

    agent = browser.new_context(viewport=VIEWPORT).new_page()
    agent.goto(f"{bot_server}/agent")
    agent.get_by_test_id("login-username").fill("agent1")
    agent.get_by_test_id("login-password").fill("demo")
    agent.get_by_test_id("login-submit").click()
    agent.get_by_test_id("state-ready").click()
    expect(agent.get_by_test_id("state-current")).to_have_attribute("data-state", "available")

    other = browser.new_context(viewport=VIEWPORT).new_page()
    _start_chat(other, bot_server, "Sam Browser", "I tried to top up my account but it failed")
    offer = agent.get_by_test_id("offer")
    expect(offer).to_be_visible(timeout=10_000)
    expect(offer).to_contain_text("Sam Browser")
    expect(agent.get_by_test_id("offer-flow")).to_contain_text("Intent: Top up failed")
    agent.screenshot(path=str(artifacts / "bot-handoff-offer.png"))
    expect(other.get_by_test_id("fl-log")).to_contain_text("connecting you with a colleague")
    agent.get_by_test_id("offer-accept").click()
    expect(other.get_by_test_id("fl-status")).to_contain_text("Chatting with", timeout=10_000)
