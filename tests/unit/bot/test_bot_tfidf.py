"""Our TF-IDF transform against scikit-learn's own, which is the reference it must equal."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from frontline.adapters.bot.dataset import LabelledTexts
from frontline.adapters.bot.tfidf import TfidfFeatures


def test_transform_equals_scikit_learn_union(
    small_train: LabelledTexts, small_test: LabelledTexts
) -> None:
    features = TfidfFeatures.fit(small_train.texts)
    word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit(small_train.texts)
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True).fit(
        small_train.texts
    )
    unseen = [*small_test.texts, "zzzz qqqq", ""]
    expected = sp.hstack([word.transform(unseen), char.transform(unseen)]).toarray()
    np.testing.assert_allclose(features.transform(unseen).toarray(), expected, atol=1e-12)
    assert features.dimension == expected.shape[1]


def test_rebuilt_from_arrays_gives_the_same_rows(small_train: LabelledTexts) -> None:
    features = TfidfFeatures.fit(small_train.texts)
    rebuilt = TfidfFeatures(features.vocabularies, features.idfs)
    text = "My card has not arrived yet, where is it?"
    for original, copy in zip(features.sparse_row(text), rebuilt.sparse_row(text), strict=True):
        np.testing.assert_array_equal(original, copy)


def test_text_without_known_terms_has_an_empty_row(small_train: LabelledTexts) -> None:
    indices, values = TfidfFeatures.fit(small_train.texts).sparse_row("")
    assert indices.size == 0
    assert values.size == 0


def test_mismatched_vocabulary_and_idf_is_rejected() -> None:
    with pytest.raises(ValueError, match="do not match"):
        TfidfFeatures(
            {"word": ["a", "b"], "char": ["ab"]}, {"word": np.ones(3), "char": np.ones(1)}
        )
    with pytest.raises(ValueError, match="positive"):
        TfidfFeatures({"word": ["a"], "char": ["ab"]}, {"word": np.zeros(1), "char": np.ones(1)})
