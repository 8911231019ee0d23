"""The encoder's numerics against textbook formulas, on random weights (no model extra needed).

The fast paths (blocked products, folded scales, a float32 erf, in-place LayerNorm) must give
what the plain BERT formulas give, to float32 rounding, with and without padding.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import erf
from threadpoolctl import threadpool_info  # type: ignore[import-untyped]

from frontline.adapters.bot.blas_threads import one_blas_thread
from frontline.adapters.bot.blocked_matmul import BlockedWeight
from frontline.adapters.bot.transformer_block import (
    HEAD_DIM,
    HEADS,
    HIDDEN,
    block_weights,
    transformer_block,
)

RNG = np.random.default_rng(7)
PREFIX = "encoder.layer.0."


@pytest.mark.parametrize("shape", [(384, 1152), (1536, 384), (384, 32)])
@pytest.mark.parametrize("rows", [1, 15, 64, 65, 200])
def test_blocked_product_equals_the_plain_product(shape: tuple[int, int], rows: int) -> None:
    weight = RNG.standard_normal(shape).astype(np.float32)
    x = RNG.standard_normal((rows, shape[0])).astype(np.float32)
    blocked = BlockedWeight(weight)
    np.testing.assert_array_equal(blocked.dense(), weight)
    expected = x.astype(np.float64) @ weight.astype(np.float64)
    np.testing.assert_allclose(blocked.apply(x), expected, rtol=1e-4, atol=2e-4)


def test_blocked_weight_refuses_shapes_that_are_not_whole_blocks() -> None:
    with pytest.raises(ValueError, match="whole number of blocks"):
        BlockedWeight(np.zeros((384, 40), dtype=np.float32))


def random_layer() -> dict[str, np.ndarray]:
    def tensor(*shape: int, scale: float = 0.05) -> np.ndarray:
        return (RNG.standard_normal(shape) * scale).astype(np.float32)

    tensors: dict[str, np.ndarray] = {}
    for name, (out, inp) in {
        "attention.self.query": (HIDDEN, HIDDEN),
        "attention.self.key": (HIDDEN, HIDDEN),
        "attention.self.value": (HIDDEN, HIDDEN),
        "attention.output.dense": (HIDDEN, HIDDEN),
        "intermediate.dense": (4 * HIDDEN, HIDDEN),
        "output.dense": (HIDDEN, 4 * HIDDEN),
    }.items():
        tensors[f"{PREFIX}{name}.weight"] = tensor(out, inp)
        tensors[f"{PREFIX}{name}.bias"] = tensor(out)
    for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
        tensors[f"{PREFIX}{norm}.weight"] = 1.0 + tensor(HIDDEN, scale=0.1)
        tensors[f"{PREFIX}{norm}.bias"] = tensor(HIDDEN)
    return tensors


def reference_block(x: np.ndarray, t: dict[str, np.ndarray], mask: np.ndarray) -> np.ndarray:
    """The BERT block as written in the paper, in float64, on (batch, length, hidden)."""

    def linear(v: np.ndarray, name: str) -> np.ndarray:
        return np.asarray(v @ t[f"{PREFIX}{name}.weight"].T + t[f"{PREFIX}{name}.bias"])

    def norm(v: np.ndarray, name: str) -> np.ndarray:
        centred = v - v.mean(-1, keepdims=True)
        scaled = centred / np.sqrt((centred**2).mean(-1, keepdims=True) + 1e-12)
        return np.asarray(scaled * t[f"{PREFIX}{name}.weight"] + t[f"{PREFIX}{name}.bias"])

    def heads(v: np.ndarray) -> np.ndarray:
        return v.reshape(*v.shape[:2], HEADS, HEAD_DIM).transpose(0, 2, 1, 3)

    q, k, v = (heads(linear(x, f"attention.self.{n}")) for n in ("query", "key", "value"))
    scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(HEAD_DIM) + (1 - mask)[:, None, None] * -1e9
    weights = np.exp(scores - scores.max(-1, keepdims=True))
    weights /= weights.sum(-1, keepdims=True)
    context = (weights @ v).transpose(0, 2, 1, 3).reshape(x.shape)
    attended = norm(linear(context, "attention.output.dense") + x, "attention.output.LayerNorm")
    inner = linear(attended, "intermediate.dense")
    gelu = 0.5 * inner * (1 + erf(inner / np.sqrt(2)))
    return norm(linear(gelu, "output.dense") + attended, "output.LayerNorm")


def test_block_matches_the_textbook_formulas_for_one_unpadded_query() -> None:
    tensors = random_layer()
    x = RNG.standard_normal((1, 13, HIDDEN)).astype(np.float32)
    expected = reference_block(x.astype(np.float64), tensors, np.ones((1, 13)))
    got = transformer_block(x.reshape(13, HIDDEN).copy(), 1, block_weights(tensors, PREFIX), None)
    np.testing.assert_allclose(got.reshape(1, 13, HIDDEN), expected, atol=5e-5)


def test_block_matches_the_textbook_formulas_on_a_padded_batch() -> None:
    tensors = random_layer()
    x = RNG.standard_normal((2, 9, HIDDEN)).astype(np.float32)
    mask = np.ones((2, 9))
    mask[1, 5:] = 0.0
    bias = ((1.0 - mask) * -1e9).astype(np.float32)[:, None, None, :]
    expected = reference_block(x.astype(np.float64), tensors, mask)
    got = transformer_block(x.reshape(18, HIDDEN).copy(), 2, block_weights(tensors, PREFIX), bias)
    real = mask.astype(bool)
    np.testing.assert_allclose(got.reshape(2, 9, HIDDEN)[real], expected[real], atol=5e-5)


def test_gelu_is_exact_far_out_in_both_tails() -> None:
    tensors = random_layer()
    tensors[f"{PREFIX}intermediate.dense.bias"][:4] = [-30.0, -6.0, 6.0, 30.0]
    x = RNG.standard_normal((1, 3, HIDDEN)).astype(np.float32)
    expected = reference_block(x.astype(np.float64), tensors, np.ones((1, 3)))
    got = transformer_block(x.reshape(3, HIDDEN).copy(), 1, block_weights(tensors, PREFIX), None)
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got.reshape(1, 3, HIDDEN), expected, atol=5e-5)


def blas_threads() -> list[int]:
    return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]


def test_one_blas_thread_inside_and_the_old_counts_restored_after() -> None:
    before = blas_threads()
    with one_blas_thread():
        assert set(blas_threads()) <= {1}
    assert blas_threads() == before
