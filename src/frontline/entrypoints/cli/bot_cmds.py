"""``frontline bot train | classify | evaluate``: the intent bot from the command line.

``classify`` reads one message per line on stdin and writes one JSON line per message, flushed
as it goes, so it can sit in a pipeline or answer interactively. Every problem a user can fix
(missing data file, corrupt model folder, missing optional featuriser) is one ``error:`` line.
The model code (scikit-learn, SciPy) is imported inside the commands, so the rest of the CLI
does not pay its second of import time.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from frontline.adapters.bot.errors import BotError
from frontline.domain.bot_policy import DEFAULT_MAX_WRONG_RATE, BotAction, decide
from frontline.entrypoints.cli.errors import CliError

if TYPE_CHECKING:
    from frontline.adapters.bot.classifier import IntentModel


class Features(StrEnum):
    AUTO = "auto"
    TFIDF = "tfidf"
    EMBEDDINGS = "embeddings"


ModelDir = Annotated[
    Path, typer.Option("--model", help="Model folder written by `frontline bot train`.")
]
DataFile = Annotated[Path, typer.Option("--data", help="CSV file with columns text,category.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]

bot_app = typer.Typer(
    help="Intent-recognising bot: train, classify, evaluate.", no_args_is_help=True
)


def _load(model: Path) -> IntentModel:
    from frontline.adapters.bot.model_store import load_model

    try:
        return load_model(model)
    except BotError as exc:
        raise CliError(str(exc)) from exc


@bot_app.command()
def train(
    data: DataFile,
    out: Annotated[Path, typer.Option("--out", help="Folder to write the model into.")],
    features: Annotated[
        Features,
        typer.Option(help="auto: sentence embeddings when the 'bot' extra is installed."),
    ] = Features.AUTO,
    max_wrong_rate: Annotated[
        float,
        typer.Option(help="Largest share of wrong answers allowed among answered messages."),
    ] = DEFAULT_MAX_WRONG_RATE,
    seed: Annotated[int, typer.Option(help="Seed of the validation split.")] = 0,
    encoder_max_tokens: Annotated[
        int | None,
        typer.Option(
            min=3,
            max=256,  # the encoder's own limit (minilm.MAX_TOKENS)
            help="Word pieces of a message the sentence encoder reads (embeddings only). "
            "Default 32: fewer tokens bound the slowest queries' time, more keep more of long "
            "messages.",
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Train an intent model, calibrate its threshold on a validation split, save it."""
    from frontline.adapters.bot.dataset import read_labelled_csv
    from frontline.adapters.bot.model_store import save_model
    from frontline.adapters.bot.training import TrainingOptions, train_intent_model

    if not 0.0 <= max_wrong_rate < 1.0:
        raise CliError(f"--max-wrong-rate must lie in [0, 1), got {max_wrong_rate:g}")
    options = TrainingOptions(features=features.value, max_wrong_rate=max_wrong_rate, seed=seed)
    if encoder_max_tokens is not None:
        options = replace(options, embedding_max_tokens=encoder_max_tokens)
    try:
        model, report = train_intent_model(read_labelled_csv(data), options)
        save_model(model, out)
    except BotError as exc:
        raise CliError(str(exc)) from exc
    summary = {
        "featuriser": report.featuriser,
        "intents": len(model.labels),
        "rows": report.rows,
        "validation_accuracy": round(report.validation_accuracy, 6),
        "validation_macro_f1": round(report.validation_macro_f1, 6),
        "threshold": round(report.threshold, 6),
        "training_seconds": round(report.seconds, 2),
        "model": str(out),
    }
    if as_json:
        typer.echo(json.dumps(summary))
        return
    for name, value in summary.items():
        typer.echo(f"{name:<20} {value}")


@bot_app.command()
def classify(model: ModelDir) -> None:
    """Read one message per line on stdin; write {"intent", "confidence", "action"} per line.

    ``action`` is what the bot policy does at the model's calibrated threshold: ``answer``,
    ``clarify`` (ask which of ``intent`` and ``alternatives[0]``) or ``hand_off``. An empty line
    yields a null intent and ``hand_off``, so output lines always match input lines.
    """
    classifier = _load(model)
    for line in sys.stdin:
        text = line.strip()
        if not text:
            record: dict[str, object] = {
                "intent": None,
                "confidence": 0.0,
                "action": BotAction.HAND_OFF.value,
            }
        else:
            prediction = classifier.classify(text)
            record = {
                "intent": prediction.intent,
                "confidence": round(prediction.confidence, 6),
                "action": decide(prediction, classifier.threshold).action.value,
                "alternatives": [name for name, _ in prediction.alternatives],
            }
        typer.echo(json.dumps(record))


@bot_app.command(name="evaluate")
def evaluate_command(model: ModelDir, data: DataFile, as_json: AsJson = False) -> None:
    """Accuracy and macro-F1 on labelled data, and what the bot policy would do with it."""
    from frontline.adapters.bot.dataset import read_labelled_csv
    from frontline.adapters.bot.evaluation import evaluate

    classifier = _load(model)
    try:
        labelled = read_labelled_csv(data)
    except BotError as exc:
        raise CliError(str(exc)) from exc
    result = evaluate(classifier, labelled)
    figures = result.summary()
    if as_json:
        typer.echo(json.dumps(figures))
        return
    for name, value in figures.items():
        text = str(value) if isinstance(value, int) else f"{value:.4f}"
        typer.echo(f"{name:<20} {text}")
    typer.echo("threshold  answered  accuracy-of-answered  wrong-of-all")
    for point in result.curve:
        typer.echo(
            f"{point.threshold:9.2f}  {point.answered_share:8.3f}  "
            f"{point.answered_accuracy:20.3f}  {point.wrong_share:12.3f}"
        )


def register(app: typer.Typer) -> None:
    """Attach ``frontline bot ...`` to the main app."""
    app.add_typer(bot_app, name="bot")
