"""Permission checks inside use cases, so every entrypoint (HTTP, CLI, later WebSocket) is held
to the same rules, not only the one that remembered to check."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

from frontline.domain.org.errors import Forbidden, InvalidValue, NotFound
from frontline.domain.org.roles import Permission, Role
from frontline.domain.org.users import Principal

E = TypeVar("E")

SYSTEM = Principal(user_id=None, username="system", roles=frozenset({Role.ADMIN}))
"""The actor of changes made from the command line or by seeding, recorded as such in the audit."""


def ensure(actor: Principal, *permissions: Permission) -> None:
    """Pass if the actor holds any of ``permissions``; otherwise refuse."""
    if not any(actor.can(p) for p in permissions):
        raise Forbidden(f"this needs the {' or '.join(permissions)} permission")


def found(entity: E | None, what: str, key: object) -> E:
    """Return the loaded entity or raise a NotFound naming what was looked for."""
    if entity is None:
        raise NotFound(f"{what} {key} not found")
    return entity


def apply_changes(entity: E, changes: Mapping[str, Any], allowed: frozenset[str]) -> E:
    """A copy of ``entity`` with ``changes``; the copy re-runs every validation rule."""
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidValue(f"cannot change {', '.join(sorted(unknown))}")
    return dataclasses.replace(entity, **changes)  # type: ignore[type-var]
