"""Refusing new chats while the routing worker is far behind, instead of queueing them.

Every command waits for the ones ahead of it in the worker's inbox. When arrivals outpace
the worker for long, the inbox grows without bound: memory grows, offers time out before
the agents' answers get through, and every chat waits longer. Past ``max_seconds`` of
estimated work ahead, new chats are refused with ``Overloaded`` (the API answers 503 with
``Retry-After``), so the chats already running keep their speed and a client (or a load
balancer) can try again or elsewhere. Commands about chats already accepted are never
refused: they are the work that drains the backlog.

The estimate is the inbox depth times the worker's recent cost per command (wall time of
its batches divided by their commands, smoothed), so it adapts to the machine and to the
batch sizes that load produces. The event loop's lateness (``LoopLag``) is the second
signal: past ``MAX_LOOP_LAG_S`` the sockets and requests of accepted chats already wait.
"""

from __future__ import annotations

import asyncio
import threading

from frontline.domain.org.errors import DomainError

MAX_BACKLOG_S = 2.0
MAX_LOOP_LAG_S = 1.0
SMOOTHING = 0.2  # weight of the newest batch in the running cost per command
FIRST_GUESS_S = 0.001  # cost per command before the first batch is measured


class Overloaded(DomainError):
    """The routing worker has more than a few seconds of work queued; try again shortly."""

    def __init__(self, retry_after: float) -> None:
        super().__init__("the server is busy; try again shortly")
        self.retry_after = retry_after


class Backlog:
    """The worker's cost per command, and whether an inbox this deep is too much."""

    def __init__(self, max_seconds: float = MAX_BACKLOG_S) -> None:
        self.max_seconds = max_seconds
        self._per_command = FIRST_GUESS_S
        self._lock = threading.Lock()

    def observe(self, commands: int, seconds: float) -> None:
        """The worker applied ``commands`` in one batch that took ``seconds``."""
        if commands <= 0:
            return
        with self._lock:
            cost = seconds / commands
            self._per_command += SMOOTHING * (cost - self._per_command)

    def seconds_of_work(self, depth: int) -> float:
        with self._lock:
            return depth * self._per_command

    def admit(self, depth: int) -> None:
        """Raise ``Overloaded`` when ``depth`` queued commands are more than the limit."""
        ahead = self.seconds_of_work(depth)
        if ahead > self.max_seconds:
            raise Overloaded(retry_after=max(1.0, ahead))


class LoopLag:
    """How late the event loop runs a callback due every ``TICK_S`` (smoothed): the sign
    that the server as a whole, not only the routing worker, has more work than CPU. The
    inbox can stay short while sockets and requests wait on the loop; new chats are then
    refused too, so the chats already accepted keep being served."""

    TICK_S = 0.1
    WEIGHT = 0.5  # of the newest sample: a single long pause shows at once, and fades fast

    def __init__(self, max_seconds: float = MAX_LOOP_LAG_S) -> None:
        self.max_seconds = max_seconds
        self.seconds = 0.0
        self._loop: asyncio.AbstractEventLoop | None = None

    def watch(self) -> None:
        """Start sampling the running loop (once per loop; call from the loop)."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop, self.seconds = loop, 0.0
            loop.call_later(self.TICK_S, self._tick, loop, loop.time() + self.TICK_S)

    def _tick(self, loop: asyncio.AbstractEventLoop, due: float) -> None:
        if loop is not self._loop:
            return  # another loop took over (a restarted server): this one stops
        now = loop.time()
        self.seconds += self.WEIGHT * (max(0.0, now - due) - self.seconds)
        loop.call_later(self.TICK_S, self._tick, loop, now + self.TICK_S)

    def admit(self) -> None:
        if self.seconds > self.max_seconds:
            raise Overloaded(retry_after=max(1.0, self.seconds))
