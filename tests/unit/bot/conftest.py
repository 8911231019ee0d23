"""Fixtures for the bot tests: a small real BANKING77 subset and a model trained on it once.

Six intents with 40 training rows each train in well under a second, yet are real customer
wording, so accuracy checks on the matching test rows mean something.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from frontline.adapters.bot.classifier import IntentModel
from frontline.adapters.bot.dataset import LabelledTexts, read_labelled_csv
from frontline.adapters.bot.model_store import save_model
from frontline.adapters.bot.training import TrainingOptions, train_intent_model

BANKING77 = Path(__file__).resolve().parents[3] / "datasets" / "banking77"
INTENTS = (
    "age_limit",
    "card_arrival",
    "exchange_rate",
    "lost_or_stolen_card",
    "pin_blocked",
    "top_up_failed",
)


def banking77_subset(split: str, per_intent: int) -> LabelledTexts:
    """The first ``per_intent`` rows of each of `INTENTS` from ``split`` (train or test)."""
    full = read_labelled_csv(BANKING77 / f"{split}.csv")
    taken: dict[str, int] = {}
    texts: list[str] = []
    labels: list[str] = []
    for text, label in zip(full.texts, full.labels, strict=True):
        if label in INTENTS and taken.get(label, 0) < per_intent:
            taken[label] = taken.get(label, 0) + 1
            texts.append(text)
            labels.append(label)
    return LabelledTexts(tuple(texts), tuple(labels))


def write_csv(path: Path, data: LabelledTexts) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "category"])
        writer.writerows(zip(data.texts, data.labels, strict=True))
    return path


@pytest.fixture(scope="session")
def small_train() -> LabelledTexts:
    return banking77_subset("train", 40)


@pytest.fixture(scope="session")
def small_test() -> LabelledTexts:
    return banking77_subset("test", 40)


@pytest.fixture(scope="session")
def small_model(small_train: LabelledTexts) -> IntentModel:
    model, _ = train_intent_model(small_train, TrainingOptions(features="tfidf"))
    return model


@pytest.fixture()
def model_dir(small_model: IntentModel, tmp_path: Path) -> Path:
    folder = tmp_path / "model"
    save_model(small_model, folder)
    return folder


@pytest.fixture()
def train_csv(small_train: LabelledTexts, tmp_path: Path) -> Path:
    return write_csv(tmp_path / "train.csv", small_train)


@pytest.fixture()
def test_csv(small_test: LabelledTexts, tmp_path: Path) -> Path:
    return write_csv(tmp_path / "test.csv", small_test)
