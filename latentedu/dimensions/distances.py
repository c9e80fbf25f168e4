"""Random points in many dimensions, and how the distances between them concentrate.

In many dimensions, distances between random points become nearly equal
(Beyer et al., 1999), irrelevant features drown a nearest-neighbour
classifier, and a flexible classifier fits them, so its training accuracy
and its test accuracy drift apart (overfitting): all measured here, for
``notebooks/00_latent_space.ipynb``.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy as np

from .._validation import (as_array, as_labels, check_choice, check_int, check_int_list, check_number,
                           check_random_state, check_same_length)

__all__ = ["DIMENSIONS", "DISTRIBUTIONS", "Concentration", "NoiseCurve", "add_noise_dimensions",
           "distance_concentration", "distance_samples", "knn_noise_curve", "nearest_farthest_ratio",
           "noise_fit_curve", "pairwise_distances", "relative_contrast", "sample_points"]


DIMENSIONS = (1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000)  # the dimension slider's stops
DISTRIBUTIONS = ("uniform", "gaussian")  # uniform in the unit cube [0, 1]^d, or standard normal


def sample_points(n_points: int, dim: int, distribution: str = "uniform", random_state=None) -> np.ndarray:
    """``n_points`` random points in ``dim`` dimensions: shape (n_points, dim), float64.

    ``distribution`` is "uniform" (each coordinate uniform in [0, 1], i.e. the
    unit cube) or "gaussian" (each coordinate standard normal).
    """
    n_points = check_int(n_points, "n_points", low=1, high=10_000_000)
    dim = check_int(dim, "dim", low=1, high=1_000_000)
    check_choice(distribution, "distribution", DISTRIBUTIONS)
    rng = np.random.default_rng(check_random_state(random_state))
    if distribution == "uniform":
        return rng.uniform(0.0, 1.0, size=(n_points, dim))
    return rng.standard_normal(size=(n_points, dim))


def pairwise_distances(x, y=None) -> np.ndarray:
    """Euclidean distances between the rows of ``x`` and the rows of ``y`` (default ``x``).

    Returns an (len(x), len(y)) float64 matrix. Uses
    ``|a - b|^2 = |a|^2 + |b|^2 - 2 a.b``, clipped at zero before the square
    root so rounding never gives a NaN.
    """
    x = as_array(x, "x", ndim=2)
    y = x if y is None else as_array(y, "y", ndim=2, n_features=x.shape[1])
    squared = (x ** 2).sum(1)[:, None] + (y ** 2).sum(1)[None, :] - 2.0 * x @ y.T
    return np.sqrt(np.clip(squared, 0.0, None))


def distance_samples(x) -> np.ndarray:
    """The n(n-1)/2 distances between distinct rows of ``x`` (each pair once), shape (n(n-1)/2,)."""
    x = as_array(x, "x", ndim=2)
    if len(x) < 2:
        raise ValueError(f"x needs at least 2 points to have a distance, got {len(x)}.")
    rows, cols = np.triu_indices(len(x), k=1)
    return pairwise_distances(x)[rows, cols]


def relative_contrast(distances) -> float:
    """``(max - min) / min`` of a set of distances: how much farther the farthest is than the nearest.

    Large in low dimensions; it shrinks towards 0 as the dimension grows
    (Beyer et al., 1999, "When is 'nearest neighbor' meaningful?").
    """
    distances = as_array(distances, "distances").ravel()
    if distances.size < 2:
        raise ValueError(f"distances needs at least 2 values, got {distances.size}.")
    if distances.min() < 0:
        raise ValueError("distances cannot be negative; pass Euclidean distances, not differences.")
    if distances.min() == 0:
        raise ValueError("The smallest distance is 0 (two identical points), so the contrast is infinite. "
                         "Leave out each point's distance to itself, e.g. use distance_samples(x).")
    return float((distances.max() - distances.min()) / distances.min())


def nearest_farthest_ratio(x, y=None) -> float:
    """Mean over the rows of ``x`` of (distance to the nearest) / (distance to the farthest) point.

    The reference points are the rows of ``y``; when ``y`` is None they are
    the other rows of ``x`` (a point is not its own neighbour). Near 0: the
    nearest neighbour is much closer than the rest; near 1: every point is
    about as far as every other, so "nearest" means little.
    """
    x = as_array(x, "x", ndim=2)
    if len(x) == 0:
        raise ValueError("x is empty: give at least one point.")
    if y is not None and len(as_array(y, "y", ndim=2)) == 0:
        raise ValueError("y is empty: give at least one reference point (or y=None to use the other rows of x).")
    distances = pairwise_distances(x, y)
    if y is None:
        if len(x) < 3:
            raise ValueError(f"x needs at least 3 points for a nearest and a farthest other point, got {len(x)}.")
        nearest = np.where(np.eye(len(x), dtype=bool), np.inf, distances).min(1)
    else:
        nearest = distances.min(1)
    farthest = distances.max(1)
    if (farthest == 0).any():
        raise ValueError("Some point is at distance 0 from every reference point; the ratio is undefined.")
    return float(np.mean(nearest / farthest))


class Concentration(NamedTuple):
    """Distances between random points, for each dimension in ``dims`` (see :func:`distance_concentration`)."""

    dims: np.ndarray        # (n_dims,)
    bin_edges: np.ndarray   # (n_bins + 1,) edges for distance / mean distance
    density: np.ndarray     # (n_dims, n_bins) histogram of distance / mean, as a density
    mean: np.ndarray        # (n_dims,) mean distance
    cv: np.ndarray          # (n_dims,) std / mean of the distances
    contrast: np.ndarray    # (n_dims,) relative contrast (max - min) / min
    nf_ratio: np.ndarray    # (n_dims,) mean nearest / farthest ratio


def distance_concentration(dims: Sequence[int] = DIMENSIONS, n_points: int = 200, distribution: str = "uniform",
                           random_state=0, n_bins: int = 60, max_ratio: float = 3.0) -> Concentration:
    """Sample ``n_points`` random points in each dimension and summarise their pairwise distances.

    Distances are divided by their mean so every dimension shares one axis;
    the histogram covers [0, ``max_ratio``] and counts larger values in its
    last bar. With the defaults it takes well under a second.
    """
    dims = check_int_list(dims, "dims", low=1, example="(1, 10, 100)")
    dims = [check_int(d, "each of dims", low=1, high=100_000) for d in dims]
    if not dims:
        raise ValueError("dims is empty; pass at least one dimension, e.g. dims=(1, 10, 100).")
    n_points = check_int(n_points, "n_points", low=3, high=5000)
    n_bins = check_int(n_bins, "n_bins", low=1, high=10_000)
    max_ratio = check_number(max_ratio, "max_ratio", low=0.0, low_inclusive=False)
    rng = np.random.default_rng(check_random_state(random_state))
    edges = np.linspace(0.0, max_ratio, n_bins + 1)
    density, mean, cv, contrast, nf = [], [], [], [], []
    for dim in dims:
        x = sample_points(n_points, dim, distribution, random_state=rng)
        matrix = pairwise_distances(x)
        d = matrix[np.triu_indices(n_points, k=1)]
        m = d.mean()
        counts, _ = np.histogram(np.minimum(d / m, max_ratio - 1e-12), bins=edges)
        density.append(counts / (counts.sum() * np.diff(edges)))
        mean.append(m)
        cv.append(d.std() / m)
        contrast.append(relative_contrast(d))
        np.fill_diagonal(matrix, np.inf)
        nearest = matrix.min(1)
        np.fill_diagonal(matrix, -np.inf)
        nf.append(np.mean(nearest / matrix.max(1)))
    return Concentration(np.array(dims), edges, np.array(density), np.array(mean), np.array(cv),
                         np.array(contrast), np.array(nf))


# --------------------------------------------------------------------------- irrelevant features

def add_noise_dimensions(x, n_noise: int, random_state=None) -> np.ndarray:
    """``x`` with ``n_noise`` extra columns of uniform [0, 1] noise (the pixels' own range)."""
    x = as_array(x, "x", ndim=2)
    n_noise = check_int(n_noise, "n_noise", low=0, high=1_000_000)
    rng = np.random.default_rng(check_random_state(random_state))
    return np.hstack([x, rng.uniform(0.0, 1.0, size=(len(x), n_noise))])


class NoiseCurve(NamedTuple):
    """kNN test accuracy as irrelevant noise features are added (see :func:`knn_noise_curve`)."""

    noise_dims: np.ndarray  # (n_levels,) number of noise columns added
    accuracy: np.ndarray    # (n_levels,) test accuracy
    neighbors: np.ndarray   # (n_levels, n_queries, k) training indices of the first test points' neighbors


def _check_split(x_train, y_train, x_test, y_test):
    """The four arrays of a labelled train/test split, checked: 2-D points with as many features in
    both sets, and one integer label per point."""
    x_train = as_array(x_train, "x_train", ndim=2)
    x_test = as_array(x_test, "x_test", ndim=2, n_features=x_train.shape[1])
    y_train = as_labels(y_train, "y_train")
    y_test = as_labels(y_test, "y_test")
    check_same_length(x_train=x_train, y_train=y_train)
    check_same_length(x_test=x_test, y_test=y_test)
    return x_train, y_train, x_test, y_test


def knn_noise_curve(x_train, y_train, x_test, y_test, noise_dims: Sequence[int] = (0, 16, 64, 256, 1024),
                    k: int = 5, n_queries: int = 8, random_state=0) -> NoiseCurve:
    """Test accuracy of a ``k``-nearest-neighbour classifier after adding noise columns.

    Each level draws fresh uniform [0, 1] noise for the training and the test
    set; the labels never depend on it, so the noise is pure distraction.
    ``neighbors`` keeps the training indices of the ``k`` neighbors of the
    first ``n_queries`` test points, for the widget. With 1,347 training digits
    and up to 1,024 noise columns it takes about a second.
    """
    from sklearn.neighbors import KNeighborsClassifier

    x_train, y_train, x_test, y_test = _check_split(x_train, y_train, x_test, y_test)
    k = check_int(k, "k", low=1, high=len(x_train))
    n_queries = check_int(n_queries, "n_queries", low=0, high=len(x_test))
    noise_dims = check_int_list(noise_dims, "noise_dims", low=0, example="(0, 16, 64)")
    noise_dims = [check_int(n, "each of noise_dims", low=0, high=100_000) for n in noise_dims]
    rng = np.random.default_rng(check_random_state(random_state))
    accuracy, neighbors = [], []
    for n_noise in noise_dims:
        train = add_noise_dimensions(x_train, n_noise, random_state=rng)
        test = add_noise_dimensions(x_test, n_noise, random_state=rng)
        model = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(train, y_train)
        accuracy.append(model.score(test, y_test))
        neighbors.append(model.kneighbors(test[:n_queries], return_distance=False) if n_queries
                         else np.empty((0, k), dtype=np.int64))
    return NoiseCurve(np.array(noise_dims), np.array(accuracy),
                      np.array(neighbors, dtype=np.int64).reshape(len(noise_dims), n_queries, k))


def noise_fit_curve(x_train, y_train, x_test, y_test, noise_dims: Sequence[int] = (0, 16, 64, 256, 1024),
                    classifier=None, random_state=0) -> dict:
    """Training and test accuracy of a classifier as noise columns are added: the overfitting gap.

    At each level ``n_noise`` uniform [0, 1] columns are appended to the
    training and the test set (fresh noise from ``random_state``, as in
    :func:`knn_noise_curve`), a fresh copy of ``classifier`` is fitted to the
    training set, and scored on both. ``classifier`` is any scikit-learn
    classifier (cloned, never fitted in place); the default is a logistic
    regression (a linear classifier with one weight per feature and class,
    ``LogisticRegression(max_iter=1000)``, scikit-learn's default strength of
    regularisation), flexible enough to use noise columns to tell training
    images apart. Returns ``{"noise_dims", "train", "test", "gap"}`` as arrays,
    ``gap = train - test``. On the 1,347 training digits the default takes
    about a second for the default levels.
    """
    from sklearn.base import clone, is_classifier
    from sklearn.linear_model import LogisticRegression

    x_train, y_train, x_test, y_test = _check_split(x_train, y_train, x_test, y_test)
    if len(x_train) == 0 or len(x_test) == 0:
        raise ValueError("x_train and x_test must hold at least one sample each.")
    noise_dims = check_int_list(noise_dims, "noise_dims", low=0, example="(0, 64, 256)")
    noise_dims = [check_int(n, "each of noise_dims", low=0, high=100_000) for n in noise_dims]
    if classifier is None:
        classifier = LogisticRegression(max_iter=1000)
    elif not all(hasattr(classifier, a) for a in ("fit", "score", "get_params")) or not is_classifier(classifier):
        raise TypeError(f"classifier must be a scikit-learn classifier such as LogisticRegression() or "
                        f"KNeighborsClassifier(1), got {type(classifier).__name__}.")
    rng = np.random.default_rng(check_random_state(random_state))
    train, test = [], []
    for n_noise in noise_dims:
        noisy_train = add_noise_dimensions(x_train, n_noise, random_state=rng)
        noisy_test = add_noise_dimensions(x_test, n_noise, random_state=rng)
        model = clone(classifier).fit(noisy_train, y_train)
        train.append(model.score(noisy_train, y_train))
        test.append(model.score(noisy_test, y_test))
    train, test = np.array(train), np.array(test)
    return {"noise_dims": np.array(noise_dims), "train": train, "test": test, "gap": train - test}
