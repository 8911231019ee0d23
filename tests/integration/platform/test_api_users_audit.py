"""Users, roles and the audit trail through the HTTP API."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from frontline.domain.org.roles import Role

Headers = dict[str, str]


def test_admin_creates_lists_and_filters_users(api: httpx.Client, admin: Headers) -> None:
    created = api.post(
        "/api/v1/users",
        headers=admin,
        json={
            "username": "Grace",
            "password": "s3cret!",
            "roles": ["supervisor"],
            "email": "Grace@Example.ORG",
        },
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["username"] == "grace" and body["email"] == "grace@example.org"
    assert "password" not in str(body).lower().replace("permissions", "")
    supervisors = api.get("/api/v1/users?role=supervisor", headers=admin).json()
    assert [u["username"] for u in supervisors["items"]] == ["grace"]
    page = api.get("/api/v1/users?limit=1&offset=1", headers=admin).json()
    assert page["total"] == 2 and page["limit"] == 1 and len(page["items"]) == 1


def test_duplicate_usernames_are_a_409_and_nothing_is_half_written(
    api: httpx.Client, admin: Headers
) -> None:
    payload = {"username": "grace", "password": "s3cret!", "roles": ["agent"]}
    assert api.post("/api/v1/users", headers=admin, json=payload).status_code == 201
    again = api.post("/api/v1/users", headers=admin, json={**payload, "username": "GRACE"})
    assert again.status_code == 409
    assert again.json()["detail"] == "username 'grace' is already taken"
    assert api.get("/api/v1/users", headers=admin).json()["total"] == 2
    creations = api.get("/api/v1/audit?entity_type=user", headers=admin).json()["items"]
    assert [e["changes"]["username"][1] for e in creations] == ["grace", "the-admin"]


def test_bad_user_input_is_a_clear_422(api: httpx.Client, admin: Headers) -> None:
    cases = [
        {"username": "x", "password": "s3cret!", "roles": []},
        {"username": "x", "password": "s3cret!", "roles": ["king"]},
        {"username": "has space", "password": "s3cret!", "roles": ["agent"]},
        {"username": "x", "password": "abc", "roles": ["agent"]},
        {"username": "x", "password": "s3cret!", "roles": ["agent"], "email": "nope"},
        {"username": "x", "password": "s3cret!", "roles": ["agent"], "display_name": "d" * 201},
        {"username": "x", "password": "s3cret!", "roles": ["agent"], "is_admin": True},
        {"username": 5, "password": "s3cret!", "roles": ["agent"]},
    ]
    for payload in cases:
        response = api.post("/api/v1/users", headers=admin, json=payload)
        assert response.status_code == 422, payload
    broken = api.post(
        "/api/v1/users",
        headers={**admin, "Content-Type": "application/json"},
        content=b'{"username": ',
    )
    assert broken.status_code == 422
    assert "JSON" in broken.text
    assert api.get("/api/v1/users", headers=admin).json()["total"] == 1


def test_admins_cannot_lock_themselves_out(api: httpx.Client, admin: Headers) -> None:
    me = api.get("/api/v1/users/me", headers=admin).json()
    assert api.delete(f"/api/v1/users/{me['id']}", headers=admin).status_code == 403
    demote = api.put(f"/api/v1/users/{me['id']}/roles", headers=admin, json={"roles": ["agent"]})
    assert demote.status_code == 403
    assert (
        api.patch(f"/api/v1/users/{me['id']}", headers=admin, json={"is_active": False}).status_code
        == 403
    )


def test_every_change_is_audited_with_who_when_and_what(
    api: httpx.Client, admin: Headers, make_user: Callable[..., int]
) -> None:
    user_id = make_user("ada", Role.AGENT)
    api.put(f"/api/v1/users/{user_id}/roles", headers=admin, json={"roles": ["team_lead"]})
    api.put(f"/api/v1/users/{user_id}/password", headers=admin, json={"password": "n3w-pass"})
    api.patch(f"/api/v1/users/{user_id}", headers=admin, json={"display_name": "Ada L."})
    api.delete(f"/api/v1/users/{user_id}", headers=admin)
    entries = api.get(f"/api/v1/audit?entity_type=user&entity_id={user_id}", headers=admin).json()
    actions = [(e["action"], sorted(e["changes"])) for e in reversed(entries["items"])]
    assert actions == [
        ("create", ["display_name", "is_active", "password_hash", "roles", "username"]),
        ("update", ["roles"]),
        ("update", ["password_hash"]),
        ("update", ["display_name"]),
        ("delete", ["display_name", "is_active", "password_hash", "roles", "username"]),
    ]
    role_change = entries["items"][3]
    assert role_change["changes"]["roles"] == [["agent"], ["team_lead"]]
    assert role_change["actor_username"] == "the-admin"
    assert role_change["at"].endswith("Z") or role_change["at"].endswith("+00:00")
    old, new = entries["items"][2]["changes"]["password_hash"]
    assert old != new and old.startswith("<secret ") and "argon2" not in old + new


def test_patch_refuses_null_for_required_fields(api: httpx.Client, admin: Headers) -> None:
    me = api.get("/api/v1/users/me", headers=admin).json()
    response = api.patch(f"/api/v1/users/{me['id']}", headers=admin, json={"display_name": None})
    assert response.status_code == 422
    assert "display_name cannot be null" in response.text


def test_roles_endpoint_publishes_the_permission_table(api: httpx.Client, admin: Headers) -> None:
    roles = {r["name"]: r["permissions"] for r in api.get("/api/v1/roles", headers=admin).json()}
    assert set(roles) == {role.value for role in Role}
    assert roles["agent"] == [
        "cases:work",
        "desktop:use",
        "interactions:handle",
        "kb:read",
        "profile:read",
    ]
