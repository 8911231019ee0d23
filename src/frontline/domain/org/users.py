"""Users: the people who log in, and what their roles let them do."""

from __future__ import annotations

from dataclasses import dataclass, field

from frontline.domain.org.errors import InvalidValue
from frontline.domain.org.roles import Permission, Role, permissions_for
from frontline.domain.org.text import clean_text, clean_username

MIN_PASSWORD_LENGTH = 4
MAX_PASSWORD_LENGTH = 256


@dataclass
class User:
    """A login. ``id`` is 0 until the repository has stored it."""

    username: str
    display_name: str
    roles: frozenset[Role]
    password_hash: str
    email: str | None = None
    is_active: bool = True
    id: int = 0

    def __post_init__(self) -> None:
        self.username = clean_username(self.username)
        self.display_name = clean_text(self.display_name, "display_name", max_length=200)
        self.roles = check_roles(self.roles)

    @property
    def permissions(self) -> frozenset[Permission]:
        """What this user may do; an inactive user may do nothing."""
        return permissions_for(self.roles) if self.is_active else frozenset()

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions


def check_roles(roles: frozenset[Role]) -> frozenset[Role]:
    """Every user needs at least one role, otherwise nothing would tell what they are for."""
    if not roles:
        raise InvalidValue("a user needs at least one role")
    return frozenset(roles)


def check_password(password: str) -> str:
    """Length rules only; strength policy belongs to the organisation's identity provider."""
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise InvalidValue(
            f"password must be {MIN_PASSWORD_LENGTH}-{MAX_PASSWORD_LENGTH} characters long"
        )
    if "\x00" in password:
        raise InvalidValue("password contains a NUL character")
    return password


@dataclass(frozen=True)
class Principal:
    """The caller as the use cases see it; ``user_id`` None is the system itself (CLI, seeding)."""

    user_id: int | None
    username: str
    roles: frozenset[Role] = field(default_factory=frozenset)

    @property
    def permissions(self) -> frozenset[Permission]:
        return permissions_for(self.roles)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions
