"""``frontline bot``: train, classify and evaluate through the real CLI, and its error lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontline.adapters.bot.embedding import embeddings_available
from frontline.entrypoints.cli.errors import CliError
from frontline.entrypoints.cli.main import app

FRONTLINE = Path(sys.executable).with_name("frontline")


def test_train_classify_evaluate_round_trip(
    train_csv: Path, test_csv: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    model = tmp_path / "model"
    trained = runner.invoke(
        app,
        [
            "bot",
            "train",
            "--data",
            str(train_csv),
            "--out",
            str(model),
            "--features",
            "tfidf",
            "--json",
        ],
    )
    assert trained.exit_code == 0, trained.output
    summary = json.loads(trained.stdout)
    assert summary["featuriser"] == "tfidf"
    assert summary["intents"] == 6
    assert (model / "manifest.json").is_file()

    messages = "My new card still has not arrived\n\nHow old do I need to be to open an account?\n"
    classified = runner.invoke(app, ["bot", "classify", "--model", str(model)], input=messages)
    assert classified.exit_code == 0, classified.output
    lines = [json.loads(line) for line in classified.stdout.splitlines()]
    assert [line["intent"] for line in lines] == ["card_arrival", None, "age_limit"]
    assert lines[1] == {"intent": None, "confidence": 0.0, "action": "hand_off"}
    assert 0.0 < lines[0]["confidence"] <= 1.0
    assert lines[0]["action"] in {"answer", "clarify", "hand_off"}

    evaluated = runner.invoke(
        app, ["bot", "evaluate", "--model", str(model), "--data", str(test_csv), "--json"]
    )
    assert evaluated.exit_code == 0, evaluated.output
    figures = json.loads(evaluated.stdout)
    assert figures["accuracy"] >= 0.95
    assert 0.9 <= figures["macro_f1"] <= 1.0
    assert figures["rows"] == 240

    table = runner.invoke(app, ["bot", "evaluate", "--model", str(model), "--data", str(test_csv)])
    assert table.exit_code == 0
    assert "accuracy-of-answered" in table.stdout


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(FRONTLINE), "bot", *args], input=stdin, capture_output=True, text=True, timeout=60
    )


def test_missing_model_folder_is_one_error_line(tmp_path: Path) -> None:
    result = run_cli("classify", "--model", str(tmp_path / "absent"), stdin="hello\n")
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: model folder not found: {tmp_path / 'absent'}"
    assert "Traceback" not in result.stderr


def cli_error(*args: str) -> str:
    """The message of the `CliError` a command raised (in-process; ``run`` prints it)."""
    result = CliRunner().invoke(app, ["bot", *args])
    assert isinstance(result.exception, CliError), result.output
    return str(result.exception)


def test_corrupt_model_folder_is_reported(model_dir: Path, test_csv: Path) -> None:
    (model_dir / "parameters.npz").write_bytes(b"garbage")
    message = cli_error("evaluate", "--model", str(model_dir), "--data", str(test_csv))
    assert "parameters.npz is corrupt" in message
    assert "\n" not in message


def test_bad_training_input_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("utterance,intent\nhi,greet\n")
    message = cli_error("train", "--data", str(bad), "--out", str(tmp_path / "m"))
    assert "expected columns 'text,category'" in message
    message = cli_error(
        "train", "--data", str(bad), "--out", str(tmp_path / "m"), "--max-wrong-rate", "1.5"
    )
    assert message == "--max-wrong-rate must lie in [0, 1), got 1.5"
    message = cli_error("evaluate", "--model", str(tmp_path), "--data", str(bad))
    assert "manifest.json is missing" in message


@pytest.mark.skipif(embeddings_available(), reason="the optional 'bot' extra is installed")
def test_embeddings_without_the_extra_is_reported(train_csv: Path, tmp_path: Path) -> None:
    message = cli_error(
        "train", "--data", str(train_csv), "--out", str(tmp_path / "m"), "--features", "embeddings"
    )
    assert message.startswith("sentence-embedding features need")
    assert "pip install 'frontline[bot]'" in message
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize("tokens", ["2", "257"])
def test_encoder_token_limit_outside_the_encoder_range_is_a_usage_error(
    train_csv: Path, tmp_path: Path, tokens: str
) -> None:
    result = CliRunner().invoke(
        app,
        [
            "bot",
            "train",
            "--data",
            str(train_csv),
            "--out",
            str(tmp_path / "model"),
            "--encoder-max-tokens",
            tokens,
        ],
    )
    assert result.exit_code == 2
    assert not (tmp_path / "model").exists()
