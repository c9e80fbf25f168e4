"""High-dimensional spaces and the curse of dimensionality, measured.

Used by ``notebooks/00_latent_space.ipynb`` (and its exercises). The story:
a digit is a point in a 64-D space of pixels; in many dimensions volume
hides in the corners, data gets sparse, distances between random points
become nearly equal, and irrelevant features drown a nearest-neighbour
classifier. A learned 2-D map of the digits then shows properties nobody
labelled (slant, amount of ink) as directions.

Compute functions are pure and return numbers or arrays; ``plot_*(ax, ...)``
functions draw on the axes they are given and return them; the widget views
live in :mod:`latentedu.widgets.dimensions`.
"""

from __future__ import annotations

import math
from typing import NamedTuple, Sequence

import numpy as np

from ._validation import as_array, check_choice, check_int, check_number
from .plotting import CLASS_COLORS, REAL

__all__ = [
    "DIMENSIONS",
    "DISTRIBUTIONS",
    "Concentration",
    "NoiseCurve",
    "add_noise_dimensions",
    "ball_to_cube_ratio",
    "ball_volume",
    "best_direction",
    "cells_to_cover",
    "correlation",
    "distance_concentration",
    "distance_samples",
    "edge_for_fraction",
    "fraction_in_ball",
    "ink",
    "knn_noise_curve",
    "nearest_farthest_ratio",
    "pairwise_distances",
    "plot_ball_cube",
    "plot_concentration_curve",
    "plot_distance_histogram",
    "plot_knn_noise",
    "plot_property_map",
    "projection_correlation",
    "relative_contrast",
    "sample_points",
    "slant",
]

DIMENSIONS = (1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000)  # the dimension slider's stops
DISTRIBUTIONS = ("uniform", "gaussian")  # uniform in the unit cube [0, 1]^d, or standard normal


# --------------------------------------------------------------------------- random points and distances

def sample_points(n_points: int, dim: int, distribution: str = "uniform", random_state=None) -> np.ndarray:
    """``n_points`` random points in ``dim`` dimensions: shape (n_points, dim), float64.

    ``distribution`` is "uniform" (each coordinate uniform in [0, 1], i.e. the
    unit cube) or "gaussian" (each coordinate standard normal).
    """
    n_points = check_int(n_points, "n_points", low=1, high=10_000_000)
    dim = check_int(dim, "dim", low=1, high=1_000_000)
    check_choice(distribution, "distribution", DISTRIBUTIONS)
    rng = np.random.default_rng(random_state)
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
    dims = [check_int(d, "each dimension", low=1, high=100_000) for d in dims]
    if not dims:
        raise ValueError("dims is empty; pass at least one dimension, e.g. dims=(1, 10, 100).")
    n_points = check_int(n_points, "n_points", low=3, high=5000)
    n_bins = check_int(n_bins, "n_bins", low=1, high=10_000)
    max_ratio = check_number(max_ratio, "max_ratio", low=0.0, low_inclusive=False)
    rng = np.random.default_rng(random_state)
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


# --------------------------------------------------------------------------- volume and sparsity

def ball_volume(dim: int, radius: float = 1.0) -> float:
    """Volume of the ``dim``-dimensional ball: ``pi^(d/2) r^d / Gamma(d/2 + 1)``.

    Computed through ``math.lgamma`` so it stays finite where ``math.gamma``
    alone would overflow (d > 340); it underflows to 0.0 for huge ``dim``.
    """
    dim = check_int(dim, "dim", low=1, high=10_000_000)
    radius = check_number(radius, "radius", low=0.0)
    if radius == 0:
        return 0.0
    log_volume = dim / 2 * math.log(math.pi) + dim * math.log(radius) - math.lgamma(dim / 2 + 1)
    return math.exp(log_volume) if log_volume < 700 else math.inf


def ball_to_cube_ratio(dim: int) -> float:
    """Share of the cube [-1, 1]^d taken by the unit ball inside it: ``ball_volume(d) / 2^d``.

    1 in 1-D, pi/4 in 2-D, pi/6 in 3-D, and about 0.0025 in 10-D: almost
    all of a high-dimensional cube lies in its corners.
    """
    dim = check_int(dim, "dim", low=1, high=10_000_000)
    log_ratio = dim / 2 * math.log(math.pi) - math.lgamma(dim / 2 + 1) - dim * math.log(2.0)
    return math.exp(log_ratio)


def fraction_in_ball(dim: int, n_samples: int = 100_000, random_state=None, chunk: int = 20_000) -> float:
    """Monte Carlo estimate of :func:`ball_to_cube_ratio`: the share of uniform points of
    [-1, 1]^d whose distance from the centre is at most 1 (drawn in chunks to bound memory)."""
    dim = check_int(dim, "dim", low=1, high=100_000)
    n_samples = check_int(n_samples, "n_samples", low=1, high=100_000_000)
    chunk = check_int(chunk, "chunk", low=1)
    rng = np.random.default_rng(random_state)
    inside = 0
    for start in range(0, n_samples, chunk):
        size = min(chunk, n_samples - start)
        points = rng.uniform(-1.0, 1.0, size=(size, dim))
        inside += int(((points ** 2).sum(1) <= 1.0).sum())
    return inside / n_samples


def cells_to_cover(dim: int, per_axis: int = 10) -> int:
    """Number of cells in a grid with ``per_axis`` cells along each of ``dim`` axes: ``per_axis ** dim``.

    A data set needs about this many points to put one in every cell; the
    result is an exact Python integer, however large.
    """
    dim = check_int(dim, "dim", low=1, high=100_000)
    per_axis = check_int(per_axis, "per_axis", low=1)
    return per_axis ** dim


def edge_for_fraction(fraction: float, dim: int) -> float:
    """Edge of the sub-cube of the unit cube that holds ``fraction`` of uniform data: ``fraction ** (1/d)``.

    In 1-D, 1% of the data sits in 1% of the range; in 100-D the cube that
    holds 1% of it must span about 95% of every axis, so a "neighbourhood"
    is no longer local (Hastie, Tibshirani & Friedman, *The Elements of
    Statistical Learning*, section 2.5).
    """
    fraction = check_number(fraction, "fraction", low=0.0, high=1.0, low_inclusive=False)
    dim = check_int(dim, "dim", low=1, high=10_000_000)
    return fraction ** (1.0 / dim)


# --------------------------------------------------------------------------- irrelevant features

def add_noise_dimensions(x, n_noise: int, random_state=None) -> np.ndarray:
    """``x`` with ``n_noise`` extra columns of uniform [0, 1] noise (the pixels' own range)."""
    x = as_array(x, "x", ndim=2)
    n_noise = check_int(n_noise, "n_noise", low=0, high=1_000_000)
    rng = np.random.default_rng(random_state)
    return np.hstack([x, rng.uniform(0.0, 1.0, size=(len(x), n_noise))])


class NoiseCurve(NamedTuple):
    """kNN test accuracy as irrelevant noise features are added (see :func:`knn_noise_curve`)."""

    noise_dims: np.ndarray  # (n_levels,) number of noise columns added
    accuracy: np.ndarray    # (n_levels,) test accuracy
    neighbours: np.ndarray  # (n_levels, n_queries, k) training indices of the first test points' neighbours


def knn_noise_curve(x_train, y_train, x_test, y_test, noise_dims: Sequence[int] = (0, 16, 64, 256, 1024),
                    k: int = 5, n_queries: int = 8, random_state=0) -> NoiseCurve:
    """Test accuracy of a ``k``-nearest-neighbour classifier after adding noise columns.

    Each level draws fresh uniform [0, 1] noise for the training and the test
    set; the labels never depend on it, so the noise is pure distraction.
    ``neighbours`` keeps the training indices of the ``k`` neighbours of the
    first ``n_queries`` test points, for the widget. With 1,347 training digits
    and up to 1,024 noise columns it takes about a second.
    """
    from sklearn.neighbors import KNeighborsClassifier

    x_train = as_array(x_train, "x_train", ndim=2)
    x_test = as_array(x_test, "x_test", ndim=2, n_features=x_train.shape[1])
    y_train = as_array(y_train, "y_train", ndim=1, dtype=np.int64)
    y_test = as_array(y_test, "y_test", ndim=1, dtype=np.int64)
    if len(y_train) != len(x_train) or len(y_test) != len(x_test):
        raise ValueError(f"Need one label per sample: x_train has {len(x_train)} rows and y_train "
                         f"{len(y_train)} labels; x_test has {len(x_test)} rows and y_test {len(y_test)}.")
    k = check_int(k, "k", low=1, high=len(x_train))
    n_queries = check_int(n_queries, "n_queries", low=0, high=len(x_test))
    noise_dims = [check_int(n, "each noise level", low=0, high=100_000) for n in noise_dims]
    rng = np.random.default_rng(random_state)
    accuracy, neighbours = [], []
    for n_noise in noise_dims:
        train = add_noise_dimensions(x_train, n_noise, random_state=rng)
        test = add_noise_dimensions(x_test, n_noise, random_state=rng)
        model = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(train, y_train)
        accuracy.append(model.score(test, y_test))
        neighbours.append(model.kneighbors(test[:n_queries], return_distance=False))
    return NoiseCurve(np.array(noise_dims), np.array(accuracy),
                      np.array(neighbours, dtype=np.int64).reshape(len(noise_dims), n_queries, k))


# --------------------------------------------------------------------------- properties nobody labelled

def _images(images, name: str = "images") -> np.ndarray:
    """(n, side, side) float array from (n, side*side) rows or (n, side, side) images."""
    arr = as_array(images, name)
    if arr.ndim == 2:
        side = int(round(math.sqrt(arr.shape[1])))
        if side * side != arr.shape[1]:
            raise ValueError(f"Each row of {name} must be a square image, but it has {arr.shape[1]} pixels.")
        arr = arr.reshape(len(arr), side, side)
    if arr.ndim != 3:
        raise ValueError(f"Expected {name} of shape (n, pixels) or (n, height, width), got shape {arr.shape}.")
    return arr


def ink(images) -> np.ndarray:
    """Amount of ink of each image: its mean pixel intensity, shape (n,).

    Thick strokes light up more pixels, so this is a simple measure of stroke
    thickness (for 8x8 digits it also grows with the digit's size).
    """
    return _images(images).mean(axis=(1, 2))


def slant(images) -> np.ndarray:
    """Slant of each image from its second-order image moments, shape (n,).

    With the ink as a weight, ``slant = -cov(column, row) / var(row)``: how many
    columns the stroke moves to the right per row it goes up. Positive means
    leaning right (like /), negative leaning left (like \\). An image with all
    its ink in one row has slant 0.
    """
    arr = _images(images)
    mass = arr.sum(axis=(1, 2))
    if (mass <= 0).any():
        blank = int(np.flatnonzero(mass <= 0)[0])
        raise ValueError(f"Image {blank} has no ink (all pixels 0 or below), so its slant is undefined. "
                         "Leave blank images out.")
    rows = np.arange(arr.shape[1], dtype=np.float64)[None, :, None]
    cols = np.arange(arr.shape[2], dtype=np.float64)[None, None, :]
    row_mean = (arr * rows).sum(axis=(1, 2)) / mass
    col_mean = (arr * cols).sum(axis=(1, 2)) / mass
    d_row = rows - row_mean[:, None, None]
    d_col = cols - col_mean[:, None, None]
    cov = (arr * d_row * d_col).sum(axis=(1, 2)) / mass
    var_row = (arr * d_row ** 2).sum(axis=(1, 2)) / mass
    safe = np.where(var_row > 0, var_row, 1.0)
    return np.where(var_row > 0, -cov / safe, 0.0)


def correlation(a, b) -> float:
    """Pearson correlation of two equally long 1-D arrays."""
    a = as_array(a, "a", ndim=1)
    b = as_array(b, "b", ndim=1)
    if len(a) != len(b):
        raise ValueError(f"a and b must have the same length, got {len(a)} and {len(b)}.")
    if len(a) < 2 or a.std() == 0 or b.std() == 0:
        raise ValueError("A correlation needs at least 2 values that are not all equal in each array.")
    return float(np.corrcoef(a, b)[0, 1])


def best_direction(z, prop) -> np.ndarray:
    """The unit direction ``w`` in the latent space along which ``z @ w`` best tracks ``prop``.

    It is the least-squares fit ``prop ~ z @ beta + c`` with ``w = beta / |beta|``
    (ordinary linear regression); the correlation of ``prop`` with ``z @ w`` is
    then the largest any direction reaches on this data. Shape (latent_dim,).
    """
    z = as_array(z, "z", ndim=2)
    prop = as_array(prop, "prop", ndim=1)
    if len(z) != len(prop):
        raise ValueError(f"z has {len(z)} rows but prop has {len(prop)} values; pass one value per row.")
    if len(z) <= z.shape[1] + 1:
        raise ValueError(f"Need more samples ({len(z)}) than latent dimensions + 1 ({z.shape[1] + 1}) to fit a direction.")
    design = np.hstack([z, np.ones((len(z), 1))])
    coef, *_ = np.linalg.lstsq(design, prop, rcond=None)
    beta = coef[:-1]
    norm = np.linalg.norm(beta)
    if norm == 0:
        raise ValueError("prop does not vary linearly with z at all, so no direction tracks it.")
    return beta / norm


def projection_correlation(z, prop, direction) -> float:
    """Correlation of ``prop`` with the coordinate ``z @ direction`` (fit the direction on other data
    with :func:`best_direction` to get an honest, held-out number)."""
    z = as_array(z, "z", ndim=2)
    direction = as_array(direction, "direction", ndim=1)
    if len(direction) != z.shape[1]:
        raise ValueError(f"direction has {len(direction)} entries but z has {z.shape[1]} columns.")
    return correlation(z @ direction, prop)


# --------------------------------------------------------------------------- drawing

def plot_distance_histogram(ax, bin_edges, density, *, label: str | None = None, color=None, fill: bool = True):
    """Histogram of distance / mean distance (one row of :class:`Concentration`'s ``density``)."""
    bin_edges = as_array(bin_edges, "bin_edges", ndim=1)
    density = as_array(density, "density", ndim=1)
    if len(bin_edges) != len(density) + 1:
        raise ValueError(f"bin_edges needs one more value than density; got {len(bin_edges)} and {len(density)}.")
    ax.stairs(density, bin_edges, fill=fill, alpha=0.6 if fill else 1.0, color=color or REAL, label=label)
    ax.axvline(1.0, color="k", lw=0.8, ls=":")
    ax.set_xlim(bin_edges[0], bin_edges[-1])
    ax.set_xlabel("distance / mean distance")
    ax.set_ylabel("density")
    if label:
        ax.legend(frameon=False, fontsize=8)
    return ax


def plot_concentration_curve(ax, dims, values, *, label: str | None = None, ylabel: str = "nearest / farthest",
                             highlight: int | None = None, color=None):
    """A summary of the distances against the dimension; ``highlight`` circles one dimension.

    The dimensions are drawn evenly spaced and labelled with their values (the
    slider's stops, roughly logarithmic), which also keeps redrawing cheap.
    """
    dims = as_array(dims, "dims", ndim=1)
    values = as_array(values, "values", ndim=1)
    if len(dims) != len(values):
        raise ValueError(f"dims and values must have the same length, got {len(dims)} and {len(values)}.")
    steps = np.arange(len(dims))
    line, = ax.plot(steps, values, marker="o", ms=3, label=label, color=color)
    if highlight is not None:
        i = int(np.argmin(np.abs(dims - highlight)))
        ax.plot(steps[i], values[i], "o", ms=9, mfc="none", mec=line.get_color(), mew=2)
    ax.set_xticks(steps, [f"{d:g}" for d in dims], fontsize=8)
    ax.set_xlabel("dimension d")
    ax.set_ylabel(ylabel)
    if label:
        ax.legend(frameon=False, fontsize=8, loc="lower right")
    return ax


def plot_ball_cube(ax, dims, ratios, *, estimates=None):
    """Share of the cube inside the ball against the dimension (log y); ``estimates`` adds Monte Carlo dots."""
    dims = as_array(dims, "dims", ndim=1)
    ratios = as_array(ratios, "ratios", ndim=1)
    ax.semilogy(dims, ratios, marker="o", ms=3, color=REAL, label="formula")
    if estimates is not None:
        estimates = as_array(estimates, "estimates", ndim=1)
        shown = estimates > 0
        ax.semilogy(dims[shown], estimates[shown], "x", color=CLASS_COLORS[1], ms=8, label="random points")
    ax.set_xlabel("dimension d")
    ax.set_ylabel("ball volume / cube volume")
    ax.legend(frameon=False, fontsize=8)
    return ax


def plot_knn_noise(ax, noise_dims, accuracy, *, chance: float | None = 0.1, highlight: int | None = None):
    """kNN test accuracy against the number of noise features added (levels evenly spaced, labelled)."""
    noise_dims = as_array(noise_dims, "noise_dims", ndim=1)
    accuracy = as_array(accuracy, "accuracy", ndim=1)
    if len(noise_dims) != len(accuracy):
        raise ValueError(f"noise_dims and accuracy must have the same length, got {len(noise_dims)} "
                         f"and {len(accuracy)}.")
    steps = np.arange(len(noise_dims))
    ax.plot(steps, accuracy, marker="o", color=REAL)
    if highlight is not None:
        i = int(np.argmin(np.abs(noise_dims - highlight)))
        ax.plot(steps[i], accuracy[i], "o", ms=11, mfc="none", mec=CLASS_COLORS[3], mew=2)
    if chance is not None:
        ax.axhline(chance, color="k", lw=0.8, ls=":", label="chance")
        ax.legend(frameon=False, fontsize=8, loc="lower left")
    ax.set_xticks(steps, [f"{n:g}" for n in noise_dims], fontsize=8)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("noise features added to the 64 pixels")
    ax.set_ylabel("test accuracy")
    return ax


def plot_property_map(ax, z, prop, *, direction=None, label: str = "property", cmap: str = "viridis",
                      size: float = 10, colorbar: bool = True):
    """Scatter 2-D codes ``z`` coloured by ``prop``; ``direction`` draws an arrow from the centre."""
    z = as_array(z, "z", ndim=2, n_features=2)
    prop = as_array(prop, "prop", ndim=1)
    if len(prop) != len(z):
        raise ValueError(f"prop has {len(prop)} values but z has {len(z)} points; pass one value per point.")
    lo, hi = np.percentile(prop, [2, 98])
    points = ax.scatter(z[:, 0], z[:, 1], c=prop, s=size, cmap=cmap, vmin=lo, vmax=hi, linewidths=0)
    if colorbar:
        ax.figure.colorbar(points, ax=ax, label=label, shrink=0.8)
    if direction is not None:
        direction = as_array(direction, "direction", ndim=1)
        centre = z.mean(0)
        length = 0.4 * np.ptp(z @ direction)
        ax.annotate("", xy=centre + length * direction, xytext=centre - length * direction,
                    arrowprops={"arrowstyle": "->", "lw": 2.5, "color": "crimson"})
    ax.set_xlabel("latent 1")
    ax.set_ylabel("latent 2")
    return ax
