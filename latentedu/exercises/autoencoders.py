"""Questions for ``exercises/03_autoencoders.ipynb``: PCA by hand, the autoencoder's loss, the bottleneck.

q1-q6 rebuild the chapter's steps; q7 measures whether a code helps a simple
classifier (nearest class mean, Q11); q8 is an experiment (train an
autoencoder whose held-out error at 2 dimensions beats PCA's, on a split of
the digits the learner never saw); q9 asks for a prediction (can a deep but
linear autoencoder beat PCA?) before a cell trains one; q10 draws a few labelled
examples per class, the first step of the lesson's few-label learning curves
(section 9, Q11). Each check builds its
own seeded data, so it never depends on the notebook's state. The reference
answers follow :mod:`latentedu.autoencoders`.
"""

from __future__ import annotations

import numpy as np
import torch

from ..autoencoders import Autoencoder, pca_errors, pca_fit
from .engine import (Case, Incorrect, Placeholder, Question, blank_lines, call_learner, choice_check, expect_number,
                     function_check, kind_of)

__all__ = ["AE_MARGIN", "compare_with_pca", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10"]

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
        'Two steps: move the data so the mean sits at the origin, then measure each point along each of the first k directions (a dot product per point and direction).',
        'Centre with `x - mean`. The first k directions are the rows `components[:k]`, shape `(k, d)`; multiplying the centred data by their transpose gives all the dot products at once, shape `(n, k)`.',
        '`centred = x - mean`, then `return centred @ components[:k].T`.',
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
        'Decoding undoes encoding: the code says how far to go along each direction, starting from the mean. Encode with the first k directions, then walk back.',
        'With `top = components[:k]`, the codes are `(x - mean) @ top.T`, shape `(n, k)`. Multiplying codes by `top` turns them back into d-dimensional offsets from the mean; forgetting to add the mean back is the classic slip.',
        '`codes = (x - mean) @ top.T`, then `return mean + codes @ top`.',
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


_NEEDED_CASES = [
    Case((np.array([3.0, 2.0, 1.0, 1.0]), 0.8), about="s = [3, 2, 1, 1], share 0.8"),
    Case((np.array([2.0, 1.0, 1.0, 1.0, 1.0]), 0.75), about="s = [2, 1, 1, 1, 1], share exactly reached"),
    Case((np.sqrt(np.arange(20, 0, -1.0)), 0.5), about="20 values, share 0.5"),
    Case((np.array([5.0, 0.1]), 0.9), about="one direction is enough"),
]
_needed_values = function_check(_components_needed, _NEEDED_CASES)


def _check_needed(answer) -> None:
    for case in _NEEDED_CASES:  # first the type the prompt asks for: a number of components is whole
        got = call_learner(answer, *case.args)
        if isinstance(got, float) and got == int(got):
            raise Incorrect(f"Your function returns {got!r} on {case.about}: a float. A number of components "
                            "is a whole number: return an int, e.g. `int(...)`.")
    _needed_values(answer)


q3 = Question(
    "q3", "How many components keep a share of the variance?",
    "The SVD of the centred data gives singular values `s` (a numpy array, largest first); the "
    "variance along direction `i` is proportional to `s[i] ** 2`. Write "
    "`components_needed(s, share)` that returns the smallest number of components `k` whose "
    "variances add up to at least `share` (a fraction such as 0.9) of the total, as an integer.",
    check=_check_needed,
    hints=[
        'Turn singular values into shares of the total variance, add the shares up in order, and find where the running total first reaches `share`.',
        'Variance along direction i is `s[i] ** 2` (not `s[i]`); divide by the total to get shares and add them up with `np.cumsum`. `np.argmax(running >= share)` finds the first index where it reaches the share (>=, so an exact hit counts); the number of components is that index plus one.',
        '`shares = np.cumsum(s**2) / np.sum(s**2)`, then `return int(np.argmax(shares >= share)) + 1`.',
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
    ], kind="torch", differentiable=(1,)),   # training calls .backward(): gradients must reach x_hat
    hints=[
        'The loss compares output and input pixel by pixel: take the difference, make it positive in a way that punishes big misses more, and average over everything. Keep it a torch tensor so training can call `.backward()` on it.',
        'Square the differences (over- and under-shooting both cost), then `.mean()` over all elements at once, every pixel of every sample. Stay in torch operations: `.item()`, `.detach()`, `torch.tensor(...)` or a `torch.no_grad()` block cut the path that `.backward()` follows.',
        '`return ((x_hat - x) ** 2).mean()`.',
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
        'The decoder takes codes, not images: feed it what the encoder gave you.',
        '`model.encode(x)` gives the codes, shape `(n, latent_dim)`; `model.decode(codes)` turns them back into images, shape `(n, 64)`. Return both, codes first.',
        '`codes = model.encode(x)`, `reconstructions = model.decode(codes)`, `return codes, reconstructions`.',
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
        'First keep only the sizes whose error is within the budget; then take the smallest of those. The answer is a size, not a position in the list.',
        'Walk over `zip(sizes, errors)` and keep each size whose error is at most the budget (`<=`, so an error exactly on the budget counts). Then take `min` of the kept sizes: not the first kept one (the sizes may be out of order) and not the one with the lowest error (that ignores the cost of a bigger code).',
        '`good = [size for size, error in zip(sizes, errors) if error <= budget]`, then `return min(good)`.',
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


# --------------------------------------------------------------------------- q7: does a code help? (Q11)

def _centroid_accuracy(z_train, y_train, z_test, y_test):
    z_train, z_test = np.asarray(z_train, dtype=np.float64), np.asarray(z_test, dtype=np.float64)
    y_train, y_test = np.asarray(y_train), np.asarray(y_test)
    labels = np.unique(y_train)                                             # sorted: ties go to the smallest
    centroids = np.stack([z_train[y_train == label].mean(axis=0) for label in labels])
    distances = ((z_test[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=-1)  # (n_test, n_classes)
    return float((labels[distances.argmin(axis=1)] == y_test).mean())


def _clusters(n_per_class, labels, spread, seed, dim=2):
    rng = np.random.default_rng(seed)
    centres = rng.normal(0, 3, size=(len(labels), dim))
    z = np.concatenate([c + spread * rng.normal(size=(n_per_class, dim)) for c in centres])
    return z, np.repeat(np.asarray(labels), n_per_class)


_Z_TRAIN, _Y_TRAIN = _clusters(30, [0, 1, 2, 3], 1.5, 71)
_Z_TEST, _Y_TEST = _clusters(20, [0, 1, 2, 3], 1.5, 72)
_Z_ODD_TRAIN, _Y_ODD_TRAIN = _clusters(25, [7, 2, 5], 2.0, 73, dim=3)
_Z_ODD_TEST, _Y_ODD_TEST = _clusters(15, [2, 5, 7], 2.0, 74, dim=3)
# centroids of class 1 at (0, 2) and class 0 at (0, -2): a test point at (5, 0) is exactly between them
_Z_TIE_TRAIN = np.array([[0.0, 1.0], [0.0, 3.0], [0.0, -1.0], [0.0, -3.0], [9.0, 9.0]])
_Y_TIE_TRAIN = np.array([1, 1, 0, 0, 4])
_Z_TIE_TEST = np.array([[5.0, 0.0], [0.0, 2.5], [8.0, 8.0], [-3.0, 0.0]])
_Y_TIE_TEST = np.array([0, 1, 4, 0])

q7 = Question(
    "q7", "Does a code make classification easier?",
    "A code helps a task when, in it, the classes sit in compact groups. One simple test: the "
    "*nearest class mean* classifier. Write `centroid_accuracy(z_train, y_train, z_test, y_test)`: "
    "compute the mean code of each class in the training codes (`z_train`, shape `(n, k)`, labels "
    "`y_train`, integers that need not run from 0), give each test code the label of the nearest class "
    "mean (Euclidean distance; when two class means are exactly as near, the smaller label wins), and "
    "return the share of test codes labelled right, a number between 0 and 1. All inputs are numpy arrays.",
    check=function_check(_centroid_accuracy, [
        Case((_Z_TRAIN, _Y_TRAIN, _Z_TEST, _Y_TEST), about="four classes of 2-D codes"),
        Case((_Z_ODD_TRAIN, _Y_ODD_TRAIN, _Z_ODD_TEST, _Y_ODD_TEST), about="3-D codes with labels 2, 5 and 7"),
        Case((_Z_TIE_TRAIN, _Y_TIE_TRAIN, _Z_TIE_TEST, _Y_TIE_TEST),
             about="a test code exactly between two class means"),
    ], rtol=1e-9, atol=1e-9),
    hints=[
        "Three steps: one mean code per class, then for every test code the class whose mean is nearest, "
        "then the share of those guesses that match `y_test`.",
        "`labels = np.unique(y_train)` lists the classes in increasing order (whatever their values); "
        "`z_train[y_train == label].mean(axis=0)` is one class mean. The squared distances from every test "
        "code to every mean form an `(n_test, n_classes)` array via broadcasting; `argmin(axis=1)` picks the "
        "nearest, and it picks the first (smallest label) on a tie. Map the positions back with `labels[...]`.",
        "`centroids = np.stack([z_train[y_train == c].mean(axis=0) for c in labels])`, "
        "`d = ((z_test[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=-1)`, "
        "`return float((labels[d.argmin(axis=1)] == y_test).mean())`.",
    ],
    starter='''import numpy as np


def centroid_accuracy(z_train, y_train, z_test, y_test):
    labels = np.unique(y_train)                  # the classes, in increasing order
    centroids = ____                             # (n_classes, k): one mean code per class
    distances = ____                             # (n_test, n_classes)
    predicted = labels[distances.argmin(axis=1)]
    return ____


q7.check(centroid_accuracy)''',
    solution='''import numpy as np


def centroid_accuracy(z_train, y_train, z_test, y_test):
    labels = np.unique(y_train)                  # the classes, in increasing order
    centroids = np.stack([z_train[y_train == c].mean(axis=0) for c in labels])   # (n_classes, k): one mean code per class
    distances = ((z_test[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=-1)  # (n_test, n_classes)
    predicted = labels[distances.argmin(axis=1)]
    return float((predicted == y_test).mean())


q7.check(centroid_accuracy)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q8 experiment: beat PCA at 2-D

AE_MARGIN = 0.95           # the autoencoder's held-out error must be below this share of PCA's
_AE_SPLIT_SEED = 12        # the check's split of the digits; the notebook uses load_digits()'s default
_AE_TIME_LIMIT = 60.0      # seconds for the learner's training


def _run_training(train, x_train, who: str):
    """The learner's model, trained by ``train(x_train)``, with a message for slow or broken training."""
    try:
        model = call_learner(train, x_train, time_limit=_AE_TIME_LIMIT)
    except Incorrect as exc:
        if "still running" in str(exc) or "took" in str(exc):
            raise Incorrect(f"{who} took more than {_AE_TIME_LIMIT:g} s to train, so it was stopped. The "
                            "digits need only a few seconds: use fewer epochs (20-40 go a long way), a larger "
                            "batch, or a smaller network, and print the time one epoch takes.") from None
        raise
    for method in ("encode", "decode"):
        if not callable(getattr(model, method, None)):
            raise Incorrect(f"{who} should return the trained model, with `encode` and `decode` methods "
                            f"(an `Autoencoder` has both), but it returned {kind_of(model)}, which has no "
                            f"`{method}`. Did you return the loss history instead of the model?")
    return model


def _call_method(model, method: str, x):
    """``model.<method>(x)`` through :func:`call_learner`, its messages naming the method, not "your function"."""
    try:
        return call_learner(getattr(model, method), x)
    except Incorrect as exc:
        raise Incorrect(str(exc).replace("Your function", f"Your model's `{method}`", 1)) from None


def _held_out_error(model, x) -> tuple[float, torch.Tensor]:
    import torch

    if hasattr(model, "eval"):
        model.eval()
    with torch.no_grad():
        codes = _call_method(model, "encode", x)
        if not isinstance(codes, torch.Tensor):
            raise Incorrect(f"`model.encode` should return a torch tensor of codes, but it returned "
                            f"{kind_of(codes)}.")
        if tuple(codes.shape) != (len(x), 2):
            raise Incorrect(f"`model.encode` gives codes of shape {tuple(codes.shape)} for {len(x)} images; the "
                            f"bottleneck must be 2 numbers per image, shape ({len(x)}, 2).")
        rebuilt = _call_method(model, "decode", codes)
        if not isinstance(rebuilt, torch.Tensor):
            raise Incorrect(f"`model.decode` should return a torch tensor of images, but it returned "
                            f"{kind_of(rebuilt)}.")
        if tuple(rebuilt.shape) != tuple(x.shape):
            raise Incorrect(f"`model.decode` turns the codes into shape {tuple(rebuilt.shape)}; it should rebuild "
                            f"the images, shape {tuple(x.shape)}.")
        error = float(((rebuilt.float() - x) ** 2).mean())
    if not np.isfinite(error):
        raise Incorrect("Your autoencoder's reconstructions contain NaN or infinity: training diverged. "
                        "Use a smaller learning rate.")
    return error, codes


def _pca_error(x_train, x_test) -> float:
    pca = pca_fit(x_train.numpy().astype(np.float64))
    return float(pca_errors(pca, x_test.numpy().astype(np.float64), [2])[0])


def _check_beats_pca(train) -> None:
    from ..data import load_digits

    digits = load_digits(random_state=_AE_SPLIT_SEED)
    model = _run_training(train, digits.x_train.clone(), "Your function")
    error, _ = _held_out_error(model, digits.x_test)
    train_error, _ = _held_out_error(model, digits.x_train)
    pca = _pca_error(digits.x_train, digits.x_test)
    if error <= AE_MARGIN * pca:
        return f"On digits it never saw, its error is {error:.4f} against PCA's {pca:.4f} ({error / pca - 1:+.0%})."
    said = (f"On a split of the digits your function never saw, your autoencoder's held-out error is "
            f"{error:.4f}; PCA with 2 components gets {pca:.4f}, and the target is at least "
            f"{1 - AE_MARGIN:.0%} below PCA's ({AE_MARGIN * pca:.4f}). ")
    average_digit = float(((digits.x_test - digits.x_train.mean(dim=0)) ** 2).mean())
    if error >= average_digit:
        raise Incorrect(said + f"Drawing the average digit for every image would get {average_digit:.4f}, so your "
                        "model has not learned much: did the training run (`train_autoencoder(model, x_train, "
                        "...)`) on the very model you return?")
    if train_error > 0.97 * pca:
        raise Incorrect(said + f"On its own training digits it gets {train_error:.4f}, no better: it is "
                        "underfitting. A linear model can at best match PCA, so make sure the network has "
                        "nonlinear activations, then train longer or with a larger learning rate.")
    raise Incorrect(said + f"On its training digits it gets {train_error:.4f}, much better than on new ones: "
                    "it memorises rather than generalises. Train for fewer epochs or use a smaller network.")


def compare_with_pca(train, digits=None) -> dict:
    """Train with the learner's ``train(x_train)`` on the notebook's digits; held-out errors against PCA's.

    Returns ``{"autoencoder": error, "PCA (k=2)": error}``, or the blank ``____``
    while ``train`` still has one (so an untouched exercise cell runs).
    """
    from ..data import load_digits

    if isinstance(train, Placeholder) or blank_lines(train):
        return Placeholder()
    digits = load_digits() if digits is None else digits
    model = _run_training(train, digits.x_train.clone(), "Your function")
    error, _ = _held_out_error(model, digits.x_test)
    return {"autoencoder": round(error, 4), "PCA (k=2)": round(_pca_error(digits.x_train, digits.x_test), 4)}


q8 = Question(
    "q8", "Experiment: an autoencoder that beats PCA with two numbers",
    "With a code of 2 numbers, PCA is the best *flat* code for squared error. Write "
    "`train_2d_autoencoder(x_train)` that builds an autoencoder with a 2-number bottleneck, trains it on "
    "`x_train` (a float tensor of digits, shape `(n, 64)`, values in [0, 1]) and returns the trained model "
    "(it needs `encode` and `decode`, as `ae.Autoencoder` has). The check calls it on a split of the digits "
    "it never showed you and measures the mean squared reconstruction error on the held-out digits: it must "
    f"be at least {1 - AE_MARGIN:.0%} below PCA's at 2 components. Training should take seconds, not "
    f"minutes (the check stops it after {_AE_TIME_LIMIT:g} s).",
    check=_check_beats_pca,
    hints=[
        "PCA is already the best *linear* 2-number code, so a linear autoencoder can at best tie. To beat it, "
        "the encoder and decoder must bend: hidden layers with a nonlinearity, and enough training to use them.",
        "`ae.Autoencoder(64, latent_dim=2)` is 64-128-32-2 with ReLU and a sigmoid output (the digits lie in "
        "[0, 1]); `ae.train_autoencoder(model, x_train, epochs=..., lr=...)` trains it with Adam. Compare a few "
        "epoch counts (10, 30, 60) and learning rates (1e-3, 3e-3, 1e-2) with `compare_with_pca` before you "
        "check: too few epochs or too small a rate leaves it worse than PCA.",
        "`model = ae.Autoencoder(64, latent_dim=2)`, `ae.train_autoencoder(model, x_train, epochs=30, "
        "lr=3e-3)`, `return model`: about 25% below PCA's error, in a few seconds.",
    ],
    starter='''def train_2d_autoencoder(x_train):
    model = ae.Autoencoder(64, latent_dim=____)
    ae.train_autoencoder(model, x_train, epochs=____, lr=____)
    return model


q8.check(train_2d_autoencoder)''',
    solution='''def train_2d_autoencoder(x_train):
    model = ae.Autoencoder(64, latent_dim=2)
    ae.train_autoencoder(model, x_train, epochs=30, lr=3e-3)
    return model


q8.check(train_2d_autoencoder)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q9 predict: deep but linear

_DEEP_LINEAR_OPTIONS = {
    "a": "yes, clearly: its extra layers and weights fit the digits better than PCA's one flat map",
    "b": "no: at best it matches PCA's error",
    "c": "no, and it cannot even come close to PCA's error",
    "d": "yes on the training digits, but not on held-out ones",
}

q9 = Question(
    "q9", "Predict: can a deep linear autoencoder beat PCA?",
    "Predict before you train it. Take the autoencoder of q8, `64 -> 128 -> 32 -> 2 -> 32 -> 128 -> 64`, but "
    "with no nonlinearity anywhere (`activation=\"identity\", output=\"identity\"`), and train it well. Can "
    "its error at 2 dimensions beat PCA's with 2 components?\n\n"
    + "\n".join(f"- ({letter}) {text}" for letter, text in _DEEP_LINEAR_OPTIONS.items())
    + "\n\nSet `prediction` to one letter and check it; the cell below it trains one.",
    check=choice_check("b", _DEEP_LINEAR_OPTIONS, reasons={
        "a": "Count what the layers can do together: a linear map of a linear map is one linear map. However "
             "many layers, the whole encoder is one matrix onto 2 numbers and the decoder one matrix back, "
             "which is a flat 2-D subspace, the thing PCA already chooses best. Train it in the next cell.",
        "c": "Gradient descent does find a good linear map here: its error lands close to PCA's. Train it in "
             "the next cell and compare.",
        "d": "PCA's subspace is the best flat 2-D code on the very digits it was fitted to, so a linear "
             "autoencoder cannot beat it there either. Train it in the next cell and compare.",
    }, explain="Stacked linear layers make one linear map, so the deep linear autoencoder can only learn a flat "
               "2-D subspace, and PCA's is the best one for squared error: training can reach PCA's error but "
               "not go below it. Depth pays off only with a nonlinearity, as in q8."),
    hints=[
        "What is a linear layer applied to the output of another linear layer?",
        "Multiply it out: `(x @ A) @ B = x @ (A @ B)`. However many identity-activation layers, the encoder is "
        "one matrix from 64 numbers to 2 and the decoder one matrix back. Which 2-D flat code has the lowest "
        "squared error on the training digits?",
        'At best it ties with PCA: `prediction = "b"`.',
    ],
    starter='''prediction = ____   # "a", "b", "c" or "d"
q9.check(prediction)''',
    solution='''prediction = "b"   # "a", "b", "c" or "d"
q9.check(prediction)''',
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q10: a few labels per class (Q11)

def _draw_few(labels, n, seed):
    rng = np.random.default_rng(seed)
    labels = np.asarray(labels)
    return np.concatenate([rng.permutation(np.flatnonzero(labels == c))[:n] for c in np.unique(labels)])


# three classes with labels 3, 0 and 12 (6, 9 and 4 images), mixed up; ten classes of 20
_FEW_LABELS = np.random.default_rng(404).permutation(np.repeat([3, 0, 12], [6, 9, 4]))
_FEW_TEN = np.random.default_rng(405).permutation(np.repeat(np.arange(10), 20))
_FEW_CASES = [(_FEW_LABELS, 2, 5, "labels 3, 0 and 12 and n=2"),
              (_FEW_LABELS, 4, 11, "labels 3, 0 and 12 and n=4 (all 4 images of class 12)"),
              (_FEW_LABELS, 1, 0, "labels 3, 0 and 12 and n=1"), (_FEW_TEN, 3, 2, "ten classes of 20 and n=3")]


def _as_indices(result, labels, about: str) -> np.ndarray:
    """The learner's result as a 1-D integer array of valid positions, or Incorrect saying what is wrong."""
    if hasattr(result, "detach"):
        result = result.detach().cpu().numpy()
    if isinstance(result, (set, dict, str, bytes)) or np.ndim(result) != 1:
        raise Incorrect(f"With {about}, your function returned {kind_of(result)}; return the chosen positions as a "
                        "1-D numpy array (or a list) of whole numbers, such as `np.array([4, 17, 2])`.")
    arr = np.asarray(result)
    if arr.dtype == bool:
        raise Incorrect(f"With {about}, your function returned an array of True/False, a mask; return the positions "
                        "themselves (`np.flatnonzero(mask)` turns a mask into positions).")
    if arr.dtype.kind not in "iu" and not (arr.dtype.kind == "f" and len(arr) and np.all(arr == np.round(arr))):
        raise Incorrect(f"With {about}, your function returned {kind_of(result)}, not whole-number positions.")
    arr = arr.astype(np.int64)
    if len(arr) and (arr.min() < 0 or arr.max() >= len(labels)):
        raise Incorrect(f"With {about}, your function returned a position outside 0..{len(labels) - 1}: return "
                        "positions into `labels` (0 for its first entry), not something else such as the labels.")
    return arr


def _check_draw_few(draw_few) -> str:
    for labels, n, seed, about in _FEW_CASES:
        got = _as_indices(call_learner(draw_few, labels, n, seed, rng_untouched=True), labels, about)
        if len(set(got.tolist())) < len(got):
            raise Incorrect(f"With {about}, your function picked the same image twice (a position repeats). Draw "
                            "without replacement (`replace=False`, or shuffle and take the first n), and return "
                            "positions into `labels`, not the labels of the images drawn.")
        classes = np.unique(labels)
        counts = {int(c): int((labels[got] == c).sum()) for c in classes}
        off = {c: k for c, k in counts.items() if k != n}
        if off:
            told = ", ".join(f"{k} of class {c}" for c, k in list(off.items())[:3])
            raise Incorrect(f"With {about}, your function picked {told}; every class should get exactly n={n} "
                            f"({len(classes)} classes, so {n * len(classes)} positions in all). Loop over the "
                            "classes that occur in `labels` (`np.unique(labels)`), whatever their values.")
        again = _as_indices(call_learner(draw_few, labels, n, seed, rng_untouched=True), labels, about)
        if sorted(again.tolist()) != sorted(got.tolist()):
            raise Incorrect(f"With {about}, two calls with the same seed picked different images: the draw must be "
                            "reproducible. Make the generator from the seed inside your function "
                            "(`rng = np.random.default_rng(seed)`).")
    draws = set()
    for seed in range(8):
        got = _as_indices(call_learner(draw_few, _FEW_TEN, 3, seed, rng_untouched=True), _FEW_TEN,
                          f"ten classes of 20, n=3 and seed {seed}")
        draws.add(tuple(sorted(got.tolist())))
    if len(draws) < 4:
        raise Incorrect(f"With seeds 0 to 7 (ten classes of 20, n=3) your function made only {len(draws)} different "
                        "draw(s): the images must be chosen at random, with the seed deciding which. Taking the "
                        "first (or last) n of each class is not a random draw.")
    return "Every class got exactly n, no image twice, the same seed gives the same draw and other seeds others."


q10 = Question(
    "q10", "A few labels per class",
    "Section 9 of the lesson gives a classifier only `n` labelled images per class. Write "
    "`draw_few(labels, n, seed)`: `labels` is a 1-D numpy array of whole-number class labels (any values, "
    "not necessarily 0, 1, 2, ...), and the function returns the **positions** of `n` images of every class "
    "that occurs, drawn at random without repeats, as a 1-D numpy array of whole numbers (in any order). The "
    "same `seed` must give the same draw, other seeds other draws; use a generator of your own, "
    "`np.random.default_rng(seed)`, and leave numpy's global one alone.",
    check=_check_draw_few,
    hints=[
        "Work class by class: find where each class sits in `labels`, pick n of those places at random, and "
        "put all the picks together.",
        "`np.unique(labels)` lists the classes; `np.flatnonzero(labels == c)` gives the positions of class c. "
        "With `rng = np.random.default_rng(seed)`, `rng.choice(positions, n, replace=False)` (or "
        "`rng.permutation(positions)[:n]`) draws n of them; `np.concatenate` joins the classes.",
        "`rng = np.random.default_rng(seed)`, then `return np.concatenate([rng.choice(np.flatnonzero(labels == c), "
        "n, replace=False) for c in np.unique(labels)])`.",
    ],
    starter='''def draw_few(labels, n, seed):
    rng = np.random.default_rng(seed)
    picks = []
    for c in np.unique(labels):
        positions = ____                      # where class c sits in labels
        picks.append(____)                    # n of them, at random, no repeats
    return np.concatenate(picks)


q10.check(draw_few)''',
    solution='''def draw_few(labels, n, seed):
    rng = np.random.default_rng(seed)
    picks = []
    for c in np.unique(labels):
        positions = np.flatnonzero(labels == c)                  # where class c sits in labels
        picks.append(rng.choice(positions, n, replace=False))    # n of them, at random, no repeats
    return np.concatenate(picks)


q10.check(draw_few)''',
    chapter=CHAPTER,
)
