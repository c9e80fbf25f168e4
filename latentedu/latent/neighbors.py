"""Walking through a space: a point's nearest neighbors, and the straight line between two points."""

from __future__ import annotations

import numpy as np

from .._validation import as_array, check_index, check_int
from ..dimensions import pairwise_distances
from .maps import _check_points

__all__ = ["latent_path", "linear_path", "nearest_distance", "nearest_neighbors"]


def nearest_neighbors(points, index: int, k: int = 5) -> np.ndarray:
    """Indices of the ``k`` points nearest to ``points[index]`` (itself excluded), nearest first."""
    points = _check_points(points, "points", min_samples=2)
    index = check_index(index, len(points), "index")
    k = check_int(k, "k", low=1, high=len(points) - 1)
    d = ((points - points[index]) ** 2).sum(axis=1)
    d[index] = np.inf
    return np.argsort(d, kind="stable")[:k]


def nearest_distance(queries, reference) -> np.ndarray:
    """For each row of ``queries``, the Euclidean distance to its nearest row of ``reference``."""
    queries = _check_points(queries, "queries")
    reference = _check_points(reference, "reference")
    if queries.shape[1] != reference.shape[1]:
        raise ValueError(f"queries have {queries.shape[1]} features but reference has "
                         f"{reference.shape[1]}; compare points of the same space.")
    return pairwise_distances(queries, reference).min(axis=1)


# --------------------------------------------------------------------------- paths

def linear_path(a, b, num_steps: int = 8) -> np.ndarray:
    """``num_steps`` evenly spaced points on the straight line from ``a`` to ``b``, both ends included."""
    a = as_array(a, "a", ndim=1)
    b = as_array(b, "b", ndim=1)
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same length, got {len(a)} and {len(b)}.")
    num_steps = check_int(num_steps, "num_steps", low=2, high=1000)
    t = np.linspace(0.0, 1.0, num_steps)[:, None]
    return (1.0 - t) * a[None, :] + t * b[None, :]


def latent_path(model, x_a, x_b, num_steps: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Walk a straight line between the codes of images ``x_a`` and ``x_b``.

    ``model`` is an :class:`~latentedu.autoencoders.Autoencoder` or a
    :class:`~latentedu.vae.VAE` (whose code is the encoder's mean). Returns
    ``(codes, frames)``: the ``num_steps`` codes on the line and the images the
    decoder makes from them. Compare with ``linear_path(x_a, x_b)``, the
    straight line in pixel space (a cross-fade of the two images).
    """
    from ..vae import codes as encode, decode_codes  # imported here: the vae package uses this module
    from ..vae.sampling import _check_model

    _check_model(model)
    x_a = as_array(x_a, "x_a", ndim=1, n_features=model.n_features)
    x_b = as_array(x_b, "x_b", ndim=1, n_features=model.n_features)
    z = encode(model, np.stack([x_a, x_b]))  # (2, latent_dim)
    path = linear_path(z[0], z[1], num_steps)  # (num_steps, latent_dim)
    return path, decode_codes(model, path).astype(np.float64)
