"""Identifier normalisation, match precedence and merge planning.

Oracles: libphonenumber's published E.164 forms (Google's own +1 650-253-0000, the Ofcom
drama range 020 7946 0xxx) and the IDNA example "bücher" → "xn--bcher-kva" (RFC 3492 style).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontline.domain.crm.customer_merge import (
    CUSTOMER_OWNED_RECORDS,
    CustomerIdentity,
    plan_merge,
)
from frontline.domain.crm.errors import InvalidEmail, InvalidMerge, InvalidPhone
from frontline.domain.crm.identity import (
    ContactIdentifiers,
    IdentityKey,
    MatchOutcome,
    match_customer,
    normalise_email,
    normalise_phone,
)


@pytest.mark.parametrize(
    ("raw", "region", "e164"),
    [
        ("(650) 253-0000", "US", "+16502530000"),
        ("tel:+1-650-253-0000", "DE", "+16502530000"),
        ("0151 23456789", "DE", "+4915123456789"),
        ("+49 (0)30 901820", "US", "+4930901820"),
        ("00 33 1 42 68 53 00", "DE", "+33142685300"),
        ("020 7946 0958", "gb", "+442079460958"),
        ("+1 800 FLOWERS", "US", "+18003569377"),
    ],
)
def test_phones_normalise_to_e164(raw: str, region: str, e164: str) -> None:
    assert normalise_phone(raw, region) == e164


@pytest.mark.parametrize(
    ("raw", "region", "message"),
    [
        ("555-0100", "US", "not a valid phone number"),
        ("hello", "US", "not a phone number"),
        ("+1 650 253 0000", "XX", "not a region code"),
        ("1" * 70, "US", "too long"),
    ],
)
def test_bad_phones_are_refused(raw: str, region: str, message: str) -> None:
    with pytest.raises(InvalidPhone, match=message):
        normalise_phone(raw, region)


def test_email_domain_is_folded_but_local_part_kept() -> None:
    assert normalise_email(" Jane.Doe@Example.COM. ") == "Jane.Doe@example.com"
    assert normalise_email("Jane.Doe@Example.COM", lowercase_local=True) == "jane.doe@example.com"
    assert normalise_email("jane@Bücher.de") == "jane@xn--bcher-kva.de"


@pytest.mark.parametrize(
    "raw",
    [
        "plain",
        "@example.com",
        "a..b@example.com",
        ".a@example.com",
        "a b@example.com",
        '"quoted"@example.com',
        "x@localhost",
        "x@1.2.3.4",
        "x@-bad-.com",
        "x@exa_mple.com",
        "x" * 65 + "@example.com",
        "x@" + "a" * 64 + ".com",
    ],
)
def test_bad_emails_are_refused(raw: str) -> None:
    with pytest.raises(InvalidEmail):
        normalise_email(raw)


@given(st.emails())
def test_normalising_an_email_is_idempotent(address: str) -> None:
    try:
        once = normalise_email(address)
    except InvalidEmail:
        return  # Hypothesis also generates forms we refuse on purpose (e.g. IP literals)
    assert normalise_email(once) == once
    assert once.split("@")[1] == once.split("@")[1].lower()


def ids(**kw: str) -> ContactIdentifiers:
    return ContactIdentifiers.parse(default_region="DE", **kw)


def test_external_id_beats_phone_and_email() -> None:
    contact = ids(external_id="CRM-1", phone="0151 23456789", email="jane@example.com")
    result = match_customer(
        contact, {IdentityKey.EXTERNAL_ID: [3], IdentityKey.PHONE: [5], IdentityKey.EMAIL: [5]}
    )
    assert (result.outcome, result.customer_id) == (MatchOutcome.MATCHED, 3)
    assert result.matched_on == (IdentityKey.EXTERNAL_ID,)
    assert result.possible_duplicates == (5,)
    assert result.new_identifiers == (
        (IdentityKey.PHONE, "+4915123456789"),
        (IdentityKey.EMAIL, "jane@example.com"),
    )


def test_email_narrows_a_shared_household_phone() -> None:
    contact = ids(phone="030 901820", email="kid@example.com")
    result = match_customer(contact, {IdentityKey.PHONE: [4, 9], IdentityKey.EMAIL: [9]})
    assert (result.outcome, result.customer_id) == (MatchOutcome.MATCHED, 9)
    assert result.matched_on == (IdentityKey.PHONE, IdentityKey.EMAIL)
    assert result.new_identifiers == ()


def test_shared_phone_without_tiebreak_is_ambiguous() -> None:
    result = match_customer(ids(phone="030 901820"), {IdentityKey.PHONE: [9, 4]})
    assert result.outcome is MatchOutcome.AMBIGUOUS and result.candidates == (4, 9)
    assert result.customer_id is None


def test_unknown_contact_becomes_a_new_customer() -> None:
    result = match_customer(ids(email="New@Example.com"), {IdentityKey.EMAIL: []})
    assert result.outcome is MatchOutcome.NEW
    assert result.new_identifiers == ((IdentityKey.EMAIL, "New@example.com"),)


def test_lookups_for_absent_identifiers_are_ignored() -> None:
    result = match_customer(ids(email="a@example.com"), {IdentityKey.PHONE: [1]})
    assert result.outcome is MatchOutcome.NEW


def test_merge_keeps_every_identifier_and_repoints_history() -> None:
    survivor = CustomerIdentity(
        1, ("CRM-1",), ("+4930901820",), ("a@example.com",), {"tier": "gold"}
    )
    absorbed = CustomerIdentity(
        2,
        ("LEGACY-7",),
        ("+4915123456789", "+4930901820"),
        ("b@example.com",),
        {"tier": "silver", "lang": "de"},
    )
    plan = plan_merge(survivor, absorbed)
    assert plan.survivor.external_ids == ("CRM-1", "LEGACY-7")
    assert plan.survivor.phones == ("+4930901820", "+4915123456789")
    assert plan.survivor.emails == ("a@example.com", "b@example.com")
    assert plan.survivor.attributes == {"tier": "gold", "lang": "de"}
    assert {r.record_kind for r in plan.repoint} == set(CUSTOMER_OWNED_RECORDS)
    assert all((r.from_customer, r.to_customer) == (2, 1) for r in plan.repoint)


def test_merge_refusals() -> None:
    one = CustomerIdentity(1)
    with pytest.raises(InvalidMerge, match="into itself"):
        plan_merge(one, CustomerIdentity(1))
    with pytest.raises(InvalidMerge, match="already merged into 5"):
        plan_merge(one, CustomerIdentity(2, merged_into=5))
    many = CustomerIdentity(2, phones=tuple(f"+4930{n:06d}" for n in range(11)))
    with pytest.raises(InvalidMerge, match="11 phone numbers"):
        plan_merge(one, many)
