"""Gradient descent and backpropagation: loss surfaces, optimizer paths, gradients by hand.

Used by ``notebooks/02_gradient_descent.ipynb``, its exercises and the optimizer
race (``latentedu.widgets.descent``). Four parts, in the order of the lesson:

1. **Surfaces**: small 2-D losses with a known minimum (a tilted ill-conditioned
   bowl, Rosenbrock's valley, Beale's function, a saddle), each with a value and
   a gradient that work on arrays of points at once.
2. **Optimizer paths**: gradient descent, momentum, Nesterov, RMSprop and Adam
   written out in numpy, following ``torch.optim``'s update rules exactly, so
   :func:`descent_path` and :func:`torch_path` visit the same points.
3. **Backpropagation by hand** for a tiny two-layer network, a numerical
   gradient, and :func:`compare_gradients`, which reports "matches / max difference".
4. **Hidden-layer snapshots**: a small network's 2-D hidden layer recorded
   across training, to watch a latent representation form.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Mapping

import numpy as np

from ._validation import as_array, check_choice, check_int, check_number

__all__ = [
    "OPTIMIZERS",
    "OPTIMIZER_COLORS",
    "SURFACES",
    "GradientReport",
    "Snapshot",
    "Surface",
    "compare_gradients",
    "descent_path",
    "hidden_snapshots",
    "init_two_layer",
    "landmarks",
    "log_gap_curves",
    "make_surface",
    "numerical_gradient",
    "output_boundary",
    "plot_contours",
    "plot_loss_curves",
    "plot_paths",
    "plot_snapshot",
    "race",
    "steps_to_reach",
    "torch_gradient",
    "torch_path",
    "two_layer_backward",
    "two_layer_forward",
]

# --------------------------------------------------------------------------- surfaces

SURFACES = ("bowl", "rosenbrock", "beale", "saddle")
BOWL_ANGLE = math.pi / 6  # the bowl is tilted, so no optimizer gets its axes for free


@dataclass(frozen=True)
class Surface:
    """A 2-D loss with a known minimum, and what the race needs to draw it.

    ``value(xy)`` and ``grad(xy)`` take points of shape ``(..., 2)`` (numpy, or
    a torch tensor for ``value`` so autograd can differentiate it) and return
    shape ``(...)`` and ``(..., 2)``. ``min_value`` is the lowest value the loss
    takes; ``gap(xy)`` is ``value(xy) - min_value``, what the race plots on a log
    scale. ``lr`` and ``adaptive_lr`` are learning rates that work from
    ``start`` (for the gradient family and for RMSprop/Adam).
    """

    name: str
    title: str
    _value: Callable = field(repr=False)
    _grad: Callable = field(repr=False)
    minimum: tuple[float, float]
    min_value: float
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    start: tuple[float, float]
    lr: float
    adaptive_lr: float
    condition: float | None = None

    def value(self, xy):
        """The loss at points ``xy`` of shape ``(..., 2)``."""
        if hasattr(xy, "detach"):  # a torch tensor: keep it differentiable
            return self._value(xy[..., 0], xy[..., 1])
        xy = as_array(xy, "xy", n_features=2)
        return self._value(xy[..., 0], xy[..., 1])

    def grad(self, xy) -> np.ndarray:
        """The gradient at points ``xy``: shape ``(..., 2)``."""
        xy = as_array(xy, "xy", n_features=2)
        return self._grad(xy[..., 0], xy[..., 1])

    def gap(self, xy):
        """How far above its minimum the loss is at ``xy`` (zero at the minimum)."""
        return self.value(xy) - self.min_value


def _bowl(condition: float) -> Surface:
    c, s = math.cos(BOWL_ANGLE), math.sin(BOWL_ANGLE)

    def value(x, y):
        u, v = c * x + s * y, -s * x + c * y  # coordinates along the bowl's own axes
        return 0.5 * (u * u / condition + v * v)

    def grad(x, y):
        u, v = c * x + s * y, -s * x + c * y
        du, dv = u / condition, v
        return np.stack([c * du - s * dv, s * du + c * dv], axis=-1)

    return Surface("bowl", f"tilted bowl, condition number {condition:g}", value, grad, (0.0, 0.0), 0.0,
                   (-3.0, 3.0), (-3.0, 3.0), (-2.5, 1.0), lr=1.0, adaptive_lr=0.3, condition=condition)


def _rosenbrock_value(x, y):
    return (1 - x) ** 2 + 100 * (y - x * x) ** 2


def _rosenbrock_grad(x, y):
    return np.stack([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)], axis=-1)


def _beale_terms(x, y):
    return 1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y * y * y


def _beale_value(x, y):
    t1, t2, t3 = _beale_terms(x, y)
    return t1 * t1 + t2 * t2 + t3 * t3


def _beale_grad(x, y):
    t1, t2, t3 = _beale_terms(x, y)
    dx = 2 * t1 * (y - 1) + 2 * t2 * (y * y - 1) + 2 * t3 * (y * y * y - 1)
    dy = 2 * t1 * x + 4 * t2 * x * y + 6 * t3 * x * y * y
    return np.stack([dx, dy], axis=-1)


def _saddle_value(x, y):
    return 0.5 * x * x + 0.25 * y ** 4 - 0.5 * y * y


def _saddle_grad(x, y):
    return np.stack([x, y ** 3 - y], axis=-1)


def make_surface(name: str = "bowl", condition: float = 10.0) -> Surface:
    """One of the race's surfaces by name: "bowl", "rosenbrock", "beale" or "saddle".

    - ``bowl``: ``(u**2 / condition + v**2) / 2`` in coordinates ``(u, v)``
      turned by 30 degrees; its curvatures are ``1/condition`` and ``1``, so
      ``condition`` is the ratio of the steepest to the flattest direction.
    - ``rosenbrock``: ``(1 - x)**2 + 100 (y - x**2)**2``, a curved valley with its
      minimum at (1, 1) (Rosenbrock 1960).
    - ``beale``: Beale's function (1958), minimum 0 at (3, 0.5), with flat
      plateaus and steep walls.
    - ``saddle``: ``x**2 / 2 + y**4 / 4 - y**2 / 2``: a saddle point at the origin
      between two minima at (0, -1) and (0, 1).

    >>> make_surface("bowl", condition=50).grad([[1.0, 0.0]]).shape
    (1, 2)
    """
    check_choice(name, "name", SURFACES)
    if name == "bowl":
        return _bowl(check_number(condition, "condition", low=1.0, high=1e6))
    if name == "rosenbrock":
        return Surface(name, "Rosenbrock's valley", _rosenbrock_value, _rosenbrock_grad, (1.0, 1.0), 0.0,
                       (-2.0, 2.0), (-1.0, 3.0), (-1.5, 2.5), lr=1e-3, adaptive_lr=0.05)
    if name == "beale":
        return Surface(name, "Beale's function", _beale_value, _beale_grad, (3.0, 0.5), 0.0,
                       (-4.5, 4.5), (-4.5, 4.5), (0.7, 1.4), lr=0.01, adaptive_lr=0.1)
    return Surface(name, "saddle between two minima", _saddle_value, _saddle_grad, (0.0, 1.0), -0.25,
                   (-2.0, 2.0), (-2.0, 2.0), (-1.8, 0.001), lr=0.1, adaptive_lr=0.05)


def _as_surface(surface) -> Surface:
    if isinstance(surface, Surface):
        return surface
    if isinstance(surface, str):
        return make_surface(surface)
    raise TypeError(f"surface must be a Surface or one of {', '.join(map(repr, SURFACES))}, "
                    f"got {type(surface).__name__}. Build one with make_surface('bowl', condition=10).")


# --------------------------------------------------------------------------- optimizer paths

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
    surface = _as_surface(surface)
    p = _check_start(start).copy()
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

    points = p.reshape(-1, 2)
    kinds = np.full(len(points), OPTIMIZERS.index(optimizer))
    path = _run(surface, points, kinds, np.full(len(points), lr), num_steps, momentum, alpha, b1, b2, eps)
    return path.reshape(num_steps + 1, *p.shape)


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

    surface = _as_surface(surface)
    start = _check_start(start)
    check_choice(optimizer, "optimizer", OPTIMIZERS)
    lr = check_number(lr, "lr", low=0.0, low_inclusive=False)
    num_steps = check_int(num_steps, "num_steps", low=0, high=1_000_000)
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    makers = {
        "gd": lambda: torch.optim.SGD([p], lr=lr),
        "momentum": lambda: torch.optim.SGD([p], lr=lr, momentum=momentum),
        "nesterov": lambda: torch.optim.SGD([p], lr=lr, momentum=momentum, nesterov=True),
        "rmsprop": lambda: torch.optim.RMSprop([p], lr=lr, alpha=alpha, eps=eps),
        "adam": lambda: torch.optim.Adam([p], lr=lr, betas=tuple(betas), eps=eps),
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
    optimizers = [check_choice(name, "optimizer", OPTIMIZERS) for name in optimizers]
    kinds = np.array([OPTIMIZERS.index(name) for name in optimizers], dtype=np.int64)
    lrs = np.array([adaptive_lr if name in ("rmsprop", "adam") else lr for name in optimizers])
    path = _run(surface, np.repeat(start[None], len(kinds), axis=0), kinds, lrs, num_steps, momentum,
                0.99, 0.9, 0.999, 1e-8)
    return {name: path[:, i] for i, name in enumerate(optimizers)}


def steps_to_reach(surface, path, tol: float = 1e-6) -> int | None:
    """The first step at which ``path`` is within ``tol`` of the surface's minimum value, or None."""
    surface = _as_surface(surface)
    path = as_array(path, "path", ndim=2, n_features=2, allow_nan=True)
    with np.errstate(invalid="ignore"):
        close = np.flatnonzero(surface.gap(np.nan_to_num(path, nan=1e9)) < tol)
    return int(close[0]) if close.size else None


# --------------------------------------------------------------------------- drawing the race

@lru_cache(maxsize=32)
def _grid(name: str, condition: float | None, resolution: int):
    surface = make_surface(name, condition if condition is not None else 10.0)
    gx, gy = np.meshgrid(np.linspace(*surface.xlim, resolution), np.linspace(*surface.ylim, resolution))
    gap = surface.gap(np.stack([gx, gy], axis=-1))
    return gx, gy, np.maximum(gap, 1e-12)


def landmarks(surface) -> list[tuple[tuple[float, float], dict]]:
    """``[((x, y), line style)]``: the surface's minima (gold stars) and, on the saddle, the
    saddle point (a cross), as :func:`plot_contours` marks them."""
    surface = _as_surface(surface)
    star = {"marker": "*", "color": "gold", "markeredgecolor": "black", "markersize": 13}
    marks = [(tuple(surface.minimum), star)]
    if surface.name == "saddle":
        marks += [((0.0, -1.0), star), ((0.0, 0.0), {"marker": "x", "color": "black", "markersize": 8})]
    return marks


def plot_contours(ax, surface, *, resolution: int = 100, n_levels: int = 18, cmap: str = "Greys_r"):
    """Log-spaced contour lines of ``surface`` over its box, the minimum marked with a star."""
    from matplotlib.colors import LogNorm

    surface = _as_surface(surface)
    gx, gy, gap = _grid(surface.name, surface.condition, resolution)
    levels = np.geomspace(max(gap.min(), 1e-4), gap.max(), n_levels)
    ax.contour(gx, gy, gap, levels=levels, norm=LogNorm(), cmap=cmap, linewidths=0.7, alpha=0.8)
    for (x, y), style in landmarks(surface):
        ax.plot(x, y, **style, zorder=5)
    ax.set_xlim(*surface.xlim)
    ax.set_ylim(*surface.ylim)
    ax.set_aspect("equal", adjustable="box")
    ax.locator_params(nbins=5)
    ax.set_title(surface.title, fontsize=10)
    return ax


def plot_paths(ax, surface, paths: Mapping[str, np.ndarray], *, contours: bool = True, legend: bool = True):
    """Contours of ``surface`` and each optimizer's path on top (``paths`` as :func:`race` returns)."""
    surface = _as_surface(surface)
    if contours:
        plot_contours(ax, surface)
    for name, path in paths.items():
        path = as_array(path, f"paths[{name!r}]", ndim=2, n_features=2, allow_nan=True)
        color = OPTIMIZER_COLORS.get(name)
        ax.plot(path[:, 0], path[:, 1], ".-", color=color, lw=1.3, markersize=2.5, alpha=0.9,
                label=OPTIMIZER_NAMES.get(name, name))  # a dot per step shows the step sizes
    first = next(iter(paths.values()), None)
    if first is not None:
        ax.plot(*np.asarray(first)[0], "o", color="black", markersize=6, zorder=6)
    if legend and paths:
        ax.legend(loc="lower right", fontsize=7, frameon=True, framealpha=0.8)
    return ax


def log_gap_curves(surface, paths: Mapping[str, np.ndarray], *,
                   floor: float = 1e-16) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """``{name: (steps, log10 of the loss above the minimum)}`` for each path, the gap floored at
    ``floor``; a diverged path's steps are NaN from where it left the picture."""
    surface = _as_surface(surface)
    curves = {}
    for name, path in paths.items():
        path = as_array(path, f"paths[{name!r}]", ndim=2, n_features=2, allow_nan=True)
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            gap = np.maximum(surface._value(path[:, 0], path[:, 1]) - surface.min_value, floor)  # NaN stays NaN
            curves[name] = (np.arange(len(gap)), np.log10(gap))
    return curves


def plot_loss_curves(ax, surface, paths: Mapping[str, np.ndarray], *, floor: float = 1e-16):
    """Loss above the minimum against step, on a log scale, one curve per optimizer.

    The curves are drawn as ``log10`` of the gap on a plain axis whose ticks are
    labelled as powers of ten ("1e-6"): the same picture as a log axis, at a
    fraction of matplotlib's cost, which keeps the race's redraw fast. A
    diverged path's curve stops where the path left the picture.
    """
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    for name, (steps, log_gap) in log_gap_curves(surface, paths, floor=floor).items():
        ax.plot(steps, log_gap, color=OPTIMIZER_COLORS.get(name), lw=1.4, label=OPTIMIZER_NAMES.get(name, name))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=7, integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"1e{value:.0f}"))
    ax.set_xlabel("step")
    ax.set_ylabel("loss above the minimum (log scale)")
    ax.grid(True, alpha=0.3)
    return ax


# --------------------------------------------------------------------------- backprop by hand

def init_two_layer(n_in: int = 3, n_hidden: int = 4, n_out: int = 1, random_state=None) -> dict[str, np.ndarray]:
    """Small random weights for :func:`two_layer_forward`: ``{"W1", "b1", "W2", "b2"}`` (float64)."""
    n_in, n_hidden, n_out = (check_int(n, name, low=1, high=10_000) for n, name in
                             ((n_in, "n_in"), (n_hidden, "n_hidden"), (n_out, "n_out")))
    rng = np.random.default_rng(random_state)
    return {"W1": rng.normal(0, 1 / math.sqrt(n_in), (n_in, n_hidden)), "b1": rng.normal(0, 0.1, n_hidden),
            "W2": rng.normal(0, 1 / math.sqrt(n_hidden), (n_hidden, n_out)), "b2": rng.normal(0, 0.1, n_out)}


def _check_params(params) -> dict[str, np.ndarray]:
    if not isinstance(params, Mapping) or set(params) != {"W1", "b1", "W2", "b2"}:
        got = sorted(params) if isinstance(params, Mapping) else type(params).__name__
        raise TypeError(f"params must be a dict with keys W1, b1, W2, b2 (as init_two_layer returns), got {got}.")
    out = {name: as_array(params[name], name, ndim=2 if name.startswith("W") else 1) for name in params}
    if out["b1"].shape[0] != out["W1"].shape[1] or out["W2"].shape[0] != out["W1"].shape[1] \
            or out["b2"].shape[0] != out["W2"].shape[1]:
        raise ValueError(f"The parameter shapes do not fit together: W1 {out['W1'].shape}, b1 {out['b1'].shape}, "
                         f"W2 {out['W2'].shape}, b2 {out['b2'].shape}. W1 is (n_in, n_hidden), b1 (n_hidden,), "
                         "W2 (n_hidden, n_out), b2 (n_out,).")
    return out


def _check_xy(params, x, y) -> tuple[np.ndarray, np.ndarray]:
    x = as_array(x, "x", ndim=2, n_features=params["W1"].shape[0])
    y = as_array(y, "y")
    if y.ndim == 1:
        y = y[:, None]
    if y.shape != (len(x), params["W2"].shape[1]):
        raise ValueError(f"y has shape {y.shape}, but the network gives outputs of shape "
                         f"{(len(x), params['W2'].shape[1])} for x; pass one target row per sample.")
    return x, y


def two_layer_forward(params, x) -> dict[str, np.ndarray]:
    """The forward pass of ``x -> tanh(x @ W1 + b1) -> @ W2 + b2``; returns every intermediate.

    ``{"z1": pre-activation, "h": hidden layer, "out": output}``: the backward
    pass needs them.
    """
    params = _check_params(params)
    x = as_array(x, "x", ndim=2, n_features=params["W1"].shape[0])
    z1 = x @ params["W1"] + params["b1"]  # (n, n_hidden)
    h = np.tanh(z1)                         # (n, n_hidden)
    out = h @ params["W2"] + params["b2"]   # (n, n_out)
    return {"z1": z1, "h": h, "out": out}


def _mse(out, y) -> float:
    return float(np.mean((out - y) ** 2))


def two_layer_backward(params, x, y) -> tuple[float, dict[str, np.ndarray]]:
    """The mean squared error of the two-layer network and its gradient, by the chain rule.

    Returns ``(loss, {"W1": ..., "b1": ..., "W2": ..., "b2": ...})`` where the
    loss is ``mean((out - y)**2)`` over every sample and output. Each line of the
    backward pass is one application of the chain rule (Rumelhart, Hinton and
    Williams 1986), from the loss back to the first layer.
    """
    params = _check_params(params)
    x, y = _check_xy(params, x, y)
    cache = two_layer_forward(params, x)
    h, out = cache["h"], cache["out"]
    d_out = 2 * (out - y) / out.size          # dL/d out          (n, n_out)
    d_W2 = h.T @ d_out                        # dL/dW2            (n_hidden, n_out)
    d_b2 = d_out.sum(axis=0)                  # dL/db2            (n_out,)
    d_h = d_out @ params["W2"].T              # dL/dh             (n, n_hidden)
    d_z1 = d_h * (1 - h ** 2)                 # through tanh      (n, n_hidden)
    d_W1 = x.T @ d_z1                         # dL/dW1            (n_in, n_hidden)
    d_b1 = d_z1.sum(axis=0)                   # dL/db1            (n_hidden,)
    return _mse(out, y), {"W1": d_W1, "b1": d_b1, "W2": d_W2, "b2": d_b2}


def numerical_gradient(loss_fn: Callable[[dict], float], params, eps: float = 1e-6) -> dict[str, np.ndarray]:
    """Central differences ``(L(p + eps) - L(p - eps)) / (2 eps)``, one parameter entry at a time.

    Slow (two loss evaluations per entry) but needs no calculus: the check
    that a hand-written gradient is right. ``loss_fn`` takes a dict like ``params``.
    """
    if not callable(loss_fn):
        raise TypeError("loss_fn must be a function of the parameter dict, e.g. "
                        "lambda p: two_layer_backward(p, x, y)[0].")
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict of arrays, got {type(params).__name__}.")
    eps = check_number(eps, "eps", low=0.0, low_inclusive=False, high=1.0)
    shifted = {name: as_array(value, name).copy() for name, value in params.items()}
    grads = {}
    for name, value in shifted.items():
        grad = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            keep = value[index]
            value[index] = keep + eps
            up = loss_fn(shifted)
            value[index] = keep - eps
            down = loss_fn(shifted)
            value[index] = keep
            grad[index] = (up - down) / (2 * eps)
        grads[name] = grad
    return grads


def torch_gradient(params, x, y) -> tuple[float, dict[str, np.ndarray]]:
    """Loss and gradient of the two-layer network computed by PyTorch's autograd (float64)."""
    import torch

    params = _check_params(params)
    x, y = _check_xy(params, x, y)
    p = {name: torch.tensor(value, requires_grad=True) for name, value in params.items()}
    out = torch.tanh(torch.from_numpy(x) @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
    loss = ((out - torch.from_numpy(y)) ** 2).mean()
    loss.backward()
    return float(loss.detach()), {name: t.grad.numpy() for name, t in p.items()}


@dataclass
class GradientReport:
    """How far two gradients are apart, parameter by parameter.

    ``rows`` holds ``(name, shape, max_difference, matches)``; a parameter
    matches when every entry agrees within ``atol + rtol * |reference|``.
    Prints as a table; ``bool(report)`` is True when everything matches.
    """

    label: str
    rows: list[tuple[str, tuple, float, bool]]
    rtol: float
    atol: float

    @property
    def max_difference(self) -> float:
        return max((row[2] for row in self.rows), default=0.0)

    @property
    def matches(self) -> bool:
        return all(row[3] for row in self.rows)

    def __bool__(self) -> bool:
        return self.matches

    def __str__(self) -> str:
        lines = [f"{self.label}: {'matches' if self.matches else 'DOES NOT MATCH'} "
                 f"(max difference {self.max_difference:.2e}; tolerance {self.atol:g} + {self.rtol:g} x |value|)"]
        for name, shape, diff, ok in self.rows:
            lines.append(f"  {name:<4} {str(shape):<10} max difference {diff:.2e}  {'ok' if ok else 'MISMATCH'}")
        return "\n".join(lines)

    __repr__ = __str__


def compare_gradients(reference: Mapping, other: Mapping, *, label: str = "gradients", rtol: float = 1e-5,
                      atol: float = 1e-8) -> GradientReport:
    """Compare two gradients (dicts of arrays with the same keys and shapes) entry by entry."""
    if not isinstance(reference, Mapping) or not isinstance(other, Mapping):
        raise TypeError("Pass two dicts of arrays, e.g. compare_gradients(by_hand, autograd).")
    if set(reference) != set(other):
        raise ValueError(f"The gradients name different parameters: {sorted(reference)} and {sorted(other)}.")
    rows = []
    for name in reference:
        a = as_array(reference[name], f"reference[{name!r}]")
        b = as_array(other[name], f"other[{name!r}]")
        if a.shape != b.shape:
            raise ValueError(f"{name} has shape {a.shape} in one gradient and {b.shape} in the other; "
                             "a gradient has the shape of its parameter.")
        diff = np.abs(a - b)
        rows.append((name, a.shape, float(diff.max(initial=0.0)), bool((diff <= atol + rtol * np.abs(a)).all())))
    return GradientReport(label, rows, rtol, atol)


# --------------------------------------------------------------------------- hidden-layer snapshots

@dataclass
class Snapshot:
    """The network at one moment of training: its 2-D hidden layer and how well it does.

    ``hidden`` is the data as the last hidden layer sees it, shape (n, 2);
    ``w, b`` are the output neuron's weights, so ``hidden @ w + b = 0`` is the
    line it separates the classes by; ``regions`` is the predicted class over
    ``grid_x, grid_y`` (the input plane), for decision regions.
    """

    epoch: int
    hidden: np.ndarray
    w: np.ndarray
    b: float
    loss: float
    accuracy: float
    regions: np.ndarray


def _snapshot_net(n_hidden: int, seed: int):
    import torch
    from torch import nn

    with torch.random.fork_rng(devices=[]):  # seeded here without touching the global generator
        torch.manual_seed(seed)
        return nn.Sequential(nn.Linear(2, n_hidden), nn.Tanh(),   # (n, n_hidden)
                             nn.Linear(n_hidden, 2), nn.Tanh(),   # (n, 2): the hidden space we draw
                             nn.Linear(2, 1))                     # (n, 1): one logit


def hidden_snapshots(x, y, *, epochs=(0, 5, 20, 60, 150, 400), n_hidden: int = 16, lr: float = 0.02,
                     resolution: int = 60, random_state: int = 0) -> tuple[list[Snapshot], tuple]:
    """Train a 2 -> n_hidden -> 2 -> 1 tanh network on a 2-class toy set, recording snapshots.

    The second hidden layer has two units, so the data as the network re-maps
    it can be drawn as it is. Training is full-batch Adam on binary
    cross-entropy through :func:`latentedu.training.fit`; a snapshot is taken
    before training (epoch 0) and after each epoch listed in ``epochs``.
    Returns ``(snapshots, (grid_x, grid_y))``. Used by the lesson's last
    section and the hidden-layer widget.
    """
    import torch

    from .training import fit

    x_np = as_array(x, "x", ndim=2, n_features=2)
    y_np = as_array(y, "y", ndim=1)
    if len(y_np) != len(x_np):
        raise ValueError(f"x has {len(x_np)} points but y has {len(y_np)} labels; pass one label per point.")
    if not np.isin(y_np, (0, 1)).all():
        raise ValueError("y must hold the labels 0 and 1 only (a two-class set such as moons or circles).")
    epochs = sorted({check_int(e, "epoch", low=0, high=100_000) for e in epochs})
    n_hidden = check_int(n_hidden, "n_hidden", low=1, high=1024)
    lr = check_number(lr, "lr", low=0.0, low_inclusive=False)
    random_state = check_int(random_state, "random_state", low=0, high=2**31 - 1)
    model = _snapshot_net(n_hidden, random_state)
    xt = torch.as_tensor(x_np, dtype=torch.float32)
    yt = torch.as_tensor(y_np, dtype=torch.float32)
    lo, hi = x_np.min(axis=0) - 0.5, x_np.max(axis=0) + 0.5
    grid_x, grid_y = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = torch.as_tensor(np.stack([grid_x.ravel(), grid_y.ravel()], 1), dtype=torch.float32)
    snapshots: list[Snapshot] = []

    def record(epoch: int) -> None:
        with torch.no_grad():
            hidden = model[:4](xt)                       # (n, 2)
            logit = model[4](hidden)[:, 0]               # (n,)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logit, yt)
            regions = (model(grid)[:, 0] > 0).reshape(grid_x.shape).numpy().astype(np.int64)
        snapshots.append(Snapshot(epoch, hidden.numpy().copy(), model[4].weight[0].detach().numpy().copy(),
                                  float(model[4].bias[0].detach()), float(loss),
                                  float(((logit > 0).float() == yt).float().mean()), regions))

    def loss_fn(m, xb, yb):
        return torch.nn.functional.binary_cross_entropy_with_logits(m(xb)[:, 0], yb)

    if 0 in epochs:
        record(0)
    wanted = set(epochs)
    if max(epochs) > 0:
        fit(model, loss_fn, xt, yt, epochs=max(epochs), lr=lr, batch_size=len(xt), optimizer="adam",
            random_state=random_state, progress=False,
            on_epoch_end=lambda state: record(state.epoch) if state.epoch in wanted else None)
    return snapshots, (grid_x, grid_y)


def output_boundary(w, b: float, *, lim: float = 1.05) -> tuple[np.ndarray, np.ndarray] | None:
    """``(xs, ys)`` of the line ``w[0] x + w[1] y + b = 0`` across ``[-lim, lim]``, where the output
    neuron switches class (``None`` when both weights are 0 and there is no line)."""
    ts = np.linspace(-lim, lim, 50)
    if abs(w[1]) > abs(w[0]):
        return ts, -(w[0] * ts + b) / w[1]
    if abs(w[0]) > 0:
        return -(w[1] * ts + b) / w[0], ts
    return None


def plot_snapshot(ax_input, ax_hidden, snapshot: Snapshot, x, y, grid) -> tuple:
    """Draw one snapshot: decision regions in the input plane, and the hidden layer's 2-D space.

    In the hidden space the dashed line is where the output neuron switches
    class; once the classes sit on either side of it, the hidden layer has
    made them linearly separable.
    """
    from .plotting import class_cmap, plot_points

    x = as_array(x, "x", ndim=2, n_features=2)
    y = as_array(y, "y", ndim=1).astype(np.int64)
    if ax_input is not None:
        ax_input.contourf(grid[0], grid[1], snapshot.regions, levels=[-0.5, 0.5, 1.5], cmap=class_cmap(2), alpha=0.25)
        plot_points(ax_input, x, y, legend=False, size=8)
        ax_input.set_title(f"input space, epoch {snapshot.epoch}", fontsize=10)
        ax_input.set_xticks([])
        ax_input.set_yticks([])
    h = snapshot.hidden
    plot_points(ax_hidden, h, y, legend=False, size=8)
    ax_hidden.set_xlim(-1.05, 1.05)
    ax_hidden.set_ylim(-1.05, 1.05)
    line = output_boundary(snapshot.w, snapshot.b, lim=1.05)
    if line is not None:
        ax_hidden.plot(*line, "k--", lw=1)
    ax_hidden.set_aspect("equal")
    ax_hidden.set_title(f"hidden layer, epoch {snapshot.epoch}: accuracy {snapshot.accuracy:.0%}", fontsize=10)
    return ax_input, ax_hidden
