"""The case list names each case's customer, on SQLite and PostgreSQL: the directory's current
name, read with the page in the one list statement (no query per row), without changing how
the keyset scan over the cases is planned, and only for callers who may list those cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session
from tests.integration.crm.conftest import MONDAY_9, Org
from tests.support.databases import sql_sent

from frontline.adapters.db.crm_tables import CaseRow
from frontline.adapters.db.repositories.crm_cases import (
    SUMMARY_COLUMNS,
    SqlCaseRepository,
    filters_of,
)
from frontline.bootstrap import Container
from frontline.service import customers
from frontline.service.access import SYSTEM
from frontline.service.crm.ports import CaseQuery, CaseScope

Call = Callable[..., Any]
CASES = "/api/v1/cases"
HOSTILE = '<img src=x onerror="alert(1)"> & Sons'
ELODIE = "Élodie O'Brien"


def _customer(container: Container, name: str) -> int:
    cmd = customers.CreateCustomer(name)
    return customers.create_customer(container.uow_factory(), SYSTEM, cmd).id


def _open(call: Call, org: Org, who: str, customer_id: int, queue: str = "billing") -> int:
    body = {"customer_id": customer_id, "subject": f"Case of {customer_id}", "queue": queue}
    return int(call("POST", CASES, org.h(who), 201, json=body)["id"])


def _names(page: dict[str, Any]) -> dict[int, str | None]:
    return {row["id"]: row["customer_name"] for row in page["items"]}


def test_each_row_names_its_customer_as_the_directory_does_now(
    call: Call, org: Org, container: Container
) -> None:
    elodie, hostile = _customer(container, ELODIE), _customer(container, HOSTILE)
    dana_case = _open(call, org, "ann", org.customer_id)
    elodie_case = _open(call, org, "ann", elodie)
    hostile_case = _open(call, org, "ann", hostile)
    mine = call("GET", CASES, org.h("ann"), params={"view": "mine"})
    assert _names(mine) == {
        dana_case: "Dana Customer",
        elodie_case: ELODIE,
        hostile_case: HOSTILE,  # data, verbatim: escaping is the page's job (text nodes)
    }
    assert all(row["customer_id"] for row in mine["items"])

    rename = customers.UpdateCustomer(elodie, {"name": "Élodie Martin"})
    customers.update_customer(container.uow_factory(), SYSTEM, rename)
    seen: dict[int, str | None] = {}
    cursor = None
    while True:  # one row per page: every page carries the name, the rename included
        params: dict[str, Any] = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        page = call("GET", CASES, org.h("super"), params=params)
        seen |= _names(page)
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == {
        dana_case: "Dana Customer",
        elodie_case: "Élodie Martin",
        hostile_case: HOSTILE,
    }


def test_names_reach_only_callers_who_may_list_those_cases(
    call: Call, org: Org, container: Container
) -> None:
    elodie = _customer(container, ELODIE)
    billing = _open(call, org, "ann", elodie)
    tech = _open(call, org, "sam", org.customer_id, queue="tech")
    # sam works tech only: ann's billing case (and its customer's name) stays out of his list
    assert _names(call("GET", CASES, org.h("sam"))) == {tech: "Dana Customer"}
    assert _names(call("GET", CASES, org.h("ben")))[billing] == ELODIE  # same queue and tier
    for refused in ("wfm", "trainer"):
        answer = call("GET", CASES, org.h(refused), 403)
        assert ELODIE not in str(answer) and "Dana" not in str(answer)


def test_a_page_and_its_names_are_one_statement_in_either_order(
    call: Call, org: Org, container: Container, crm_engine: Engine
) -> None:
    named = {_customer(container, f"Customer {n}"): f"Customer {n}" for n in range(6)}
    opened = {_open(call, org, "ann", customer_id): name for customer_id, name in named.items()}
    due = {case_id: MONDAY_9 + timedelta(minutes=10 * n) for n, case_id in enumerate(opened)}
    with crm_engine.begin() as connection:
        for case_id, at in due.items():
            values = {"sla_state": "ok", "sla_due_at": at}
            connection.execute(update(CaseRow).where(CaseRow.id == case_id).values(values))
    everything = CaseScope(everything=True)
    newest = CaseQuery(everything, limit=4)
    soonest = CaseQuery(
        everything, by_due=True, due_after=MONDAY_9 - timedelta(minutes=1),
        due_before=MONDAY_9 + timedelta(hours=2), limit=4,
    )  # fmt: skip
    with Session(crm_engine) as session:
        repo = SqlCaseRepository(session)
        repo.list(newest)  # warm: the first statement on a new connection may be a probe
        with sql_sent(crm_engine) as sent:
            first = repo.list(newest)
            later = repo.list(CaseQuery(everything, after=(first[-1].id,), limit=4))
            by_due = repo.list(soonest)
    assert len(sent) == 3, [statement for statement, _ in sent]
    newest_first = sorted(opened, reverse=True)
    assert [(r.id, r.customer_name) for r in first + later] == [
        (case_id, opened[case_id]) for case_id in newest_first
    ]
    soonest_first = sorted(opened, key=due.__getitem__)[:4]
    assert [(r.id, r.customer_name) for r in by_due] == [
        (case_id, opened[case_id]) for case_id in soonest_first
    ]


def test_the_join_leaves_the_keyset_plan_alone_on_sqlite(
    call: Call, org: Org, crm_engine: Engine
) -> None:
    """SQLite's plan is fixed by its indexes, so it can be pinned here; PostgreSQL chooses by
    table statistics, so its plan is checked on a loaded database instead (the benchmark)."""
    if crm_engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL plans by table statistics; checked on the benchmark's data")
    _open(call, org, "ann", org.customer_id)
    agent = CaseScope(False, org.ids["ann"], frozenset({"billing"}), 1)
    queries = [
        CaseQuery(agent),
        CaseQuery(CaseScope(everything=True), owner_ids=frozenset({org.ids["ann"]})),
        CaseQuery(CaseScope(everything=True), statuses=frozenset({"new"}), after=(10**6,)),
    ]
    with Session(crm_engine) as session:
        for query in queries:
            with sql_sent(crm_engine) as joined:
                SqlCaseRepository(session).list(query)
            alone = (
                select(*SUMMARY_COLUMNS)
                .where(*filters_of(query))
                .where(*([CaseRow.id < query.after[0]] if query.after else []))
                .order_by(CaseRow.id.desc())
                .limit(query.limit)
            )
            with sql_sent(crm_engine) as baseline:
                session.execute(alone).all()
            plan = _plan(session, *joined[-1])
            assert [line for line in plan if "customers" not in line] == _plan(
                session, *baseline[-1]
            ), plan
            probes = [line for line in plan if "customers" in line]  # newer SQLite: "LEFT-JOIN"
            assert len(probes) == 1, plan
            assert probes[0].startswith("SEARCH customers USING INTEGER PRIMARY KEY"), plan


def _plan(session: Session, statement: str, parameters: Any) -> list[str]:
    connection = session.connection()
    rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
    return [str(row[-1]) for row in rows]
