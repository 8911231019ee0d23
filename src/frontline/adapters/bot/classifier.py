"""A trained intent model: features, linear head, calibrated temperature and threshold.

It implements ``frontline.service.ports_bot.IntentClassifier``. ``classify`` is the serving
path and avoids batch machinery (sparse matrices, sorting) so one message costs well under a
millisecond with TF-IDF features; ``classify_many`` is the batch path for evaluation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from frontline.adapters.bot.calibration import softmax
from frontline.adapters.bot.embedding import EmbeddingFeatures
from frontline.adapters.bot.linear_head import LinearHead
from frontline.adapters.bot.tfidf import TfidfFeatures
from frontline.domain.bot_policy import IntentPrediction

ALTERNATIVES = 2  # runners-up reported with each prediction (a clarifying question needs one)
FEATURISER_TFIDF = "tfidf"
FEATURISER_EMBEDDINGS = "tfidf+minilm"


class IntentModel:
    """Ranks intents for customer messages; confidences are calibrated probabilities."""

    def __init__(
        self,
        labels: Sequence[str],
        tfidf: TfidfFeatures,
        embedding: EmbeddingFeatures | None,
        head: LinearHead,
        temperature: float,
        threshold: float,
        metrics: Mapping[str, Any] | None = None,
    ) -> None:
        if len(labels) != head.classes or len(set(labels)) != len(labels):
            raise ValueError("labels must be distinct, one per classifier column")
        if head.sparse_weights.shape[0] != tfidf.dimension:
            raise ValueError("linear head does not match the TF-IDF vocabulary")
        dense_dimension = embedding.dimension if embedding is not None else 0
        if head.dense_weights.shape[0] != dense_dimension:
            raise ValueError("linear head does not match the embedding features")
        if not (np.isfinite(temperature) and temperature > 0):
            raise ValueError(f"temperature must be positive, got {temperature}")
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"threshold must lie in [0, 1], got {threshold}")
        self._labels = tuple(labels)
        self.tfidf = tfidf
        self.embedding = embedding
        self.head = head
        self.temperature = float(temperature)
        self._threshold = float(threshold)
        self.metrics: dict[str, Any] = dict(metrics or {})

    @property
    def labels(self) -> tuple[str, ...]:
        return self._labels

    @property
    def threshold(self) -> float:
        return self._threshold

    @property
    def featuriser(self) -> str:
        return FEATURISER_TFIDF if self.embedding is None else FEATURISER_EMBEDDINGS

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Uncalibrated margins, shape (texts, intents)."""
        dense = self.embedding.transform(texts) if self.embedding is not None else None
        return self.head.scores(self.tfidf.transform(texts), dense)

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Calibrated probabilities, shape (texts, intents), rows summing to one."""
        return softmax(self.scores(texts), self.temperature)

    def classify(self, text: str) -> IntentPrediction:
        indices, values = self.tfidf.sparse_row(text)
        dense = self.embedding.transform_one(text) if self.embedding is not None else None
        scores = self.head.scores_one(indices, values, dense)
        return self._prediction(softmax(scores, self.temperature))

    def classify_many(self, texts: Sequence[str]) -> list[IntentPrediction]:
        return [self._prediction(row) for row in self.probabilities(texts)]

    def _prediction(self, probabilities: np.ndarray) -> IntentPrediction:
        top = np.argsort(-probabilities, kind="stable")[: ALTERNATIVES + 1]
        ranked = [(self._labels[i], _probability(probabilities[i])) for i in top]
        return IntentPrediction(ranked[0][0], ranked[0][1], tuple(ranked[1:]))


def _probability(value: float) -> float:
    """A plain float clipped into [0, 1] (float rounding can leave 1.0000000000000002)."""
    return min(max(float(value), 0.0), 1.0)
