"""Seed-dependent claims of chapter 05 (``course/05_anomaly_detection.py``), as functions of the seed.

Read by ``benchmarks/seeds.py`` (the format is described there). ``measure(seed)`` repeats the
lesson's measurements with ``seed`` where the lesson uses ``SEED = 0``: the first autoencoder
detector and the sensor's (their starting weights and batch order); the development split of the
autoencoder shapes (``100 + SEED``); and the evaluation's two random splits (``2 * SEED`` and
``2 * SEED + 1``), which ``evaluate_detectors`` also uses as every detector's ``random_state`` on
that fold, so each seed is new splits *and* new training runs. The sensor signal and the settings
the lesson tunes on the development split of seed 100 (gamma 4.0, 8 PCA components) stay as in
the lesson.
"""

import numpy as np

NOTEBOOK = "notebooks/05_anomaly_detection.ipynb"
GAMMA, N_PCA = 4.0, 8


def measure(seed: int) -> dict:
    from sklearn.ensemble import IsolationForest
    from sklearn.metrics import average_precision_score, roc_auc_score
    from sklearn.neighbors import LocalOutlierFactor
    from sklearn.svm import OneClassSVM

    from latentedu import anomaly as ad
    from latentedu.data import load_digits

    digits = load_digits()
    x_train, x_test = digits.x_train.numpy(), digits.x_test.numpy()
    y_train, y_test = digits.y_train.numpy(), digits.y_test.numpy()
    m = {}

    detector = ad.AutoencoderDetector(latent_dim=32, hidden=(128,), score_type="latent_knn",
                                      random_state=seed).fit(x_train[y_train != 8])
    is_anomaly = y_test == 8
    for name, det in (("latent", detector), ("reconstruction", detector.rescored(score_type="reconstruction"))):
        score = -det.score_samples(x_test)
        m[f"one split {name} ROC-AUC"] = float(roc_auc_score(is_anomaly, score))
        m[f"one split {name} AP"] = float(average_precision_score(is_anomaly, score))

    x_all, y_all = np.concatenate([x_train, x_test]), np.concatenate([y_train, y_test])
    shapes = {"deep": dict(latent_dim=16, hidden=(128, 32)), "shallow": dict(latent_dim=32, hidden=(128,))}
    dev = ad.summarize(ad.evaluate_detectors(
        {f"{name} / {s}": ad.AutoencoderDetector(score_type=s, random_state=seed, **p)
         for name, p in shapes.items() for s in ("latent_knn", "reconstruction")},
        x_all, y_all, seeds=(100 + seed,), classes=[1, 5, 8], test_size=0.5))
    for r in dev:
        m[f"dev {r['method']} ROC-AUC"] = r["roc_auc"]

    shallow = shapes["shallow"]
    detectors = {
        "AE latent kNN": ad.AutoencoderDetector(score_type="latent_knn", epochs=6, random_state=seed, **shallow),
        "AE reconstruction": ad.AutoencoderDetector(score_type="reconstruction", epochs=6, random_state=seed,
                                                    **shallow),
        "kNN distance (pixels)": ad.KNNDistanceDetector(n_neighbors=5),
        "LOF (k=5)": LocalOutlierFactor(n_neighbors=5, novelty=True),
        "one-class SVM (default gamma)": OneClassSVM(),
        f"one-class SVM (gamma={GAMMA})": OneClassSVM(gamma=GAMMA),
        "IsolationForest": IsolationForest(n_estimators=25, random_state=seed),
        f"PCA reconstruction ({N_PCA})": ad.PCAReconstructionDetector(n_components=N_PCA),
    }
    rows = []
    for protocol in ("novelty", "contaminated"):
        rows += ad.evaluate_detectors(detectors, x_all, y_all, protocol=protocol, seeds=(2 * seed, 2 * seed + 1),
                                      contamination=0.02, test_size=0.5)
    for r in ad.summarize(rows):
        m[f"{r['protocol']} {r['method']} ROC-AUC"] = r["roc_auc"]
        m[f"{r['protocol']} {r['method']} AP"] = r["average_precision"]

    signal, is_fault = ad.make_sensor_signal(6000, n_faults=12, random_state=0)
    windows, window_bad = ad.sliding_windows(signal, width=50, step=5, is_fault=is_fault)
    starts = np.arange(len(windows)) * 5
    clean = windows[starts + 50 <= len(signal) // 5]
    for name, det in (("AE", ad.AutoencoderDetector(latent_dim=8, hidden=(32,), epochs=60,
                                                    score_type="reconstruction", random_state=seed)),
                      ("kNN", ad.KNNDistanceDetector(n_neighbors=5))):
        m[f"sensor {name} ROC-AUC"] = float(roc_auc_score(window_bad, -det.fit(clean).score_samples(windows)))
    return {k: float(v) for k, v in m.items()}


def _r(m, protocol, method, key="ROC-AUC"):
    return m[f"{protocol} {method} {key}"]


_SVM, _KNN, _PCA = f"one-class SVM (gamma={GAMMA})", "kNN distance (pixels)", f"PCA reconstruction ({N_PCA})"
_METHODS = ["AE latent kNN", "AE reconstruction", _KNN, "LOF (k=5)", "one-class SVM (default gamma)", _SVM,
            "IsolationForest", _PCA]


def _ranking(m, protocol):
    return sorted(_METHODS, key=lambda k: _r(m, protocol, k), reverse=True)


def _lost(m):
    return {k: _r(m, "novelty", k) - _r(m, "contaminated", k) for k in _METHODS}


SPREAD = {"reconstruction error beats latent distance under contamination":
          "the lesson prints the two ROC-AUCs on seeds 0-4 and on how many seeds reconstruction error is ahead"}

CLAIMS = {
    "on the development folds the shallow encoder's latent distance beats the deep one's by more than 0.1":
        lambda m: (m["dev shallow / latent_knn ROC-AUC"] > m["dev deep / latent_knn ROC-AUC"] + 0.1,
                   {"shallow, code 32": m["dev shallow / latent_knn ROC-AUC"],
                    "deep, code 16": m["dev deep / latent_knn ROC-AUC"]}),
    "the tuned SVM and the pixel kNN distance lead on novelty ROC-AUC, ahead of latent kNN":
        lambda m: (set(_ranking(m, "novelty")[:2]) == {_SVM, _KNN}
                   and _r(m, "novelty", "AE latent kNN") < _r(m, "novelty", _KNN),
                   {k: _r(m, "novelty", k) for k in (_SVM, _KNN, "AE latent kNN")}),
    "IsolationForest and the default-gamma SVM are the weakest on novelty, PCA reconstruction next":
        lambda m: (set(_ranking(m, "novelty")[-2:]) == {"IsolationForest", "one-class SVM (default gamma)"}
                   and _ranking(m, "novelty")[-3] == _PCA,
                   {k: _r(m, "novelty", k) for k in ("IsolationForest", "one-class SVM (default gamma)", _PCA)}),
    "latent distance beats reconstruction error on novelty ROC-AUC":
        lambda m: (_r(m, "novelty", "AE latent kNN") > _r(m, "novelty", "AE reconstruction"),
                   {"latent": _r(m, "novelty", "AE latent kNN"), "reconstruction": _r(m, "novelty", "AE reconstruction")}),
    "reconstruction error beats latent distance under contamination":
        lambda m: (_r(m, "contaminated", "AE reconstruction") > _r(m, "contaminated", "AE latent kNN"),
                   {"latent": _r(m, "contaminated", "AE latent kNN"),
                    "reconstruction": _r(m, "contaminated", "AE reconstruction")}),
    "contamination lowers every method's ROC-AUC":
        lambda m: (min(_lost(m).values()) > 0, _lost(m)),
    "LOF with 5 neighbours loses the most under contamination":
        lambda m: (max(_lost(m), key=_lost(m).get) == "LOF (k=5)", _lost(m)),
    "the plain kNN distance is the best method under contamination":
        lambda m: (_ranking(m, "contaminated")[0] == _KNN,
                   {k: _r(m, "contaminated", k) for k in _METHODS}),
    "the two methods that lose the least under contamination are the two weakest on novelty":
        lambda m: (set(sorted(_lost(m), key=_lost(m).get)[:2]) == set(_ranking(m, "novelty")[-2:]),
                   {k: _lost(m)[k] for k in ("IsolationForest", "one-class SVM (default gamma)")}),
    "on the sensor windows the kNN distance is within 0.02 ROC-AUC of the autoencoder or better":
        lambda m: (m["sensor kNN ROC-AUC"] > m["sensor AE ROC-AUC"] - 0.02,
                   {"kNN distance": m["sensor kNN ROC-AUC"], "AE reconstruction": m["sensor AE ROC-AUC"]}),
}
