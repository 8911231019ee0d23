"""Reading the fields of one node (or of the flow header) from a plain mapping, strictly.

Unknown fields are refused: a misspelt ``nxet`` must fail the upload, not silently fall back to
a default. Every failure raises `FieldError` with the field name so the caller can name the node.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from frontline.domain.flows.errors import FieldError
from frontline.domain.flows.texts import Text

ID_PATTERN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")
MAX_TEXT = 4000


class Fields:
    """Typed access to a raw mapping whose keys must all be in ``allowed``."""

    def __init__(self, raw: Mapping[object, object], allowed: set[str]) -> None:
        unknown = sorted(str(key) for key in raw if key not in allowed)
        if unknown:
            raise FieldError(unknown[0], f"unknown field (allowed: {', '.join(sorted(allowed))})")
        self.raw = raw

    def has(self, name: str) -> bool:
        return self.raw.get(name) is not None

    def string(self, name: str, default: str | None = None, *, max_length: int = 200) -> str:
        value = self.raw.get(name, default)
        if value is None:
            raise FieldError(name, "is required")
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise FieldError(name, "must be text")
        value = str(value).strip()
        if not value or len(value) > max_length:
            raise FieldError(name, f"must be 1-{max_length} characters")
        return value

    def optional_string(self, name: str) -> str | None:
        return self.string(name) if self.has(name) else None

    def identifier(self, name: str, default: str | None = None) -> str:
        value = self.string(name, default)
        if not ID_PATTERN.fullmatch(value):
            raise FieldError(name, f"{value!r} is not an id (letters, digits, _ . -; max 64)")
        return value

    def target(self, name: str) -> str:
        return self.identifier(name)

    def optional_target(self, name: str) -> str | None:
        return self.identifier(name) if self.has(name) else None

    def integer(self, name: str, default: int | None, low: int, high: int) -> int:
        value = self.raw.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise FieldError(name, f"must be a whole number from {low} to {high}")
        return value

    def optional_integer(self, name: str, low: int, high: int) -> int | None:
        return self.integer(name, None, low, high) if self.has(name) else None

    def number(self, name: str, default: float, low: float, high: float) -> float:
        value = self.raw.get(name, default)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise FieldError(name, f"must be a number from {low} to {high}")
        return float(value)

    def boolean(self, name: str, default: bool) -> bool:
        value = self.raw.get(name, default)
        if not isinstance(value, bool):
            raise FieldError(name, "must be true or false")
        return value

    def text(self, name: str) -> Text:
        if not self.has(name):
            raise FieldError(name, "is required")
        return parse_text(self.raw[name], name)

    def optional_text(self, name: str) -> Text | None:
        return parse_text(self.raw[name], name) if self.has(name) else None

    def mapping(self, name: str) -> Mapping[object, object]:
        value = self.raw.get(name, {})
        if not isinstance(value, Mapping):
            raise FieldError(name, "must be a mapping")
        return value

    def skills(self, name: str) -> tuple[tuple[str, int], ...]:
        found = []
        for skill, level in self.mapping(name).items():
            if not isinstance(skill, str) or not ID_PATTERN.fullmatch(skill):
                raise FieldError(f"{name}.{skill}", "is not a skill name")
            if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
                raise FieldError(f"{name}.{skill}", "level must be a whole number from 1 to 5")
            found.append((skill, level))
        return tuple(found)


def parse_text(raw: object, field: str) -> Text:
    """A text is a string, or a mapping from language tag to string."""
    if isinstance(raw, str):
        return Text.plain(_clean(raw, field))
    if isinstance(raw, Mapping) and raw:
        variants = []
        for language, text in raw.items():
            if not isinstance(language, str) or not isinstance(text, str):
                raise FieldError(field, "a translated text maps language tags to strings")
            variants.append((language, _clean(text, f"{field}.{language}")))
        return Text(tuple(variants))
    raise FieldError(field, "must be a string or a mapping of language tag to string")


def _clean(text: str, field: str) -> str:
    cleaned = text.strip()
    if not cleaned or len(cleaned) > MAX_TEXT:
        raise FieldError(field, f"must be 1-{MAX_TEXT} characters")
    return cleaned
