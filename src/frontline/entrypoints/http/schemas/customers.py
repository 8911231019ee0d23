"""Customer records: emails and E.164 phones are normalised on the way in."""

from __future__ import annotations

from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
)

from frontline.domain.org.customers import (
    MAX_ATTRIBUTES,
    MAX_CONTACT_POINTS,
    AttributeValue,
    Customer,
)
from frontline.entrypoints.http.schemas.common import (
    Email,
    InputModel,
    Name,
    PatchModel,
    Phone,
    plain,
)


def _fractional_only(value: object) -> object:
    """Whole numbers must fit the integer range rather than slip through as inexact floats."""
    if isinstance(value, int):
        raise ValueError("whole numbers must be between -2**53 and 2**53")
    return value


ExternalId = Annotated[str, StringConstraints(min_length=1, max_length=100), AfterValidator(plain)]
AttrKey = Annotated[str, StringConstraints(min_length=1, max_length=64), AfterValidator(plain)]
AttrText = Annotated[str, StringConstraints(max_length=1000), AfterValidator(plain)]
AttrInt = Annotated[StrictInt, Field(ge=-(2**53), le=2**53)]
AttrFloat = Annotated[float, BeforeValidator(_fractional_only), Field(allow_inf_nan=False)]
AttrValue = StrictBool | AttrInt | AttrFloat | AttrText | None
Attributes = Annotated[dict[AttrKey, AttrValue], Field(max_length=MAX_ATTRIBUTES)]
Emails = Annotated[list[Email], Field(max_length=MAX_CONTACT_POINTS)]
Phones = Annotated[list[Phone], Field(max_length=MAX_CONTACT_POINTS)]


class CustomerIn(InputModel):
    name: Name
    emails: Emails = Field(default_factory=list)
    phones: Phones = Field(default_factory=list)
    external_id: ExternalId | None = None
    attributes: Attributes = Field(default_factory=dict)


class CustomerPatch(PatchModel):
    nullable = frozenset({"external_id"})
    name: Name | None = None
    emails: Emails | None = None
    phones: Phones | None = None
    external_id: ExternalId | None = None
    attributes: Attributes | None = None


class CustomerOut(BaseModel):
    id: int
    name: str
    emails: list[str]
    phones: list[str]
    external_id: str | None
    attributes: dict[str, AttributeValue]

    @classmethod
    def of(cls, customer: Customer) -> CustomerOut:
        return cls(
            id=customer.id,
            name=customer.name,
            emails=list(customer.emails),
            phones=list(customer.phones),
            external_id=customer.external_id,
            attributes=dict(customer.attributes),
        )
