"""Knowledge-base search over 50,000 generated articles: Frontline's full-text search vs a
naive LIKE scan, on SQLite (FTS5) and PostgreSQL (GIN tsvector), side by side.

Articles are generated from a seeded Zipf-distributed vocabulary of pseudo-words (titles of
3-7 words, bodies of 60-160). Queries are one or two words of middling frequency. Frontline
runs its own repository search (ranked, with snippets); the peer is what one writes without
an index: ``lower(title) LIKE '%w%' OR lower(body) LIKE '%w%'`` for every word, title hits
first. The script prints p50/p95 per engine and the ratio of the p95s.

PostgreSQL runs in a schema of its own, created and dropped by the script
(``--postgres-url``, default the test server; ``--skip-postgres`` to leave it out).

    benchmarks/run.sh bench_kb_search.py [--articles 50000] [--queries 200] [--seed 11]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
from sqlalchemy import Engine, insert, text
from sqlalchemy.orm import Session

from frontline.adapters.db import migrate
from frontline.adapters.db.crm_tables import ArticleRow
from frontline.adapters.db.engine import make_engine
from frontline.adapters.db.repositories.crm_kb import SqlKbRepository
from frontline.service.crm.kb import search_terms
from frontline.service.crm.ports import KbQuery

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SYLLABLES = [
    "ka",
    "ri",
    "to",
    "me",
    "sa",
    "lu",
    "no",
    "vi",
    "de",
    "ra",
    "po",
    "ta",
    "ne",
    "mi",
    "so",
    "ku",
    "ze",
    "ba",
    "lo",
    "fi",
    "gu",
]


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def articles(count: int, seed: int) -> tuple[list[dict[str, Any]], list[str]]:
    rng = random.Random(seed)
    words = vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf-like
    now = datetime(2024, 1, 1, tzinfo=UTC)
    rows = []
    for _ in range(count):
        title = " ".join(rng.choices(words, weights, k=rng.randint(3, 7))).capitalize()
        body = " ".join(rng.choices(words, weights, k=rng.randint(60, 160))) + "."
        rows.append(
            {"title": title, "body": body, "audience": rng.choice(("internal", "public")),
             "version": 1, "created_at": now, "updated_at": now, "updated_by": "bench"}
        )  # fmt: skip
    return rows, words


def queries(words: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed + 1)
    middling = words[50:1500]  # neither stop-word common nor unseen
    return [" ".join(rng.sample(middling, rng.choice((1, 2)))) for _ in range(count)]


def load(engine: Engine, rows: list[dict[str, Any]]) -> float:
    started = time.perf_counter()
    with Session(engine) as session:
        for start in range(0, len(rows), 2000):
            session.execute(insert(ArticleRow), rows[start : start + 2000])
        session.commit()
        if engine.dialect.name == "postgresql":
            session.execute(text("ANALYZE crm_kb_articles"))
            session.commit()
    return time.perf_counter() - started


def frontline_search(session: Session, q: str) -> int:
    return len(SqlKbRepository(session).search(KbQuery(search_terms(q), None, None, 10)))


def like_scan(session: Session, q: str) -> int:
    terms = search_terms(q)
    where = " AND ".join(
        f"(lower(title) LIKE :w{i} OR lower(body) LIKE :w{i})" for i in range(len(terms))
    )
    title_hits = " + ".join(f"(CASE WHEN lower(title) LIKE :w{i} THEN 1 ELSE 0 END)"
                            for i in range(len(terms)))  # fmt: skip
    sql = (
        f"SELECT id, title FROM crm_kb_articles WHERE {where} "  # noqa: S608 - fixed shape
        f"ORDER BY {title_hits} DESC, id LIMIT 10"
    )
    params = {f"w{i}": f"%{t}%" for i, t in enumerate(terms)}
    return len(session.execute(text(sql), params).all())


def measure(engine: Engine, search: Callable[[Session, str], int], qs: list[str]) -> list[float]:
    timings = []
    with Session(engine) as session:
        for q in qs[:5]:
            search(session, q)  # warm caches
        for q in qs:
            started = time.perf_counter()
            search(session, q)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def p(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1]


def report(name: str, ours: list[float], peer: list[float]) -> None:
    print(
        f"{name:<10} frontline p50 {p(ours, 0.5):7.2f} ms  p95 {p(ours, 0.95):7.2f} ms | "
        f"LIKE scan p50 {p(peer, 0.5):8.2f} ms  p95 {p(peer, 0.95):8.2f} ms | "
        f"p95 ratio {p(peer, 0.95) / p(ours, 0.95):6.1f}x"
    )


@contextmanager
def postgres_schema(url: str) -> Iterator[Engine]:
    schema = f"bench_kb_{random.randrange(10**8)}"
    admin = psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True)
    admin.execute(f'CREATE SCHEMA "{schema}"')
    engine = make_engine(f"{url}?options={quote(f'-csearch_path={schema}')}")
    try:
        yield engine
    finally:
        engine.dispose()
        admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        admin.close()


def run_engine(name: str, engine: Engine, rows: list[dict[str, Any]], qs: list[str]) -> None:
    migrate.upgrade(engine)
    seconds = load(engine, rows)
    print(f"{name}: loaded {len(rows)} articles in {seconds:.1f} s")
    ours = measure(engine, frontline_search, qs)
    peer = measure(engine, like_scan, qs[: max(20, len(qs) // 5)])
    report(name, ours, peer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--postgres-url", default=DEFAULT_PG)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    rows, words = articles(args.articles, args.seed)
    qs = queries(words, args.queries, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite+pysqlite:///{Path(folder) / 'kb.db'}")
        run_engine("SQLite", engine, rows, qs)
        engine.dispose()
    if not args.skip_postgres:
        with postgres_schema(args.postgres_url) as engine:
            run_engine("PostgreSQL", engine, rows, qs)


if __name__ == "__main__":
    main()
