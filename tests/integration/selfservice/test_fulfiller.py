"""The fulfiller's bad-input promises without a server: an HTTP lookup that times out or fails
takes the node's fallback, a missing or corrupt bot model leaves the bot off with one clear
warning (intent questions then hand off), and a chat flow keeps running through all of it."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import yaml

from frontline.adapters.flow_backends import HttpLookupBackends
from frontline.adapters.selfservice_wiring import load_classifier
from frontline.domain.bot_policy import BotAction
from frontline.domain.channels import Channel
from frontline.domain.flows import (
    FlowContext,
    IntentRequest,
    LookupRequest,
    LookupResult,
    LookupStatus,
    WaitEstimateRequest,
    drive,
    parse_flow,
    start,
)
from frontline.service.selfservice.fulfiller import MAX_WAIT_ESTIMATE_S, Fulfiller
from frontline.service.selfservice.sources import plain_text


class NoArticles:
    def public_article(self, key: str) -> tuple[str, str] | None:
        return None


class Customers:
    def by_phone(self, phone: str) -> dict[str, object] | None:
        return {"name": "Ada Lovelace"} if phone == "+14155550123" else None


def backends(handler: httpx.MockTransport) -> HttpLookupBackends:
    return HttpLookupBackends({"core_banking": "https://core.example.com/api"}, handler)


def fulfiller(lookups: HttpLookupBackends, wait: float = 0.0) -> Fulfiller:
    return Fulfiller(
        classifier=None,
        articles=NoArticles(),
        customers=Customers(),
        backends=lookups,
        wait_seconds=lambda queue: wait,
    )


def balance() -> LookupRequest:
    return LookupRequest("balance_lookup", "http", "core_banking", "balance", {"account": "7"}, 2)


def test_an_http_lookup_answers_ok_not_found_timed_out_or_failed() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        account = request.url.params["account"]
        assert request.url.path == "/api/balance"
        if account == "7":
            return httpx.Response(200, json={"balance": "1500.75"})
        return httpx.Response(404)

    ok = fulfiller(backends(httpx.MockTransport(answer))).lookup(balance())
    assert ok == LookupResult(LookupStatus.OK, {"balance": "1500.75"})
    missing = LookupRequest("n", "http", "core_banking", "balance", {"account": "8"}, 2)
    assert fulfiller(backends(httpx.MockTransport(answer))).lookup(missing).status is (
        LookupStatus.NOT_FOUND
    )

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("the core system is slow", request=request)

    timed_out = fulfiller(backends(httpx.MockTransport(slow))).lookup(balance())
    assert timed_out.status is LookupStatus.TIMED_OUT

    def broken(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503, text="down")

    assert fulfiller(backends(httpx.MockTransport(broken))).lookup(balance()).status is (
        LookupStatus.FAILED
    )
    unknown = LookupRequest("n", "http", "elsewhere", "balance", {}, 2)
    assert fulfiller(backends(httpx.MockTransport(answer))).lookup(unknown).status is (
        LookupStatus.FAILED
    )


LOOKUP_FLOW = """
id: balance
start: lookup
agent_queue: general
nodes:
  - {id: lookup, type: lookup, source: http, backend: core_banking, operation: balance,
     params: {account: "{caller}"}, into: account, timeout: 1, next: say_balance,
     on_failure: unavailable}
  - {id: say_balance, type: end, text: "Your balance is {data.account.balance}."}
  - {id: unavailable, type: end, text: "Balances are unavailable right now."}
"""


def test_a_lookup_that_times_out_takes_the_fallback_in_a_running_flow() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectTimeout("no answer", request=request)

    flow = parse_flow(yaml.safe_load(LOOKUP_FLOW))
    now = datetime(2026, 3, 2, 12, tzinfo=UTC)
    context = FlowContext(caller="+14155550123")
    for transport, said in (
        (httpx.MockTransport(slow), "Balances are unavailable right now."),
        (
            httpx.MockTransport(lambda r: httpx.Response(200, json={"balance": "12.50"})),
            "Your balance is 12.50.",
        ),
    ):
        step = drive(start(flow, Channel.VOICE, context, now), fulfiller(backends(transport)), now)
        assert [p.text for p in step.prompts] == [said]
        assert step.state.data["account_status"] in ("timed_out", "ok")


def test_customer_lookups_and_wait_estimates() -> None:
    fulfil = fulfiller(backends(httpx.MockTransport(lambda r: httpx.Response(500))), 1e9)
    found = fulfil.lookup(
        LookupRequest("who", "customer", "", "by_phone", {"phone": "+14155550123"}, 1)
    )
    assert found == LookupResult(LookupStatus.OK, {"name": "Ada Lovelace"})
    nobody = fulfil.lookup(LookupRequest("who", "customer", "", "by_phone", {"phone": "+1999"}, 1))
    assert nobody.status is LookupStatus.NOT_FOUND
    assert fulfil.wait(WaitEstimateRequest("offer", "general")).seconds == MAX_WAIT_ESTIMATE_S


def test_a_missing_or_corrupt_bot_model_turns_the_bot_off_with_one_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        assert load_classifier(tmp_path / "no-such-model") is None
    assert len(caplog.records) == 1
    assert "the intent bot is off" in caplog.records[0].getMessage()
    assert "no-such-model" in caplog.records[0].getMessage()
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "manifest.json").write_text("{not json", encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert load_classifier(corrupt) is None
    assert len(caplog.records) == 1
    assert "the intent bot is off" in caplog.text and "corrupt" in caplog.text
    without_bot = fulfiller(backends(httpx.MockTransport(lambda r: httpx.Response(500))))
    result = without_bot.intent(IntentRequest("ask", "my card is lost", "en-US"))
    assert result.decision.action is BotAction.HAND_OFF  # the intent node re-asks, then escalates


def test_article_bodies_become_plain_sentences() -> None:
    markdown = "## Card arrival\n\n**Cards** arrive in [5 days](https://x.example).\n- freeze it\n"
    assert plain_text(markdown) == "Card arrival\nCards arrive in 5 days.\nfreeze it"
