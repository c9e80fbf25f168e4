"""Questions for ``exercises/00_latent_space.ipynb``: high-dimensional spaces, by hand.

q1-q5 rebuild the chapter's measurements; q6 asks for a prediction (the
nearest/farthest ratio at d = 10,000) before a cell measures it; q7 is an
experiment (pick the real pixels among decoy columns, scored by a
nearest-neighbour classifier on held-out digits the learner never saw); q8
probes a linear encoder to show how a latent axis differs from a feature axis.
Each check builds its own seeded data, so it never depends on the notebook's
state. The reference answers live in :mod:`latentedu.dimensions`.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from .engine import (Case, Incorrect, Placeholder, Question, call_learner, choice_check, expect_number,
                     function_check, kind_of)

__all__ = ["DECOY_TARGET", "decoy_data", "knn_accuracy", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8"]

CHAPTER = "latent_space"
_rng = np.random.default_rng(2024)


# --------------------------------------------------------------------------- q1: images -> vectors

def _flatten(images):
    return images.reshape(len(images), -1)


_IMAGES_NP = _rng.uniform(0, 1, size=(5, 8, 8))
_IMAGES_TORCH = torch.from_numpy(_rng.uniform(0, 1, size=(3, 8, 8)).astype(np.float32))
_IMAGES_WIDE = _rng.uniform(0, 1, size=(4, 3, 5))  # not square: catches a hard-coded 64

q1 = Question(
    "q1", "Images become points",
    "A batch of `n` grey images of `h` x `w` pixels is an array of shape `(n, h, w)`. Write "
    "`flatten(images)` that turns it into a matrix with one row per image and one column per pixel, "
    "shape `(n, h * w)`, keeping each image's pixels in reading order (row after row). It must work "
    "for numpy arrays and torch tensors alike and for any image size. Each row is then a point in a "
    "space of `h * w` dimensions.",
    check=function_check(_flatten, [
        Case((_IMAGES_NP,), about="five 8x8 images (numpy)"),
        Case((_IMAGES_TORCH,), about="three 8x8 images (torch)"),
        Case((_IMAGES_WIDE,), about="four 3x5 images (numpy)"),
    ]),
    hints=[
        'An image and its row of pixels hold the same numbers in the same order; only the shape changes. Which method changes a shape without moving any data?',
        '`reshape` exists on numpy arrays and torch tensors alike. Keep the first axis (one row per image) and let the other two merge: give the number of images and `-1`, which means "whatever size fits", so nothing is tied to 8x8.',
        '`return images.reshape(len(images), -1)`',
    ],
    starter='''def flatten(images):
    return ____


q1.check(flatten)''',
    solution='''def flatten(images):
    return images.reshape(len(images), -1)


q1.check(flatten)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q2: distance matrix

def _distance_matrix(x):
    diff = x[:, None, :] - x[None, :, :]
    return np.sqrt((diff ** 2).sum(-1))


_POINTS_SMALL = np.array([[0.0, 0.0], [3.0, 4.0], [1.0, 0.0]])
_POINTS_WIDE = _rng.uniform(0, 1, size=(12, 64))

q2 = Question(
    "q2", "All pairwise distances",
    "Write `distance_matrix(x)` for a numpy array `x` of shape `(n, d)` (one point per row). It "
    "returns the `(n, n)` numpy array whose entry `[i, j]` is the Euclidean distance between "
    "points `i` and `j`: the square root of the sum of squared coordinate differences.",
    check=function_check(_distance_matrix, [
        Case((_POINTS_SMALL,), about="three points in 2-D"),
        Case((_POINTS_WIDE,), about="twelve points in 64-D"),
    ], atol=1e-5),
    hints=[
        'Entry `[i, j]` needs the difference between point `i` and point `j` in every coordinate. Can you build all n x n differences at once, without a loop?',
        'Broadcasting does it: `x[:, None, :] - x[None, :, :]` has shape `(n, n, d)` and entry `[i, j]` is `x[i] - x[j]`. Square those differences, sum over the last axis, take the square root.',
        '`diff = x[:, None, :] - x[None, :, :]`, then `return np.sqrt((diff ** 2).sum(axis=-1))`.',
    ],
    starter='''import numpy as np


def distance_matrix(x):
    diff = ____                 # shape (n, n, d)
    return ____


q2.check(distance_matrix)''',
    solution='''import numpy as np


def distance_matrix(x):
    diff = x[:, None, :] - x[None, :, :]  # shape (n, n, d)
    return np.sqrt((diff ** 2).sum(axis=-1))


q2.check(distance_matrix)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q3: ball against cube

def _ball_to_cube(d):
    return math.pi ** (d / 2) / math.gamma(d / 2 + 1) / 2 ** d


q3 = Question(
    "q3", "How much of the cube is ball?",
    "The ball of radius 1 in `d` dimensions has volume `pi**(d/2) / gamma(d/2 + 1)`, and the "
    "smallest cube around it, `[-1, 1]**d`, has volume `2**d`. Write `ball_to_cube(d)` that "
    "returns the share of the cube the ball fills (a number between 0 and 1). Use `math.pi` "
    "and `math.gamma`.",
    check=function_check(_ball_to_cube, [
        Case((1,), about="d = 1"), Case((2,), about="d = 2"), Case((3,), about="d = 3"),
        Case((10,), about="d = 10"), Case((20,), about="d = 20"),
    ], rtol=1e-6, atol=1e-15),
    hints=[
        "The share is the ball's volume divided by the cube's. In 2-D that is a circle's area over its square's, `pi / 4` (about 0.785): try your function on `d = 2` first.",
        "The ball's volume is `math.pi ** (d / 2) / math.gamma(d / 2 + 1)` (gamma of half the dimension *plus one*). The cube `[-1, 1]**d` has sides of length 2, so its volume is `2 ** d`.",
        '`ball = math.pi ** (d / 2) / math.gamma(d / 2 + 1)`, `cube = 2 ** d`, and `return ball / cube`.',
    ],
    starter='''import math


def ball_to_cube(d):
    ball = ____
    cube = ____
    return ball / cube


q3.check(ball_to_cube)''',
    solution='''import math


def ball_to_cube(d):
    ball = math.pi ** (d / 2) / math.gamma(d / 2 + 1)
    cube = 2 ** d
    return ball / cube


q3.check(ball_to_cube)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q4: relative contrast

def _contrast(query, points):
    distances = np.sqrt(((points - query) ** 2).sum(axis=1))
    return (distances.max() - distances.min()) / distances.min()


_QUERY_2D = np.array([0.5, 0.5])
_POINTS_2D = _rng.uniform(0, 1, size=(30, 2))
_QUERY_HI = _rng.uniform(0, 1, size=500)
_POINTS_HI = _rng.uniform(0, 1, size=(30, 500))


def _check_contrast(answer):
    for query, points, about in ((_QUERY_2D, _POINTS_2D, "30 points in 2-D"),
                                 (_QUERY_HI, _POINTS_HI, "30 points in 500-D")):
        got = call_learner(answer, query, points)
        expect_number(got, _contrast(query, points), name=f"What your function returns on {about}")


q4 = Question(
    "q4", "Relative contrast",
    "For one query point (shape `(d,)`) and a set of `points` (shape `(n, d)`), the *relative "
    "contrast* says how much farther the farthest point is than the nearest: "
    "`(max_distance - min_distance) / min_distance`, using Euclidean distances from the query. "
    "Write `contrast(query, points)` returning that number. (It is large in 2-D and small in "
    "500-D: distances concentrate.)",
    check=_check_contrast,
    hints=[
        'First get the `n` distances from the query to each point; the contrast then compares the farthest with the nearest.',
        'Subtract the query from every row (broadcasting), square, sum along `axis=1` and take the square root: those are the distances (not squared). Then `(max - min) / min`: divide by the *nearest* distance.',
        '`distances = np.sqrt(((points - query) ** 2).sum(axis=1))`, then `return (distances.max() - distances.min()) / distances.min()`.',
    ],
    starter='''import numpy as np


def contrast(query, points):
    distances = ____
    return ____


q4.check(contrast)''',
    solution='''import numpy as np


def contrast(query, points):
    distances = np.sqrt(((points - query) ** 2).sum(axis=1))
    return (distances.max() - distances.min()) / distances.min()


q4.check(contrast)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q5: a property nobody labelled

def _ink_correlation(images, z):
    ink = images.mean(axis=1)
    return np.corrcoef(ink, z)[0, 1]


def _make_codes(n: int, strength: float, seed: int):
    rng = np.random.default_rng(seed)
    images = rng.uniform(0, 1, size=(n, 64)) * rng.uniform(0.2, 1.0, size=(n, 1))
    z = strength * images.mean(axis=1) + rng.normal(0, 0.05, size=n)
    return images, z


_CASE_A = _make_codes(200, 1.0, 1)
_CASE_B = _make_codes(150, -2.0, 2)


def _check_ink(answer):
    for (images, z), about in ((_CASE_A, "200 images"), (_CASE_B, "150 images")):
        got = call_learner(answer, images, z)
        if hasattr(got, "shape") and int(np.prod(tuple(got.shape))) > 1:  # numpy or torch
            raise Incorrect(f"Your function returns an array of shape {tuple(got.shape)} on {about}; it should "
                            "return one number. `np.corrcoef(a, b)` is a 2x2 matrix: take its entry [0, 1].")
        expect_number(got, _ink_correlation(images, z), name=f"What your function returns on {about}",
                      rtol=1e-4, atol=1e-6)


q5 = Question(
    "q5", "Does a latent coordinate track ink?",
    "`images` has shape `(n, 64)` (pixel intensities) and `z` shape `(n,)` (one latent "
    "coordinate per image). Write `ink_correlation(images, z)` that measures each image's ink "
    "(its mean pixel intensity) and returns the Pearson correlation between ink and `z`: a single "
    "number between -1 and 1.",
    check=_check_ink,
    hints=[
        'Two steps: one ink number per image, then one number that says how closely ink and `z` move together, on a scale from -1 to 1.',
        'Ink is the mean over the pixel axis (`axis=1`), shape `(n,)`. `np.corrcoef(a, b)` returns the 2x2 correlation matrix; the number you want is an off-diagonal entry. A covariance is not a correlation: it is not scaled to [-1, 1].',
        '`ink = images.mean(axis=1)`, then `return np.corrcoef(ink, z)[0, 1]`.',
    ],
    starter='''import numpy as np


def ink_correlation(images, z):
    ink = ____
    return ____


q5.check(ink_correlation)''',
    solution='''import numpy as np


def ink_correlation(images, z):
    ink = images.mean(axis=1)
    return np.corrcoef(ink, z)[0, 1]


q5.check(ink_correlation)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q6: predict, then measure

_NF_OPTIONS = {
    "a": "close to 0: the nearest point is much closer than the farthest",
    "b": "about 0.5",
    "c": "close to 1, but below it: every point is almost as far as every other",
    "d": "exactly 1",
}

q6 = Question(
    "q6", "Predict: nearest against farthest in 10,000 dimensions",
    "Predict before you measure. Take 200 random points in the unit cube of d = 10,000 dimensions. "
    "For each point, divide the distance to its nearest other point by the distance to its farthest, "
    "and average over the points. Is that ratio\n\n"
    + "\n".join(f"- ({letter}) {text}" for letter, text in _NF_OPTIONS.items())
    + "\n\nSet `prediction` to one letter, check it, then run the cell below it, which measures.",
    check=choice_check("c", _NF_OPTIONS, reasons={
        "a": "That is the picture in 2-D (a ratio of about 0.04 there). But a squared distance in d "
             "dimensions is a sum of d independent terms, one per coordinate: as d grows, such sums "
             "differ less and less relative to their size. Measure it in the next cell.",
        "b": "About 0.5 is what some ten dimensions give. With 10,000 coordinates every squared distance "
             "is a sum of 10,000 independent terms, which averages out far more: the spread of such a sum "
             "grows like the square root of d, its size like d. Measure it in the next cell.",
        "d": "Exactly 1 would need every distance to be the same. The distances are random sums, so they "
             "still differ a little: the ratio approaches its limit but does not reach it. Measure it in "
             "the next cell.",
    }, explain="A squared distance is a sum of d independent terms: its size grows like d and its spread "
               "only like the square root of d, so the nearest and the farthest point end up almost "
               "equally far. The next cell measures it."),
    hints=[
        "Think about what a squared Euclidean distance is in d dimensions: a sum of d terms, one per "
        "coordinate, each a random amount for random points.",
        "For a sum of d independent random terms, the typical size grows like d but the spread only like "
        "the square root of d. What does that do to the smallest and the largest of many such sums as d "
        "grows? The lesson measured the ratio at d = 2, 10 and 1000: extend the trend.",
        'The distances bunch up, so the ratio is close to 1 but stays below it: `prediction = "c"`.',
    ],
    starter='''prediction = ____   # "a", "b", "c" or "d"

q6.check(prediction)''',
    solution='''prediction = "c"   # "a", "b", "c" or "d"

q6.check(prediction)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q7: find the real pixels

DECOY_TARGET = 0.95   # held-out 5-NN accuracy to reach with the columns kept
_N_DECOYS = 448       # 64 real pixels hide among 512 columns
_DECOY_SEEDS = (1101, 2202)  # the check's data sets; the notebook explores decoy_data(0)


def decoy_data(random_state: int = 0):
    """The 8x8 digits with decoy columns: ``(x_train, y_train, x_test, y_test)``, numpy arrays.

    The 64 real pixels (scaled to [0, 1]) are mixed with 448 decoys, in a
    shuffled column order. Each decoy copies a real pixel's values and shuffles
    them between the images, so it looks like a pixel but says nothing about
    the digit. The train/test split, the decoys and the column order all depend
    on ``random_state``; q7's check uses seeds the notebook never shows.
    """
    return _decoys(random_state)[:4]


def _decoys(random_state: int):
    """:func:`decoy_data` and, last, a boolean mask of the columns that are real pixels."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    bunch = load_digits()
    rng = np.random.default_rng(random_state)
    x_train, x_test, y_train, y_test = train_test_split(
        bunch.data / 16.0, bunch.target, test_size=0.3, random_state=random_state, stratify=bunch.target)
    sources = rng.integers(0, 64, _N_DECOYS)
    order = rng.permutation(64 + _N_DECOYS)

    def with_decoys(x):
        decoys = np.stack([rng.permutation(x[:, c]) for c in sources], axis=1)
        return np.hstack([x, decoys])[:, order]

    return (with_decoys(x_train), y_train.astype(np.int64), with_decoys(x_test), y_test.astype(np.int64),
            order < 64)


def knn_accuracy(columns, x_train, y_train, x_test, y_test, k: int = 5) -> float:
    """Held-out accuracy of a ``k``-nearest-neighbour classifier that sees only ``columns``."""
    from sklearn.neighbors import KNeighborsClassifier

    if isinstance(columns, Placeholder):  # an exercise's blank: nothing to score yet
        return columns
    columns = np.asarray(columns)
    model = KNeighborsClassifier(n_neighbors=k, algorithm="brute").fit(x_train[:, columns], y_train)
    return float(model.score(x_test[:, columns], y_test))


def _columns(got, n_columns: int) -> np.ndarray:
    """The learner's choice as an array of distinct column indices, or a message saying what is wrong."""
    if hasattr(got, "detach"):
        got = got.detach().cpu().numpy()
    if isinstance(got, (set, frozenset)):
        got = sorted(got)
    if not isinstance(got, (list, tuple, np.ndarray)):
        raise Incorrect(f"Your function should return the columns to keep (a list or array of column "
                        f"indices, or a boolean mask), but it returned {kind_of(got)}.")
    arr = np.asarray(got)
    if arr.dtype == bool:
        if arr.shape != (n_columns,):
            raise Incorrect(f"Your function returned a boolean mask of shape {arr.shape}; a mask needs one "
                            f"entry per column, shape ({n_columns},).")
        arr = np.flatnonzero(arr)
    if arr.ndim != 1 or not (np.issubdtype(arr.dtype, np.integer) or arr.size == 0):
        raise Incorrect("Your function should return a flat list of whole-number column indices "
                        f"(or a boolean mask), but it returned {kind_of(got)} of {arr.dtype} values.")
    if arr.size == 0:
        raise Incorrect("Your function kept no columns at all: a classifier needs at least one.")
    if arr.min() < 0 or arr.max() >= n_columns:
        raise Incorrect(f"Your function returned a column index outside 0..{n_columns - 1}; the data has "
                        f"{n_columns} columns.")
    return np.unique(arr)


def _check_decoys(answer) -> None:
    for seed in _DECOY_SEEDS:
        x_train, y_train, x_test, y_test, real = _decoys(seed)
        got = call_learner(answer, x_train, y_train, time_limit=10.0)
        kept = _columns(got, x_train.shape[1])
        accuracy = knn_accuracy(kept, x_train, y_train, x_test, y_test)
        if accuracy < DECOY_TARGET:
            n_real, n_decoy = int(real[kept].sum()), int((~real[kept]).sum())
            raise Incorrect(
                f"On a data set your function had not seen (other digits, other decoys), 5-NN with the "
                f"{len(kept)} columns you kept scores {accuracy:.1%} on held-out digits; at least "
                f"{DECOY_TARGET:.0%} is needed. You kept {n_real} of the 64 real pixels and {n_decoy} of the "
                f"{_N_DECOYS} decoys. Choose columns by something you measure on `x_train` and `y_train`, "
                "not by their position: the order changes from one data set to the next.")


q7 = Question(
    "q7", "Experiment: find the real pixels among decoys",
    f"`decoy_data()` gives the digits with {_N_DECOYS} *decoy* columns mixed among the 64 real pixels, in a "
    "shuffled order. A decoy copies a real pixel's values but shuffles them between the images, so it "
    "carries no information about the digit, yet it adds to every distance. Write "
    "`keep_columns(x_train, y_train)` that returns the columns to keep (a list of column indices, or a "
    "boolean mask), deciding from the training data alone. The check runs it on two new data sets "
    "(other digits, other decoys, another column order) and fits a 5-nearest-neighbour classifier on "
    f"the columns you keep: it must score at least {DECOY_TARGET:.0%} on held-out digits it never saw. "
    "Try your function with `knn_accuracy` first.",
    check=_check_decoys,
    hints=[
        "Shuffling a decoy between images keeps its values but breaks its link with the label. What can "
        "you measure on the training set, column by column, that a real pixel has and a decoy lacks? "
        "(Its variance will not do: a decoy has exactly the variance of the pixel it copies.)",
        "Compare the class means column by column: a real pixel is brighter in some digits than in "
        "others, a decoy's mean is about the same for every digit. A score: the variance of the ten "
        "class means (weighted by class size) divided by the column's total variance (0 for a constant "
        "column). Sort the scores and look at them: there is a gap between the two kinds; keep the "
        "columns above it. (`sklearn.feature_selection.f_classif` gives a similar score.)",
        "`means = np.stack([x_train[y_train == c].mean(axis=0) for c in range(10)])`, "
        "`counts = np.bincount(y_train, minlength=10)[:, None]`, "
        "`between = (counts * (means - x_train.mean(axis=0)) ** 2).sum(axis=0) / len(x_train)`, "
        "`score = between / np.maximum(x_train.var(axis=0), 1e-12)`, then "
        "`return np.flatnonzero(score > 0.05)`.",
    ],
    starter='''import numpy as np


def keep_columns(x_train, y_train):
    score = ____            # one number per column, shape (n_columns,)
    return ____             # the indices of the columns to keep


x_train, y_train, x_test, y_test = decoy_data(0)
print("all columns:", knn_accuracy(np.arange(x_train.shape[1]), x_train, y_train, x_test, y_test))
print("your columns:", knn_accuracy(keep_columns(x_train, y_train), x_train, y_train, x_test, y_test))
q7.check(keep_columns)''',
    solution='''import numpy as np


def keep_columns(x_train, y_train):
    means = np.stack([x_train[y_train == c].mean(axis=0) for c in range(10)])   # (10, n_columns)
    counts = np.bincount(y_train, minlength=10)[:, None]
    between = (counts * (means - x_train.mean(axis=0)) ** 2).sum(axis=0) / len(x_train)
    score = between / np.maximum(x_train.var(axis=0), 1e-12)    # one number per column, shape (n_columns,)
    return np.flatnonzero(score > 0.05)                          # the indices of the columns to keep


x_train, y_train, x_test, y_test = decoy_data(0)
print("all columns:", knn_accuracy(np.arange(x_train.shape[1]), x_train, y_train, x_test, y_test))
print("your columns:", knn_accuracy(keep_columns(x_train, y_train), x_train, y_train, x_test, y_test))
q7.check(keep_columns)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q8: a feature axis against a latent axis

def _axis_weights(encode, n_features):
    blank = encode(np.zeros((1, n_features)))       # (1, k): the code of an empty image
    return encode(np.eye(n_features)) - blank        # (n_features, k)


def _pixel_encoder(pixels):
    def encode(x):
        return x[:, list(pixels)]  # two of the measured features: axes of the feature space
    return encode


def _affine_encoder(n_features, k, seed, offset):
    rng = np.random.default_rng(seed)
    weights = rng.normal(size=(n_features, k)) / np.sqrt(n_features)
    mean = rng.uniform(0, 1, size=n_features) if offset else np.zeros(n_features)

    def encode(x):
        return (x - mean) @ weights  # a learned axis mixes every feature
    return encode


q8 = Question(
    "q8", "A feature axis against a latent axis",
    "An axis of the raw feature space is one measured value (one pixel). An axis of a latent space is "
    "something a model computed from the features. Here a model is a linear `encode(x)`, mapping images "
    "`x` of shape `(n, n_features)` (numpy) to codes of shape `(n, k)`, possibly with an offset (like "
    "PCA's `(x - mean) @ W`). Write `axis_weights(encode, n_features)` that finds out how much each pixel "
    "moves each code coordinate: return the numpy array `W` of shape `(n_features, k)` whose entry `[i, j]` "
    "is the change of coordinate `j` when pixel `i` goes from 0 to 1 and every other pixel stays 0. You "
    "may only call `encode`.",
    check=function_check(_axis_weights, [
        Case((_pixel_encoder((19, 44)), 64), about="an encoder that keeps pixels 19 and 44"),
        Case((_affine_encoder(64, 2, 8, offset=True), 64), about="a 2-D encoder with an offset, like PCA's"),
        Case((_affine_encoder(12, 3, 9, offset=True), 12), about="a 3-D encoder of 12 features"),
        Case((_affine_encoder(5, 1, 10, offset=False), 5), about="a 1-D encoder without offset"),
    ], kind="numpy", atol=1e-9),
    hints=[
        "You cannot read the weights, but you can ask: feed `encode` images you design and look at the "
        "codes that come back. Which images isolate one pixel at a time?",
        "Encode an all-zero image first: its code is the offset, the part no pixel contributes. Then "
        "encode the `n_features` images that have a single pixel at 1, the rows of `np.eye(n_features)`, "
        "all in one call. Each of those codes minus the blank image's code is one row of the answer.",
        "`blank = encode(np.zeros((1, n_features)))`, then `return encode(np.eye(n_features)) - blank`.",
    ],
    starter='''import numpy as np


def axis_weights(encode, n_features):
    blank = ____             # the code of an all-zero image, shape (1, k)
    return ____              # shape (n_features, k)


q8.check(axis_weights)''',
    solution='''import numpy as np


def axis_weights(encode, n_features):
    blank = encode(np.zeros((1, n_features)))          # the code of an all-zero image, shape (1, k)
    return encode(np.eye(n_features)) - blank           # shape (n_features, k)


q8.check(axis_weights)''',
    chapter=CHAPTER,
)
