"""Command frames of one socket: in order per interaction, concurrent across interactions,
and never more than the in-flight limit at once."""

from __future__ import annotations

import asyncio
from typing import Any

from frontline.entrypoints.ws.agent_commands import CommandLanes


def test_other_interactions_do_not_wait_and_one_interaction_keeps_its_order() -> None:
    async def scenario() -> list[str]:
        done: list[str] = []
        second_chat_done = asyncio.Event()

        async def handle(frame: dict[str, Any]) -> None:
            if frame["ref"] == "a1":  # blocks until the other chat's frame has been applied
                await asyncio.wait_for(second_chat_done.wait(), 2)
            done.append(frame["ref"])
            if frame["ref"] == "b1":
                second_chat_done.set()

        lanes = CommandLanes(handle)
        for ref, chat in (("a1", 1), ("a2", 1), ("b1", 2), ("a3", 1)):
            await lanes.submit({"ref": ref, "interaction_id": chat})
        await lanes.close()
        return done

    assert asyncio.run(scenario()) == ["b1", "a1", "a2", "a3"]


def test_reading_waits_while_the_limit_of_frames_is_running() -> None:
    async def scenario() -> tuple[int, int]:
        running, peak = 0, 0
        release = asyncio.Event()

        async def handle(frame: dict[str, Any]) -> None:
            nonlocal running, peak
            running += 1
            peak = max(peak, running)
            await release.wait()
            running -= 1

        lanes = CommandLanes(handle, max_in_flight=3)
        for chat in range(3):
            await lanes.submit({"interaction_id": chat})
        fourth = asyncio.create_task(lanes.submit({"interaction_id": 9}))
        await asyncio.sleep(0.05)
        blocked = not fourth.done()
        release.set()
        await fourth
        await lanes.close()
        return peak, int(blocked)

    assert asyncio.run(scenario()) == (3, 1)
