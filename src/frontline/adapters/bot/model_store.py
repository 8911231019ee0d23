"""Saving and loading model folders: a JSON manifest plus arrays, never pickles.

A model folder is an input that may come from anywhere, so loading it must not run code:
parameters are a numpy ``.npz`` read with ``allow_pickle=False`` and vocabularies are JSON.
The manifest records the format version, the featuriser (and the package it needs), the
labels, the calibrated temperature and threshold, validation metrics, and a SHA-256 of every
data file, so a truncated or edited folder is reported as corrupt instead of misbehaving.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from frontline.adapters.bot.classifier import FEATURISER_EMBEDDINGS, FEATURISER_TFIDF, IntentModel
from frontline.adapters.bot.embedding import (
    ENCODER_NAME,
    LEGACY_MAX_TOKENS,
    WEIGHTS_PACKAGE,
    EmbeddingFeatures,
)
from frontline.adapters.bot.errors import BotModelError
from frontline.adapters.bot.linear_head import LinearHead
from frontline.adapters.bot.tfidf import TfidfFeatures

FORMAT = "frontline-intent-model"
VERSION = 1
MANIFEST = "manifest.json"
PARAMETERS = "parameters.npz"
VOCABULARY = "vocabulary.json"
_ARRAYS = ("idf_word", "idf_char", "sparse_weights", "dense_weights", "bias")


def save_model(model: IntentModel, folder: Path) -> None:
    """Write ``model`` into ``folder`` (created if needed; an existing model is replaced)."""
    try:
        _write(model, folder)
    except OSError as exc:
        raise BotModelError(f"cannot write model folder {folder}: {exc.strerror}") from exc


def load_model(folder: Path) -> IntentModel:
    """Read a model folder; raise `BotModelError` saying what is wrong when it is unusable."""
    try:
        return _read(folder)
    except OSError as exc:
        raise BotModelError(f"cannot read model folder {folder}: {exc.strerror}") from exc


def _write(model: IntentModel, folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise BotModelError(f"{folder} exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MANIFEST).is_file():
        raise BotModelError(f"{folder} is not empty and holds no model; refusing to overwrite")
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / PARAMETERS).open("wb") as handle:
        np.savez_compressed(
            handle,
            idf_word=model.tfidf.idfs["word"],
            idf_char=model.tfidf.idfs["char"],
            sparse_weights=model.head.sparse_weights,
            dense_weights=model.head.dense_weights,
            bias=model.head.bias,
        )
    vocabulary = {kind: model.tfidf.vocabularies[kind] for kind in ("word", "char")}
    (folder / VOCABULARY).write_text(json.dumps(vocabulary, ensure_ascii=False), "utf-8")
    embedding = None
    if model.embedding is not None:
        embedding = {
            "encoder": ENCODER_NAME,
            "package": WEIGHTS_PACKAGE,
            "layers": list(model.embedding.layers),
            "scale": model.embedding.scale,
            "max_tokens": model.embedding.max_tokens,
        }
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "featuriser": {"name": model.featuriser, "embedding": embedding},
        "labels": list(model.labels),
        "temperature": model.temperature,
        "threshold": model.threshold,
        "metrics": model.metrics,
        "sha256": {name: _digest(folder / name) for name in (PARAMETERS, VOCABULARY)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")


def _read(folder: Path) -> IntentModel:
    if not folder.is_dir():
        raise BotModelError(f"model folder not found: {folder}")
    manifest = _read_manifest(folder)
    for name, expected in manifest["sha256"].items():
        if name not in (PARAMETERS, VOCABULARY):
            raise BotModelError(f"{folder / MANIFEST}: unexpected file entry {name!r}")
        if not (folder / name).is_file():
            raise BotModelError(f"model folder {folder} is incomplete: {name} is missing")
        if _digest(folder / name) != expected:
            raise BotModelError(f"{folder / name} is corrupt (checksum does not match manifest)")
    arrays = _read_arrays(folder / PARAMETERS)
    try:
        vocabulary = json.loads((folder / VOCABULARY).read_text("utf-8"))
        tfidf = TfidfFeatures(
            {"word": vocabulary["word"], "char": vocabulary["char"]},
            {"word": arrays["idf_word"], "char": arrays["idf_char"]},
        )
        head = LinearHead(arrays["sparse_weights"], arrays["dense_weights"], arrays["bias"])
        embedding = _embedding(manifest["featuriser"])
        return IntentModel(
            manifest["labels"],
            tfidf,
            embedding,
            head,
            temperature=float(manifest["temperature"]),
            threshold=float(manifest["threshold"]),
            metrics=manifest.get("metrics") or {},
        )
    except (ValueError, TypeError, KeyError) as exc:
        raise BotModelError(f"model folder {folder} is corrupt: {exc}") from exc


def _read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise BotModelError(f"{folder} is not an intent model folder ({MANIFEST} is missing)")
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BotModelError(f"{path} is corrupt (not valid JSON)") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BotModelError(f"{path} is not an intent model manifest")
    if manifest.get("version") != VERSION:
        raise BotModelError(
            f"{path}: model format version {manifest.get('version')!r} is not supported "
            f"(this Frontline reads version {VERSION}); retrain the model"
        )
    required = ("featuriser", "labels", "temperature", "threshold", "sha256")
    missing = [key for key in required if key not in manifest]
    if missing or not isinstance(manifest["sha256"], dict):
        raise BotModelError(f"{path} is incomplete: missing {', '.join(missing) or 'sha256'}")
    return manifest


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    try:
        # Open the file ourselves: np.load leaks its handle when the zip is corrupt.
        with path.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
            arrays = {name: np.asarray(data[name]) for name in _ARRAYS}
    except KeyError as exc:
        raise BotModelError(f"{path} is corrupt: array {exc.args[0]!r} is missing") from exc
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise BotModelError(f"{path} is corrupt: {exc}") from exc
    if any(array.dtype.kind != "f" for array in arrays.values()):
        raise BotModelError(f"{path} is corrupt: parameters must be floating-point arrays")
    return arrays


def _embedding(featuriser: Any) -> EmbeddingFeatures | None:
    name = featuriser["name"]
    if name == FEATURISER_TFIDF:
        return None
    if name != FEATURISER_EMBEDDINGS:
        raise ValueError(f"unknown featuriser {name!r}")
    spec = featuriser["embedding"]
    # Folders from before the token limit was recorded were trained without one: keep theirs.
    max_tokens = int(spec.get("max_tokens", LEGACY_MAX_TOKENS))
    return EmbeddingFeatures(spec["layers"], float(spec["scale"]), max_tokens)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
