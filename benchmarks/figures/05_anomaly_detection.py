"""Quality figures of chapter 05, read from the lesson's kernel after it ran.

Mean ROC-AUC of every method on both protocols (every digit in turn as the anomaly, seeds 0
and 1, halves of the 1,797 digits), mean average precision of the two headline methods, and
wall seconds per fold (fit + scoring; the two autoencoder scores share one training and are
each charged all of it), as computed in section 3 of the notebook.
"""

NOTEBOOK = "notebooks/05_anomaly_detection.ipynb"

_METHODS = {
    "ae_latent_knn": "AE latent kNN",
    "ae_reconstruction": "AE reconstruction",
    "knn_pixels": "kNN distance (pixels)",
    "lof_k5": "LOF (k=5)",
    "ocsvm_default": "one-class SVM (default gamma)",
    "ocsvm_tuned": "one-class SVM (gamma=",
    "isolation_forest": "IsolationForest",
    "pca_reconstruction": "PCA reconstruction",
}


def _lookup(protocol: str, prefix: str, key: str) -> str:
    return (f"float(next(v[{key!r}] for k, v in RESULTS[{protocol!r}].items() "
            f"if k.startswith({prefix!r})))")


FIGURES = {}
for _short, _prefix in _METHODS.items():
    FIGURES[f"roc_auc_novelty_{_short}"] = _lookup("novelty", _prefix, "roc_auc")
    FIGURES[f"roc_auc_contaminated_{_short}"] = _lookup("contaminated", _prefix, "roc_auc")
    FIGURES[f"seconds_per_fold_{_short}"] = _lookup("novelty", _prefix, "seconds")
for _short in ("ae_latent_knn", "knn_pixels"):
    FIGURES[f"average_precision_novelty_{_short}"] = _lookup("novelty", _METHODS[_short], "average_precision")
FIGURES["sensor_roc_auc_autoencoder"] = "float(roc_auc_score(window_bad, sensor_scores['AE reconstruction']))"
FIGURES["sensor_roc_auc_knn"] = "float(roc_auc_score(window_bad, sensor_scores['kNN distance']))"
FIGURES["threshold_lab_last_ms"] = "float(lab.last_ms)"
