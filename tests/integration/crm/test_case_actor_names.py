"""A case read names its actors, on SQLite and PostgreSQL: each raw label (``user:<id>``,
``system``) keeps its field and gains a readable name beside it (display name, else username,
"System"), all of a case's users read in one statement, and the customer's view of the case
names no member of staff."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, update
from tests.integration.crm.conftest import PASSWORD, Org
from tests.support.databases import FrozenClock, sql_sent

from frontline.adapters.db.crm_tables import CaseEntryRow
from frontline.adapters.db.tables import UserRow
from frontline.bootstrap import Container
from frontline.domain.crm.case_records import EntryKind
from frontline.domain.org.roles import Role
from frontline.service import users
from frontline.service.access import SYSTEM
from frontline.service.crm import cases

Call = Callable[..., Any]
CASES = "/api/v1/cases"


def _user(container: Container, call: Call, username: str, role: Role) -> dict[str, str]:
    """A user created without a display name (so it is their username); their auth headers."""
    cmd = users.CreateUser(username, PASSWORD, frozenset({role}))
    users.create_user(container.uow_factory(), SYSTEM, cmd, container.hasher)
    form = {"username": username, "password": PASSWORD}
    token = call("POST", "/api/v1/auth/token", {}, data=form)["access_token"]
    return {"Authorization": f"Bearer {token}"}


def _open(call: Call, org: Org, who: str) -> int:
    body = {"customer_id": org.customer_id, "subject": "Refund", "queue": "billing"}
    return int(call("POST", CASES, org.h(who), 201, json=body)["id"])


def _note(call: Call, headers: dict[str, str], case_id: int, body: str, reply: bool = False) -> Any:
    kind = "public_reply" if reply else "internal_note"
    return call(
        "POST", f"{CASES}/{case_id}/entries", headers, 201, json={"kind": kind, "body": body}
    )


def test_each_actor_label_keeps_its_field_and_gains_a_readable_name(
    call: Call, org: Org, container: Container, clock: FrozenClock, crm_engine: Engine
) -> None:
    rita = _user(container, call, "rita", Role.SUPERVISOR)
    case_id = _open(call, org, "ann")
    clock.advance(minutes=1)
    _note(call, org.h("ann"), case_id, "by ann, display name Ann")
    clock.advance(minutes=1)
    _note(call, rita, case_id, "by rita, no display name given")
    clock.advance(minutes=1)
    note = cases.AddEntry(EntryKind.INTERNAL_NOTE, "by the system")
    cases.add_entry(container.crm, SYSTEM, case_id, note)
    clock.advance(minutes=1)
    written = _note(call, org.h("ann"), case_id, "We have refunded you.", reply=True)

    found = call("GET", f"{CASES}/{case_id}", org.h("ann"))
    ann, rita_label = f"user:{org.ids['ann']}", f"user:{users_id(container, 'rita')}"
    assert [(e["author"], e["author_name"]) for e in found["entries"]] == [
        (ann, "Ann"),
        (rita_label, "rita"),
        ("system", "System"),
        (ann, "Ann"),
    ]
    assert (found["created_by"], found["created_by_name"]) == (ann, "Ann")
    assert [(h["to"], h["by"], h["by_name"]) for h in found["history"]] == [
        ("new", ann, "Ann"),
        ("open", ann, "Ann"),  # the first reply opened it
    ]
    assert written["entries"] == found["entries"]  # a write answers with the same names

    # a display name left blank in the directory falls back to the username as well
    with crm_engine.begin() as connection:
        blank = update(UserRow).where(UserRow.username == "ann").values(display_name=" ")
        connection.execute(blank)
    again = call("GET", f"{CASES}/{case_id}", rita)
    assert {e["author"]: e["author_name"] for e in again["entries"]}[ann] == "ann"


def users_id(container: Container, username: str) -> int:
    with container.uow_factory() as uow:
        user = uow.users.get_by_username(username)
    assert user is not None
    return user.id


def test_an_escalation_names_who_did_it_and_an_unknown_user_reads_as_a_number(
    call: Call, org: Org, crm_engine: Engine
) -> None:
    case_id = _open(call, org, "ann")
    escalate = {"to_tier": 2, "reason": "needs a specialist"}
    call("POST", f"{CASES}/{case_id}/escalate", org.h("ann"), json=escalate)
    _note(call, org.h("super"), case_id, "by someone whose account is later gone")
    with crm_engine.begin() as connection:  # e.g. a case imported with its old author labels
        relabel = update(CaseEntryRow).where(CaseEntryRow.case_id == case_id)
        connection.execute(relabel.values(author="user:123456789"))
    found = call("GET", f"{CASES}/{case_id}", org.h("super"))
    assert [(e["by"], e["by_name"]) for e in found["escalations"]] == [
        (f"user:{org.ids['ann']}", "Ann")
    ]
    assert [(e["author"], e["author_name"]) for e in found["entries"]] == [
        ("user:123456789", "User #123456789")
    ]


def test_all_the_users_of_a_case_are_read_in_one_statement(
    call: Call, org: Org, container: Container, clock: FrozenClock, crm_engine: Engine
) -> None:
    lone = _open(call, org, "ann")
    _note(call, org.h("ann"), lone, "the only entry")
    busy = _open(call, org, "ann")
    for n, who in enumerate(("ann", "ben", "super", "ben", "ann")):  # 5 entries by 3 users
        clock.advance(minutes=1)
        _note(call, org.h(who), busy, f"entry {n}")

    def read(case_id: int) -> tuple[list[str], Any]:
        call("GET", f"{CASES}/{case_id}", org.h("super"))  # warm: connections and principal
        with sql_sent(crm_engine) as sent:
            found = call("GET", f"{CASES}/{case_id}", org.h("super"))
        return [statement for statement, _ in sent], found

    lone_sent, _ = read(lone)
    busy_sent, found = read(busy)
    assert [e["author_name"] for e in found["entries"]] == ["Ann", "Ben", "Super", "Ben", "Ann"]
    assert len(busy_sent) == len(lone_sent), busy_sent
    names_read = [s for s in busy_sent if "display_name" in s and "users" in s]
    assert len(names_read) == 1, names_read


def test_refused_roles_see_no_names_and_the_customer_view_names_no_staff(
    call: Call, org: Org
) -> None:
    case_id = _open(call, org, "ann")
    _note(call, org.h("ann"), case_id, "an internal note")
    _note(call, org.h("ann"), case_id, "We are on it.", reply=True)
    for refused in ("wfm", "trainer"):
        answer = call("GET", f"{CASES}/{case_id}", org.h(refused), 403)
        assert "Ann" not in str(answer) and "user:" not in str(answer)
    seen = call("GET", f"{CASES}/{case_id}/customer-view", org.h("ann"))
    assert set(seen) == {"id", "subject", "status", "created_at", "messages"}
    assert [sorted(m) for m in seen["messages"]] == [["at", "body", "from_us", "kind"]]
    text = str(seen)
    assert "ann" not in text.lower() and "user:" not in text and "_name" not in text
