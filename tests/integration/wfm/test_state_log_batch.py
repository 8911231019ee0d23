"""The live feed writes a tick of agent state changes as one batch (three statements on the
state log, however long the tick): the rows must be exactly those the changes leave when they
are applied one at a time, and those the rules give by hand."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, delete, event, select
from sqlalchemy.orm import Session

from frontline.adapters.db.wfm_tables import AgentStateLogRow
from frontline.domain.org.errors import DomainError
from frontline.service.wfm.runtime import WfmRuntime
from frontline.service.wfm.state_feed import StateLogFeed
from frontline.service.wfm.state_log import MAX_REASON, record_agent_state

MONDAY = datetime.fromisoformat("2026-03-02T00:00:00+00:00")
LONG = "r" * (MAX_REASON + 16)


def at(clock: str) -> datetime:
    hours, minutes = clock.split(":")
    return MONDAY + timedelta(hours=int(hours), minutes=int(minutes))


class QuietHub:
    """The hub the feed passes events on to; nobody listens here."""

    def subscribe(self, stream: str) -> Any:
        raise AssertionError("not used here")

    def publish(self, stream: str, payload: dict[str, Any]) -> None:
        return None

    def subscribers(self, stream: str) -> int:
        return 0


SEED = [("ann", "available", None, "09:00"), ("bob", "break", "lunch", "12:00")]
# (user, state, reason, since): one tick as the routing service announces it
TICK: list[tuple[str, str, str | None, str]] = [
    ("ann", "available", None, "09:30"),  # repeats the open entry: skipped
    ("bob", "break", "lunch", "12:05"),  # repeats the open entry: skipped
    ("ann", "busy", None, "09:40"),  # closes the stored entry
    ("cid", "available", None, "09:00"),  # cid has no entry yet
    ("bob", "available", None, "11:00"),  # older than bob's open entry: refused
    ("ann", "busy", None, "09:41"),  # repeats the entry opened in this tick: skipped
    ("ann", "wrap_up", None, "09:50"),  # closes the entry opened in this tick
    ("bob", "available", None, "12:30"),  # bob goes on after his refused change
    ("ann", "break", LONG, "09:55"),  # reason cut to MAX_REASON
    ("ann", "available", None, "09:52"),  # older than the entry opened in this tick: refused
    ("cid", "teleported", None, "09:58"),  # unknown state: refused
    ("cid", "break", "", "10:00"),  # an empty reason is no reason
    ("cid", "break", None, "10:05"),  # so this repeats it
    ("bob", "busy", None, "2026-03-02T12:40:00"),  # no time zone: refused
    ("planner", "busy", None, "10:00"),  # not an agent: dropped
    ("ann", "available", None, "10:00"),
]
EXPECTED = [  # in id order: the seed, then the entries of the tick in the order they opened
    ("ann", "available", None, "09:00", "09:40"),
    ("bob", "break", "lunch", "12:00", "12:30"),
    ("ann", "busy", None, "09:40", "09:50"),
    ("cid", "available", None, "09:00", "10:00"),
    ("ann", "wrap_up", None, "09:50", "09:55"),
    ("bob", "available", None, "12:30", None),
    ("ann", "break", LONG[:MAX_REASON], "09:55", "10:00"),
    ("cid", "break", None, "10:00", None),
    ("ann", "available", None, "10:00", None),
]


def since(clock: str) -> str:
    return clock if "T" in clock else at(clock).isoformat()


def seed(org: Any, wfm: WfmRuntime) -> None:
    for name, state, reason, when in SEED:
        assert record_agent_state(wfm.uow(), org.agent_ids[name], state, reason, at(when))


def one_at_a_time(org: Any, wfm: WfmRuntime) -> None:
    """The tick through ``record_agent_state``, a transaction per change, refusals skipped."""
    for name, state, reason, when in TICK:
        if name not in org.agent_ids:
            continue
        try:
            record_agent_state(
                wfm.uow(), org.agent_ids[name], state, reason, datetime.fromisoformat(since(when))
            )
        except DomainError:
            continue


def stored(engine: Engine, org: Any) -> list[tuple[Any, ...]]:
    names = {agent_id: name for name, agent_id in org.agent_ids.items()}
    with Session(engine) as session:
        rows = session.scalars(select(AgentStateLogRow).order_by(AgentStateLogRow.id))
        return [(names[r.agent_id], r.state, r.reason, r.started_at, r.ended_at) for r in rows]


def expected() -> list[tuple[Any, ...]]:
    return [(n, s, r, at(b), at(e) if e else None) for n, s, r, b, e in EXPECTED]


@contextmanager
def state_log_statements(engine: Engine) -> Iterator[list[str]]:
    """The statements sent on the state log table while the block runs (an executemany once)."""
    seen: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if "agent_state_log" in statement:
            seen.append(statement.split()[0].upper())

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def test_a_tick_written_as_one_batch_stores_the_rows_of_one_change_at_a_time(
    org: Any, wfm: WfmRuntime, wfm_engine: Engine
) -> None:
    seed(org, wfm)
    feed = StateLogFeed(QuietHub(), wfm.uow)
    for name, state, reason, when in TICK:
        payload = {"type": "state", "state": state, "reason": reason, "since": since(when)}
        feed.publish(f"agent:{org.user_ids[name]}", payload)
    with state_log_statements(wfm_engine) as statements:
        assert feed.drain() == len(TICK)
    assert sorted(statements) == ["INSERT", "SELECT", "UPDATE"]
    batched = stored(wfm_engine, org)
    assert batched == expected()

    with Session(wfm_engine) as session, session.begin():
        session.execute(delete(AgentStateLogRow))
    seed(org, wfm)
    one_at_a_time(org, wfm)
    assert stored(wfm_engine, org) == batched
