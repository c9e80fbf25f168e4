"""Optimizer paths: gradient descent, momentum, Nesterov, RMSprop and Adam written out in numpy.

Every update follows ``torch.optim``'s rules exactly, so :func:`descent_path`
and :func:`torch_path` visit the same points. :func:`race` runs all five from
one start, as the optimizer race (``latentedu.widgets.descent``) shows them.
"""

from __future__ import annotations

import math

import numpy as np

from .._validation import as_array, check_choice, check_int, check_number
from .surfaces import Surface, _as_surface

__all__ = ["DIVERGED", "OPTIMIZERS", "OPTIMIZER_COLORS", "OPTIMIZER_NAMES", "descent_path", "race",
           "steps_to_reach", "torch_path"]


OPTIMIZERS = ("gd", "momentum", "nesterov", "rmsprop", "adam")
OPTIMIZER_COLORS = {"gd": "#1f77b4", "momentum": "#ff7f0e", "nesterov": "#2ca02c",
                    "rmsprop": "#9467bd", "adam": "#d62728"}
OPTIMIZER_NAMES = {"gd": "gradient descent", "momentum": "momentum", "nesterov": "Nesterov",
                   "rmsprop": "RMSprop", "adam": "Adam"}
DIVERGED = 1e8  # a coordinate beyond this counts as diverged; the rest of the path is NaN


def _check_start(start) -> np.ndarray:
    start = as_array(start, "start")
    if start.ndim == 0 or start.shape[-1] != 2:
        raise ValueError(f"start must be a point (x, y) or an array of points of shape (n, 2), "
                         f"got shape {start.shape}. Pass e.g. start=(-1.5, 2.0).")
    return start


def descent_path(surface, start, optimizer: str = "gd", lr: float = 0.1, num_steps: int = 100, *,
                 momentum: float = 0.9, alpha: float = 0.99, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8) -> np.ndarray:
    """The points an optimizer visits on ``surface``: shape ``(num_steps + 1, *start.shape)``.

    Row 0 is ``start``. Every update follows ``torch.optim`` exactly, with ``g``
    the gradient at the current point ``p`` and ``t`` the step number (from 1):

    - ``"gd"`` (``SGD``): ``p -= lr * g``
    - ``"momentum"`` (``SGD(momentum=...)``): ``v = momentum * v + g`` (``v = g`` at
      the first step); ``p -= lr * v`` (Polyak 1964)
    - ``"nesterov"`` (``SGD(nesterov=True)``): the same ``v``, then
      ``p -= lr * (g + momentum * v)`` (Nesterov 1983; Sutskever et al. 2013)
    - ``"rmsprop"`` (``RMSprop``): ``s = alpha * s + (1 - alpha) * g**2``;
      ``p -= lr * g / (sqrt(s) + eps)`` (Tieleman and Hinton 2012)
    - ``"adam"`` (``Adam``): ``m = b1 * m + (1 - b1) * g``; ``s = b2 * s + (1 - b2) * g**2``;
      ``p -= lr / (1 - b1**t) * m / (sqrt(s) / sqrt(1 - b2**t) + eps)`` (Kingma and Ba 2015)

    ``start`` may hold several points, shape ``(n, 2)``; each follows its own
    path. A path that runs off (a coordinate beyond 1e8, or NaN) is NaN from
    that step on, so a too-large learning rate shows as a path that stops.
    """
    surface, p, lr, num_steps, (momentum, alpha, (b1, b2), eps) = _check_settings(
        surface, start, optimizer, lr, num_steps, momentum, alpha, betas, eps)
    points = p.reshape(-1, 2)
    kinds = np.full(len(points), OPTIMIZERS.index(optimizer))
    path = _run(surface, points, kinds, np.full(len(points), lr), num_steps, momentum, alpha, b1, b2, eps)
    return path.reshape(num_steps + 1, *p.shape)


def _check_settings(surface, start, optimizer, lr, num_steps, momentum, alpha, betas, eps) -> tuple:
    """Every argument of :func:`descent_path` and :func:`torch_path`, checked: ``(surface, start,
    lr, num_steps, (momentum, alpha, (beta1, beta2), eps))``."""
    surface = _as_surface(surface)
    start = _check_start(start)
    check_choice(optimizer, "optimizer", OPTIMIZERS)
    lr = check_number(lr, "lr", low=0.0, low_inclusive=False)
    num_steps = check_int(num_steps, "num_steps", low=0, high=1_000_000)
    momentum = check_number(momentum, "momentum", low=0.0, high=1.0, high_inclusive=False)
    alpha = check_number(alpha, "alpha", low=0.0, high=1.0, high_inclusive=False)
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        raise TypeError(f"betas must be a pair (beta1, beta2) like (0.9, 0.999), got {betas!r}.")
    b1 = check_number(betas[0], "betas[0]", low=0.0, high=1.0, high_inclusive=False)
    b2 = check_number(betas[1], "betas[1]", low=0.0, high=1.0, high_inclusive=False)
    eps = check_number(eps, "eps", low=0.0)
    return surface, start, lr, num_steps, (momentum, alpha, (b1, b2), eps)


def _run(surface: Surface, p: np.ndarray, kinds: np.ndarray, lrs: np.ndarray, num_steps: int, momentum: float,
         alpha: float, b1: float, b2: float, eps: float) -> np.ndarray:
    """All five update rules at once, one row of ``p`` per path; row i uses ``OPTIMIZERS[kinds[i]]``.

    Running every optimizer of the race as one batch keeps a whole race
    within a few milliseconds; each row gets exactly the arithmetic that its
    own optimizer would (the other rules are computed and thrown away).
    """
    grad = surface._grad
    lr = lrs[:, None]
    nesterov, plain_momentum = (kinds == 2)[:, None], (kinds == 1)[:, None]
    rms, adam = (kinds == 3)[:, None], (kinds == 4)[:, None]
    path = np.empty((num_steps + 1, *p.shape))
    path[0] = p
    v = np.zeros_like(p)      # momentum's velocity
    s_rms = np.zeros_like(p)  # RMSprop's running mean of g**2
    m = np.zeros_like(p)      # Adam's running mean of g
    s_adam = np.zeros_like(p)  # Adam's running mean of g**2
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for t in range(1, num_steps + 1):
            g = grad(p[:, 0], p[:, 1])
            v = g.copy() if t == 1 else momentum * v + g
            sgd_step = lr * np.where(nesterov, g + momentum * v, np.where(plain_momentum, v, g))
            s_rms = alpha * s_rms + (1 - alpha) * (g * g)
            rms_step = lr * (g / (np.sqrt(s_rms) + eps))
            m = m + (g - m) * (1 - b1)
            s_adam = b2 * s_adam + (1 - b2) * (g * g)
            adam_step = (lr / (1 - b1 ** t)) * (m / (np.sqrt(s_adam) / math.sqrt(1 - b2 ** t) + eps))
            p = p - np.where(adam, adam_step, np.where(rms, rms_step, sgd_step))
            gone = ~(np.abs(p) <= DIVERGED).all(axis=-1)
            if gone.any():
                p = np.where(gone[:, None], np.nan, p)
            path[t] = p
    return path


def torch_path(surface, start, optimizer: str = "gd", lr: float = 0.1, num_steps: int = 100, *,
               momentum: float = 0.9, alpha: float = 0.99, betas: tuple[float, float] = (0.9, 0.999),
               eps: float = 1e-8) -> np.ndarray:
    """The same path as :func:`descent_path`, computed by ``torch.optim`` with autograd (float64).

    The notebook and the tests compare the two to show the numpy updates are
    the ones PyTorch uses.
    """
    import torch

    surface, start, lr, num_steps, (momentum, alpha, betas, eps) = _check_settings(
        surface, start, optimizer, lr, num_steps, momentum, alpha, betas, eps)
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    makers = {
        "gd": lambda: torch.optim.SGD([p], lr=lr),
        "momentum": lambda: torch.optim.SGD([p], lr=lr, momentum=momentum),
        "nesterov": lambda: torch.optim.SGD([p], lr=lr, momentum=momentum, nesterov=True),
        "rmsprop": lambda: torch.optim.RMSprop([p], lr=lr, alpha=alpha, eps=eps),
        "adam": lambda: torch.optim.Adam([p], lr=lr, betas=betas, eps=eps),
    }
    opt = makers[optimizer]()
    path = np.empty((num_steps + 1, *start.shape))
    path[0] = start
    for t in range(1, num_steps + 1):
        opt.zero_grad()
        surface.value(p).sum().backward()  # the sum keeps each point's gradient its own
        opt.step()
        path[t] = p.detach().numpy()
    return path


def race(surface, start=None, *, lr: float | None = None, adaptive_lr: float | None = None,
         num_steps: int = 200, momentum: float = 0.9, optimizers=OPTIMIZERS) -> dict[str, np.ndarray]:
    """Every optimizer's path from the same start: ``{name: path}``.

    ``lr`` is used by gradient descent, momentum and Nesterov; ``adaptive_lr``
    by RMSprop and Adam, whose steps have a size of about ``lr`` whatever the
    gradient's size, so they need a learning rate of their own. Both default
    to the surface's suggestions; ``start`` defaults to the surface's.
    """
    surface = _as_surface(surface)
    start = surface.start if start is None else start
    lr = surface.lr if lr is None else lr
    adaptive_lr = surface.adaptive_lr if adaptive_lr is None else adaptive_lr
    lr = check_number(lr, "lr", low=0.0, low_inclusive=False)
    adaptive_lr = check_number(adaptive_lr, "adaptive_lr", low=0.0, low_inclusive=False)
    momentum = check_number(momentum, "momentum", low=0.0, high=1.0, high_inclusive=False)
    num_steps = check_int(num_steps, "num_steps", low=0, high=1_000_000)
    start = _check_start(start)
    if start.shape != (2,):
        raise ValueError(f"race takes one start point (x, y), got shape {start.shape}.")
    if isinstance(optimizers, (str, bytes)) or not hasattr(optimizers, "__iter__") or not len(optimizers):
        raise TypeError(f"optimizers must be a non-empty list of names such as ('gd', 'adam'), got {optimizers!r}.")
    optimizers = [check_choice(name, "optimizers", OPTIMIZERS) for name in optimizers]
    kinds = np.array([OPTIMIZERS.index(name) for name in optimizers], dtype=np.int64)
    lrs = np.array([adaptive_lr if name in ("rmsprop", "adam") else lr for name in optimizers])
    path = _run(surface, np.repeat(start[None], len(kinds), axis=0), kinds, lrs, num_steps, momentum,
                0.99, 0.9, 0.999, 1e-8)
    return {name: path[:, i] for i, name in enumerate(optimizers)}


def steps_to_reach(surface, path, tol: float = 1e-6) -> int | None:
    """The first step at which ``path`` is within ``tol`` of the surface's minimum value, or None."""
    surface = _as_surface(surface)
    path = as_array(path, "path", ndim=2, n_features=2, allow_nan=True)
    tol = check_number(tol, "tol", low=0.0, low_inclusive=False)
    with np.errstate(invalid="ignore"):
        close = np.flatnonzero(surface.gap(np.nan_to_num(path, nan=1e9)) < tol)
    return int(close[0]) if close.size else None

