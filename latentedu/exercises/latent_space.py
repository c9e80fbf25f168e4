"""Questions for ``exercises/00_latent_space.ipynb``: high-dimensional spaces, by hand.

Each check builds its own seeded data, so it never depends on the notebook's
state. The reference answers live in :mod:`latentedu.dimensions`.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from .engine import Case, Incorrect, Question, call_learner, expect_number, function_check

__all__ = ["q1", "q2", "q3", "q4", "q5"]

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
        "You do not need to move any numbers, only to change the shape: `reshape` does exactly that, "
        "and both numpy arrays and torch tensors have it.",
        "Keep the first axis (the images) and merge the other two: `images.reshape(len(images), -1)`; "
        "the `-1` asks for whatever size makes the numbers fit.",
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
        "Broadcasting builds every difference at once: `x[:, None, :] - x[None, :, :]` has shape "
        "`(n, n, d)`, entry `[i, j]` being `x[i] - x[j]`.",
        "Square those differences, sum over the last axis (`axis=-1`), then take `np.sqrt`.",
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
        "Write the ball's volume first, then divide it by the cube's volume. In 2-D the answer is "
        "the area of a circle over the area of its square, `pi / 4`.",
        "`math.pi ** (d / 2) / math.gamma(d / 2 + 1)` is the ball; divide that by `2 ** d`. "
        "Check `d / 2 + 1`: the gamma function takes half the dimension plus one.",
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
        "Start with the `n` distances from the query: subtract the query from every row "
        "(broadcasting does it), square, sum along `axis=1`, take the square root.",
        "With `distances` in hand the answer is `(distances.max() - distances.min()) / distances.min()`. "
        "Make sure you divide by the *nearest* distance, and that the distances are not squared.",
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
        if hasattr(got, "shape") and getattr(got, "size", 1) > 1:
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
        "Ink is one number per image: the mean over the pixel axis, `images.mean(axis=1)`.",
        "`np.corrcoef(ink, z)` returns the 2x2 correlation matrix; the number you want is its "
        "off-diagonal entry `[0, 1]`. A covariance is not a correlation: it is not scaled to [-1, 1].",
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
