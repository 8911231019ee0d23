"""The journal of chats born in this process: it replays a stream's events in id order after
a given id, and answers None whenever it cannot vouch for having every one of them."""

from __future__ import annotations

import threading

import pytest

from frontline.service.live.journal import StreamJournal
from frontline.service.live.ports import JsonDict


def event(event_id: int, text: str = "hi") -> JsonDict:
    return {"id": event_id, "type": "message", "text": text}


def test_replays_a_born_stream_in_order_after_the_given_id_up_to_the_limit() -> None:
    journal = StreamJournal()
    journal.record({"chat:1"}, [("chat:1", event(3)), ("agent:9", event(4))], now=10.0)
    journal.record(set(), [("chat:1", event(7)), ("chat:1", event(8))], now=11.0)
    assert journal.replay("chat:1", 0, 100) == [event(3), event(7), event(8)]
    assert journal.replay("chat:1", 3, 100) == [event(7), event(8)]
    assert journal.replay("chat:1", 5, 100) == [event(7), event(8)]
    assert journal.replay("chat:1", 8, 100) == []
    assert journal.replay("chat:1", 0, 2) == [event(3), event(7)]
    assert journal.replay("chat:1", 0, 0) == []


def test_a_born_stream_without_events_yet_is_known_and_empty() -> None:
    journal = StreamJournal()
    journal.record({"chat:1"}, [], now=1.0)
    assert journal.replay("chat:1", 0, 10) == []


def test_streams_not_born_here_are_left_to_the_database() -> None:
    journal = StreamJournal()
    journal.record({"chat:1"}, [("chat:1", event(1)), ("chat:2", event(2))], now=1.0)
    assert journal.replay("chat:2", 0, 10) is None  # its first event may be elsewhere
    assert journal.replay("agent:5", 0, 10) is None


def test_events_without_an_id_are_not_recorded() -> None:
    journal = StreamJournal()
    typing: JsonDict = {"type": "typing", "who": "agent"}
    journal.record({"chat:1"}, [("chat:1", typing), ("chat:1", event(4))], now=1.0)
    assert journal.replay("chat:1", 0, 10) == [event(4)]


def test_a_stream_with_more_events_than_the_bound_is_dropped_for_good() -> None:
    journal = StreamJournal(max_events=3)
    journal.record({"chat:1", "chat:2"}, [("chat:1", event(n)) for n in (1, 2, 3)], now=1.0)
    assert journal.replay("chat:1", 0, 10) == [event(1), event(2), event(3)]
    journal.record(set(), [("chat:1", event(4)), ("chat:2", event(5))], now=2.0)
    assert journal.replay("chat:1", 0, 10) is None
    journal.record(set(), [("chat:1", event(6))], now=3.0)
    assert journal.replay("chat:1", 5, 10) is None  # never half a stream
    assert journal.replay("chat:2", 0, 10) == [event(5)]


def test_the_oldest_born_stream_is_dropped_first() -> None:
    journal = StreamJournal(max_streams=2)
    journal.record({"chat:1"}, [("chat:1", event(1))], now=1.0)
    journal.record({"chat:2"}, [("chat:2", event(2))], now=2.0)
    journal.record(set(), [("chat:1", event(3))], now=3.0)  # activity does not renew birth
    journal.record({"chat:3"}, [("chat:3", event(4))], now=4.0)
    assert journal.replay("chat:1", 0, 10) is None
    assert journal.replay("chat:2", 0, 10) == [event(2)]
    assert journal.replay("chat:3", 0, 10) == [event(4)]


def test_streams_born_before_the_event_log_retention_are_dropped() -> None:
    journal = StreamJournal(max_age_s=60.0)
    journal.record({"chat:1"}, [("chat:1", event(1))], now=100.0)
    journal.record({"chat:2"}, [("chat:2", event(2))], now=130.0)
    journal.record(set(), [], now=160.0)
    assert journal.replay("chat:1", 0, 10) == [event(1)]
    journal.record(set(), [("chat:2", event(3))], now=161.0)
    assert journal.replay("chat:1", 0, 10) is None
    assert journal.replay("chat:2", 0, 10) == [event(2), event(3)]


def test_ids_that_go_backwards_drop_the_stream_rather_than_reorder_it() -> None:
    journal = StreamJournal()
    journal.record({"chat:1"}, [("chat:1", event(5)), ("chat:1", event(5))], now=1.0)
    assert journal.replay("chat:1", 0, 10) is None


def test_clear_forgets_every_stream() -> None:
    journal = StreamJournal()
    journal.record({"chat:1", "chat:2"}, [("chat:1", event(1))], now=1.0)
    journal.clear()
    assert journal.replay("chat:1", 0, 10) is None
    assert journal.replay("chat:2", 0, 10) is None
    journal.record(set(), [("chat:1", event(2))], now=2.0)
    assert journal.replay("chat:1", 0, 10) is None


@pytest.mark.parametrize("bounds", [{"max_streams": 0}, {"max_events": 0}])
def test_bounds_below_one_are_refused(bounds: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="at least one"):
        StreamJournal(**bounds)


def test_replays_during_concurrent_recording_are_ordered_complete_prefixes() -> None:
    """One thread records as the routing worker does, others replay meanwhile: every answer
    is the stream's first events in order, never a gap, never a torn list."""
    journal = StreamJournal(max_streams=8, max_events=10_000)
    streams = [f"chat:{n}" for n in range(4)]
    batches, per_batch = 400, 3
    problems: list[str] = []
    done = threading.Event()

    def worker() -> None:
        next_id = 1
        for batch in range(batches):
            events = []
            for _ in range(per_batch):
                events.append((streams[next_id % 4], event(next_id)))
                next_id += 1
            journal.record(set(streams) if batch == 0 else set(), events, float(batch))
        done.set()

    def replayer(stream: str) -> None:
        while not done.is_set():
            page = journal.replay(stream, 0, 100_000)
            if page is None:
                continue  # not born yet
            ids = [e["id"] for e in page]
            expected = [n for n in range(1, len(ids) * 4 + 4) if streams[n % 4] == stream]
            if ids != expected[: len(ids)]:
                problems.append(f"{stream}: {ids[:10]}...")
                return

    threads = [threading.Thread(target=replayer, args=(s,)) for s in streams]
    threads.append(threading.Thread(target=worker))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not problems
    final = journal.replay("chat:1", 0, 100_000)
    assert final is not None
    assert [e["id"] for e in final] == [n for n in range(1, 1201) if n % 4 == 1]
