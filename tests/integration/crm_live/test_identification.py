"""Arriving contacts are matched to customers by the CRM identity rules, or create one."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from frontline.adapters.db.live_store import SqlLiveStore
from frontline.adapters.db.repositories.crm_identity import SqlCustomerDirectory
from frontline.domain.crm.identity import MatchOutcome
from frontline.service.crm.identification import contact_from, identify


def _chat(api: Any, email: str, name: str = "Dana Customer") -> int:
    body = {"name": name, "email": email, "message": "Hello", "queue": "billing"}
    session_id = int(api.call("POST", "/api/v1/chat/sessions", None, 201, json=body)["session_id"])
    detail = api.call("GET", f"/api/v1/interactions/{session_id}", "super")
    return int(detail["customer"]["id"])


def _customer(api: Any, **fields: Any) -> int:
    body = {"name": "Dana Customer", **fields}
    return int(api.call("POST", "/api/v1/customers", "super", 201, json=body)["id"])


def test_a_chat_finds_the_customer_by_email_whatever_the_spelling(api: Any) -> None:
    known = _customer(api, emails=["dana@example.com"])
    assert _chat(api, "DANA@Example.COM") == known
    stranger = _chat(api, "someone.new@example.org", name="New Person")
    assert stranger != known
    created = api.call("GET", f"/api/v1/customers/{stranger}", "super")
    assert created["name"] == "New Person"
    assert created["emails"] == ["someone.new@example.org"]
    assert _chat(api, "Someone.New@EXAMPLE.org") == stranger  # the new record is found again


def test_precedence_external_id_then_phone_then_email(api: Any) -> None:
    by_email = _customer(api, emails=["pat@example.com"])
    by_phone = _customer(api, phones=["+14155550123"])
    by_id = _customer(api, external_id="CRM-7")
    with Session(api.container.engine) as session:
        directory = SqlCustomerDirectory(session)
        assert identify(directory, "Pat", contact_from(email="pat@example.com")).customer_id == (
            by_email
        )
        no_id = contact_from(email="pat@example.com", phone="415.555.0123")
        assert identify(directory, "Pat", no_id).customer_id == by_phone
        every = contact_from(email="pat@example.com", phone="(415) 555-0123", external_id=" CRM-7 ")
        assert identify(directory, "Pat", every).customer_id == by_id
        session.commit()
    # matching by external id taught the record the contact's phone and email
    learned = api.call("GET", f"/api/v1/customers/{by_id}", "super")
    assert learned["phones"] == ["+14155550123"]
    assert learned["emails"] == ["pat@example.com"]


def test_unknown_contact_creates_a_customer_and_bad_identifiers_are_left_out(api: Any) -> None:
    store = SqlLiveStore(api.container.engine)
    with store.side_writer() as writer:
        first, name = writer.customer_for("Lee", "lee@example.com", phone="+44 20 7946 0000")
        again, _ = writer.customer_for("Someone", None, phone="020 7946 0000 ")  # US region: bad
        writer.commit()
    assert name == "Lee"
    assert again != first  # an unreadable number matches nobody; the contact is not lost
    record = api.call("GET", f"/api/v1/customers/{first}", "super")
    assert record["phones"] == ["+442079460000"]
    with Session(api.container.engine) as session:
        found = identify(SqlCustomerDirectory(session), "x", contact_from(phone="+442079460000"))
    assert (found.customer_id, found.outcome) == (first, MatchOutcome.MATCHED)


def test_a_shared_phone_goes_to_the_oldest_record_without_learning(api: Any) -> None:
    older = _customer(api, phones=["+14155550199"], emails=["a@example.com"])
    newer = _customer(api, phones=["+14155550199"], emails=["b@example.com"])
    with Session(api.container.engine) as session:
        directory = SqlCustomerDirectory(session)
        shared = identify(directory, "x", contact_from(phone="+14155550199"))
        told_apart = identify(
            directory, "x", contact_from(phone="+14155550199", email="b@example.com")
        )
    assert (shared.outcome, shared.customer_id, shared.candidates) == (
        MatchOutcome.AMBIGUOUS,
        older,
        (older, newer),
    )
    assert (told_apart.outcome, told_apart.customer_id) == (MatchOutcome.MATCHED, newer)
