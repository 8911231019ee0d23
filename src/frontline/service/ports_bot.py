"""Port of the intent bot: what the self-service flow engine asks of a trained intent model.

The flow engine depends only on this Protocol, so it runs the same against the scikit-learn
model in ``frontline.adapters.bot`` and against a scripted fake in its tests. The prediction
value object and the answer / clarify / hand-off rule live in ``frontline.domain.bot_policy``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from frontline.domain.bot_policy import BotDecision, IntentPrediction, decide

__all__ = ["IntentClassifier", "IntentPrediction", "decide_for"]


class IntentClassifier(Protocol):
    """A trained intent model with a confidence threshold calibrated on held-out data."""

    @property
    def labels(self) -> tuple[str, ...]:
        """Every intent the model can return."""
        ...

    @property
    def threshold(self) -> float:
        """The smallest confidence at which acting on the top intent is allowed."""
        ...

    def classify(self, text: str) -> IntentPrediction:
        """Rank the intents for one customer message (the latency-critical path)."""
        ...

    def classify_many(self, texts: Sequence[str]) -> list[IntentPrediction]:
        """Rank the intents for many messages at once (evaluation, batch jobs)."""
        ...


def decide_for(classifier: IntentClassifier, text: str) -> tuple[IntentPrediction, BotDecision]:
    """Classify one message and apply the bot policy with the model's own threshold."""
    prediction = classifier.classify(text)
    return prediction, decide(prediction, classifier.threshold)
