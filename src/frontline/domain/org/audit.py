"""Audit entries: who changed what, when, as a field-by-field before/after record."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any

JsonValue = Any
"""A JSON-compatible value: snapshots are stored as JSON so old entries survive model changes."""

SECRET_FIELDS = frozenset({"password_hash"})
SECRET_MARK = "<secret {}>"  # noqa: S105 - a placeholder shown instead of a secret


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    READ = "read"  # a customer record opened by someone who owns none of its cases


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor_user_id: int | None
    actor_username: str
    action: AuditAction
    entity_type: str
    entity_id: int
    changes: dict[str, list[JsonValue]] = field(default_factory=dict)
    id: int = 0


def _plain(value: object) -> JsonValue:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {
            str(_plain(k)): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))
        }
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


def _fingerprint(value: object) -> str:
    """A short digest: shows *that* a secret changed without revealing anything about it."""
    digest = hashlib.sha256(str(value).encode("utf-8")).hexdigest()[:12]
    return SECRET_MARK.format(digest)


def snapshot(entity: object) -> dict[str, JsonValue]:
    """The entity as plain JSON fields; secrets become fingerprints before anyone sees them."""
    if not dataclasses.is_dataclass(entity) or isinstance(entity, type):
        raise TypeError("snapshot needs a dataclass instance")
    plain = {f.name: _plain(getattr(entity, f.name)) for f in dataclasses.fields(entity)}
    plain.pop("id", None)
    for secret in SECRET_FIELDS & plain.keys():
        plain[secret] = _fingerprint(plain[secret])
    return plain


def diff(
    before: Mapping[str, JsonValue] | None, after: Mapping[str, JsonValue] | None
) -> dict[str, list[JsonValue]]:
    """Fields that differ, as ``{field: [old, new]}``; a creation has old None everywhere."""
    old = before or {}
    new = after or {}
    changed: dict[str, list[JsonValue]] = {}
    for key in sorted(old.keys() | new.keys()):
        if old.get(key) != new.get(key):
            changed[key] = [old.get(key), new.get(key)]
    return changed
