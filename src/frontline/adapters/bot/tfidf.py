"""TF-IDF features of word 1–2-grams and character 2–5-grams, storable as plain arrays.

Word n-grams carry the meaning ("card arrival"), character n-grams survive typos and word forms
("recieved", "transfering"), which customers produce a lot. scikit-learn fits the vocabulary
and IDF weights; the transform is our own (scikit-learn's analyzers, our lookup and weighting)
because scikit-learn's per-call validation costs about a millisecond per query, which is most of
the latency budget, and because the fitted state must be saved as data, not as a pickle.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

# (analyzer, n-gram range, min_df). 5-fold cross-validation on the BANKING77 training set with a
# linear SVM gave 90.2 % for this pair; word 1-3-grams or character 1-6-grams changed it by less
# than 0.1 point, so the smaller vocabularies stay.
_ANALYZERS: dict[str, tuple[str, tuple[int, int], int]] = {
    "word": ("word", (1, 2), 1),
    "char": ("char_wb", (2, 5), 2),
}


def _analyzer(kind: str) -> Callable[[str], list[str]]:
    analyzer, ngram_range, _ = _ANALYZERS[kind]
    vectorizer = TfidfVectorizer(analyzer=analyzer, ngram_range=ngram_range)
    build: Callable[[], Callable[[str], list[str]]] = vectorizer.build_analyzer
    return build()


@dataclass(frozen=True, slots=True)
class _Block:
    """One analyzer's vocabulary (term → column) and IDF weights."""

    analyze: Callable[[str], list[str]]
    columns: dict[str, int]
    idf: np.ndarray

    def weights(self, text: str) -> tuple[list[int], np.ndarray]:
        """Column indices and L2-normalised sublinear TF-IDF values of one text."""
        counts = Counter(term for term in self.analyze(text) if term in self.columns)
        if not counts:
            return [], np.zeros(0)
        indices = [self.columns[term] for term in counts]
        values = (1.0 + np.log(np.fromiter(counts.values(), float, len(counts)))) * self.idf[
            indices
        ]
        return indices, values / np.linalg.norm(values)


class TfidfFeatures:
    """Both blocks side by side: word columns first, then character columns."""

    def __init__(self, vocabularies: dict[str, Sequence[str]], idfs: dict[str, np.ndarray]):
        self._blocks: list[_Block] = []
        for kind in _ANALYZERS:
            terms = list(vocabularies[kind])
            idf = np.asarray(idfs[kind], dtype=np.float64)
            if len(terms) != len(idf) or len(set(terms)) != len(terms):
                raise ValueError(f"{kind} vocabulary and IDF weights do not match")
            if not np.all(np.isfinite(idf)) or np.any(idf <= 0):
                raise ValueError(f"{kind} IDF weights must be finite and positive")
            columns = {term: i for i, term in enumerate(terms)}
            self._blocks.append(_Block(_analyzer(kind), columns, idf))
        self.vocabularies = {kind: list(v) for kind, v in vocabularies.items()}
        self.idfs = {kind: np.asarray(v, dtype=np.float64) for kind, v in idfs.items()}

    @classmethod
    def fit(cls, texts: Sequence[str]) -> TfidfFeatures:
        """Learn vocabularies and IDF weights from training texts."""
        vocabularies: dict[str, Sequence[str]] = {}
        idfs: dict[str, np.ndarray] = {}
        for kind, (analyzer, ngram_range, min_df) in _ANALYZERS.items():
            vectorizer: Any = TfidfVectorizer(
                analyzer=analyzer, ngram_range=ngram_range, min_df=min_df, sublinear_tf=True
            )
            vectorizer.fit(texts)
            vocabularies[kind] = [str(t) for t in vectorizer.get_feature_names_out()]
            idfs[kind] = np.asarray(vectorizer.idf_, dtype=np.float64)
        return cls(vocabularies, idfs)

    @property
    def dimension(self) -> int:
        return sum(len(block.columns) for block in self._blocks)

    def sparse_row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and values of one text (the fast single-query path)."""
        all_indices: list[int] = []
        all_values: list[np.ndarray] = []
        offset = 0
        for block in self._blocks:
            indices, values = block.weights(text)
            all_indices.extend(i + offset for i in indices)
            all_values.append(values)
            offset += len(block.columns)
        return np.asarray(all_indices, dtype=np.int64), np.concatenate(all_values)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """A (texts × features) sparse matrix, each block L2-normalised per row."""
        indptr = [0]
        indices: list[np.ndarray] = []
        values: list[np.ndarray] = []
        for text in texts:
            row_indices, row_values = self.sparse_row(text)
            indices.append(row_indices)
            values.append(row_values)
            indptr.append(indptr[-1] + len(row_indices))
        return sp.csr_matrix(
            (
                np.concatenate(values) if values else np.zeros(0),
                np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64),
                np.asarray(indptr),
            ),
            shape=(len(texts), self.dimension),
        )
