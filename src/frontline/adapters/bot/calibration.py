"""From margins to honest confidences, and from confidences to a safe answering threshold.

Both are fitted on a validation split the classifier never saw: a model is always more sure of
its training data than of new customers, so calibrating on it would set the bar too low and let
confident wrong answers through, which the bot must never give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize_scalar

from frontline.domain.bot_policy import DEFAULT_MAX_WRONG_RATE

__all__ = [
    "CURVE_THRESHOLDS",
    "DEFAULT_MAX_WRONG_RATE",
    "CurvePoint",
    "choose_threshold",
    "coverage_curve",
    "fit_temperature",
    "softmax",
]
CURVE_THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


def softmax(scores: np.ndarray, temperature: float) -> np.ndarray:
    """Row-wise probabilities of ``scores / temperature``."""
    scaled = scores / temperature
    scaled = scaled - scaled.max(axis=-1, keepdims=True)
    exp = np.exp(scaled)
    result: np.ndarray = exp / exp.sum(axis=-1, keepdims=True)
    return result


def fit_temperature(scores: np.ndarray, targets: np.ndarray) -> float:
    """The temperature minimising the validation log-loss (Guo et al. 2017, "temperature scaling").

    One parameter cannot change which intent ranks first, so accuracy is untouched; it only
    makes "0.9" mean right about nine times in ten.
    """

    def negative_log_likelihood(log_temperature: float) -> float:
        probabilities = softmax(scores, float(np.exp(log_temperature)))
        picked = probabilities[np.arange(len(targets)), targets]
        return float(-np.mean(np.log(np.maximum(picked, 1e-300))))

    result = minimize_scalar(negative_log_likelihood, bounds=(-6.0, 4.0), method="bounded")
    return float(np.exp(result.x))


def choose_threshold(confidences: np.ndarray, correct: np.ndarray, max_wrong_rate: float) -> float:
    """The lowest confidence bar at which answered messages are wrong at most ``max_wrong_rate``.

    Lower bars answer more customers (containment); each candidate bar is a validation
    confidence, and the chosen one answers the largest set whose error rate is within bounds.
    When no bar qualifies the bot answers nothing (threshold 1.0) and always clarifies or hands
    off.
    """
    if not 0.0 <= max_wrong_rate < 1.0:
        raise ValueError(f"max wrong-answer rate must lie in [0, 1), got {max_wrong_rate}")
    order = np.argsort(-confidences, kind="stable")
    sorted_confidences = confidences[order]
    wrong_so_far = np.cumsum(~correct[order])
    answered = np.arange(1, len(order) + 1)
    # Ties must be answered together: only cut after the last of equal confidences.
    last_of_tie = np.append(sorted_confidences[1:] < sorted_confidences[:-1], True)
    acceptable = (wrong_so_far / answered <= max_wrong_rate) & last_of_tie
    if not acceptable.any():
        return 1.0
    return float(sorted_confidences[np.flatnonzero(acceptable)[-1]])


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """At one threshold: the share of messages answered, their accuracy, and wrong answers."""

    threshold: float
    answered_share: float
    answered_accuracy: float
    wrong_share: float


def coverage_curve(
    confidences: np.ndarray,
    correct: np.ndarray,
    thresholds: Sequence[float] = CURVE_THRESHOLDS,
) -> list[CurvePoint]:
    """Containment versus wrong answers at each threshold (``wrong_share`` is of all messages)."""
    points: list[CurvePoint] = []
    total = max(len(confidences), 1)
    for threshold in thresholds:
        answered = confidences >= threshold
        count = int(answered.sum())
        right = int((answered & correct).sum())
        points.append(
            CurvePoint(
                threshold=float(threshold),
                answered_share=count / total,
                answered_accuracy=right / count if count else 1.0,
                wrong_share=(count - right) / total,
            )
        )
    return points
