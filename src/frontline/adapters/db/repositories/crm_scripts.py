"""Guided scripts with every saved version, and the script run of each interaction."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontline.adapters.db.crm_tables import ScriptRow, ScriptRunRow, ScriptVersionRow
from frontline.service.crm.ports import StoredRun, StoredScript


def _run(row: ScriptRunRow) -> StoredRun:
    return StoredRun(
        row.interaction_id,
        row.script_id,
        row.version,
        dict(row.run),
        tuple(row.pending),
        row.started_at,
        row.started_by,
        row.updated_at,
    )


class SqlScriptRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, script_id: str) -> StoredScript | None:
        row = self.session.get(ScriptRow, script_id)
        return self.get_version(script_id, row.version) if row else None

    def get_version(self, script_id: str, version: int) -> StoredScript | None:
        row = self.session.get(ScriptRow, script_id)
        saved = self.session.get(ScriptVersionRow, (script_id, version))
        if row is None or saved is None:
            return None
        return StoredScript(
            row.id, row.title, row.queue, version, dict(saved.definition), row.updated_at
        )

    def save(self, script: StoredScript) -> None:
        row = self.session.get(ScriptRow, script.id) or ScriptRow(id=script.id)
        row.title, row.queue = script.title, script.queue
        row.version, row.updated_at = script.version, script.updated_at
        self.session.add(row)
        self.session.flush()
        self.session.add(
            ScriptVersionRow(
                script_id=script.id, version=script.version, definition=script.definition
            )
        )
        self.session.flush()

    def delete(self, script_id: str) -> bool:
        row = self.session.get(ScriptRow, script_id)
        if row is None:
            return False
        self.session.delete(row)
        self.session.flush()
        return True

    def list(self, queue: str | None) -> list[StoredScript]:
        stmt = select(ScriptRow).order_by(ScriptRow.id)
        if queue is not None:
            stmt = stmt.where(ScriptRow.queue == queue)
        found = [self.get_version(r.id, r.version) for r in self.session.scalars(stmt).all()]
        return [s for s in found if s is not None]

    def run(self, interaction_id: str) -> StoredRun | None:
        row = self.session.get(ScriptRunRow, interaction_id)
        return _run(row) if row else None

    def save_run(self, run: StoredRun) -> None:
        row = self.session.get(ScriptRunRow, run.interaction_id) or ScriptRunRow(
            interaction_id=run.interaction_id
        )
        row.script_id, row.version, row.run = run.script_id, run.version, run.run
        row.pending, row.started_at, row.started_by = (
            list(run.pending),
            run.started_at,
            run.started_by,
        )
        row.updated_at = run.updated_at
        self.session.add(row)
        self.session.flush()

    def pending_for(self, interaction_ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
        wanted = sorted(set(interaction_ids))
        if not wanted:
            return {}
        rows = self.session.scalars(
            select(ScriptRunRow).where(ScriptRunRow.interaction_id.in_(wanted))
        )
        return {r.interaction_id: tuple(r.pending) for r in rows if r.pending}
