"""Questions for the chapter "Visualising and exploring latent space" (exercises/04_latent_maps.ipynb).

Every check builds its own data here (seeded), so it never depends on the
state of the learner's notebook.
"""

from __future__ import annotations

import numpy as np

from .engine import Case, Incorrect, Question, call_learner, expect_array, expect_number, function_check

CHAPTER = "latent_maps"

__all__ = ["exercise_digits", "q1", "q2", "q3", "q4", "q5"]


def exercise_digits(n: int = 200):
    """The first ``n`` of scikit-learn's 8x8 digits, pixels scaled to [0, 1]: ``(x, labels)`` as numpy arrays."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return (bunch.data[:n] / 16.0), bunch.target[:n].copy()


# --------------------------------------------------------------------------- q1: kNN accuracy

def _knn_accuracy(points, labels, k):
    d = ((points[:, None, :] - points[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    nearest = np.argsort(d, axis=1, kind="stable")[:, :k]
    votes = np.array([np.bincount(labels[row], minlength=labels.max() + 1).argmax() for row in nearest])
    return float((votes == labels).mean())


def _blobs_case(seed, n, spread):
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 3
    centres = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 3.0]])
    return centres[labels] + spread * rng.standard_normal((n, 2)), labels


_Q1_CASES = [Case((*_blobs_case(1, 30, 1.0), 1), about="30 points in 3 overlapping groups, k=1"),
             Case((*_blobs_case(2, 60, 1.2), 5), about="60 points in 3 overlapping groups, k=5"),
             Case((*_blobs_case(3, 45, 0.1), 3), about="45 points in 3 tight groups, k=3")]

q1 = Question(
    "q1", "kNN accuracy of a map",
    """Write `knn_accuracy(points, labels, k)`: for every point, find its `k` nearest **other** points
(Euclidean distance), take the label most of them carry (a tie goes to the smallest label, as
`np.bincount(...).argmax()` does), and return the share of points whose vote equals their own label,
as a Python float. This is the kNN accuracy printed beside every map in the lesson.""",
    check=function_check(_knn_accuracy, _Q1_CASES, kind="any"),
    hints=["Build the (n, n) matrix of squared distances with broadcasting: "
           "`((points[:, None] - points[None]) ** 2).sum(-1)`.",
           "A point is its own nearest neighbour (distance 0). Put `np.inf` on the diagonal "
           "(`np.fill_diagonal(d, np.inf)`) before you sort.",
           "`np.argsort(d, axis=1)[:, :k]` gives each point's neighbours; then "
           "`np.bincount(labels[row]).argmax()` is the vote of one row."],
    starter="""import numpy as np

def knn_accuracy(points, labels, k):
    d = ((points[:, None, :] - points[None, :, :]) ** 2).sum(-1)
    ____                                   # keep each point from voting for itself
    nearest = np.argsort(d, axis=1)[:, :k]
    votes = np.array([np.bincount(labels[row]).argmax() for row in nearest])
    return float(____)

q1.check(knn_accuracy)""",
    solution="""import numpy as np

def knn_accuracy(points, labels, k):
    d = ((points[:, None, :] - points[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)            # keep each point from voting for itself
    nearest = np.argsort(d, axis=1)[:, :k]
    votes = np.array([np.bincount(labels[row]).argmax() for row in nearest])
    return float((votes == labels).mean())

q1.check(knn_accuracy)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q2: nearest neighbours

def _nearest(points, index, k):
    d = ((points - points[index]) ** 2).sum(axis=1)
    d[index] = np.inf
    return np.argsort(d, kind="stable")[:k]


def _codes_case(seed, n, dim):
    return np.random.default_rng(seed).standard_normal((n, dim))


_Q2_CASES = [Case((_codes_case(4, 50, 8), 0, 5), about="50 codes of 8 numbers, point 0, k=5"),
             Case((_codes_case(5, 80, 3), 41, 3), about="80 codes of 3 numbers, point 41, k=3"),
             Case((_codes_case(6, 20, 16), 19, 1), about="20 codes of 16 numbers, point 19, k=1")]


def _check_q2(answer):
    for case in _Q2_CASES:
        got = call_learner(answer, *case.args)
        got = np.asarray(got.detach().numpy() if hasattr(got, "detach") else got)
        if got.ndim != 1:
            raise Incorrect(f"Your function should return a 1-D array of indices{case.describe()}; "
                            f"it returned shape {got.shape}.")
        if got.size and not np.issubdtype(got.dtype, np.integer):
            raise Incorrect(f"Your function should return integer indices{case.describe()}, "
                            f"not values of dtype {got.dtype}.")
        if case.args[1] in got.tolist():
            raise Incorrect(f"The point itself is among the neighbours{case.describe()}: leave it out.")
        expect_array(got.astype(np.int64), _nearest(*case.args).astype(np.int64), kind="numpy",
                     name=f"The indices (nearest first){case.describe()}")


q2 = Question(
    "q2", "Nearest neighbours in latent space",
    """Write `nearest(codes, index, k)` that returns the indices of the `k` codes nearest to
`codes[index]` (Euclidean distance), **nearest first**, leaving out `index` itself. It is what the
explorer uses to list a digit's neighbours in code space.""",
    check=_check_q2,
    hints=["Distances from one code to all: `((codes - codes[index]) ** 2).sum(axis=1)` "
           "(the square root does not change the order).",
           "The point is at distance 0 from itself: set `d[index] = np.inf` before sorting.",
           "`np.argsort(d)[:k]` are the indices of the k smallest distances, nearest first."],
    starter="""import numpy as np

def nearest(codes, index, k):
    d = ((codes - codes[index]) ** 2).sum(axis=1)
    d[index] = ____
    return np.argsort(d)[____]

q2.check(nearest)""",
    solution="""import numpy as np

def nearest(codes, index, k):
    d = ((codes - codes[index]) ** 2).sum(axis=1)
    d[index] = np.inf
    return np.argsort(d)[:k]

q2.check(nearest)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q3: interpolation of codes

def _interpolate(z_a, z_b, num_steps):
    import torch

    t = torch.linspace(0.0, 1.0, num_steps)[:, None]
    return (1 - t) * z_a[None, :] + t * z_b[None, :]


def _torch_codes(seed, dim):
    import torch

    g = torch.Generator().manual_seed(seed)
    return torch.randn(dim, generator=g), torch.randn(dim, generator=g)


def _q3_check(answer):
    cases = [Case((*_torch_codes(7, 8), 5), about="two codes of 8 numbers, 5 steps"),
             Case((*_torch_codes(8, 2), 9), about="two codes of 2 numbers, 9 steps"),
             Case((*_torch_codes(9, 16), 2), about="two codes of 16 numbers, 2 steps")]
    function_check(_interpolate, cases, kind="torch", rtol=1e-5, atol=1e-6)(answer)


q3 = Question(
    "q3", "A straight line through latent space",
    """Write `interpolate(z_a, z_b, num_steps)` that returns a torch tensor of shape
`(num_steps, latent_dim)`: evenly spaced codes on the straight line from `z_a` (first row) to
`z_b` (last row), both ends included. Decoding these rows gives the latent path of the lesson.""",
    check=_q3_check,
    hints=["Make `num_steps` mixing weights from 0 to 1, both included: `torch.linspace(0, 1, num_steps)`.",
           "Row i is `(1 - t_i) * z_a + t_i * z_b`. Give `t` a column shape with `t[:, None]` so it "
           "broadcasts against the codes.",
           "Check the ends: at t=0 the row must equal `z_a`, at t=1 it must equal `z_b`."],
    starter="""import torch

def interpolate(z_a, z_b, num_steps):
    t = torch.linspace(0.0, 1.0, num_steps)[:, None]    # (num_steps, 1)
    return ____

q3.check(interpolate)""",
    solution="""import torch

def interpolate(z_a, z_b, num_steps):
    t = torch.linspace(0.0, 1.0, num_steps)[:, None]    # (num_steps, 1)
    return (1 - t) * z_a + t * z_b

q3.check(interpolate)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q4: trustworthiness

_Q4_K = 10


def _q4_expected() -> float:
    from sklearn.decomposition import PCA
    from sklearn.manifold import trustworthiness

    x, _ = exercise_digits()
    return float(trustworthiness(x, PCA(n_components=2).fit_transform(x), n_neighbors=_Q4_K))


def _q4_check(answer):
    expect_number(answer, _q4_expected(), name="Your trustworthiness", rtol=0, atol=5e-4)


q4 = Question(
    "q4", "Trustworthiness of a PCA map",
    f"""Take `x, labels = exercise_digits()` (200 digits, 64 pixels each). Make a 2-D PCA map of `x`
and compute its trustworthiness with `sklearn.manifold.trustworthiness`, counting **{_Q4_K}**
neighbours. Check the number (to 3 decimals).""",
    check=_q4_check,
    hints=["`PCA(n_components=2).fit_transform(x)` gives the map, one row per digit.",
           "`trustworthiness(X, X_embedded, n_neighbors=...)`: the original space comes first, the map second.",
           f"The default counts 5 neighbours; this question asks for {_Q4_K}."],
    starter="""from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness
from latentedu.exercises.latent_maps import exercise_digits

x, labels = exercise_digits()
pca_map = PCA(n_components=2).fit_transform(x)
trust = ____    # trustworthiness(the original points, their map, n_neighbors=...)
q4.check(trust)""",
    solution=f"""from sklearn.decomposition import PCA
from sklearn.manifold import trustworthiness
from latentedu.exercises.latent_maps import exercise_digits

x, labels = exercise_digits()
pca_map = PCA(n_components=2).fit_transform(x)
trust = trustworthiness(x, pca_map, n_neighbors={_Q4_K})
print(f"trustworthiness: {{trust:.3f}}")
q4.check(trust)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q5: reading a t-SNE plot

_Q5_CHOICES = {
    "a": "Group A is spread about three times as widely as group B in the original space.",
    "b": "Group C is far from A and B in the original space, because it is far in the picture.",
    "c": "Points that sit together in one tight group are probably near each other in the original "
         "space; the sizes of the groups and the gaps between them are not evidence of anything.",
    "d": "A and B are closer to each other than to C in the original space, for certain.",
}


def _q5_check(answer):
    if not isinstance(answer, str):
        raise Incorrect(f"Answer with one letter in quotes, e.g. \"a\"; you gave a {type(answer).__name__}.")
    letter = answer.strip().lower().strip("()")
    if letter not in _Q5_CHOICES:
        raise Incorrect(f"Answer with one of the letters {', '.join(_Q5_CHOICES)}; you gave {answer!r}.")
    if letter in ("a", "b", "d"):
        raise Incorrect("t-SNE fits each point's neighbourhood with its own width (set by the perplexity), "
                        "so it evens out the sizes of groups, and it does not keep large distances. "
                        "The lesson's controlled blobs show both. Which statement claims only what "
                        "t-SNE keeps?")


q5 = Question(
    "q5", "Reading a t-SNE picture",
    "A t-SNE picture shows three groups of points: A is drawn three times as wide as B, and C sits "
    "far away from both. Which statement does the picture support?\n\n"
    + "\n".join(f"- **{k}**: {v}" for k, v in _Q5_CHOICES.items())
    + "\n\nAnswer with the letter as a string.",
    check=_q5_check,
    hints=["Look back at the controlled example: in the data the wide blob was many times as spread as the "
           "tight one, and one blob was far away. What did the t-SNE picture make of that?",
           "t-SNE is built to keep *neighbourhoods*: who is near whom. Sizes and long distances are what "
           "it gives up."],
    starter='answer = ____   # "a", "b", "c" or "d"\nq5.check(answer)',
    solution='answer = "c"\nq5.check(answer)',
    chapter=CHAPTER,
)
