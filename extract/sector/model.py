"""The sector model: TF-IDF over lemmas and character n-grams, then a balanced logistic regression.

The input is a prepared text (`features.prepare`): lemmas joined by spaces, so the
pipeline holds scikit-learn types only. With under a hundred labelled rows, most of
the signal comes from lemma features, the taxonomy's own words and class balancing;
the taxonomy enters as one pseudo-document per sector added to the training data
(`train.pseudo_documents`), which also gives sectors with no labelled row (health) a
class, so the model can still propose them.
Logistic regression (lbfgs) rather than a calibrated SVM: calibration needs several
rows of every class per fold, which the rare sectors do not have; LR's own
probabilities are the score, and lbfgs is deterministic for a given seed.
"""
from __future__ import annotations

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

#: Inverse regularisation strength: fixed a priori (sklearn's default), not tuned on test folds.
C = 1.0


def build_pipeline(seed: int = 0) -> Pipeline:
    """An unfitted pipeline; `fit(prepared_texts, labels)` returns it fitted."""
    features = FeatureUnion([
        ("lemmas", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"[^ ]+",
                                   sublinear_tf=True, lowercase=False)),
        ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                  lowercase=False, min_df=1)),
    ])
    classifier = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=seed)
    return Pipeline([("features", features), ("classifier", classifier)])
