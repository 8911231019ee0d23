"""The routing worker's writer: new rows of a batch get their ids before the batch is
written (PostgreSQL: reserved blocks, one multi-row INSERT per table; SQLite: one INSERT each),
and ids keep growing with commit order, which readers page by."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine
from tests.support.databases import wipe

from frontline.adapters.db.live_store import SqlLiveStore
from frontline.domain.channels import Channel
from frontline.domain.live.interactions import Interaction
from frontline.domain.live.messages import Sender

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _batch(store: SqlLiveStore, chats: int) -> list[tuple[int, list[int]]]:
    made = []
    with store.writer() as writer:
        for n in range(chats):
            interaction = Interaction(0, Channel.CHAT, "general", 0, f"Customer {n}", None, AT)
            writer.add_interaction(interaction, None)
            ids = [
                writer.add_message(interaction.id, Sender.CUSTOMER, f"m{k}", AT).id
                for k in range(3)
            ]
            made.append((interaction.id, ids))
        interaction.notes = "updated in the batch that created it"
        writer.save_interactions([interaction])  # an UPDATE of a row not yet inserted
        writer.commit()
    return made


def test_a_batch_of_new_chats_is_stored_with_growing_ids(live_engine: Engine) -> None:
    wipe(live_engine)
    store = SqlLiveStore(live_engine)
    try:
        first = _batch(store, 5)
        second = _batch(store, 3)
        ids = [i for i, _ in first + second]
        message_ids = [m for _, ms in first + second for m in ms]
        assert ids == sorted(set(ids)) and message_ids == sorted(set(message_ids))
        with store.reader() as reader:
            updated = reader.interaction(first[-1][0])
            assert updated is not None and updated.notes.startswith("updated")
            for interaction_id, expected in first + second:
                stored = reader.interaction(interaction_id)
                assert stored is not None and stored.customer_name.startswith("Customer")
                messages = reader.messages(interaction_id)
                assert [m.id for m in messages] == expected
                assert [m.text for m in messages] == ["m0", "m1", "m2"]
    finally:
        store.close()


def test_a_failed_batch_leaves_nothing_and_the_next_one_is_stored(live_engine: Engine) -> None:
    wipe(live_engine)
    store = SqlLiveStore(live_engine)
    try:
        try:
            with store.writer() as writer:
                lost = Interaction(0, Channel.CHAT, "general", 0, "Gone", None, AT)
                writer.add_interaction(lost, None)
                raise RuntimeError("the batch fails before its commit")
        except RuntimeError:
            pass
        kept = _batch(store, 1)
        with store.reader() as reader:
            gone = reader.interaction(lost.id)  # SQLite may give the unused id out again
            assert gone is None or gone.customer_name != "Gone"
            stored = reader.interaction(kept[0][0])
            assert stored is not None and stored.customer_name == "Customer 0"
    finally:
        store.close()
