"""How the GAN lab draws: the plane's layers and the loss box, added to a figure over its backdrop.

The plane takes the same :class:`~latentedu.gan._pictures.PlaneLayers` that
:func:`latentedu.gan.plot_gan_plane` draws on an axes (``tests/test_gan.py``
compares the two). The loss box is the lab's own: both loss curves of
:func:`~latentedu.gan._pictures.loss_curves`, scaled into a rectangle of the
plane's axes without ticks (ticks are slow to draw).
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.colors import Normalize
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow
from matplotlib.transforms import Bbox, TransformedBbox

from ..gan._pictures import ARROW_COLOR, CENTER_STYLE, GRID_STYLE, POINT_SIZE, PlaneLayers, loss_curves, verdict_cmap
from ..plotting import GENERATED, REAL
from ._base import Backdrop

__all__ = ["arrow_patches", "draw_loss_box", "draw_plane", "loss_box", "loss_box_contents", "loss_box_frame"]


def draw_plane(fig, backdrop: Backdrop, name: str, to_fig, layers: PlaneLayers) -> None:
    """What :func:`latentedu.gan.plot_gan_plane` draws, added to ``fig`` over the backdrop's axes ``name``."""
    lim = layers.lim
    area = TransformedBbox(Bbox.from_extents(-lim, -lim, lim, lim), to_fig)  # the plane, not the loss box
    if layers.decision is not None:
        backdrop.image(fig, name, layers.decision[::-1], (-lim, lim, -lim, lim),  # row 0 lowest
                       cmap=verdict_cmap(), norm=Normalize(0, 1), interpolation="bilinear")
    if layers.lines is not None:
        fig.add_artist(LineCollection(layers.lines, **GRID_STYLE, transform=to_fig, clip_box=area))
    for points, color, alpha in layers.points:
        fig.add_artist(Line2D(points[:, 0], points[:, 1], ls="none", marker="o", ms=POINT_SIZE ** 0.5, mew=0,
                              color=color, alpha=alpha, transform=to_fig, clip_box=area))
    if layers.centers is not None:
        c = layers.centers
        fig.add_artist(Line2D(c[:, 0], c[:, 1], ls="none", marker="o", ms=CENTER_STYLE["size"] ** 0.5, mfc="none",
                              mec=CENTER_STYLE["color"], mew=CENTER_STYLE["linewidth"], transform=to_fig))
    if layers.arrow_tails is not None:
        fig.add_artist(PatchCollection(arrow_patches(layers.arrow_tails, layers.arrow_vectors, lim), color=ARROW_COLOR,
                                       lw=0, transform=to_fig, clip_box=area))


def arrow_patches(tails, vectors, lim: float) -> list[FancyArrow]:
    """The arrows as patches (quiver would need an axes); arrows of zero length are left out."""
    shaft = 0.01 * lim  # about what quiver's width=0.004 of the axes gave
    heads = {"width": shaft, "head_width": 4 * shaft, "head_length": 4 * shaft, "length_includes_head": True}
    return [FancyArrow(x, y, dx, dy, **heads) for (x, y), (dx, dy) in zip(tails, vectors) if dx or dy]


def loss_box(lim: float) -> tuple[float, float, float, float]:
    """Where the lab draws the loss curves: a box right of the plane, in the plane's coordinates."""
    return 1.12 * lim, -0.75 * lim, 2.2 * lim, 0.75 * lim


def loss_box_frame(ax, box):
    """What stays put in the loss box (drawn in the backdrop): its outline and the two curves' names."""
    x0, y0, x1, y1 = box
    ax.plot([x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0], color="#999999", lw=0.6)
    ax.text(x0, y1, "D loss", va="bottom", ha="left", fontsize=8, color=REAL)
    ax.text(x1, y1, "G loss", va="bottom", ha="right", fontsize=8, color=GENERATED)
    return ax


def loss_box_contents(gan, box, *, window: int = 20) -> tuple[list, list]:
    """What moves in the loss box: ``[(xs, ys, colour)]`` of both curves scaled into it, and
    ``[(x, y, text, text style)]`` of the labels (the range and the step)."""
    x0, y0, x1, y1 = box
    d, g = loss_curves(gan, window)
    values = np.concatenate([d, g])
    if len(values) == 0:
        return [], [((x0 + x1) / 2, (y0 + y1) / 2, "losses appear here\nonce training starts",
                     {"ha": "center", "va": "center", "fontsize": 8, "color": "#666666"})]
    low, high = float(values.min()), float(values.max())
    span = high - low or 1.0
    curves = []
    for curve, color in ((d, REAL), (g, GENERATED)):
        if len(curve):
            xs = x0 + (x1 - x0) * np.arange(len(curve)) / max(len(curve) - 1, 1)
            curves.append((xs, y0 + (y1 - y0) * (0.05 + 0.9 * (curve - low) / span), color))
    small = {"fontsize": 7, "color": "#555555"}
    texts = [(x0, y1, f" {high:.2f}", {"va": "top", "ha": "left", **small}),
             (x0, y0, f" {low:.2f}", {"va": "bottom", "ha": "left", **small}),
             (x1, y0, f"step {gan.steps} ", {"va": "bottom", "ha": "right", **small})]
    return curves, texts


def draw_loss_box(fig, to_fig, gan, box) -> None:
    """The loss box's curves and labels, added to ``fig`` (its frame is in the backdrop)."""
    curves, texts = loss_box_contents(gan, box)
    for xs, ys, color in curves:
        fig.add_artist(Line2D(xs, ys, color=color, lw=1, transform=to_fig))
    for x, y, text, style in texts:
        fig.text(x, y, text, transform=to_fig, **style)
