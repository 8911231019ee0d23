"""Suite-wide fixtures. ``postgres_url`` gives each test session its own PostgreSQL schema.

Without a reachable server, tests using it skip with the reason; ``FRONTLINE_REQUIRE_POSTGRES=1``
(set in CI) turns that skip into a failure so a broken database cannot pass as green.
Tests that request the fixture are marked ``postgres`` automatically.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from urllib.parse import quote

import pytest

DEFAULT_TEST_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _plain_conninfo(url: str) -> str:
    """psycopg wants ``postgresql://``; the SQLAlchemy driver suffix is dropped."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _with_search_path(url: str, schema: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A SQLAlchemy URL whose connections work in a fresh schema, dropped after the session."""
    import psycopg

    base = os.environ.get("FRONTLINE_TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES_URL)
    required = os.environ.get("FRONTLINE_REQUIRE_POSTGRES") == "1"
    try:
        admin = psycopg.connect(_plain_conninfo(base), autocommit=True, connect_timeout=3)
    except psycopg.Error as exc:
        reason = f"PostgreSQL not reachable at {base}: {str(exc).strip().splitlines()[0]}"
        if required:
            pytest.fail(f"{reason} (FRONTLINE_REQUIRE_POSTGRES=1)")
        pytest.skip(reason)
    schema = f"t_{os.getpid()}_{secrets.token_hex(4)}"
    with admin:
        admin.execute(f'CREATE SCHEMA "{schema}"')
        try:
            yield _with_search_path(base, schema)
        finally:
            admin.execute(f'DROP SCHEMA "{schema}" CASCADE')


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "postgres_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)
