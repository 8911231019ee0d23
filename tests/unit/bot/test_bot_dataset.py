"""Reading labelled CSV files strictly, with messages that say what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.adapters.bot.dataset import LabelledTexts, check_trainable, read_labelled_csv
from frontline.adapters.bot.errors import BotDataError


def test_reads_text_and_category_columns(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text('text,category\n"Hi, my card?",card_arrival\nrate?,exchange_rate\n', "utf-8")
    data = read_labelled_csv(path)
    assert data.texts == ("Hi, my card?", "rate?")
    assert data.labels == ("card_arrival", "exchange_rate")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("words,label\nhi,x\n", "expected columns"),
        ("text,category\n", "no rows"),
        ("text,category\nhello,\n", "empty text or category"),
        ("", "expected columns"),
    ],
)
def test_unusable_files_are_reported(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "d.csv"
    path.write_text(content, "utf-8")
    with pytest.raises(BotDataError, match=message):
        read_labelled_csv(path)


def test_missing_and_binary_files_are_reported(tmp_path: Path) -> None:
    with pytest.raises(BotDataError, match="not found"):
        read_labelled_csv(tmp_path / "absent.csv")
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"text,category\n\xff\xfe,x\n")
    with pytest.raises(BotDataError, match="UTF-8"):
        read_labelled_csv(binary)


def test_check_trainable_needs_two_intents_and_enough_examples() -> None:
    with pytest.raises(BotDataError, match="two different intents"):
        check_trainable(LabelledTexts(("a", "b", "c"), ("x", "x", "x")), 3)
    with pytest.raises(BotDataError, match="too few for: y"):
        check_trainable(LabelledTexts(("a", "b", "c", "d"), ("x", "x", "x", "y")), 3)
    check_trainable(LabelledTexts(("a", "b", "c", "d"), ("x", "x", "y", "y")), 2)
