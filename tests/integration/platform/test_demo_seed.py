"""The demo organisation: what it contains, and that seeding twice changes nothing.

The CRM part is seeded as of a frozen clock, so the SLA states the demo agent sees can be
checked exactly, on a weekday morning and in the middle of a weekend night alike.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from tests.support.databases import FrozenClock

from frontline.bootstrap import Container, create_app
from frontline.domain.channels import Channel
from frontline.service.access import SYSTEM
from frontline.service.crm import sla_config
from frontline.service.crm.ports import CaseQuery, CaseScope
from frontline.service.crm.runtime import CrmRuntime
from frontline.service.demo_seed import DEMO_PASSWORD, seed_demo
from frontline.service.pagination import Page
from frontline.service.ports import AgentFilter, AuditFilter, UserFilter

WEDNESDAY_11 = datetime(2024, 1, 10, 11, 0, tzinfo=UTC)  # London is on UTC in January
SUNDAY_3 = datetime(2024, 1, 14, 3, 0, tzinfo=UTC)
DEMO_CASES = {
    "Charged twice for the March invoice",
    "Cannot log in after the password reset",
    "Update the billing address",
    "Line drops every evening",
    "Copy of last year's statements",
}


def crm_at(container: Container, moment: datetime) -> tuple[CrmRuntime, FrozenClock]:
    clock = FrozenClock(moment)
    return CrmRuntime(container.crm.uow, clock), clock


def stored_cases(container: Container) -> list[str]:
    with container.crm.uow() as uow:
        return [row.subject for row in uow.cases.list(CaseQuery(CaseScope(everything=True)))]


def test_seeding_twice_creates_everything_once(container: Container) -> None:
    crm, clock = crm_at(container, WEDNESDAY_11)
    first = seed_demo(container.uow_factory, container.hasher, crm)
    assert "user admin" in first.created and "queue general" in first.created
    assert {"sla policy Urgent", "sla policy Standard"} <= set(first.created)
    assert {f"case {subject}" for subject in DEMO_CASES} <= set(first.created)
    with container.uow_factory() as uow:
        audit_after_first = uow.audit.list(AuditFilter(), Page(limit=1)).total
    clock.advance(days=1)  # a restart the next day still finds the same records
    second = seed_demo(container.uow_factory, container.hasher, crm)
    assert second.created == []
    with container.uow_factory() as uow:
        assert uow.audit.list(AuditFilter(), Page(limit=1)).total == audit_after_first
        assert uow.users.list(UserFilter(), Page()).total == 14
    policies = sla_config.list_policies(container.crm.uow(), SYSTEM)
    assert sorted((p.priority, p.category, p.policy.name) for p in policies) == [
        ("*", "*", "Standard"),
        ("urgent", "*", "Urgent"),
    ]
    assert sorted(stored_cases(container)) == sorted(DEMO_CASES)


def test_a_demo_seeded_before_the_crm_part_gets_it_on_the_next_start(
    container: Container,
) -> None:
    seed_demo(container.uow_factory, container.hasher)
    assert stored_cases(container) == []
    assert sla_config.list_policies(container.crm.uow(), SYSTEM) == []
    crm, _ = crm_at(container, WEDNESDAY_11)
    later = seed_demo(container.uow_factory, container.hasher, crm)
    assert sorted(later.created) == sorted(
        ["sla policy Urgent", "sla policy Standard"] + [f"case {s}" for s in DEMO_CASES]
    )


def test_a_policy_already_covering_a_priority_is_left_alone(container: Container) -> None:
    own = {"priority": "urgent", "category": "*", "name": "Ours", "first_response_minutes": 5}
    sla_config.save_policy(container.crm.uow(), SYSTEM, own)
    crm, _ = crm_at(container, WEDNESDAY_11)
    report = seed_demo(container.uow_factory, container.hasher, crm)
    assert "sla policy Urgent" not in report.created and "sla policy Standard" in report.created
    policies = sla_config.list_policies(container.crm.uow(), SYSTEM)
    urgent = next(p for p in policies if p.priority == "urgent")
    assert urgent.policy.name == "Ours" and urgent.policy.first_response == timedelta(minutes=5)


@pytest.mark.parametrize(
    ("moment", "tech_support_due"),
    [
        (WEDNESDAY_11, datetime(2024, 1, 10, 14, 40, tzinfo=UTC)),  # 20 of 240 min used
        (SUNDAY_3, datetime(2024, 1, 15, 13, 0, tzinfo=UTC)),  # clock starts Monday 09:00
    ],
)
def test_the_demo_agent_sees_on_track_at_risk_and_breached_cases(
    container: Container,
    client_for: Callable[..., httpx.Client],
    moment: datetime,
    tech_support_due: datetime,
) -> None:
    crm, _ = crm_at(container, moment)
    seed_demo(container.uow_factory, container.hasher, crm)
    client = client_for(on=create_app(replace(container, crm=crm)))
    token = client.post(
        "/api/v1/auth/token", data={"username": "agent1", "password": DEMO_PASSWORD}
    )
    assert token.status_code == 200, token.text
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    response = client.get("/api/v1/cases", headers=headers)
    assert response.status_code == 200, response.text
    sla = {row["subject"]: row["sla"] for row in response.json()["items"]}
    assert {subject: s["state"] for subject, s in sla.items()} == {
        "Charged twice for the March invoice": "breached",
        "Cannot log in after the password reset": "warning",
        "Update the billing address": "ok",
        "Line drops every evening": "ok",
        "Copy of last year's statements": "paused",
    }
    due = {s: datetime.fromisoformat(v["due_at"]) for s, v in sla.items() if v["due_at"]}
    assert due["Charged twice for the March invoice"] == moment - timedelta(minutes=20)
    assert due["Cannot log in after the password reset"] == moment + timedelta(minutes=40)
    assert due["Line drops every evening"] == tech_support_due
    assert "Copy of last year's statements" not in due


def test_every_demo_agent_can_take_the_general_chat_queue(container: Container) -> None:
    seed_demo(container.uow_factory, container.hasher)
    with container.uow_factory() as uow:
        general = uow.queues.get_by_name("general")
        assert general is not None and general.channels == {Channel.CHAT}
        agents = uow.agents.list(AgentFilter(), Page()).items
        assert len(agents) == 12
        assert all(agent.can_serve(general) for agent in agents)
        admin = uow.users.get_by_username("admin")
        assert admin is not None
        assert container.hasher.verify(admin.password_hash, DEMO_PASSWORD)
