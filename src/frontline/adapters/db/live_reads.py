"""The read side of live operation: committed interactions, messages, events and staff,
for the HTTP and WebSocket entrypoints and for rebuilding the routing service's state.

Readers never write. ``SqlLiveStore`` hands them autocommit connections on PostgreSQL (no
BEGIN/ROLLBACK round trips; each statement reads committed data, as it would inside a READ
COMMITTED transaction).
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Self

from sqlalchemy import select
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
from frontline.adapters.db.repositories.queues import SqlQueueRepository
from frontline.adapters.db.tables import AgentRow, QueueRow, TeamRow, UserRow
from frontline.domain.channels import Channel
from frontline.domain.live.dispositions import DISPOSITIONS
from frontline.domain.live.interactions import (
    OPEN_STATUSES,
    EndedBy,
    Interaction,
    InteractionStatus,
)
from frontline.domain.live.messages import Message, Sender
from frontline.domain.org.queues import Queue
from frontline.service.live.ports import Presence, StaffMember, StoredEvent, WrapUpRules

_I = InteractionRow


def interaction_from_row(row: InteractionRow) -> Interaction:
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


def message_from_row(row: MessageRow) -> Message:
    return Message(
        row.id, row.interaction_id, Sender(row.sender), row.text, row.at, row.author_user_id
    )


class SessionScope:
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


class SqlLiveReader(SessionScope):
    def interaction(self, interaction_id: int) -> Interaction | None:
        row = self.session.get(_I, interaction_id)
        return interaction_from_row(row) if row else None

    def open_interactions(self) -> list[Interaction]:
        rows = self.session.scalars(
            select(_I).where(_I.status.in_([s.value for s in OPEN_STATUSES])).order_by(_I.id)
        )
        return [interaction_from_row(row) for row in rows]

    def messages(self, interaction_id: int, after: int = 0) -> list[Message]:
        rows = self.session.scalars(
            select(MessageRow)
            .where(MessageRow.interaction_id == interaction_id, MessageRow.id > after)
            .order_by(MessageRow.id)
        )
        return [message_from_row(row) for row in rows]

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
        return [interaction_from_row(row) for row in rows]

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

    def wrap_up_rules(self, interaction_id: int, queue: str) -> WrapUpRules:
        named = QueueRow.name == queue
        script = ScriptRunRow.interaction_id == str(interaction_id)
        queue_id, codes, pending = self.session.execute(
            select(
                select(QueueRow.id).where(named).scalar_subquery(),
                select(QueueRow.disposition_codes).where(named).scalar_subquery(),
                select(ScriptRunRow.pending).where(script).scalar_subquery(),
            )
        ).one()
        dispositions = None
        if queue_id is not None:  # queues from before per-queue codes use the default list
            dispositions = (
                {d["code"]: d["label"] for d in codes} if codes is not None else dict(DISPOSITIONS)
            )
        return WrapUpRules(queue, dispositions, tuple(pending or ()))
