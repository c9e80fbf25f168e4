"""Questions for notebook 05 (anomaly detection): ``exercises/05_anomaly_detection.ipynb``.

q1 reconstruction-error scores, q2 a threshold for a target false-positive
rate, q3 ROC-AUC with scikit-learn from ``score_samples``, q4 explaining the
anomalies a detector missed by looking at them (multiple choice, checked as a
value). Every check builds its own seeded data, so it never depends on the
notebook's state; :func:`missed_anomalies` gives the learner q4's pictures.
"""

from __future__ import annotations

import numpy as np

from .engine import Case, Incorrect, Question, call_learner, function_check

__all__ = ["missed_anomalies", "q1", "q2", "q3", "q4"]

CHAPTER = "anomaly_detection"


# --------------------------------------------------------------------------- q1 reconstruction error

def _reconstruction_scores(x, x_rebuilt):
    return ((x - x_rebuilt) ** 2).mean(axis=1)


def _q1_cases():
    cases = []
    for seed, (n, d) in enumerate([(5, 4), (12, 64), (1, 3)]):
        rng = np.random.default_rng(seed)
        x = rng.random((n, d))
        cases.append(Case((x, np.clip(x + rng.normal(0, 0.1 * (seed + 1), x.shape), 0, 1)),
                          about=f"{n} sample(s) of {d} features"))
    return cases


q1 = Question(
    "q1", "Reconstruction-error scores",
    """An autoencoder rebuilt the samples `x` (one sample per row) as `x_rebuilt`. Write
`reconstruction_scores(x, x_rebuilt)` that returns one number per sample: the **mean squared
error** between the sample and its reconstruction, as a numpy array of shape `(n_samples,)`.
A higher score means a worse reconstruction, so a more suspicious sample.""",
    check=function_check(_reconstruction_scores, _q1_cases(), rtol=1e-6),
    hints=["Subtract, square, then average, but only across the features of each sample (the columns).",
           "`np.mean(..., axis=1)` averages each row; `axis=0` would average each feature over the samples.",
           "`((x - x_rebuilt) ** 2).mean(axis=1)`"],
    starter="""import numpy as np

def reconstruction_scores(x, x_rebuilt):
    return ____

q1.check(reconstruction_scores)""",
    solution="""import numpy as np

def reconstruction_scores(x, x_rebuilt):
    return ((x - x_rebuilt) ** 2).mean(axis=1)

q1.check(reconstruction_scores)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q2 a threshold for a false-positive rate

_Q2_CASES = [(0.05, 1000, "normal"), (0.01, 2000, "exponential"), (0.2, 500, "uniform")]


def _q2_scores(kind: str, n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(10 + seed)
    return {"normal": rng.normal(1.0, 0.3, n), "exponential": rng.exponential(0.5, n),
            "uniform": rng.uniform(0, 3, n)}[kind]


def _check_q2(answer):
    for seed, (fpr, n, kind) in enumerate(_Q2_CASES):
        scores = _q2_scores(kind, n, seed)
        got = call_learner(answer, scores, fpr)
        try:
            threshold = float(np.asarray(got, dtype=np.float64).reshape(()))
        except (TypeError, ValueError):
            raise Incorrect("threshold_for_fpr should return one number (the threshold), "
                            f"but it returned {type(got).__name__} {np.shape(got)}.") from None
        if not np.isfinite(threshold):
            raise Incorrect(f"Your threshold is {threshold}; it should be an ordinary number.")
        achieved = float(np.mean(scores >= threshold))
        # one sample either way is as close as a threshold can get
        if abs(achieved - fpr) > 1.5 / n:
            raise Incorrect(f"On {n} normal scores ({kind} spread) with fpr={fpr}, your threshold flags "
                            f"{achieved:.1%} of the normal samples instead of about {fpr:.0%}. "
                            + ("It flags too many: the threshold is too low." if achieved > fpr
                               else "It flags too few: the threshold is too high."))


q2 = Question(
    "q2", "A threshold for a target false-positive rate",
    """You hold out normal samples only and score them (anomaly score: higher = more abnormal).
Write `threshold_for_fpr(normal_scores, fpr)` that returns the threshold `t` such that flagging
every sample with `score >= t` flags about a share `fpr` of the **normal** samples (so `fpr=0.05`
accepts 5 % false alarms). No anomalies are needed to choose it, which is why this is how
thresholds are usually set in practice.""",
    check=_check_q2,
    hints=["If 5 % of the normal scores must lie above the threshold, 95 % lie below it.",
           "That is a quantile of the normal scores: `np.quantile(normal_scores, q)` for the right `q`.",
           "`np.quantile(normal_scores, 1 - fpr)`"],
    starter="""import numpy as np

def threshold_for_fpr(normal_scores, fpr):
    return ____

q2.check(threshold_for_fpr)""",
    solution="""import numpy as np

def threshold_for_fpr(normal_scores, fpr):
    return np.quantile(normal_scores, 1 - fpr)

q2.check(threshold_for_fpr)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q3 ROC-AUC from score_samples

def _auc(is_anomaly, normality):
    from sklearn.metrics import roc_auc_score

    return roc_auc_score(is_anomaly, -np.asarray(normality))


def _q3_cases():
    cases = []
    for seed, (n, share, gap) in enumerate([(300, 0.1, 1.5), (200, 0.3, 0.8), (500, 0.05, 2.5)]):
        rng = np.random.default_rng(20 + seed)
        is_anomaly = rng.random(n) < share
        normality = rng.normal(0, 1, n) - gap * is_anomaly  # anomalies score lower (less normal)
        cases.append(Case((is_anomaly, normality), about=f"{n} samples, {int(is_anomaly.sum())} anomalies"))
    return cases


q3 = Question(
    "q3", "ROC-AUC with scikit-learn",
    """A detector's `score_samples` gives `normality` (scikit-learn's convention: **lower means more
abnormal**), and `is_anomaly` says which samples really are anomalies. Write
`detector_auc(is_anomaly, normality)` that returns the ROC-AUC of the detector with
`sklearn.metrics.roc_auc_score`, treating the anomalies as the positive class.""",
    check=function_check(_auc, _q3_cases(), rtol=1e-9),
    hints=["`roc_auc_score(y_true, y_score)` expects a higher `y_score` for the positive class.",
           "Here the positive class is the anomalies, but a higher `normality` means *less* anomalous: "
           "flip its sign.",
           "`roc_auc_score(is_anomaly, -normality)`"],
    starter="""from sklearn.metrics import roc_auc_score

def detector_auc(is_anomaly, normality):
    return ____

q3.check(detector_auc)""",
    solution="""from sklearn.metrics import roc_auc_score

def detector_auc(is_anomaly, normality):
    return roc_auc_score(is_anomaly, -normality)

q3.check(detector_auc)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q4 a failure case

def missed_anomalies(anomaly_class: int = 9, n: int = 6) -> dict:
    """q4's pictures: the ``n`` anomalies a pixel-space kNN detector found most normal.

    The detector is trained on the digits' training split without
    ``anomaly_class``; returns ``{"missed": images, "nearest": their nearest
    training images, "nearest_labels", "rank": where each missed anomaly
    ranks among all test samples (0 = most abnormal), "n_test", "n_anomalies"}``.
    """
    from ..anomaly import KNNDistanceDetector
    from ..data import load_digits

    digits = load_digits()
    normal = digits.y_train != anomaly_class
    x_train, y_train = digits.x_train[normal].numpy(), digits.y_train[normal].numpy()
    x_test, y_test = digits.x_test.numpy(), digits.y_test.numpy()
    anomaly_score = -KNNDistanceDetector(n_neighbors=5).fit(x_train).score_samples(x_test)
    order = np.argsort(-anomaly_score)
    rank = np.empty(len(order), dtype=int)
    rank[order] = np.arange(len(order))
    anomalies = np.flatnonzero(y_test == anomaly_class)
    missed = anomalies[np.argsort(anomaly_score[anomalies])[:n]]
    nearest = np.argmin(((x_test[missed][:, None] - x_train[None]) ** 2).sum(axis=2), axis=1)
    return {"missed": x_test[missed], "nearest": x_train[nearest], "nearest_labels": y_train[nearest],
            "rank": rank[missed], "n_test": len(x_test), "n_anomalies": len(anomalies)}


_Q4_OPTIONS = {
    "a": "the threshold was set too low",
    "b": "these anomalies look like a normal digit, so they sit among normal data and no distance "
         "to normal data can single them out",
    "c": "the detector was not trained for long enough",
    "d": "ROC-AUC was computed with the wrong sign",
}


def _check_q4(answer):
    if not isinstance(answer, str) or answer.strip().lower() not in _Q4_OPTIONS:
        raise Incorrect(f"Answer with one letter: {', '.join(repr(k) for k in _Q4_OPTIONS)}.")
    letter = answer.strip().lower()
    reasons = {
        "a": "The threshold decides how many samples are flagged, but compare the ranks with the "
             "number of anomalies: more normal digits than anomalies score above these 9s, so any "
             "threshold low enough to catch them raises dozens of false alarms too. The threshold "
             "trades one error for another; it does not explain why these 9s score so low.",
        "c": "The kNN detector has no training to speak of: it stores the normal digits. Look at the "
             "pictures instead: what do the missed anomalies look like?",
        "d": "The ranking itself is right: these samples do get low anomaly scores. Ask why.",
    }
    if letter != "b":
        raise Incorrect(reasons[letter])


q4 = Question(
    "q4", "Why were these anomalies missed?",
    """A kNN-distance detector was trained on every digit except 9 and scored the test digits.
`missed_anomalies()` returns the 9s it found *most normal*, the training image nearest to each,
that image's label, and where each missed 9 ranks among all test samples (0 = most abnormal).
Plot them, then pick the best explanation:

- `"a"`: the threshold was set too low
- `"b"`: these anomalies look like a normal digit, so they sit among normal data and no distance
  to normal data can single them out
- `"c"`: the detector was not trained for long enough
- `"d"`: ROC-AUC was computed with the wrong sign

Pass the letter as a string.""",
    check=_check_q4,
    hints=["Look at each missed 9 next to its nearest training image. Could you tell them apart?",
           "Their ranks are larger than the number of 9s in the test set: more normal digits than 9s "
           "score as more abnormal than they do. Which explanation is about the data, not a setting?",
           "The answer is `\"b\"`."],
    starter="""import matplotlib.pyplot as plt
from latentedu.plotting import plot_digits

case = missed_anomalies()
print(f"ranks among {case['n_test']} test samples ({case['n_anomalies']} of them 9s):", case["rank"])
print("labels of the nearest training images:", case["nearest_labels"])
fig = plt.figure(figsize=(6, 2))
plot_digits(fig, list(case["missed"]) + list(case["nearest"]), n_cols=len(case["missed"]))
plt.show()

answer = ____
q4.check(answer)""",
    solution="""import matplotlib.pyplot as plt
from latentedu.plotting import plot_digits

case = missed_anomalies()
print(f"ranks among {case['n_test']} test samples ({case['n_anomalies']} of them 9s):", case["rank"])
print("labels of the nearest training images:", case["nearest_labels"])
fig = plt.figure(figsize=(6, 2))
plot_digits(fig, list(case["missed"]) + list(case["nearest"]), n_cols=len(case["missed"]))
plt.show()

answer = "b"
q4.check(answer)""",
    chapter=CHAPTER,
)
