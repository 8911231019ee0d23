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

Arrivals come in bursts, so `identify_many` takes a batch in a fixed number of lookups and
inserts, with the result of identifying its contacts one after another: what an earlier
contact of the batch created or taught is kept in memory, where a later one finds it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from frontline.domain.crm.customer_merge import MAX_CONTACT_POINTS
from frontline.domain.crm.errors import CrmInvalidValue
from frontline.domain.crm.identity import (
    PRECEDENCE,
    ContactIdentifiers,
    IdentityKey,
    MatchOutcome,
    MatchResult,
    match_customer,
    normalise_email,
    normalise_phone,
)
from frontline.domain.org.customers import check_email
from frontline.domain.org.errors import InvalidValue

DEFAULT_REGION = "US"


Identifiers = Sequence[tuple[IdentityKey, str]]


def spellings(key: IdentityKey, value: str) -> tuple[str, ...]:
    """The stored spellings a lookup of ``value`` finds: an email address also in lower case
    (customer records keep addresses lower-case; a contact may report its own casing)."""
    if key is IdentityKey.EMAIL and value != value.lower():
        return (value, value.lower())
    return (value,)


class CustomerDirectory(Protocol):
    """Customer records as identification sees them, inside the caller's transaction."""

    def find(self, key: IdentityKey, value: str) -> list[int]:
        """Ids of the customers holding this identifier in one of its ``spellings``."""
        ...

    def find_many(self, key: IdentityKey, values: Collection[str]) -> dict[str, list[int]]:
        """``find`` of each value (absent: nobody), in one lookup."""
        ...

    def name_of(self, customer_id: int) -> str: ...
    def names_of(self, customer_ids: Collection[int]) -> dict[int, str]: ...
    def identifiers_of(self, customer_id: int) -> dict[IdentityKey, tuple[str, ...]]: ...
    def create(self, name: str, identifiers: Identifiers) -> int: ...
    def create_many(self, customers: Sequence[tuple[str, Identifiers]]) -> list[int]:
        """New customers, each with its identifiers (positions from 0 per kind, in the order
        given): their ids, in the order of ``customers`` and growing with it."""
        ...

    def learn(self, customer_id: int, identifiers: Identifiers) -> None: ...


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
    result, chosen = _decide(contact, directory.find)
    if chosen is None:
        new_id = directory.create(name, result.new_identifiers)
        return Identified(new_id, name, MatchOutcome.NEW, (new_id,))
    if result.outcome is MatchOutcome.MATCHED and result.new_identifiers:
        held = directory.identifiers_of(chosen)
        directory.learn(chosen, _room_for(held, result.new_identifiers))
    return Identified(chosen, directory.name_of(chosen), result.outcome, result.candidates)


def _decide(
    contact: ContactIdentifiers, find: Callable[[IdentityKey, str], Collection[int]]
) -> tuple[MatchResult, int | None]:
    """The match of ``contact`` against who holds its identifiers (``find``), and the
    customer chosen: the match, else the oldest candidate; None for a new customer. One
    decision for ``identify`` and for each contact of ``identify_many``."""
    found = {
        key: find(key, value) for key in PRECEDENCE if (value := contact.value(key)) is not None
    }
    result = match_customer(contact, found)
    if result.outcome is MatchOutcome.NEW:
        return result, None
    chosen = result.customer_id if result.customer_id is not None else result.candidates[0]
    return result, chosen


def _room_for(
    held: Mapping[IdentityKey, Sequence[str]], new: Identifiers
) -> list[tuple[IdentityKey, str]]:
    """The new identifiers the record can still take: one external id, ten phones/emails."""
    kept: list[tuple[IdentityKey, str]] = []
    for key, value in new:
        limit = 1 if key is IdentityKey.EXTERNAL_ID else MAX_CONTACT_POINTS
        if len(held.get(key, ())) < limit:
            kept.append((key, value))
    return kept


_PENDING = 1 << 62
"""Stand-in ids of the customers a batch creates, until their insert gives the real ones:
above every stored id and growing in creation order, as the real ids will be, so the
candidates of an ambiguous match are in the same order before and after."""

_Decision = tuple[int, MatchOutcome, tuple[int, ...]]


def identify_many(
    directory: CustomerDirectory, contacts: Sequence[tuple[str, ContactIdentifiers]]
) -> list[Identified]:
    """``identify`` of each contact in turn, with the same results and the same rows stored,
    in one lookup per kind of identifier, one insert of the new customers (and one of their
    contact points per kind) and one read of names. Only an existing customer learning an
    identifier adds statements of its own, as in ``identify``."""
    batch = _Batch(directory, _stored(directory, contacts))
    decided = [batch.identify(name, contact) for name, contact in contacts]
    created = directory.create_many(batch.new)
    names = batch.names | directory.names_of({c for c, _, _ in decided if c < _PENDING})

    def real(customer_id: int) -> int:
        return created[customer_id - _PENDING] if customer_id >= _PENDING else customer_id

    return [
        Identified(real(chosen), names[chosen], outcome, tuple(real(c) for c in candidates))
        for chosen, outcome, candidates in decided
    ]


def _stored(
    directory: CustomerDirectory, contacts: Sequence[tuple[str, ContactIdentifiers]]
) -> dict[IdentityKey, dict[str, list[int]]]:
    """Who held each identifier of the batch before it: one lookup per kind present."""
    wanted: dict[IdentityKey, set[str]] = {}
    for _, contact in contacts:
        for key in PRECEDENCE:
            if (value := contact.value(key)) is not None:
                wanted.setdefault(key, set()).add(value)
    return {key: directory.find_many(key, values) for key, values in wanted.items()}


@dataclass
class _Batch:
    """A batch's decisions so far on top of what the directory held before it: the customers
    to create (still in memory) and every identifier given to someone, as ``find`` would
    see them now."""

    directory: CustomerDirectory
    stored: Mapping[IdentityKey, Mapping[str, list[int]]]
    new: list[tuple[str, list[tuple[IdentityKey, str]]]] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    given: dict[tuple[IdentityKey, str], set[int]] = field(default_factory=dict)

    def identify(self, name: str, contact: ContactIdentifiers) -> _Decision:
        result, chosen = _decide(contact, self._find)
        if chosen is None:
            new_id = self._create(name, result.new_identifiers)
            return new_id, MatchOutcome.NEW, (new_id,)
        if result.outcome is MatchOutcome.MATCHED and result.new_identifiers:
            self._learn(chosen, result.new_identifiers)
        return chosen, result.outcome, result.candidates

    def _find(self, key: IdentityKey, value: str) -> set[int]:
        hits = set(self.stored[key].get(value, ()))
        for spelling in spellings(key, value):
            hits |= self.given.get((key, spelling), set())
        return hits

    def _create(self, name: str, identifiers: Identifiers) -> int:
        new_id = _PENDING + len(self.new)
        self.new.append((name, list(identifiers)))
        self.names[new_id] = name
        self._give(new_id, identifiers)
        return new_id

    def _learn(self, customer_id: int, new: Identifiers) -> None:
        """A customer of this batch learns in memory (its insert will carry it); a stored one
        through the directory, at once, so its next ``identifiers_of`` counts it."""
        if customer_id >= _PENDING:
            _, identifiers = self.new[customer_id - _PENDING]
            held: dict[IdentityKey, list[str]] = {}
            for key, value in identifiers:
                held.setdefault(key, []).append(value)
            kept = _room_for(held, new)
            identifiers.extend(kept)
        else:
            kept = _room_for(self.directory.identifiers_of(customer_id), new)
            self.directory.learn(customer_id, kept)
        self._give(customer_id, kept)

    def _give(self, customer_id: int, identifiers: Identifiers) -> None:
        for key, value in identifiers:
            self.given.setdefault((key, value), set()).add(customer_id)
