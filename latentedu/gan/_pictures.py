"""The pieces the GAN pictures are made of, shared by the ``plot_*`` functions and the GAN lab.

Each piece is numbers and a style: :mod:`latentedu.gan.plots` draws them on an
axes, and the GAN lab (``latentedu.widgets.gan``) adds the same pieces to a
figure over a pre-drawn backdrop. One drawing per picture: a test compares the two.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from .._validation import as_array
from ..plotting import GENERATED, REAL

__all__ = ["ARROW_COLOR", "CENTER_STYLE", "GRID_STYLE", "POINT_SIZE", "VERDICT_COLORS", "PlaneLayers", "loss_curves",
           "plane_layers", "verdict_cmap"]

ARROW_COLOR = "#7a3b00"  # the generator's gradient arrows
GRID_STYLE = {"colors": "#555555", "linewidths": 0.6, "alpha": 0.45}  # the warped noise grid (a LineCollection)
POINT_SIZE = 5  # marker area of real and generated points, in points squared
CENTER_STYLE = {"size": 40, "color": "black", "linewidth": 0.7}  # hollow rings on the mode centres
VERDICT_COLORS = ("#ffc98f", "#ffffff", "#9cc3e6")  # D says "fake" (orange) ... "real" (blue)


@lru_cache(maxsize=1)
def verdict_cmap():
    """Pale orange (D says "fake") through white to pale blue (D says "real"): the course's colours."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("fake_real", list(VERDICT_COLORS))


class PlaneLayers(NamedTuple):
    """What the GAN plane shows, bottom to top (``None`` for a layer left out)."""

    decision: np.ndarray | None      # D's verdict on a square grid, row 0 at the bottom
    lines: np.ndarray | None         # G's warped noise grid, (n_lines, n_points, 2)
    points: list                     # [(xy, colour, alpha)]: real, then generated
    centers: np.ndarray | None       # the modes' centres, (k, 2)
    arrow_tails: np.ndarray | None   # fakes that get an arrow, (m, 2)
    arrow_vectors: np.ndarray | None  # their arrows, scaled: the longest is 15 % of lim
    lim: float                       # the plane is [-lim, lim]^2


def plane_layers(real, fake, *, decision=None, lines=None, arrows=None, arrow_points=None, centers=None,
                 lim: float = 3.0) -> PlaneLayers:
    """Check the plane's inputs and put them in drawing order; the arrows are scaled so the longest
    is 15 % of the half-width ``lim``, the others in proportion."""
    if decision is not None:
        decision = as_array(decision, "decision", ndim=2, dtype=None)
    if lines is not None:
        lines = as_array(lines, "lines", ndim=3)
    real, fake = as_array(real, "real", ndim=2), as_array(fake, "fake", ndim=2)
    points = [(real, REAL, 0.6), (fake, GENERATED, 0.8)]
    if centers is not None:
        centers = as_array(centers, "centers", ndim=2)
    tails = vectors = None
    if arrows is not None and arrow_points is not None:
        tails, vectors = as_array(arrow_points, "arrow_points", ndim=2), as_array(arrows, "arrows", ndim=2)
        vectors = vectors / (np.linalg.norm(vectors, axis=1).max(initial=0.0) + 1e-12) * lim * 0.15
    return PlaneLayers(decision, lines, points, centers, tails, vectors, lim)


def _smooth(values, window: int) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    window = min(window, len(values) // 5)  # short histories get a shorter window, so they still show
    if window <= 1:
        return values
    kernel = np.ones(window) / window
    return np.convolve(values, kernel, mode="valid")


def loss_curves(gan, window: int = 20) -> tuple[np.ndarray, np.ndarray]:
    """Both losses per generator step, each a moving average over ``window`` steps: ``(d, g)``."""
    d = np.asarray(gan.d_losses, dtype=float)
    if gan.d_step_count and gan.steps:  # D's losses grouped per G step, so both share the x axis
        per = max(1, gan.d_step_count // gan.steps)
        d = d[: len(d) // per * per].reshape(-1, per).mean(1)
    return _smooth(d, window), _smooth(gan.g_losses, window)
