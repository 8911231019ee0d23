"""Backpressure: while the routing worker is seconds behind, new chats are refused with 503
and Retry-After; commands about chats already accepted still go through."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest

from frontline.service.live.backlog import Backlog, LoopLag, Overloaded


class FarBehind(Backlog):
    """A worker that always has a minute of work queued."""

    def seconds_of_work(self, depth: int) -> float:
        return 60.0


def test_new_chats_are_refused_while_the_worker_is_far_behind(server: Any, kit: Any) -> None:
    async def scenario() -> None:
        async with httpx.AsyncClient(base_url=server.base, timeout=10) as http:
            bob = await kit.log_in(http, server, "bob")
            waiting = await kit.start_chat(http, server, "before the rush")
            service = server.container.live.service
            normal, service.backlog = service.backlog, FarBehind()
            body = {"name": "Late", "email": "late@example.com", "message": "hello?"}
            refused = await http.post("/api/v1/chat/sessions", json=body)
            assert refused.status_code == 503, refused.text
            assert int(refused.headers["Retry-After"]) >= 60
            await bob.ready()  # work on what is already accepted is never refused
            await waiting.say("still here")
            service.backlog = normal
            await kit.start_chat(http, server, "after the rush")

    asyncio.run(scenario())


def test_the_backlog_estimate_follows_the_cost_per_command() -> None:
    backlog = Backlog(max_seconds=2.0)
    for _ in range(50):
        backlog.observe(commands=100, seconds=0.5)  # 5 ms a command
    assert abs(backlog.seconds_of_work(400) - 2.0) < 0.01
    backlog.admit(300)  # 1.5 s of work: admitted
    with pytest.raises(Overloaded) as refused:
        backlog.admit(1000)  # 5 s of work
    assert refused.value.retry_after > 4.9


def test_a_late_event_loop_refuses_new_chats_until_it_catches_up() -> None:
    async def scenario() -> None:
        lag = LoopLag(max_seconds=0.3)
        lag.watch()
        await asyncio.sleep(0.25)
        lag.admit()  # on time
        time.sleep(1.0)  # the loop is blocked: every callback runs late
        await asyncio.sleep(0.05)
        with pytest.raises(Overloaded):
            lag.admit()
        await asyncio.sleep(1.0)  # on time again: the smoothed lateness fades
        lag.admit()

    asyncio.run(scenario())
