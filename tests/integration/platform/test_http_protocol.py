"""The server's HTTP protocol leaves no reference cycle behind a WebSocket upgrade: every
customer's chat socket used to leave one (protocol, parser, scope, headers) for the garbage
collector, whose passes stop every thread."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.servers import ThreadedServer, server_settings
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from frontline.adapters.db import migrate
from frontline.adapters.db.engine import make_engine
from frontline.entrypoints.cli.platform_cmds import HTTP_IMPL


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ThreadedServer]:
    engine = make_engine(f"sqlite+pysqlite:///{tmp_path / 'protocol.db'}")
    migrate.upgrade(engine)
    running = ThreadedServer(server_settings(engine, tmp_path), engine)
    running.start()
    try:
        yield running
    finally:
        running.stop()
        engine.dispose()


def _upgraded_protocols_in_cycles(server: ThreadedServer, sockets: int) -> int:
    """Open and close ``sockets`` WebSockets (refused with 4401 after the upgrade), then count
    the HTTP protocols the collector had to find as cyclic garbage."""

    async def open_and_close() -> None:
        for _ in range(sockets):
            async with connect(f"{server.ws_base}/ws/agent?token=nope") as socket:
                with pytest.raises(ConnectionClosed):
                    await socket.recv()
        await asyncio.sleep(0.2)  # the server notices the closes

    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        asyncio.run(open_and_close())
        gc.collect()
        return sum(isinstance(o, HttpToolsProtocol) for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_a_websocket_upgrade_leaves_no_cycle(server: ThreadedServer) -> None:
    assert issubclass(HTTP_IMPL, HttpToolsProtocol)
    assert _upgraded_protocols_in_cycles(server, 5) == 0
