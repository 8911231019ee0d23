"""Teams, skills, agents and queues through the HTTP API, including who sees what."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from frontline.domain.org.roles import Role

Headers = dict[str, str]


def seed_skills(api: httpx.Client, admin: Headers, *names: str) -> None:
    for name in names:
        assert api.post("/api/v1/skills", headers=admin, json={"name": name}).status_code == 201


def test_agent_profile_with_skills_capacity_and_assignments(
    api: httpx.Client,
    admin: Headers,
    make_user: Callable[..., int],
    login: Callable[[str], Headers],
) -> None:
    seed_skills(api, admin, "billing", "french")
    team = api.post("/api/v1/teams", headers=admin, json={"name": "North"}).json()
    user_id = make_user("ada", Role.AGENT)
    created = api.post(
        "/api/v1/agents",
        headers=admin,
        json={
            "user_id": user_id,
            "team_id": team["id"],
            "skills": [{"skill": "Billing", "proficiency": 4}],
            "capacity": {"voice": 1, "chat": 3, "email": 5, "sms": 0},
        },
    )
    assert created.status_code == 201, created.text
    agent = created.json()
    assert agent["skills"] == [{"skill": "billing", "proficiency": 4}]
    assert agent["capacity"] == {"voice": 1, "chat": 3, "email": 5, "sms": 0}
    for name, channels, required in (
        ("billing", ["chat"], [{"skill": "billing", "min_proficiency": 3}]),
        ("french", ["chat"], [{"skill": "french", "min_proficiency": 1}]),
        ("sms-only", ["sms"], []),
    ):
        body = {"name": name, "channels": channels, "required_skills": required}
        assert api.post("/api/v1/queues", headers=admin, json=body).status_code == 201
    mine = api.get("/api/v1/agents/me", headers=login("ada")).json()
    assert mine["agent"]["id"] == agent["id"] and mine["team"]["name"] == "North"
    assert [q["name"] for q in mine["queues"]] == ["billing"]  # no french, no sms capacity


def test_agent_input_rules(
    api: httpx.Client, admin: Headers, make_user: Callable[..., int]
) -> None:
    seed_skills(api, admin, "billing")
    user_id = make_user("ada")
    bad = [
        {"user_id": user_id, "capacity": {"voice": 2}},
        {"user_id": user_id, "skills": [{"skill": "billing", "proficiency": 6}]},
        {"user_id": user_id, "skills": [{"skill": "billing", "proficiency": 2}] * 2},
    ]
    for payload in bad:
        assert api.post("/api/v1/agents", headers=admin, json=payload).status_code == 422
    unknown = {"user_id": user_id, "skills": [{"skill": "klingon", "proficiency": 2}]}
    response = api.post("/api/v1/agents", headers=admin, json=unknown)
    assert response.status_code == 422 and "klingon" in response.json()["detail"]
    assert api.post("/api/v1/agents", headers=admin, json={"user_id": 424242}).status_code == 404
    assert api.post("/api/v1/agents", headers=admin, json={"user_id": user_id}).status_code == 201
    assert api.post("/api/v1/agents", headers=admin, json={"user_id": user_id}).status_code == 409


def test_team_leads_see_only_agents_of_the_teams_they_lead(
    api: httpx.Client,
    admin: Headers,
    make_user: Callable[..., int],
    login: Callable[[str], Headers],
) -> None:
    lead_id = make_user("lead", Role.TEAM_LEAD)
    mine = api.post("/api/v1/teams", headers=admin, json={"name": "Mine", "lead_user_id": lead_id})
    other = api.post("/api/v1/teams", headers=admin, json={"name": "Other"})
    ids = {}
    for name, team in (("in-team", mine.json()["id"]), ("elsewhere", other.json()["id"])):
        body = {"user_id": make_user(name), "team_id": team}
        ids[name] = api.post("/api/v1/agents", headers=admin, json=body).json()["id"]
    lead = login("lead")
    listed = api.get("/api/v1/agents", headers=lead).json()
    assert [a["id"] for a in listed["items"]] == [ids["in-team"]] and listed["total"] == 1
    assert api.get(f"/api/v1/agents/{ids['in-team']}", headers=lead).status_code == 200
    assert api.get(f"/api/v1/agents/{ids['elsewhere']}", headers=lead).status_code == 404
    other_team = api.get(f"/api/v1/agents?team_id={other.json()['id']}", headers=lead).json()
    assert other_team["total"] == 0
    assert api.get("/api/v1/agents", headers=admin).json()["total"] == 2


def test_trainers_change_skills_but_not_capacity(
    api: httpx.Client,
    admin: Headers,
    make_user: Callable[..., int],
    as_role: Callable[[Role], Headers],
) -> None:
    seed_skills(api, admin, "billing")
    agent = api.post("/api/v1/agents", headers=admin, json={"user_id": make_user("ada")}).json()
    trainer = as_role(Role.TRAINER)
    skills = {"skills": [{"skill": "billing", "proficiency": 2}]}
    granted = api.put(f"/api/v1/agents/{agent['id']}/skills", headers=trainer, json=skills)
    assert granted.status_code == 200 and granted.json()["skills"][0]["proficiency"] == 2
    patch = api.patch(f"/api/v1/agents/{agent['id']}", headers=trainer, json={"team_id": None})
    assert patch.status_code == 403


def test_queue_settings_round_trip_and_filters(api: httpx.Client, admin: Headers) -> None:
    seed_skills(api, admin, "billing")
    body = {
        "name": "Billing",
        "channels": ["chat", "email"],
        "required_skills": [{"skill": "billing", "min_proficiency": 2}],
        "priority": 10,
        "service_level": {"percent": 80, "threshold_seconds": 20},
        "business_hours": {
            "timezone": "America/New_York",
            "windows": [{"day": "mon", "opens": "08:00", "closes": "20:00"}],
        },
    }
    created = api.post("/api/v1/queues", headers=admin, json=body)
    assert created.status_code == 201, created.text
    queue = created.json()
    assert queue["name"] == "billing" and queue["channels"] == ["chat", "email"]
    assert queue["service_level"] == {"percent": 80.0, "threshold_seconds": 20}
    assert queue["business_hours"]["windows"] == [
        {"day": "mon", "opens": "08:00", "closes": "20:00"}
    ]
    assert api.get("/api/v1/queues?channel=email", headers=admin).json()["total"] == 1
    assert api.get("/api/v1/queues?channel=voice", headers=admin).json()["total"] == 0
    assert api.get("/api/v1/queues?skill=billing", headers=admin).json()["total"] == 1
    changed = api.patch(
        f"/api/v1/queues/{queue['id']}",
        headers=admin,
        json={"business_hours": None, "priority": 50},
    )
    assert changed.json()["business_hours"] is None and changed.json()["priority"] == 50
    in_use = api.delete("/api/v1/skills/1", headers=admin)
    assert in_use.status_code == 409 and "billing" in in_use.json()["detail"]
    assert api.post("/api/v1/queues", headers=admin, json=body).status_code == 409
    wrong = [
        {**body, "name": "x1", "channels": []},
        {**body, "name": "x2", "channels": ["fax"]},
        {**body, "name": "x3", "service_level": {"percent": 120, "threshold_seconds": 20}},
        {**body, "name": "x4", "business_hours": {"timezone": "Mars/Base", "windows": []}},
        {
            **body,
            "name": "x5",
            "business_hours": {
                "timezone": "UTC",
                "windows": [{"day": "mon", "opens": "18:00", "closes": "08:00"}],
            },
        },
        {**body, "name": "x6", "priority": 101},
    ]
    for payload in wrong:
        assert api.post("/api/v1/queues", headers=admin, json=payload).status_code == 422, payload


def test_teams_with_agents_cannot_be_deleted(
    api: httpx.Client, admin: Headers, make_user: Callable[..., int]
) -> None:
    team = api.post("/api/v1/teams", headers=admin, json={"name": "North"}).json()
    api.post(
        "/api/v1/agents", headers=admin, json={"user_id": make_user("ada"), "team_id": team["id"]}
    )
    response = api.delete(f"/api/v1/teams/{team['id']}", headers=admin)
    assert response.status_code == 409
    assert api.post("/api/v1/teams", headers=admin, json={"name": "North"}).status_code == 409
