"""The MiniLM encoder run by ONNX Runtime with int8 weight products (optional, faster path).

Why: in float32 a 32-token query is ~680 MFLOP of matrix products, which keeps the numpy
forward pass near 10 ms at p99 on one core of a busy machine. In int8 the products run on the
CPU's integer dot-product instructions (AVX-512 VNNI where present): with the choices below a
query takes about 1.6x less CPU time than the numpy pass (docs/benchmarks/bot.md).

How: `build_encoder_graph` writes the encoder as an ONNX graph from the packaged weights (no
PyTorch, no hub); ``quantize_dynamic`` turns its weight MatMuls into int8 products with one
scale per output column (per-channel) and activations quantised per call. The FFN's output
product stays float32: its input (the GELU output) has the widest range of the block, and
quantising it as well was about 1.4x faster again but brought some texts' cosine to the float
encoder under 0.99 (per-channel, all products: min 0.9885, mean 0.994 over 300 test
texts; with this product in float: min 0.994, mean 0.997). The graph is built and quantised
once per layer choice (a few seconds) and kept in the user's cache folder (`int8_cache`), and
runs on one intra-op thread, for the same reason the numpy path holds BLAS to one thread.

Each text is run alone, also in `encode`: activation scales are computed per call, so a text
padded into a batch would get slightly different features than when it is served alone;
one at a time, training sees exactly the vectors serving will compute.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import logging
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from frontline.adapters.bot import onnx_graph
from frontline.adapters.bot.errors import BotModelError
from frontline.adapters.bot.int8_cache import cache_file, read_cached, write_cached
from frontline.adapters.bot.minilm import MAX_TOKENS, load_tokenizer, truncate_ids
from frontline.adapters.bot.onnx_graph import (
    FFN_MATMUL_MARK,
    OUTPUT,
    WEIGHT_MATMUL_PREFIX,
    build_encoder_graph,
)
from frontline.adapters.bot.safetensors_file import read_safetensors
from frontline.adapters.bot.transformer_block import HIDDEN

_MODULES = ("onnx", "onnxruntime")


def onnx_runtime_available() -> bool:
    """Whether ``onnx`` (to build the graph) and ``onnxruntime`` (to run it) are installed."""
    return all(importlib.util.find_spec(module) is not None for module in _MODULES)


def quantised_matmuls(model: Any) -> list[str]:
    """The weight products to quantise: all but the FFN output ones (see the module doc)."""
    return [
        node.name
        for node in model.graph.node
        if node.name.startswith(WEIGHT_MATMUL_PREFIX)
        and not node.name.endswith(f"{FFN_MATMUL_MARK}out")
    ]


class OnnxMiniLmEncoder:
    """Same interface and output as `MiniLmEncoder`, computed by an int8 ONNX Runtime session."""

    def __init__(self, model_dir: Path) -> None:
        self._weights = model_dir / "model.safetensors"
        if not self._weights.is_file():
            raise BotModelError(f"{model_dir}: model.safetensors missing")
        self._tokenizer = load_tokenizer(model_dir / "tokenizer.json")
        self._sessions: dict[tuple[int, ...], Any] = {}

    def token_ids(self, text: str, max_tokens: int = MAX_TOKENS) -> np.ndarray:
        """The WordPiece ids of ``text`` with [CLS] and [SEP], truncated to ``max_tokens``."""
        return truncate_ids(np.asarray(self._tokenizer.encode(text).ids, np.int64), max_tokens)

    def encode_one(
        self, text: str, layers: Sequence[int], max_tokens: int = MAX_TOKENS
    ) -> np.ndarray:
        """The pooled vectors of ``layers`` side by side for one text, shape (1, 384 x n)."""
        return self._run(self._session(layers), self.token_ids(text, max_tokens))

    def encode(
        self, texts: Sequence[str], layers: Sequence[int], max_tokens: int = MAX_TOKENS
    ) -> np.ndarray:
        """One row per text (float32), each text run alone: see the module doc."""
        session = self._session(layers)
        out = np.empty((len(texts), HIDDEN * len(layers)), dtype=np.float32)
        for row, encoding in enumerate(self._tokenizer.encode_batch(list(texts))):
            ids = truncate_ids(np.asarray(encoding.ids, np.int64), max_tokens)
            out[row] = self._run(session, ids)[0]
        return out

    @staticmethod
    def _run(session: Any, ids: np.ndarray) -> np.ndarray:
        feed = {"input_ids": ids[None, :], "mask": np.ones((1, len(ids)), np.float32)}
        result: np.ndarray = session.run([OUTPUT], feed)[0]
        return result

    def _session(self, layers: Sequence[int]) -> Any:
        key = tuple(int(layer) for layer in layers)
        if key not in self._sessions:
            self._sessions[key] = self._cached_or_built_session(key)
        return self._sessions[key]

    def _cached_or_built_session(self, layers: tuple[int, ...]) -> Any:
        """The quantised graph for ``layers`` from the cache; built (and cached) when the
        cache has none or holds a file that does not open (damaged outside our control)."""
        path = cache_file(self._weights, layers, _recipe())
        cached = read_cached(path)
        if cached is not None:
            try:
                return _open_session(cached)
            except BotModelError:
                pass
        serialized = _quantised_graph(read_safetensors(self._weights), layers)
        write_cached(path, serialized)
        return _open_session(serialized)


@lru_cache(maxsize=1)
def _recipe() -> str:
    """What the cached graph depends on besides the weights: this code and the runtime."""
    digest = hashlib.sha256(importlib.import_module("onnxruntime").__version__.encode())
    for module in (__file__, onnx_graph.__file__):
        digest.update(Path(module).read_bytes())
    return digest.hexdigest()


def _open_session(serialized: bytes) -> Any:
    """An ONNX Runtime session of the graph on one thread, with every graph optimisation."""
    ort = importlib.import_module("onnxruntime")
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    try:
        return ort.InferenceSession(serialized, options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own exception types
        raise BotModelError(f"cannot open the int8 encoder: {exc}") from exc


def _quantised_graph(tensors: dict[str, np.ndarray], layers: tuple[int, ...]) -> bytes:
    """Build the encoder graph for ``layers`` and quantise its weight products to int8."""
    onnx = importlib.import_module("onnx")
    quantization = importlib.import_module("onnxruntime.quantization")
    try:
        model = build_encoder_graph(tensors, layers)
    except KeyError as exc:
        raise BotModelError(f"encoder weight {exc.args[0]!r} missing") from exc
    with tempfile.TemporaryDirectory(prefix="frontline-minilm-") as folder:
        float_path, int8_path = Path(folder) / "float.onnx", Path(folder) / "int8.onnx"
        onnx.save(model, str(float_path))
        with _root_logger_left_alone():
            quantization.quantize_dynamic(
                float_path,
                int8_path,
                op_types_to_quantize=["MatMul"],
                nodes_to_quantize=quantised_matmuls(model),
                per_channel=True,
                weight_type=quantization.QuantType.QInt8,
            )
        return int8_path.read_bytes()


@contextmanager
def _root_logger_left_alone() -> Iterator[None]:
    """Keep the quantiser from configuring this process's logging.

    ``quantize_dynamic`` logs advice through the module-level ``logging`` functions, which call
    ``logging.basicConfig()`` when the root logger has no handler: a CLI or server would then
    print every later root warning in that format. A temporary handler makes that a no-op.
    """
    root = logging.getLogger()
    placeholder = logging.NullHandler() if not root.handlers else None
    if placeholder is not None:
        root.addHandler(placeholder)
    try:
        yield
    finally:
        if placeholder is not None:
            root.removeHandler(placeholder)
