"""Mini-batches, epochs and stochastic gradient descent, on a line fitted by mean squared error.

Section 1 of ``notebooks/02_gradient_descent.ipynb`` computes every gradient
from all the data. Networks are trained differently: each **epoch** shuffles
the training samples and cuts them into **mini-batches** (:func:`epoch_batches`),
and every batch gives one step, taken with the gradient of that batch alone.
That is **stochastic gradient descent** (SGD; Robbins and Monro 1951 for the
idea of stepping with noisy estimates of the gradient); a batch holding every
sample is plain (full-batch) gradient descent again.

The model here has two parameters, ``pred = w * x + b``, so the steps can be
drawn on the loss surface: :func:`minibatch_paths` runs several batch sizes
from the same start, and
:func:`batch_gradient_spread` measures how far a batch's gradient is from the
full one. :mod:`latentedu.descent.plots` draws them
(``plot_minibatch_paths``, ``plot_minibatch_losses``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .._validation import as_array, check_int, check_int_list, check_number, check_pair, check_random_state

__all__ = ["MinibatchRun", "batch_gradient_spread", "epoch_batches", "minibatch_paths"]

_DIVERGED = 1e8  # a parameter beyond this counts as diverged


def epoch_batches(n_samples: int, batch_size: int, random_state=None, *, shuffle: bool = True) -> list[np.ndarray]:
    """The index batches of one epoch: every sample exactly once, ``ceil(n_samples / batch_size)`` batches.

    The samples are put in a random order (``random_state``: a seed or a
    ``numpy.random.Generator``, which is advanced) and cut into consecutive
    pieces of ``batch_size``; the last piece holds what is left, so it can be
    smaller. Each batch's indices are returned sorted (the order inside a
    batch does not change its mean gradient, and sorted indices make a batch
    of every sample compute exactly what full-batch gradient descent does).
    ``shuffle=False`` keeps the samples in their stored order.

    >>> [b.tolist() for b in epoch_batches(5, 2, shuffle=False)]
    [[0, 1], [2, 3], [4]]
    """
    n_samples = check_int(n_samples, "n_samples", low=1)
    batch_size = check_int(batch_size, "batch_size", low=1)
    if batch_size > n_samples:
        raise ValueError(f"batch_size={batch_size} is larger than the {n_samples} samples; "
                         f"use at most batch_size={n_samples} (one batch of every sample).")
    if not isinstance(shuffle, bool):
        raise TypeError(f"shuffle must be True or False, got {type(shuffle).__name__}.")
    order = np.random.default_rng(check_random_state(random_state)).permutation(n_samples) if shuffle \
        else np.arange(n_samples)
    return [np.sort(order[start:start + batch_size]) for start in range(0, n_samples, batch_size)]


def _check_data(x, y) -> tuple[np.ndarray, np.ndarray]:
    x = as_array(x, "x", ndim=1)
    y = as_array(y, "y", ndim=1)
    if len(x) != len(y):
        raise ValueError(f"x and y must have the same length (one y per x), got {len(x)} and {len(y)}.")
    if len(x) == 0:
        raise ValueError("x and y are empty: there is nothing to fit.")
    return x, y


def _line_loss(params, x, y) -> np.ndarray | float:
    """Mean squared error of the line ``pred = w * x + b`` at ``params = (w, b)``, or at many points.

    ``params`` is one point ``(w, b)`` (a float comes back) or an array of
    shape ``(..., 2)`` (an array of losses of shape ``(...)`` comes back).
    """
    x, y = _check_data(x, y)
    p = as_array(params, "params")
    if p.ndim == 0 or p.shape[-1] != 2:
        raise ValueError(f"params must be (w, b) or an array of shape (..., 2), got shape {p.shape}.")
    residual = p[..., :1] * x + p[..., 1:] - y  # (..., n)
    loss = np.mean(residual ** 2, axis=-1)
    return float(loss) if p.ndim == 1 else loss


@dataclass
class MinibatchRun:
    """One training run of :func:`minibatch_paths`: the points it visited and the loss there.

    ``path[i]`` is ``(w, b)`` after ``i`` steps (row 0: the start), ``loss[i]``
    the mean squared error on **all** the samples there (what the run is
    judged by, not the batch's own loss), and ``samples[i]`` how many samples'
    gradients were computed up to then. ``epochs`` is ``samples / n_samples``,
    ``epoch_ends[e]`` the loss at the end of epoch ``e`` (0: the start), and
    ``last_epoch`` the losses after each step of the last epoch.
    """

    batch_size: int
    n_samples: int
    lr: float
    path: np.ndarray      # (n_steps + 1, 2)
    loss: np.ndarray      # (n_steps + 1,)
    samples: np.ndarray   # (n_steps + 1,)

    @property
    def steps_per_epoch(self) -> int:
        return math.ceil(self.n_samples / self.batch_size)

    @property
    def epochs(self) -> np.ndarray:
        return self.samples / self.n_samples

    @property
    def epoch_ends(self) -> np.ndarray:
        """The full-data loss at the end of every epoch, the start first: shape ``(epochs + 1,)``."""
        return self.loss[::self.steps_per_epoch]

    @property
    def last_epoch(self) -> np.ndarray:
        """The full-data losses after each step of the last epoch (``steps_per_epoch`` of them)."""
        return self.loss[-self.steps_per_epoch:]


def _minibatch_path(x, y, batch_size: int, lr: float = 0.05, epochs: int = 10, *, start=(0.0, 0.0),
                   random_state=0) -> MinibatchRun:
    """Stochastic gradient descent on the line ``pred = w * x + b`` with mean squared error.

    Every epoch takes the batches of :func:`epoch_batches` (a fresh shuffle
    from ``random_state``) and, for each batch ``B``, one step with that
    batch's gradient alone::

        residual = w * x[B] + b - y[B]
        w, b = w - lr * mean(2 * residual * x[B]), b - lr * mean(2 * residual)

    ``batch_size = len(x)`` is full-batch gradient descent, one step per
    epoch; ``batch_size = 1`` is SGD in its original form, one sample per step.
    A run whose parameters blow up (beyond 1e8) raises ``FloatingPointError``.
    """
    x, y = _check_data(x, y)
    n = len(x)
    batch_size = check_int(batch_size, "batch_size", low=1)
    if batch_size > n:
        raise ValueError(f"batch_size={batch_size} is larger than the {n} samples; "
                         f"use at most batch_size={n} (full-batch gradient descent).")
    lr = check_number(lr, "lr", low=0.0, low_inclusive=False)
    epochs = check_int(epochs, "epochs", low=1, high=100_000)
    w, b = check_pair(start, "start")
    rng = np.random.default_rng(check_random_state(random_state))
    steps_per_epoch = math.ceil(n / batch_size)
    path = np.empty((epochs * steps_per_epoch + 1, 2))
    samples = np.zeros(len(path), dtype=np.int64)
    path[0] = w, b
    step = 0
    for _ in range(epochs):
        for index in epoch_batches(n, batch_size, rng):
            residual = w * x[index] + b - y[index]
            w, b = w - lr * np.mean(2 * residual * x[index]), b - lr * np.mean(2 * residual)
            step += 1
            if not (abs(w) < _DIVERGED and abs(b) < _DIVERGED):
                raise FloatingPointError(f"SGD with batch_size={batch_size} diverged at step {step} "
                                         f"(w = {w:.3g}, b = {b:.3g}): try a smaller learning rate than lr={lr}.")
            path[step] = w, b
            samples[step] = samples[step - 1] + len(index)
    return MinibatchRun(batch_size, n, lr, path, _line_loss(path, x, y), samples)


def minibatch_paths(x, y, batch_sizes=(None, 32, 1), lr: float = 0.05, epochs: int = 10, *,
                    start=(0.0, 0.0), random_state=0) -> dict[int, MinibatchRun]:
    """SGD on the line ``pred = w * x + b`` with several batch sizes from one start: ``{batch_size: run}``.

    Every epoch takes the batches of :func:`epoch_batches` (a fresh shuffle)
    and, for each batch ``B``, one step with that batch's gradient alone::

        residual = w * x[B] + b - y[B]
        w, b = w - lr * mean(2 * residual * x[B]), b - lr * mean(2 * residual)

    A batch size of ``len(x)`` (``None`` stands for it) is full-batch gradient
    descent, one step per epoch, bit for bit; a batch size of 1 is SGD in its
    original form, one sample per step. Every run shuffles with its own
    generator seeded by ``random_state``, so the same seed gives the same runs.
    Each run is a :class:`MinibatchRun`. A run whose parameters blow up
    (beyond 1e8) raises ``FloatingPointError``.
    """
    x, y = _check_data(x, y)
    if isinstance(batch_sizes, (str, bytes, dict)) or not hasattr(batch_sizes, "__iter__"):
        raise TypeError(f"batch_sizes must be a list of batch sizes such as (None, 32, 1), "
                        f"got {type(batch_sizes).__name__}.")
    sizes = check_int_list([len(x) if s is None else s for s in batch_sizes], "batch_sizes", low=1,
                           example="(None, 32, 1)")
    if len(set(sizes)) != len(sizes):
        raise ValueError(f"batch_sizes repeats a size: {sizes}. Give each batch size once.")
    seed = check_random_state(random_state)
    if isinstance(seed, np.random.Generator):
        raise TypeError("random_state must be a whole number here (each run is seeded with it), not a Generator.")
    return {size: _minibatch_path(x, y, size, lr, epochs, start=start, random_state=seed) for size in sizes}


def batch_gradient_spread(x, y, params, batch_size: int, random_state=0) -> float:
    """How far the batches' gradients are from the full gradient at ``params = (w, b)``.

    The samples are cut into the batches of one epoch (:func:`epoch_batches`),
    and for each batch the gradient of its own loss is compared with the
    gradient on all the data: the result is the mean over the batches of
    ``|g_batch - g_full| / |g_full|``. 0 for the full batch; larger for
    smaller batches (for batches drawn at random it shrinks roughly like
    ``1 / sqrt(batch_size)``).
    """
    x, y = _check_data(x, y)
    w, b = check_pair(params, "params")
    batch_size = check_int(batch_size, "batch_size", low=1)

    def gradient(index):
        residual = w * x[index] + b - y[index]
        return np.array([np.mean(2 * residual * x[index]), np.mean(2 * residual)])

    full = gradient(np.arange(len(x)))
    size = np.linalg.norm(full)
    if size == 0:
        raise ValueError(f"the full gradient at params={(w, b)} is zero (the minimum): pick another point.")
    batches = epoch_batches(len(x), batch_size, random_state)
    return float(np.mean([np.linalg.norm(gradient(index) - full) for index in batches]) / size)
