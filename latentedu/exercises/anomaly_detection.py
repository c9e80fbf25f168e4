"""Questions for notebook 05 (anomaly detection): ``exercises/05_anomaly_detection.ipynb``.

q1 reconstruction-error scores, q2 a threshold for a target false-positive
rate, q3 ROC-AUC with scikit-learn from ``score_samples``, q4 explaining the
anomalies a detector missed by looking at them (multiple choice), q5 an
experiment (a detector and its threshold, chosen from normal digits alone,
measured on digits the learner never saw), q6 predict-then-verify (which kNN
detector wins when the training data is contaminated). Every check builds its own
seeded data, so it never depends on the notebook's state; :func:`missed_anomalies` gives the learner q4's pictures.
"""

from __future__ import annotations

import numpy as np

from .engine import Case, Incorrect, Question, call_learner, choice_check, function_check

__all__ = ["contamination_contest", "missed_anomalies", "q1", "q2", "q3", "q4", "q5", "q6"]

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


_Q4_REASONS = {
    "a": "The threshold decides how many samples are flagged, but compare the ranks with the "
         "number of anomalies: more normal digits than anomalies score above these 9s, so any "
         "threshold low enough to catch them raises dozens of false alarms too. The threshold "
         "trades one error for another; it does not explain why these 9s score so low.",
    "c": "The kNN detector has no training to speak of: it stores the normal digits. Look at the "
         "pictures instead: what do the missed anomalies look like?",
    "d": "The ranking itself is right: these samples do get low anomaly scores. Ask why.",
}


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
    check=choice_check("b", _Q4_OPTIONS, reasons=_Q4_REASONS,
                       explain="A detector that measures distance to normal data cannot flag an anomaly that "
                               "looks normal: no threshold or training fixes that, only other information."),
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


# --------------------------------------------------------------------------- q5 experiment: a detector you can deploy

_Q5_FPR = 0.05        # at most this share of held-out normal digits flagged
_Q5_RECALL = 0.50     # at least this share of the anomalies flagged
_Q5_SPLITS = ((2, 51), (5, 52))   # (anomaly class, seed): digits the learner never sees as such
_Q5_N_FIT = 900
_Q5_TIME = 20.0


def _sklearn_digits():
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return (bunch.data / 16.0), bunch.target


def _q5_split(anomaly_class: int, seed: int):
    x, y = _sklearn_digits()
    normal = np.flatnonzero(y != anomaly_class)
    np.random.default_rng(seed).shuffle(normal)
    return x[normal[:_Q5_N_FIT]], x[normal[_Q5_N_FIT:]], x[y == anomaly_class]


def _flags(flag, x, what: str) -> np.ndarray:
    got = call_learner(flag, x.copy(), time_limit=_Q5_TIME)
    got = np.asarray(got.detach().numpy() if hasattr(got, "detach") else got)
    if got.shape != (len(x),):
        raise Incorrect(f"The function your `fit_flagger` returns should give one True/False per row of "
                        f"its input; on {len(x)} {what} it returned shape {got.shape}.")
    if got.dtype != bool:
        if not np.isin(got, (0, 1)).all():
            raise Incorrect("The function your `fit_flagger` returns should give True (flagged) or False for "
                            f"each digit, but it returned values such as {got.ravel()[0]!r}: compare the "
                            "scores with your threshold (`scores >= threshold`).")
        got = got.astype(bool)
    return got


def _q5_check(answer):
    measured, fprs = [], []
    for anomaly_class, seed in _Q5_SPLITS:
        x_fit, normal_test, anomalies = _q5_split(anomaly_class, seed)
        about = f"when the digit {anomaly_class} is the anomaly"
        try:
            flag = call_learner(answer, x_fit.copy(), time_limit=_Q5_TIME)
        except Incorrect as exc:
            if "still running" in str(exc) or "more than the" in str(exc):
                raise Incorrect(f"`fit_flagger` took more than {_Q5_TIME:g} s on {_Q5_N_FIT} digits. A kNN or PCA "
                                "detector fits in well under a second; an autoencoder needs few epochs on so "
                                "little data.") from None
            raise
        if not callable(flag):
            raise Incorrect("`fit_flagger` should return a function that flags digits (`return flag`), but it "
                            f"returned a value of type {type(flag).__name__}.")
        fpr = float(_flags(flag, normal_test, "normal digits").mean())
        recall = float(_flags(flag, anomalies, "anomalies").mean())
        if fpr > _Q5_FPR:
            raise Incorrect(f"{about.capitalize()}, your detector flags {fpr:.1%} of {len(normal_test)} new normal "
                            f"digits (at most {_Q5_FPR:.0%} allowed). Were the scores you set the threshold on "
                            "those of digits the detector was fitted on? A detector knows those too well. "
                            "And a threshold set at exactly 5 % on one sample lands above 5 % on another "
                            "about half the time: leave a margin.")
        if recall < _Q5_RECALL:
            raise Incorrect(f"{about.capitalize()}, your detector has few false alarms ({fpr:.1%}) but catches only "
                            f"{recall:.0%} of the anomalies (at least {_Q5_RECALL:.0%} needed): the threshold is "
                            "higher than it needs to be, or the score does not separate the digits well.")
        measured.append(f"{fpr:.1%} false alarms and {recall:.0%} recall with the {anomaly_class}s left out")
        fprs.append(fpr)
    margin = ("" if max(fprs) <= 0.8 * _Q5_FPR else
              f" One of those false-alarm rates is close to {_Q5_FPR:.0%}: on another sample of digits it could go "
              "over, so a little more margin would be safer.")
    return (f"Your detector keeps its promise on digits it never saw: {'; '.join(measured)}.{margin} Setting the "
            "threshold on normal digits the detector was not fitted on, with a margin for the difference between "
            "one sample and the next, is what makes such a promise hold.")


q5 = Question(
    "q5", "Experiment: a detector that keeps its false-alarm promise",
    f"""You are given normal digits only (nine of the ten classes) and must ship a detector that raises
false alarms on at most **{_Q5_FPR:.0%}** of new normal digits while catching at least
**{_Q5_RECALL:.0%}** of the anomalies. Write `fit_flagger(x_normal)`: fit a detector on the rows of
`x_normal` (64 pixels in [0, 1]), choose its threshold from normal data alone, and return a function
`flag(x)` that returns one `True` (anomaly) or `False` per row of `x`. The check calls it on
{_Q5_N_FIT} normal digits it picked, with a different digit left out as the anomaly each time, then
measures the false alarms on other normal digits and the recall on the left-out digit: none of
these are digits you can try it on.""",
    check=_q5_check,
    hints=["Two traps. A detector scores the digits it was fitted on as more normal than new ones (a kNN "
           "detector finds each of them at distance 0 from itself), so a threshold set on those scores is "
           "too low. And a threshold that flags exactly 5 % of one sample flags more than 5 % of the next "
           "sample about half the time.",
           "Hold part of the normal digits out of the fit: fit on the first 600, score the other 300 (they "
           "are new to the detector), and set the threshold at a quantile of those scores a little above "
           "0.95, say 0.98, so that sampling noise does not push the false alarms over 5 %. Try it on the "
           "notebook's digits before you check.",
           "`fit, calibrate = x_normal[:600], x_normal[600:]`; `detector = ad.KNNDistanceDetector(n_neighbors=5)"
           ".fit(fit)`; `threshold = np.quantile(-detector.score_samples(calibrate), 0.98)`; and "
           "`flag = lambda x: -detector.score_samples(x) >= threshold`."],
    starter="""import numpy as np
from latentedu import anomaly as ad

def fit_flagger(x_normal):
    fit, calibrate = x_normal[:600], x_normal[600:]
    detector = ad.KNNDistanceDetector(n_neighbors=5).fit(fit)
    threshold = ____          # from anomaly scores (-score_samples) of normal digits
    def flag(x):
        return -detector.score_samples(x) >= threshold
    return flag

q5.check(fit_flagger)""",
    solution="""import numpy as np
from latentedu import anomaly as ad

def fit_flagger(x_normal):
    fit, calibrate = x_normal[:600], x_normal[600:]
    detector = ad.KNNDistanceDetector(n_neighbors=5).fit(fit)
    threshold = np.quantile(-detector.score_samples(calibrate), 0.98)   # new to the detector, with a margin
    def flag(x):
        return -detector.score_samples(x) >= threshold
    return flag

q5.check(fit_flagger)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q6 predict, then verify: contamination

_Q6_SHARE = 0.02      # share of the training set that is secretly anomalous
_Q6_KS = (1, 20)
_CONTEST: dict = {}


def contamination_contest() -> dict:
    """q6's experiment: mean ROC-AUC over the ten leave-one-class-out splits of the digits for kNN
    distance detectors with k = 1 and k = 20, trained on 900 normal digits, clean or with 18 digits of
    the anomaly class (2 % of 900) added to the training set. ``{"clean": {"k=1": ..,
    "k=20": ..}, "contaminated": {...}}``; computed once per session (about a second)."""
    if not _CONTEST:
        from sklearn.metrics import roc_auc_score
        from sklearn.neighbors import NearestNeighbors

        x, y = _sklearn_digits()
        rows = {"clean": {f"k={k}": [] for k in _Q6_KS}, "contaminated": {f"k={k}": [] for k in _Q6_KS}}
        for anomaly_class in range(10):
            rng = np.random.default_rng(anomaly_class)
            normal, anomalous = np.flatnonzero(y != anomaly_class), np.flatnonzero(y == anomaly_class)
            rng.shuffle(normal)
            rng.shuffle(anomalous)
            n_bad = int(_Q6_SHARE * 900)
            test = np.concatenate([x[normal[900:1200]], x[anomalous[n_bad:n_bad + 60]]])
            truth = np.r_[np.zeros(300), np.ones(len(test) - 300)]
            for name, train in (("clean", x[normal[:900]]),
                                ("contaminated", np.concatenate([x[normal[:900]], x[anomalous[:n_bad]]]))):
                for k in _Q6_KS:
                    distances, _ = NearestNeighbors(n_neighbors=k).fit(train).kneighbors(test)
                    rows[name][f"k={k}"].append(roc_auc_score(truth, distances.mean(axis=1)))
        for name, row in rows.items():
            _CONTEST[name] = {k: float(np.mean(v)) for k, v in row.items()}
    return {name: dict(row) for name, row in _CONTEST.items()}


_Q6_WHY = {
    "clean": "On clean training data the nearest normal digit is the sharpest test: an anomaly has no close "
             "twin among the normal digits, and k = 1 measures exactly that.",
    "contaminated": "With 2 % of the training digits secretly anomalous, most anomalies now have a close twin in "
                    "the training set: k = 1 finds that twin and calls the anomaly normal. With k = 20 one twin "
                    "is a small part of the average, so the score still sees that most neighbours are far.",
}


def _q6_pick(value, key):
    if isinstance(value, str):
        text = value.strip().lower().replace(" ", "")
        for k in _Q6_KS:
            if text in (f"k={k}", str(k), f"k{k}"):
                return f"k={k}"
    elif isinstance(value, int) and not isinstance(value, bool) and value in _Q6_KS:
        return f"k={value}"
    raise Incorrect(f"For {key!r} predict \"k=1\" or \"k=20\"; you wrote {value!r}.")


def _q6_check(answer):
    if not isinstance(answer, dict) or set(answer) != set(_Q6_WHY):
        raise Incorrect("Your prediction should be a dict with the keys \"clean\" and \"contaminated\", "
                        "e.g. `{\"clean\": \"k=1\", \"contaminated\": \"k=1\"}`.")
    picks = {key: _q6_pick(value, key) for key, value in answer.items()}
    table = contamination_contest()
    wrong = []
    for key, row in table.items():
        winner = max(row, key=row.get)
        if picks[key] != winner:
            wrong.append(f"On {key} training data {winner} wins (ROC-AUC {row[winner]:.3f} against "
                         f"{row[picks[key]]:.3f}). {_Q6_WHY[key]}")
    if wrong:
        raise Incorrect("The experiment disagrees. " + " ".join(wrong))
    return ("Your prediction matches the experiment. " + _Q6_WHY["clean"] + " " + _Q6_WHY["contaminated"]
            + " The best detector on clean data is not the safest one when the training data may hold anomalies.")


q6 = Question(
    "q6", "Predict, then verify: which detector wins under contamination?",
    f"""Two kNN-distance detectors score a digit by its mean distance to the `k` nearest training digits:
one with `k = 1`, one with `k = 20`. Each is trained on 900 normal digits and tested (ROC-AUC,
averaged over the ten choices of anomaly digit), once on **clean** training data and once with
**{_Q6_SHARE:.0%}** of anomalies slipped into the training set (**contaminated**), as happens when
nobody checked every training sample. **Predict first** which detector has the higher ROC-AUC in
each case, as a dict `{{"clean": ..., "contaminated": ...}}` with `"k=1"` or `"k=20"`, then run the cell:
it runs the experiment and checks your prediction.""",
    check=_q6_check,
    hints=["Think about one anomalous digit, say a 3, when a few other 3s hide among the training digits. "
           "What is its nearest training digit now?",
           "k = 1 scores by the single nearest training digit; k = 20 averages over twenty. A handful of "
           "contaminating twins changes the first completely and the second only a little. On clean data, "
           "which of the two is sharper?",
           "`{\"clean\": \"k=1\", \"contaminated\": \"k=20\"}`"],
    starter="""from latentedu.exercises.anomaly_detection import contamination_contest

prediction = {"clean": ____, "contaminated": ____}    # "k=1" or "k=20": which has the higher ROC-AUC?

for case, row in contamination_contest().items():     # the experiment (about a second)
    print(f"{case:13s} ROC-AUC  k=1: {row['k=1']:.3f}   k=20: {row['k=20']:.3f}")
q6.check(prediction)""",
    solution="""from latentedu.exercises.anomaly_detection import contamination_contest

prediction = {"clean": "k=1", "contaminated": "k=20"}    # "k=1" or "k=20": which has the higher ROC-AUC?

for case, row in contamination_contest().items():     # the experiment (about a second)
    print(f"{case:13s} ROC-AUC  k=1: {row['k=1']:.3f}   k=20: {row['k=20']:.3f}")
q6.check(prediction)""",
    chapter=CHAPTER,
)
