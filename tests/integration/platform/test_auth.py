"""Logging in, tokens, the session cookie and login rate limiting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import httpx
from fastapi import FastAPI
from tests.integration.platform.conftest import SyncAsgiTransport

from frontline.bootstrap import Container, create_app
from frontline.domain.org.roles import Role
from frontline.domain.org.users import Principal
from frontline.entrypoints.http.security import SESSION_COOKIE
from frontline.service import users
from frontline.service.access import SYSTEM
from frontline.service.auth import PrincipalCache
from frontline.service.principal_refresh import PrincipalRefresher

Client = Callable[..., httpx.Client]
TOKEN = "/api/v1/auth/token"


def test_password_login_returns_a_bearer_token_that_identifies_the_user(
    api: httpx.Client, make_user: Callable[..., int], login: Callable[[str], dict[str, str]]
) -> None:
    make_user("ada", Role.SUPERVISOR)
    response = api.post(TOKEN, data={"username": "ADA", "password": "correct horse"})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["access_token"].count(".") == 2
    me = api.get("/api/v1/users/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json()["username"] == "ada" and me.json()["roles"] == ["supervisor"]


def test_wrong_password_and_unknown_user_get_the_same_401(
    api: httpx.Client, make_user: Callable[..., int]
) -> None:
    make_user("ada")
    wrong = api.post(TOKEN, data={"username": "ada", "password": "nope"})
    unknown = api.post(TOKEN, data={"username": "nobody", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "incorrect username or password"}


def test_bad_tokens_are_refused(api: httpx.Client) -> None:
    for value in ("Bearer nonsense", "Bearer ", "Basic YWRhOmRlbW8="):
        response = api.get("/api/v1/users/me", headers={"Authorization": value})
        assert response.status_code == 401


def test_session_cookie_is_httponly_secure_and_authenticates_the_browser(
    api: httpx.Client, make_user: Callable[..., int]
) -> None:
    make_user("ada")
    response = api.post(TOKEN, data={"username": "ada", "password": "correct horse"})
    cookie = response.headers["set-cookie"].lower()
    assert f"{SESSION_COOKIE}=" in cookie
    assert "httponly" in cookie and "secure" in cookie and "samesite=strict" in cookie
    assert api.get("/api/v1/users/me").json()["username"] == "ada"  # cookie only
    assert api.post("/api/v1/auth/logout").status_code == 204
    assert api.get("/api/v1/users/me").status_code == 401


def test_role_changes_and_deactivation_take_effect_on_existing_tokens(
    api: httpx.Client,
    admin: dict[str, str],
    make_user: Callable[..., int],
    login: Callable[[str], dict[str, str]],
) -> None:
    user_id = make_user("ada", Role.WFM_ANALYST)
    ada = login("ada")
    assert api.get("/api/v1/queues", headers=ada).status_code == 200
    api.put(f"/api/v1/users/{user_id}/roles", headers=admin, json={"roles": ["agent"]})
    assert api.get("/api/v1/queues", headers=ada).status_code == 403
    api.patch(f"/api/v1/users/{user_id}", headers=admin, json={"is_active": False})
    assert api.get("/api/v1/users/me", headers=ada).status_code == 401
    denied = api.post(TOKEN, data={"username": "ada", "password": "correct horse"})
    assert denied.status_code == 401


def test_login_is_rate_limited_per_username_and_per_address(
    build_app: Callable[..., FastAPI], client_for: Client, make_user: Callable[..., int]
) -> None:
    make_user("ada")
    limited = build_app(login_max_per_username=3, login_max_per_address=5, login_window_seconds=60)
    first = client_for("198.51.100.1", on=limited)
    for _ in range(3):
        assert first.post(TOKEN, data={"username": "ada", "password": "x"}).status_code == 401
    refused = first.post(TOKEN, data={"username": "ada", "password": "correct horse"})
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    # the username is locked from every address, even with the right password
    other = client_for("198.51.100.2", on=limited)
    assert (
        other.post(TOKEN, data={"username": "ada", "password": "correct horse"}).status_code == 429
    )
    # refused attempts are not counted: the first address has used 3 of its 5
    for name in ("bob", "carol"):
        assert first.post(TOKEN, data={"username": name, "password": "x"}).status_code == 401
    assert first.post(TOKEN, data={"username": "dave", "password": "x"}).status_code == 429
    assert other.post(TOKEN, data={"username": "dave", "password": "x"}).status_code == 401


def test_a_successful_login_resets_the_username_counter(
    build_app: Callable[..., FastAPI], client_for: Client, make_user: Callable[..., int]
) -> None:
    make_user("ada")
    limited = build_app(login_max_per_username=2)
    client = client_for(on=limited)
    for _ in range(5):
        assert client.post(TOKEN, data={"username": "ada", "password": "x"}).status_code == 401
        good = client.post(TOKEN, data={"username": "ada", "password": "correct horse"})
        assert good.status_code == 200


def test_login_form_input_is_validated(api: httpx.Client) -> None:
    assert api.post(TOKEN, data={"username": "ada"}).status_code == 422
    too_long = api.post(TOKEN, data={"username": "a" * 201, "password": "x"})
    assert too_long.status_code == 422
    nul = api.post(TOKEN, data={"username": "ada\x00", "password": "x"})
    assert nul.status_code == 401


def test_a_change_made_elsewhere_takes_effect_within_the_principal_cache_ttl(
    api: httpx.Client,
    container: Container,
    make_user: Callable[..., int],
    login: Callable[[str], dict[str, str]],
) -> None:
    """Another node or the CLI changes the user behind this server's back: its cached
    principal may serve the old roles, but never beyond the TTL."""
    now = [1000.0]
    app = create_app(replace(container, principals=PrincipalCache(5.0, lambda: now[0])))
    client = httpx.Client(transport=SyncAsgiTransport(app), base_url="https://testserver")
    user_id = make_user("ada", Role.WFM_ANALYST)
    ada = login("ada")
    assert client.get("/api/v1/queues", headers=ada).status_code == 200  # now cached
    deactivate = users.UpdateUser(user_id, {"is_active": False})
    users.update_user(container.uow_factory(), SYSTEM, deactivate)  # not through this app
    now[0] += 4.9
    assert client.get("/api/v1/queues", headers=ada).status_code == 200  # within the TTL
    now[0] += 0.2
    assert client.get("/api/v1/queues", headers=ada).status_code == 401
    client.close()


def test_changes_through_the_api_drop_the_cached_principal_at_once(
    api: httpx.Client,
    admin: dict[str, str],
    container: Container,
    make_user: Callable[..., int],
    login: Callable[[str], dict[str, str]],
) -> None:
    """Role, password and activation changes made through this server never wait for the
    TTL, even with a cache that would keep entries for an hour."""
    app = create_app(replace(container, principals=PrincipalCache(ttl_s=3600.0)))
    client = httpx.Client(transport=SyncAsgiTransport(app), base_url="https://testserver")
    user_id = make_user("ada", Role.WFM_ANALYST)
    ada = login("ada")
    assert client.get("/api/v1/queues", headers=ada).status_code == 200
    client.put(f"/api/v1/users/{user_id}/roles", headers=admin, json={"roles": ["agent"]})
    assert client.get("/api/v1/queues", headers=ada).status_code == 403
    client.patch(f"/api/v1/users/{user_id}", headers=admin, json={"is_active": False})
    assert client.get("/api/v1/users/me", headers=ada).status_code == 401
    client.close()


def test_a_lookup_racing_a_committed_change_does_not_cache_the_old_roles() -> None:
    cache = PrincipalCache(ttl_s=60.0)
    before = cache.generation()
    cache.invalidate([7])  # a change committed while the lookup was reading the old row
    cache.store(Principal(user_id=7, username="ada", roles=frozenset({Role.ADMIN})), before)
    assert cache.lookup(7) is None


def test_the_refresher_rereads_principals_in_use_together(
    container: Container, make_user: Callable[..., int]
) -> None:
    """Users in use are re-read in one go before their entries expire: a change made
    elsewhere arrives with the next period, an entry in use never expires, a disabled user
    is dropped, an idle one is left to expire, and a refresh that raced a committed change
    stores nothing."""
    now = [1000.0]
    cache = PrincipalCache(5.0, lambda: now[0])
    refresher = PrincipalRefresher(cache, container.uow_factory)
    ada_id, bob_id = make_user("ada", Role.WFM_ANALYST), make_user("bob", Role.AGENT)
    for user_id, username, role in ((ada_id, "ada", Role.WFM_ANALYST), (bob_id, "bob", Role.AGENT)):
        cache.store(Principal(user_id, username, frozenset({role})), cache.generation())
    users.set_roles(
        container.uow_factory(), SYSTEM, users.SetUserRoles(ada_id, frozenset({Role.SUPERVISOR}))
    )
    now[0] += 4.0
    assert cache.lookup(ada_id) is not None  # in use; bob is not looked up again
    assert refresher.refresh_once() == 2
    now[0] += 4.0  # 8 s after the first store: alive only because it was refreshed
    ada = cache.lookup(ada_id)
    assert ada is not None and ada.roles == frozenset({Role.SUPERVISOR})
    users.update_user(
        container.uow_factory(), SYSTEM, users.UpdateUser(ada_id, {"is_active": False})
    )
    assert refresher.refresh_once() == 2
    assert cache.lookup(ada_id) is None  # disabled: dropped at once
    now[0] += 70.0  # bob idle for over a minute: not re-read, left to expire
    assert refresher.refresh_once() == 0 and cache.lookup(bob_id) is None

    cache.store(Principal(bob_id, "bob", frozenset({Role.AGENT})), cache.generation())
    asked, generation = cache.in_use(60.0)
    cache.invalidate([bob_id])  # a change committed while the refresh was reading
    cache.refreshed(asked, {bob_id: Principal(bob_id, "bob", frozenset({Role.ADMIN}))}, generation)
    assert cache.lookup(bob_id) is None
