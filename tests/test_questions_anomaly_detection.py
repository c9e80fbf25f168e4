"""Chapter 05's questions accept a right answer and reject typical mistakes."""

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score

from latentedu.exercises import anomaly_detection as module
from questions_helper import question_tests

RIGHT = {
    "q1": lambda: (lambda x, r: ((x - r) ** 2).mean(axis=1)),
    "q2": lambda: (lambda s, fpr: np.quantile(s, 1 - fpr)),
    "q3": lambda: (lambda y, s: roc_auc_score(y, -s)),
    "q4": lambda: "b",
}

WRONG = {
    "q1": [
        lambda: (lambda x, r: ((x - r) ** 2).mean()),            # one number for everything
        lambda: (lambda x, r: ((x - r) ** 2).mean(axis=0)),      # averaged over samples, per feature
        lambda: (lambda x, r: ((x - r) ** 2).sum(axis=1)),       # sum, not mean
        lambda: (lambda x, r: np.abs(x - r).mean(axis=1)),       # absolute error
    ],
    "q2": [
        lambda: (lambda s, fpr: np.quantile(s, fpr)),            # the wrong end of the distribution
        lambda: (lambda s, fpr: s.max()),                        # no false alarms at all
        lambda: (lambda s, fpr: s.mean() + 2 * s.std()),         # a rule of thumb, not the target rate
        lambda: (lambda s, fpr: np.quantile(s, 1 - fpr / 100)),  # fpr read as a percentage
    ],
    "q3": [
        lambda: (lambda y, s: roc_auc_score(y, s)),              # forgot that lower means abnormal
        lambda: (lambda y, s: roc_auc_score(y, -(s < np.median(s)))),  # thresholded labels, not scores
        lambda: (lambda y, s: average_precision_score(y, -s)),   # another metric
    ],
    "q4": [lambda: "a", lambda: "c", lambda: "d", lambda: 2],
}

test_right, test_wrong, test_covered = question_tests(module, RIGHT, WRONG)


def test_missed_anomalies_are_hard_cases():
    case = module.missed_anomalies(n=4)
    assert case["missed"].shape == case["nearest"].shape == (4, 64)
    # more test samples than there are 9s score above each missed 9
    assert (case["rank"] > case["n_anomalies"]).all()
    assert 9 not in set(case["nearest_labels"].tolist())
