"""Case list views with keyset paging, the CSV export, and the all-or-nothing CSV import."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import httpx

Call = Callable[..., Any]
CASES = "/api/v1/cases"
IMPORT = "/api/v1/customers/import"


def open_case(call: Call, org: Any, who: str, **fields: Any) -> int:
    body = {"customer_id": org.customer_id, "subject": "Case", "queue": "billing", **fields}
    return int(call("POST", CASES, org.h(who), 201, json=body)["id"])


def test_views_filters_and_keyset_pages(call: Call, org: Any, clock: Any) -> None:
    mine = [open_case(call, org, "ann", subject=f"Ann {n}") for n in range(5)]
    bens = [open_case(call, org, "ben", subject=f"Ben {n}", priority="high") for n in range(3)]
    for case_id in mine[:2]:
        clock.advance(minutes=1)
        call("POST", f"{CASES}/{case_id}/status", org.h("ann"), json={"status": "on_hold"})
    ann = org.h("ann")
    view = call("GET", CASES, ann, params={"view": "mine"})
    assert [r["id"] for r in view["items"]] == sorted(mine, reverse=True)
    team = call("GET", CASES, org.h("lead"), params={"view": "team"})  # ann is on the team
    assert {r["id"] for r in team["items"]} == set(mine)
    held = call("GET", CASES, ann, params={"status": ["on_hold"]})
    assert {r["id"] for r in held["items"]} == set(mine[:2])
    high = call("GET", CASES, ann, params={"priority": "high", "text": "BEN"})
    assert {r["id"] for r in high["items"]} == set(bens)
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = call("GET", CASES, ann, params=params)
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(mine + bens, reverse=True)
    call("GET", CASES, ann, 422, params={"cursor": "not-a-cursor"})
    call("GET", CASES, ann, 422, params={"view": "everything"})


def test_export_streams_every_case_as_safe_csv(call: Call, org: Any, api: httpx.Client) -> None:
    first = open_case(call, org, "ann", subject='=HYPERLINK("http://evil")')
    second = open_case(call, org, "ben", subject="Plain, with a comma")
    response = api.get(f"{CASES}/export.csv", headers=org.h("super"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [int(r["id"]) for r in rows] == [second, first]
    assert rows[1]["subject"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["subject"] == "Plain, with a comma"
    assert api.get(f"{CASES}/export.csv", headers=org.h("ann")).status_code == 403


def upload(api: httpx.Client, org: Any, content: bytes) -> httpx.Response:
    files = {"file": ("customers.csv", content, "text/csv")}
    return api.post(IMPORT, headers=org.h("super"), files=files)


def customer_count(call: Call, org: Any) -> int:
    return int(call("GET", "/api/v1/customers", org.h("super"))["total"])


def test_import_writes_everything_or_nothing(call: Call, org: Any, api: httpx.Client) -> None:
    good = (
        b"name,email,phones,external_id,segment\r\n"
        b"Ada Lovelace,ADA@Example.com,+44 20 7946 0000;+1 415 555 0123,CRM-1,gold\r\n"
        b'"Turing, Alan",,,CRM-2,\r\n'
    )
    assert upload(api, org, b"\xef\xbb\xbf" + good).json() == {"imported": 2}
    found = call("GET", "/api/v1/customers", org.h("super"), params={"external_id": "CRM-1"})
    ada = found["items"][0]
    assert ada["emails"] == ["ada@example.com"]
    assert ada["phones"] == ["+442079460000", "+14155550123"]
    assert ada["attributes"] == {"segment": "gold"}
    before = customer_count(call, org)
    bad = (
        b"name,email,external_id\n"
        b"Fine Person,fine@example.com,CRM-3\n"
        b",nobody@example.com,CRM-4\n"
        b"Bad Mail,not-an-address,CRM-5\n"
        b"Duplicate,dup@example.com,CRM-3\n"
        b"Existing,ex@example.com,CRM-1\n"
    )
    refused = upload(api, org, bad)
    assert refused.status_code == 422
    rows = [e["row"] for e in refused.json()["errors"]]
    assert rows == [3, 4, 5]  # the header is row 1
    assert customer_count(call, org) == before
    existing = upload(api, org, b"name,external_id\nSomeone,CRM-9\nAgain,CRM-2\n")
    assert existing.status_code == 422
    assert [e["row"] for e in existing.json()["errors"]] == [3]
    assert customer_count(call, org) == before


def test_import_refuses_wrong_encoding_and_missing_header(
    call: Call, org: Any, api: httpx.Client
) -> None:
    latin1 = "name\nJosé Müller\n".encode("latin-1")
    response = upload(api, org, latin1)
    assert response.status_code == 422
    assert "UTF-8" in response.json()["detail"]
    assert upload(api, org, b"email\nx@example.com\n").status_code == 422
    assert upload(api, org, b"").status_code == 422
    assert customer_count(call, org) == 1  # only the fixture's customer
    forbidden = api.post(
        IMPORT, headers=org.h("lead"), files={"file": ("c.csv", b"name\nX\n", "text/csv")}
    )
    assert forbidden.status_code == 403
