"""Looking at a GAN on the plane: the discriminator's verdict, the generator's warped noise grid,
the forces on the fakes, the losses, and the ``plot_*`` functions that draw them.

:func:`decision_map`, :func:`warped_grid` and :func:`generator_gradients` are
numbers; :func:`plot_gan_plane` draws them with the data and the samples (the
GAN lab of ``latentedu.widgets.gan`` draws the same pieces, see ``_pictures``).
"""

from __future__ import annotations

import numpy as np
import torch

from .._validation import as_array, as_tensor, check_axes, check_int, check_number
from ._pictures import ARROW_COLOR, CENTER_STYLE, GRID_STYLE, POINT_SIZE, loss_curves, plane_layers, verdict_cmap
from .networks import generator_loss
from .trainer import GAN

__all__ = ["decision_map", "generator_gradients", "noise_grid_lines", "plot_decision_map", "plot_gan_plane",
           "plot_losses", "plot_mode_counts", "plot_warped_grid", "warped_grid"]


def _noise_extent(gan: GAN) -> float:
    return 1.0 if gan.noise == "uniform" else 2.0


@torch.no_grad()
def decision_map(gan: GAN, lim: float = 3.0, resolution: int = 48) -> np.ndarray:
    """The discriminator's verdict over the square ``[-lim, lim]^2``: (resolution, resolution)
    values in [0, 1], 1 = "real" (row 0 is the bottom edge, as ``imshow(origin="lower")`` wants).

    For the cross-entropy losses this is ``sigmoid(logit)``; for "least_squares" the raw score
    (targets 1 real, 0 fake) clipped to [0, 1].
    """
    _check_gan(gan)
    lim = check_number(lim, "lim", low=0.0, low_inclusive=False)
    resolution = check_int(resolution, "resolution", low=2, high=1000)
    ticks = torch.linspace(-lim, lim, resolution)
    gy, gx = torch.meshgrid(ticks, ticks, indexing="ij")
    grid = torch.stack([gx.reshape(-1), gy.reshape(-1)], 1)  # (resolution^2, 2)
    return _verdict(gan, grid).reshape(resolution, resolution).numpy()


def _check_gan(gan) -> None:
    if not isinstance(gan, GAN):
        raise TypeError(f"gan must be a GAN, got {type(gan).__name__}; make one with toy_gan('ring').")


def _verdict(gan: GAN, x: torch.Tensor) -> torch.Tensor:
    score = gan.discriminator.verdict(x)
    return score.clamp(0, 1) if gan.loss == "least_squares" else torch.sigmoid(score)


def noise_grid_lines(noise_dim: int = 2, n_lines: int = 9, n_points: int = 40, extent: float = 2.0) -> torch.Tensor:
    """Horizontal and vertical lines across the 2-D noise square ``[-extent, extent]^2``:
    shape (2 * n_lines, n_points, 2)."""
    if noise_dim != 2:
        raise ValueError(f"The warped grid needs 2-D noise (it draws the noise plane), got noise_dim={noise_dim}. "
                         "Build the GAN with noise_dim=2.")
    n_lines = check_int(n_lines, "n_lines", low=2, high=200)
    n_points = check_int(n_points, "n_points", low=2, high=2000)
    extent = check_number(extent, "extent", low=0.0, low_inclusive=False)
    levels = torch.linspace(-extent, extent, n_lines)
    along = torch.linspace(-extent, extent, n_points)
    rows = torch.stack([along.expand(n_lines, -1), levels[:, None].expand(-1, n_points)], -1)
    return torch.cat([rows, rows.flip(-1)])  # (2 * n_lines, n_points, 2)


@torch.no_grad()
def warped_grid(gan: GAN, n_lines: int = 9, n_points: int = 40, lines: torch.Tensor | None = None) -> np.ndarray:
    """Where the generator sends a square grid of the 2-D noise space: (2 * n_lines, n_points, 2).

    Lines cover the central square of the noise (+-2 std for normal noise, all of [-1, 1] for
    uniform). Where lines bunch up the generator piles probability up; where they stretch
    it spreads it thin.
    """
    _check_gan(gan)
    if lines is None:
        lines = noise_grid_lines(gan.noise_dim, n_lines, n_points, _noise_extent(gan))
    return gan.generator(lines.reshape(-1, 2)).reshape(*lines.shape[:2], -1).numpy()


def generator_gradients(gan: GAN, fakes) -> np.ndarray:
    """For each fake point (n, 2), the direction the generator's loss pushes it: ``-dL_G/dx``.

    These are the forces the generator feels through the discriminator: it moves its samples
    towards where D says "real" (for the current loss, see :func:`generator_loss`).
    """
    _check_gan(gan)
    x = as_tensor(fakes, "fakes", ndim=2, n_features=gan.data.shape[1]).clone().requires_grad_(True)
    if len(x) == 0:
        raise ValueError("fakes is empty: give at least one point to push.")
    loss = generator_loss(gan.discriminator.verdict(x), gan.loss) * len(x)  # per-sample gradients, not / n
    (grad,) = torch.autograd.grad(loss, x)
    return (-grad).numpy()


# --------------------------------------------------------------------------- drawing

def plot_decision_map(ax, values, lim: float = 3.0):
    """Show :func:`decision_map` values as an image (blue = D says real, orange = fake)."""
    values = as_array(values, "values", ndim=2)
    if values.size == 0:
        raise ValueError("values is empty: pass what decision_map returned.")
    lim = check_number(lim, "lim", low=0.0, low_inclusive=False)
    check_axes(ax)
    ax.imshow(values, origin="lower", extent=(-lim, lim, -lim, lim), cmap=verdict_cmap(), vmin=0, vmax=1,
              interpolation="bilinear", aspect="equal")
    return ax


def plot_warped_grid(ax, lines, *, color: str = GRID_STYLE["colors"], alpha: float = GRID_STYLE["alpha"]):
    """Draw :func:`warped_grid` lines as one collection (cheap to draw)."""
    from matplotlib.collections import LineCollection

    lines = as_array(lines, "lines", ndim=3)
    if lines.size == 0:
        raise ValueError("lines is empty: pass what warped_grid returned.")
    alpha = None if alpha is None else check_number(alpha, "alpha", low=0.0, high=1.0)
    check_axes(ax)
    ax.add_collection(LineCollection(lines, colors=color, linewidths=GRID_STYLE["linewidths"], alpha=alpha))
    return ax


def plot_gan_plane(ax, real, fake, *, decision=None, lines=None, arrows=None, arrow_points=None,
                   centers=None, lim: float = 3.0, size: float = POINT_SIZE, xlim=None):
    """The GAN lab's main picture: D's verdict, G's warped noise grid, real (blue) and
    generated (orange) samples, and arrows of the generator's gradient on some fakes."""
    lim = check_number(lim, "lim", low=0.0, low_inclusive=False)
    size = check_number(size, "size", low=0.0)
    for name, points in (("real", real), ("fake", fake)):
        if len(as_array(points, name, ndim=2)) == 0:
            raise ValueError(f"{name} is empty: give at least one sample to draw.")
    layers = plane_layers(real, fake, decision=decision, lines=lines, arrows=arrows, arrow_points=arrow_points,
                          centers=centers, lim=lim)
    check_axes(ax)
    if layers.decision is not None:
        plot_decision_map(ax, layers.decision, lim)
    if layers.lines is not None:
        plot_warped_grid(ax, layers.lines)
    for xy, color, alpha in layers.points:
        ax.scatter(xy[:, 0], xy[:, 1], s=size, color=color, linewidths=0, alpha=alpha)
    if layers.centers is not None:
        c = layers.centers
        ax.scatter(c[:, 0], c[:, 1], s=CENTER_STYLE["size"], facecolors="none", edgecolors=CENTER_STYLE["color"],
                   linewidths=CENTER_STYLE["linewidth"])
    if layers.arrow_tails is not None:
        p, v = layers.arrow_tails, layers.arrow_vectors
        ax.quiver(p[:, 0], p[:, 1], v[:, 0], v[:, 1], angles="xy", scale_units="xy", scale=1, color=ARROW_COLOR,
                  width=0.004, headwidth=4)
    ax.set_xlim(*(xlim or (-lim, lim)))
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_axis_off()  # no ticks: the plane's coordinates carry no meaning of their own (and ticks are slow)
    return ax


def plot_losses(ax, gan: GAN, *, window: int = 20):
    """Both losses per generator step (moving average over ``window`` steps)."""
    from matplotlib.ticker import MaxNLocator

    from ..plotting import GENERATED, REAL

    _check_gan(gan)
    window = check_int(window, "window", low=1)
    d, g = loss_curves(gan, window)
    check_axes(ax)
    ax.plot(d, color=REAL, lw=1, label="D loss")
    ax.plot(g, color=GENERATED, lw=1, label="G loss")
    ax.set_xlabel("step")
    ax.xaxis.set_major_locator(MaxNLocator(4))
    if len(d) or len(g):
        ax.legend(frameon=False, loc="upper right")
    return ax


def plot_mode_counts(ax, counts, *, hq_counts=None, title: str | None = None):
    """A bar per mode: how many samples lie nearest to it (light), and, given ``hq_counts``, how many
    of those are high quality (dark, :func:`mode_report`'s ``counts``). Modes are numbered from 0."""
    from ..plotting import GENERATED

    counts = as_array(counts, "counts", ndim=1)
    if counts.size == 0:
        raise ValueError("counts is empty: pass one count per mode, e.g. nearest_mode_counts(samples, centers).")
    check_axes(ax)
    modes = np.arange(len(counts))
    ax.bar(modes, counts, color=GENERATED, alpha=0.35, label="nearest to the mode")
    if hq_counts is not None:
        hq_counts = as_array(hq_counts, "hq_counts", ndim=1)
        if hq_counts.shape != counts.shape:
            raise ValueError(f"hq_counts has {len(hq_counts)} modes but counts has {len(counts)}.")
        ax.bar(modes, hq_counts, color=GENERATED, label="high quality (within 3 std)")
        ax.legend(frameon=False, fontsize=8, loc="upper right")
    ax.set(xticks=modes, xlabel="mode", ylabel="samples")
    if title:
        ax.set_title(title, fontsize=10)
    return ax
