"""A real Frontline server (uvicorn, real routing service) for the self-service tests, on
SQLite and PostgreSQL: a small organisation, a tiny intent model trained on BANKING77 rows,
voice webhooks signed with a test account token."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
from sqlalchemy import Engine
from tests.support.databases import BACKENDS, migrated_engine, wipe
from tests.support.servers import ThreadedServer, server_settings

from frontline.adapters.bot.dataset import read_labelled_csv
from frontline.adapters.bot.model_store import save_model
from frontline.adapters.bot.training import TrainingOptions, train_intent_model
from frontline.adapters.voice.signature import compute_signature
from frontline.bootstrap import Container, build_container
from frontline.domain.channels import Channel
from frontline.domain.org.roles import Role
from frontline.service import agents, queues, users
from frontline.service.access import SYSTEM

ROOT = Path(__file__).resolve().parents[3]
BANKING77 = ROOT / "datasets" / "banking77" / "train.csv"
INTENTS = ("card_arrival", "lost_or_stolen_card", "exchange_rate", "top_up_failed", "pin_blocked")
PASSWORD = "correct horse"
VOICE_TOKEN = "voice-test-account-token"
PUBLIC_URL = "https://contact.example.com"
FLOWS = ROOT / "examples" / "flows"


@pytest.fixture(scope="session")
def bot_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """TF-IDF intent model on 60 BANKING77 rows of each of five intents (about a second)."""
    data = read_labelled_csv(BANKING77)
    rows = [i for i, label in enumerate(data.labels) if label in INTENTS]
    by_label: dict[str, list[int]] = {}
    for i in rows:
        by_label.setdefault(data.labels[i], []).append(i)
    chosen = np.array(sorted(i for ids in by_label.values() for i in ids[:60]))
    model, _ = train_intent_model(data.subset(chosen), TrainingOptions(features="tfidf"))
    folder = tmp_path_factory.mktemp("bot") / "model"
    save_model(model, folder)
    return folder


@pytest.fixture(scope="session", params=BACKENDS)
def ss_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    yield from migrated_engine(request, tmp_path_factory, "ss")


def seed(container: Container) -> None:
    """Agents alice and bob (chat and voice), a supervisor, an admin; queues general, cards."""
    make = container.uow_factory
    for username, role in (("super", Role.SUPERVISOR), ("boss", Role.ADMIN)):
        cmd = users.CreateUser(username, PASSWORD, frozenset({role}), username.title())
        users.create_user(make(), SYSTEM, cmd, container.hasher)
    for username in ("alice", "bob"):
        cmd = users.CreateUser(username, PASSWORD, frozenset({Role.AGENT}), username.title())
        user_id = users.create_user(make(), SYSTEM, cmd, container.hasher).id
        capacity = {Channel.CHAT: 2, Channel.EMAIL: 0, Channel.VOICE: 1}
        agents.create_agent(make(), SYSTEM, agents.CreateAgent(user_id, None, {}, capacity))
    both = frozenset({Channel.CHAT, Channel.VOICE})
    for name in ("general", "cards", "chat_general"):
        queues.create_queue(make(), SYSTEM, queues.CreateQueue(name, both))


Server = ThreadedServer


@pytest.fixture
def make_server(
    ss_engine: Engine, tmp_path: Path, bot_model_dir: Path
) -> Iterator[Callable[..., Server]]:
    wipe(ss_engine)
    servers: list[Server] = []

    def make(**overrides: Any) -> Server:
        settings = server_settings(
            ss_engine,
            tmp_path,
            sla_evaluate_seconds=0,
            bot_model_dir=bot_model_dir,
            voice_auth_token=VOICE_TOKEN,
            public_url=PUBLIC_URL,
            callback_poll_seconds=1,
        )
        settings = replace(settings, **overrides)
        if not servers:
            seed(build_container(settings, engine=ss_engine))
        server = Server(settings, ss_engine)
        server.start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def server(make_server: Callable[..., Server]) -> Server:
    return make_server()


@dataclass
class Api:
    """A synchronous client of the running server; ``as_user`` logs a staff member in."""

    http: httpx.Client

    def token(self, username: str) -> dict[str, str]:
        response = self.http.post(
            "/api/v1/auth/token", data={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    def call(
        self, method: str, path: str, headers: dict[str, str], expect: int = 200, **kw: Any
    ) -> Any:
        response = self.http.request(method, path, headers=headers, **kw)
        assert response.status_code == expect, f"{method} {path}: {response.text}"
        return response.json() if response.content else None

    def upload(
        self, headers: dict[str, str], source: str, expect: int = 201, kind: str = "yaml"
    ) -> Any:
        typed = {**headers, "Content-Type": f"application/{kind}"}
        return self.call("POST", "/api/v1/flows", typed, expect, content=source.encode())

    def publish(self, headers: dict[str, str], flow_id: str, **body: Any) -> Any:
        return self.call("POST", f"/api/v1/flows/{flow_id}/publish", headers, json=body)

    def voice(self, path: str, form: dict[str, str], sign: bool = True) -> httpx.Response:
        """A carrier webhook, signed like the carrier signs it (public URL + sorted fields)."""
        headers = {}
        if sign:
            headers["X-Twilio-Signature"] = compute_signature(VOICE_TOKEN, PUBLIC_URL + path, form)
        return self.http.post(path, data=form, headers=headers)


@pytest.fixture
def api(server: Server) -> Iterator[Api]:
    with httpx.Client(base_url=server.base, timeout=20) as http:
        yield Api(http)
