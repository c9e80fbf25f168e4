"""Anomaly detection: learn what normal looks like, then score how far a sample is from it.

Used by notebook 05 (``notebooks/05_anomaly_detection.ipynb``) and its
exercises. Three detectors share the scikit-learn outlier-detector shape
(``fit`` / ``score_samples`` / ``decision_function`` / ``predict``, lower
scores mean more abnormal, ``predict`` gives -1 for an outlier and +1 for an
inlier):

- :class:`AutoencoderDetector`: an autoencoder trained on normal data scores a
  sample by its reconstruction error, or by the distance from its latent code
  to the nearest codes of the training data.
- :class:`KNNDistanceDetector`: the distance to the nearest training samples in
  the raw feature space (a strong, simple baseline).
- :class:`PCAReconstructionDetector`: the reconstruction error of PCA, the
  linear autoencoder.

:func:`evaluate_detectors` runs any set of detectors over the two honest
protocols of the notebook and :func:`summarize` / :func:`format_table` turn
the rows into a readable table. The ``plot_*`` functions draw the pictures
the notebook and the threshold lab show, and :func:`make_sensor_signal` with
:func:`sliding_windows` gives a second kind of data.
"""

from __future__ import annotations

import copy
import time
from typing import Mapping, Sequence

import numpy as np
from sklearn.base import BaseEstimator, OutlierMixin, clone
from sklearn.utils.validation import check_is_fitted, validate_data

from ._validation import as_array, check_choice, check_int, check_number
from .plotting import ANOMALY, NORMAL, plot_digits

__all__ = [
    "AutoencoderDetector",
    "KNNDistanceDetector",
    "PCAReconstructionDetector",
    "anomaly_labels",
    "confusion_cells",
    "evaluate_detectors",
    "flagged_rows",
    "format_table",
    "make_sensor_signal",
    "plot_confusion",
    "plot_flagged",
    "plot_method_comparison",
    "plot_roc",
    "plot_score_distributions",
    "protocol_splits",
    "roc_points",
    "sliding_windows",
    "summarize",
    "threshold_metrics",
]

PROTOCOLS = ("novelty", "contaminated")


# --------------------------------------------------------------------------- shared detector shape

def _to_numpy(X):
    """Torch tensors become numpy arrays; everything else is left to scikit-learn's checks."""
    if hasattr(X, "detach"):
        return X.detach().cpu().numpy()
    return X


def _knn_mean_distance(reference: np.ndarray, query: np.ndarray, n_neighbors: int,
                       leave_one_out: bool = False) -> np.ndarray:
    """Mean Euclidean distance from each query row to its ``n_neighbors`` nearest reference rows.

    With ``leave_one_out`` the query is the reference itself and each row's
    own (zero) distance is left out, so the training data is scored as if
    every sample were new.
    """
    from sklearn.neighbors import NearestNeighbors

    extra = 1 if leave_one_out else 0
    index = NearestNeighbors(n_neighbors=n_neighbors + extra).fit(reference)
    distances, _ = index.kneighbors(query)
    return distances[:, extra:].mean(axis=1)


class _ScoreDetector(OutlierMixin, BaseEstimator):
    """What every detector here shares: input checks, ``offset_``, ``decision_function``, ``predict``.

    A subclass implements ``_fit(X)`` (X already checked, float64), ``_score(X)``
    (higher = more normal) and, when scoring the training data needs care
    (nearest-neighbour scores would find each sample itself),
    ``_train_scores(X)``.
    """

    def _check_contamination(self) -> float:
        return check_number(self.contamination, "contamination", low=0.0, high=0.5,
                            low_inclusive=False)

    def fit(self, X, y=None):
        """Learn what normal looks like from ``X`` (numpy array or torch tensor); ``y`` is ignored."""
        contamination = self._check_contamination()
        X = validate_data(self, _to_numpy(X), dtype=np.float64)
        self._fit(X)
        train_scores = self._train_scores(X)
        # The threshold flags a `contamination` share of the training samples.
        self.offset_ = float(np.quantile(train_scores, contamination))
        return self

    def _train_scores(self, X: np.ndarray) -> np.ndarray:
        return self._score(X)

    def _checked(self, X) -> np.ndarray:
        check_is_fitted(self, msg=(f"This {type(self).__name__} is not fitted yet: call .fit(x_train) "
                                   "with normal data before scoring new samples."))
        return validate_data(self, _to_numpy(X), dtype=np.float64, reset=False)

    def score_samples(self, X) -> np.ndarray:
        """Normality of each sample: the lower, the more abnormal (scikit-learn's convention)."""
        return np.asarray(self._score(self._checked(X)), dtype=np.float64)

    def decision_function(self, X) -> np.ndarray:
        """``score_samples(X) - offset_``: negative for samples flagged as outliers."""
        return self.score_samples(X) - self.offset_

    def predict(self, X) -> np.ndarray:
        """-1 for an outlier, +1 for an inlier."""
        decision = self.decision_function(X)
        return np.where(decision < 0, -1, 1).astype(int)


# --------------------------------------------------------------------------- the autoencoder detector

class AutoencoderDetector(_ScoreDetector):
    """An autoencoder trained on normal data, used as a scikit-learn outlier detector.

    Two scores (``score_type``; both are negated so that lower means more abnormal):

    - ``"reconstruction"``: the mean squared error between a sample and its
      reconstruction. The decoder only learned to rebuild normal data, so an
      anomaly comes back blurred toward something normal (Japkowicz et al.,
      1995; Sakurada & Yairi, 2014).
    - ``"latent_knn"``: the mean Euclidean distance from the sample's latent
      code to its ``n_neighbors`` nearest codes of the training data: far from
      every normal code means abnormal (the k-nearest-neighbour distance of
      Ramaswamy et al., 2000, taken in the learned space).

    The data are scaled to [0, 1] with one global minimum and range learned in
    ``fit`` (so the sigmoid output can reach them and distances keep their
    shape); errors are reported in the original units. ``offset_`` flags a
    ``contamination`` share of the training samples; for ``"latent_knn"`` the
    training samples are scored leave-one-out (a sample is not its own
    neighbour), so ``predict`` on new normal data flags about that share too.

    Used by notebook 05. Accepts numpy arrays or torch tensors.

    >>> detector = AutoencoderDetector(latent_dim=32).fit(x_normal)
    >>> detector.score_samples(x_new)      # lower = more abnormal
    >>> detector.predict(x_new)            # -1 outlier, +1 inlier
    """

    def __init__(self, latent_dim: int = 32, hidden: tuple = (128,), score_type: str = "latent_knn",
                 n_neighbors: int = 5, epochs: int = 8, lr: float = 1e-2, batch_size: int = 64,
                 noise: float = 0.0, contamination: float = 0.05, random_state: int = 0):
        self.latent_dim = latent_dim
        self.hidden = hidden
        self.score_type = score_type
        self.n_neighbors = n_neighbors
        self.epochs = epochs
        self.lr = lr
        self.batch_size = batch_size
        self.noise = noise
        self.contamination = contamination
        self.random_state = random_state

    def _check_params(self, n_samples: int, n_features: int) -> None:
        check_choice(self.score_type, "score_type", ("reconstruction", "latent_knn"))
        latent_dim = check_int(self.latent_dim, "latent_dim", low=1)
        if latent_dim > n_features:
            raise ValueError(f"latent_dim={latent_dim} is larger than the {n_features} feature(s) of X: "
                             f"a code must be smaller than the input. Use latent_dim <= {n_features}.")
        if isinstance(self.hidden, (str, bytes)) or not hasattr(self.hidden, "__iter__"):
            raise TypeError(f"hidden must be a tuple of layer sizes such as (128,), got {self.hidden!r}.")
        for size in self.hidden:
            check_int(size, "each hidden layer size", low=1)
        k = check_int(self.n_neighbors, "n_neighbors", low=1)
        if self.score_type == "latent_knn" and n_samples <= k:
            raise ValueError(f"X has {n_samples} sample(s), but n_neighbors={k} needs at least {k + 1} "
                             "training samples. Pass more data or a smaller n_neighbors.")
        check_int(self.epochs, "epochs", low=1)
        check_number(self.lr, "lr", low=0.0, low_inclusive=False)
        check_int(self.batch_size, "batch_size", low=1)
        check_number(self.noise, "noise", low=0.0)
        check_int(self.random_state, "random_state", low=0)

    def _fit(self, X: np.ndarray) -> None:
        import torch

        from .autoencoders import Autoencoder, train_autoencoder

        self._check_params(*X.shape)
        self.x_min_ = float(X.min())
        self.x_range_ = float(X.max() - X.min()) or 1.0
        self.model_ = Autoencoder(X.shape[1], self.latent_dim, hidden=tuple(self.hidden))
        x = torch.tensor(self._scaled(X), dtype=torch.float32)
        self.loss_history_ = train_autoencoder(self.model_, x, epochs=self.epochs, lr=self.lr,
                                               batch_size=self.batch_size, noise=self.noise,
                                               random_state=self.random_state, progress=False)
        # Scoring runs in float64: a sample's score then does not depend on the batch around it.
        self.model_ = self.model_.double().eval()
        self.train_codes_ = self._codes(X)
        self.train_reconstruction_scores_ = self._reconstruction_score(X)

    def _scaled(self, X: np.ndarray) -> np.ndarray:
        return (X - self.x_min_) / self.x_range_

    def _codes(self, X: np.ndarray) -> np.ndarray:
        import torch

        with torch.no_grad():
            return self.model_.encode(torch.from_numpy(self._scaled(X))).numpy()  # (n, latent_dim)

    def _rebuilt(self, X: np.ndarray) -> np.ndarray:
        import torch

        with torch.no_grad():
            return self.model_(torch.from_numpy(self._scaled(X))).numpy()  # (n, n_features), scaled

    def encode(self, X) -> np.ndarray:
        """Latent codes of ``X``: array of shape (n_samples, latent_dim)."""
        return self._codes(self._checked(X))

    def reconstruct(self, X) -> np.ndarray:
        """The autoencoder's reconstruction of ``X``, in the original units."""
        return self._rebuilt(self._checked(X)) * self.x_range_ + self.x_min_

    def _reconstruction_score(self, X: np.ndarray) -> np.ndarray:
        error = ((self._rebuilt(X) - self._scaled(X)) ** 2).mean(axis=1)
        return -error * self.x_range_ ** 2  # mean squared error in the original units

    def _latent_score(self, X: np.ndarray, n_neighbors: int) -> np.ndarray:
        return -_knn_mean_distance(self.train_codes_, self._codes(X), n_neighbors)

    def _score(self, X: np.ndarray) -> np.ndarray:
        if self.score_type == "reconstruction":
            return self._reconstruction_score(X)
        return self._latent_score(X, self.n_neighbors)

    def _train_scores(self, X: np.ndarray) -> np.ndarray:
        if self.score_type == "latent_knn":  # leave-one-out: a training code is not its own neighbour
            return -_knn_mean_distance(self.train_codes_, self.train_codes_, self.n_neighbors,
                                       leave_one_out=True)
        return self.train_reconstruction_scores_

    def rescored(self, **params) -> "AutoencoderDetector":
        """A copy of this fitted detector with other scoring settings, without training again.

        Only ``score_type``, ``n_neighbors`` and ``contamination`` change how a
        fitted autoencoder scores; ``offset_`` is recomputed for them.
        :func:`evaluate_detectors` uses it so one autoencoder serves both scores.
        """
        allowed = {"score_type", "n_neighbors", "contamination"}
        unknown = set(params) - allowed
        if unknown:
            raise ValueError(f"rescored() changes only {sorted(allowed)}; got {sorted(unknown)}. "
                             "Other settings change the training: fit a new detector.")
        check_is_fitted(self, msg="rescored() needs a fitted detector: call .fit(x_train) first.")
        other = copy.copy(self)
        other.set_params(**params)
        other._check_params(len(self.train_codes_), self.n_features_in_)
        other.offset_ = float(np.quantile(other._train_scores(None), other._check_contamination()))
        return other


# --------------------------------------------------------------------------- baselines

class KNNDistanceDetector(_ScoreDetector):
    """Distance to the nearest training samples in the raw feature space (a baseline).

    The score is minus the mean Euclidean distance to the ``n_neighbors``
    nearest training samples (Ramaswamy et al., 2000, use the k-th distance;
    the mean is a little steadier). scikit-learn has no estimator that
    returns this score directly, so it is here. Used by notebook 05.
    """

    def __init__(self, n_neighbors: int = 5, contamination: float = 0.05):
        self.n_neighbors = n_neighbors
        self.contamination = contamination

    def _fit(self, X: np.ndarray) -> None:
        k = check_int(self.n_neighbors, "n_neighbors", low=1)
        if len(X) <= k:
            raise ValueError(f"X has {len(X)} sample(s), but n_neighbors={k} needs at least {k + 1} "
                             "training samples. Pass more data or a smaller n_neighbors.")
        self.train_ = X.copy()

    def _score(self, X: np.ndarray) -> np.ndarray:
        return -_knn_mean_distance(self.train_, X, self.n_neighbors)

    def _train_scores(self, X: np.ndarray) -> np.ndarray:
        return -_knn_mean_distance(self.train_, self.train_, self.n_neighbors, leave_one_out=True)


class PCAReconstructionDetector(_ScoreDetector):
    """Reconstruction error of PCA with ``n_components`` components (the linear autoencoder).

    The score is minus the mean squared error between a sample and its
    projection onto the principal subspace of the training data. Used by
    notebook 05.
    """

    def __init__(self, n_components: int = 8, contamination: float = 0.05):
        self.n_components = n_components
        self.contamination = contamination

    def _fit(self, X: np.ndarray) -> None:
        from sklearn.decomposition import PCA

        k = check_int(self.n_components, "n_components", low=1)
        if k > min(X.shape):
            raise ValueError(f"n_components={k} is larger than min(n_samples, n_features) = "
                             f"{min(X.shape)} for X with {X.shape[0]} sample(s) and {X.shape[1]} "
                             "feature(s). Use fewer components.")
        self.pca_ = PCA(n_components=k).fit(X)

    def _score(self, X: np.ndarray) -> np.ndarray:
        rebuilt = self.pca_.inverse_transform(self.pca_.transform(X))
        return -((X - rebuilt) ** 2).mean(axis=1)


# --------------------------------------------------------------------------- protocols and evaluation

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
    y = as_array(y, "y", ndim=1, dtype=np.int64)
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} samples but y has {len(y)} labels; pass one label per sample.")
    if anomaly_class not in set(y.tolist()):
        raise ValueError(f"anomaly_class={anomaly_class} does not occur in y; use one of {sorted(set(y.tolist()))}.")
    contamination = check_number(contamination, "contamination", low=0.0, high=0.5, high_inclusive=False)
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
    return as_array(is_anomaly, "is_anomaly", ndim=1).astype(np.int64)


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
    y_arr = as_array(y, "y", ndim=1, dtype=np.int64)
    classes = sorted(set(y_arr.tolist())) if classes is None else list(classes)
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


def summarize(rows: Sequence[dict]) -> list[dict]:
    """One row per (protocol, method): mean ROC-AUC per anomaly class (over seeds), the mean over
    everything, its spread between seeds, mean average precision and seconds per fold.

    Sorted by protocol, then best mean ROC-AUC first.
    """
    if not rows:
        raise ValueError("rows is empty: pass what evaluate_detectors returned.")
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
    if not summary:
        raise ValueError("summary is empty: pass what summarize returned.")
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


# --------------------------------------------------------------------------- thresholds

def threshold_metrics(anomaly_score, is_anomaly, threshold: float) -> dict:
    """What flagging ``anomaly_score >= threshold`` gives: confusion matrix, precision, recall, F1, FPR.

    ``anomaly_score`` is higher for more abnormal samples (``-score_samples``).
    The confusion matrix is ``[[TN, FP], [FN, TP]]`` with anomalies as the
    positive class, as ``sklearn.metrics.confusion_matrix`` lays it out.
    Used by the threshold lab of notebook 05.
    """
    score = as_array(anomaly_score, "anomaly_score", ndim=1)
    truth = as_array(is_anomaly, "is_anomaly", ndim=1).astype(bool)
    if len(score) != len(truth):
        raise ValueError(f"anomaly_score has {len(score)} entries but is_anomaly has {len(truth)}.")
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


# --------------------------------------------------------------------------- a second kind of data

def make_sensor_signal(n_steps: int = 6000, *, n_faults: int = 12, fault_length: int = 40,
                       noise: float = 0.05, random_state=None):
    """A sensor-like signal (two daily-like cycles plus noise) with injected faults.

    Returns ``(signal, is_fault)``: float arrays of shape (n_steps,). Three
    kinds of fault are injected, each over ``fault_length`` steps at random
    places after the first fifth of the signal (which stays clean, for
    training): a spike, a stuck sensor (flat line) and a burst of extra noise.
    Used by notebook 05.
    """
    n_steps = check_int(n_steps, "n_steps", low=200)
    n_faults = check_int(n_faults, "n_faults", low=0)
    fault_length = check_int(fault_length, "fault_length", low=1, high=n_steps // 10)
    noise = check_number(noise, "noise", low=0.0)
    rng = np.random.default_rng(random_state)
    t = np.arange(n_steps)
    signal = np.sin(2 * np.pi * t / 100) + 0.5 * np.sin(2 * np.pi * t / 37 + 1.0)
    signal = signal + rng.normal(0.0, noise, n_steps)
    is_fault = np.zeros(n_steps)
    clean_until = n_steps // 5
    starts = np.sort(rng.choice(np.arange(clean_until, n_steps - fault_length, fault_length * 2),
                                size=n_faults, replace=False)) if n_faults else []
    for i, start in enumerate(starts):
        part = slice(start, start + fault_length)
        kind = i % 3
        if kind == 0:    # spike
            signal[start + fault_length // 2] += 2.5
            is_fault[start + fault_length // 2 - 2: start + fault_length // 2 + 3] = 1
            continue
        if kind == 1:    # stuck sensor
            signal[part] = signal[start]
        else:            # noise burst
            signal[part] += rng.normal(0.0, 0.4, fault_length)
        is_fault[part] = 1
    return signal, is_fault


def sliding_windows(signal, width: int = 50, step: int = 10, is_fault=None):
    """Cut a 1-D signal into overlapping windows, one window per row.

    Returns ``windows`` of shape (n_windows, width), and, when ``is_fault`` is
    given, also a boolean per window: True when any step inside it is faulty.
    Used by notebook 05.
    """
    signal = as_array(signal, "signal", ndim=1)
    width = check_int(width, "width", low=2, high=len(signal))
    step = check_int(step, "step", low=1)
    starts = np.arange(0, len(signal) - width + 1, step)
    index = starts[:, None] + np.arange(width)[None, :]
    windows = signal[index]
    if is_fault is None:
        return windows
    is_fault = as_array(is_fault, "is_fault", ndim=1)
    if len(is_fault) != len(signal):
        raise ValueError(f"is_fault has {len(is_fault)} entries but signal has {len(signal)}.")
    return windows, is_fault[index].max(axis=1) > 0


# --------------------------------------------------------------------------- pictures

def plot_score_distributions(ax, anomaly_score, is_anomaly, *, threshold: float | None = None,
                             bins: int = 40, xlabel: str = "anomaly score (higher = more abnormal)"):
    """Histograms of the anomaly scores of normal and anomalous samples (course colours)."""
    score = as_array(anomaly_score, "anomaly_score", ndim=1)
    truth = as_array(is_anomaly, "is_anomaly", ndim=1).astype(bool)
    if len(score) != len(truth):
        raise ValueError(f"anomaly_score has {len(score)} entries but is_anomaly has {len(truth)}.")
    edges = np.histogram_bin_edges(score, bins=bins)
    for mask, color, label in ((~truth, NORMAL, "normal"), (truth, ANOMALY, "anomaly")):
        counts, _ = np.histogram(score[mask], bins=edges, density=mask.any())
        ax.stairs(counts, edges, fill=True, alpha=0.45, color=color, label=f"{label} ({int(mask.sum())})")
    if threshold is not None:
        ax.axvline(threshold, color="black", lw=1.5, ls="--", label="threshold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("density")
    ax.legend(frameon=False, fontsize=8)
    return ax


def roc_points(anomaly_score, is_anomaly) -> tuple[np.ndarray, np.ndarray, float]:
    """``(false-positive rates, true-positive rates, ROC-AUC)`` from ``sklearn.metrics``."""
    from sklearn.metrics import roc_auc_score, roc_curve

    labels = anomaly_labels(is_anomaly)
    score = as_array(anomaly_score, "anomaly_score", ndim=1)
    fpr, tpr, _ = roc_curve(labels, score)
    return fpr, tpr, float(roc_auc_score(labels, score))


def plot_roc(ax, anomaly_score, is_anomaly, *, point: tuple[float, float] | None = None,
             label: str | None = None, color=None, curve=None):
    """The ROC curve (``sklearn.metrics.roc_curve``), its area in the legend, and an optional
    (false-positive rate, true-positive rate) point to mark. ``curve`` takes what
    :func:`roc_points` returned, to skip computing it again (the threshold lab does)."""
    fpr, tpr, auc = curve if curve is not None else roc_points(anomaly_score, is_anomaly)
    ax.plot(fpr, tpr, color=color or ANOMALY, label=f"{label + ': ' if label else ''}ROC-AUC {auc:.3f}")
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls=":")
    if point is not None:
        ax.plot(*point, "o", color="black", ms=8)
    ax.set_xlabel("false-positive rate")
    ax.set_ylabel("true-positive rate (recall)")
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(-0.01, 1.01)
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    return ax


def confusion_cells(confusion) -> list[tuple[int, int, str, str]]:
    """``[(column, row, text, colour)]`` written in :func:`plot_confusion`'s cells: the name and
    count of each, white on the darker half of the blues."""
    confusion = np.asarray(confusion)
    names = [["TN", "FP"], ["FN", "TP"]]
    return [(j, i, f"{names[i][j]}\n{confusion[i, j]}", "white" if confusion[i, j] > confusion.max() / 2 else "black")
            for i in range(2) for j in range(2)]


def plot_confusion(ax, confusion):
    """A 2x2 confusion matrix ``[[TN, FP], [FN, TP]]`` with counts written in the cells."""
    confusion = as_array(confusion, "confusion", ndim=2, dtype=np.int64)
    if confusion.shape != (2, 2):
        raise ValueError(f"confusion must be 2x2 ([[TN, FP], [FN, TP]]), got shape {confusion.shape}.")
    ax.imshow(confusion, cmap="Blues", vmin=0, vmax=max(1, confusion.max()))
    for x, y, text, color in confusion_cells(confusion):
        ax.text(x, y, text, ha="center", va="center", color=color, fontsize=10)
    ax.set_xticks([0, 1], ["said normal", "flagged"])
    ax.set_yticks([0, 1], ["normal", "anomaly"])
    return ax


def flagged_rows(anomaly_score, *, n: int = 8, threshold: float | None = None) -> list[np.ndarray]:
    """Indices of what :func:`plot_flagged` shows: the ``n`` most anomalous flagged samples and,
    when more than ``n`` are flagged, the ``n`` least anomalous ones (each row highest score
    first); ``[]`` when nothing reaches ``threshold``."""
    score = as_array(anomaly_score, "anomaly_score", ndim=1)
    n = check_int(n, "n", low=1, high=50)
    chosen = np.flatnonzero(score >= threshold) if threshold is not None else np.arange(len(score))
    order = chosen[np.argsort(-score[chosen])]
    if len(order) == 0:
        return []
    return [order[:n], order[::-1][:n][::-1]] if len(order) > n else [order]


def plot_flagged(ax, images, anomaly_score, *, n: int = 8, threshold: float | None = None,
                 is_anomaly=None):
    """The ``n`` most and ``n`` least anomalous flagged images (two rows; all if none is given
    a threshold). Anomalies get a red frame when ``is_anomaly`` is given."""
    images = as_array(images, "images", ndim=2)
    score = as_array(anomaly_score, "anomaly_score", ndim=1)
    if len(images) != len(score):
        raise ValueError(f"images has {len(images)} rows but anomaly_score has {len(score)} entries.")
    rows = flagged_rows(score, n=n, threshold=threshold)
    if not rows:
        ax.text(0.5, 0.5, "nothing flagged", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    side = int(round(np.sqrt(images.shape[1])))
    blank = np.zeros(images.shape[1])  # an empty tile
    tiles = []
    for row in rows:
        tiles += [images[i] for i in row] + [blank] * (n - len(row))
    plot_digits(ax, np.array(tiles), n_cols=n)
    if is_anomaly is not None:
        truth = as_array(is_anomaly, "is_anomaly", ndim=1).astype(bool)
        from matplotlib.patches import Rectangle

        for r, row in enumerate(rows):
            for c, i in enumerate(row):
                if truth[i]:
                    ax.add_patch(Rectangle((c * (side + 1) - 0.5, r * (side + 1) - 0.5), side, side,
                                           fill=False, ec=ANOMALY, lw=2))
    title = "most anomalous (top) and least anomalous (bottom) flagged" if len(rows) == 2 else "flagged"
    ax.set_title(title, fontsize=9)
    return ax


def plot_method_comparison(ax, summary: Sequence[dict], protocol: str = "novelty"):
    """Horizontal bars: mean ROC-AUC of every method on one protocol, with seconds per fold."""
    rows = [r for r in summary if r["protocol"] == protocol]
    if not rows:
        raise ValueError(f"summary has no rows for protocol {protocol!r}.")
    rows = sorted(rows, key=lambda r: r["roc_auc"])
    y = np.arange(len(rows))
    colors = [ANOMALY if r["method"].startswith("AE") else "#7f7f7f" for r in rows]
    ax.barh(y, [r["roc_auc"] for r in rows], color=colors)
    for i, r in enumerate(rows):
        ax.text(r["roc_auc"] + 0.005, i, f"{r['roc_auc']:.3f} ({r['seconds']:.2f} s)", va="center", fontsize=8)
    ax.set_yticks(y, [r["method"] for r in rows])
    ax.set_xlim(min(0.5, min(r["roc_auc"] for r in rows) - 0.05), 1.12)
    ax.set_xlabel("mean ROC-AUC (seconds per fold)")
    ax.set_title(f"protocol: {protocol}", fontsize=10)
    return ax
