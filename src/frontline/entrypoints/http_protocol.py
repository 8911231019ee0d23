"""uvicorn's HTTP protocol, minus the reference cycle each WebSocket upgrade leaves behind.

The httptools parser holds bound methods of the protocol that owns it. A connection that
ends as HTTP breaks that cycle in ``connection_lost``; a connection upgraded to a WebSocket
never gets there (the transport moves to the WebSocket protocol), so its protocol, parser,
request scope and headers stay alive until the garbage collector finds the cycle. With one
chat socket per customer, that was about half of the cyclic garbage of a busy server, and
each young collection that cleared it stopped every thread for tens of milliseconds
(docs/benchmarks/live.md).
"""

from __future__ import annotations

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class UpgradeReleasingHttpProtocol(HttpToolsProtocol):
    def handle_websocket_upgrade(self) -> None:
        super().handle_websocket_upgrade()
        # The WebSocket protocol owns the transport now; this parser is never fed again.
        self.parser = None  # type: ignore[assignment]
