"""Use cases for users and their roles. Only holders of users:manage / roles:manage get here,
and nobody can lock themselves out by removing their own admin role or account."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from frontline.domain.org.customers import check_email
from frontline.domain.org.errors import Conflict, Forbidden
from frontline.domain.org.roles import Permission, Role
from frontline.domain.org.users import Principal, User, check_password
from frontline.service import audit_trail
from frontline.service.access import apply_changes, ensure, found
from frontline.service.pagination import Page, PageResult
from frontline.service.ports import PasswordHasher, UnitOfWork, UserFilter

ENTITY = "user"
EDITABLE = frozenset({"display_name", "email", "is_active"})


@dataclass(frozen=True)
class CreateUser:
    username: str
    password: str
    roles: frozenset[Role]
    display_name: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class UpdateUser:
    user_id: int
    changes: Mapping[str, Any]


@dataclass(frozen=True)
class SetUserRoles:
    user_id: int
    roles: frozenset[Role]


@dataclass(frozen=True)
class SetPassword:
    user_id: int
    password: str


def create_user(uow: UnitOfWork, actor: Principal, cmd: CreateUser, hasher: PasswordHasher) -> User:
    ensure(actor, Permission.USERS_MANAGE)
    ensure(actor, Permission.ROLES_MANAGE)  # a new user is given roles, so both are needed
    user = User(
        username=cmd.username,
        display_name=cmd.display_name or cmd.username,
        roles=cmd.roles,
        password_hash="",
        email=check_email(cmd.email) if cmd.email else None,
    )
    user.password_hash = hasher.hash(check_password(cmd.password))
    with uow:
        if uow.users.get_by_username(user.username) is not None:
            raise Conflict(f"username {user.username!r} is already taken")
        user = uow.users.add(user)
        audit_trail.record(uow, actor, ENTITY, user.id, None, user)
        uow.commit()
    return user


def update_user(uow: UnitOfWork, actor: Principal, cmd: UpdateUser) -> User:
    ensure(actor, Permission.USERS_MANAGE)
    changes = dict(cmd.changes)
    if changes.get("email"):
        changes["email"] = check_email(changes["email"])
    with uow:
        before = found(uow.users.get(cmd.user_id), ENTITY, cmd.user_id)
        after = apply_changes(before, changes, EDITABLE)
        if after.id == actor.user_id and not after.is_active:
            raise Forbidden("you cannot deactivate your own account")
        uow.users.save(after)
        audit_trail.record(uow, actor, ENTITY, after.id, before, after)
        uow.commit()
    return after


def set_roles(uow: UnitOfWork, actor: Principal, cmd: SetUserRoles) -> User:
    ensure(actor, Permission.ROLES_MANAGE)
    with uow:
        before = found(uow.users.get(cmd.user_id), ENTITY, cmd.user_id)
        after = apply_changes(before, {"roles": frozenset(cmd.roles)}, frozenset({"roles"}))
        if after.id == actor.user_id and Role.ADMIN in before.roles - after.roles:
            raise Forbidden("you cannot remove your own admin role")
        uow.users.save(after)
        audit_trail.record(uow, actor, ENTITY, after.id, before, after)
        uow.commit()
    return after


def set_password(
    uow: UnitOfWork, actor: Principal, cmd: SetPassword, hasher: PasswordHasher
) -> None:
    ensure(actor, Permission.USERS_MANAGE)
    new_hash = hasher.hash(check_password(cmd.password))
    with uow:
        before = found(uow.users.get(cmd.user_id), ENTITY, cmd.user_id)
        after = apply_changes(before, {"password_hash": new_hash}, frozenset({"password_hash"}))
        uow.users.save(after)
        audit_trail.record(uow, actor, ENTITY, after.id, before, after)
        uow.commit()


def delete_user(uow: UnitOfWork, actor: Principal, user_id: int) -> None:
    ensure(actor, Permission.USERS_MANAGE)
    if user_id == actor.user_id:
        raise Forbidden("you cannot delete your own account")
    with uow:
        before = found(uow.users.get(user_id), ENTITY, user_id)
        for team_id in uow.teams.led_by(user_id):
            team = found(uow.teams.get(team_id), "team", team_id)
            unled = apply_changes(team, {"lead_user_id": None}, frozenset({"lead_user_id"}))
            uow.teams.save(unled)
            audit_trail.record(uow, actor, "team", team_id, team, unled)
        agent = uow.agents.get_by_user(user_id)
        if agent is not None:
            uow.agents.delete(agent.id)
            audit_trail.record(uow, actor, "agent", agent.id, agent, None)
        uow.users.delete(user_id)
        audit_trail.record(uow, actor, ENTITY, user_id, before, None)
        uow.commit()


def get_user(uow: UnitOfWork, actor: Principal, user_id: int) -> User:
    if user_id != actor.user_id:
        ensure(actor, Permission.USERS_READ)
    with uow:
        return found(uow.users.get(user_id), ENTITY, user_id)


def list_users(
    uow: UnitOfWork, actor: Principal, filters: UserFilter, page: Page
) -> PageResult[User]:
    ensure(actor, Permission.USERS_READ)
    with uow:
        return uow.users.list(filters, page)
