"""A batch of contacts is identified as if one after another, in a fixed number of lookups.

The oracle is ``identify`` itself, called contact by contact on a second, identical directory:
the batch must choose the same customers, report the same outcomes and candidates and leave
the same records. ``MemoryDirectory`` is the port in memory with the SQL adapter's behaviour
(ids grow, contact points keep their order) and counts the calls made to it.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from frontline.domain.crm.customer_merge import MAX_CONTACT_POINTS
from frontline.domain.crm.identity import ContactIdentifiers, IdentityKey, MatchOutcome
from frontline.service.crm.identification import (
    CustomerDirectory,
    Identified,
    Identifiers,
    identify,
    identify_many,
    spellings,
)

PHONE, EMAIL, EXTERNAL = IdentityKey.PHONE, IdentityKey.EMAIL, IdentityKey.EXTERNAL_ID


@dataclass
class Record:
    name: str
    held: dict[IdentityKey, list[str]] = field(
        default_factory=lambda: {EXTERNAL: [], PHONE: [], EMAIL: []}
    )


@dataclass
class MemoryDirectory:
    """Counts calls as the SQL adapter counts statements: none for an empty batch method."""

    records: dict[int, Record] = field(default_factory=dict)
    calls: Counter[str] = field(default_factory=Counter)

    def find(self, key: IdentityKey, value: str) -> list[int]:
        self.calls["find"] += 1
        return self._holders(key, value)

    def find_many(self, key: IdentityKey, values: Collection[str]) -> dict[str, list[int]]:
        self.calls["find_many"] += bool(values)
        found = {value: self._holders(key, value) for value in values}
        return {value: ids for value, ids in found.items() if ids}

    def name_of(self, customer_id: int) -> str:
        self.calls["name_of"] += 1
        return self.records[customer_id].name

    def names_of(self, customer_ids: Collection[int]) -> dict[int, str]:
        self.calls["names_of"] += bool(customer_ids)
        return {i: self.records[i].name for i in customer_ids}

    def identifiers_of(self, customer_id: int) -> dict[IdentityKey, tuple[str, ...]]:
        self.calls["identifiers_of"] += 1
        return {key: tuple(values) for key, values in self.records[customer_id].held.items()}

    def create(self, name: str, identifiers: Identifiers) -> int:
        self.calls["create"] += 1
        return self._create(name, identifiers)

    def create_many(self, customers: Sequence[tuple[str, Identifiers]]) -> list[int]:
        self.calls["create_many"] += bool(customers)
        return [self._create(name, identifiers) for name, identifiers in customers]

    def learn(self, customer_id: int, identifiers: Identifiers) -> None:
        self.calls["learn"] += 1
        self._add(customer_id, identifiers)

    def _holders(self, key: IdentityKey, value: str) -> list[int]:
        wanted = set(spellings(key, value))
        return sorted(i for i, r in self.records.items() if wanted & set(r.held[key]))

    def _create(self, name: str, identifiers: Identifiers) -> int:
        new_id = max(self.records, default=0) + 1
        self.records[new_id] = Record(name)
        self._add(new_id, identifiers)
        return new_id

    def _add(self, customer_id: int, identifiers: Identifiers) -> None:
        for key, value in identifiers:
            self.records[customer_id].held[key].append(value)


def _typed(directory: MemoryDirectory) -> CustomerDirectory:
    return directory  # checks that the fake implements the port


def _seeded(*customers: tuple[str, Identifiers]) -> MemoryDirectory:
    directory = MemoryDirectory()
    for name, identifiers in customers:
        directory.create(name, identifiers)
    directory.calls.clear()
    return directory


def _both_ways(
    directory: MemoryDirectory, contacts: list[tuple[str, ContactIdentifiers]]
) -> tuple[list[Identified], MemoryDirectory]:
    """The batch's results on ``directory``; asserts they and the records equal sequential."""
    one_by_one = copy.deepcopy(directory)
    expected = [identify(_typed(one_by_one), name, contact) for name, contact in contacts]
    got = identify_many(_typed(directory), contacts)
    assert got == expected
    assert directory.records == one_by_one.records
    return got, directory


def test_new_and_known_contacts_take_one_lookup_per_kind_and_one_insert() -> None:
    directory = _seeded(("Ann", [(EMAIL, "ann@example.com")]))
    contacts = [(f"New {n}", ContactIdentifiers(email=f"n{n}@example.com")) for n in range(20)]
    contacts.insert(5, ("x", ContactIdentifiers(email="ann@example.com")))
    got, _ = _both_ways(directory, contacts)
    assert [g.outcome for g in got].count(MatchOutcome.NEW) == 20
    assert (got[5].customer_id, got[5].name) == (1, "Ann")
    assert directory.calls == Counter(find_many=1, create_many=1, names_of=1)


def test_a_repeated_new_address_is_created_once_in_memory() -> None:
    directory = _seeded()
    again = ContactIdentifiers(phone="+14155550101", email="dana@example.com")
    got, _ = _both_ways(
        directory,
        [
            ("Dana", ContactIdentifiers(email="dana@example.com")),
            ("Dana again", again),  # matched: the new record learns the phone
            ("Caller", ContactIdentifiers(phone="+14155550101")),
        ],
    )
    assert [g.outcome for g in got] == [
        MatchOutcome.NEW,
        MatchOutcome.MATCHED,
        MatchOutcome.MATCHED,
    ]
    assert {g.customer_id for g in got} == {1} and {g.name for g in got} == {"Dana"}
    assert directory.records[1].held[PHONE] == ["+14155550101"]
    assert directory.calls == Counter(find_many=2, create_many=1)  # no stored customer: no names


def test_an_existing_customer_learns_through_the_directory_and_is_found_by_it() -> None:
    directory = _seeded(("Kim", [(EMAIL, "kim@example.com")]))
    got, _ = _both_ways(
        directory,
        [
            ("x", ContactIdentifiers(phone="+14155550123", email="kim@example.com")),
            ("x", ContactIdentifiers(phone="+14155550123")),
        ],
    )
    assert [(g.customer_id, g.outcome) for g in got] == [(1, MatchOutcome.MATCHED)] * 2
    assert directory.records[1].held[PHONE] == ["+14155550123"]
    assert directory.calls["learn"] == 1 and directory.calls["identifiers_of"] == 1


def test_ambiguous_candidates_among_new_customers_keep_the_order_of_their_real_ids() -> None:
    directory = _seeded(
        ("Home A", [(PHONE, "+14155550199")]), ("Home B", [(PHONE, "+14155550199")])
    )
    got, _ = _both_ways(
        directory,
        [
            ("x", ContactIdentifiers(phone="+14155550199", email="fresh@example.com")),
            ("Fresh", ContactIdentifiers(email="fresh@example.com")),  # not learnt above: new
            ("Zed", ContactIdentifiers(email="Zed@example.com")),
            ("zed", ContactIdentifiers(email="zed@example.com")),  # another spelling: new
            ("x", ContactIdentifiers(email="Zed@example.com")),  # finds both spellings
        ],
    )
    assert (got[0].outcome, got[0].candidates) == (MatchOutcome.AMBIGUOUS, (1, 2))
    assert [g.customer_id for g in got[1:4]] == [3, 4, 5]
    assert (got[4].outcome, got[4].customer_id, got[4].candidates) == (
        MatchOutcome.AMBIGUOUS,
        4,
        (4, 5),
    )


def test_a_new_customer_takes_no_more_contact_points_than_a_stored_one() -> None:
    directory = _seeded()
    phone = "+14155550100"
    contacts = [("Busy", ContactIdentifiers(phone=phone))]
    contacts += [
        ("x", ContactIdentifiers(phone=phone, email=f"e{n}@example.com"))
        for n in range(MAX_CONTACT_POINTS + 1)
    ]
    contacts.append(("Last", ContactIdentifiers(email=f"e{MAX_CONTACT_POINTS}@example.com")))
    got, _ = _both_ways(directory, contacts)
    assert len(directory.records[1].held[EMAIL]) == MAX_CONTACT_POINTS
    assert (got[-1].outcome, got[-1].customer_id) == (MatchOutcome.NEW, 2)


def test_an_empty_batch_asks_nothing() -> None:
    directory = _seeded(("Ann", [(EMAIL, "ann@example.com")]))
    assert identify_many(_typed(directory), []) == []
    assert +directory.calls == Counter()


_EXTERNAL_IDS = st.sampled_from([None, None, "X1", "X2"])
_PHONES = st.sampled_from([None, "+14155550101", "+14155550102", "+14155550103"])
_EMAILS = st.sampled_from(
    [None, "a@example.com", "A@example.com", "b@example.com", "c@example.com", "C@example.com"]
)
_CONTACTS = st.builds(ContactIdentifiers, external_id=_EXTERNAL_IDS, phone=_PHONES, email=_EMAILS)


@settings(max_examples=300, deadline=None)
@given(
    stored=st.lists(st.tuples(_PHONES, _EMAILS), max_size=4),
    contacts=st.lists(st.tuples(st.sampled_from(["Ann", "Bo"]), _CONTACTS), max_size=12),
)
def test_any_batch_equals_identifying_one_after_another(
    stored: list[tuple[str | None, str | None]],
    contacts: list[tuple[str, ContactIdentifiers]],
) -> None:
    directory = _seeded(
        *(
            (f"Stored {n}", [(k, v) for k, v in ((PHONE, phone), (EMAIL, email)) if v])
            for n, (phone, email) in enumerate(stored)
        ),
        ("Keyed", [(EXTERNAL, "X1")]),
    )
    _both_ways(directory, contacts)
    lookups = directory.calls["find_many"]
    assert lookups == len({k for _, c in contacts for k in IdentityKey if c.value(k)})
