"""The recent events of chats started in this process, so their sockets replay from memory.

A chat widget opens its socket a few milliseconds after the chat started, and the gateway
replays the stream's stored events before following it live (``entrypoints.ws.streaming``).
Reading them back from the database costs a thread hop, a round trip and the row decoding on
every chat start, although this very process published those events a moment earlier. The
journal keeps them instead, and answers a replay only when it can vouch that its answer is
what the database would give:

- Complete. A stream is recorded only from its birth: it is marked born in the routing
  worker's batch that holds its first event (``Tx.born``), and only the routing worker
  appends events to the event log, all of them through one place that hands every committed
  event to ``record``. So from its birth the journal sees every event of the stream. A stream
  the journal never saw born (another process's chat, one started before a restart) or one
  it dropped is answered with None: ask the database.
- Never ahead of the record. ``record`` runs after the batch committed; a failed batch is
  never recorded, and a rebuild of the routing state clears the journal (a commit that
  reported failure may have landed, so the record may be ahead of memory; until the clear,
  a replay misses that batch just as every open socket does, which never got it either).
- Nothing lost between replay and follow. ``record`` runs before the events reach the
  realtime hub, so an event missing from a replay is published after the socket subscribed,
  and the socket gets it live (the same argument as for the database replay).
- In id order. Event ids grow with commit order (``adapters.db.live_ids``); a stream whose
  ids ever went backwards would be dropped rather than replayed out of order.
- Bounded. At most ``max_streams`` streams (the oldest born is dropped first) and
  ``max_events`` per stream (a longer chat is dropped: the database answers for it); streams
  born longer ago than the event log keeps events are dropped with them, so the journal never
  answers with events the database has pruned. The bounds also keep the kept dicts few
  enough not to weigh on the garbage collector's full passes.

Recorded events are the dicts the hub hands to every subscriber: like those, nobody may
change them after publication. The worker records, the event loop replays: one lock.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field

from frontline.service.live.ports import JsonDict

# A widget opens its socket within a second or two of the start; later reconnects are rare
# enough to read the database. Kept events are old objects the collector's full passes walk:
# keep the window short.
MAX_STREAMS = 512  # about 10 s of chat starts at 50 a second
MAX_EVENTS = 100  # a typical chat has a dozen or two


@dataclass
class _Stream:
    born_at: float
    ids: list[int] = field(default_factory=list)
    events: list[JsonDict] = field(default_factory=list)


class StreamJournal:
    def __init__(
        self,
        max_streams: int = MAX_STREAMS,
        max_events: int = MAX_EVENTS,
        max_age_s: float = float("inf"),
    ) -> None:
        if max_streams < 1 or max_events < 1:
            raise ValueError("the journal must hold at least one stream of one event")
        self._max_streams = max_streams
        self._max_events = max_events
        self._max_age_s = max_age_s
        self._streams: OrderedDict[str, _Stream] = OrderedDict()  # in order of birth
        self._lock = threading.Lock()

    def record(
        self, born: Iterable[str], events: Iterable[tuple[str, JsonDict]], now: float
    ) -> None:
        """A committed batch, before its events are published: the streams whose first event
        it holds, then its events (each with its id) in id order. ``now`` never decreases."""
        with self._lock:
            for stream in born:
                self._streams.setdefault(stream, _Stream(now))
            for stream, event in events:
                kept = self._streams.get(stream)
                if kept is not None:
                    self._append(stream, kept, event)
            self._evict(now)

    def replay(self, stream: str, after: int, limit: int) -> list[JsonDict] | None:
        """The stream's events with an id above ``after`` (at most ``limit``), or None when
        the journal cannot vouch for them."""
        with self._lock:
            kept = self._streams.get(stream)
            if kept is None:
                return None
            start = bisect_right(kept.ids, after)
            return kept.events[start : start + max(limit, 0)]

    def clear(self) -> None:
        """Forget every stream: memory no longer matches the record."""
        with self._lock:
            self._streams.clear()

    def _append(self, stream: str, kept: _Stream, event: JsonDict) -> None:
        event_id = event.get("id")
        if not isinstance(event_id, int):
            return  # ephemeral (typing): never stored, never replayed
        if len(kept.ids) >= self._max_events or (kept.ids and event_id <= kept.ids[-1]):
            del self._streams[stream]
            return
        kept.ids.append(event_id)
        kept.events.append(event)

    def _evict(self, now: float) -> None:
        streams = self._streams
        while len(streams) > self._max_streams:
            streams.popitem(last=False)
        cutoff = now - self._max_age_s
        while streams and next(iter(streams.values())).born_at < cutoff:
            streams.popitem(last=False)
