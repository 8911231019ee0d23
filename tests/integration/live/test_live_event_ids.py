"""The routing worker's event log: ids grow with commit order across batches, failed batches
and restarts (PostgreSQL: ids from reserved blocks, rows sent by COPY), so a socket that
replays after the last id it saw gets every later event once; and rows written by the
worker's fast path read back exactly as they were written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from tests.support.databases import wipe

from frontline.adapters.db.live_store import SqlLiveStore
from frontline.adapters.db.live_tables import MessageRow
from frontline.domain.channels import Channel
from frontline.domain.live.interactions import EndedBy, Interaction, InteractionStatus
from frontline.domain.live.messages import Sender
from frontline.service.live.ports import JsonDict

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TRICKY = 'tab\there, newline\nthere, back\\slash, quote ", \\N, ünïcødé ☎'


def _append(store: SqlLiveStore, events: list[tuple[str, JsonDict]]) -> list[int]:
    with store.writer() as writer:
        ids = writer.append_events(events, AT)
        writer.commit()
    return ids


def _events(n0: int, count: int) -> list[tuple[str, JsonDict]]:
    """Events on two streams, interleaved; payloads with text COPY must escape."""
    return [
        (f"agent:{n % 2}", {"type": "note", "n": n, "text": TRICKY, "nested": {"list": [n, None]}})
        for n in range(n0, n0 + count)
    ]


def _replay(store: SqlLiveStore, stream: str, after: int) -> list[tuple[int, JsonDict]]:
    with store.reader() as reader:
        return [(e.id, e.payload) for e in reader.events(stream, after, 10_000)]


def test_event_ids_grow_across_batches_failures_and_restarts(live_engine: Engine) -> None:
    wipe(live_engine)
    first = SqlLiveStore(live_engine)
    try:
        batch1 = _append(first, _events(0, 5))
        batch2 = _append(first, _events(5, 1200))  # more than one reserved block at once
        with pytest.raises(RuntimeError), first.writer() as writer:
            writer.append_events(_events(-5, 3), AT)
            raise RuntimeError("the batch fails before its commit")
        batch3 = _append(first, _events(1205, 4))
        before_restart = {s: _replay(first, s, 0)[-1][0] for s in ("agent:0", "agent:1")}
    finally:
        first.close()
    restarted = SqlLiveStore(live_engine)  # a new process: its id blocks are new ones
    try:
        batch4 = _append(restarted, _events(1209, 6))
        ids = batch1 + batch2 + batch3 + batch4
        assert ids == sorted(set(ids)) and len(ids) == 1215
        for stream in ("agent:0", "agent:1"):
            stored = _replay(restarted, stream, 0)
            assert [payload["n"] for _, payload in stored] == list(
                range(stream == "agent:1", 1215, 2)
            )
            assert all(payload["text"] == TRICKY for _, payload in stored)
            assert stored[0][1]["nested"] == {"list": [stored[0][1]["n"], None]}
            later = _replay(restarted, stream, before_restart[stream])
            assert [payload["n"] for _, payload in later] == [
                n for n in range(1209, 1215) if n % 2 == (stream == "agent:1")
            ]
    finally:
        restarted.close()


def test_interactions_and_messages_read_back_as_written(live_engine: Engine) -> None:
    wipe(live_engine)
    store = SqlLiveStore(live_engine)
    later = AT + timedelta(minutes=3)
    try:
        with store.writer() as writer:
            chat = Interaction(0, Channel.CHAT, "general", 0, "Ann ☎", "ann@example.com", AT)
            writer.add_interaction(chat, "h" * 64)
            message = writer.add_message(
                chat.id, Sender.CUSTOMER, TRICKY, AT, attachments=[{"name": "a.txt"}]
            )
            plain = writer.add_message(chat.id, Sender.CUSTOMER, "no attachment", AT)
            writer.commit()
        chat.status, chat.accepted_at, chat.ended_at = InteractionStatus.WRAP_UP, AT, later
        chat.ended_by, chat.disposition, chat.notes = EndedBy.CUSTOMER, "resolved", TRICKY
        chat.subject, chat.context = "Re: Billing", {"intent": "billing", "path": ["a", "b"]}
        with store.writer() as writer:
            writer.save_interactions([chat])
            writer.commit()
        with store.reader() as reader:
            assert reader.interaction(chat.id) == chat
            assert reader.session_of_token("h" * 64) == chat.id
            assert [m.text for m in reader.messages(chat.id)] == [TRICKY, "no attachment"]
            query = select(MessageRow.id, MessageRow.attachments)
            rows = reader.session.execute(query.where(MessageRow.interaction_id == chat.id))
            attachments = {row[0]: row[1] for row in rows}
        assert attachments == {message.id: [{"name": "a.txt"}], plain.id: None}
        chat.context, chat.ended_by = None, None
        with store.writer() as writer:
            writer.save_interactions([chat])
            writer.commit()
        with store.reader() as reader:
            assert reader.interaction(chat.id) == chat
    finally:
        store.close()


def test_only_the_routing_worker_appends_events_on_postgres(live_engine: Engine) -> None:
    """A side writer's ids would come from the sequence, past the worker's reserved block,
    and a replay could skip the worker's next events."""
    wipe(live_engine)
    store = SqlLiveStore(live_engine)
    try:
        with store.side_writer() as writer:
            if live_engine.dialect.name == "postgresql":
                with pytest.raises(RuntimeError, match="routing worker"):
                    writer.append_events(_events(0, 1), AT)
            else:
                assert len(writer.append_events(_events(0, 1), AT)) == 1
    finally:
        store.close()
