"""The all-MiniLM-L6-v2 encoder as an ONNX graph, built from the weights we already read.

Why build it ourselves: exporting through PyTorch would need PyTorch (and, usually, a model hub);
the BERT encoder is a short, fixed recipe, so it is written out here with ``onnx.helper`` from
the same safetensors arrays the numpy forward pass uses. The graph computes exactly what
`MiniLmEncoder` computes: word + position (+ the constant token-type) embeddings, LayerNorm,
six post-norm blocks (attention, GELU via Erf), then each requested layer mean-pooled over the
real tokens and L2-normalised, side by side. Inputs are ``input_ids`` (int64, batch x length)
and ``mask`` (float32, 1 for a token, 0 for padding).

Every weight product is a MatMul whose node name starts with `WEIGHT_MATMUL_PREFIX`, so
quantisation can pick exactly those (the attention's two products of activations stay float).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from frontline.adapters.bot.transformer_block import HEAD_DIM, HEADS, HIDDEN

OPSET = 17  # the first opset with LayerNormalization
WEIGHT_MATMUL_PREFIX = "dense_"
FFN_MATMUL_MARK = "_ffn_"
OUTPUT = "pooled"
_EPS = 1e-12


class _GraphBuilder:
    """Collects nodes and initialisers; every helper returns the name of its output."""

    def __init__(self, onnx: Any) -> None:
        self._onnx = onnx
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []
        self._count = 0

    def _name(self, kind: str) -> str:
        self._count += 1
        return f"{kind}_{self._count}"

    def constant(self, value: np.ndarray, kind: str = "const") -> str:
        name = self._name(kind)
        self.initializers.append(self._onnx.numpy_helper.from_array(value, name))
        return name

    def op(self, op_type: str, inputs: Sequence[str], name: str = "", **attributes: Any) -> str:
        output = self._name(op_type.lower())
        node = self._onnx.helper.make_node(
            op_type, list(inputs), [output], name=name or output, **attributes
        )
        self.nodes.append(node)
        return output

    def dense(self, x: str, weight: np.ndarray, bias: np.ndarray, label: str) -> str:
        """``x @ weight.T + bias`` for a PyTorch-layout (out, in) weight."""
        w = self.constant(np.ascontiguousarray(weight.T, dtype=np.float32), "w")
        product = self.op("MatMul", [x, w], name=f"{WEIGHT_MATMUL_PREFIX}{label}")
        return self.op("Add", [product, self.constant(bias.astype(np.float32), "b")])

    def layer_norm(self, x: str, tensors: dict[str, np.ndarray], prefix: str) -> str:
        gain = self.constant(tensors[f"{prefix}.weight"].astype(np.float32), "gain")
        shift = self.constant(tensors[f"{prefix}.bias"].astype(np.float32), "shift")
        return self.op("LayerNormalization", [x, gain, shift], axis=-1, epsilon=_EPS)


def build_encoder_graph(tensors: dict[str, np.ndarray], layers: Sequence[int]) -> Any:
    """An ``onnx.ModelProto`` of the encoder returning ``layers`` pooled (batch, 384 x n).

    ``tensors`` is the checkpoint as `read_safetensors` returns it; KeyError if one is missing.
    """
    onnx = importlib.import_module("onnx")

    g = _GraphBuilder(onnx)
    ids, mask = "input_ids", "mask"
    word = g.constant(tensors["embeddings.word_embeddings.weight"].astype(np.float32), "word")
    position_table = tensors["embeddings.position_embeddings.weight"].astype(np.float32)
    position_table = position_table + tensors["embeddings.token_type_embeddings.weight"][0]
    positions = g.constant(position_table.astype(np.float32), "position")
    length = g.op("Gather", [g.op("Shape", [ids]), g.constant(np.array([1], np.int64))], axis=0)
    zero = g.constant(np.array([0], np.int64))
    position = g.op("Slice", [positions, zero, length, zero])
    hidden = g.op("Add", [g.op("Gather", [word, ids], axis=0), position])
    hidden = g.layer_norm(hidden, tensors, "embeddings.LayerNorm")
    # Padding gets a large negative attention score: (1 - mask) * -1e9, as (batch, 1, 1, length).
    one = g.constant(np.array(1.0, np.float32))
    padding = g.op("Sub", [one, mask])
    bias = g.op("Mul", [padding, g.constant(np.array(-1e9, np.float32))])
    bias = g.op("Unsqueeze", [bias, g.constant(np.array([1, 2], np.int64))])
    states = {0: hidden}
    for index in range(1, max(layers) + 1):
        hidden = _block(g, hidden, bias, tensors, index)
        states[index] = hidden
    # Mean over real tokens: sum(hidden * mask) / sum(mask), then divide by the L2 norm.
    weights = g.op("Unsqueeze", [mask, g.constant(np.array([2], np.int64))])
    axis_one = g.constant(np.array([1], np.int64))
    count = g.op("ReduceSum", [weights, axis_one], keepdims=0)
    pooled = []
    for layer in layers:
        summed = g.op("ReduceSum", [g.op("Mul", [states[layer], weights]), axis_one], keepdims=0)
        mean = g.op("Div", [summed, count])
        norm = g.op("ReduceL2", [mean], axes=[1], keepdims=1)  # axes an input from opset 18
        norm = g.op("Max", [norm, g.constant(np.array(_EPS, np.float32))])
        pooled.append(g.op("Div", [mean, norm]))
    out = pooled[0] if len(pooled) == 1 else g.op("Concat", pooled, axis=1)
    g.nodes.append(onnx.helper.make_node("Identity", [out], [OUTPUT], name="output"))
    graph = onnx.helper.make_graph(
        g.nodes,
        "all-MiniLM-L6-v2",
        [
            onnx.helper.make_tensor_value_info(ids, onnx.TensorProto.INT64, ["batch", "length"]),
            onnx.helper.make_tensor_value_info(mask, onnx.TensorProto.FLOAT, ["batch", "length"]),
        ],
        [
            onnx.helper.make_tensor_value_info(
                OUTPUT, onnx.TensorProto.FLOAT, ["batch", HIDDEN * len(layers)]
            )
        ],
        g.initializers,
    )
    model = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", OPSET)])
    model.ir_version = 8  # readable by every onnxruntime that supports opset 17
    return model


def _block(g: _GraphBuilder, x: str, bias: str, tensors: dict[str, np.ndarray], index: int) -> str:
    """One post-norm BERT block on ``x`` (batch, length, HIDDEN)."""
    prefix = f"encoder.layer.{index - 1}."

    def param(name: str) -> np.ndarray:
        return tensors[prefix + name].astype(np.float32)

    split_heads = g.constant(np.array([0, 0, HEADS, HEAD_DIM], np.int64))
    heads = {}
    for name in ("query", "key", "value"):
        scale = np.float32(HEAD_DIM**-0.5 if name == "query" else 1.0)
        weight = param(f"attention.self.{name}.weight") * scale
        projected = g.dense(
            x, weight, param(f"attention.self.{name}.bias") * scale, f"{index}_{name}"
        )
        heads[name] = g.op("Reshape", [projected, split_heads])
    query = g.op("Transpose", [heads["query"]], perm=[0, 2, 1, 3])
    key = g.op("Transpose", [heads["key"]], perm=[0, 2, 3, 1])
    value = g.op("Transpose", [heads["value"]], perm=[0, 2, 1, 3])
    scores = g.op("Add", [g.op("MatMul", [query, key]), bias])
    attention = g.op("Softmax", [scores], axis=-1)
    context = g.op("Transpose", [g.op("MatMul", [attention, value])], perm=[0, 2, 1, 3])
    context = g.op("Reshape", [context, g.constant(np.array([0, 0, HIDDEN], np.int64))])
    attended = g.dense(
        context,
        param("attention.output.dense.weight"),
        param("attention.output.dense.bias"),
        f"{index}_attention_out",
    )
    attended = g.layer_norm(
        g.op("Add", [attended, x]), tensors, f"{prefix}attention.output.LayerNorm"
    )
    inner = g.dense(
        attended,
        param("intermediate.dense.weight"),
        param("intermediate.dense.bias"),
        f"{index}{FFN_MATMUL_MARK}in",
    )
    # GELU(u) = u * (1 + erf(u / sqrt(2))) / 2, the exact form BERT uses.
    erf = g.op("Erf", [g.op("Mul", [inner, g.constant(np.array(2**-0.5, np.float32))])])
    gate = g.op("Mul", [g.op("Add", [erf, g.constant(np.array(1.0, np.float32))]), inner])
    activated = g.op("Mul", [gate, g.constant(np.array(0.5, np.float32))])
    out = g.dense(
        activated,
        param("output.dense.weight"),
        param("output.dense.bias"),
        f"{index}{FFN_MATMUL_MARK}out",
    )
    return g.layer_norm(g.op("Add", [out, attended]), tensors, f"{prefix}output.LayerNorm")
