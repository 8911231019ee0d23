"""The refusal matrix: every route declares a permission, and every role without it is refused.

Routes are discovered from ``app.routes``, so an endpoint added without ``require(...)`` fails
here. Beyond the table, a few policies are spelled out by hand (what an agent may reach, who
sees customers, who manages users), so a careless edit of the role table also fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from frontline.domain.org.roles import ROLE_PERMISSIONS, Role
from frontline.entrypoints.http.permissions_catalogue import api_routes as all_api_routes
from frontline.entrypoints.http.permissions_catalogue import declared_permissions, declared_public
from frontline.entrypoints.http.security import FRAMEWORK_PATHS

Headers = Callable[[Role], dict[str, str]]


def api_routes(app: FastAPI) -> list[tuple[str, str, APIRoute]]:
    """Every (method, path, route) that needs a caller: public and framework routes left out."""
    return [
        (method, route.path, route)
        for route in all_api_routes(app.routes)
        for method in sorted(route.methods or ())
        if route.path not in FRAMEWORK_PATHS and not declared_public(route)
    ]


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "999999", path)  # no such record: allowed roles get 404


def reachable(role: Role, route: APIRoute) -> bool:
    return bool(declared_permissions(route) & ROLE_PERMISSIONS[role])


def test_every_route_is_public_or_declares_a_permission(app: FastAPI) -> None:
    routes = list(all_api_routes(app.routes))
    undeclared = [
        route.path
        for route in routes
        if route.path not in FRAMEWORK_PATHS
        and not declared_public(route)
        and not declared_permissions(route)
    ]
    assert undeclared == []
    both = [r.path for r in routes if declared_public(r) and declared_permissions(r)]
    assert both == []
    public = sorted({r.path for r in routes if declared_public(r)})
    assert public == sorted(PUBLIC_PATHS)
    assert len(api_routes(app)) >= 30


def test_unauthenticated_callers_get_401_everywhere_but_public_routes(
    app: FastAPI, api: httpx.Client
) -> None:
    for method, path, _ in api_routes(app):
        response = api.request(method, concrete(path))
        assert response.status_code == 401, f"{method} {path}: {response.status_code}"
        assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("role", list(Role))
def test_each_role_is_refused_exactly_where_it_lacks_the_permission(
    role: Role, app: FastAPI, api: httpx.Client, as_role: Headers
) -> None:
    headers = as_role(role)
    checked = 0
    for method, path, route in api_routes(app):
        response = api.request(method, concrete(path), headers=headers, json={})
        if reachable(role, route):
            assert response.status_code not in (401, 403), f"{role} {method} {path}"
        else:
            assert response.status_code == 403, f"{role} {method} {path}: {response.text}"
            assert "permission" in response.json()["detail"]
        checked += 1
    assert checked >= 30


PUBLIC_PATHS = {
    "/",
    "/api/v1/auth/token",
    "/healthz",
    # the browser pages are empty shells; their data comes from the API with a token
    "/agent",
    "/wallboard",
    "/chat-demo",
    "/widget.js",
    # the customer chat: authenticated by each session's own token, rate-limited
    "/api/v1/chat/sessions",
    "/api/v1/chat/sessions/{session_id}/messages",
    "/api/v1/chat/sessions/{session_id}/typing",
    "/api/v1/chat/sessions/{session_id}/end",
    # the carrier's voice webhooks: verified by their HMAC signature instead of a login
    "/voice/incoming",
    "/voice/gather",
    "/voice/status",
    "/voice/recording",
    "/voice/wait",
}

_INTERACTION = "/api/v1/interactions/{interaction_id}"
AGENT_REACHES = {
    ("GET", "/api/v1/users/me"),
    ("GET", "/api/v1/agents/me"),
    ("POST", "/api/v1/auth/logout"),
    # the agent's own desktop and the contacts offered to or handled by it
    ("GET", "/api/v1/agents/me/desktop"),
    ("PUT", "/api/v1/agents/me/state"),
    ("GET", "/api/v1/agents/me/schedule"),  # their own published schedule only
    ("GET", _INTERACTION),
    *(
        ("POST", f"{_INTERACTION}/{action}")
        for action in ("accept", "decline", "messages", "typing", "transfer", "end", "wrap-up")
    ),
    # only for a customer whose contact the agent holds right now (else 404)
    ("GET", "/api/v1/customers/{customer_id}/interactions"),
    # the screen-pop: customers it serves now or owns a case of (else 404)
    ("GET", "/api/v1/customers/{customer_id}/timeline"),
    ("POST", f"{_INTERACTION}/case"),  # a case from the contact it handles
    # cases they own or of their queues up to their tier (else 404), the knowledge base,
    # the guided scripts of the contacts they handle, and reading the SLA rules they work to
    *(("GET", f"/api/v1/cases{tail}") for tail in ("", "/{case_id}", "/{case_id}/customer-view")),
    ("POST", "/api/v1/cases"),
    ("PATCH", "/api/v1/cases/{case_id}"),
    *(
        ("POST", f"/api/v1/cases/{{case_id}}/{action}")
        for action in ("status", "entries", "escalate", "interactions")
    ),
    *(("GET", f"/api/v1/kb/{tail}") for tail in ("search", "articles", "articles/{article_id}")),
    ("GET", "/api/v1/kb/articles/{article_id}/versions"),
    ("GET", "/api/v1/scripts"),
    ("GET", "/api/v1/scripts/{script_id}"),
    ("GET", "/api/v1/script-runs/{interaction_id}"),
    *(
        ("POST", f"/api/v1/script-runs/{{interaction_id}}{tail}")
        for tail in ("", "/answer", "/back")
    ),
    ("GET", "/api/v1/sla/policies"),
    ("GET", "/api/v1/sla/calendars/{queue}"),
}


def test_policy_agents_reach_only_their_own_profile(app: FastAPI) -> None:
    reached = {
        (method, path) for method, path, route in api_routes(app) if reachable(Role.AGENT, route)
    }
    assert reached == AGENT_REACHES


def test_policy_only_admins_manage_users_roles_and_read_the_audit(app: FastAPI) -> None:
    for method, path, route in api_routes(app):
        if path.startswith(("/api/v1/users", "/api/v1/roles", "/api/v1/audit")) and (
            (method, path) not in AGENT_REACHES
        ):
            holders = {role for role in Role if reachable(role, route)}
            assert holders == {Role.ADMIN}, f"{method} {path}: {holders}"


def test_policy_customer_data_is_hidden_from_wfm_trainers_and_agents(app: FastAPI) -> None:
    customer_routes = [
        (method, path, r)
        for method, path, r in api_routes(app)
        if path.startswith("/api/v1/customers")
    ]
    assert customer_routes
    for method, path, route in customer_routes:
        for role in (Role.AGENT, Role.WFM_ANALYST, Role.TRAINER):
            if role is Role.AGENT and (method, path) in AGENT_REACHES:
                continue  # the history of the customer the agent is serving, nothing else
            assert not reachable(role, route)
