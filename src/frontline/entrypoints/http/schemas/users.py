"""Users, roles and login tokens."""

from __future__ import annotations

from pydantic import BaseModel, Field

from frontline.domain.org.roles import ROLE_PERMISSIONS, Role
from frontline.domain.org.users import User
from frontline.entrypoints.http.schemas.common import (
    Email,
    InputModel,
    Name,
    Password,
    PatchModel,
    Username,
)


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret


class UserIn(InputModel):
    username: Username
    password: Password
    roles: list[Role] = Field(min_length=1, max_length=len(Role))
    display_name: Name | None = None
    email: Email | None = None


class UserPatch(PatchModel):
    nullable = frozenset({"email"})
    display_name: Name | None = None
    email: Email | None = None
    is_active: bool | None = None


class RolesIn(InputModel):
    roles: list[Role] = Field(min_length=1, max_length=len(Role))


class PasswordIn(InputModel):
    password: Password


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    email: str | None
    roles: list[Role]
    is_active: bool
    permissions: list[str]

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            email=user.email,
            roles=sorted(user.roles),
            is_active=user.is_active,
            permissions=sorted(user.permissions),
        )


class RoleOut(BaseModel):
    name: Role
    permissions: list[str]


def all_roles() -> list[RoleOut]:
    return [RoleOut(name=role, permissions=sorted(ROLE_PERMISSIONS[role])) for role in Role]
