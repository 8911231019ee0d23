"""Helpers every repository uses: paging with a total, and syncing child rows by key."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from frontline.adapters.db.tables import SkillRow
from frontline.service.pagination import Page

R = TypeVar("R")
K = TypeVar("K")
V = TypeVar("V")


def fetch_page(session: Session, stmt: Select[R], page: Page) -> tuple[list[R], int]:
    """Rows of one page (ordered by the statement's order) and the total without paging."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    rows = list(session.scalars(stmt.limit(page.limit).offset(page.offset)))
    return rows, int(total or 0)


def sync_children(
    children: list[R],
    wanted: Mapping[K, V],
    key: Callable[[R], K],
    make: Callable[[K, V], R],
    update: Callable[[R, V], None],
) -> None:
    """Make ``children`` match ``wanted`` with the fewest changes.

    Deleting and re-inserting a row with the same primary key in one flush can collide on
    PostgreSQL, so unchanged keys are updated in place and only real differences are written.
    """
    existing = {key(child): child for child in children}
    for child_key, child in existing.items():
        if child_key not in wanted:
            children.remove(child)
    for child_key, value in wanted.items():
        if child_key in existing:
            update(existing[child_key], value)
        else:
            children.append(make(child_key, value))


def skill_ids(session: Session, names: Iterable[str]) -> dict[str, int]:
    """Map skill names to ids; names that do not exist are simply absent from the result."""
    wanted = list(set(names))
    if not wanted:
        return {}
    rows = session.execute(select(SkillRow.name, SkillRow.id).where(SkillRow.name.in_(wanted)))
    return {name: skill_id for name, skill_id in rows}


def set_attr(name: str) -> Callable[[Any, Any], None]:
    """An ``update`` callback for ``sync_children`` that sets one column."""

    def update(row: Any, value: Any) -> None:
        setattr(row, name, value)

    return update
