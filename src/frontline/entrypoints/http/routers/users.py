"""Users and role assignment: admin business, except reading one's own profile."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from frontline.domain.org.roles import Permission, Role
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.context import Context
from frontline.entrypoints.http.routers.params import IdPath, IdQuery, PageParams
from frontline.entrypoints.http.schemas.common import PageOut, SearchText
from frontline.entrypoints.http.schemas.users import (
    PasswordIn,
    RoleOut,
    RolesIn,
    UserIn,
    UserOut,
    UserPatch,
    all_roles,
)
from frontline.entrypoints.http.security import require
from frontline.service import users
from frontline.service.ports import UserFilter

router = APIRouter(prefix="/api/v1", tags=["users"])
P = Permission


@router.get("/users/me", summary="The caller's own user")
def me(context: Context, actor: Principal = require(P.PROFILE_READ)) -> UserOut:
    assert actor.user_id is not None
    return UserOut.of(users.get_user(context.uow_factory(), actor, actor.user_id))


@router.get("/users", summary="List users")
def list_users(
    context: Context,
    page: PageParams,
    role: Annotated[Role | None, Query()] = None,
    team_id: IdQuery = None,
    username: Annotated[SearchText | None, Query(description="part of the username")] = None,
    is_active: Annotated[bool | None, Query()] = None,
    actor: Principal = require(P.USERS_READ),
) -> PageOut[UserOut]:
    filters = UserFilter(
        role=role, team_id=team_id, username_contains=username, is_active=is_active
    )
    result = users.list_users(context.uow_factory(), actor, filters, page)
    return PageOut[UserOut].of(result.map(UserOut.of))


@router.post("/users", status_code=201, summary="Create a user")
def create_user(
    body: UserIn, context: Context, actor: Principal = require(P.USERS_MANAGE)
) -> UserOut:
    cmd = users.CreateUser(
        username=body.username,
        password=body.password,
        roles=frozenset(body.roles),
        display_name=body.display_name,
        email=body.email,
    )
    return UserOut.of(users.create_user(context.uow_factory(), actor, cmd, context.hasher))


@router.get("/users/{user_id}", summary="Get a user")
def get_user(
    user_id: IdPath, context: Context, actor: Principal = require(P.USERS_READ)
) -> UserOut:
    return UserOut.of(users.get_user(context.uow_factory(), actor, user_id))


@router.patch("/users/{user_id}", summary="Change a user's name, email or active flag")
def update_user(
    user_id: IdPath, body: UserPatch, context: Context, actor: Principal = require(P.USERS_MANAGE)
) -> UserOut:
    cmd = users.UpdateUser(user_id, body.changes())
    return UserOut.of(users.update_user(context.uow_factory(), actor, cmd))


@router.put("/users/{user_id}/roles", summary="Replace a user's roles")
def set_roles(
    user_id: IdPath, body: RolesIn, context: Context, actor: Principal = require(P.ROLES_MANAGE)
) -> UserOut:
    cmd = users.SetUserRoles(user_id, frozenset(body.roles))
    return UserOut.of(users.set_roles(context.uow_factory(), actor, cmd))


@router.put("/users/{user_id}/password", status_code=204, summary="Set a user's password")
def set_password(
    user_id: IdPath, body: PasswordIn, context: Context, actor: Principal = require(P.USERS_MANAGE)
) -> Response:
    cmd = users.SetPassword(user_id, body.password)
    users.set_password(context.uow_factory(), actor, cmd, context.hasher)
    return Response(status_code=204)


@router.delete("/users/{user_id}", status_code=204, summary="Delete a user")
def delete_user(
    user_id: IdPath, context: Context, actor: Principal = require(P.USERS_MANAGE)
) -> Response:
    users.delete_user(context.uow_factory(), actor, user_id)
    return Response(status_code=204)


@router.get("/roles", summary="Roles and the permissions each grants")
def list_roles(actor: Principal = require(P.ROLES_READ)) -> list[RoleOut]:
    return all_roles()
