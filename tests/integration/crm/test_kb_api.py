"""Knowledge base through the HTTP API: ranking, snippets, audience and tags, safety, versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from frontline.service.crm.kb import search_public_articles

Call = Callable[..., Any]
ARTICLES = "/api/v1/kb/articles"


def write(call: Call, headers: dict[str, str], **article: Any) -> dict[str, Any]:
    body = {"audience": "internal", "tags": [], **article}
    return dict(call("POST", ARTICLES, headers, 201, json=body))


def test_a_title_match_ranks_above_a_body_match(call: Call, org: Any) -> None:
    trainer = org.h("trainer")
    body_only = write(
        call,
        trainer,
        title="Changing your address",
        body="Customers moving house may also ask about a refund of the deposit.",
    )
    in_title = write(call, trainer, title="Refund policy", body="How and when we pay money back.")
    write(call, trainer, title="Opening hours", body="We are open on weekdays.")
    hits = call("GET", "/api/v1/kb/search", org.h("ann"), params={"q": "refund"})
    assert [h["article_id"] for h in hits] == [in_title["id"], body_only["id"]]
    assert hits[0]["score"] > hits[1]["score"] > 0
    assert "<mark>" in hits[1]["snippet_html"].lower()
    assert "refund" in hits[1]["snippet_html"].lower()


def test_all_words_must_match_stemmed_and_prefix_of_the_last(call: Call, org: Any) -> None:
    trainer = org.h("trainer")
    both = write(call, trainer, title="Resetting passwords", body="Reset a locked account.")
    write(call, trainer, title="Passwords", body="Choose a long one.")
    hits = call("GET", "/api/v1/kb/search", org.h("ann"), params={"q": "password lock"})
    assert [h["article_id"] for h in hits] == [both["id"]]  # "lock" finds "locked"
    none = call("GET", "/api/v1/kb/search", org.h("ann"), params={"q": "password zebra"})
    assert none == []


def test_script_in_an_article_never_reaches_the_page(call: Call, org: Any) -> None:
    evil = (
        "Click <script>alert(1)</script> [here](javascript:alert(2)) "
        '<img src=x onerror="alert(3)"> safety'
    )
    article = write(call, org.h("trainer"), title="Safety <b>first</b>", body=evil)
    shown = call("GET", f"{ARTICLES}/{article['id']}", org.h("ann"))
    html = shown["body_html"].lower()
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html and "&lt;img" in html  # shown as text, never run
    for q in ("safety", "click"):  # a title match and a body match
        snippet = call("GET", "/api/v1/kb/search", org.h("ann"), params={"q": q})[0]["snippet_html"]
        assert "<mark>" in snippet
        assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_audience_and_tag_filters_and_the_public_search_for_the_bot(
    call: Call, org: Any, container: Any
) -> None:
    trainer = org.h("trainer")
    public = write(
        call,
        trainer,
        title="Delivery times",
        body="Parcels arrive in 3 days.",
        audience="public",
        tags=["shipping"],
    )
    internal = write(
        call,
        trainer,
        title="Delivery exceptions",
        body="Escalate lost parcels to tier 2.",
        tags=["shipping", "escalation"],
    )
    agent = org.h("ann")
    found = call("GET", "/api/v1/kb/search", agent, params={"q": "delivery"})
    assert {h["article_id"] for h in found} == {public["id"], internal["id"]}
    only_public = call(
        "GET", "/api/v1/kb/search", agent, params={"q": "delivery", "audience": "public"}
    )
    assert [h["article_id"] for h in only_public] == [public["id"]]
    tagged = call("GET", "/api/v1/kb/search", agent, params={"q": "delivery", "tag": "escalation"})
    assert [h["article_id"] for h in tagged] == [internal["id"]]
    bot = search_public_articles(container.crm.uow(), "parcels delivery", limit=5)
    assert [h["article_id"] for h in bot] == [public["id"]]
    assert search_public_articles(container.crm.uow(), "!!!") == []


def test_query_syntax_is_plain_words_for_both_engines(call: Call, org: Any) -> None:
    write(call, org.h("trainer"), title="Quotes", body='He said "hello" AND NOT bye')
    for q in ["AND OR NOT", "title:x*", "a & b | !c", "-bye", "hello:*", 'NEAR("he" said)']:
        assert isinstance(call("GET", "/api/v1/kb/search", org.h("ann"), params={"q": q}), list)
    found = call("GET", "/api/v1/kb/search", org.h("ann"), params={"q": "hello:*"})
    assert len(found) == 1
    for q in ['"', "(((", "&&&", "*"]:  # no words at all
        call("GET", "/api/v1/kb/search", org.h("ann"), 422, params={"q": q})


def test_updates_keep_versions_and_permissions_hold(call: Call, org: Any) -> None:
    article = write(call, org.h("trainer"), title="Returns", body="Thirty days.", tags=["returns"])
    changed = call(
        "PUT",
        f"{ARTICLES}/{article['id']}",
        org.h("super"),
        json={
            "title": "Returns",
            "body": "Sixty days.",
            "audience": "public",
            "review_at": "2024-06-01",
        },
    )
    assert changed["version"] == 2 and changed["tags"] == []
    versions = call("GET", f"{ARTICLES}/{article['id']}/versions", org.h("ann"))
    assert [(v["version"], v["body"]) for v in versions] == [
        (2, "Sixty days."),
        (1, "Thirty days."),
    ]
    search = "/api/v1/kb/search"
    assert len(call("GET", search, org.h("ann"), params={"q": "sixty"})) == 1
    assert call("GET", search, org.h("ann"), params={"q": "thirty"}) == []  # index follows
    due = call("GET", ARTICLES, org.h("ann"), params={"review_due": "2024-12-31"})
    assert [a["id"] for a in due["items"]] == [article["id"]]
    call("POST", ARTICLES, org.h("ann"), 403, json={"title": "x", "body": "y"})
    call("GET", "/api/v1/kb/search", org.h("wfm"), 403, params={"q": "days"})
    call("DELETE", f"{ARTICLES}/{article['id']}", org.h("trainer"), 204)
    assert call("GET", "/api/v1/kb/search", org.h("ann"), params={"q": "days"}) == []
