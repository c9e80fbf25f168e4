"""The controlled example of what a t-SNE picture hides: clusters whose true sizes and distances are known."""

from __future__ import annotations

import numpy as np

from .._validation import as_array, as_labels, check_int, check_random_state, check_same_length
from ..dimensions import pairwise_distances
from .maps import _check_points

__all__ = ["centroid_distances", "cluster_spread", "make_uneven_blobs"]


def make_uneven_blobs(n_per_blob: int = 100, random_state: int = 0):
    """Three 2-D Gaussian blobs whose true sizes and distances differ a lot.

    Blob 0 is tight (std 0.1) and blob 1 is wide (std 1.5), with their centres
    6 apart; blob 2 (std 0.5) lies 40 away. Returns ``(x, labels)`` as numpy
    arrays. t-SNE tends to draw them as blobs of similar size at similar
    distances: the controlled example of what its picture cannot tell you.
    """
    n_per_blob = check_int(n_per_blob, "n_per_blob", low=5, high=10_000)
    rng = np.random.default_rng(check_random_state(random_state))
    centers = np.array([[0.0, 0.0], [6.0, 0.0], [40.0, 0.0]])
    stds = np.array([0.1, 1.5, 0.5])
    x = np.concatenate([c + s * rng.standard_normal((n_per_blob, 2)) for c, s in zip(centers, stds)])
    labels = np.repeat(np.arange(3), n_per_blob)
    return x, labels


def _clusters(points, labels):
    points = _check_points(points, "points", min_samples=2)
    labels = as_labels(labels, "labels")
    check_same_length(points=points, labels=labels)
    return points, labels, np.unique(labels)


def cluster_spread(points, labels) -> np.ndarray:
    """Each cluster's spread: root-mean-square distance of its points to their centroid (sorted labels)."""
    points, labels, groups = _clusters(points, labels)
    return np.array([np.sqrt(((points[labels == g] - points[labels == g].mean(0)) ** 2).sum(1).mean())
                     for g in groups])


def centroid_distances(points, labels) -> np.ndarray:
    """Distances between cluster centroids: a (n_clusters, n_clusters) matrix in sorted label order."""
    points, labels, groups = _clusters(points, labels)
    centroids = np.stack([points[labels == g].mean(0) for g in groups])
    return pairwise_distances(centroids)
