"""A text classifier learned from the shop's own tickets (pure; scikit-learn, imported lazily).

Public API::

    model = LearnedModel.fit(texts, labels, weights)     # None when there is nothing to learn from
    model.predict(texts)                                # [(category, calibrated probability), ...]
    learned_text(subject, body)                         # the text the model reads

Features are character n-grams (``char_wb``, 2 to 5 letters) of the folded subject and the start
of the body, hashed into :data:`N_FEATURES` columns and TF-IDF weighted (sublinear tf): a typo
changes a few n-grams of a word, not the word's whole evidence, and the same n-grams serve every
language (Spanish and French tickets share few n-grams with English ones, so one model holds
all the shop's languages; language is not a separate feature). The idf is learned on the
training texts, so an n-gram never seen in training weighs the most while carrying no
evidence: a text made mostly of unseen n-grams (gibberish, another topic) gets a decision
close to the intercepts, a low probability, and stays unclassified.

The classifier is a linear SVM (``LinearSVC``) calibrated by ``CalibratedClassifierCV``
(Platt scaling, 3 folds): its probabilities are what the threshold in
:mod:`generator.analysis.classify` compares. Everything is deterministic: inputs are sorted
by the caller, ``random_state`` is fixed and the folds are not shuffled.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.text import fold
from generator.tickets.redact import TEMPLATE

#: Hashed feature columns (2^19: few collisions for the n-grams of tens of thousands of texts,
#: 12 categories x 2^19 coefficients in memory).
N_FEATURES = 2 ** 19
NGRAMS = (2, 5)
#: The model reads the subject and this much of the body (the question is nearly always there).
BODY_CHARS = 300
#: The SVM's regularisation (scikit-learn's default scale; not tuned to a dataset).
SVM_C = 0.5
#: Calibration folds; a category needs at least this many examples to be learned.
FOLDS = 3
RANDOM_STATE = 0


def learned_text(subject: str, body: str) -> str:
    """Folded subject and start of the body, redaction placeholders removed."""
    return fold(TEMPLATE.sub(" ", f"{subject} \n {body[:BODY_CHARS]}")).strip()


class LearnedModel:
    """A fitted n-gram model (see the module docstring). Build it with :meth:`fit`."""

    def __init__(self, vectorizer, idf, model, classes: list[str]):
        self._vectorizer = vectorizer
        self._idf = idf
        self._model = model
        self.classes = classes
        """The categories it can predict, sorted."""

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str], weights: Sequence[float]) -> LearnedModel | None:
        """Fit on ``texts`` with their categories and example weights; None when fewer than two
        categories have :data:`FOLDS` examples each (nothing to tell apart)."""
        from collections import Counter

        counts = Counter(labels)
        keep = [i for i, label in enumerate(labels) if counts[label] >= FOLDS]
        if len({labels[i] for i in keep}) < 2:
            return None
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
        from sklearn.model_selection import StratifiedKFold
        from sklearn.svm import LinearSVC

        vectorizer = HashingVectorizer(analyzer="char_wb", ngram_range=NGRAMS, n_features=N_FEATURES,
                                       alternate_sign=False, norm=None, lowercase=False)
        counts_matrix = vectorizer.transform([texts[i] for i in keep])
        idf = TfidfTransformer(sublinear_tf=True).fit(counts_matrix)
        features = idf.transform(counts_matrix)
        y = [labels[i] for i in keep]
        w = [float(weights[i]) for i in keep]
        svm = LinearSVC(C=SVM_C, random_state=RANDOM_STATE)
        model = CalibratedClassifierCV(svm, method="sigmoid", cv=StratifiedKFold(FOLDS, shuffle=False))
        model.fit(features, y, sample_weight=w)
        return cls(vectorizer, idf, model, [str(c) for c in model.classes_])

    def predict(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """The most probable category of each text and its calibrated probability."""
        if not texts:
            return []
        probabilities = self._model.predict_proba(self._idf.transform(self._vectorizer.transform(list(texts))))
        best = probabilities.argmax(axis=1)
        return [(self.classes[int(j)], float(probabilities[i, j])) for i, j in enumerate(best)]
