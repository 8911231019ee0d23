"""Answering the flow runner's requests: backend lookups, the intent bot, knowledge-base
articles and queue wait estimates.

Every dependency may fail or be missing, and none of that may drop a customer: a lookup that
fails or times out takes the node's ``on_failure``; without a bot model the intent node gets
"hand off" (it re-asks, then escalates to an agent); an unknown article takes ``on_missing``;
a wait that cannot be estimated counts as no wait (no callback offer).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from frontline.domain.bot_policy import BotAction, BotDecision, IntentPrediction, decide
from frontline.domain.flows import (
    ArticleRequest,
    ArticleResult,
    IntentRequest,
    IntentResult,
    LookupRequest,
    LookupResult,
    LookupStatus,
    Request,
    RequestResult,
    WaitEstimate,
    WaitEstimateRequest,
)
from frontline.service.ports_bot import IntentClassifier
from frontline.service.selfservice.ports import ArticleSource, CustomerRecords, LookupBackends

log = logging.getLogger(__name__)
MAX_WAIT_ESTIMATE_S = 24 * 3600.0
NO_INTENT = IntentResult(IntentPrediction("unknown", 0.0), BotDecision(BotAction.HAND_OFF, ()))


class Fulfiller:
    """A callable ``Request -> RequestResult`` for `frontline.domain.flows.drive`."""

    def __init__(
        self,
        *,
        classifier: IntentClassifier | None,
        articles: ArticleSource,
        customers: CustomerRecords,
        backends: LookupBackends,
        wait_seconds: Callable[[str], float],
    ) -> None:
        self.classifier = classifier
        self.articles = articles
        self.customers = customers
        self.backends = backends
        self.wait_seconds = wait_seconds

    def __call__(self, request: Request) -> RequestResult:
        match request:
            case LookupRequest():
                return self.lookup(request)
            case IntentRequest():
                return self.intent(request)
            case ArticleRequest():
                return self.article(request)
            case WaitEstimateRequest():
                return self.wait(request)

    def lookup(self, request: LookupRequest) -> LookupResult:
        try:
            if request.source == "customer":
                phone = request.params.get("phone") or request.params.get("caller") or ""
                found = self.customers.by_phone(phone.strip()) if phone.strip() else None
                if found is None:
                    return LookupResult(LookupStatus.NOT_FOUND)
                return LookupResult(LookupStatus.OK, found)
            return self.backends.lookup(
                request.backend, request.operation, request.params, request.timeout_seconds
            )
        except Exception:
            log.exception("lookup %s/%s failed", request.backend, request.operation)
            return LookupResult(LookupStatus.FAILED)

    def intent(self, request: IntentRequest) -> IntentResult:
        if self.classifier is None:
            return NO_INTENT
        prediction = self.classifier.classify(request.text)
        return IntentResult(prediction, decide(prediction, self.classifier.threshold))

    def article(self, request: ArticleRequest) -> ArticleResult:
        key = request.article.strip()
        found = self.articles.public_article(key) if key else None
        if found is None:
            return ArticleResult(found=False)
        title, body = found
        return ArticleResult(found=True, title=title, body=body)

    def wait(self, request: WaitEstimateRequest) -> WaitEstimate:
        seconds = self.wait_seconds(request.queue)
        return WaitEstimate(min(max(seconds, 0.0), MAX_WAIT_ESTIMATE_S))
