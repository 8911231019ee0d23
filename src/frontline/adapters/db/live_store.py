"""SQL implementation of the live ports: the routing service's writer and the read side.

The writer uses Core statements on the hot path (one INSERT per message, one multi-row
INSERT … RETURNING for a batch of events) because the routing service commits a batch of
commands at once and every millisecond there is added to each of them.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Connection, Engine, delete, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from frontline.adapters.db.crm_tables import ScriptRunRow
from frontline.adapters.db.live_tables import (
    EmailIdRow,
    EventRow,
    InteractionRow,
    MessageRow,
    PresenceRow,
)
from frontline.adapters.db.repositories.agents import _to_domain as agent_from_row
from frontline.adapters.db.repositories.crm_identity import SqlCustomerDirectory
from frontline.adapters.db.repositories.queues import SqlQueueRepository
from frontline.adapters.db.tables import (
    AgentRow,
    TeamRow,
    UserRow,
)
from frontline.domain.channels import Channel
from frontline.domain.email_thread import normalise_subject
from frontline.domain.live.interactions import (
    OPEN_STATUSES,
    EndedBy,
    Interaction,
    InteractionStatus,
)
from frontline.domain.live.messages import Message, Sender
from frontline.domain.org.queues import Queue
from frontline.service.crm.identification import contact_from, identify
from frontline.service.live.ports import JsonDict, Presence, StaffMember, StoredEvent

_I = InteractionRow


def _interaction(row: InteractionRow) -> Interaction:
    return Interaction(
        id=row.id,
        channel=Channel(row.channel),
        queue=row.queue,
        customer_id=row.customer_id or 0,
        customer_name=row.customer_name,
        customer_email=row.customer_email,
        created_at=row.created_at,
        status=InteractionStatus(row.status),
        offered_to=row.offered_to,
        agent_user_id=row.agent_user_id,
        accepted_at=row.accepted_at,
        ended_at=row.ended_at,
        ended_by=EndedBy(row.ended_by) if row.ended_by else None,
        closed_at=row.closed_at,
        disposition=row.disposition,
        notes=row.notes,
        subject=row.subject,
        context=row.flow_context,
    )


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


def _message(row: MessageRow) -> Message:
    return Message(
        row.id, row.interaction_id, Sender(row.sender), row.text, row.at, row.author_user_id
    )


class _SessionScope:
    session: Session

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def __enter__(self) -> Self:
        self.session = self._sessions()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()


class SqlLiveWriter(_SessionScope):
    def commit(self) -> None:
        self.session.commit()

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
        new_id = self.session.execute(insert(_I).values(**values).returning(_I.id)).scalar_one()
        interaction.id = int(new_id)
        return interaction.id

    def save_interactions(self, interactions: Sequence[Interaction]) -> None:
        """One executemany (one round trip with psycopg's pipeline) for the whole batch."""
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
        new_id = self.session.execute(
            insert(MessageRow)
            .values(
                interaction_id=interaction_id,
                sender=sender.value,
                author_user_id=author_user_id,
                text=text,
                at=at,
                attachments=attachments,
            )
            .returning(MessageRow.id)
        ).scalar_one()
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


class SqlLiveReader(_SessionScope):
    def interaction(self, interaction_id: int) -> Interaction | None:
        row = self.session.get(_I, interaction_id)
        return _interaction(row) if row else None

    def open_interactions(self) -> list[Interaction]:
        rows = self.session.scalars(
            select(_I).where(_I.status.in_([s.value for s in OPEN_STATUSES])).order_by(_I.id)
        )
        return [_interaction(row) for row in rows]

    def messages(self, interaction_id: int, after: int = 0) -> list[Message]:
        rows = self.session.scalars(
            select(MessageRow)
            .where(MessageRow.interaction_id == interaction_id, MessageRow.id > after)
            .order_by(MessageRow.id)
        )
        return [_message(row) for row in rows]

    def events(self, stream: str, after: int, limit: int) -> list[StoredEvent]:
        rows = self.session.execute(
            select(EventRow.id, EventRow.payload)
            .where(EventRow.stream == stream, EventRow.id > after)
            .order_by(EventRow.id)
            .limit(limit)
        )
        return [StoredEvent(int(row[0]), stream, dict(row[1])) for row in rows]

    def last_event_id(self, stream: str) -> int:
        found = self.session.scalar(
            select(EventRow.id).where(EventRow.stream == stream).order_by(EventRow.id.desc())
        )
        return int(found or 0)

    def session_of_token(self, token_hash: str) -> int | None:
        found = self.session.scalar(select(_I.id).where(_I.session_token_hash == token_hash))
        return int(found) if found is not None else None

    def customer_history(self, customer_id: int, limit: int) -> list[Interaction]:
        rows = self.session.scalars(
            select(_I).where(_I.customer_id == customer_id).order_by(_I.id.desc()).limit(limit)
        )
        return [_interaction(row) for row in rows]

    def presences(self) -> list[Presence]:
        rows = self.session.scalars(select(PresenceRow))
        return [Presence(r.user_id, r.state, r.reason, r.since) for r in rows]

    def staff(self, user_id: int | None = None) -> list[StaffMember]:
        stmt = select(UserRow, AgentRow).join(AgentRow, AgentRow.user_id == UserRow.id)
        stmt = stmt.where(UserRow.is_active.is_(True))
        if user_id is not None:
            stmt = stmt.where(UserRow.id == user_id)
        return [
            StaffMember(
                user.id, user.username, user.display_name, agent.team_id, agent_from_row(agent)
            )
            for user, agent in self.session.execute(stmt.order_by(UserRow.id))
        ]

    def queues(self) -> builtins.list[Queue]:
        return SqlQueueRepository(self.session).all()

    def interaction_of_email(self, message_ids: Sequence[str]) -> int | None:
        for message_id in message_ids:
            row = self.session.get(EmailIdRow, message_id)
            if row is not None:
                return row.interaction_id
        return None

    def email_by_subject(self, subject_key: str, sender: str, since: datetime) -> int | None:
        found = self.session.scalar(
            select(_I.id)
            .where(
                _I.subject_key == subject_key,
                _I.customer_email == sender,
                _I.channel == Channel.EMAIL.value,
                _I.created_at >= since,
            )
            .order_by(_I.id.desc())
            .limit(1)
        )
        return int(found) if found is not None else None

    def email_ids(self, interaction_id: int) -> list[tuple[str, bool]]:
        """(Message-ID, inbound) of the conversation, oldest first."""
        rows = self.session.execute(
            select(EmailIdRow.message_id, EmailIdRow.inbound)
            .where(EmailIdRow.interaction_id == interaction_id)
            .order_by(EmailIdRow.at, EmailIdRow.message_id)
        )
        return [(str(row[0]), bool(row[1])) for row in rows]

    def team_ids_led_by(self, user_id: int) -> frozenset[int]:
        return frozenset(
            self.session.scalars(select(TeamRow.id).where(TeamRow.lead_user_id == user_id))
        )


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
    def __init__(self, dedicated: _DedicatedConnection) -> None:
        self._dedicated = dedicated

    def __enter__(self) -> Self:
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

    def writer(self) -> SqlLiveWriter:
        return SqlDedicatedWriter(self._dedicated)

    def side_writer(self) -> SqlLiveWriter:
        return SqlLiveWriter(self._sessions)

    def reader(self) -> SqlLiveReader:
        return SqlLiveReader(self._sessions)

    def close(self) -> None:
        self._dedicated.discard()
