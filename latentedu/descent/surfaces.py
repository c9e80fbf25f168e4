"""Loss surfaces for the optimizer race: small 2-D losses with a known minimum.

A tilted ill-conditioned bowl, Rosenbrock's valley, Beale's function and a
saddle, each with a value and a gradient that work on arrays of points at
once. Used by ``notebooks/02_gradient_descent.ipynb`` and the optimizer race.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .._validation import as_array, check_choice, check_number

__all__ = ["BOWL_ANGLE", "SURFACES", "Surface", "make_surface"]

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
        if surface not in SURFACES:
            raise ValueError(f"surface must be a Surface or the name of one: one of {', '.join(map(repr, SURFACES))}; "
                             f"got {surface!r}.")
        return make_surface(surface)
    raise TypeError(f"surface must be a Surface or one of {', '.join(map(repr, SURFACES))}, "
                    f"got {type(surface).__name__}. Build one with make_surface('bowl', condition=10).")

