"""Rules for the free-text fields of the model, shared by every entity.

Names end up in logs, CSV exports and a PostgreSQL ``text`` column that cannot hold a NUL byte,
so control characters are refused here rather than discovered in an adapter.
"""

from __future__ import annotations

import re
import unicodedata

from frontline.domain.org.errors import InvalidValue

USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}$"
_USERNAME_RE = re.compile(USERNAME_PATTERN)
SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
_SLUG_RE = re.compile(SLUG_PATTERN)


def has_control_characters(value: str) -> bool:
    """True if ``value`` holds a control, surrogate or unassigned code point (tab/newline ok)."""
    for char in value:
        if char in "\t\n":
            continue
        if unicodedata.category(char) in {"Cc", "Cs", "Cn"}:
            return True
    return False


def clean_text(value: str, field: str, *, max_length: int, min_length: int = 1) -> str:
    """Strip surrounding space and check length and characters; return the cleaned text."""
    cleaned = value.strip()
    if len(cleaned) < min_length:
        raise InvalidValue(
            f"{field} must not be empty" if min_length == 1 else f"{field} too short"
        )
    if len(cleaned) > max_length:
        raise InvalidValue(f"{field} must be at most {max_length} characters")
    if has_control_characters(cleaned):
        raise InvalidValue(f"{field} contains control characters")
    return cleaned


def clean_username(value: str) -> str:
    """Usernames are compared case-insensitively, so they are stored in lower case."""
    lowered = value.strip().lower()
    if not _USERNAME_RE.fullmatch(lowered):
        raise InvalidValue(
            "username must be 1-64 characters of a-z, 0-9, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return lowered


def clean_slug(value: str, field: str) -> str:
    """Skill and queue names are identifiers other systems route on: lower-case slugs."""
    lowered = value.strip().lower()
    if not _SLUG_RE.fullmatch(lowered):
        raise InvalidValue(
            f"{field} must be 1-64 characters of a-z, 0-9, '_' or '-', "
            "starting with a letter or digit"
        )
    return lowered
