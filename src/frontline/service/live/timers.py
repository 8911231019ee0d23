"""Everything the routing service does because time passed rather than because someone
asked: the engine's timers (offer timeouts, wrap-up ends), grace periods of vanished
desktops and chat widgets, the day's figures restarting at local midnight, and pruning
the replay log."""

from __future__ import annotations

import heapq
import logging
import math
from datetime import timedelta

from frontline.domain.org.errors import DomainError
from frontline.domain.routing import RoutingError
from frontline.service.live.agent_side import connection_lost
from frontline.service.live.customer_side import customer_gone
from frontline.service.live.effects import apply_events
from frontline.service.live.reads import local_day_start
from frontline.service.live.state import LiveState, Tx

log = logging.getLogger(__name__)
PRUNE_EVERY_S = 3600.0
MAX_SLEEP_S = 30.0


def start_grace(state: LiveState, stream: str, deadline: float) -> None:
    """``stream`` lost its last socket: at ``deadline`` it counts as gone (unless it
    reconnects first, which drops the entry from ``state.grace``)."""
    state.grace[stream] = deadline
    heapq.heappush(state.grace_due, (deadline, stream))


def _next_grace(state: LiveState) -> tuple[float, str] | None:
    """The earliest grace deadline still standing; entries a reconnect or a newer close
    made stale are dropped on the way (a heap, not a scan: thousands of widgets close)."""
    heap = state.grace_due
    while heap:
        deadline, stream = heap[0]
        if state.grace.get(stream) == deadline:
            return heap[0]
        heapq.heappop(heap)
    return None


def seconds_to_next_timer(state: LiveState, now: float) -> float:
    grace = _next_grace(state)
    due = [d for d in (state.engine.next_due(), grace[0] if grace else None) if d is not None]
    due.append(state.stats.day_start + 86_400)
    due.append(state.last_prune + PRUNE_EVERY_S)
    earliest = min(due) if due else math.inf
    return min(max(earliest - now, 0.0), MAX_SLEEP_S)


def run_due_timers(tx: Tx) -> None:
    state, now = tx.state, tx.now
    due = state.engine.next_due()
    if due is not None and due <= now:
        apply_events(tx, state.engine.tick(now))
    while (grace := _next_grace(state)) is not None and grace[0] <= now:
        stream = heapq.heappop(state.grace_due)[1]
        del state.grace[stream]
        kind, _, key = stream.partition(":")
        try:
            if kind == "agent":
                connection_lost(tx, int(key))
            else:
                customer_gone(tx, int(key))
        except (DomainError, RoutingError):
            log.exception("grace period of %s could not be applied", stream)
    day_start = local_day_start(now, state.settings.timezone)
    if day_start > state.stats.day_start:
        state.stats.new_day(day_start)
    if now - state.last_prune >= PRUNE_EVERY_S:
        state.last_prune = now
        tx.writer.prune_events(tx.at - timedelta(seconds=state.settings.event_retention_s))
