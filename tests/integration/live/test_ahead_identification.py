"""New chats are identified ahead of the routing worker in batches: whatever arrived while a
transaction was running goes into the next one; a batch that fails is retried chat by chat;
stopping answers every chat still waiting. Real store, real customers, on both engines."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from tests.support.databases import wipe

from frontline.adapters.db.live_store import SqlLiveStore, SqlLiveWriter
from frontline.domain.channels import Channel
from frontline.domain.live.stats import LiveStats
from frontline.domain.org.queues import Queue
from frontline.domain.routing import RoutingEngine
from frontline.service.live.ahead import Ahead
from frontline.service.live.commands import StartChat
from frontline.service.live.state import LiveSettings, LiveState

WAIT = 10.0  # seconds before a test that should not wait gives up


class Writers:
    """The ``LiveWriterFactory`` under test: real writers that record each batch's size,
    optionally fail every batch, and can hold the first transaction until ``gate`` opens."""

    def __init__(self, engine: Engine, *, fail_batches: bool = False, gated: bool = False) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self.fail_batches = fail_batches
        self.batches: list[int] = []
        self.entered, self.gate = threading.Event(), threading.Event()
        if not gated:
            self.gate.set()

    def __call__(self) -> SqlLiveWriter:
        self.entered.set()
        assert self.gate.wait(WAIT)
        return _Recording(self._sessions, self)


class _Recording(SqlLiveWriter):
    def __init__(self, sessions: Any, writers: Writers) -> None:
        super().__init__(sessions)
        self._writers = writers

    def customers_for(self, contacts: Sequence[tuple[str, str | None]]) -> list[int]:
        self._writers.batches.append(len(contacts))
        if self._writers.fail_batches:
            raise RuntimeError("the database refuses the batch")
        return super().customers_for(contacts)


def _state() -> LiveState:
    stats = LiveStats(targets={}, routing_thresholds={}, day_start=0.0)
    queues = {"general": Queue("general", frozenset({Channel.CHAT}))}
    return LiveState(RoutingEngine([]), queues, stats, LiveSettings())


def _chat(name: str, email: str | None) -> StartChat:
    return StartChat(name, email, "Hello", None, f"token-{name}")


def _known(store: SqlLiveStore, name: str, email: str) -> int:
    with store.side_writer() as writer:
        customer_id, _ = writer.customer_for(name, email)
        writer.commit()
    return customer_id


async def _prepare_while_held(
    ahead: Ahead, writers: Writers, first: StartChat, rest: list[StartChat]
) -> list[asyncio.Task[Any]]:
    """``first`` starts a transaction that waits at the gate; ``rest`` queue behind it."""
    state = _state()
    tasks = [asyncio.create_task(ahead.prepare(first, state))]
    assert await asyncio.to_thread(writers.entered.wait, WAIT)
    tasks += [asyncio.create_task(ahead.prepare(chat, state)) for chat in rest]
    for _ in range(3):
        await asyncio.sleep(0)  # every task queues its chat
    return tasks


def test_chats_arriving_during_a_transaction_are_identified_together(live_engine: Engine) -> None:
    wipe(live_engine)
    store = SqlLiveStore(live_engine)
    ann = _known(store, "Ann", "ann@example.com")
    writers = Writers(live_engine, gated=True)
    ahead = Ahead(store.reader, writers)
    rest = [
        _chat("Ann", "ann@example.com"),
        _chat("Dana", "DANA@example.com"),
        _chat("Dana", "dana@example.com"),
        _chat("First again", "first@example.com"),
        _chat("Lee", "lee@example.com"),
        _chat("Anonymous", None),
        _chat("Anonymous", None),
    ]

    async def run() -> list[Any]:
        tasks = await _prepare_while_held(ahead, writers, _chat("First", "first@example.com"), rest)
        writers.gate.set()
        return list(await asyncio.wait_for(asyncio.gather(*tasks), WAIT))

    try:
        first, known, dana, dana_again, first_again, lee, nobody, nobody_else = [
            c.customer_id for c in asyncio.run(run())
        ]
        with store.side_writer() as writer:  # what the routing worker would find now
            found = writer.customers_for([("x", "dana@example.com"), ("x", "lee@example.com")])
    finally:
        ahead.stop()
        store.close()
    assert writers.batches == [1, 7]
    assert known == ann and dana == dana_again and first_again == first
    made = {first, dana, lee, nobody, nobody_else}
    assert None not in made and ann not in made and len(made) == 5
    assert found == [dana, lee]


def test_a_failing_batch_is_retried_one_chat_at_a_time(live_engine: Engine) -> None:
    wipe(live_engine)
    store = SqlLiveStore(live_engine)
    writers = Writers(live_engine, fail_batches=True, gated=True)
    ahead = Ahead(store.reader, writers)
    rest = [_chat("Dana", "dana@example.com"), _chat("Lee", "lee@example.com")]
    rest.append(_chat("Dana", "dana@example.com"))

    async def run() -> list[Any]:
        tasks = await _prepare_while_held(ahead, writers, _chat("Ann", "ann@example.com"), rest)
        writers.gate.set()
        return list(await asyncio.wait_for(asyncio.gather(*tasks), WAIT))

    try:
        alone, dana, lee, dana_again = [c.customer_id for c in asyncio.run(run())]
    finally:
        ahead.stop()
        store.close()
    assert writers.batches == [1, 3]
    assert alone is None  # failed on its own: the routing worker identifies it
    assert dana is not None and dana == dana_again and lee not in (None, dana)


def test_stop_answers_the_waiting_chats_and_finishes_the_batch_in_hand(
    live_engine: Engine,
) -> None:
    wipe(live_engine)
    store = SqlLiveStore(live_engine)
    writers = Writers(live_engine, gated=True)
    ahead = Ahead(store.reader, writers)
    rest = [_chat("Dana", "dana@example.com"), _chat("Lee", "lee@example.com")]

    async def run() -> tuple[list[Any], Any]:
        held, *waiting = await _prepare_while_held(ahead, writers, _chat("Ann", "a@x.org"), rest)
        stopping = asyncio.ensure_future(asyncio.to_thread(ahead.stop))
        unanswered = list(await asyncio.wait_for(asyncio.gather(*waiting), WAIT))
        assert not held.done() and not stopping.done()  # the batch in hand is still held
        writers.gate.set()
        await asyncio.wait_for(stopping, WAIT)
        return unanswered, held.result()

    try:
        unanswered, held = asyncio.run(run())
    finally:
        store.close()
    assert [c.customer_id for c in unanswered] == [None, None]
    assert held.customer_id is not None and writers.batches == [1]


def test_a_batch_takes_at_most_its_cap(live_engine: Engine) -> None:
    wipe(live_engine)
    store = SqlLiveStore(live_engine)
    writers = Writers(live_engine, gated=True)
    ahead = Ahead(store.reader, writers, batch=3)
    rest = [_chat(f"C{n}", f"c{n}@example.com") for n in range(7)]

    async def run() -> list[Any]:
        tasks = await _prepare_while_held(ahead, writers, _chat("First", "first@example.com"), rest)
        writers.gate.set()
        return list(await asyncio.wait_for(asyncio.gather(*tasks), WAIT))

    try:
        ids = [c.customer_id for c in asyncio.run(run())]
    finally:
        ahead.stop()
        store.close()
    assert writers.batches == [1, 3, 3, 1]
    assert None not in ids and len(set(ids)) == 8 and ids == sorted(ids)
