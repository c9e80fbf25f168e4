"""Three anomaly detectors with scikit-learn's outlier-detector shape.

``fit`` / ``score_samples`` / ``decision_function`` / ``predict``; lower
scores mean more abnormal, ``predict`` gives -1 for an outlier and +1 for an
inlier:

- :class:`AutoencoderDetector`: an autoencoder trained on normal data scores a
  sample by its reconstruction error, or by the distance from its latent code
  to the nearest codes of the training data.
- :class:`KNNDistanceDetector`: the distance to the nearest training samples in
  the raw feature space (a strong, simple baseline).
- :class:`PCAReconstructionDetector`: the reconstruction error of PCA, the
  linear autoencoder.
"""

from __future__ import annotations

import copy

import numpy as np
from sklearn.base import BaseEstimator, OutlierMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from .._validation import check_choice, check_int, check_number

__all__ = ["AutoencoderDetector", "KNNDistanceDetector", "PCAReconstructionDetector"]


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

        from ..autoencoders import Autoencoder, train_autoencoder

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
