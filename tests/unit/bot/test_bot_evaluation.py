"""Evaluation counts, checked against a scripted classifier whose every answer is known."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from frontline.adapters.bot.dataset import LabelledTexts
from frontline.adapters.bot.evaluation import evaluate
from frontline.domain.bot_policy import IntentPrediction


class ScriptedClassifier:
    """A fake `IntentClassifier`: returns the prediction scripted for each text."""

    def __init__(self, script: dict[str, IntentPrediction], threshold: float) -> None:
        self._script = script
        self._threshold = threshold

    @property
    def labels(self) -> tuple[str, ...]:
        return ("a", "b", "c")

    @property
    def threshold(self) -> float:
        return self._threshold

    def classify(self, text: str) -> IntentPrediction:
        return self._script[text]

    def classify_many(self, texts: Sequence[str]) -> list[IntentPrediction]:
        return [self._script[text] for text in texts]


def test_outcomes_are_counted_per_policy_action() -> None:
    script = {
        "right and sure": IntentPrediction("a", 0.95, (("b", 0.03),)),
        "wrong and sure": IntentPrediction("b", 0.91, (("a", 0.05),)),
        "torn, right pair": IntentPrediction("b", 0.5, (("c", 0.45),)),
        "torn, wrong pair": IntentPrediction("a", 0.6, (("b", 0.35),)),
        "lost": IntentPrediction("a", 0.4, (("b", 0.3),)),
    }
    truth = ("a", "a", "c", "c", "a")
    data = LabelledTexts(tuple(script), truth)
    result = evaluate(ScriptedClassifier(script, threshold=0.9), data)

    assert result.rows == 5
    assert result.accuracy == pytest.approx(2 / 5)  # "right and sure" and "lost" rank a first
    assert result.answered_share == pytest.approx(2 / 5)
    assert result.answered_accuracy == pytest.approx(1 / 2)
    assert result.wrong_answer_share == pytest.approx(1 / 5)
    assert result.clarify_share == pytest.approx(2 / 5)
    assert result.clarify_hit_share == pytest.approx(1 / 5)
    assert result.hand_off_share == pytest.approx(1 / 5)
    summary = result.summary()
    assert list(summary)[:2] == ["accuracy", "macro_f1"]
    # per-class F1: a = 2/3 (tp 2, fp 1, fn 1), b = 0, c = 0 -> macro 2/9
    assert summary["macro_f1"] == pytest.approx(2 / 9, abs=1e-6)
