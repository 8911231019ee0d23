"""``frontline demo`` as a newcomer runs it: a real process on 127.0.0.1 that prints the
pages and logins and, unless ``--no-traffic``, fills the desktop with simulated agents
(agent2…agent12) while leaving agent1 for the person."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

FRONTLINE = Path(__file__).resolve().parents[3] / ".venv" / "bin" / "frontline"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def demo(tmp_path: Path, *args: str) -> Iterator[tuple[str, list[str]]]:
    """The demo's base URL, and a list that holds its console output once it stopped."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTLINE_")}
    env.update(
        FRONTLINE_ARGON2_TIME_COST="1",
        FRONTLINE_ARGON2_MEMORY_KIB="8",
        FRONTLINE_DATA_DIR=str(tmp_path / "data"),
    )
    process = subprocess.Popen(
        [str(FRONTLINE), "demo", "--port", str(port), *args],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(f"demo exited early: {process.communicate()[0]}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "demo did not come up"
            time.sleep(0.2)
        output: list[str] = []
        yield base, output
    finally:
        process.terminate()
        try:
            stdout, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, _ = process.communicate()
        if "output" in locals():
            output.append(stdout or "")


def _agents(base: str) -> dict[str, str]:
    token = httpx.post(
        f"{base}/api/v1/auth/token", data={"username": "supervisor", "password": "demo"}
    ).json()["access_token"]
    board = httpx.get(
        f"{base}/api/v1/stats/realtime", headers={"Authorization": f"Bearer {token}"}
    ).json()
    return {a["username"]: a["state"] for a in board["agents"]}


@pytest.mark.slow
def test_demo_with_simulated_agents_leaves_agent1_free(tmp_path: Path) -> None:
    with demo(tmp_path) as (base, output):
        deadline = time.monotonic() + 40
        while True:
            states = _agents(base)
            ready = {n for n, s in states.items() if s != "offline"}
            if ready == {f"agent{n}" for n in range(2, 13)}:
                break
            assert time.monotonic() < deadline, f"simulated agents did not log in: {states}"
            time.sleep(1)
        assert states["agent1"] == "offline"
        for page in ("/agent", "/wallboard", "/chat-demo", "/widget.js"):
            assert httpx.get(f"{base}{page}").status_code == 200
        # a chat without a queue goes to general, which the simulated agents take
        chat = httpx.post(f"{base}/api/v1/chat/sessions", json={"name": "Me", "message": "hi"})
        assert chat.status_code == 201
        session = chat.json()
        headers = {"Authorization": f"Bearer {session['token']}"}
        deadline = time.monotonic() + 30
        while True:
            transcript = httpx.get(
                f"{base}/api/v1/chat/sessions/{session['session_id']}/messages", headers=headers
            ).json()
            if any(m["sender"] == "agent" for m in transcript["messages"]):
                break
            assert time.monotonic() < deadline, "no simulated agent answered"
            time.sleep(0.5)
        assert transcript["status"] == "active" and transcript["agent_name"]
    [console] = output
    assert "agent1" in console and "/wallboard" in console and "password 'demo'" in console


def test_demo_without_traffic_stays_quiet(tmp_path: Path) -> None:
    with demo(tmp_path, "--no-traffic") as (base, _):
        time.sleep(3)
        assert set(_agents(base).values()) == {"offline"}


def test_demo_case_list_shows_sla_clocks(tmp_path: Path) -> None:
    """The demo's CRM seed reaches the running demo: agent1's cases carry SLA clocks in
    several states, with their customers' names."""
    with demo(tmp_path, "--no-traffic") as (base, _):
        token = httpx.post(
            f"{base}/api/v1/auth/token", data={"username": "agent1", "password": "demo"}
        ).json()["access_token"]
        listed = httpx.get(
            f"{base}/api/v1/cases",
            params={"view": "mine"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert listed.status_code == 200
        items = listed.json()["items"]
        states = {case["subject"]: case["sla"]["state"] for case in items}
        assert states["Charged twice for the March invoice"] == "breached"
        assert {"ok", "paused"} <= set(states.values())
        assert all(case["customer_name"] for case in items)
