"""Simulated customers and agents for ``frontline demo``, driving the real server.

Customers arrive as the simulator's Poisson arrival profile says (a gentle few chats per
minute per queue), start chats through the public API, answer the agent a couple of times
and leave; some give up if nobody answers in time. Agents ``agent2``…``agent12`` log in, go
ready, accept offers after a moment, greet, reply after a think time, end and wrap up, and
now and then take a short break. ``agent1`` is left for a person. Everything goes over the
same HTTP and WebSocket API the browser uses, so the wallboard moves for real reasons.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import numpy as np
from websockets.asyncio.client import connect

from frontline.sim.arrivals import ArrivalProfile

log = logging.getLogger(__name__)
NAMES = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim")
GREETINGS = ("Hi {name}, thanks for waiting! How can I help?", "Hello {name}, I'm on it.")
REPLIES = (
    "Let me check that for you.",
    "Thanks, I can see your account now.",
    "That should be fixed now. Anything else?",
)
CUSTOMER_LINES = ("Thanks!", "Yes, that's the one.", "Great, that helps.", "Perfect, bye!")
DISPOSITIONS = ("resolved", "resolved", "information_given", "follow_up")


@dataclass(frozen=True)
class DemoTrafficPlan:
    base_url: str
    password: str
    agents: Sequence[str]
    chats_per_minute: dict[str, float]
    seed: int = 7


class DemoTraffic:
    def __init__(self, plan: DemoTrafficPlan) -> None:
        self.plan = plan
        self.rng = np.random.default_rng(plan.seed)
        self.ws_base = plan.base_url.replace("http://", "ws://", 1)
        self._customers: set[asyncio.Task[None]] = set()

    def _uniform(self, low: float, high: float) -> float:
        return float(self.rng.uniform(low, high))

    async def run(self, stop: asyncio.Event) -> None:
        async with httpx.AsyncClient(base_url=self.plan.base_url, timeout=15) as http:
            await self._wait_until_up(http, stop)
            tasks = [
                asyncio.create_task(self._agent(http, name, stop)) for name in self.plan.agents
            ]
            tasks += [
                asyncio.create_task(self._arrivals(http, queue, rate, stop))
                for queue, rate in self.plan.chats_per_minute.items()
            ]
            await stop.wait()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _wait_until_up(self, http: httpx.AsyncClient, stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(httpx.HTTPError):
                if (await http.get("/healthz")).status_code == 200:
                    return
            await asyncio.sleep(0.2)

    # ------------------------------------------------------------ customers
    async def _arrivals(
        self, http: httpx.AsyncClient, queue: str, per_minute: float, stop: asyncio.Event
    ) -> None:
        profile = ArrivalProfile(3600.0, (per_minute * 60.0,))
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            start = loop.time()
            for at in profile.generate(self.rng, 3600.0):
                await asyncio.sleep(max(0.0, start + float(at) - loop.time()))
                task = asyncio.create_task(self._customer(http, queue))
                self._customers.add(task)
                task.add_done_callback(self._customers.discard)

    async def _customer(self, http: httpx.AsyncClient, queue: str) -> None:
        name = str(self.rng.choice(NAMES))
        body = {
            "name": f"{name} (simulated)",
            "email": f"{name.lower()}.{int(self.rng.integers(1, 10_000))}@demo.example",
            "message": f"Hello, I have a question about {queue.replace('-', ' ')}.",
            "queue": queue,
        }
        try:
            started = await http.post("/api/v1/chat/sessions", json=body)
            if started.status_code != 201:
                return
            session = started.json()
            await self._converse(http, session, patience=float(self.rng.exponential(150.0)))
        except Exception:  # a demo customer never takes the demo down
            log.debug("simulated customer failed", exc_info=True)

    async def _converse(
        self, http: httpx.AsyncClient, session: dict[str, Any], patience: float
    ) -> None:
        session_id, token = session["session_id"], session["token"]
        headers = {"Authorization": f"Bearer {token}"}
        url = f"{self.ws_base}/ws/chat/{session_id}?token={token}"
        answered = False
        replies_left = int(self.rng.integers(1, 3))
        async with connect(url) as socket:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + patience
            while True:
                timeout = deadline - loop.time() if not answered else 600.0
                if timeout <= 0:
                    await http.post(f"/api/v1/chat/sessions/{session_id}/end", headers=headers)
                    return
                try:
                    event = json.loads(await asyncio.wait_for(socket.recv(), timeout))
                except TimeoutError:
                    continue
                if event.get("type") == "status":
                    answered = answered or event.get("status") == "active"
                    if event.get("status") == "ended":
                        return
                elif (
                    event.get("type") == "message"
                    and event["message"]["sender"] == "agent"
                    and replies_left > 0
                ):
                    replies_left -= 1
                    await asyncio.sleep(self._uniform(3, 8))
                    await http.post(
                        f"/api/v1/chat/sessions/{session_id}/messages",
                        json={"text": str(self.rng.choice(CUSTOMER_LINES))},
                        headers=headers,
                    )

    # --------------------------------------------------------------- agents
    async def _agent(self, http: httpx.AsyncClient, username: str, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self._agent_shift(http, username)
            except Exception:
                log.debug("simulated agent %s reconnects", username, exc_info=True)
                await asyncio.sleep(2.0)

    async def _agent_shift(self, http: httpx.AsyncClient, username: str) -> None:
        login = await http.post(
            "/api/v1/auth/token", data={"username": username, "password": self.plan.password}
        )
        login.raise_for_status()
        token = login.json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        desktop = (await http.get("/api/v1/agents/me/desktop", headers=headers)).json()
        url = f"{self.ws_base}/ws/agent?token={token}&after={desktop.get('last_event_id', 0)}"
        handling: set[asyncio.Task[None]] = set()
        async with connect(url) as socket:
            await asyncio.sleep(self._uniform(0.5, 5))
            await http.put("/api/v1/agents/me/state", json={"state": "available"}, headers=headers)
            while True:
                event = json.loads(await socket.recv())
                if event.get("type") == "offer":
                    task = asyncio.create_task(self._handle(http, headers, event))
                    handling.add(task)
                    task.add_done_callback(handling.discard)

    async def _handle(
        self, http: httpx.AsyncClient, headers: dict[str, str], offer: dict[str, Any]
    ) -> None:
        base = f"/api/v1/interactions/{offer['interaction_id']}"
        await asyncio.sleep(self._uniform(1, 4))
        if (await http.post(f"{base}/accept", headers=headers)).status_code != 200:
            return
        name = str(offer.get("customer", {}).get("name", "there")).split(" ")[0]
        await asyncio.sleep(self._uniform(2, 5))
        greeting = str(self.rng.choice(GREETINGS)).format(name=name)
        await http.post(f"{base}/messages", json={"text": greeting}, headers=headers)
        for _ in range(int(self.rng.integers(1, 3))):
            await asyncio.sleep(self._uniform(8, 20))
            reply = str(self.rng.choice(REPLIES))
            if (
                await http.post(f"{base}/messages", json={"text": reply}, headers=headers)
            ).status_code != 201:
                break
        await asyncio.sleep(self._uniform(4, 10))
        await http.post(f"{base}/end", headers=headers)
        await asyncio.sleep(self._uniform(3, 8))
        disposition = str(self.rng.choice(DISPOSITIONS))
        await http.post(
            f"{base}/wrap-up", json={"disposition": disposition, "notes": "demo"}, headers=headers
        )
        if self.rng.random() < 0.08:
            reason = str(self.rng.choice(("coaching", "personal", "training")))
            answer = await http.put(
                "/api/v1/agents/me/state",
                json={"state": "break", "reason": reason},
                headers=headers,
            )
            if answer.status_code == 200:
                await asyncio.sleep(self._uniform(20, 60))
                await http.put(
                    "/api/v1/agents/me/state", json={"state": "available"}, headers=headers
                )


def start_in_thread(plan: DemoTrafficPlan) -> tuple[threading.Thread, threading.Event]:
    """Run the simulated traffic on its own event loop; set the event to stop it."""
    stopping = threading.Event()

    def main() -> None:
        async def runner() -> None:
            stop = asyncio.Event()
            driver = asyncio.create_task(DemoTraffic(plan).run(stop))
            while not stopping.is_set():
                await asyncio.sleep(0.2)
            stop.set()
            await driver

        asyncio.run(runner())

    thread = threading.Thread(target=main, name="demo-traffic", daemon=True)
    thread.start()
    return thread, stopping
