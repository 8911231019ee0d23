"""Users and their roles."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontline.adapters.db.repositories.common import fetch_page, sync_children
from frontline.adapters.db.tables import AgentRow, UserRoleRow, UserRow
from frontline.domain.org.roles import Role
from frontline.domain.org.users import User
from frontline.service.pagination import Page, PageResult
from frontline.service.ports import UserFilter


def _to_domain(row: UserRow) -> User:
    return User(
        id=row.id,
        username=row.username,
        display_name=row.display_name,
        email=row.email,
        roles=frozenset(Role(r.role) for r in row.roles),
        password_hash=row.password_hash,
        is_active=row.is_active,
    )


def _write(row: UserRow, user: User) -> None:
    row.username = user.username
    row.display_name = user.display_name
    row.email = user.email
    row.password_hash = user.password_hash
    row.is_active = user.is_active
    sync_children(
        row.roles,
        {role.value: None for role in user.roles},
        key=lambda r: r.role,
        make=lambda role, _: UserRoleRow(role=role),
        update=lambda r, _: None,
    )


class SqlUserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, user: User) -> User:
        row = UserRow(created_at=datetime.now(UTC), roles=[])
        _write(row, user)
        self.session.add(row)
        self.session.flush()
        user.id = row.id
        return user

    def get(self, user_id: int) -> User | None:
        row = self.session.get(UserRow, user_id)
        return _to_domain(row) if row else None

    def get_many(self, user_ids: Collection[int]) -> list[User]:
        """Users by id, unknown ids left out: two plain queries and no ORM objects, since the
        principal refresher asks for every active user every few seconds."""
        if not user_ids:
            return []
        ids = list(user_ids)
        roles: dict[int, set[Role]] = defaultdict(set)
        held = select(UserRoleRow.user_id, UserRoleRow.role).where(UserRoleRow.user_id.in_(ids))
        for user_id, role in self.session.execute(held):
            roles[user_id].add(Role(role))
        columns = (
            UserRow.id,
            UserRow.username,
            UserRow.display_name,
            UserRow.email,
            UserRow.password_hash,
            UserRow.is_active,
        )
        rows = self.session.execute(select(*columns).where(UserRow.id.in_(ids)))
        return [
            User(
                id=row.id,
                username=row.username,
                display_name=row.display_name,
                email=row.email,
                roles=frozenset(roles.get(row.id, ())),
                password_hash=row.password_hash,
                is_active=row.is_active,
            )
            for row in rows
        ]

    def get_by_username(self, username: str) -> User | None:
        row = self.session.scalar(select(UserRow).where(UserRow.username == username))
        return _to_domain(row) if row else None

    def save(self, user: User) -> None:
        row = self.session.get_one(UserRow, user.id)
        _write(row, user)
        self.session.flush()

    def delete(self, user_id: int) -> None:
        self.session.delete(self.session.get_one(UserRow, user_id))
        self.session.flush()

    def list(self, filters: UserFilter, page: Page) -> PageResult[User]:
        stmt = select(UserRow).order_by(UserRow.id)
        if filters.role is not None:
            has_role = select(UserRoleRow.user_id).where(UserRoleRow.role == filters.role.value)
            stmt = stmt.where(UserRow.id.in_(has_role))
        if filters.team_id is not None:
            in_team = select(AgentRow.user_id).where(AgentRow.team_id == filters.team_id)
            stmt = stmt.where(UserRow.id.in_(in_team))
        if filters.username_contains:
            stmt = stmt.where(
                UserRow.username.contains(filters.username_contains.lower(), autoescape=True)
            )
        if filters.is_active is not None:
            stmt = stmt.where(UserRow.is_active == filters.is_active)
        rows, total = fetch_page(self.session, stmt, page)
        return PageResult([_to_domain(r) for r in rows], total, page)
