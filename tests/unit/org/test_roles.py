"""The role → permission table."""

from __future__ import annotations

from frontline.domain.org.roles import (
    ROLE_PERMISSIONS,
    Permission,
    Role,
    permissions_for,
    roles_granting,
)


def test_every_role_has_an_entry_and_can_read_its_own_profile() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)
    for role in Role:
        assert Permission.PROFILE_READ in ROLE_PERMISSIONS[role]


def test_every_permission_is_granted_to_some_role() -> None:
    for permission in Permission:
        assert roles_granting(permission), permission


def test_only_admins_manage_users_roles_and_read_the_audit() -> None:
    for permission in (Permission.USERS_MANAGE, Permission.ROLES_MANAGE, Permission.AUDIT_READ):
        assert roles_granting(permission) == {Role.ADMIN}


def test_agents_hold_nothing_but_their_own_profile_desktop_and_contacts() -> None:
    assert ROLE_PERMISSIONS[Role.AGENT] == {
        Permission.PROFILE_READ,
        Permission.DESKTOP_USE,
        Permission.INTERACTIONS_HANDLE,
        Permission.CASES_WORK,  # their own cases and their queues' cases up to their tier
        Permission.KB_READ,
    }


def test_team_leads_read_agents_of_their_teams_only() -> None:
    lead = ROLE_PERMISSIONS[Role.TEAM_LEAD]
    assert Permission.AGENTS_READ_TEAM in lead
    assert Permission.AGENTS_READ not in lead


def test_permission_names_follow_resource_colon_action() -> None:
    for permission in Permission:
        resource, _, action = permission.value.partition(":")
        assert resource and action and resource.replace("_", "").isalpha()


def test_permissions_of_several_roles_are_the_union() -> None:
    both = permissions_for([Role.TRAINER, Role.QA_ANALYST])
    assert both == ROLE_PERMISSIONS[Role.TRAINER] | ROLE_PERMISSIONS[Role.QA_ANALYST]
    assert permissions_for([]) == frozenset()
