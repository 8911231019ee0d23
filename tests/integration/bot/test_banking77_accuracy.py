"""The default (TF-IDF) model on the whole of BANKING77, against published reference points.

Casanueva et al. (2020, Table 3) report 87.2 % test accuracy for a classifier on frozen BERT
features and 93.7 % for fine-tuned BERT. The TF-IDF model measured 91.3 % here (CPU, ~20 s);
the floor below leaves room for solver and platform differences, not for regressions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.adapters.bot.dataset import read_labelled_csv
from frontline.adapters.bot.evaluation import evaluate
from frontline.adapters.bot.model_store import load_model, save_model
from frontline.adapters.bot.training import TrainingOptions, train_intent_model

BANKING77 = Path(__file__).resolve().parents[3] / "datasets" / "banking77"
FROZEN_BERT_ACCURACY = 0.872  # Casanueva et al. 2020, Table 3, "BERT-fixed"


@pytest.mark.slow
def test_tfidf_model_beats_frozen_bert_and_keeps_wrong_answers_rare(tmp_path: Path) -> None:
    model, report = train_intent_model(
        read_labelled_csv(BANKING77 / "train.csv"), TrainingOptions(features="tfidf")
    )
    save_model(model, tmp_path / "model")
    result = evaluate(load_model(tmp_path / "model"), read_labelled_csv(BANKING77 / "test.csv"))

    assert result.rows == 3080
    assert result.accuracy >= 0.905  # measured 0.9130
    assert result.accuracy > FROZEN_BERT_ACCURACY
    assert result.macro_f1 >= 0.905  # measured 0.9131
    # The calibrated threshold (2 % wrong answers allowed on validation) must hold on unseen
    # test data: measured 98.1 % accuracy on the 79 % of messages answered.
    assert result.answered_accuracy >= 0.97
    assert result.answered_share >= 0.70
    assert result.wrong_answer_share <= 0.025
    assert 0.85 <= report.validation_accuracy <= 0.95  # measured 0.897 on 1,003 held-out rows
