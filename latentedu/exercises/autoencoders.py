"""Questions for ``exercises/03_autoencoders.ipynb``: PCA by hand, the autoencoder's loss, the bottleneck.

Each check builds its own seeded data, so it never depends on the notebook's
state. The reference answers follow :mod:`latentedu.autoencoders`.
"""

from __future__ import annotations

import numpy as np
import torch

from ..autoencoders import Autoencoder, pca_fit
from .engine import Case, Question, function_check

__all__ = ["q1", "q2", "q3", "q4", "q5", "q6"]

CHAPTER = "autoencoders"
_rng = np.random.default_rng(303)


def _data(n, d, scale=1.0):
    return _rng.normal(size=(n, d)) * np.linspace(3.0, 0.5, d) * scale + 2.0


_X_SMALL = _data(30, 5)
_PCA_SMALL = pca_fit(_X_SMALL)
_X_WIDE = _data(40, 12)
_PCA_WIDE = pca_fit(_X_WIDE, 6)  # 6 of 12 directions: components is not square
_X_NEW = _data(7, 12)            # points the PCA was not fitted on


# --------------------------------------------------------------------------- q1: PCA codes

def _pca_codes(x, mean, components, k):
    return (x - mean) @ components[:k].T


q1 = Question(
    "q1", "The code of a point under PCA",
    "PCA gives a `mean` (shape `(d,)`) and `components` (shape `(m, d)`, one orthonormal direction "
    "per row, most important first). Write `pca_codes(x, mean, components, k)` that returns the "
    "latent code of each row of `x` (shape `(n, d)`): its coordinates along the first `k` "
    "directions, a numpy array of shape `(n, k)`.",
    check=function_check(_pca_codes, [
        Case((_X_SMALL, _PCA_SMALL.mean, _PCA_SMALL.components, 2), about="30 points in 5-D, k=2"),
        Case((_X_NEW, _PCA_WIDE.mean, _PCA_WIDE.components, 4), about="7 new points in 12-D, k=4"),
        Case((_X_SMALL, _PCA_SMALL.mean, _PCA_SMALL.components, 5), about="all 5 directions"),
    ]),
    hints=[
        "Two steps: move the data so the mean is at the origin, then measure each point along each "
        "direction (a dot product per point and direction).",
        "Centre with `x - mean`. The first k directions are the rows `components[:k]`; multiplying by "
        "their transpose gives all the dot products at once: `(x - mean) @ components[:k].T`.",
    ],
    starter='''def pca_codes(x, mean, components, k):
    centred = ____
    return centred @ ____


q1.check(pca_codes)''',
    solution='''def pca_codes(x, mean, components, k):
    centred = x - mean
    return centred @ components[:k].T


q1.check(pca_codes)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q2: PCA reconstruction

def _pca_rebuild(x, mean, components, k):
    top = components[:k]
    return mean + (x - mean) @ top.T @ top


q2 = Question(
    "q2", "Rebuild from k components",
    "Write `pca_rebuild(x, mean, components, k)` that encodes each row of `x` with the first `k` "
    "directions and decodes it back into the original space: the closest point to it that the "
    "`k`-dimensional PCA subspace (through the mean) contains. Return a numpy array of the same "
    "shape as `x`.",
    check=function_check(_pca_rebuild, [
        Case((_X_SMALL, _PCA_SMALL.mean, _PCA_SMALL.components, 2), about="30 points in 5-D, k=2"),
        Case((_X_NEW, _PCA_WIDE.mean, _PCA_WIDE.components, 3), about="7 new points in 12-D, k=3"),
        Case((_X_SMALL, _PCA_SMALL.mean, _PCA_SMALL.components, 1), about="k=1"),
    ]),
    hints=[
        "Decoding undoes encoding: the code says how far to go along each direction, starting from "
        "the mean. Which rows of `components` belong to a k-number code?",
        "With `top = components[:k]`, the codes are `(x - mean) @ top.T` and the reconstruction is "
        "`mean + codes @ top`. Forgetting to add the mean back is the classic slip.",
    ],
    starter='''def pca_rebuild(x, mean, components, k):
    top = components[:k]
    codes = ____
    return ____


q2.check(pca_rebuild)''',
    solution='''def pca_rebuild(x, mean, components, k):
    top = components[:k]
    codes = (x - mean) @ top.T
    return mean + codes @ top


q2.check(pca_rebuild)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q3: explained variance

def _components_needed(singular_values, share):
    variance = np.asarray(singular_values, dtype=np.float64) ** 2
    cumulative = np.cumsum(variance) / variance.sum()
    return int(np.argmax(cumulative >= share - 1e-12) + 1)


q3 = Question(
    "q3", "How many components keep a share of the variance?",
    "The SVD of the centred data gives singular values `s` (a numpy array, largest first); the "
    "variance along direction `i` is proportional to `s[i] ** 2`. Write "
    "`components_needed(s, share)` that returns the smallest number of components `k` whose "
    "variances add up to at least `share` (a fraction such as 0.9) of the total, as an integer.",
    check=function_check(_components_needed, [
        Case((np.array([3.0, 2.0, 1.0, 1.0]), 0.8), about="s = [3, 2, 1, 1], share 0.8"),
        Case((np.array([2.0, 1.0, 1.0, 1.0, 1.0]), 0.75), about="s = [2, 1, 1, 1, 1], share exactly reached"),
        Case((np.sqrt(np.arange(20, 0, -1.0)), 0.5), about="20 values, share 0.5"),
        Case((np.array([5.0, 0.1]), 0.9), about="one direction is enough"),
    ]),
    hints=[
        "Square the singular values to get variances, divide by their total to get shares, and add "
        "the shares up in order (`np.cumsum`). Then find the first place the running total reaches "
        "`share`.",
        "`shares = np.cumsum(s**2) / np.sum(s**2)`; the first index where `shares >= share` is "
        "`np.argmax(shares >= share)`, and the number of components is that index plus one.",
    ],
    starter='''def components_needed(s, share):
    shares = ____
    return ____


q3.check(components_needed)''',
    solution='''def components_needed(s, share):
    shares = np.cumsum(s**2) / np.sum(s**2)
    return int(np.argmax(shares >= share)) + 1


q3.check(components_needed)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q4: the autoencoder's loss

def _reconstruction_loss(x, x_hat):
    return ((x_hat - x) ** 2).mean()


_gen = torch.Generator().manual_seed(303)
_X_T = torch.rand(16, 64, generator=_gen)
_X_HAT_T = torch.rand(16, 64, generator=_gen)

q4 = Question(
    "q4", "The autoencoder's loss",
    "An autoencoder is trained to make its output `x_hat` match its input `x` (both torch tensors "
    "of shape `(batch, n_features)`). Write `reconstruction_loss(x, x_hat)` that returns the mean "
    "squared error over every pixel of every sample, as a 0-dimensional torch tensor (so that "
    "training can call `.backward()` on it).",
    check=function_check(_reconstruction_loss, [
        Case((_X_T, _X_HAT_T), about="a batch of 16 random 64-pixel images"),
        Case((_X_T[:3, :8], _X_T[:3, :8] + 0.5), about="every pixel off by 0.5"),
        Case((_X_T, _X_T), about="a perfect reconstruction"),
    ], kind="torch"),
    hints=[
        "Take the difference, square it (so over- and under-shooting both cost), then average over "
        "everything. Keep it a tensor: no `.item()`.",
        "`((x_hat - x) ** 2).mean()` averages over all elements at once; a sum, an absolute value "
        "or a square root would give a different number.",
    ],
    starter='''def reconstruction_loss(x, x_hat):
    return ____


q4.check(reconstruction_loss)''',
    solution='''def reconstruction_loss(x, x_hat):
    return ((x_hat - x) ** 2).mean()


q4.check(reconstruction_loss)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q5: encode then decode

def _encode_decode(model, x):
    codes = model.encode(x)
    return codes, model.decode(codes)


def _small_model(latent_dim: int) -> Autoencoder:
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(303 + latent_dim)
        return Autoencoder(64, latent_dim, hidden=(16,)).eval()


q5 = Question(
    "q5", "Encode, then decode",
    "An `Autoencoder` has `model.encode(x)`, which maps inputs of shape `(n, 64)` to codes of "
    "shape `(n, latent_dim)`, and `model.decode(z)`, which maps codes back to shape `(n, 64)`. "
    "Write `encode_decode(model, x)` that returns the tuple `(codes, reconstructions)`.",
    check=function_check(_encode_decode, [
        Case((_small_model(3), _X_T[:5]), about="a 3-D autoencoder and 5 images"),
        Case((_small_model(2), _X_T[5:12]), about="a 2-D autoencoder and 7 images"),
    ], kind="torch", atol=1e-5),
    hints=[
        "The decoder takes codes, not images: feed it what the encoder gave you.",
        "`codes = model.encode(x)`, then `reconstructions = model.decode(codes)`; return both, "
        "codes first.",
    ],
    starter='''def encode_decode(model, x):
    codes = ____
    reconstructions = ____
    return codes, reconstructions


q5.check(encode_decode)''',
    solution='''def encode_decode(model, x):
    codes = model.encode(x)
    reconstructions = model.decode(codes)
    return codes, reconstructions


q5.check(encode_decode)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q6: choosing a bottleneck

def _smallest_good_size(sizes, errors, budget):
    good = [size for size, error in zip(sizes, errors) if error <= budget]
    return min(good)


q6 = Question(
    "q6", "Choose a bottleneck by the numbers",
    "A sweep measured the held-out reconstruction error `errors[i]` of a model with latent size "
    "`sizes[i]` (two lists of the same length, sizes not necessarily in order). You can afford a "
    "held-out error of at most `budget`. Write `smallest_good_size(sizes, errors, budget)` that "
    "returns the smallest latent size whose error is within the budget (error <= budget). Every "
    "case has at least one such size.",
    check=function_check(_smallest_good_size, [
        Case(([1, 2, 4, 8, 16], [0.05, 0.04, 0.03, 0.02, 0.01], 0.025), about="sizes in order"),
        Case(([16, 2, 8, 4], [0.012, 0.041, 0.018, 0.027], 0.03), about="sizes out of order"),
        Case(([2, 4, 8], [0.04, 0.03, 0.02], 0.03), about="an error exactly on the budget"),
        Case(([2, 4, 8, 12], [0.04, 0.02, 0.01, 0.015], 0.02), about="errors that go up again"),
    ]),
    hints=[
        "First keep only the sizes whose error is at most the budget; then take the smallest of them. "
        "The answer is a size, not a position in the list.",
        "`min(size for size, error in zip(sizes, errors) if error <= budget)`. The size with the "
        "lowest error is a different question: it ignores the cost of a bigger code.",
    ],
    starter='''def smallest_good_size(sizes, errors, budget):
    good = [size for size, error in zip(sizes, errors) if ____]
    return ____


q6.check(smallest_good_size)''',
    solution='''def smallest_good_size(sizes, errors, budget):
    good = [size for size, error in zip(sizes, errors) if error <= budget]
    return min(good)


q6.check(smallest_good_size)''',
    chapter=CHAPTER,
)
