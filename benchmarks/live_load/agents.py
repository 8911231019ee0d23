"""An agent load-generator process: a share of the agents, each on its own WebSocket.

Each agent goes ready, accepts every offer at once, answers every customer message after a
short think time, and after its last answer ends the chat and wraps it up. Offers and
customer messages are logged with their one-way latency (see ``protocol``). The agent works
its chats with command frames on its socket (``--agent-commands socket``, what a desktop
under load would do) or with one REST call per action (``rest``).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
from dataclasses import dataclass
from multiprocessing.synchronize import Event
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidHandshake

from live_load.customers import IN_FLIGHT, KEEPALIVE_S
from live_load.protocol import OFFER, TO_AGENT, TO_CUSTOMER, Records, tagged_text


@dataclass(frozen=True)
class AgentPlan:
    base: str
    tokens: list[str]
    exchanges: int  # agent answers per chat (the first one answers the opening message)
    think: tuple[float, float]  # seconds, uniform
    seed: int
    commands: str = "socket"  # how the agent accepts, replies, ends and wraps up: socket|rest


@dataclass
class Status:
    """What an action answered: the HTTP status, or the socket's ack (200) or error status."""

    status_code: int
    text: str = ""


class AgentSide:
    def __init__(self, plan: AgentPlan, http: httpx.AsyncClient) -> None:
        self.plan = plan
        self.http = http
        self.rng = random.Random(plan.seed)
        self.records = Records()
        self.inboxes: dict[int, asyncio.Queue[str]] = {}
        self.tasks: set[asyncio.Task[None]] = set()
        self.gate = asyncio.Semaphore(IN_FLIGHT)
        self.sockets: dict[str, ClientConnection] = {}
        self.answers: dict[int, asyncio.Future[Status]] = {}
        self.refs = itertools.count(1)

    async def call(self, token: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"Authorization": f"Bearer {token}"}
        async with self.gate:  # see customers.IN_FLIGHT
            answer = await self.http.request(method, path, headers=headers, **kwargs)
        if answer.status_code >= 300:
            self.records.error(f"{method} {path}: {answer.status_code} {answer.text[:120]}")
        return answer

    async def act(self, token: str, action: str, interaction: int, **body: Any) -> Status:
        """One action on an interaction, over the socket or REST as the plan says."""
        if self.plan.commands == "rest":
            path = f"/api/v1/interactions/{interaction}/{action.replace('_', '-')}"
            if action == "reply":
                path = f"/api/v1/interactions/{interaction}/messages"
            answer = await self.call(token, "POST", path, json=body or None)
            return Status(answer.status_code, answer.text)
        ref = next(self.refs)
        waiting: asyncio.Future[Status] = asyncio.get_running_loop().create_future()
        self.answers[ref] = waiting
        frame = {"type": action, "ref": ref, "interaction_id": interaction, **body}
        await self.sockets[token].send(json.dumps(frame))
        try:
            status = await asyncio.wait_for(waiting, timeout=120)
        finally:
            self.answers.pop(ref, None)
        if status.status_code >= 300:
            self.records.error(f"{action} {interaction}: {status.status_code} {status.text[:120]}")
        return status

    def answered(self, event: dict[str, Any]) -> None:
        waiting = self.answers.get(int(event.get("ref") or 0))
        if waiting is None or waiting.done():
            return
        if event["type"] == "ack":
            waiting.set_result(Status(200))
        else:
            waiting.set_result(Status(int(event["status"]), str(event["detail"])))

    async def agent(self, token: str, ready: asyncio.Queue[None]) -> None:
        """One agent's socket; a socket that cannot be opened (three tries) is reported and
        still counted as settled, so one failure cannot hold the whole run at the start."""
        ws_url = self.plan.base.replace("http://", "ws://", 1) + f"/ws/agent?token={token}&after=0"
        for attempt in range(3):
            try:
                socket = await connect(ws_url, open_timeout=60, max_queue=None)
                break
            except (OSError, TimeoutError, InvalidHandshake) as exc:
                self.records.error(f"agent socket, try {attempt + 1}: {exc!r}")
                await asyncio.sleep(1.0)
        else:
            ready.put_nowait(None)
            return
        async with socket:
            self.sockets[token] = socket
            await self.call(token, "PUT", "/api/v1/agents/me/state", json={"state": "available"})
            ready.put_nowait(None)
            await self.listen(token, socket)
            self.records.error(f"agent socket closed: {socket.close_code} {socket.close_reason}")

    async def listen(self, token: str, socket: ClientConnection) -> None:
        async for raw in socket:
            event = json.loads(raw)
            kind = event.get("type")
            if kind == "offer":
                self.records.note_received(OFFER, str(event.get("first_message", "")))
                self.records.count("offers")
                interaction = int(event["interaction_id"])
                inbox: asyncio.Queue[str] = asyncio.Queue()
                self.inboxes[interaction] = inbox  # a re-offer replaces a revoked one's inbox
                task = asyncio.create_task(self.handle(token, interaction, inbox))
                self.tasks.add(task)
                task.add_done_callback(self.tasks.discard)
            elif kind == "message" and event["message"]["sender"] == "customer":
                self.records.note_received(TO_AGENT, str(event["message"]["text"]))
                waiting = self.inboxes.get(int(event["interaction_id"]))
                if waiting is not None:
                    waiting.put_nowait(event["message"]["text"])
            elif kind == "offer_revoked":
                self.records.count("offers_revoked")
            elif kind in ("ack", "error"):
                self.answered(event)

    async def think(self) -> None:
        await asyncio.sleep(self.rng.uniform(*self.plan.think))

    async def say(self, token: str, interaction: int) -> bool:
        ident, text = tagged_text()
        self.records.note_sent(TO_CUSTOMER, ident)
        answer = await self.act(token, "reply", interaction, text=text)
        return answer.status_code < 300

    async def handle(self, token: str, interaction: int, inbox: asyncio.Queue[str]) -> None:
        try:
            if (await self.act(token, "accept", interaction)).status_code != 200:
                return
            self.records.count("accepted")
            for answer in range(self.plan.exchanges):
                if answer > 0:
                    await asyncio.wait_for(inbox.get(), timeout=120)
                await self.think()
                if not await self.say(token, interaction):
                    return
            await self.act(token, "end", interaction)
            body = {"disposition": "resolved", "notes": "load test"}
            if (await self.act(token, "wrap_up", interaction, **body)).status_code == 200:
                self.records.count("completed")
        except TimeoutError:
            self.records.error(f"interaction {interaction}: customer went quiet")
        except httpx.HTTPError as exc:
            self.records.error(f"interaction {interaction}: {exc!r}")
        finally:
            if self.inboxes.get(interaction) is inbox:
                del self.inboxes[interaction]


async def _run(plan: AgentPlan, ready_out: Any, stop: Event) -> Records:
    limits = httpx.Limits(
        max_connections=IN_FLIGHT, max_keepalive_connections=IN_FLIGHT, keepalive_expiry=KEEPALIVE_S
    )
    async with httpx.AsyncClient(base_url=plan.base, timeout=120, limits=limits) as http:
        side = AgentSide(plan, http)
        ready: asyncio.Queue[None] = asyncio.Queue()
        agents = [asyncio.create_task(side.agent(token, ready)) for token in plan.tokens]
        for _ in plan.tokens:
            await ready.get()
        ready_out.put(len(plan.tokens))
        while not stop.is_set():
            await asyncio.sleep(0.2)
            for task in [t for t in agents if t.done()]:
                agents.remove(task)
                if not task.cancelled() and task.exception() is not None:
                    side.records.error(f"agent socket closed: {task.exception()!r}")
        side.records.count("agent_chats_open_at_stop", len(side.tasks))
        for task in [*agents, *side.tasks]:  # chats still open now never finish
            task.cancel()
        await asyncio.gather(*agents, *side.tasks, return_exceptions=True)
        return side.records


def agent_process(plan: AgentPlan, ready_out: Any, stop: Event, results: Any) -> None:
    """Entry point of one agent process: runs until ``stop``, then returns its records."""
    results.put(("agents", asyncio.run(_run(plan, ready_out, stop))))
