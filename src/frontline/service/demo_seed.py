"""The demo organisation: logins, skills, teams, queues, customers and (given the CRM runtime)
SLA policies and open cases, to explore the product.

Idempotent: each record is created only if missing (by its unique name), so running the demo
twice neither duplicates nor overwrites anything. Demo only; ``serve`` never creates users.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from frontline.domain.channels import Channel
from frontline.domain.org.queues import BusinessHours, OpeningWindow, ServiceLevelTarget
from frontline.domain.org.roles import Role
from frontline.service import agents, customers, queues, skills, teams, users
from frontline.service.access import SYSTEM
from frontline.service.crm.runtime import CrmRuntime
from frontline.service.demo_seed_crm import seed_crm
from frontline.service.ports import PasswordHasher, UnitOfWork

DEMO_PASSWORD = "demo"  # noqa: S105 - the documented demo login, never used by `serve`
AGENT_COUNT = 12
SKILLS = {
    "english": "Speaks English",
    "french": "Speaks French",
    "billing": "Invoices, payments and refunds",
    "tech_support": "Troubleshooting the product",
}
WEEKDAYS_9_TO_17 = tuple(OpeningWindow(day, 9 * 60, 17 * 60) for day in range(5))
DEMO_CHATS_PER_MINUTE = {"general": 3.0, "billing": 2.0, "tech-support": 1.5}
"""The simulated customers' arrival rates (chats per minute per queue) in ``frontline demo``."""


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)

    @property
    def logins(self) -> list[str]:
        return ["admin", "supervisor"] + [f"agent{n}" for n in range(1, AGENT_COUNT + 1)]


def _agent_skills(n: int) -> dict[str, int]:
    levels = {"english": 3 + n % 3}
    if n % 2 == 0:
        levels["billing"] = 2 + n % 4
    if n % 3 == 0:
        levels["tech_support"] = 3 + n % 3
    if n > 9:
        levels["french"] = 4
    return levels


def seed_demo(
    make_uow: Callable[[], UnitOfWork], hasher: PasswordHasher, crm: CrmRuntime | None = None
) -> SeedReport:
    """Create whatever part of the demo organisation is missing; report what was created.

    With ``crm`` the CRM part is seeded too (`demo_seed_crm`), as of ``crm.clock``; callers
    that only need the people and queues (fixtures of unrelated tests) leave it out.
    """
    report = SeedReport()

    def ensure_user(username: str, role: Role) -> int:
        with make_uow() as uow:
            existing = uow.users.get_by_username(username)
        if existing is not None:
            return existing.id
        report.created.append(f"user {username}")
        cmd = users.CreateUser(username, DEMO_PASSWORD, frozenset({role}), username.title())
        return users.create_user(make_uow(), SYSTEM, cmd, hasher).id

    for name, description in SKILLS.items():
        with make_uow() as uow:
            missing = uow.skills.get_by_name(name) is None
        if missing:
            skills.create_skill(make_uow(), SYSTEM, skills.CreateSkill(name, description))
            report.created.append(f"skill {name}")

    ensure_user("admin", Role.ADMIN)
    supervisor_id = ensure_user("supervisor", Role.SUPERVISOR)
    team_ids = []
    for team_name in ("Team North", "Team South"):
        with make_uow() as uow:
            team = uow.teams.get_by_name(team_name)
        if team is None:
            cmd = teams.CreateTeam(team_name, "Demo team", supervisor_id)
            team = teams.create_team(make_uow(), SYSTEM, cmd)
            report.created.append(f"team {team_name}")
        team_ids.append(team.id)

    for n in range(1, AGENT_COUNT + 1):
        user_id = ensure_user(f"agent{n}", Role.AGENT)
        with make_uow() as uow:
            has_profile = uow.agents.get_by_user(user_id) is not None
        if not has_profile:
            team_id = team_ids[(n - 1) * len(team_ids) // AGENT_COUNT]
            profile = agents.CreateAgent(user_id, team_id, _agent_skills(n))
            agents.create_agent(make_uow(), SYSTEM, profile)

    _seed_queues(make_uow, report)
    _seed_customers(make_uow, report)
    if crm is not None:
        report.created += seed_crm(crm)
    return report


def _seed_queues(make_uow: Callable[[], UnitOfWork], report: SeedReport) -> None:
    office = BusinessHours("Europe/London", WEEKDAYS_9_TO_17)
    demo_queues = [
        queues.CreateQueue("general", frozenset({Channel.CHAT}), description="Anyone can help"),
        queues.CreateQueue(
            "billing",
            frozenset({Channel.CHAT, Channel.EMAIL}),
            {"billing": 2},
            priority=10,
            service_level=ServiceLevelTarget(80, 30),
        ),
        queues.CreateQueue(
            "tech-support",
            frozenset({Channel.VOICE, Channel.CHAT}),
            {"tech_support": 3},
            priority=20,
            service_level=ServiceLevelTarget(80, 20),
            business_hours=office,
        ),
        queues.CreateQueue("french", frozenset({Channel.CHAT}), {"french": 3}, priority=5),
        queues.CreateQueue(
            "support-email",
            frozenset({Channel.EMAIL}),
            description="Customer email (when the email channel is configured)",
            service_level=ServiceLevelTarget(80, 4 * 3600),
        ),
    ]
    for cmd in demo_queues:
        with make_uow() as uow:
            missing = uow.queues.get_by_name(cmd.name) is None
        if missing:
            queues.create_queue(make_uow(), SYSTEM, cmd)
            report.created.append(f"queue {cmd.name}")


def _seed_customers(make_uow: Callable[[], UnitOfWork], report: SeedReport) -> None:
    demo_customers = [
        customers.CreateCustomer(
            "Ada Lovelace", ["ada@example.com"], ["+442079460000"], "CRM-0001", {"tier": "gold"}
        ),
        customers.CreateCustomer(
            "Grace Hopper", ["grace@example.org"], ["+14155550123"], "CRM-0002", {"tier": "silver"}
        ),
        customers.CreateCustomer("Alan Turing", [], ["+447700900123"], "CRM-0003"),
    ]
    for cmd in demo_customers:
        assert cmd.external_id is not None
        with make_uow() as uow:
            missing = uow.customers.get_by_external_id(cmd.external_id) is None
        if missing:
            customers.create_customer(make_uow(), SYSTEM, cmd)
            report.created.append(f"customer {cmd.name}")
