"""The numpy reader of .safetensors files, on files written byte by byte from the spec."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pytest

from frontline.adapters.bot.errors import BotModelError
from frontline.adapters.bot.safetensors_file import read_safetensors


def write(path: Path, header: dict[str, object], body: bytes) -> Path:
    encoded = json.dumps(header).encode()
    path.write_bytes(struct.pack("<Q", len(encoded)) + encoded + body)
    return path


def test_reads_tensors_by_name_shape_and_dtype(tmp_path: Path) -> None:
    matrix = np.arange(6, dtype="<f4").reshape(2, 3)
    ids = np.array([7, -1], dtype="<i8")
    body = matrix.tobytes() + ids.tobytes()
    header = {
        "__metadata__": {"format": "pt"},
        "w": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
        "ids": {"dtype": "I64", "shape": [2], "data_offsets": [24, 40]},
    }
    tensors = read_safetensors(write(tmp_path / "m.safetensors", header, body))
    assert set(tensors) == {"w", "ids"}
    np.testing.assert_array_equal(tensors["w"], matrix)
    np.testing.assert_array_equal(tensors["ids"], ids)
    assert tensors["w"].dtype == np.float32


@pytest.mark.parametrize(
    "spec",
    [
        {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 20]},  # wrong byte count
        {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 400]},  # past the end
        {"dtype": "BF16", "shape": [2], "data_offsets": [0, 4]},  # unsupported dtype
        {"dtype": "F32", "shape": [6]},  # no offsets
    ],
)
def test_inconsistent_entries_are_reported(tmp_path: Path, spec: dict[str, object]) -> None:
    path = write(tmp_path / "m.safetensors", {"w": spec}, bytes(24))
    with pytest.raises(BotModelError, match="'w'"):
        read_safetensors(path)


def test_garbage_and_missing_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "short").write_bytes(b"abc")
    (tmp_path / "huge").write_bytes(struct.pack("<Q", 10**12) + b"{}")
    (tmp_path / "notjson").write_bytes(struct.pack("<Q", 3) + b"{{{")
    for name in ("short", "huge", "notjson", "absent"):
        with pytest.raises(BotModelError):
            read_safetensors(tmp_path / name)
