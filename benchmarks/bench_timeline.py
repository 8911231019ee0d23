"""Customer timeline of a customer with 5,000 interactions: p50/p95 of one page (50 entries),
Frontline's windowed read side by side with the usual approach of loading the customer's whole
history and paging it in memory, on SQLite and PostgreSQL.

Generated data (seeded): the customer has 5,000 chats and emails over about two years, each
closed with a disposition and notes, and 40 cases with status history and 4 notes each; 300
other customers have 50 interactions each, so the indexes have to pick the right rows. The
Frontline column is `customer_timeline`, the use case behind
``GET /api/v1/customers/{id}/timeline``, called as an agent owning one of the customer's cases
(the screen-pop), for the newest page and for pages at random depths (cursor). The peer column
reads every entry of the customer through the same repository without a window
(``limit=None``), then merges and pages with the same domain functions.

    benchmarks/run.sh bench_timeline.py [--interactions 5000] [--repeat 200] [--seed 7]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/test] [--no-postgres]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
from sqlalchemy import Engine, insert

from frontline.adapters.db import migrate
from frontline.adapters.db.crm_tables import CaseEntryRow, CaseRow
from frontline.adapters.db.engine import make_engine
from frontline.adapters.db.live_tables import InteractionRow
from frontline.adapters.db.repositories.crm_uow import SqlCrmUnitOfWorkFactory
from frontline.adapters.db.tables import CustomerRow, UserRow
from frontline.domain.crm.timeline import merge_timeline, page
from frontline.domain.org.roles import Role
from frontline.domain.org.users import Principal
from frontline.service.crm.clock import SystemClock
from frontline.service.crm.customer_timeline import TimelineQuery, customer_timeline
from frontline.service.crm.runtime import CrmRuntime

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
START = datetime(2022, 6, 1, 8, 0, tzinfo=UTC)
OTHERS, OTHER_CONTACTS, CASES, NOTES = 300, 50, 40, 4
PAGE = 50


@contextmanager
def sqlite_engine() -> Iterator[Engine]:
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite+pysqlite:///{Path(folder) / 'timeline.db'}")
        try:
            yield engine
        finally:
            engine.dispose()


@contextmanager
def postgres_engine(url: str) -> Iterator[Engine]:
    name = f"bench_timeline_{random.randrange(10**8)}"
    admin = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    admin.execute(f'CREATE SCHEMA "{name}"')
    engine = make_engine(f"{url}?options={quote(f'-csearch_path={name}')}")
    try:
        yield engine
    finally:
        engine.dispose()
        admin.execute(f'DROP SCHEMA "{name}" CASCADE')
        admin.close()


def contacts(customer_id: int, count: int, rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for n in range(count):
        created = START + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
        rows.append(
            {
                "channel": rng.choice(("chat", "email")),
                "queue": rng.choice(("billing", "support", "sales")),
                "status": "closed",
                "customer_id": customer_id,
                "customer_name": f"Customer {customer_id}",
                "customer_email": None,
                "created_at": created,
                "closed_at": created + timedelta(minutes=rng.randrange(2, 40)),
                "disposition": rng.choice(("resolved", "follow_up", "information_given")),
                "notes": f"note {n}",
                "subject": f"question {n}",
                "subject_key": f"question {n}",
            }
        )
    return rows


def case_rows(customer_id: int, owner: int, rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for n in range(CASES):
        opened = START + timedelta(days=rng.randrange(0, 700))
        history = [
            {"at": (opened + timedelta(hours=h)).isoformat(), "from": a, "to": b, "by": "x"}
            for h, (a, b) in enumerate(((None, "new"), ("new", "open"), ("open", "resolved")))
        ]
        rows.append(
            {
                "customer_id": customer_id,
                "subject": f"case {n}",
                "description": "",
                "status": "resolved",
                "priority": "normal",
                "category": "",
                "queue": "billing",
                "tier": 1,
                "owner_user_id": owner if n == 0 else None,
                "created_at": opened,
                "created_by": "bench",
                "updated_at": opened,
                "history": history,
                "priority_history": [],
                "escalations": [],
                "fired_rules": [],
            }
        )
    return rows


def load(engine: Engine, interactions: int, seed: int) -> tuple[int, int]:
    """The customer under test and the agent owning one of its cases."""
    rng = random.Random(seed)
    migrate.upgrade(engine)
    with engine.begin() as db:
        agent = db.execute(
            insert(UserRow)
            .values(
                username="ann",
                display_name="Ann",
                password_hash="-",  # noqa: S106 - no one logs in
                is_active=True,
                created_at=START,
            )
            .returning(UserRow.id)
        ).scalar_one()
        ids = db.execute(
            insert(CustomerRow).returning(CustomerRow.id, sort_by_parameter_order=True),
            [{"name": f"Customer {n}", "attributes": {}} for n in range(OTHERS + 1)],
        ).scalars()
        target, *others = list(ids)
        db.execute(insert(InteractionRow), contacts(target, interactions, rng))
        for other in others:
            db.execute(insert(InteractionRow), contacts(other, OTHER_CONTACTS, rng))
        case_ids = db.execute(
            insert(CaseRow).returning(CaseRow.id, sort_by_parameter_order=True),
            case_rows(target, agent, rng),
        ).scalars()
        notes = [
            {
                "case_id": case_id,
                "kind": rng.choice(("internal_note", "public_reply")),
                "body": f"note {k} on case {case_id}",
                "author": "ann",
                "at": START + timedelta(days=rng.randrange(0, 700)),
                "attachments": [],
            }
            for case_id in case_ids
            for k in range(NOTES)
        ]
        db.execute(insert(CaseEntryRow), notes)
    return int(target), int(agent)


def timed(call: Callable[[], object], repeat: int) -> list[float]:
    call()  # warm-up: statement cache, pages in memory
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def run(engine: Engine, label: str, args: argparse.Namespace) -> None:
    started = time.perf_counter()
    customer, agent = load(engine, args.interactions, args.seed)
    loaded = time.perf_counter() - started
    rt = CrmRuntime(SqlCrmUnitOfWorkFactory(engine), SystemClock())
    actor = Principal(agent, "ann", frozenset({Role.AGENT}))
    cursors: list[str | None] = [None]
    walk = customer_timeline(rt, actor, TimelineQuery(customer, limit=PAGE))
    while walk.page.next_cursor is not None:
        cursors.append(walk.page.next_cursor)
        walk = customer_timeline(rt, actor, TimelineQuery(customer, walk.page.next_cursor, PAGE))
    rng = random.Random(args.seed)

    def ours_first() -> object:
        return customer_timeline(rt, actor, TimelineQuery(customer, limit=PAGE))

    def ours_deep() -> object:
        return customer_timeline(rt, actor, TimelineQuery(customer, rng.choice(cursors), PAGE))

    def peer(cursor: str | None = None) -> object:
        with rt.uow() as uow:
            entries = uow.timeline.entries(customer, None, None)
        return page(merge_timeline(entries), limit=PAGE, cursor=cursor)

    first, deep = timed(ours_first, args.repeat), timed(ours_deep, args.repeat)
    peer_first = timed(peer, max(20, args.repeat // 5))
    peer_deep = timed(lambda: peer(rng.choice(cursors)), max(20, args.repeat // 5))
    print(
        f"{label}: {len(cursors)} pages of {PAGE} for one customer (loaded in {loaded:.1f} s)\n"
        f"  newest page   Frontline p50 {statistics.median(first):6.2f} ms  "
        f"p95 {p95(first):6.2f} ms | full load p50 {statistics.median(peer_first):7.2f} ms  "
        f"p95 {p95(peer_first):7.2f} ms | p95 ratio {p95(peer_first) / p95(first):5.1f}x\n"
        f"  random depth  Frontline p50 {statistics.median(deep):6.2f} ms  "
        f"p95 {p95(deep):6.2f} ms | full load p50 {statistics.median(peer_deep):7.2f} ms  "
        f"p95 {p95(peer_deep):7.2f} ms | p95 ratio {p95(peer_deep) / p95(deep):5.1f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--postgres", default=DEFAULT_PG)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    with sqlite_engine() as engine:
        run(engine, "SQLite", args)
    if not args.no_postgres:
        with postgres_engine(args.postgres) as engine:
            run(engine, "PostgreSQL", args)


if __name__ == "__main__":
    main()
