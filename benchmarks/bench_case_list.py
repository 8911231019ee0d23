"""Case list views over 1,000,000 cases on PostgreSQL: p50/p95 per filter view, keyset paging
(Frontline) side by side with the same query paged by OFFSET (the usual peer approach).

The cases are generated (seeded) and bulk-loaded with COPY into a schema the script creates,
migrates with Frontline's own migrations and drops at the end. Every view runs through
`SqlCaseRepository.list`, the code the API uses: an agent's visibility scope (own cases or
three queues up to tier 1), "mine", status and priority filters, a subject text filter,
breaching-soon (SLA due in the next two hours) and a deep page (page 200 of 50). The peer
column repeats each query paged with ``OFFSET`` to the same depth.

    benchmarks/run.sh bench_case_list.py [--cases 1000000] [--repeat 30] [--seed 5]
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import psycopg
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from frontline.adapters.db import migrate
from frontline.adapters.db.crm_tables import CaseRow
from frontline.adapters.db.engine import make_engine
from frontline.adapters.db.repositories.crm_cases import SqlCaseRepository, summaries
from frontline.service.crm.ports import CaseQuery, CaseScope

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NOW = datetime(2024, 6, 3, 12, 0, tzinfo=UTC)
QUEUES = [f"queue-{n}" for n in range(20)]
STATUSES = ["new", "open", "pending_customer", "on_hold", "resolved", "closed"]
STATUS_WEIGHTS = [3, 8, 4, 2, 10, 73]
PRIORITIES = ["low", "normal", "high", "urgent"]
WORDS = [
    "refund",
    "card",
    "blocked",
    "invoice",
    "delivery",
    "login",
    "password",
    "address",
    "upgrade",
    "cancel",
]
USERS = 300


def plain(dsn: str) -> str:
    return dsn.replace("postgresql+psycopg://", "postgresql://")


@contextmanager
def schema(url: str) -> Iterator[tuple[Engine, str]]:
    name = f"bench_cases_{random.randrange(10**8)}"
    admin = psycopg.connect(plain(url), autocommit=True)
    admin.execute(f'CREATE SCHEMA "{name}"')
    scoped = f"{url}?options={quote(f'-csearch_path={name}')}"
    engine = make_engine(scoped)
    try:
        yield engine, scoped
    finally:
        engine.dispose()
        admin.execute(f'DROP SCHEMA "{name}" CASCADE')
        admin.close()


def case_lines(count: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for n in range(1, count + 1):
        created = NOW - timedelta(minutes=rng.randint(0, 365 * 24 * 60))
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        done = status in ("resolved", "closed")
        due = None if done else (NOW + timedelta(minutes=rng.randint(-600, 3000))).isoformat()
        sla = "met" if done else rng.choice(("ok", "ok", "ok", "warning", "breached"))
        owner = None if rng.random() < 0.1 else str(rng.randint(1, USERS))
        subject = f"{' '.join(rng.sample(WORDS, 3))} #{n}"
        values = [
            str(n), str(rng.randint(1, 10_000)), subject, "", status,
            rng.choice(PRIORITIES), "general", rng.choice(QUEUES), str(rng.choice((1, 1, 1, 2, 3))),
            owner, None, created.isoformat(), "user:1", created.isoformat(), None, None,
            None, sla, due, None, "[]", "[]", "[]", "[]",
        ]  # fmt: skip
        yield "\t".join("\\N" if v is None else v for v in values) + "\n"


COLUMNS = (
    "id, customer_id, subject, description, status, priority, category, queue, tier, "
    "owner_user_id, follow_up_of, created_at, created_by, updated_at, first_response_at, "
    "resolved_at, fcr, sla_state, sla_due_at, sla_warn_at, history, priority_history, "
    "escalations, fired_rules"
)


def load(url: str, count: int, seed: int) -> float:
    started = time.perf_counter()
    with psycopg.connect(plain(url)) as conn:
        with conn.cursor() as cur:
            with cur.copy("COPY users (id, username, display_name, password_hash, is_active, "
                          "created_at) FROM STDIN") as copy:  # fmt: skip
                for n in range(1, USERS + 1):
                    copy.write(f"{n}\tuser{n}\tUser {n}\tx\tt\t{NOW.isoformat()}\n")
            with cur.copy("COPY customers (id, name, attributes) FROM STDIN") as copy:
                for n in range(1, 10_001):
                    copy.write(f"{n}\tCustomer {n}\t{{}}\n")
            with cur.copy(f"COPY crm_cases ({COLUMNS}) FROM STDIN") as copy:
                buffer = io.StringIO()
                for n, line in enumerate(case_lines(count, seed), start=1):
                    buffer.write(line)
                    if n % 50_000 == 0:
                        copy.write(buffer.getvalue())
                        buffer = io.StringIO()
                copy.write(buffer.getvalue())
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE crm_cases")
    return time.perf_counter() - started


def views() -> dict[str, CaseQuery]:
    everything = CaseScope(everything=True)
    agent = CaseScope(False, 7, frozenset(QUEUES[:3]), 1)
    open_ = frozenset({"new", "open", "pending_customer", "on_hold"})
    return {
        "agent scope (3 queues, tier 1)": CaseQuery(agent),
        "agent scope, open only": CaseQuery(agent, statuses=open_),
        "mine": CaseQuery(everything, owner_ids=frozenset({7})),
        "supervisor: status=open, urgent": CaseQuery(
            everything, statuses=frozenset({"open"}), priorities=frozenset({"urgent"})
        ),
        "queue + status": CaseQuery(
            everything, queues=frozenset({QUEUES[4]}), statuses=frozenset({"new"})
        ),
        "text 'refund'": CaseQuery(everything, text="refund"),
        "breaching soon (2 h)": CaseQuery(
            everything, due_after=NOW, due_before=NOW + timedelta(hours=2), by_due=True
        ),
    }


def offset_page(session: Session, query: CaseQuery, page: int) -> int:
    stmt = summaries(query)  # the same columns, customer name and filters as ours
    order = (CaseRow.sla_due_at, CaseRow.id) if query.by_due else (CaseRow.id.desc(),)
    stmt = stmt.order_by(*order).limit(query.limit).offset(page * query.limit)
    return len(session.execute(stmt).all())


def timed(run: Callable[[], Any], repeat: int) -> list[float]:
    run()  # warm
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        out.append((time.perf_counter() - started) * 1000)
    return out


def pct(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--postgres-url", default=DEFAULT_PG)
    args = parser.parse_args()
    with schema(args.postgres_url) as (engine, url):
        migrate.upgrade(engine)
        print(f"loaded {args.cases} cases with COPY in {load(url, args.cases, args.seed):.1f} s")
        print(f"{'view':<34} {'page 1 p50 / p95 ms':>20} {'page':>6} {'keyset p95':>12} "
              f"{'OFFSET p95':>14} {'ratio':>8}")  # fmt: skip
        with Session(engine) as session:
            repo = SqlCaseRepository(session)
            for name, query in views().items():
                first = timed(lambda q=query: repo.list(q), args.repeat)
                skipped, cursor = deep_cursor(session, query)
                line = f"{name:<34} {pct(first, 0.5):9.2f} / {pct(first, 0.95):8.2f}"
                if cursor is None:
                    print(f"{line}   (fewer than two pages)")
                    continue
                keyset = timed(lambda q=replace(query, after=cursor): repo.list(q), args.repeat)
                offset = timed(lambda q=query, n=skipped: offset_page(session, q, n), args.repeat)
                ratio = pct(offset, 0.95) / pct(keyset, 0.95)
                print(
                    f"{line} {skipped + 1:>6} {pct(keyset, 0.95):12.2f} "
                    f"{pct(offset, 0.95):14.2f} {ratio:7.1f}x"
                )


def deep_cursor(session: Session, query: CaseQuery) -> tuple[int, tuple[Any, ...] | None]:
    """How many pages precede the deepest page up to 200, and the keyset cursor to reach it."""
    rows = SqlCaseRepository(session).list(replace(query, limit=199 * query.limit))
    skipped = len(rows) // query.limit
    if skipped == 0:
        return 0, None
    last = rows[skipped * query.limit - 1]
    return skipped, ((last.sla.due_at, last.id) if query.by_due else (last.id,))


if __name__ == "__main__":
    main()
