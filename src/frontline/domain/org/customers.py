"""Customers: the people contacting the center, with the identifiers channels find them by."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from frontline.domain.org.errors import InvalidValue
from frontline.domain.org.text import clean_text, has_control_characters

E164_PATTERN = r"^\+[1-9]\d{1,14}$"
_E164_RE = re.compile(E164_PATTERN)
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_CONTACT_POINTS = 10
MAX_ATTRIBUTES = 50
MAX_ATTRIBUTE_KEY = 64
MAX_ATTRIBUTE_TEXT = 1000

AttributeValue = str | int | float | bool | None


def check_phone(phone: str) -> str:
    """E.164 only (``+`` then up to 15 digits), so one number has exactly one spelling."""
    if not _E164_RE.fullmatch(phone):
        raise InvalidValue(f"phone {phone!r} is not in E.164 form, e.g. +14155550123")
    return phone


def check_email(email: str) -> str:
    """Structure only; full syntax and normalisation happen where the address is parsed."""
    if len(email) > 254 or not _EMAIL_RE.fullmatch(email):
        raise InvalidValue(f"email {email!r} is not a valid address")
    return email.lower()


def check_attributes(attributes: Mapping[str, AttributeValue]) -> dict[str, AttributeValue]:
    """Free attributes are flat scalars: enough for CRM tags without becoming a document store."""
    if len(attributes) > MAX_ATTRIBUTES:
        raise InvalidValue(f"at most {MAX_ATTRIBUTES} attributes")
    for key, value in attributes.items():
        if not key or len(key) > MAX_ATTRIBUTE_KEY or has_control_characters(key):
            raise InvalidValue(f"attribute names must be 1-{MAX_ATTRIBUTE_KEY} plain characters")
        if isinstance(value, str) and (
            len(value) > MAX_ATTRIBUTE_TEXT or has_control_characters(value)
        ):
            raise InvalidValue(f"attribute {key!r} must be plain text of at most 1000 characters")
        if isinstance(value, float) and value != value:  # NaN has no JSON spelling
            raise InvalidValue(f"attribute {key!r} is not a number")
    return dict(attributes)


def _unique(values: list[str], what: str) -> tuple[str, ...]:
    if len(values) > MAX_CONTACT_POINTS:
        raise InvalidValue(f"at most {MAX_CONTACT_POINTS} {what}")
    return tuple(dict.fromkeys(values))


@dataclass
class Customer:
    name: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    external_id: str | None = None
    attributes: dict[str, AttributeValue] = field(default_factory=dict)
    id: int = 0

    def __post_init__(self) -> None:
        self.name = clean_text(self.name, "name", max_length=200)
        self.emails = _unique([check_email(e) for e in self.emails], "emails")
        self.phones = _unique([check_phone(p) for p in self.phones], "phones")
        if self.external_id is not None:
            self.external_id = clean_text(self.external_id, "external_id", max_length=100)
        self.attributes = check_attributes(self.attributes)
