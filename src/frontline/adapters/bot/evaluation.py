"""Scoring a model on labelled data: accuracy, macro-F1, and what the bot would actually do.

Accuracy alone hides the cost that matters in a contact centre: a wrong answer given with
confidence. So the evaluation also applies the bot policy (answer / clarify / hand off) at the
model's calibrated threshold and counts how many customers each outcome reaches.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from sklearn.metrics import f1_score

from frontline.adapters.bot.calibration import CurvePoint, coverage_curve
from frontline.adapters.bot.dataset import LabelledTexts
from frontline.domain.bot_policy import BotAction, decide
from frontline.service.ports_bot import IntentClassifier


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Figures of one model on one labelled set; shares are fractions of all rows."""

    rows: int
    accuracy: float
    macro_f1: float
    threshold: float
    answered_share: float
    answered_accuracy: float
    wrong_answer_share: float
    clarify_share: float
    clarify_hit_share: float
    hand_off_share: float
    curve: list[CurvePoint] = field(default_factory=list)

    def summary(self) -> dict[str, float | int]:
        """The flat figures (for JSON output); the curve is reported separately."""
        return {
            "accuracy": round(self.accuracy, 6),
            "macro_f1": round(self.macro_f1, 6),
            "rows": self.rows,
            "threshold": round(self.threshold, 6),
            "answered_share": round(self.answered_share, 6),
            "answered_accuracy": round(self.answered_accuracy, 6),
            "wrong_answer_share": round(self.wrong_answer_share, 6),
            "clarify_share": round(self.clarify_share, 6),
            "clarify_hit_share": round(self.clarify_hit_share, 6),
            "hand_off_share": round(self.hand_off_share, 6),
        }


def evaluate(model: IntentClassifier, data: LabelledTexts) -> Evaluation:
    """Classify every row of ``data`` and compare with its label (any `IntentClassifier`)."""
    predictions = model.classify_many(data.texts)
    predicted = [p.intent for p in predictions]
    truth = np.array(data.labels)
    correct = np.array(predicted) == truth
    confidences = np.array([p.confidence for p in predictions])
    outcomes: Counter[str] = Counter()
    for prediction, label in zip(predictions, data.labels, strict=True):
        decision = decide(prediction, model.threshold)
        hit = label in decision.intents
        outcomes[f"{decision.action}:{hit}"] += 1
    total = len(data)
    answered = outcomes[f"{BotAction.ANSWER}:True"] + outcomes[f"{BotAction.ANSWER}:False"]
    clarified = outcomes[f"{BotAction.CLARIFY}:True"] + outcomes[f"{BotAction.CLARIFY}:False"]
    return Evaluation(
        rows=total,
        accuracy=float(correct.mean()),
        macro_f1=float(f1_score(truth, predicted, average="macro", zero_division=0)),
        threshold=model.threshold,
        answered_share=answered / total,
        answered_accuracy=outcomes[f"{BotAction.ANSWER}:True"] / answered if answered else 1.0,
        wrong_answer_share=outcomes[f"{BotAction.ANSWER}:False"] / total,
        clarify_share=clarified / total,
        clarify_hit_share=outcomes[f"{BotAction.CLARIFY}:True"] / total,
        hand_off_share=outcomes[f"{BotAction.HAND_OFF}:False"] / total,
        curve=coverage_curve(confidences, correct),
    )
