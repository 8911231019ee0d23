"""SQL implementation of the live ports: the routing service's writer, and the store that
hands out writers and readers (the readers are in ``live_reads``).

Every millisecond the routing worker spends writing a batch is added to each command in it,
and it holds the GIL meanwhile, which the web server's event loop needs too. So the worker's
writer spends as little Python per row as it can. On PostgreSQL it takes the ids of new
interactions, messages and events from reserved blocks (``live_ids``), keeps the new rows
as plain tuples until the batch is written and sends them with one ``COPY`` per table, and
updates the batch's interactions with one psycopg ``executemany`` (pipelined: one round
trip) of a fixed ``UPDATE``, all on the session's own connection and transaction. None of
that goes through SQLAlchemy's per-row parameter processing or statement compilation. JSON
goes out as ``json.dumps`` text, as SQLAlchemy's JSON type would send it (``None`` as JSON
``null``). SQLite, where none of this is the bottleneck, keeps SQLAlchemy Core statements.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import cache
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, cast

from sqlalchemy import Connection, Engine, Insert, delete, insert, select, update
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
from frontline.service.crm.identification import contact_from, identify, identify_many
from frontline.service.live.ports import JsonDict, Presence

if TYPE_CHECKING:
    import psycopg

_I = InteractionRow
Row = tuple[Any, ...]

_INTERACTION_COLUMNS = (
    "channel",
    "queue",
    "status",
    "customer_id",
    "customer_name",
    "customer_email",
    "created_at",
    "offered_to",
    "agent_user_id",
    "accepted_at",
    "ended_at",
    "ended_by",
    "closed_at",
    "disposition",
    "notes",
    "subject",
    "subject_key",
    "flow_context",
)


def _values(interaction: Interaction, json_value: Callable[[Any], Any]) -> Row:
    """The row's values in ``_INTERACTION_COLUMNS`` order; ``json_value`` prepares the JSON
    column (unchanged for SQLAlchemy, ``json.dumps`` for psycopg)."""
    return (
        interaction.channel.value,
        interaction.queue,
        interaction.status.value,
        interaction.customer_id or None,
        interaction.customer_name,
        interaction.customer_email,
        interaction.created_at,
        interaction.offered_to,
        interaction.agent_user_id,
        interaction.accepted_at,
        interaction.ended_at,
        interaction.ended_by.value if interaction.ended_by else None,
        interaction.closed_at,
        interaction.disposition,
        interaction.notes,
        interaction.subject,
        normalise_subject(interaction.subject),
        json_value(interaction.context),
    )


def _as_is(value: Any) -> Any:
    return value


def _columns(interaction: Interaction) -> dict[str, Any]:
    return dict(zip(_INTERACTION_COLUMNS, _values(interaction, _as_is), strict=True))


# PostgreSQL statements of the routing worker's writer, for psycopg directly (fixed names only).
_MESSAGE_COLUMNS = ("id", "interaction_id", "sender", "author_user_id", "text", "at", "attachments")
_COPY_INTERACTIONS = (
    f"COPY {_I.__tablename__} (id, {', '.join(_INTERACTION_COLUMNS)}, session_token_hash) "
    "FROM STDIN"
)
_COPY_MESSAGES = f"COPY {MessageRow.__tablename__} ({', '.join(_MESSAGE_COLUMNS)}) FROM STDIN"
_COPY_EVENTS = f"COPY {EventRow.__tablename__} (id, stream, at, payload) FROM STDIN"
_SET_INTERACTION = ", ".join(f"{name} = %s" for name in _INTERACTION_COLUMNS)
_UPDATE_INTERACTIONS = f"UPDATE {_I.__tablename__} SET {_SET_INTERACTION} WHERE id = %s"  # noqa: S608


def _driver(session: Session) -> psycopg.Connection[Any]:
    """The psycopg connection under the session, in the session's transaction."""
    return cast("psycopg.Connection[Any]", session.connection().connection.driver_connection)


def _copy(session: Session, statement: str, rows: Iterable[Row]) -> None:
    with _driver(session).cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


@cache
def _presence_upsert(dialect: str) -> Insert:
    """Built once per dialect: ``excluded`` is a new alias of the table on every statement,
    and a statement built per batch left that alias (columns, foreign key, listeners) as
    cyclic garbage each time, besides computing its cache key again."""
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(PresenceRow)
    return stmt.on_conflict_do_update(
        index_elements=[PresenceRow.user_id],
        set_={
            "state": stmt.excluded.state,
            "reason": stmt.excluded.reason,
            "since": stmt.excluded.since,
        },
    )


class SqlLiveWriter(SessionScope):
    """A writer; ``ids`` set (the routing worker's writer on PostgreSQL): new rows and events
    get reserved ids and are written by psycopg directly (see the module's docstring)."""

    ids: LiveIds | None = None
    _new_interactions: list[Row]
    _new_messages: list[Row]

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
            _copy(self.session, _COPY_INTERACTIONS, rows)
        if self._new_messages:
            rows, self._new_messages = self._new_messages, []
            _copy(self.session, _COPY_MESSAGES, rows)

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

    def customers_for(self, contacts: Sequence[tuple[str, str | None]]) -> list[int]:
        batch = [(name, contact_from(email=email)) for name, email in contacts]
        found = identify_many(SqlCustomerDirectory(self.session), batch)
        return [each.customer_id for each in found]

    def add_interaction(self, interaction: Interaction, token_hash: str | None) -> int:
        if self.ids is not None:
            interaction.id = self.ids.interactions.take(self.session)
            values = _values(interaction, json.dumps)
            self._new_interactions.append((interaction.id, *values, token_hash))
            return interaction.id
        columns = _columns(interaction) | {"session_token_hash": token_hash}
        new_id = self.session.execute(insert(_I).values(**columns).returning(_I.id)).scalar_one()
        interaction.id = int(new_id)
        return interaction.id

    def save_interactions(self, interactions: Sequence[Interaction]) -> None:
        """One executemany (one round trip with psycopg's pipeline) for the whole batch."""
        self._write_new_rows()
        if self.ids is None:
            self.session.execute(update(_I), [{"id": i.id, **_columns(i)} for i in interactions])
            return
        rows = [(*_values(i, json.dumps), i.id) for i in interactions]
        with _driver(self.session).cursor() as cursor:
            cursor.executemany(_UPDATE_INTERACTIONS, rows)

    def add_message(
        self,
        interaction_id: int,
        sender: Sender,
        text: str,
        at: datetime,
        author_user_id: int | None = None,
        attachments: list[JsonDict] | None = None,
    ) -> Message:
        if self.ids is not None:
            new_id = self.ids.messages.take(self.session)
            row = (new_id, interaction_id, sender.value, author_user_id, text, at)
            self._new_messages.append((*row, json.dumps(attachments)))
        else:
            values = {
                "interaction_id": interaction_id,
                "sender": sender.value,
                "author_user_id": author_user_id,
                "text": text,
                "at": at,
                "attachments": attachments,
            }
            stmt = insert(MessageRow).values(**values).returning(MessageRow.id)
            new_id = self.session.execute(stmt).scalar_one()
        return Message(int(new_id), interaction_id, sender, text, at, author_user_id)

    def append_events(self, events: Sequence[tuple[str, JsonDict]], at: datetime) -> list[int]:
        """Readers replay a stream after the last id a client saw, so ids must grow in commit
        order: on PostgreSQL only the routing worker's writer (``ids`` set) may append."""
        if not events:
            return []
        if self.ids is not None:
            ids = self.ids.events.take_many(self.session, len(events))
            dumps = json.dumps
            rows = (
                (event_id, stream, at, dumps(payload))
                for event_id, (stream, payload) in zip(ids, events, strict=True)
            )
            _copy(self.session, _COPY_EVENTS, rows)
            return ids
        if self.session.get_bind().dialect.name == "postgresql":
            raise RuntimeError("only the routing worker appends live events on PostgreSQL")
        params = [{"stream": stream, "payload": payload, "at": at} for stream, payload in events]
        result = self.session.execute(
            insert(EventRow).returning(EventRow.id, sort_by_parameter_order=True), params
        )
        return [int(row[0]) for row in result]

    def save_presences(self, presences: Sequence[Presence]) -> None:
        rows = [
            {"user_id": p.user_id, "state": p.state, "reason": p.reason, "since": p.since}
            for p in presences
        ]
        self.session.execute(_presence_upsert(self.session.get_bind().dialect.name), rows)

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
