"""Drawing chapter 01: activations, one neuron over the plane and along ``z``, and the playground's panels.

Every function draws on the matplotlib axes it is given and returns it. The
pieces (grey scale, boundary marks, frames, panel views) come from
:mod:`latentedu.neurons._pictures`, which the demos in
``latentedu.widgets.neurons`` draw from too, so a demo and its ``plot_*``
twin show the same picture.
"""

from __future__ import annotations

import numpy as np
import torch

from .._validation import (as_array, as_labels, check_axes, check_choice, check_int, check_number, check_pair,
                           check_same_length)
from ..plotting import CLASS_COLORS, plot_points
from ._pictures import (GRID_LINE_STYLE, HIDDEN_TITLE, NEURON_LINE_STYLE, OUTPUT_EDGE_STYLE, REGIONS_TITLE,
                        PanelView, activation_curve, boundary_marks, hidden_space_view, loss_lines,
                        network_regions_view, neuron_axes, projection_axes, projection_rows, surface_norm)
from .network import Playground
from .neuron import ACTIVATIONS, activation, neuron_grid, neuron_output

__all__ = ["plot_activations", "plot_hidden_space", "plot_loss", "plot_network_regions", "plot_neuron",
           "plot_neuron_projection"]


def plot_activations(ax, names=("step", "sigmoid", "tanh", "relu"), *, z_range=(-4.0, 4.0)):
    """Each activation ``f(z)`` against ``z`` on one axes."""
    if isinstance(names, (str, bytes)) or not hasattr(names, "__iter__") or not len(names):
        raise TypeError(f"names must be a non-empty list of activation names such as ['tanh', 'relu'], got {names!r}.")
    for name in names:
        check_choice(name, "names", ACTIVATIONS)
    z_range = check_pair(z_range, "z_range")
    z = torch.linspace(z_range[0], z_range[1], 401)
    check_axes(ax)
    for name in names:
        ax.plot(z.numpy(), activation(name)(z).numpy(), label=name, lw=2)
    ax.axhline(0, color="0.7", lw=0.8)
    ax.axvline(0, color="0.7", lw=0.8)
    ax.set_xlabel("z = x @ w + b")
    ax.set_ylabel("f(z)")
    ax.set_ylim(-1.5, 3.0)
    ax.legend(frameon=False, fontsize=8)
    return ax


def plot_neuron(ax, x, y, w, b, activation_name: str = "sigmoid", *, lim: float = 3.0,
                resolution: int = 60, colorbar: bool = False):
    """The neuron's activation surface over the plane, its boundary ``z = 0``, ``w`` and the data."""
    x = as_array(x, "x", ndim=2, n_features=2)
    y = as_labels(y, "y")
    check_same_length(x=x, y=y)
    lim = check_number(lim, "lim", low=0.0, low_inclusive=False)
    _gx, _gy, values = neuron_grid(w, b, activation_name, lo=(-lim, -lim), hi=(lim, lim),
                                   resolution=resolution)
    check_axes(ax)
    image = ax.imshow(values, origin="lower", extent=(-lim, lim, -lim, lim), cmap="Greys",
                      norm=surface_norm(activation_name), interpolation="bilinear",
                      aspect="equal")  # light grey = low output, darker = higher
    if colorbar:
        ax.figure.colorbar(image, ax=ax, shrink=0.8, label=f"{activation_name}(z)")
    plot_points(ax, x, y, legend=False, size=10)
    line, arrow = boundary_marks(w, b, lim)
    if line is not None:
        ax.plot(line[:, 0], line[:, 1], **NEURON_LINE_STYLE)
    if arrow is not None:
        ax.annotate("", xy=arrow[1], xytext=arrow[0], arrowprops={"arrowstyle": "->", "lw": 2, "color": "k"})
    neuron_axes(ax, lim)
    return ax



def plot_neuron_projection(ax, x, y, w, b, activation_name: str = "sigmoid", *, z_lim: float = 6.0):
    """What the neuron sees: the curve ``f(z)`` and every point placed at its own ``z``.

    The points sit in one row per class under the curve; the boundary is the
    vertical line ``z = 0``. Weights spread or squeeze the rows (and flip them
    when negative); the bias slides them all left or right together.
    """
    x = as_array(x, "x", ndim=2, n_features=2)
    y = as_labels(y, "y")
    check_same_length(x=x, y=y)
    if len(x) == 0:
        raise ValueError("x is empty: give at least one point to place under the curve.")
    check_choice(activation_name, "activation", ACTIVATIONS)
    z_lim = check_number(z_lim, "z_lim", low=0.0, low_inclusive=False)
    z = neuron_output(x, w, b, "linear").numpy()
    check_axes(ax)
    levels = projection_axes(ax, activation_name, np.unique(y), z_lim=z_lim)
    ax.plot(*activation_curve(activation_name, z_lim), **NEURON_LINE_STYLE)
    for label, zs, heights in projection_rows(z, y, levels, z_lim):
        ax.scatter(zs, heights, s=8, alpha=0.5, color=CLASS_COLORS[int(label) % len(CLASS_COLORS)], linewidths=0)
    return ax



def _scatter(ax, x, y, size: float = 9):
    """All points in one scatter call, coloured by class (one artist: cheaper to draw in a demo)."""
    from matplotlib.colors import to_rgba_array

    colors = to_rgba_array(CLASS_COLORS)[np.asarray(y) % len(CLASS_COLORS)]
    ax.scatter(x[:, 0], x[:, 1], s=size, c=colors, alpha=0.85, linewidths=0)



def _plot_panel(ax, view: PanelView, title: str):
    from matplotlib.collections import LineCollection

    ax.imshow(view.image, origin="lower", extent=(view.lo[0], view.hi[0], view.lo[1], view.hi[1]),
              interpolation="bilinear", aspect="auto")
    if view.grid_lines:
        ax.add_collection(LineCollection(view.grid_lines, **GRID_LINE_STYLE))
    if view.boundaries:
        ax.add_collection(LineCollection(view.boundaries, **OUTPUT_EDGE_STYLE))
    _scatter(ax, view.points, view.labels)
    ax.set_xlim(view.lo[0], view.hi[0])
    ax.set_ylim(view.lo[1], view.hi[1])
    ax.set_xticks([])  # no tick labels or axis labels: they cost more to draw than the picture
    ax.set_yticks([])
    ax.set_title(title, fontsize=10, y=1.01)  # a fixed y skips a costly title layout
    return ax




def _check_playground(playground) -> None:
    if not isinstance(playground, Playground):
        raise TypeError(f"playground must be a Playground, got {type(playground).__name__}; "
                        "make one with Playground('moons').")


def plot_network_regions(ax, playground: Playground, *, resolution: int = 60, margin: float = 0.4,
                         test: bool = False):
    """The playground's decision regions over the input plane (shade = confidence) and its data."""
    _check_playground(playground)
    resolution = check_int(resolution, "resolution", low=2)
    margin = check_number(margin, "margin", low=0.0)
    check_axes(ax)
    return _plot_panel(ax, network_regions_view(playground, resolution=resolution, margin=margin, test=test),
                       REGIONS_TITLE)


def plot_hidden_space(ax, playground: Playground, *, resolution: int = 50, grid_lines: int = 7,
                      test: bool = False):
    """The data as the 2-unit hidden layer represents it, with the output layer's regions.

    The output layer is linear, so its class boundaries here are straight
    lines: where the coloured points sit in separate regions, the hidden layer
    has made the data linearly separable. Thin grey lines are a square grid
    of the input plane, carried through the hidden layers: they show how the
    network bends and folds the plane. Black lines mark where the output
    layer's winning class changes.
    """
    _check_playground(playground)
    resolution = check_int(resolution, "resolution", low=2)
    grid_lines = check_int(grid_lines, "grid_lines", low=0)
    check_axes(ax)
    return _plot_panel(ax, hidden_space_view(playground, resolution=resolution, grid_lines=grid_lines, test=test),
                       HIDDEN_TITLE)


def plot_loss(ax, playground: Playground, *, log: bool = True):
    """Training and test cross-entropy per step (log scale unless ``log=False``)."""
    from matplotlib.ticker import MaxNLocator

    _check_playground(playground)
    lines = loss_lines(playground)
    check_axes(ax)
    if lines:
        for steps, losses, style in lines:
            ax.plot(steps, losses, **style)
        ax.legend(frameon=False, fontsize=8)
        if log:
            from matplotlib.ticker import LogLocator, NullLocator

            ax.set_yscale("log")
            ax.yaxis.set_major_locator(LogLocator(numticks=4))
            ax.yaxis.set_minor_locator(NullLocator())  # few ticks: each costs drawing time in a demo
        ax.xaxis.set_major_locator(MaxNLocator(3, integer=True))
    else:
        ax.text(0.5, 0.5, "press Play or step", ha="center", va="center", transform=ax.transAxes)
        ax.set_xticks([])
        ax.set_yticks([])
    ax.set_xlabel("step")
    ax.set_ylabel("cross-entropy")
    ax.set_title("loss", fontsize=10, y=1.01)
    return ax
