"""Known-right answers pass and typical wrong answers fail, for every question of chapter 04."""

import numpy as np
import torch
from questions_helper import question_tests
from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness

from latentedu.exercises import latent_maps
from latentedu.exercises.latent_maps import exercise_digits


def _knn_right(points, labels, k):
    d = ((points[:, None] - points[None]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    nearest = np.argsort(d, axis=1)[:, :k]
    return float((np.array([np.bincount(labels[r]).argmax() for r in nearest]) == labels).mean())


def _knn_counts_itself(points, labels, k):  # forgot the diagonal: every point votes for itself
    d = ((points[:, None] - points[None]) ** 2).sum(-1)
    nearest = np.argsort(d, axis=1)[:, :k]
    return float((np.array([np.bincount(labels[r]).argmax() for r in nearest]) == labels).mean())


def _knn_returns_count(points, labels, k):  # the number of hits, not the share
    return _knn_right(points, labels, k) * len(points)


def _nearest_right(codes, index, k):
    d = ((codes - codes[index]) ** 2).sum(axis=1)
    d[index] = np.inf
    return np.argsort(d)[:k]


def _nearest_with_itself(codes, index, k):
    return np.argsort(((codes - codes[index]) ** 2).sum(axis=1))[:k]


def _farthest(codes, index, k):
    d = ((codes - codes[index]) ** 2).sum(axis=1)
    d[index] = -np.inf
    return np.argsort(d)[::-1][:k]


def _interp_right(z_a, z_b, n):
    t = torch.linspace(0.0, 1.0, n)[:, None]
    return (1 - t) * z_a + t * z_b


def _interp_no_end(z_a, z_b, n):
    t = torch.arange(n)[:, None] / n  # stops one step short of z_b
    return (1 - t) * z_a + t * z_b


def _interp_backwards(z_a, z_b, n):
    t = torch.linspace(0.0, 1.0, n)[:, None]
    return t * z_a + (1 - t) * z_b


def _trust(k=10, swap=False):
    x, _ = exercise_digits()
    emb = PCA(n_components=2).fit_transform(x)
    return float(trustworthiness(emb, x, n_neighbors=k) if swap else trustworthiness(x, emb, n_neighbors=k))


RIGHT = {
    "q1": lambda: _knn_right,
    "q2": lambda: _nearest_right,
    "q3": lambda: _interp_right,
    "q4": lambda: _trust(),
    "q5": lambda: "c",
}
WRONG = {
    "q1": [lambda: _knn_counts_itself, lambda: _knn_returns_count],
    "q2": [lambda: _nearest_with_itself, lambda: _farthest, lambda: (lambda c, i, k: list(range(k)))],
    "q3": [lambda: _interp_no_end, lambda: _interp_backwards,
           lambda: (lambda a, b, n: _interp_right(a, b, n).numpy())],
    "q4": [lambda: _trust(k=5), lambda: _trust(swap=True), lambda: "0.9"],
    "q5": [lambda: "a", lambda: "b", lambda: "d", lambda: 3],
}

test_right, test_wrong, test_covered = question_tests(latent_maps, RIGHT, WRONG)


def test_q5_accepts_spaces_and_capitals():
    assert latent_maps.q5.check(" C ").outcome.value == "correct"
