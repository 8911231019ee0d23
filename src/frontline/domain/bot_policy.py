"""What a self-service bot does with an intent guess: answer, ask which of two, or hand off.

The rule lives in the domain because it is a business promise, not a model detail: the bot must
never give a confident wrong answer. A classifier only ranks intents and reports how sure it is;
this module turns that ranking into one of three outcomes using a threshold that was calibrated
on held-out data (see the bot adapters), so every channel and the flow engine behave alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# The share of answered messages allowed to be wrong when a threshold is calibrated: one in
# fifty. Operators can choose another; this default keeps answers at about 98 % accuracy.
DEFAULT_MAX_WRONG_RATE = 0.02


@dataclass(frozen=True, slots=True)
class IntentPrediction:
    """The best intent for one text, how sure the model is, and the runners-up, best first.

    ``confidence`` is a calibrated probability in [0, 1]; ``alternatives`` holds the next intents
    as ``(intent, probability)`` pairs so a clarifying question can offer the top two.
    """

    intent: str
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.intent:
            raise ValueError("an intent prediction needs a non-empty intent")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must lie in [0, 1], got {self.confidence}")
        for name, probability in self.alternatives:
            if not name or not 0.0 <= probability <= 1.0:
                raise ValueError(f"bad alternative ({name!r}, {probability})")


class BotAction(StrEnum):
    """The three things a bot may do with a customer's message."""

    ANSWER = "answer"
    CLARIFY = "clarify"
    HAND_OFF = "hand_off"


@dataclass(frozen=True, slots=True)
class BotDecision:
    """The outcome: which action, and the intents it concerns (one, two or none)."""

    action: BotAction
    intents: tuple[str, ...]


def decide(prediction: IntentPrediction, threshold: float) -> BotDecision:
    """Answer when sure, clarify between the top two when the pair is sure, else hand off.

    ``threshold`` is the smallest probability the operator accepts for acting on an intent. When
    the best intent alone reaches it, the bot answers. When it does not, but the best two together
    do, the customer is asked which of the two they mean: that question is cheap and cannot be a
    wrong answer. Otherwise the conversation goes to an agent.
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must lie in [0, 1], got {threshold}")
    if prediction.confidence >= threshold:
        return BotDecision(BotAction.ANSWER, (prediction.intent,))
    if prediction.alternatives:
        runner_up, runner_up_probability = prediction.alternatives[0]
        if prediction.confidence + runner_up_probability >= threshold:
            return BotDecision(BotAction.CLARIFY, (prediction.intent, runner_up))
    return BotDecision(BotAction.HAND_OFF, ())
