"""Pictures of a 2-D latent space: codes, the decoded manifold, the prior, and the beta trade-off."""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .._validation import as_array, as_labels, check_axes, check_number, check_same_length
from ..plotting import CLASS_COLORS, class_legend, digit_mosaic, square_images
from .sampling import _check_limits
from .sweep import BetaSweep

__all__ = ["plot_beta_tradeoff", "plot_codes", "plot_manifold", "plot_prior_contours"]


def plot_manifold(ax, images, limits, *, z=None, labels=None, size: float = 4, title: str | None = None,
                  legend: bool = False):
    """The decoded grid of :func:`~latentedu.vae.decode_grid` as one picture placed at its latent coordinates.

    Optionally draws codes ``z`` (m, 2) on top, coloured by ``labels``, so the
    holes (cells far from every code) are visible; ``legend`` names the digit
    of each colour (off by default: the grid is busy enough).
    """
    box = _check_limits(limits)
    images = square_images(as_array(images, "images", ndim=2))
    if len(images) == 0:
        raise ValueError("images is empty: pass what decode_grid returned.")
    size = check_number(size, "size", low=0.0)
    if z is None and labels is not None:
        raise ValueError("labels colour the codes z: pass z as well (or leave labels out).")
    n = int(round(np.sqrt(len(images))))
    if n * n != len(images):
        raise ValueError(f"Expected the n * n images of an n x n grid, got {len(images)} images.")
    check_axes(ax)
    ax.imshow(digit_mosaic(np.clip(images, 0, 1), n), cmap="gray_r", vmin=0, vmax=1, interpolation="nearest",
              extent=(box[0, 0], box[0, 1], box[1, 0], box[1, 1]),
              aspect=(box[0, 1] - box[0, 0]) / (box[1, 1] - box[1, 0]))  # square tiles
    if z is not None:
        plot_codes(ax, z, labels, size=size, alpha=0.6, legend=legend)
    ax.set_xlim(box[0])
    ax.set_ylim(box[1])
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_codes(ax, z, labels=None, *, size: float = 6, alpha: float = 0.8, legend: bool = True):
    """2-D codes as one scatter (cheap to redraw), coloured by digit when ``labels`` is given.

    With ``labels`` and ``legend``, a legend titled "digit" names the digit of
    each colour (:func:`latentedu.plotting.class_legend`), outside the axes on
    the right.
    """
    z = as_array(z, "z", ndim=2, n_features=2)
    if labels is None:
        colors = CLASS_COLORS[0]
    else:
        labels = as_labels(labels, "labels")
        check_same_length(z=z, labels=labels)
        colors = np.array(CLASS_COLORS)[labels % len(CLASS_COLORS)]
    size = check_number(size, "size", low=0.0)
    alpha = None if alpha is None else check_number(alpha, "alpha", low=0.0, high=1.0)
    check_axes(ax)
    ax.scatter(z[:, 0], z[:, 1], s=size, c=colors, alpha=alpha, linewidths=0)
    if labels is not None and legend:
        class_legend(ax, labels, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return ax


def plot_prior_contours(ax, radii: Sequence[float] = (1.0, 2.0)):
    """Dashed circles where the prior N(0, I) of a 2-D latent space has 1 and 2 standard deviations."""
    from matplotlib.patches import Circle

    if isinstance(radii, (str, bytes)) or not hasattr(radii, "__iter__") or not len(radii):
        raise TypeError(f"radii must be a non-empty sequence of radii such as (1.0, 2.0), got {radii!r}.")
    check_axes(ax)
    for r in radii:
        ax.add_patch(Circle((0.0, 0.0), check_number(r, "each of radii", low=0.0, low_inclusive=False), fill=False,
                            linestyle="--", linewidth=0.8, color="0.3"))
    return ax


def plot_beta_tradeoff(ax, sweep: BetaSweep, highlight: float | None = None):
    """Reconstruction error against KL per digit, one point per beta: the price of a regular latent space."""
    if not isinstance(sweep, BetaSweep):
        raise TypeError(f"sweep must be the result of beta_sweep(...), got {type(sweep).__name__}.")
    kl = np.array([sweep.score(b, "kl") for b in sweep.betas])
    mse = np.array([sweep.score(b, "mse") for b in sweep.betas])
    check_axes(ax)
    ax.plot(kl, mse, "o-", color="0.4", markersize=4)
    for b, x, y in zip(sweep.betas, kl, mse):
        ax.annotate(f"β={b:g}", (x, y), xytext=(4, 4), textcoords="offset points", fontsize=8)
    if highlight is not None:
        ax.plot([sweep.score(highlight, "kl")], [sweep.score(highlight, "mse")], "o", color="#d62728", markersize=8)
    ax.set_xlabel("KL per digit (nats): how far codes stray from N(0, I)")
    ax.set_ylabel("held-out MSE per pixel")
    return ax
