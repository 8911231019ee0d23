"""The customer timeline read from the live and CRM tables, one window at a time.

A customer with thousands of interactions must show its newest page in milliseconds, so every
source is read newest first with a ``LIMIT`` on an index that starts with the customer:
``ix_live_interactions_customer`` (customer, created_at) for contacts and their dispositions,
``ix_crm_cases_customer`` for cases, ``ix_crm_case_entries_case`` for case notes. Case status
changes and escalations are JSON on the (few) case rows and are windowed in Python.

Windowing contract (`TimelineSource`): per source, the ``limit`` newest rows strictly before
``before``, plus every row at exactly ``before`` and at the oldest instant fetched, because
the exact order inside one instant is decided by the domain (kind rank, then source id).
Each windowed source is one statement (the oldest instant is a scalar subquery on the same
index), so a page costs one round trip per source: on PostgreSQL the round trips, not the
index reads, were most of a page's time.

Contacts and wrap-ups name the agent who handled them, and wrap-ups carry their disposition's
label as the queue lists it: both come from a LEFT JOIN on a unique key (users by id, queues by
name) added to the window's own statement after the window is cut, so they cost neither a
round trip nor a query per entry, and the window's edge subquery stays on the customer index.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, Select, func, literal, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from frontline.adapters.db.crm_tables import CaseEntryRow, CaseRow
from frontline.adapters.db.live_tables import InteractionRow
from frontline.adapters.db.tables import QueueRow, UserRow
from frontline.adapters.db.types import UtcDateTime
from frontline.domain.channels import Channel
from frontline.domain.crm.case_records import EntryKind
from frontline.domain.crm.timeline import TimelineEntry, TimelineKind
from frontline.domain.live.dispositions import DISPOSITIONS

SUMMARY_CHARS = 200
_DAWN = datetime(1, 1, 1, tzinfo=UTC)  # older than any row: the window's open lower bound
_I = InteractionRow
_Query = Select[*tuple[Any, ...]]
_CHANNEL_LABEL = {Channel.VOICE: "Call", Channel.CHAT: "Chat", Channel.EMAIL: "Email"}


class SqlTimelineRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def entries(
        self, customer_id: int, before: datetime | None, limit: int | None
    ) -> list[TimelineEntry]:
        return [
            *self._interactions(customer_id, before, limit),
            *self._dispositions(customer_id, before, limit),
            *self._case_entries(customer_id, before, limit),
            *self._case_events(customer_id, before),
        ]

    # -- contacts and wrap-ups -------------------------------------------------------------
    def _interactions(
        self, customer_id: int, before: datetime | None, limit: int | None
    ) -> list[TimelineEntry]:
        columns = (_I.id, _I.channel, _I.queue, _I.status, _I.subject, _I.created_at)
        base = select(*columns).where(_I.customer_id == customer_id)
        rows = self._window(base, _I.created_at, _I.id, before, limit, _with_agent)
        return [_interaction_entry(row) for row in rows]

    def _dispositions(
        self, customer_id: int, before: datetime | None, limit: int | None
    ) -> list[TimelineEntry]:
        columns = (
            _I.id,
            _I.channel,
            _I.queue,
            _I.disposition,
            _I.notes,
            _I.closed_at,
            _I.agent_user_id,
        )
        base = select(*columns).where(
            _I.customer_id == customer_id, _I.disposition.is_not(None), _I.closed_at.is_not(None)
        )
        rows = self._window(base, _I.closed_at, _I.id, before, limit, _with_agent_and_codes)
        return [_disposition_entry(row) for row in rows if row.closed_at is not None]

    # -- cases -------------------------------------------------------------------------------
    def _case_entries(
        self, customer_id: int, before: datetime | None, limit: int | None
    ) -> list[TimelineEntry]:
        e = CaseEntryRow
        base = (
            select(e.id, e.case_id, e.kind, e.body, e.author, e.at)
            .join(CaseRow, CaseRow.id == e.case_id)
            .where(CaseRow.customer_id == customer_id)
        )
        return [_note_entry(row) for row in self._window(base, e.at, e.id, before, limit)]

    def _case_events(self, customer_id: int, before: datetime | None) -> list[TimelineEntry]:
        rows = self.session.execute(
            select(CaseRow.id, CaseRow.subject, CaseRow.history, CaseRow.escalations).where(
                CaseRow.customer_id == customer_id
            )
        )
        entries = [entry for row in rows for entry in _case_event_entries(row)]
        return [e for e in entries if before is None or e.at <= before]

    # -- the window ----------------------------------------------------------------------------
    def _window(
        self,
        base: _Query,
        at: InstrumentedAttribute[Any],
        row_id: InstrumentedAttribute[int],
        before: datetime | None,
        limit: int | None,
        details: Callable[[_Query], _Query] = lambda query: query,
    ) -> list[Row[Any]]:
        """``details`` adds joined columns to the rows read, never to the edge subquery."""
        if limit is None:
            window = base if before is None else base.where(at <= before)
            return list(self.session.execute(details(window)))
        # One query per source: the window's oldest instant (the ``limit``-th newest row before
        # the cursor) is a scalar subquery, and every row from it up to the cursor inclusive
        # is read, ties at either edge included; with fewer rows the lower bound is open.
        head = base if before is None else base.where(at < before)
        edge = (
            head.with_only_columns(at)
            .order_by(at.desc(), row_id.desc())
            .offset(limit - 1)
            .limit(1)
            .scalar_subquery()
        )
        window = base if before is None else base.where(at <= before)
        lowest = literal(_DAWN, UtcDateTime())
        return list(self.session.execute(details(window.where(at >= func.coalesce(edge, lowest)))))


def _with_agent(query: _Query) -> _Query:
    """The handling agent's display name (``None`` before anyone accepted the contact); who
    may read it is decided in `service.crm.customer_timeline`."""
    named = query.add_columns(UserRow.display_name.label("agent_name"))
    return named.outerjoin(UserRow, UserRow.id == _I.agent_user_id)


def _with_agent_and_codes(query: _Query) -> _Query:
    """The agent, and the queue's disposition list to label the code as the wrap-up form did."""
    coded = _with_agent(query).add_columns(QueueRow.disposition_codes.label("codes"))
    return coded.outerjoin(QueueRow, QueueRow.name == _I.queue)


def disposition_label(code: str, codes: list[dict[str, str]] | None) -> str | None:
    """The label the queue gives ``code`` (its own list, or the default list for queues from
    before per-queue codes, or whose row is gone); ``None`` for a code no list knows any more,
    so that the desktop falls back to the code itself."""
    if codes is not None:
        for item in codes:
            if item.get("code") == code:
                return item.get("label")
    return DISPOSITIONS.get(code)


def _interaction_entry(row: Row[Any]) -> TimelineEntry:
    channel = Channel(row.channel)
    label = _CHANNEL_LABEL.get(channel, channel.value.upper())
    summary = f"{label} in {row.queue}" + (f": {row.subject}" if row.subject else "")
    return TimelineEntry(
        row.created_at,
        TimelineKind.INTERACTION,
        f"interaction:{row.id}",
        summary[:SUMMARY_CHARS],
        channel=channel,
        data={
            "interaction_id": row.id,
            "status": row.status,
            "queue": row.queue,
            "subject": row.subject[:SUMMARY_CHARS],
            "agent_name": row.agent_name,
        },
    )


def _disposition_entry(row: Row[Any]) -> TimelineEntry:
    summary = f"Wrap-up {row.disposition}" + (f": {row.notes}" if row.notes else "")
    return TimelineEntry(
        row.closed_at,
        TimelineKind.DISPOSITION,
        f"disposition:{row.id}",
        summary[:SUMMARY_CHARS],
        channel=Channel(row.channel),
        data={
            "interaction_id": row.id,
            "code": row.disposition,
            "label": disposition_label(row.disposition, row.codes),
            "notes": row.notes[:SUMMARY_CHARS],
            "queue": row.queue,
            "agent_user_id": row.agent_user_id,
            "agent_name": row.agent_name,
        },
    )


def _note_entry(row: Row[Any]) -> TimelineEntry:
    kind = EntryKind(row.kind)
    return TimelineEntry(
        row.at,
        TimelineKind.NOTE,
        f"case:{row.case_id}:entry:{row.id}",
        row.body[:SUMMARY_CHARS],
        case_id=row.case_id,
        internal=kind is EntryKind.INTERNAL_NOTE,
        data={"kind": kind.value, "author": row.author},
    )


def _case_event_entries(row: Row[Any]) -> Sequence[TimelineEntry]:
    """The same entries `domain.crm.timeline.case_entries` makes from a loaded case."""
    status = [
        TimelineEntry(
            datetime.fromisoformat(change["at"]),
            TimelineKind.CASE_EVENT,
            f"case:{row.id}:status:{index}",
            f"Case {row.id} {change['to']}: {row.subject}"[:SUMMARY_CHARS],
            case_id=row.id,
            data={"status": change["to"]},
        )
        for index, change in enumerate(row.history or [])
    ]
    escalations = [
        TimelineEntry(
            datetime.fromisoformat(record["at"]),
            TimelineKind.CASE_EVENT,
            f"case:{row.id}:escalation:{index}",
            f"Case {row.id} escalated to tier {record['to_tier']}: {record['reason']}"[
                :SUMMARY_CHARS
            ],
            case_id=row.id,
            data={"tier": record["to_tier"]},
        )
        for index, record in enumerate(row.escalations or [])
    ]
    return status + escalations
