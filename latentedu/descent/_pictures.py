"""The pieces the descent pictures are made of, shared by the ``plot_*`` functions and the demos.

Each piece is numbers and a line style: :mod:`latentedu.descent.plots` draws
them on an axes, and the optimizer race and the hidden-layer demo
(``latentedu.widgets.descent``) add the same pieces to a figure over a
pre-drawn backdrop. One drawing per picture: a test compares the two.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Mapping

import numpy as np

from .._validation import as_array
from .optimizers import OPTIMIZER_COLORS
from .surfaces import _as_surface, make_surface

__all__ = ["BOUNDARY_STYLE", "LOSS_FLOOR", "START_STYLE", "contour_grid", "landmarks", "log_gap_curves",
           "loss_style", "output_boundary", "path_lines", "path_style", "snapshot_titles"]

LOSS_FLOOR = 1e-16  # the loss panels show gaps above the minimum down to this
START_STYLE = {"marker": "o", "ls": "none", "color": "black", "markersize": 6}  # the common start
BOUNDARY_STYLE = {"color": "k", "ls": "--", "lw": 1}  # where a snapshot's output neuron switches class


@lru_cache(maxsize=32)
def contour_grid(name: str, condition: float | None, resolution: int):
    """``(gx, gy, gap)`` over the surface's box, the gap floored at 1e-12 for log-spaced contours
    (cached: ``contour_grid.cache_clear()`` empties it)."""
    surface = make_surface(name, condition if condition is not None else 10.0)
    gx, gy = np.meshgrid(np.linspace(*surface.xlim, resolution), np.linspace(*surface.ylim, resolution))
    gap = surface.gap(np.stack([gx, gy], axis=-1))
    return gx, gy, np.maximum(gap, 1e-12)


def landmarks(surface) -> list[tuple[tuple[float, float], dict]]:
    """``[((x, y), line style)]``: the surface's minima (gold stars) and, on the saddle, the
    saddle point (a cross)."""
    surface = _as_surface(surface)
    star = {"marker": "*", "color": "gold", "markeredgecolor": "black", "markersize": 13}
    marks = [(tuple(surface.minimum), star)]
    if surface.name == "saddle":
        marks += [((0.0, -1.0), star), ((0.0, 0.0), {"marker": "x", "color": "black", "markersize": 8})]
    return marks


def path_style(name: str) -> dict:
    """How an optimizer's path is drawn: its colour, a dot per step (they show the step sizes)."""
    return {"marker": ".", "color": OPTIMIZER_COLORS.get(name), "lw": 1.3, "markersize": 2.5, "alpha": 0.9}


def path_lines(paths: Mapping[str, np.ndarray]) -> list[tuple[str, np.ndarray, dict]]:
    """``[(name, path of shape (n, 2), line style)]`` for each optimizer's path (``paths`` as
    :func:`latentedu.descent.race` returns them; a diverged path's NaN rows leave gaps)."""
    return [(name, as_array(path, f"paths[{name!r}]", ndim=2, n_features=2, allow_nan=True), path_style(name))
            for name, path in paths.items()]


def loss_style(name: str) -> dict:
    """How an optimizer's loss curve is drawn."""
    return {"color": OPTIMIZER_COLORS.get(name), "lw": 1.4}


def log_gap_curves(surface, paths: Mapping[str, np.ndarray], *,
                   floor: float = LOSS_FLOOR) -> dict[str, tuple[np.ndarray, np.ndarray]]:
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


def output_boundary(w, b: float, *, lim: float = 1.05) -> tuple[np.ndarray, np.ndarray] | None:
    """``(xs, ys)`` of the line ``w[0] x + w[1] y + b = 0`` across ``[-lim, lim]``, where the output
    neuron switches class (``None`` when both weights are 0 and there is no line)."""
    ts = np.linspace(-lim, lim, 50)
    if abs(w[1]) > abs(w[0]):
        return ts, -(w[0] * ts + b) / w[1]
    if abs(w[0]) > 0:
        return -(w[1] * ts + b) / w[0], ts
    return None


def snapshot_titles(snapshot) -> tuple[str, str]:
    """The titles of a snapshot's two panels: the input plane and the hidden layer."""
    return (f"input space, epoch {snapshot.epoch}",
            f"hidden layer, epoch {snapshot.epoch}: accuracy {snapshot.accuracy:.0%}")
