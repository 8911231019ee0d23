"""A minimal reader for ``.safetensors`` weight files, straight into numpy arrays.

The format is an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
shape and byte range, then the raw bytes. Reading it here keeps the embedding featuriser free
of PyTorch and of any code execution on load: a weight file is data, never a program.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import numpy as np

from frontline.adapters.bot.errors import BotModelError

_DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64}
_MAX_HEADER_BYTES = 100_000_000


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Every tensor in the file by name; raise `BotModelError` when the file is malformed."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BotModelError(f"cannot read weights {path}: {exc.strerror}") from exc
    if len(raw) < 8:
        raise BotModelError(f"{path}: too short to be a safetensors file")
    (header_size,) = struct.unpack("<Q", raw[:8])
    if header_size > min(_MAX_HEADER_BYTES, len(raw) - 8):
        raise BotModelError(f"{path}: corrupt safetensors header")
    try:
        header: dict[str, Any] = json.loads(raw[8 : 8 + header_size])
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BotModelError(f"{path}: corrupt safetensors header") from exc
    body = memoryview(raw)[8 + header_size :]
    tensors: dict[str, np.ndarray] = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        tensors[name] = _tensor(path, name, spec, body)
    return tensors


def _tensor(path: Path, name: str, spec: Any, body: memoryview) -> np.ndarray:
    try:
        dtype = np.dtype(_DTYPES[spec["dtype"]]).newbyteorder("<")
        shape = tuple(int(n) for n in spec["shape"])
        start, end = (int(n) for n in spec["data_offsets"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BotModelError(f"{path}: unsupported or corrupt entry for tensor {name!r}") from exc
    expected = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if not 0 <= start <= end <= len(body) or end - start != expected:
        raise BotModelError(f"{path}: tensor {name!r} has an inconsistent byte range")
    native = dtype.newbyteorder("=")
    return np.frombuffer(body[start:end], dtype=dtype).reshape(shape).astype(native)
