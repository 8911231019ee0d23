"""Batch identification on SQLite and PostgreSQL: ``identify_many`` against the SQL directory
leaves the same records and answers as ``identify`` called contact by contact, in a fixed
number of statements; the directory's batch methods keep parameter order."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session
from tests.support.databases import sql_sent, wipe

from frontline.adapters.db.repositories.crm_identity import SqlCustomerDirectory
from frontline.adapters.db.tables import CustomerEmailRow, CustomerPhoneRow, CustomerRow
from frontline.domain.crm.identity import ContactIdentifiers, IdentityKey, MatchOutcome
from frontline.service.crm.identification import Identified, identify, identify_many

PHONE, EMAIL, EXTERNAL = IdentityKey.PHONE, IdentityKey.EMAIL, IdentityKey.EXTERNAL_ID
Contacts = list[tuple[str, ContactIdentifiers]]
STORED = [  # ids 1-5 after the wipe
    ("Ann", None, [], ["ann@example.com"]),
    ("Home A", None, ["+14155550199"], ["a@example.com"]),
    ("Home B", None, ["+14155550199"], ["b@example.com"]),
    ("Kim", None, [], ["kim@example.com"]),
    ("Keyed", "CRM-7", [], []),
]


def _reset(engine: Engine) -> None:
    """An empty database with the ``STORED`` customers, ids from 1 (both engines)."""
    wipe(engine)
    with engine.begin() as connection:
        for name, external_id, phones, emails in STORED:
            values: dict[str, Any] = {"name": name, "external_id": external_id, "attributes": {}}
            new_id = connection.execute(
                insert(CustomerRow).values(values).returning(CustomerRow.id)
            ).scalar_one()
            for position, phone in enumerate(phones):
                row = {"customer_id": new_id, "phone": phone, "position": position}
                connection.execute(insert(CustomerPhoneRow).values(row))
            for position, email in enumerate(emails):
                row = {"customer_id": new_id, "email": email, "position": position}
                connection.execute(insert(CustomerEmailRow).values(row))


def _records(engine: Engine) -> tuple[list[Any], ...]:
    with engine.connect() as connection:
        customers = connection.execute(
            select(CustomerRow.id, CustomerRow.name, CustomerRow.external_id).order_by(
                CustomerRow.id
            )
        )
        phones = connection.execute(select(CustomerPhoneRow.__table__).order_by("customer_id"))
        emails = connection.execute(select(CustomerEmailRow.__table__).order_by("customer_id"))
        return [tuple(r) for r in customers], sorted(map(tuple, phones)), sorted(map(tuple, emails))


def _run(engine: Engine, work: Callable[[SqlCustomerDirectory], list[Identified]]) -> Any:
    _reset(engine)
    with Session(engine) as session:
        found = work(SqlCustomerDirectory(session))
        session.commit()
    return found, _records(engine)


def _assert_same_as_one_by_one(engine: Engine, contacts: Contacts) -> list[Identified]:
    expected = _run(engine, lambda d: [identify(d, name, c) for name, c in contacts])
    got = _run(engine, lambda d: identify_many(d, contacts))
    assert got == expected
    return list(got[0])


def test_a_mixed_batch_is_identified_as_one_by_one(crm_live_engine: Engine) -> None:
    c = ContactIdentifiers
    contacts: Contacts = [
        ("New One", c(email="new1@example.com")),
        ("x", c(email="ann@example.com")),  # matched
        ("x", c(phone="+14155550199")),  # ambiguous: the household
        ("x", c(phone="+14155550199", email="fresh@example.com")),  # ambiguous, nothing learnt
        ("Again", c(email="new1@example.com")),  # the new record of this batch
        ("Fresh", c(email="fresh@example.com")),  # new after all
        ("x", c(email="kim@example.com", phone="+14155550123")),  # Kim learns a phone
        ("x", c(phone="+14155550123")),  # ... and is found by it
        ("Pat", c(phone="+14155550100", email="pat@example.com")),
        ("x", c(email="pat@example.com", phone="+14155550101")),  # new Pat learns a 2nd phone
        ("x", c(external_id="CRM-7", email="ann@example.com")),  # Keyed learns Ann's address
        ("x", c(email="ann@example.com")),  # now ambiguous: Ann and Keyed
        ("x", c(external_id="CRM-9", email="new1@example.com")),  # New One learns an id
        ("x", c(external_id="CRM-9")),
        ("Zed", c(email="Zed@example.com")),
        ("zed", c(email="zed@example.com")),  # another spelling: another customer
        ("x", c(email="Zed@example.com")),  # finds both spellings
    ]
    got = _assert_same_as_one_by_one(crm_live_engine, contacts)
    new, matched, ambiguous = MatchOutcome.NEW, MatchOutcome.MATCHED, MatchOutcome.AMBIGUOUS
    assert [(g.customer_id, g.outcome) for g in got] == [
        (6, new),
        (1, matched),
        (2, ambiguous),
        (2, ambiguous),
        (6, matched),
        (7, new),
        (4, matched),
        (4, matched),
        (8, new),
        (8, matched),
        (5, matched),
        (1, ambiguous),
        (6, matched),
        (6, matched),
        (9, new),
        (10, new),
        (9, ambiguous),
    ]
    assert got[11].candidates == (1, 5) and got[16].candidates == (9, 10)
    assert got[4].name == "New One"
    _, (customers, phones, _) = _run(crm_live_engine, lambda d: identify_many(d, contacts))
    assert customers[5] == (6, "New One", "CRM-9")
    assert [p for p in phones if p[0] == 8] == [(8, "+14155550100", 0), (8, "+14155550101", 1)]


def test_a_random_burst_is_identified_as_one_by_one(crm_live_engine: Engine) -> None:
    draw = random.Random(20240108)
    phones = [None, "+14155550199", "+14155550123", "+14155550100", "+14155550101"]
    emails = [None, "ann@example.com", "Ann@example.com", "a@example.com", "q@example.com"]
    externals = [None, None, None, "CRM-7", "CRM-8"]
    contacts: Contacts = [
        (
            f"Customer {n}",
            ContactIdentifiers(draw.choice(externals), draw.choice(phones), draw.choice(emails)),
        )
        for n in range(60)
    ]
    got = _assert_same_as_one_by_one(crm_live_engine, contacts)
    assert {g.outcome for g in got} == set(MatchOutcome)


def test_new_and_known_chats_cost_a_fixed_number_of_statements(crm_live_engine: Engine) -> None:
    _reset(crm_live_engine)
    contacts: Contacts = [
        (f"New {n}", ContactIdentifiers(email=f"new{n}@example.com")) for n in range(20)
    ]
    contacts += [("x", ContactIdentifiers(email=s[3][0])) for s in STORED[:4]]
    with Session(crm_live_engine) as session, sql_sent(crm_live_engine) as recorded:
        got = identify_many(SqlCustomerDirectory(session), contacts)
        session.commit()
    sent = [statement for statement, _ in recorded]
    assert [g.customer_id for g in got] == [*range(6, 26), 1, 2, 3, 4]
    assert [g.name for g in got[-4:]] == ["Ann", "Home A", "Home B", "Kim"]
    writes = [s for s in sent if s.startswith("INSERT")]
    assert not any("count(" in s for s in sent)
    if crm_live_engine.dialect.name == "postgresql":  # SQLite inserts RETURNING row by row
        assert len(sent) == 4 and len(writes) == 2  # find, customers, emails, names
    with Session(crm_live_engine) as session, sql_sent(crm_live_engine) as recorded:
        assert identify_many(SqlCustomerDirectory(session), []) == []
    assert recorded == []


def test_create_many_gives_ids_in_parameter_order(crm_live_engine: Engine) -> None:
    _reset(crm_live_engine)
    customers: list[tuple[str, list[tuple[IdentityKey, str]]]] = [
        (f"C{n}", [(EMAIL, f"c{n}@example.com"), (PHONE, f"+1415555{n:04d}")]) for n in range(40)
    ]
    customers[7][1].extend([(EXTERNAL, "CRM-77"), (EMAIL, "second@example.com")])
    with Session(crm_live_engine) as session:
        directory = SqlCustomerDirectory(session)
        ids = directory.create_many(customers)
        single = directory.create("Solo", [(EMAIL, "solo@example.com")])
        session.commit()
        assert ids == sorted(ids) and single > ids[-1]
        assert directory.names_of(ids) == {i: f"C{n}" for n, i in enumerate(ids)}
        assert directory.identifiers_of(ids[7]) == {
            EXTERNAL: ("CRM-77",),
            PHONE: ("+14155550007",),
            EMAIL: ("c7@example.com", "second@example.com"),
        }
        found = directory.find_many(EMAIL, ["C3@example.com", "c4@example.com", "no@example.com"])
        assert found == {"C3@example.com": [ids[3]], "c4@example.com": [ids[4]]}
        assert directory.find_many(EXTERNAL, ["CRM-77", "CRM-7"]) == {
            "CRM-77": [ids[7]],
            "CRM-7": [5],
        }
        assert directory.find_many(PHONE, ["+14155550199"]) == {"+14155550199": [2, 3]}
    _, _, emails = _records(crm_live_engine)
    positions = {(row[0], row[1]): row[2] for row in emails}
    assert positions[(ids[7], "second@example.com")] == 1
    assert positions[(ids[0], "c0@example.com")] == positions[(single, "solo@example.com")] == 0
