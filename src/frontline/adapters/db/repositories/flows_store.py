"""SQL storage of flows: immutable versions, the published version, bindings of queues and
numbers, and the runner's events that flow analytics are rebuilt from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from frontline.adapters.db.flow_tables import FlowBindingRow, FlowEventRow, FlowRow, FlowVersionRow
from frontline.domain.flows import FlowEvent, FlowFinished
from frontline.domain.flows.outcomes import FlowOutcome, NodeEntered, NodePassed, NodeRetried
from frontline.service.selfservice.ports import FlowSummary, StoredFlowVersion

_KIND = {NodeEntered: "entered", NodePassed: "passed", NodeRetried: "retried"}


def _stored(row: FlowVersionRow) -> StoredFlowVersion:
    return StoredFlowVersion(
        row.flow_id,
        row.version,
        dict(row.document),
        row.source,
        row.source_format,
        row.created_at,
        row.created_by,
    )


class SqlFlowStore:
    """Each call is one short transaction of its own."""

    def __init__(self, engine: Engine) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    def _session(self) -> Session:
        return self._sessions()

    # ------------------------------------------------------------------ flows
    def next_version(self, flow_id: str) -> int:
        with self._session() as session:
            latest = session.scalar(select(FlowRow.latest_version).where(FlowRow.id == flow_id))
        return (latest or 0) + 1

    def add_version(
        self,
        flow_id: str,
        name: str,
        document: dict[str, Any],
        source: str,
        source_format: str,
        at: datetime,
        by: str,
    ) -> int:
        version = int(document["version"])
        with self._session() as session, session.begin():
            row = session.get(FlowRow, flow_id)
            if row is None:
                row = FlowRow(
                    id=flow_id,
                    name=name,
                    latest_version=0,
                    published_version=None,
                    created_at=at,
                    updated_at=at,
                )
                session.add(row)
            row.name, row.latest_version, row.updated_at = name, version, at
            session.add(
                FlowVersionRow(
                    flow_id=flow_id,
                    version=version,
                    document=document,
                    source=source,
                    source_format=source_format,
                    created_at=at,
                    created_by=by,
                )
            )
        return version

    def _summary(self, session: Session, row: FlowRow) -> FlowSummary:
        targets = session.scalars(
            select(FlowBindingRow.target)
            .where(FlowBindingRow.flow_id == row.id)
            .order_by(FlowBindingRow.target)
        ).all()
        return FlowSummary(
            row.id,
            row.name,
            row.latest_version,
            row.published_version,
            row.created_at,
            row.updated_at,
            tuple(targets),
        )

    def summaries(self) -> list[FlowSummary]:
        with self._session() as session:
            rows = session.scalars(select(FlowRow).order_by(FlowRow.id)).all()
            return [self._summary(session, row) for row in rows]

    def summary(self, flow_id: str) -> FlowSummary | None:
        with self._session() as session:
            row = session.get(FlowRow, flow_id)
            return self._summary(session, row) if row is not None else None

    def versions(self, flow_id: str) -> list[StoredFlowVersion]:
        with self._session() as session:
            rows = session.scalars(
                select(FlowVersionRow)
                .where(FlowVersionRow.flow_id == flow_id)
                .order_by(FlowVersionRow.version.desc())
            ).all()
            return [_stored(row) for row in rows]

    def version(self, flow_id: str, version: int) -> StoredFlowVersion | None:
        with self._session() as session:
            row = session.scalar(
                select(FlowVersionRow).where(
                    FlowVersionRow.flow_id == flow_id, FlowVersionRow.version == version
                )
            )
            return _stored(row) if row is not None else None

    def publish(self, flow_id: str, version: int, targets: Sequence[str], at: datetime) -> None:
        with self._session() as session, session.begin():
            row = session.get(FlowRow, flow_id)
            assert row is not None
            row.published_version, row.updated_at = version, at
            if targets:
                session.execute(delete(FlowBindingRow).where(FlowBindingRow.target.in_(targets)))
                session.execute(
                    insert(FlowBindingRow), [{"target": t, "flow_id": flow_id} for t in targets]
                )

    def published_for(self, target: str) -> StoredFlowVersion | None:
        with self._session() as session:
            row = session.execute(
                select(FlowVersionRow)
                .join(FlowRow, FlowRow.id == FlowVersionRow.flow_id)
                .join(FlowBindingRow, FlowBindingRow.flow_id == FlowRow.id)
                .where(
                    FlowBindingRow.target == target,
                    FlowVersionRow.version == FlowRow.published_version,
                )
            ).scalar_one_or_none()
            return _stored(row) if row is not None else None

    # ----------------------------------------------------------------- events
    def add_events(self, events: Sequence[FlowEvent], version_of: Mapping[str, int]) -> None:
        if not events:
            return
        rows = [_event_row(event, version_of.get(event.flow_id, 0)) for event in events]
        with self._session() as session, session.begin():
            session.execute(insert(FlowEventRow), rows)

    def events(self, flow_id: str, version: int | None) -> list[FlowEvent]:
        query = select(FlowEventRow).where(FlowEventRow.flow_id == flow_id)
        if version is not None:
            query = query.where(FlowEventRow.flow_version == version)
        with self._session() as session:
            return [_event(row) for row in session.scalars(query.order_by(FlowEventRow.id))]

    def event_count(self, flow_id: str) -> int:
        with self._session() as session:
            count = session.scalar(
                select(func.count())
                .select_from(FlowEventRow)
                .where(FlowEventRow.flow_id == flow_id)
            )
        return int(count or 0)


def _event_row(event: FlowEvent, version: int) -> dict[str, Any]:
    row: dict[str, Any] = {
        "flow_id": event.flow_id,
        "flow_version": version,
        "node": event.node,
        "at": event.at,
        "outcome": None,
        "reason": "",
        "path": None,
    }
    if isinstance(event, FlowFinished):
        row |= {
            "kind": "finished",
            "outcome": event.outcome.value,
            "reason": event.reason[:200],
            "path": list(event.path),
        }
    else:
        row["kind"] = _KIND[type(event)]
        if isinstance(event, NodeRetried):
            row["reason"] = event.reason[:200]
    return row


def _event(row: FlowEventRow) -> FlowEvent:
    match row.kind:
        case "entered":
            return NodeEntered(row.flow_id, row.node, row.at)
        case "passed":
            return NodePassed(row.flow_id, row.node, row.at)
        case "retried":
            return NodeRetried(row.flow_id, row.node, row.reason, row.at)
    return FlowFinished(
        row.flow_id,
        FlowOutcome(row.outcome or FlowOutcome.ABANDONED.value),
        row.node,
        tuple(row.path or ()),
        row.reason,
        row.at,
    )
