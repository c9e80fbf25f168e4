"""Pictures of high-dimensional spaces: ``plot_*(ax, ...) -> ax``."""

from __future__ import annotations

import numpy as np

from .._validation import as_array, check_axes, check_number, check_pair, check_same_length
from ..plotting import CLASS_COLORS, REAL

__all__ = ["plot_ball_cube", "plot_concentration_curve", "plot_distance_histogram", "plot_knn_noise",
           "plot_property_map"]


def _level_marker(step: int, value: float, *, size: float, color, **kwargs):
    """The open circle that marks the current setting on a curve drawn against evenly spaced levels
    (the plots below and the demos of :mod:`latentedu.widgets.dimensions` draw the same one)."""
    from matplotlib.lines import Line2D

    return Line2D([step], [value], marker="o", ms=size, mfc="none", mec=color, mew=2, **kwargs)


def _level_curve(ax, named: dict, highlight, *, marker_size: float, marker_color=None, **style):
    """``{levels_name: levels, values_name: values}``: the values against evenly spaced levels, each
    labelled with its value, and the level nearest ``highlight`` circled."""
    (levels_name, levels), (values_name, values) = named.items()
    levels = as_array(levels, levels_name, ndim=1)
    values = as_array(values, values_name, ndim=1)
    check_same_length(**{levels_name: levels, values_name: values})
    steps = np.arange(len(levels))
    line, = ax.plot(steps, values, marker="o", **style)
    if highlight is not None:
        i = int(np.argmin(np.abs(levels - highlight)))
        ax.add_line(_level_marker(i, values[i], size=marker_size, color=marker_color or line.get_color()))
    ax.set_xticks(steps, [f"{v:g}" for v in levels], fontsize=8)


def plot_distance_histogram(ax, bin_edges, density, *, label: str | None = None, color=None, fill: bool = True):
    """Histogram of distance / mean distance (one row of :class:`Concentration`'s ``density``)."""
    bin_edges = as_array(bin_edges, "bin_edges", ndim=1)
    density = as_array(density, "density", ndim=1)
    if len(bin_edges) != len(density) + 1:
        raise ValueError(f"bin_edges needs one more value than density; got {len(bin_edges)} and {len(density)}.")
    check_axes(ax)
    ax.stairs(density, bin_edges, fill=fill, alpha=0.6 if fill else 1.0, color=color or REAL, label=label)
    ax.axvline(1.0, color="k", lw=0.8, ls=":")
    ax.set_xlim(bin_edges[0], bin_edges[-1])
    ax.set_xlabel("distance / mean distance")
    ax.set_ylabel("density")
    if label:
        ax.legend(frameon=False, fontsize=8)
    return ax


def plot_concentration_curve(ax, dims, values, *, label: str | None = None, ylabel: str = "nearest / farthest",
                             highlight: int | None = None, color=None):
    """A summary of the distances against the dimension; ``highlight`` circles one dimension.

    The dimensions are drawn evenly spaced and labelled with their values (the
    slider's stops, roughly logarithmic), which also keeps redrawing cheap.
    """
    check_axes(ax)
    _level_curve(ax, {"dims": dims, "values": values}, highlight, marker_size=9, ms=3, label=label, color=color)
    ax.set_xlabel("dimension d")
    ax.set_ylabel(ylabel)
    if label:
        ax.legend(frameon=False, fontsize=8, loc="lower right")
    return ax


def plot_ball_cube(ax, dims, ratios, *, estimates=None):
    """Share of the cube inside the ball against the dimension (log y); ``estimates`` adds Monte Carlo dots."""
    dims = as_array(dims, "dims", ndim=1)
    ratios = as_array(ratios, "ratios", ndim=1)
    if len(dims) == 0:
        raise ValueError("dims is empty: give the dimensions to plot.")
    check_same_length(dims=dims, ratios=ratios)
    check_axes(ax)
    ax.semilogy(dims, ratios, marker="o", ms=3, color=REAL, label="formula")
    if estimates is not None:
        estimates = as_array(estimates, "estimates", ndim=1)
        shown = estimates > 0
        ax.semilogy(dims[shown], estimates[shown], "x", color=CLASS_COLORS[1], ms=8, label="random points")
    ax.set_xlabel("dimension d")
    ax.set_ylabel("ball volume / cube volume")
    ax.legend(frameon=False, fontsize=8)
    return ax


def plot_knn_noise(ax, noise_dims, accuracy, *, chance: float | None = 0.1, highlight: int | None = None):
    """kNN test accuracy against the number of noise features added (levels evenly spaced, labelled)."""
    check_axes(ax)
    _level_curve(ax, {"noise_dims": noise_dims, "accuracy": accuracy}, highlight, marker_size=11,
                 marker_color=CLASS_COLORS[3], color=REAL)
    if chance is not None:
        ax.axhline(chance, color="k", lw=0.8, ls=":", label="chance")
        ax.legend(frameon=False, fontsize=8, loc="lower left")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("noise features added to the 64 pixels")
    ax.set_ylabel("test accuracy")
    return ax


def plot_property_map(ax, z, prop, *, direction=None, label: str = "property", cmap: str = "viridis",
                      size: float = 10, colorbar: bool = True):
    """Scatter 2-D codes ``z`` coloured by ``prop``; ``direction`` draws an arrow from the centre."""
    z = as_array(z, "z", ndim=2, n_features=2)
    prop = as_array(prop, "prop", ndim=1)
    check_same_length(z=z, prop=prop)
    if len(z) == 0:
        raise ValueError("z is empty: give the codes to draw.")
    size = check_number(size, "size", low=0.0)
    lo, hi = np.percentile(prop, [2, 98])
    check_axes(ax)
    points = ax.scatter(z[:, 0], z[:, 1], c=prop, s=size, cmap=cmap, vmin=lo, vmax=hi, linewidths=0)
    if colorbar:
        ax.figure.colorbar(points, ax=ax, label=label, shrink=0.8)
    if direction is not None:
        direction = np.array(check_pair(direction, "direction"))
        center = z.mean(0)
        length = 0.4 * np.ptp(z @ direction)
        ax.annotate("", xy=center + length * direction, xytext=center - length * direction,
                    arrowprops={"arrowstyle": "->", "lw": 2.5, "color": "crimson"})
    ax.set_xlabel("latent 1")
    ax.set_ylabel("latent 2")
    return ax
