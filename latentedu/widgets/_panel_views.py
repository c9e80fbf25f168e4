"""A panel drawn once to pixels and pasted into each redraw of a demo (autoencoders, VAE).

The panel is drawn on a small figure of its own, the size of the part of the
demo's figure it is pasted into, so the moving marks are drawn on top in that
image's pixel coordinates (:meth:`PaintedPanel.to_pixels`). Laying out and
drawing the panel's axes, ticks and legend again took most of a slider move's
time. (``widgets._base.Backdrop`` does the same job for a whole figure.)
"""

from __future__ import annotations

from typing import Callable, Mapping

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["PaintedPanel"]


class PaintedPanel:
    """``paint(fig)`` draws the panel on a figure of ``figsize`` inches and returns ``{name: Axes}``
    for the axes that moving marks are placed in."""

    def __init__(self, paint: Callable[[Figure], Mapping[str, object]], figsize, dpi: int):
        canvas = FigureCanvasAgg(Figure(figsize=figsize, dpi=dpi))
        axes = paint(canvas.figure)
        canvas.draw()
        self.pixels = np.asarray(canvas.buffer_rgba()).copy()  # (height, width, 4)
        self.height, self.width = self.pixels.shape[:2]
        self.limits = {name: (ax.get_xlim(), ax.get_ylim()) for name, ax in axes.items()}
        self._transforms = {name: ax.transData.frozen() for name, ax in axes.items()}

    def to_pixels(self, name: str, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Data coordinates of a painted axes -> image coordinates of the pasted pixels."""
        xy = self._transforms[name].transform(np.column_stack([np.atleast_1d(x), np.atleast_1d(y)]))
        return xy[:, 0] - 0.5, self.height - xy[:, 1] - 0.5

    def paste(self, fig: Figure, rect):
        """Show the pixels in a new axes at ``rect`` (figure fractions sized to match them)."""
        ax = fig.add_axes(rect)
        ax.imshow(self.pixels, interpolation="nearest", aspect="auto")
        ax.set_xlim(-0.5, self.width - 0.5)
        ax.set_ylim(self.height - 0.5, -0.5)
        ax.set_axis_off()
        return ax
