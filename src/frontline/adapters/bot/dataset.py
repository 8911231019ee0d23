"""Labelled utterances read from ``text,category`` CSV files (the BANKING77 layout).

Reading is strict on purpose: a file with a missing column or an empty label would otherwise
train a model that quietly knows fewer intents than the operator thinks.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from frontline.adapters.bot.errors import BotDataError

TEXT_COLUMN = "text"
LABEL_COLUMN = "category"


@dataclass(frozen=True, slots=True)
class LabelledTexts:
    """Parallel tuples of utterances and their intent labels."""

    texts: tuple[str, ...]
    labels: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.texts) != len(self.labels):
            raise ValueError("texts and labels must have the same length")

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, indices: np.ndarray) -> LabelledTexts:
        """The rows at ``indices``, in that order."""
        return LabelledTexts(
            tuple(self.texts[i] for i in indices), tuple(self.labels[i] for i in indices)
        )


def read_labelled_csv(path: Path) -> LabelledTexts:
    """Read a ``text,category`` CSV; raise `BotDataError` with the reason when it is unusable."""
    if not path.is_file():
        raise BotDataError(f"data file not found: {path}")
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            columns = reader.fieldnames or []
            if TEXT_COLUMN not in columns or LABEL_COLUMN not in columns:
                raise BotDataError(
                    f"{path}: expected columns '{TEXT_COLUMN},{LABEL_COLUMN}', found {columns}"
                )
            texts: list[str] = []
            labels: list[str] = []
            for line_number, row in enumerate(reader, start=2):
                text = (row[TEXT_COLUMN] or "").strip()
                label = (row[LABEL_COLUMN] or "").strip()
                if not text or not label:
                    raise BotDataError(f"{path}:{line_number}: empty text or category")
                texts.append(text)
                labels.append(label)
    except UnicodeDecodeError as exc:
        raise BotDataError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except csv.Error as exc:
        raise BotDataError(f"{path}: malformed CSV ({exc})") from exc
    if not texts:
        raise BotDataError(f"{path}: no rows")
    return LabelledTexts(tuple(texts), tuple(labels))


def check_trainable(data: LabelledTexts, min_per_intent: int) -> None:
    """Refuse data with fewer than two intents or too few examples of some intent."""
    counts = Counter(data.labels)
    if len(counts) < 2:
        raise BotDataError("training data needs at least two different intents")
    scarce = sorted(label for label, count in counts.items() if count < min_per_intent)
    if scarce:
        shown = ", ".join(scarce[:5]) + (" ..." if len(scarce) > 5 else "")
        raise BotDataError(
            f"every intent needs at least {min_per_intent} examples; too few for: {shown}"
        )
