"""Temperature scaling, threshold choice and the containment curve."""

from __future__ import annotations

import numpy as np
import pytest

from frontline.adapters.bot.calibration import (
    choose_threshold,
    coverage_curve,
    fit_temperature,
    softmax,
)


def test_softmax_rows_sum_to_one_and_temperature_flattens() -> None:
    scores = np.array([[2.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
    sharp = softmax(scores, 0.5)
    flat = softmax(scores, 5.0)
    np.testing.assert_allclose(sharp.sum(axis=1), 1.0)
    np.testing.assert_allclose(softmax(scores, 1.0)[0], np.exp([2, 1, 0]) / np.exp([2, 1, 0]).sum())
    np.testing.assert_allclose(sharp[1], 1 / 3)
    assert sharp[0, 0] > softmax(scores, 1.0)[0, 0] > flat[0, 0]


def test_softmax_is_stable_for_large_margins() -> None:
    probabilities = softmax(np.array([[1000.0, 0.0]]), 1.0)
    assert np.all(np.isfinite(probabilities))
    assert probabilities[0, 0] == pytest.approx(1.0)


def test_fit_temperature_recovers_the_generating_temperature() -> None:
    """Labels drawn from softmax(scores / 2.5): the maximum-likelihood temperature is near 2.5."""
    rng = np.random.default_rng(7)
    scores = rng.normal(scale=4.0, size=(20_000, 5))
    probabilities = softmax(scores, 2.5)
    targets = np.array([rng.choice(5, p=row) for row in probabilities])
    assert fit_temperature(scores, targets) == pytest.approx(2.5, rel=0.05)


def test_choose_threshold_answers_the_largest_set_within_the_error_budget() -> None:
    confidences = np.array([0.99, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2])
    correct = np.array([True, True, True, True, False, True, True, True, False, False])
    # answering down to 0.4 gives 1 wrong in 8 = 12.5 %; down to 0.5, 1 in 7 = 14.3 %.
    assert choose_threshold(confidences, correct, 0.13) == 0.4
    assert choose_threshold(confidences, correct, 0.0) == 0.8
    assert choose_threshold(confidences, correct, 0.5) == 0.2


def test_choose_threshold_refuses_to_answer_when_nothing_qualifies() -> None:
    assert choose_threshold(np.array([0.9, 0.8]), np.array([False, True]), 0.1) == 1.0


def test_choose_threshold_keeps_ties_together() -> None:
    """Two answers at 0.9, one wrong: a bar of 0.9 answers both, so it is 50 % wrong."""
    confidences = np.array([0.95, 0.9, 0.9])
    correct = np.array([True, True, False])
    assert choose_threshold(confidences, correct, 0.1) == 0.95


def test_choose_threshold_rejects_bad_rate() -> None:
    with pytest.raises(ValueError):
        choose_threshold(np.array([0.5]), np.array([True]), 1.0)


def test_coverage_curve_counts_answered_and_wrong() -> None:
    confidences = np.array([0.9, 0.8, 0.6, 0.3])
    correct = np.array([True, False, True, False])
    low, mid, high = coverage_curve(confidences, correct, (0.0, 0.5, 0.85))
    assert (low.answered_share, low.answered_accuracy, low.wrong_share) == (1.0, 0.5, 0.5)
    assert (mid.answered_share, mid.answered_accuracy, mid.wrong_share) == (0.75, 2 / 3, 0.25)
    assert (high.answered_share, high.answered_accuracy, high.wrong_share) == (0.25, 1.0, 0.0)
