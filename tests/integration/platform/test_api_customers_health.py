"""Customer records and the health check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
from fastapi import FastAPI

from frontline.bootstrap import build_container, create_app
from frontline.config import Settings

Headers = dict[str, str]


def test_customers_are_normalised_and_found_by_any_identifier(
    api: httpx.Client, admin: Headers
) -> None:
    created = api.post(
        "/api/v1/customers",
        headers=admin,
        json={
            "name": "Ada Lovelace",
            "emails": ["Ada@Example.COM"],
            "phones": ["+44 20 7946 0000", "+1 (415) 555-0123"],
            "external_id": "CRM-1",
            "attributes": {"tier": "gold", "score": 9.5, "vip": True, "visits": 3, "note": None},
        },
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["emails"] == ["ada@example.com"]
    assert body["phones"] == ["+442079460000", "+14155550123"]
    for query in (
        "name=lovelace",
        "email=ADA@example.com",
        "phone=%2B14155550123",
        "phone=%2B44%2020%207946%200000",
        "external_id=CRM-1",
    ):
        found = api.get(f"/api/v1/customers?{query}", headers=admin).json()
        assert [c["id"] for c in found["items"]] == [body["id"]], query
    assert api.get("/api/v1/customers?name=turing", headers=admin).json()["total"] == 0


def test_bad_customer_input_is_refused_whole(api: httpx.Client, admin: Headers) -> None:
    bad = [
        {"name": "A", "phones": ["555-0123"]},
        {"name": "A", "phones": ["+999 1"]},
        {"name": "A", "emails": ["ada@"]},
        {"name": "A" * 201},
        {"name": ""},
        {"name": "A", "attributes": {"nested": {"no": 1}}},
        {"name": "A", "attributes": {"big": 2**60}},
        {"name": "A", "attributes": {"k" * 65: 1}},
        {"name": "A\x00"},
        {"name": "A", "external_id": "x" * 101},
    ]
    for payload in bad:
        response = api.post("/api/v1/customers", headers=admin, json=payload)
        assert response.status_code == 422, payload
    nan = api.post(
        "/api/v1/customers",
        headers={**admin, "Content-Type": "application/json"},
        content=b'{"name": "A", "attributes": {"x": NaN}}',
    )
    assert nan.status_code == 422
    assert api.get("/api/v1/customers", headers=admin).json()["total"] == 0


def test_external_ids_are_unique_and_updates_are_partial(api: httpx.Client, admin: Headers) -> None:
    first = api.post("/api/v1/customers", headers=admin, json={"name": "A", "external_id": "X"})
    second = api.post("/api/v1/customers", headers=admin, json={"name": "B"}).json()
    assert (
        api.post(
            "/api/v1/customers", headers=admin, json={"name": "C", "external_id": "X"}
        ).status_code
        == 409
    )
    clash = api.patch(f"/api/v1/customers/{second['id']}", headers=admin, json={"external_id": "X"})
    assert clash.status_code == 409
    renamed = api.patch(
        f"/api/v1/customers/{first.json()['id']}", headers=admin, json={"name": "A2"}
    )
    assert renamed.json()["external_id"] == "X" and renamed.json()["name"] == "A2"
    audit = api.get("/api/v1/audit?entity_type=customer", headers=admin).json()
    assert [e["action"] for e in audit["items"]] == ["update", "create", "create"]


def test_sql_like_strings_are_stored_verbatim(api: httpx.Client, admin: Headers) -> None:
    name = "Robert'); DROP TABLE customers;--"
    created = api.post("/api/v1/customers", headers=admin, json={"name": name})
    assert created.status_code == 201 and created.json()["name"] == name
    assert api.get("/api/v1/customers?name=DROP%20TABLE", headers=admin).json()["total"] == 1


def test_unknown_ids_and_out_of_range_ids(api: httpx.Client, admin: Headers) -> None:
    assert api.get("/api/v1/customers/424242", headers=admin).status_code == 404
    assert api.get("/api/v1/customers/99999999999999999999", headers=admin).status_code == 422
    assert api.get("/api/v1/customers/0", headers=admin).status_code == 422
    assert api.get("/api/v1/customers?offset=-1", headers=admin).status_code == 422
    assert api.get("/api/v1/customers?limit=501", headers=admin).status_code == 422


def test_healthz_reports_the_database(
    api: httpx.Client, build_app: Callable[..., FastAPI], client_for: Callable[..., httpx.Client]
) -> None:
    assert api.get("/healthz").json() == {"status": "ok", "database": "reachable"}
    app = build_app()
    app.state.frontline = type(app.state.frontline)(
        **{**vars(app.state.frontline), "database_reachable": lambda: False}
    )
    down = client_for(on=app).get("/healthz")
    assert down.status_code == 503 and down.json()["database"] == "unreachable"


def test_an_unreachable_database_is_a_503_not_a_500(
    tmp_path: Path, client_for: Callable[..., httpx.Client]
) -> None:
    settings = Settings(
        data_dir=tmp_path,
        database_url="postgresql+psycopg://nobody@127.0.0.1:1/none",
        secret_key="k" * 40,
        migrate_on_start=False,
    )
    container = build_container(settings)
    client = client_for(on=create_app(container))
    headers = {"Authorization": f"Bearer {container.tokens.issue(1, 'ada')}"}
    response = client.get("/api/v1/users/me", headers=headers)
    assert response.status_code == 503
    assert response.json() == {"detail": "the database is unavailable; try again shortly"}
    assert client.get("/healthz").status_code == 503
