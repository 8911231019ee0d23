"""Fakes for the flow engine's outside world: backends, the intent bot, the knowledge base.

They implement what the service layer will provide (the request fulfiller and the bot's
`IntentClassifier` Protocol) with scripted, inspectable behaviour instead of mocks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

from frontline.domain.channels import Channel
from frontline.domain.flows import (
    ArticleRequest,
    ArticleResult,
    Flow,
    FlowContext,
    FlowInput,
    IntentRequest,
    IntentResult,
    LookupRequest,
    LookupResult,
    LookupStatus,
    Request,
    RequestResult,
    Step,
    WaitEstimate,
    WaitEstimateRequest,
    drive,
    feed,
    parse_flow,
    start,
)
from frontline.domain.org.queues import BusinessHours, OpeningWindow
from frontline.service.ports_bot import IntentPrediction, decide_for

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "flows"
MONDAY_3PM_NEW_YORK = datetime(2024, 5, 6, 19, 0, tzinfo=UTC)
SATURDAY_NOON_NEW_YORK = datetime(2024, 5, 11, 16, 0, tzinfo=UTC)
CALLER = "+12125550123"
GOOD_ACCOUNT = "12345674"  # passes the Luhn check


def load_example(name: str) -> Flow:
    return parse_flow(yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8")))


def contact_center_hours() -> BusinessHours:
    """Monday to Friday, 08:00-20:00 in New York (the bank example's ``contact_center``)."""
    return BusinessHours(
        "America/New_York", tuple(OpeningWindow(day, 8 * 60, 20 * 60) for day in range(5))
    )


class KeywordBot:
    """An `IntentClassifier` over keyword rules: deterministic, and honest about doubt."""

    def __init__(self, rules: Mapping[str, Sequence[str]], threshold: float = 0.6) -> None:
        self.rules = {intent: tuple(words) for intent, words in rules.items()}
        self._threshold = threshold

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.rules)

    @property
    def threshold(self) -> float:
        return self._threshold

    def classify(self, text: str) -> IntentPrediction:
        lowered = text.lower()
        hits = {i: sum(w in lowered for w in words) for i, words in self.rules.items()}
        ranked = sorted(hits.items(), key=lambda item: -item[1])
        total = sum(hits.values())
        if total == 0:
            return IntentPrediction(ranked[0][0], 0.1, ((ranked[1][0], 0.1),))
        probabilities = [(i, n / total) for i, n in ranked]
        return IntentPrediction(probabilities[0][0], probabilities[0][1], tuple(probabilities[1:3]))

    def classify_many(self, texts: Sequence[str]) -> list[IntentPrediction]:
        return [self.classify(t) for t in texts]


BANK_RULES = {
    "lost_or_stolen_card": ("lost", "stolen"),
    "card_arrival": ("arrive", "arrived", "delivery"),
    "exchange_rate": ("exchange", "rate"),
    "top_up_failed": ("top up", "top-up", "topup"),
    "pin_blocked": ("pin",),
}


@dataclass
class Backends:
    """Fulfils every request a flow can make, recording each one."""

    accounts: dict[str, dict[str, object]] = field(
        default_factory=lambda: {GOOD_ACCOUNT: {"balance": 1520.5, "holder": "Ana"}}
    )
    slow_accounts: set[str] = field(default_factory=set)
    articles: dict[str, tuple[str, str]] = field(
        default_factory=lambda: {
            "card_arrival": ("Card delivery", "New cards arrive within 5 working days."),
            "exchange_rate": ("Exchange rates", "We use the daily interbank rate plus 0.5%."),
        }
    )
    wait_seconds: float = 30.0
    bot: KeywordBot = field(default_factory=lambda: KeywordBot(BANK_RULES))
    requests: list[Request] = field(default_factory=list)

    def __call__(self, request: Request) -> RequestResult:
        self.requests.append(request)
        match request:
            case LookupRequest():
                account = request.params.get("account", "")
                if account in self.slow_accounts:
                    return LookupResult(LookupStatus.TIMED_OUT)
                if account not in self.accounts:
                    return LookupResult(LookupStatus.NOT_FOUND)
                return LookupResult(LookupStatus.OK, self.accounts[account])
            case IntentRequest():
                prediction, decision = decide_for(self.bot, request.text)
                return IntentResult(prediction, decision)
            case ArticleRequest():
                if request.article not in self.articles:
                    return ArticleResult(found=False)
                title, body = self.articles[request.article]
                return ArticleResult(True, title, body)
            case WaitEstimateRequest():
                return WaitEstimate(self.wait_seconds)
        raise AssertionError(f"unexpected request {request!r}")


def run_script(
    flow: Flow,
    channel: Channel,
    inputs: Sequence[FlowInput],
    backends: Backends | None = None,
    *,
    now: datetime = MONDAY_3PM_NEW_YORK,
    context: FlowContext | None = None,
) -> list[Step]:
    """Start ``flow`` and feed ``inputs`` in turn, fulfilling requests; every step, in order."""
    fulfil = backends or Backends()
    if context is None:
        context = FlowContext(caller=CALLER, schedules={"contact_center": contact_center_hours()})
    steps = [drive(start(flow, channel, context, now), fulfil, now)]
    for received in inputs:
        steps.append(drive(feed(steps[-1].state, received, now), fulfil, now))
    return steps


def said(step: Step) -> list[str]:
    return [p.text for p in step.prompts]
