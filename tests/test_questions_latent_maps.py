"""Known-right answers pass and typical wrong answers fail, for every question of chapter 04."""

from collections import Counter

import numpy as np
import torch
from questions_helper import question_tests
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE, trustworthiness
from sklearn.neighbors import NearestNeighbors

from latentedu.exercises import latent_maps
from latentedu.exercises.latent_maps import exercise_digits

# --------------------------------------------------------------------------- q1


def _knn_right(points, labels, k):
    d = ((points[:, None] - points[None]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    nearest = np.argsort(d, axis=1)[:, :k]
    return float((np.array([np.bincount(labels[r]).argmax() for r in nearest]) == labels).mean())


def _knn_sklearn(points, labels, k):  # kneighbors() without X leaves each point out of its own list
    _, nearest = NearestNeighbors(n_neighbors=k).fit(points).kneighbors()
    votes = [np.bincount(labels[row]).argmax() for row in nearest]
    return sum(int(v == t) for v, t in zip(votes, labels)) / len(labels)


def _knn_loop(points, labels, k):  # plain loops, a tie settled by min over the most common labels
    hits = 0
    for i in range(len(points)):
        dist = np.linalg.norm(points - points[i], axis=1)
        dist[i] = np.inf
        counts = Counter(labels[np.argsort(dist)[:k]].tolist())
        top = max(counts.values())
        hits += min(label for label, c in counts.items() if c == top) == labels[i]
    return hits / len(points)


def _knn_counts_itself(points, labels, k):  # forgot the diagonal: every point votes for itself
    d = ((points[:, None] - points[None]) ** 2).sum(-1)
    nearest = np.argsort(d, axis=1)[:, :k]
    return float((np.array([np.bincount(labels[r]).argmax() for r in nearest]) == labels).mean())


def _knn_returns_count(points, labels, k):  # the number of hits, not the share
    return _knn_right(points, labels, k) * len(points)


def _knn_tie_nearest(points, labels, k):  # Counter.most_common: a tie goes to the nearest neighbour's label
    d = ((points[:, None] - points[None]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    nearest = np.argsort(d, axis=1)[:, :k]
    return float(np.mean([Counter(labels[r].tolist()).most_common(1)[0][0] == t for r, t in zip(nearest, labels)]))


def _knn_tie_largest(points, labels, k):  # a tie goes to the largest label
    d = ((points[:, None] - points[None]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    nearest = np.argsort(d, axis=1)[:, :k]
    votes = [len(c) - 1 - np.argmax(c[::-1]) for c in (np.bincount(labels[r]) for r in nearest)]
    return float((np.array(votes) == labels).mean())


def _knn_error_rate(points, labels, k):
    return 1.0 - _knn_right(points, labels, k)


# --------------------------------------------------------------------------- q2


def _nearest_right(codes, index, k):
    d = ((codes - codes[index]) ** 2).sum(axis=1)
    d[index] = np.inf
    return np.argsort(d)[:k]


def _nearest_norm_filter(codes, index, k):
    order = np.argsort(np.linalg.norm(codes - codes[index], axis=1))
    return order[order != index][:k]


def _nearest_sklearn(codes, index, k):
    _, idx = NearestNeighbors(n_neighbors=k + 1).fit(codes).kneighbors(codes[index:index + 1])
    return idx[0][1:]


def _nearest_with_itself(codes, index, k):
    return np.argsort(((codes - codes[index]) ** 2).sum(axis=1))[:k]


def _farthest(codes, index, k):
    d = ((codes - codes[index]) ** 2).sum(axis=1)
    d[index] = -np.inf
    return np.argsort(d)[::-1][:k]


def _nearest_reversed(codes, index, k):  # the right neighbours, farthest of them first
    return _nearest_right(codes, index, k)[::-1].copy()


def _nearest_sorted_indices(codes, index, k):  # the right neighbours, sorted by index
    return np.sort(_nearest_right(codes, index, k))


def _nearest_distances(codes, index, k):  # the distances, not the indices
    d = ((codes - codes[index]) ** 2).sum(axis=1)
    d[index] = np.inf
    return np.sort(d)[:k]


# --------------------------------------------------------------------------- q3


def _interp_right(z_a, z_b, n):
    t = torch.linspace(0.0, 1.0, n)[:, None]
    return (1 - t) * z_a + t * z_b


def _interp_lerp(z_a, z_b, n):
    return torch.stack([torch.lerp(z_a, z_b, float(w)) for w in torch.linspace(0, 1, n)])


def _interp_steps(z_a, z_b, n):
    return z_a + torch.arange(n, dtype=torch.float32)[:, None] / (n - 1) * (z_b - z_a)


def _interp_no_end(z_a, z_b, n):
    t = torch.arange(n)[:, None] / n  # stops one step short of z_b
    return (1 - t) * z_a + t * z_b


def _interp_backwards(z_a, z_b, n):
    t = torch.linspace(0.0, 1.0, n)[:, None]
    return t * z_a + (1 - t) * z_b


def _interp_transposed(z_a, z_b, n):
    return _interp_right(z_a, z_b, n).T


def _interp_midpoint_only(z_a, z_b, n):
    return ((z_a + z_b) / 2).repeat(n, 1)


# --------------------------------------------------------------------------- q4


def _trust(k=10, swap=False, n_components=2):
    x, _ = exercise_digits()
    emb = PCA(n_components=n_components).fit_transform(x)
    return float(trustworthiness(emb, x, n_neighbors=k) if swap else trustworthiness(x, emb, n_neighbors=k))


def _trust_numpy_scalar():
    x, _ = exercise_digits()
    return np.float32(trustworthiness(x, PCA(2, svd_solver="full").fit_transform(x), n_neighbors=10))


# --------------------------------------------------------------------------- q6


def _moved_right(decode, z, dim, step, tol):
    moved = z.copy()
    moved[dim] += step
    return int((np.abs(decode(moved) - decode(z)) > tol).sum())


def _moved_onehot(decode, z, dim, step, tol):
    e = np.zeros_like(z)
    e[dim] = step
    return int(np.count_nonzero(np.abs(decode(z + e) - decode(z)) > tol))


def _moved_no_abs(decode, z, dim, step, tol):
    moved = z.copy()
    moved[dim] += step
    return int((decode(moved) - decode(z) > tol).sum())


def _moved_at_least(decode, z, dim, step, tol):
    moved = z.copy()
    moved[dim] += step
    return int((np.abs(decode(moved) - decode(z)) >= tol).sum())


def _moved_all_coordinates(decode, z, dim, step, tol):
    return int((np.abs(decode(z + step) - decode(z)) > tol).sum())


def _moved_share(decode, z, dim, step, tol):
    moved = z.copy()
    moved[dim] += step
    return float((np.abs(decode(moved) - decode(z)) > tol).mean())


def _moved_in_place(decode, z, dim, step, tol):
    before = decode(z)
    z[dim] += step
    return int((np.abs(decode(z) - before) > tol).sum())


def _moved_from_zero(decode, z, dim, step, tol):  # decodes the step alone, not the moved code
    e = np.zeros_like(z)
    e[dim] = step
    return int((np.abs(decode(e) - decode(np.zeros_like(z))) > tol).sum())


# --------------------------------------------------------------------------- q8


def _tsne(perplexity, **kwargs):
    return lambda x: TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=0, **kwargs).fit_transform(x)


def _slow_map(x):
    import time

    time.sleep(5)
    return x[:, :2]


RIGHT = {
    "q1": [lambda: _knn_right, lambda: _knn_sklearn, lambda: _knn_loop],
    "q2": [lambda: _nearest_right, lambda: _nearest_norm_filter, lambda: _nearest_sklearn],
    "q3": [lambda: _interp_right, lambda: _interp_lerp, lambda: _interp_steps],
    "q4": [lambda: _trust(), lambda: _trust_numpy_scalar(), lambda: round(_trust(), 3)],
    "q5": [lambda: "c", lambda: "(c)", lambda: " C. "],
    "q6": [lambda: _moved_right, lambda: _moved_onehot, lambda: (lambda d, z, i, s, t: np.sum(
        np.abs(d(np.where(np.arange(len(z)) == i, z + s, z)) - d(z)) > t))],
    "q7": [lambda: {"digits": "tsne", "flat sheet": "pca"}, lambda: {"flat sheet": "PCA", "digits": "t-SNE"},
           lambda: {"digits": "TSNE", "flat sheet": " pca "}],
    "q8": [lambda: _tsne(30),
           lambda: (lambda x: TSNE(perplexity=40, random_state=1).fit_transform(x).astype(np.float32))],
}
WRONG = {
    "q1": [lambda: _knn_counts_itself, lambda: _knn_returns_count, (lambda: _knn_tie_nearest, "ties"),
           (lambda: _knn_tie_largest, "ties"), lambda: _knn_error_rate],
    "q2": [(lambda: _nearest_with_itself, "itself"), lambda: _farthest, lambda: (lambda c, i, k: list(range(k))),
           (lambda: _nearest_reversed, "wrong order"), (lambda: _nearest_sorted_indices, "wrong order"),
           (lambda: _nearest_distances, "integer")],
    "q3": [lambda: _interp_no_end, lambda: _interp_backwards,
           (lambda: (lambda a, b, n: _interp_right(a, b, n).numpy()), "torch"), (lambda: _interp_transposed, "shape"),
           lambda: _interp_midpoint_only],
    "q4": [(lambda: _trust(k=5), "too"), lambda: _trust(swap=True), lambda: "0.9", lambda: _trust(n_components=3),
           (lambda: None, "None")],
    "q5": [lambda: "a", lambda: "b", lambda: "d", lambda: 3, lambda: "c and d"],
    "q6": [lambda: _moved_no_abs, lambda: (_moved_at_least, "exactly the tolerance"), lambda: _moved_all_coordinates,
           lambda: _moved_share, (lambda: _moved_in_place, "in place"), lambda: _moved_from_zero],
    "q7": [(lambda: {"digits": "pca", "flat sheet": "pca"}, "t-SNE kept more"),
           (lambda: {"digits": "tsne", "flat sheet": "tsne"}, "PCA kept more"),
           (lambda: {"digits": "pca", "flat sheet": "tsne"}, "both"), lambda: "tsne", lambda: {"digits": "tsne"},
           lambda: {"digits": "umap", "flat sheet": "pca"}],
    "q8": [(lambda: _tsne(5), "trustworthiness"), lambda: (lambda x: PCA(n_components=2).fit_transform(x)),
           lambda: (lambda x: x[:, :2]), (lambda: (lambda x: x[:, 0]), "shape"),
           # rows of the map sorted, so they no longer line up with the points they stand for
           # (an early-stopped t-SNE was here before: with scikit-learn 1.6.0 it passed the target)
           lambda: (lambda x: np.sort(_tsne(30)(x), axis=0))]
}
# q8's map is an array, not a list: the list probes do not apply (and each would cost a t-SNE run)
EXEMPT = {"q8": {probe: "the answer returns an array (a map), not a list"
                 for probe in ("as set", "as tensor", "as numpy", "reversed")}
}

test_right, test_wrong, test_covered = question_tests(latent_maps, RIGHT, WRONG, exempt=EXEMPT)


def test_q1_tie_case_tells_the_tie_rules_apart():
    points, labels = latent_maps._tie_case()
    scores = {f.__name__: f(points, labels, 2) for f in (_knn_right, _knn_tie_nearest, _knn_tie_largest)}
    assert len(set(scores.values())) == 3, scores


def test_q2_wrong_order_is_named_as_such():
    message = latent_maps.q2.check(_nearest_reversed).message
    assert "wrong order" in message and "nearest first" in message and "difference" not in message


def test_q6_messages_and_cases():
    # the subset decoder moves one pixel; a dense one moves nearly all: the point of the question
    subset = latent_maps._Q6_CASES[0].args
    assert latent_maps._pixels_moved(*subset) == 1
    assert latent_maps._pixels_moved(*latent_maps._Q6_CASES[1].args) >= 12
    assert "in place" in latent_maps.q6.check(_moved_in_place).message


def test_q8_a_slow_map_gets_a_helpful_message(monkeypatch):
    monkeypatch.setattr(latent_maps, "_Q8_TIME", 0.5)
    message = latent_maps.q8.check(_slow_map).message
    assert "took more than" in message and "perplexity" in message


def test_q7_explains_a_wrong_prediction():
    message = latent_maps.q7.check({"digits": "pca", "flat sheet": "pca"}).message
    assert "t-SNE kept more neighbours" in message and "curved" in message
    right = latent_maps.q7.check({"digits": "tsne", "flat sheet": "pca"})
    assert "flat" in right.message


