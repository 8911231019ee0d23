"""Field types shared by all schemas: bounded plain text, ids, phones, emails, pages."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Generic, TypeVar

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from frontline.domain.org.text import has_control_characters
from frontline.service.pagination import PageResult

T = TypeVar("T")
MAX_ID = 2_147_483_647  # ids are 32-bit integers in every supported database


def plain(value: str) -> str:
    if has_control_characters(value):
        raise ValueError("must not contain control characters")
    return value


def to_e164(value: str) -> str:
    """Any international spelling (+44 20 7946 0000) becomes E.164 (+442079460000)."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid phone number in international form, e.g. +14155550123")
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def to_email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValueError(f"not a valid email address: {exc}") from None


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(plain)]
ShortName = Annotated[str, StringConstraints(min_length=1, max_length=100), AfterValidator(plain)]
Description = Annotated[str, StringConstraints(max_length=1000), AfterValidator(plain)]
Slug = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
Username = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
Password = Annotated[str, StringConstraints(min_length=4, max_length=256), AfterValidator(plain)]
Phone = Annotated[str, StringConstraints(min_length=2, max_length=32), AfterValidator(to_e164)]
Email = Annotated[str, StringConstraints(min_length=3, max_length=254), AfterValidator(to_email)]
SearchText = Annotated[str, StringConstraints(min_length=1, max_length=100), AfterValidator(plain)]


class InputModel(BaseModel):
    """Unknown fields are refused, so a typo is a 422 instead of a silently ignored change."""

    model_config = ConfigDict(extra="forbid")


class PatchModel(InputModel):
    """Partial updates: only fields sent are changed; ``null`` only where listed as nullable."""

    nullable: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _no_null_for_required(self) -> Any:
        for name in self.model_fields_set - self.nullable:
            if getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        return self

    def changes(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.model_fields_set}


class PageOut(BaseModel, Generic[T]):
    """One page of a list: ``total`` counts every match, ``items`` holds at most ``limit``."""

    items: list[T]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, result: PageResult[T]) -> PageOut[T]:
        return cls(
            items=result.items,
            total=result.total,
            limit=result.page.limit,
            offset=result.page.offset,
        )
