"""The answer / clarify / hand-off rule and the prediction value object."""

from __future__ import annotations

import pytest

from frontline.domain.bot_policy import BotAction, BotDecision, IntentPrediction, decide


def prediction(confidence: float, runner_up: float | None = None) -> IntentPrediction:
    alternatives = () if runner_up is None else (("card_linking", runner_up),)
    return IntentPrediction("card_arrival", confidence, alternatives)


def test_answers_when_the_top_intent_reaches_the_threshold() -> None:
    assert decide(prediction(0.9, 0.05), 0.9) == BotDecision(BotAction.ANSWER, ("card_arrival",))


def test_clarifies_between_the_top_two_when_only_the_pair_is_sure() -> None:
    decision = decide(prediction(0.55, 0.4), 0.9)
    assert decision == BotDecision(BotAction.CLARIFY, ("card_arrival", "card_linking"))


def test_hands_off_when_even_the_top_two_are_unsure() -> None:
    assert decide(prediction(0.5, 0.3), 0.9) == BotDecision(BotAction.HAND_OFF, ())


def test_hands_off_without_runner_up_below_threshold() -> None:
    assert decide(prediction(0.7), 0.9).action is BotAction.HAND_OFF


def test_threshold_one_never_answers_but_can_clarify() -> None:
    assert decide(prediction(0.999, 0.001), 1.0).action is BotAction.CLARIFY
    assert decide(prediction(1.0), 1.0).action is BotAction.ANSWER


@pytest.mark.parametrize("threshold", [-0.1, 1.5])
def test_threshold_outside_unit_interval_is_rejected(threshold: float) -> None:
    with pytest.raises(ValueError, match="threshold"):
        decide(prediction(0.5), threshold)


@pytest.mark.parametrize(
    ("intent", "confidence", "alternatives"),
    [
        ("", 0.5, ()),
        ("x", 1.2, ()),
        ("x", -0.1, ()),
        ("x", 0.5, (("y", 2.0),)),
        ("x", 0.5, (("", 0.1),)),
    ],
)
def test_prediction_rejects_invalid_values(
    intent: str, confidence: float, alternatives: tuple[tuple[str, float], ...]
) -> None:
    with pytest.raises(ValueError):
        IntentPrediction(intent, confidence, alternatives)
