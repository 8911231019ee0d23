"""Who is this contact? Matching an arriving chat, email or call to a customer record.

Channels report identifiers in their own spelling; `domain.crm.identity` normalises them and
decides with the precedence external id > phone > email. This use case does the lookups
through a `CustomerDirectory` port, creates a customer for an unknown contact, and teaches a
matched customer the identifiers it did not have yet (the phone of a customer known by email),
so the next contact on another channel finds the same record.

Identification never refuses a contact: an identifier that does not normalise (a malformed
sender address, a withheld number) is left out of the match instead of losing the contact.
When several customers fit equally (a household sharing one phone), the oldest record is used
and the others stay reported as candidates; merging the duplicates fixes the history later.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from frontline.domain.crm.customer_merge import MAX_CONTACT_POINTS
from frontline.domain.crm.errors import CrmInvalidValue
from frontline.domain.crm.identity import (
    PRECEDENCE,
    ContactIdentifiers,
    IdentityKey,
    MatchOutcome,
    match_customer,
    normalise_email,
    normalise_phone,
)
from frontline.domain.org.customers import check_email
from frontline.domain.org.errors import InvalidValue

DEFAULT_REGION = "US"


class CustomerDirectory(Protocol):
    """Customer records as identification sees them, inside the caller's transaction."""

    def find(self, key: IdentityKey, value: str) -> list[int]:
        """Ids of the customers holding this identifier (normalised spelling)."""
        ...

    def name_of(self, customer_id: int) -> str: ...
    def identifiers_of(self, customer_id: int) -> dict[IdentityKey, tuple[str, ...]]: ...
    def create(self, name: str, identifiers: Sequence[tuple[IdentityKey, str]]) -> int: ...
    def learn(self, customer_id: int, identifiers: Sequence[tuple[IdentityKey, str]]) -> None: ...


@dataclass(frozen=True)
class Identified:
    customer_id: int
    name: str
    outcome: MatchOutcome
    candidates: tuple[int, ...]


def contact_from(
    *,
    email: str | None = None,
    phone: str | None = None,
    external_id: str | None = None,
    default_region: str = DEFAULT_REGION,
) -> ContactIdentifiers:
    """The contact's identifiers, normalised; the ones that do not normalise are dropped."""
    return ContactIdentifiers(
        external_id=(external_id or "").strip()[:100] or None,
        phone=_phone(phone, default_region),
        email=_email(email),
    )


def _phone(raw: str | None, region: str) -> str | None:
    if not raw:
        return None
    try:
        return normalise_phone(raw, region)
    except CrmInvalidValue:
        return None


def _email(raw: str | None) -> str | None:
    """Stored spelling: the customer model keeps addresses lower-case, so a normalised address
    is folded the same way; an address the strict rules refuse is kept if it is plausible."""
    if not raw:
        return None
    try:
        return normalise_email(raw).lower()
    except CrmInvalidValue:
        try:
            return check_email(raw.strip())
        except InvalidValue:
            return None


def identify(directory: CustomerDirectory, name: str, contact: ContactIdentifiers) -> Identified:
    """The customer this contact belongs to, created when nobody matches."""
    found = {
        key: directory.find(key, value)
        for key in PRECEDENCE
        if (value := contact.value(key)) is not None
    }
    result = match_customer(contact, found)
    if result.outcome is MatchOutcome.NEW:
        new_id = directory.create(name, result.new_identifiers)
        return Identified(new_id, name, MatchOutcome.NEW, (new_id,))
    chosen = result.customer_id if result.customer_id is not None else result.candidates[0]
    if result.outcome is MatchOutcome.MATCHED and result.new_identifiers:
        directory.learn(chosen, _room_for(directory, chosen, result.new_identifiers))
    return Identified(chosen, directory.name_of(chosen), result.outcome, result.candidates)


def _room_for(
    directory: CustomerDirectory, customer_id: int, new: Sequence[tuple[IdentityKey, str]]
) -> list[tuple[IdentityKey, str]]:
    """The new identifiers the record can still take: one external id, ten phones/emails."""
    held = directory.identifiers_of(customer_id)
    kept: list[tuple[IdentityKey, str]] = []
    for key, value in new:
        limit = 1 if key is IdentityKey.EXTERNAL_ID else MAX_CONTACT_POINTS
        if len(held.get(key, ())) < limit:
            kept.append((key, value))
    return kept
