"""A customer load-generator process: chats started at a Poisson rate, each a short exchange.

A customer starts the chat with a tagged first message (the public REST call the widget
makes), opens the chat socket, answers each agent message after a think time until it has
sent its share, and leaves when the agent ends the chat.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from dataclasses import dataclass
from multiprocessing.synchronize import Event
from typing import Any

import httpx
from websockets.asyncio.client import connect

from live_load.protocol import OFFER, TO_AGENT, TO_CUSTOMER, Records, tagged_text

ENDED = {"ended", "wrap_up", "closed"}
# Requests in flight per process. Beyond the pool size, httpcore's pool scans every queued
# request on every change (quadratic): the generator, not the server, would then eat the CPU.
IN_FLIGHT = 100
# A pooled connection is dropped by the client before the server's keep-alive timeout
# (uvicorn: 5 s) can close it under a request being sent: that race is a lost request in
# any HTTP client, not something the server under test did.
KEEPALIVE_S = 3.0


@dataclass(frozen=True)
class CustomerPlan:
    base: str
    rate: float  # chats per second from this process
    duration: float  # seconds of arrivals
    drain: float  # seconds allowed after the arrivals for open chats to finish
    exchanges: int  # messages each customer sends, the opening one included
    think: tuple[float, float]
    seed: int


class CustomerSide:
    def __init__(self, plan: CustomerPlan, http: httpx.AsyncClient) -> None:
        self.plan = plan
        self.http = http
        self.rng = random.Random(plan.seed)
        self.records = Records()
        self.ws_base = plan.base.replace("http://", "ws://", 1)
        self.gate = asyncio.Semaphore(IN_FLIGHT)

    async def customer(self, number: int) -> None:
        ident, text = tagged_text()
        self.records.note_sent(OFFER, ident)
        body = {
            "name": f"Load {number}",
            "email": f"load{number}@bench.example",
            "message": text,
            "queue": "general",
        }
        async with self.gate:  # waiting here counts in the latency: it is the customer's wait
            answer = await self.http.post("/api/v1/chat/sessions", json=body)
        if answer.status_code == 503:  # the server sheds load: counted apart (and a FAIL)
            self.records.withdraw(OFFER, ident)
            self.records.count("refused_busy")
            return
        if answer.status_code != 201:
            self.records.error(f"start chat: {answer.status_code} {answer.text[:120]}")
            return
        self.records.count("started")
        session = answer.json()
        url = f"{self.ws_base}/ws/chat/{session['session_id']}?token={session['token']}&after=0"
        sent = 1
        async with connect(url, open_timeout=60, max_queue=None) as socket:
            async for raw in socket:
                event = json.loads(raw)
                kind = event.get("type")
                if kind == "message" and event["message"]["sender"] == "agent":
                    self.records.note_received(TO_CUSTOMER, str(event["message"]["text"]))
                    if sent < self.plan.exchanges:
                        await asyncio.sleep(self.rng.uniform(*self.plan.think))
                        ident, text = tagged_text()
                        self.records.note_sent(TO_AGENT, ident)
                        await socket.send(json.dumps({"type": "message", "text": text}))
                        sent += 1
                elif kind == "status" and event.get("status") in ENDED:
                    self.records.count("ended")
                    return
                elif kind == "error":
                    self.records.error(f"chat socket: {event.get('detail')}")

    async def guarded(self, number: int) -> None:
        try:
            await self.customer(number)
        except Exception as exc:  # counted and reported, never fatal
            self.records.error(f"customer: {exc!r}")


async def _run(plan: CustomerPlan) -> Records:
    limits = httpx.Limits(
        max_connections=IN_FLIGHT, max_keepalive_connections=IN_FLIGHT, keepalive_expiry=KEEPALIVE_S
    )
    async with httpx.AsyncClient(base_url=plan.base, timeout=120, limits=limits) as http:
        side = CustomerSide(plan, http)
        tasks: set[asyncio.Task[None]] = set()
        start = time.monotonic()
        at, number = 0.0, 0
        while True:
            at += side.rng.expovariate(plan.rate)
            if at >= plan.duration:
                break
            await asyncio.sleep(max(0.0, start + at - time.monotonic()))
            number += 1
            task = asyncio.create_task(side.guarded(plan.seed * 10_000_000 + number))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        remaining = start + plan.duration + plan.drain - time.monotonic()
        if tasks:
            _, late = await asyncio.wait(set(tasks), timeout=max(1.0, remaining))
            side.records.count("unfinished_at_drain", len(late))
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        return side.records


def customer_process(plan: CustomerPlan, go: Event, results: Any) -> None:
    """Entry point of one customer process: waits for ``go``, runs, returns its records."""
    go.wait()
    results.put(("customers", asyncio.run(_run(plan))))
