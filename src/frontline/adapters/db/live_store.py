"""SQL implementation of the live ports: the routing service's writer, and the store that
hands out writers and readers (the readers are in ``live_reads``).

The writer uses Core statements on the hot path because the routing service commits a batch
of commands at once and every millisecond there is added to each of them. On PostgreSQL the
routing worker's writer takes ids for new interactions and messages from reserved blocks
(``live_ids``) and keeps the rows until the batch is written: then one multi-row INSERT per
table, like the batch's events, instead of one ``INSERT … RETURNING`` round trip per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from frontline.adapters.db.crm_tables import ScriptRunRow
from frontline.adapters.db.live_ids import LiveIds
from frontline.adapters.db.live_reads import SessionScope, SqlLiveReader
from frontline.adapters.db.live_tables import (
    EmailIdRow,
    EventRow,
    InteractionRow,
    MessageRow,
    PresenceRow,
)
from frontline.adapters.db.repositories.crm_identity import SqlCustomerDirectory
from frontline.domain.email_thread import normalise_subject
from frontline.domain.live.interactions import Interaction
from frontline.domain.live.messages import Message, Sender
from frontline.service.crm.identification import contact_from, identify
from frontline.service.live.ports import JsonDict, Presence

_I = InteractionRow


def _columns(interaction: Interaction) -> dict[str, Any]:
    return {
        "channel": interaction.channel.value,
        "queue": interaction.queue,
        "status": interaction.status.value,
        "customer_id": interaction.customer_id or None,
        "customer_name": interaction.customer_name,
        "customer_email": interaction.customer_email,
        "created_at": interaction.created_at,
        "offered_to": interaction.offered_to,
        "agent_user_id": interaction.agent_user_id,
        "accepted_at": interaction.accepted_at,
        "ended_at": interaction.ended_at,
        "ended_by": interaction.ended_by.value if interaction.ended_by else None,
        "closed_at": interaction.closed_at,
        "disposition": interaction.disposition,
        "notes": interaction.notes,
        "subject": interaction.subject,
        "subject_key": normalise_subject(interaction.subject),
        "flow_context": interaction.context,
    }


class SqlLiveWriter(SessionScope):
    ids: LiveIds | None = None  # set: new rows wait for one multi-row INSERT per table
    _new_interactions: list[dict[str, Any]]
    _new_messages: list[dict[str, Any]]

    def __enter__(self) -> Self:
        self._new_interactions, self._new_messages = [], []
        return super().__enter__()

    def commit(self) -> None:
        self._write_new_rows()
        self.session.commit()

    def _write_new_rows(self) -> None:
        """Insert the rows ``add_interaction``/``add_message`` kept (interactions first: the
        messages refer to them). Runs before any statement that may touch them."""
        if self._new_interactions:
            rows, self._new_interactions = self._new_interactions, []
            self.session.execute(insert(_I), rows)
        if self._new_messages:
            rows, self._new_messages = self._new_messages, []
            self.session.execute(insert(MessageRow), rows)

    def customer_for(
        self,
        name: str,
        email: str | None,
        phone: str | None = None,
        external_id: str | None = None,
    ) -> tuple[int, str]:
        contact = contact_from(email=email, phone=phone, external_id=external_id)
        found = identify(SqlCustomerDirectory(self.session), name, contact)
        return found.customer_id, found.name

    def add_interaction(self, interaction: Interaction, token_hash: str | None) -> int:
        values = _columns(interaction) | {"session_token_hash": token_hash}
        if self.ids is not None:
            interaction.id = self.ids.interactions.take(self.session)
            self._new_interactions.append({"id": interaction.id, **values})
            return interaction.id
        new_id = self.session.execute(insert(_I).values(**values).returning(_I.id)).scalar_one()
        interaction.id = int(new_id)
        return interaction.id

    def save_interactions(self, interactions: Sequence[Interaction]) -> None:
        """One executemany (one round trip with psycopg's pipeline) for the whole batch."""
        self._write_new_rows()
        rows = [{"id": i.id, **_columns(i)} for i in interactions]
        self.session.execute(update(_I), rows)

    def add_message(
        self,
        interaction_id: int,
        sender: Sender,
        text: str,
        at: datetime,
        author_user_id: int | None = None,
        attachments: list[JsonDict] | None = None,
    ) -> Message:
        values = {
            "interaction_id": interaction_id,
            "sender": sender.value,
            "author_user_id": author_user_id,
            "text": text,
            "at": at,
            "attachments": attachments,
        }
        if self.ids is not None:
            new_id = self.ids.messages.take(self.session)
            self._new_messages.append({"id": new_id, **values})
        else:
            stmt = insert(MessageRow).values(**values).returning(MessageRow.id)
            new_id = self.session.execute(stmt).scalar_one()
        return Message(int(new_id), interaction_id, sender, text, at, author_user_id)

    def append_events(self, events: Sequence[tuple[str, JsonDict]], at: datetime) -> list[int]:
        if not events:
            return []
        rows = [{"stream": stream, "payload": payload, "at": at} for stream, payload in events]
        result = self.session.execute(
            insert(EventRow).returning(EventRow.id, sort_by_parameter_order=True), rows
        )
        return [int(row[0]) for row in result]

    def save_presences(self, presences: Sequence[Presence]) -> None:
        dialect = self.session.get_bind().dialect.name
        make_insert = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = make_insert(PresenceRow)
        stmt = stmt.on_conflict_do_update(
            index_elements=[PresenceRow.user_id],
            set_={
                "state": stmt.excluded.state,
                "reason": stmt.excluded.reason,
                "since": stmt.excluded.since,
            },
        )
        rows = [
            {"user_id": p.user_id, "state": p.state, "reason": p.reason, "since": p.since}
            for p in presences
        ]
        self.session.execute(stmt, rows)

    def link_email_id(
        self, message_id: str, interaction_id: int, at: datetime, inbound: bool = True
    ) -> None:
        self._write_new_rows()
        if self.session.get(EmailIdRow, message_id) is None:
            self.session.add(
                EmailIdRow(
                    message_id=message_id, interaction_id=interaction_id, inbound=inbound, at=at
                )
            )
            self.session.flush()

    def prune_events(self, before: datetime) -> int:
        result = self.session.execute(delete(EventRow).where(EventRow.at < before))
        return int(getattr(result, "rowcount", 0) or 0)

    def pending_script_steps(self, interaction_id: int) -> tuple[str, ...]:
        pending = self.session.scalar(
            select(ScriptRunRow.pending).where(ScriptRunRow.interaction_id == str(interaction_id))
        )
        return tuple(pending or ())


class _DedicatedConnection:
    """The routing service's own connection: checked out once, not per batch (no pool
    checkout, no pre-ping round trip on the hot path); replaced after any failure."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    def session(self) -> Session:
        if self._connection is None or self._connection.closed:
            self._connection = self._engine.connect()
        return Session(bind=self._connection, expire_on_commit=False)

    def discard(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.invalidate()
            finally:
                connection.close()


class SqlDedicatedWriter(SqlLiveWriter):
    def __init__(self, dedicated: _DedicatedConnection, ids: LiveIds | None) -> None:
        self._dedicated = dedicated
        self.ids = ids

    def __enter__(self) -> Self:
        self._new_interactions, self._new_messages = [], []
        self.session = self._dedicated.session()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
            self.session.close()
        finally:
            if exc is not None:
                self._dedicated.discard()


class SqlLiveStore:
    """Writers and readers on one engine. ``writer`` is for the routing service's single
    worker thread only (it reuses one connection); ``side_writer`` is for anyone else."""

    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._dedicated = _DedicatedConnection(engine)
        self.concurrent_writers = engine.dialect.name == "postgresql"
        self._ids = LiveIds() if self.concurrent_writers else None
        # Readers only read committed data, statement by statement (PostgreSQL's READ
        # COMMITTED takes a snapshot per statement in a transaction too): without one they
        # spare the BEGIN and ROLLBACK round trips. Not on SQLite, where an in-memory
        # database shares one connection with the routing worker's transaction.
        reads = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._reads = sessionmaker(reads if self.concurrent_writers else engine)

    def writer(self) -> SqlLiveWriter:
        return SqlDedicatedWriter(self._dedicated, self._ids)

    def side_writer(self) -> SqlLiveWriter:
        return SqlLiveWriter(self._sessions)

    def reader(self) -> SqlLiveReader:
        return SqlLiveReader(self._reads)

    def close(self) -> None:
        self._dedicated.discard()
