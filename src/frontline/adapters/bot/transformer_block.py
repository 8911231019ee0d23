"""One post-norm BERT encoder block in float32 numpy, arranged for short single queries.

A customer message is 10-50 tokens, so a query is 24 small matrix products plus element-wise
work, and at that size the element-wise work and numpy's temporaries are a visible share of
the time. Hence: weights are pre-transposed and cut into cache-sized blocks (`blocked_matmul`),
query/key/value are one fused product, the attention scale and the GELU's 1/sqrt(2) are folded
into the weights when they are loaded, element-wise steps run in place, and GELU uses a float32
erf (Abramowitz & Stegun 7.1.26, absolute error below 1.5e-7) because SciPy's ``erf`` works in
float64 and alone cost more than a quarter of a query.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from frontline.adapters.bot.blocked_matmul import BlockedWeight

HIDDEN = 384
HEADS = 12
HEAD_DIM = HIDDEN // HEADS
_LAYER_NORM_EPS = np.float32(1e-12)
_SQRT_HALF = np.float32(2**-0.5)
# Abramowitz & Stegun 7.1.26, for a >= 0: erf(a) = 1 - poly(t) * exp(-a^2) with t = 1 / (1 + p a)
# and poly(t) = a1 t + ... + a5 t^5 (coefficients listed from a5 down, for Horner's rule).
_ERF_P = np.float32(0.3275911)
_ERF_POLY = tuple(
    np.float32(c) for c in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)
)


@dataclass(frozen=True, slots=True)
class BlockWeights:
    """One layer's parameters, transposed for ``x @ w`` and with the constant scales folded in."""

    qkv_w: BlockedWeight  # (HIDDEN, 3 * HIDDEN); the query third pre-scaled by 1/sqrt(HEAD_DIM)
    qkv_b: np.ndarray
    attn_out_w: BlockedWeight
    attn_out_b: np.ndarray
    attn_norm: tuple[np.ndarray, np.ndarray]
    ffn_in_w: BlockedWeight  # pre-scaled by 1/sqrt(2), the GELU's inner scale
    ffn_in_b: np.ndarray
    ffn_out_w: BlockedWeight  # pre-scaled by 1/sqrt(2), the rest of the GELU's scale
    ffn_out_b: np.ndarray
    ffn_norm: tuple[np.ndarray, np.ndarray]


def block_weights(tensors: dict[str, np.ndarray], prefix: str) -> BlockWeights:
    """Layer ``prefix`` (e.g. ``encoder.layer.0.``) of a BERT checkpoint; KeyError if absent."""

    def weight(name: str) -> np.ndarray:
        return tensors[f"{prefix}{name}.weight"].astype(np.float32).T

    def bias(name: str) -> np.ndarray:
        return tensors[f"{prefix}{name}.bias"].astype(np.float32)

    def contiguous(array: np.ndarray, scale: np.float32 = np.float32(1.0)) -> np.ndarray:
        return np.ascontiguousarray(array * scale, dtype=np.float32)

    projections = [f"attention.self.{name}" for name in ("query", "key", "value")]
    query_scale = np.ones(3 * HIDDEN, dtype=np.float32)
    query_scale[:HIDDEN] = HEAD_DIM**-0.5
    qkv_w = np.concatenate([weight(p) for p in projections], axis=1) * query_scale
    return BlockWeights(
        qkv_w=BlockedWeight(qkv_w),
        qkv_b=contiguous(np.concatenate([bias(p) for p in projections]) * query_scale),
        attn_out_w=BlockedWeight(weight("attention.output.dense")),
        attn_out_b=contiguous(bias("attention.output.dense")),
        attn_norm=norm_weights(tensors, f"{prefix}attention.output.LayerNorm"),
        ffn_in_w=BlockedWeight(weight("intermediate.dense") * _SQRT_HALF),
        ffn_in_b=contiguous(bias("intermediate.dense"), _SQRT_HALF),
        ffn_out_w=BlockedWeight(weight("output.dense") * _SQRT_HALF),
        ffn_out_b=contiguous(bias("output.dense")),
        ffn_norm=norm_weights(tensors, f"{prefix}output.LayerNorm"),
    )


def norm_weights(tensors: dict[str, np.ndarray], prefix: str) -> tuple[np.ndarray, np.ndarray]:
    """LayerNorm gain and shift as float32 vectors."""
    gain = tensors[f"{prefix}.weight"].astype(np.float32)
    return gain, tensors[f"{prefix}.bias"].astype(np.float32)


def transformer_block(
    x: np.ndarray, batch: int, weights: BlockWeights, attention_bias: np.ndarray | None
) -> np.ndarray:
    """The block on ``x`` of shape (batch * length, HIDDEN); returns a new array of that shape.

    ``attention_bias`` (batch, 1, 1, length) masks padding; ``None`` means no padding, as for
    a single query, and skips the addition.
    """
    length = x.shape[0] // batch
    qkv = weights.qkv_w.apply(x)
    qkv += weights.qkv_b
    heads = qkv.reshape(batch, length, 3, HEADS, HEAD_DIM).transpose(2, 0, 3, 1, 4)
    scores = heads[0] @ heads[1].transpose(0, 1, 3, 2)  # (batch, heads, length, length)
    if attention_bias is not None:
        scores += attention_bias
    scores -= scores.max(axis=-1, keepdims=True)
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=-1, keepdims=True)
    context = (scores @ heads[2]).transpose(0, 2, 1, 3).reshape(x.shape)
    attended = weights.attn_out_w.apply(context)
    attended += weights.attn_out_b
    attended += x
    layer_norm_(attended, weights.attn_norm)
    inner = weights.ffn_in_w.apply(attended)
    inner += weights.ffn_in_b
    _scaled_gelu_(inner)
    out = weights.ffn_out_w.apply(inner)
    out += weights.ffn_out_b
    out += attended
    return layer_norm_(out, weights.ffn_norm)


def layer_norm_(x: np.ndarray, params: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """LayerNorm over the last axis, in place; returns ``x``."""
    x -= np.add.reduce(x, axis=-1, keepdims=True) * np.float32(1 / x.shape[-1])
    spread = np.add.reduce(np.square(x), axis=-1, keepdims=True)
    spread *= np.float32(1 / x.shape[-1])
    spread += _LAYER_NORM_EPS
    np.sqrt(spread, out=spread)
    x /= spread
    x *= params[0]
    x += params[1]
    return x


def _scaled_gelu_(u: np.ndarray) -> None:
    """``u + u * erf(u)`` in place: sqrt(2) * GELU(sqrt(2) * u), the scales being in the weights.

    With a = |u|, u * erf(u) = a * (1 - poly(t) * exp(-u^2)), so the sign never appears.
    """
    magnitude = np.abs(u)
    t = magnitude * _ERF_P
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    poly = t * _ERF_POLY[0]
    for coefficient in _ERF_POLY[1:]:
        poly += coefficient
        poly *= t
    np.square(u, out=t)
    np.negative(t, out=t)
    np.exp(t, out=t)
    poly *= t
    poly *= magnitude
    u += magnitude
    u -= poly
