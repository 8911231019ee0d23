"""Customer identification: normalised identifiers, matching a contact to a customer, and
planning the merge of duplicates.

Every channel reports who is calling in its own spelling ("0151 2345 6789", "+49 151…",
"Jane@Example.COM"), so identifiers are normalised before any lookup: phones to E.164, email
domains to lower-case ASCII. `phonenumbers` (a port of Google's libphonenumber metadata) is a
pure library without I/O or framework, so using it here keeps the domain layer pure.

Matching takes what the repositories found as plain data and applies the precedence
external id > phone > email: the strongest identifier that finds anyone decides, weaker ones
may only narrow a shared result (a household sharing one phone, told apart by email). The
domain never looks anything up itself.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers

from frontline.domain.crm.errors import InvalidEmail, InvalidPhone

_LOCAL_FORBIDDEN = set('()<>[]:;@\\,"')
_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def normalise_phone(raw: str, default_region: str = "US") -> str:
    """E.164 (``+4915123456789``); national spellings are read in ``default_region``."""
    region = default_region.upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidPhone(f"{default_region!r} is not a region code such as 'US' or 'DE'")
    if len(raw) > 64:
        raise InvalidPhone("phone number is too long")
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhone(f"{raw!r} is not a phone number") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidPhone(f"{raw!r} is not a valid phone number (read in region {region})")
    return str(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))


def normalise_email(raw: str, *, lowercase_local: bool = False) -> str:
    """``local@domain`` with the domain lower-cased and IDNA-encoded.

    The local part keeps its case unless ``lowercase_local``: RFC 5321 lets a mailbox be
    case-sensitive, and a few are, so folding it is a per-organisation choice. Quoted local
    parts and IP-literal domains are refused: real customers do not use them, spammers do.
    """
    address = unicodedata.normalize("NFC", raw.strip())
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain or len(address) > 254:
        raise InvalidEmail(f"{raw!r} is not an email address")
    if (
        len(local) > 64
        or local.startswith(".")
        or local.endswith(".")
        or ".." in local
        or any(c in _LOCAL_FORBIDDEN or c.isspace() or not c.isprintable() for c in local)
    ):
        raise InvalidEmail(f"{raw!r} has an invalid part before the @")
    return f"{local.lower() if lowercase_local else local}@{_ascii_domain(domain, raw)}"


def _ascii_domain(domain: str, raw: str) -> str:
    labels = domain.lower().removesuffix(".").split(".")
    try:
        ascii_labels = [label.encode("idna").decode("ascii") for label in labels]
    except UnicodeError as exc:
        raise InvalidEmail(f"{raw!r} has an invalid domain") from exc
    if (
        len(ascii_labels) < 2
        or not all(_LABEL.fullmatch(label) for label in ascii_labels)
        or ascii_labels[-1].isdigit()
    ):
        raise InvalidEmail(f"{raw!r} has an invalid domain")
    result = ".".join(ascii_labels)
    if len(result) > 253:
        raise InvalidEmail(f"{raw!r} has a domain that is too long")
    return result


class IdentityKey(StrEnum):
    EXTERNAL_ID = "external_id"
    PHONE = "phone"
    EMAIL = "email"


PRECEDENCE = (IdentityKey.EXTERNAL_ID, IdentityKey.PHONE, IdentityKey.EMAIL)


class MatchOutcome(StrEnum):
    MATCHED = "matched"
    AMBIGUOUS = "ambiguous"  # several customers fit: the agent chooses on the screen-pop
    NEW = "new"  # nobody fits: create a customer with these identifiers


@dataclass(frozen=True)
class ContactIdentifiers:
    """What a contact told us about itself, normalised at construction."""

    external_id: str | None = None
    phone: str | None = None
    email: str | None = None

    @classmethod
    def parse(
        cls,
        *,
        external_id: str | None = None,
        phone: str | None = None,
        email: str | None = None,
        default_region: str = "US",
    ) -> ContactIdentifiers:
        return cls(
            external_id=(external_id or "").strip() or None,
            phone=normalise_phone(phone, default_region) if phone else None,
            email=normalise_email(email) if email else None,
        )

    def value(self, key: IdentityKey) -> str | None:
        return {
            IdentityKey.EXTERNAL_ID: self.external_id,
            IdentityKey.PHONE: self.phone,
            IdentityKey.EMAIL: self.email,
        }[key]


@dataclass(frozen=True)
class MatchResult:
    outcome: MatchOutcome
    customer_id: int | None
    matched_on: tuple[IdentityKey, ...]
    candidates: tuple[int, ...]
    #: identifiers of the contact the matched customer does not have yet (to add to them)
    new_identifiers: tuple[tuple[IdentityKey, str], ...]
    #: other customers a weaker identifier pointed to: likely duplicates to review
    possible_duplicates: tuple[int, ...]


def match_customer(
    contact: ContactIdentifiers, found: Mapping[IdentityKey, Collection[int]]
) -> MatchResult:
    """Decide who the contact is from ``found`` (customer ids per identifier looked up)."""
    candidates: set[int] | None = None
    matched_on: list[IdentityKey] = []
    seen: set[int] = set()
    for key in PRECEDENCE:
        hits = set(found.get(key, ())) if contact.value(key) else set()
        seen |= hits
        if not hits:
            continue
        if candidates is None:
            candidates = hits
            matched_on.append(key)
        elif candidates & hits:
            if len(candidates) > 1:
                candidates &= hits
            matched_on.append(key)
    if candidates is None:
        new = tuple((k, v) for k in PRECEDENCE if (v := contact.value(k)) is not None)
        return MatchResult(MatchOutcome.NEW, None, (), (), new, ())
    ordered = tuple(sorted(candidates))
    if len(ordered) > 1:
        others = tuple(sorted(seen - candidates))
        return MatchResult(MatchOutcome.AMBIGUOUS, None, tuple(matched_on), ordered, (), others)
    chosen = ordered[0]
    learned = tuple(
        (k, v)
        for k in PRECEDENCE
        if (v := contact.value(k)) is not None and chosen not in found.get(k, ())
    )
    others = tuple(sorted(seen - {chosen}))
    return MatchResult(MatchOutcome.MATCHED, chosen, tuple(matched_on), ordered, learned, others)
