"""Measuring detectors honestly: the two protocols of notebook 05, the table, and thresholds.

- :func:`protocol_splits` makes one fold of a protocol ("novelty": train on
  the normal classes only; "contaminated": a few unlabelled anomalies mixed
  into the training set), and :func:`evaluate_detectors` runs any set of
  detectors over every fold: one row per method, seed and anomaly class.
- :func:`summarize` and :func:`format_table` turn the rows into a readable table.
- :func:`threshold_metrics` and :func:`roc_points` say what a threshold on an
  anomaly score decides (the threshold lab of notebook 05 moves one).
"""

from __future__ import annotations

import time
from typing import Mapping, Sequence

import numpy as np
from sklearn.base import BaseEstimator, clone

from .._validation import (as_array, as_flags, as_labels, check_choice, check_int, check_int_list, check_number,
                           check_same_length)
from .detectors import AutoencoderDetector

__all__ = ["PROTOCOLS", "anomaly_labels", "evaluate_detectors", "format_table", "protocol_splits", "roc_points",
           "summarize", "threshold_metrics"]

PROTOCOLS = ("novelty", "contaminated")


def protocol_splits(x, y, anomaly_class: int, *, protocol: str = "novelty", seed: int = 0,
                    test_size: float = 0.25, contamination: float = 0.02):
    """One fold of a protocol: ``(x_train, x_test, is_anomaly_test)`` as numpy arrays.

    The data are split (stratified by class, fixed by ``seed``) into a
    training and a test part. The training set holds the other classes only
    (``"novelty"``), or the other classes plus, unlabelled, a few samples of
    ``anomaly_class`` making up a ``contamination`` share of it
    (``"contaminated"``). The test set is the whole test part, and its
    anomalies are the samples of ``anomaly_class``.
    """
    from sklearn.model_selection import train_test_split

    check_choice(protocol, "protocol", PROTOCOLS)
    x = as_array(x, "x", ndim=2)
    y = as_labels(y, "y")
    check_same_length(x=x, y=y)
    if anomaly_class not in set(y.tolist()):
        raise ValueError(f"anomaly_class={anomaly_class} does not occur in y; use one of {sorted(set(y.tolist()))}.")
    contamination = check_number(contamination, "contamination", low=0.0, high=0.5, high_inclusive=False)
    seed = check_int(seed, "seed", low=0, high=2**32 - 1)
    test_size = check_number(test_size, "test_size", low=0.0, high=1.0, low_inclusive=False, high_inclusive=False)
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=test_size, random_state=seed,
                                                        stratify=y)
    normal = x_train[y_train != anomaly_class]
    if protocol == "contaminated" and contamination > 0:
        pool = x_train[y_train == anomaly_class]
        n_mixed = min(len(pool), int(round(contamination / (1 - contamination) * len(normal))))
        rng = np.random.default_rng(seed)
        mixed = pool[rng.choice(len(pool), size=n_mixed, replace=False)]
        normal = np.concatenate([normal, mixed])[rng.permutation(len(normal) + n_mixed)]
    return normal, x_test, (y_test == anomaly_class)


def anomaly_labels(is_anomaly) -> np.ndarray:
    """Boolean anomaly flags as the 0/1 integers ``sklearn.metrics`` expects (1 = anomaly)."""
    return as_flags(is_anomaly, "is_anomaly").astype(np.int64)


def _fit_groups(detectors: Mapping[str, BaseEstimator]) -> dict:
    """Group detectors that differ only in how they score, so each group is trained once."""
    groups: dict = {}
    for name, detector in detectors.items():
        if isinstance(detector, AutoencoderDetector):
            params = detector.get_params()
            for key in ("score_type", "n_neighbors", "contamination"):
                params.pop(key)
            key = ("autoencoder", repr(sorted(params.items())))
        else:
            key = ("single", name)
        groups.setdefault(key, []).append(name)
    return groups


def evaluate_detectors(detectors: Mapping[str, BaseEstimator], x, y, *, protocol: str = "novelty",
                       seeds: Sequence[int] = (0, 1), classes: Sequence[int] | None = None,
                       test_size: float = 0.25, contamination: float = 0.02) -> list[dict]:
    """Run every detector over a protocol: one row per (method, seed, anomaly class).

    Each detector is cloned and fitted on every fold of :func:`protocol_splits`;
    its ``score_samples`` on the test part is compared with the true anomaly
    flags by ``sklearn.metrics.roc_auc_score`` and ``average_precision_score``
    (anomalies are the positive class, scored by ``-score_samples``).
    ``seconds`` is the wall time of fit plus scoring on that fold.
    AutoencoderDetectors that differ only in ``score_type``/``n_neighbors``/
    ``contamination`` share one trained autoencoder per fold (via
    :meth:`AutoencoderDetector.rescored`), and each is charged the full
    training time. Used by notebook 05; :func:`summarize` makes the table.
    """
    from sklearn.metrics import average_precision_score, roc_auc_score

    if not isinstance(detectors, Mapping) or not detectors:
        raise TypeError("detectors must be a non-empty dict such as {'kNN': KNNDistanceDetector()}.")
    for name, detector in detectors.items():
        if not hasattr(detector, "fit") or not hasattr(detector, "score_samples"):
            raise TypeError(f"detectors[{name!r}] must have fit and score_samples methods "
                            f"(a scikit-learn outlier detector), got {type(detector).__name__}.")
    y_arr = as_labels(y, "y")
    seeds = check_int_list(seeds, "seeds", low=0, example="(0, 1)")
    test_size = check_number(test_size, "test_size", low=0.0, high=1.0, low_inclusive=False, high_inclusive=False)
    if classes is None:
        classes = sorted(set(y_arr.tolist()))
    else:
        classes = check_int_list(classes, "classes", example="(0, 1)")
        missing = sorted(set(classes) - set(y_arr.tolist()))
        if missing:
            raise ValueError(f"classes holds {missing}, which do not occur in y; use some of {sorted(set(y_arr.tolist()))}.")
    rows = []
    groups = _fit_groups(detectors)
    for seed in seeds:
        for anomaly_class in classes:
            x_train, x_test, is_anomaly = protocol_splits(
                x, y_arr, anomaly_class, protocol=protocol, seed=seed, test_size=test_size,
                contamination=contamination)
            labels = is_anomaly.astype(np.int64)
            for names in groups.values():
                start = time.perf_counter()
                first = clone(detectors[names[0]])
                if "random_state" in first.get_params():
                    first.set_params(random_state=seed)
                first.fit(x_train)
                fit_seconds = time.perf_counter() - start
                for name in names:
                    start = time.perf_counter()
                    if name == names[0]:
                        fitted = first
                    else:
                        own = detectors[name].get_params()
                        fitted = first.rescored(**{k: own[k] for k in ("score_type", "n_neighbors", "contamination")})
                    anomaly_score = -fitted.score_samples(x_test)
                    seconds = fit_seconds + time.perf_counter() - start
                    rows.append({
                        "method": name, "protocol": protocol, "seed": seed, "anomaly_class": anomaly_class,
                        "roc_auc": float(roc_auc_score(labels, anomaly_score)),
                        "average_precision": float(average_precision_score(labels, anomaly_score)),
                        "seconds": seconds,
                    })
    return rows


def _check_rows(rows, name: str, maker: str) -> None:
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Sequence) or not all(isinstance(r, dict) for r in rows):
        raise TypeError(f"{name} must be the list of dicts {maker} returned, got {type(rows).__name__}.")
    if not rows:
        raise ValueError(f"{name} is empty: pass what {maker} returned.")


def summarize(rows: Sequence[dict]) -> list[dict]:
    """One row per (protocol, method): mean ROC-AUC per anomaly class (over seeds), the mean over
    everything, its spread between seeds, mean average precision and seconds per fold.

    Sorted by protocol, then best mean ROC-AUC first.
    """
    _check_rows(rows, "rows", "evaluate_detectors")
    out = []
    keys = sorted({(r["protocol"], r["method"]) for r in rows}, key=lambda k: (PROTOCOLS.index(k[0])
                                                                                if k[0] in PROTOCOLS else 9, k[1]))
    for protocol, method in keys:
        mine = [r for r in rows if r["protocol"] == protocol and r["method"] == method]
        classes = sorted({r["anomaly_class"] for r in mine})
        seeds = sorted({r["seed"] for r in mine})
        per_class = {c: float(np.mean([r["roc_auc"] for r in mine if r["anomaly_class"] == c])) for c in classes}
        per_seed = [np.mean([r["roc_auc"] for r in mine if r["seed"] == s]) for s in seeds]
        out.append({
            "protocol": protocol, "method": method,
            "roc_auc": float(np.mean([r["roc_auc"] for r in mine])),
            "seed_spread": float(np.max(per_seed) - np.min(per_seed)),
            "average_precision": float(np.mean([r["average_precision"] for r in mine])),
            "seconds": float(np.mean([r["seconds"] for r in mine])),
            "per_class": per_class,
        })
    out.sort(key=lambda r: (PROTOCOLS.index(r["protocol"]) if r["protocol"] in PROTOCOLS else 9, -r["roc_auc"]))
    return out


def format_table(summary: Sequence[dict], per_class: bool = True) -> str:
    """A plain-text table of :func:`summarize`'s rows (no pandas needed)."""
    _check_rows(summary, "summary", "summarize")
    classes = list(summary[0]["per_class"]) if per_class else []
    width = max(len("method"), *(len(r["method"]) for r in summary))
    header = (f"{'protocol':<13}{'method':<{width + 2}}{'ROC-AUC':>8}{'±seeds':>8}{'AP':>7}{'s/fold':>8}"
              + "".join(f"{c:>6}" for c in classes))
    lines = [header, "-" * len(header)]
    for r in summary:
        lines.append(f"{r['protocol']:<13}{r['method']:<{width + 2}}{r['roc_auc']:>8.3f}"
                     f"{r['seed_spread']:>8.3f}{r['average_precision']:>7.3f}{r['seconds']:>8.3f}"
                     + "".join(f"{r['per_class'].get(c, float('nan')):>6.2f}" for c in classes))
    return "\n".join(lines)



def threshold_metrics(anomaly_score, is_anomaly, threshold: float) -> dict:
    """What flagging ``anomaly_score >= threshold`` gives: confusion matrix, precision, recall, F1, FPR.

    ``anomaly_score`` is higher for more abnormal samples (``-score_samples``).
    The confusion matrix is ``[[TN, FP], [FN, TP]]`` with anomalies as the
    positive class, as ``sklearn.metrics.confusion_matrix`` lays it out.
    Used by the threshold lab of notebook 05.
    """
    score = as_array(anomaly_score, "anomaly_score", ndim=1)
    truth = as_flags(is_anomaly, "is_anomaly")
    check_same_length(anomaly_score=score, is_anomaly=truth)
    threshold = check_number(threshold, "threshold")
    flagged = score >= threshold
    tp = int(np.sum(flagged & truth))
    fp = int(np.sum(flagged & ~truth))
    fn = int(np.sum(~flagged & truth))
    tn = int(np.sum(~flagged & ~truth))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"confusion": np.array([[tn, fp], [fn, tp]]), "precision": precision, "recall": recall,
            "f1": f1, "fpr": fp / (fp + tn) if fp + tn else 0.0, "n_flagged": tp + fp}


def roc_points(anomaly_score, is_anomaly) -> tuple[np.ndarray, np.ndarray, float]:
    """``(false-positive rates, true-positive rates, ROC-AUC)`` from ``sklearn.metrics``."""
    from sklearn.metrics import roc_auc_score, roc_curve

    labels = anomaly_labels(is_anomaly)
    score = as_array(anomaly_score, "anomaly_score", ndim=1)
    check_same_length(anomaly_score=score, is_anomaly=labels)
    fpr, tpr, _ = roc_curve(labels, score)
    return fpr, tpr, float(roc_auc_score(labels, score))
