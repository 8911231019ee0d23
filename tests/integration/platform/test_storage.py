"""Repositories, unit of work and migrations, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from frontline.adapters.db import migrate
from frontline.adapters.db.crm_tables import include_name
from frontline.adapters.db.tables import Base
from frontline.domain.channels import Channel
from frontline.domain.org.agents import Agent
from frontline.domain.org.customers import Customer
from frontline.domain.org.queues import BusinessHours, OpeningWindow, Queue, ServiceLevelTarget
from frontline.domain.org.roles import Role
from frontline.domain.org.skills import Skill
from frontline.domain.org.teams import Team
from frontline.domain.org.users import User
from frontline.service.pagination import Page
from frontline.service.ports import AgentFilter, CustomerFilter, QueueFilter, UnitOfWork, UserFilter

UowFactory = Callable[[], UnitOfWork]


def new_user(name: str, *roles: Role) -> User:
    return User(name, name.title(), frozenset(roles or {Role.AGENT}), "hash")


def test_migrations_match_the_models_and_are_idempotent(engine: Engine) -> None:
    migrate.upgrade(engine)  # second run: nothing to do
    assert migrate.current_revision(engine) == migrate.head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_nothing_is_stored_without_commit(uow: UowFactory) -> None:
    with uow() as work:
        work.users.add(new_user("ghost"))
    with uow() as work:
        assert work.users.get_by_username("ghost") is None


def test_user_round_trip_with_roles_replaced_in_place(uow: UowFactory) -> None:
    with uow() as work:
        user_id = work.users.add(new_user("ada", Role.AGENT, Role.TRAINER)).id
        work.commit()
    with uow() as work:
        stored = work.users.get(user_id)
        assert stored is not None and stored.roles == {Role.AGENT, Role.TRAINER}
        stored.roles = frozenset({Role.TRAINER, Role.ADMIN})
        work.users.save(stored)
        work.commit()
    with uow() as work:
        again = work.users.get(user_id)
        assert again is not None and again.roles == {Role.TRAINER, Role.ADMIN}


def test_unique_usernames_are_enforced_by_the_database_too(uow: UowFactory) -> None:
    with uow() as work:
        work.users.add(new_user("ada"))
        work.commit()
    with uow() as work, pytest.raises(IntegrityError):
        work.users.add(new_user("ada"))


def test_agents_queues_and_filters(uow: UowFactory) -> None:
    with uow() as work:
        for name in ("billing", "french"):
            work.skills.add(Skill(name))
        team = work.teams.add(Team("North"))
        ada = work.users.add(new_user("ada"))
        bob = work.users.add(new_user("bob"))
        work.agents.add(Agent(ada.id, team.id, {"billing": 4}, {Channel.CHAT: 3}))
        work.agents.add(Agent(bob.id, None, {"french": 2}, {Channel.VOICE: 1}))
        hours = BusinessHours("Europe/Paris", (OpeningWindow(0, 480, 1080),))
        work.queues.add(
            Queue(
                "fr",
                frozenset({Channel.VOICE}),
                {"french": 2},
                5,
                ServiceLevelTarget(90, 15),
                hours,
            )
        )
        work.queues.add(
            Queue("billing", frozenset({Channel.CHAT, Channel.EMAIL}), {"billing": 1}, 9)
        )
        work.commit()
    with uow() as work:
        page = Page(limit=10)
        by_skill = work.agents.list(AgentFilter(skill="billing"), page)
        assert [a.user_id for a in by_skill.items] == [ada.id]
        assert work.agents.list(AgentFilter(channel=Channel.VOICE), page).items[0].user_id == bob.id
        assert work.agents.list(AgentFilter(team_ids=frozenset()), page).total == 0
        in_team = work.users.list(UserFilter(team_id=team.id), page)
        assert [u.username for u in in_team.items] == ["ada"]
        queues = work.queues.list(QueueFilter(), page).items
        assert [q.name for q in queues] == ["billing", "fr"]  # highest priority first
        assert queues[1].business_hours == hours
        assert queues[1].service_level == ServiceLevelTarget(90, 15)
        assert work.queues.list(QueueFilter(skill="french"), page).items[0].name == "fr"
        assert work.skills.missing(["billing", "nope"]) == {"nope"}
        billing = work.skills.get_by_name("billing")
        assert billing is not None and work.skills.in_use(billing.id)


def test_agent_skill_levels_update_in_place(uow: UowFactory) -> None:
    with uow() as work:
        work.skills.add(Skill("billing"))
        work.skills.add(Skill("french"))
        user = work.users.add(new_user("ada"))
        agent = work.agents.add(Agent(user.id, skills={"billing": 1}))
        work.commit()
    with uow() as work:
        agent.skills = {"billing": 5, "french": 3}
        work.agents.save(agent)
        work.commit()
    with uow() as work:
        stored = work.agents.get(agent.id)
        assert stored is not None and stored.skills == {"billing": 5, "french": 3}


def test_agent_ids_by_user_in_one_query(uow: UowFactory) -> None:
    with uow() as work:
        ada, bob, eve = (work.users.add(new_user(n)) for n in ("ada", "bob", "eve"))
        ada_agent = work.agents.add(Agent(ada.id))
        bob_agent = work.agents.add(Agent(bob.id))
        work.commit()
    with uow() as work:
        assert work.agents.ids_by_user([ada.id, eve.id, bob.id, 4242]) == {
            ada.id: ada_agent.id,
            bob.id: bob_agent.id,
        }
        assert work.agents.ids_by_user([]) == {}


def test_pagination_reports_the_total_behind_the_page(uow: UowFactory) -> None:
    with uow() as work:
        for n in range(7):
            work.customers.add(Customer(f"Customer {n}", phones=(f"+1415555{n:04d}",)))
        work.commit()
    with uow() as work:
        page = work.customers.list(CustomerFilter(), Page(limit=3, offset=6))
        assert page.total == 7 and [c.name for c in page.items] == ["Customer 6"]
        found = work.customers.list(CustomerFilter(phone="+14155550003"), Page())
        assert [c.name for c in found.items] == ["Customer 3"]


def test_search_text_is_data_not_sql(uow: UowFactory) -> None:
    with uow() as work:
        work.customers.add(Customer("O'Brien; DROP TABLE customers;--", attributes={"x": "%_"}))
        work.customers.add(Customer("100% real"))
        work.commit()
    with uow() as work:
        hits = work.customers.list(CustomerFilter(name_contains="drop table"), Page()).items
        assert [c.attributes for c in hits] == [{"x": "%_"}]
        percent = work.customers.list(CustomerFilter(name_contains="0%"), Page()).items
        assert [c.name for c in percent] == ["100% real"]  # % is literal, not a wildcard
        assert work.customers.list(CustomerFilter(name_contains="_"), Page()).total == 0
