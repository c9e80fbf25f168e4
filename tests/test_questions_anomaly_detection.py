"""Chapter 05's questions accept right answers written several ways and reject typical mistakes."""

import numpy as np
import torch
from sklearn.decomposition import PCA
from sklearn.metrics import average_precision_score, roc_auc_score
from sklearn.neighbors import NearestNeighbors

from latentedu import anomaly as ad
from latentedu.exercises import anomaly_detection as module
from questions_helper import question_tests


# --------------------------------------------------------------------------- q5


def _knn_flagger(quantile=0.98, calibrate_on_fit=False, k=5):
    def fit_flagger(x_normal):
        fit, calibrate = x_normal[:600], x_normal[600:]
        detector = ad.KNNDistanceDetector(n_neighbors=k).fit(fit)
        threshold = np.quantile(-detector.score_samples(fit if calibrate_on_fit else calibrate), quantile)
        return lambda x: -detector.score_samples(x) >= threshold
    return fit_flagger


def _sklearn_flagger(x_normal):  # plain scikit-learn, leave-one-out scores on all the normal digits
    nn = NearestNeighbors(n_neighbors=6).fit(x_normal)
    own, _ = nn.kneighbors(x_normal)
    threshold = np.percentile(own[:, 1:].mean(axis=1), 98.5)

    def flag(x):
        distances, _ = NearestNeighbors(n_neighbors=5).fit(x_normal).kneighbors(x)
        return distances.mean(axis=1) > threshold
    return flag


def _pca_flagger(x_normal):  # PCA reconstruction error, calibrated on held-out digits: too weak a score here
    pca = PCA(n_components=20).fit(x_normal[:700])

    def error(x):
        return ((pca.inverse_transform(pca.transform(x)) - x) ** 2).mean(axis=1)

    threshold = np.quantile(error(x_normal[700:]), 0.99)
    return lambda x: (error(x) > threshold).astype(int)


def _lof_flagger(x_normal):  # scikit-learn's LOF as a novelty detector, calibrated on digits it did not fit
    from sklearn.neighbors import LocalOutlierFactor

    rng = np.random.default_rng(0)
    order = rng.permutation(len(x_normal))
    lof = LocalOutlierFactor(n_neighbors=10, novelty=True).fit(x_normal[order[:650]])
    threshold = np.quantile(-lof.score_samples(x_normal[order[650:]]), 0.98)
    return lambda x: -lof.score_samples(x) > threshold


def _batch_share_flagger(x_normal):  # flags the top 4 % of whatever it is given
    detector = ad.KNNDistanceDetector(n_neighbors=5).fit(x_normal)
    return lambda x: -detector.score_samples(x) >= np.quantile(-detector.score_samples(x), 0.96)


def _scores_not_flags(x_normal):
    detector = ad.KNNDistanceDetector(n_neighbors=5).fit(x_normal)
    return lambda x: -detector.score_samples(x)


RIGHT = {
    "q1": [lambda: (lambda x, r: ((x - r) ** 2).mean(axis=1)),
           lambda: (lambda x, r: np.square(x - r).sum(axis=1) / x.shape[1]),
           lambda: (lambda x, r: np.array([np.mean((a - b) ** 2) for a, b in zip(x, r)]))],
    "q2": [lambda: (lambda s, fpr: np.quantile(s, 1 - fpr)),
           lambda: (lambda s, fpr: np.percentile(s, 100 * (1 - fpr))),
           lambda: (lambda s, fpr: float(torch.quantile(torch.as_tensor(s), 1 - fpr)))],
    "q3": [lambda: (lambda y, s: roc_auc_score(y, -s)),
           lambda: (lambda y, s: 1 - roc_auc_score(y, s)),
           lambda: (lambda y, s: roc_auc_score(y.astype(int), -np.asarray(s, dtype=float)))],
    "q4": [lambda: "b", lambda: "(B)", lambda: " b. "],
    "q5": [lambda: _knn_flagger(), lambda: _sklearn_flagger, lambda: _lof_flagger],
    "q6": [lambda: {"clean": "k=1", "contaminated": "k=20"}, lambda: {"contaminated": 20, "clean": 1},
           lambda: {"clean": "K = 1", "contaminated": "20"}],
}

WRONG = {
    "q1": [
        lambda: (lambda x, r: ((x - r) ** 2).mean()),            # one number for everything
        lambda: (lambda x, r: ((x - r) ** 2).mean(axis=0)),      # averaged over samples, per feature
        lambda: (lambda x, r: ((x - r) ** 2).sum(axis=1)),       # sum, not mean
        lambda: (lambda x, r: np.abs(x - r).mean(axis=1)),       # absolute error
        lambda: (lambda x, r: np.sqrt(((x - r) ** 2).mean(axis=1))),  # root mean square
    ],
    "q2": [
        lambda: (lambda s, fpr: np.quantile(s, fpr)),            # the wrong end of the distribution
        lambda: (lambda s, fpr: s.max()),                        # no false alarms at all
        lambda: (lambda s, fpr: s.mean() + 2 * s.std()),         # a rule of thumb, not the target rate
        lambda: (lambda s, fpr: np.quantile(s, 1 - fpr / 100)),  # fpr read as a percentage
        (lambda: (lambda s, fpr: print(np.quantile(s, 1 - fpr))), "returned None"),  # printed, not returned
        (lambda: (lambda s, fpr: s >= np.quantile(s, 1 - fpr)), "one number"),       # the flags, not the threshold
    ],
    "q3": [
        lambda: (lambda y, s: roc_auc_score(y, s)),              # forgot that lower means abnormal
        lambda: (lambda y, s: roc_auc_score(y, -(s < np.median(s)))),  # thresholded labels, not scores
        lambda: (lambda y, s: average_precision_score(y, -s)),   # another metric
        lambda: (lambda y, s: roc_auc_score(~y, -s)),            # the normal samples as the positive class
        lambda: (lambda y, s: float(np.mean((s < np.median(s)) == y))),  # accuracy of a median cut
    ],
    "q4": [lambda: "a", lambda: "c", lambda: "d", lambda: 2, lambda: "b or c"],
    "q5": [(lambda: _knn_flagger(calibrate_on_fit=True), "new normal digits"),   # calibrated on its own fit
           (lambda: _knn_flagger(quantile=0.95), "margin"),                      # no margin for sampling noise
           (lambda: _knn_flagger(quantile=0.05), "new normal digits"),          # the wrong end of the scores
           (lambda: _batch_share_flagger, "catches only"),
           (lambda: _scores_not_flags, "True"),
           (lambda: _pca_flagger, "does not separate"),   # a weaker score: PCA's error on the digits
           (lambda: (lambda x_normal: 0.5), "function that flags")],
    "q6": [(lambda: {"clean": "k=1", "contaminated": "k=1"}, "twin"),
           (lambda: {"clean": "k=20", "contaminated": "k=20"}, "sharpest"),
           lambda: {"clean": "k=20", "contaminated": "k=1"}, lambda: "k=20", lambda: {"clean": "k=1"},
           lambda: {"clean": "k=5", "contaminated": "k=20"}],
}

test_right, test_wrong, test_covered = question_tests(module, RIGHT, WRONG)


def test_missed_anomalies_are_hard_cases():
    case = module.missed_anomalies(n=4)
    assert case["missed"].shape == case["nearest"].shape == (4, 64)
    # more test samples than there are 9s score above each missed 9
    assert (case["rank"] > case["n_anomalies"]).all()
    assert 9 not in set(case["nearest_labels"].tolist())


def test_q5_a_rate_close_to_the_limit_is_pointed_out():
    def predict_flagger(x_normal):  # the detector's own threshold: 5 % of its (leave-one-out) training scores
        detector = ad.KNNDistanceDetector(n_neighbors=5, contamination=0.05).fit(x_normal)
        return lambda x: detector.predict(x) == -1

    result = module.q5.check(predict_flagger)
    assert "margin would be safer" in result.message, str(result)
    assert "margin would be safer" not in module.q5.check(_knn_flagger()).message


def test_q2_says_none_not_nan():
    message = module.q2.check(lambda s, fpr: None).message
    assert "None" in message and "nan" not in message.lower()


def test_q6_contest_reverses_the_ranking():
    table = module.contamination_contest()
    assert table["clean"]["k=1"] > table["clean"]["k=20"]
    assert table["contaminated"]["k=20"] > table["contaminated"]["k=1"] + 0.05


def test_q5_slow_training_gets_a_helpful_message(monkeypatch):
    import time

    monkeypatch.setattr(module, "_Q5_TIME", 0.3)
    message = module.q5.check(lambda x_normal: time.sleep(3) or _knn_flagger()(x_normal)).message
    assert "took more than" in message and "fits in well under a second" in message


def test_q5_crashing_training_says_where():
    def crashing(x_normal):
        detector = ad.KNNDistanceDetector(n_neighbors=5).fit(x_normal[:3])  # too few digits for 5 neighbours
        return lambda x: -detector.score_samples(x) > 0

    result = module.q5.check(crashing)
    assert result.outcome.value == "incorrect" and "raised" in result.message
