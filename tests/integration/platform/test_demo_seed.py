"""The demo organisation: what it contains, and that seeding twice changes nothing."""

from __future__ import annotations

from frontline.bootstrap import Container
from frontline.domain.channels import Channel
from frontline.service.demo_seed import DEMO_PASSWORD, seed_demo
from frontline.service.pagination import Page
from frontline.service.ports import AgentFilter, AuditFilter, UserFilter


def test_seeding_twice_creates_everything_once(container: Container) -> None:
    first = seed_demo(container.uow_factory, container.hasher)
    assert "user admin" in first.created and "queue general" in first.created
    with container.uow_factory() as uow:
        audit_after_first = uow.audit.list(AuditFilter(), Page(limit=1)).total
    second = seed_demo(container.uow_factory, container.hasher)
    assert second.created == []
    with container.uow_factory() as uow:
        assert uow.audit.list(AuditFilter(), Page(limit=1)).total == audit_after_first
        assert uow.users.list(UserFilter(), Page()).total == 14


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
