"""Roles, named permissions and the one table that maps one to the other.

Endpoints and use cases ask for a *permission*, never for a role, so a new capability only adds
permissions here and decides which roles get them; nothing else in the code names a role.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    """Job functions in a contact center; a user may hold several."""

    AGENT = "agent"
    TEAM_LEAD = "team_lead"
    SUPERVISOR = "supervisor"
    QA_ANALYST = "qa_analyst"
    TRAINER = "trainer"
    WFM_ANALYST = "wfm_analyst"
    ADMIN = "admin"


class Permission(StrEnum):
    """What an endpoint may demand; `resource:action` so the list stays greppable as it grows."""

    PROFILE_READ = "profile:read"  # one's own user and agent profile, nothing else
    USERS_READ = "users:read"
    USERS_MANAGE = "users:manage"
    ROLES_READ = "roles:read"
    ROLES_MANAGE = "roles:manage"
    TEAMS_READ = "teams:read"
    TEAMS_MANAGE = "teams:manage"
    AGENTS_READ = "agents:read"
    AGENTS_READ_TEAM = "agents:read_team"  # only agents of teams the caller leads
    AGENTS_MANAGE = "agents:manage"
    AGENT_SKILLS_MANAGE = "agent_skills:manage"
    SKILLS_READ = "skills:read"
    SKILLS_MANAGE = "skills:manage"
    QUEUES_READ = "queues:read"
    QUEUES_MANAGE = "queues:manage"
    CUSTOMERS_READ = "customers:read"
    CUSTOMERS_MANAGE = "customers:manage"
    AUDIT_READ = "audit:read"
    DESKTOP_USE = "desktop:use"  # one's own agent desktop: presence, offers
    INTERACTIONS_HANDLE = "interactions:handle"  # reply to, transfer, end, wrap up own contacts
    STATS_READ = "stats:read"  # the realtime wallboard, every queue and agent
    STATS_READ_TEAM = "stats:read_team"  # the wallboard limited to the teams the caller leads
    CASES_WORK = "cases:work"  # own cases and cases of one's queues up to one's tier
    CASES_READ = "cases:read"  # every case, views and exports
    CASES_MANAGE = "cases:manage"  # edit and assign any case
    SLA_MANAGE = "sla:manage"  # SLA policies, calendars, escalation rules
    KB_READ = "kb:read"  # knowledge-base articles, internal and public
    KB_MANAGE = "kb:manage"
    SCRIPTS_MANAGE = "scripts:manage"  # author guided call scripts
    SCHEDULES_READ = "schedules:read"  # every schedule, adherence and its alerts
    SCHEDULES_READ_TEAM = "schedules:read_team"  # the same, for the teams the caller leads
    SCHEDULES_MANAGE = "schedules:manage"  # create, edit and publish schedules
    FLOWS_READ = "flows:read"  # self-service flows, their versions and analytics
    FLOWS_MANAGE = "flows:manage"  # upload and publish self-service flows


_P = Permission
_EVERYONE = frozenset({_P.PROFILE_READ})
_ORG_READ = frozenset({_P.TEAMS_READ, _P.SKILLS_READ, _P.QUEUES_READ})
_LIVE_WORK = frozenset({_P.DESKTOP_USE, _P.INTERACTIONS_HANDLE})
_CASE_WORK = frozenset({_P.CASES_WORK, _P.KB_READ})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.AGENT: _EVERYONE | _LIVE_WORK | _CASE_WORK,
    Role.TEAM_LEAD: _EVERYONE
    | _ORG_READ
    | _CASE_WORK
    | {_P.AGENTS_READ_TEAM, _P.CUSTOMERS_READ, _P.STATS_READ_TEAM, _P.CASES_READ}
    | {_P.SCHEDULES_READ_TEAM},
    Role.SUPERVISOR: _EVERYONE
    | _ORG_READ
    | {
        _P.AGENTS_READ,
        _P.AGENTS_MANAGE,
        _P.AGENT_SKILLS_MANAGE,
        _P.TEAMS_MANAGE,
        _P.SKILLS_MANAGE,
        _P.QUEUES_MANAGE,
        _P.CUSTOMERS_READ,
        _P.CUSTOMERS_MANAGE,
        _P.STATS_READ,
        *_CASE_WORK,
        _P.CASES_READ,
        _P.CASES_MANAGE,
        _P.SLA_MANAGE,
        _P.KB_MANAGE,
        _P.SCHEDULES_READ,
        _P.FLOWS_READ,
    },
    Role.QA_ANALYST: _EVERYONE
    | _ORG_READ
    | {_P.AGENTS_READ, _P.CUSTOMERS_READ, _P.CASES_READ, _P.KB_READ},
    Role.TRAINER: _EVERYONE
    | _ORG_READ
    | {_P.AGENTS_READ, _P.AGENT_SKILLS_MANAGE, _P.KB_READ, _P.KB_MANAGE, _P.SCRIPTS_MANAGE},
    Role.WFM_ANALYST: _EVERYONE
    | _ORG_READ
    | {_P.AGENTS_READ, _P.SCHEDULES_READ, _P.SCHEDULES_MANAGE},
    Role.ADMIN: frozenset(Permission)
    - {_P.AGENTS_READ_TEAM, _P.STATS_READ_TEAM, _P.SCHEDULES_READ_TEAM},
}
"""Who may do what. Admins hold everything except the narrowed team-only reads. Agents work
their own contacts; anyone who also takes contacts (a team lead on the phones) is given the
agent role as well."""


def permissions_for(roles: Iterable[Role]) -> frozenset[Permission]:
    """The union of the permissions of every role held."""
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)


def roles_granting(permission: Permission) -> frozenset[Role]:
    """Every role that holds ``permission``; the refusal matrix is the complement of this."""
    return frozenset(role for role, perms in ROLE_PERMISSIONS.items() if permission in perms)
