"""Drawing gradient descent: loss contours, optimizer paths, loss curves, hidden-layer snapshots, mini-batches.

Every function draws on the matplotlib axes it is given and returns it. The
pieces (path styles, landmarks, log-gap curves, the output neuron's line)
come from :mod:`latentedu.descent._pictures`, which the demos in
``latentedu.widgets.descent`` draw from too, so a demo and its ``plot_*``
twin show the same picture.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from .._validation import as_array, as_labels, check_axes, check_int, check_number, check_same_length
from ._pictures import (BOUNDARY_STYLE, LOSS_FLOOR, START_STYLE, contour_grid, landmarks, log_gap_curves,
                        loss_style, output_boundary, path_lines, snapshot_titles)
from .optimizers import OPTIMIZER_NAMES
from .snapshots import Snapshot
from .surfaces import _as_surface

__all__ = ["plot_contours", "plot_loss_curves", "plot_minibatch_losses", "plot_minibatch_paths", "plot_paths",
           "plot_snapshot"]


def plot_contours(ax, surface, *, resolution: int = 100, n_levels: int = 18, cmap: str = "Greys_r"):
    """Log-spaced contour lines of ``surface`` over its box, the minimum marked with a star."""
    from matplotlib.colors import LogNorm

    surface = _as_surface(surface)
    resolution = check_int(resolution, "resolution", low=2)
    n_levels = check_int(n_levels, "n_levels", low=2)
    gx, gy, gap = contour_grid(surface.name, surface.condition, resolution)
    levels = np.geomspace(max(gap.min(), 1e-4), gap.max(), n_levels)
    check_axes(ax)
    ax.contour(gx, gy, gap, levels=levels, norm=LogNorm(), cmap=cmap, linewidths=0.7, alpha=0.8)
    for (x, y), style in landmarks(surface):
        ax.plot(x, y, **style, zorder=5)
    ax.set_xlim(*surface.xlim)
    ax.set_ylim(*surface.ylim)
    ax.set_aspect("equal", adjustable="box")
    ax.locator_params(nbins=5)
    ax.set_title(surface.title, fontsize=10)
    return ax


def _check_paths(paths) -> None:
    if not isinstance(paths, Mapping):
        raise TypeError(f"paths must be a dict {{optimizer name: path}} as race() returns, got {type(paths).__name__}.")


def plot_paths(ax, surface, paths: Mapping[str, np.ndarray], *, contours: bool = True, legend: bool = True):
    """Contours of ``surface`` and each optimizer's path on top (``paths`` as :func:`race` returns)."""
    surface = _as_surface(surface)
    _check_paths(paths)
    check_axes(ax)
    if contours:
        plot_contours(ax, surface)
    for name, path, style in path_lines(paths):
        ax.plot(path[:, 0], path[:, 1], **style, label=OPTIMIZER_NAMES.get(name, name))
    first = next(iter(paths.values()), None)
    if first is not None:
        ax.plot(*np.asarray(first)[0], **START_STYLE, zorder=6)
    if legend and paths:
        ax.legend(loc="lower right", fontsize=7, frameon=True, framealpha=0.8)
    return ax


def plot_loss_curves(ax, surface, paths: Mapping[str, np.ndarray], *, floor: float = LOSS_FLOOR):
    """Loss above the minimum against step, on a log scale, one curve per optimizer.

    The curves are drawn as ``log10`` of the gap on a plain axis whose ticks are
    labelled as powers of ten ("1e-6"): the same picture as a log axis, at a
    fraction of matplotlib's cost, which keeps the race's redraw fast. A
    diverged path's curve stops where the path left the picture.
    """
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    _check_paths(paths)
    floor = check_number(floor, "floor", low=0.0, low_inclusive=False)
    check_axes(ax)
    for name, (steps, log_gap) in log_gap_curves(surface, paths, floor=floor).items():
        ax.plot(steps, log_gap, **loss_style(name), label=OPTIMIZER_NAMES.get(name, name))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=7, integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"1e{value:.0f}"))
    ax.set_xlabel("step")
    ax.set_ylabel("loss above the minimum (log scale)")
    ax.grid(True, alpha=0.3)
    return ax


def plot_snapshot(ax_input, ax_hidden, snapshot: Snapshot, x, y, grid) -> tuple:
    """Draw one snapshot: decision regions in the input plane, and the hidden layer's 2-D space.

    In the hidden space the dashed line is where the output neuron switches
    class; once the classes sit on either side of it, the hidden layer has
    made them linearly separable.
    """
    from ..plotting import class_cmap, plot_points

    x = as_array(x, "x", ndim=2, n_features=2)
    y = as_labels(y, "y")
    check_same_length(x=x, y=y)
    if not isinstance(snapshot, Snapshot):
        raise TypeError(f"snapshot must be one of the Snapshots hidden_snapshots() returns, got {type(snapshot).__name__}.")
    if not isinstance(grid, (tuple, list)) or len(grid) != 2:
        raise TypeError("grid must be the (grid_x, grid_y) pair hidden_snapshots() returns with the snapshots.")
    input_title, hidden_title = snapshot_titles(snapshot)
    if ax_input is not None:
        check_axes(ax_input, 'ax_input')
    check_axes(ax_hidden, 'ax_hidden')
    if ax_input is not None:
        ax_input.contourf(grid[0], grid[1], snapshot.regions, levels=[-0.5, 0.5, 1.5], cmap=class_cmap(2), alpha=0.25)
        plot_points(ax_input, x, y, legend=False, size=8)
        ax_input.set_title(input_title, fontsize=10)
        ax_input.set_xticks([])
        ax_input.set_yticks([])
    h = snapshot.hidden
    plot_points(ax_hidden, h, y, legend=False, size=8)
    ax_hidden.set_xlim(-1.05, 1.05)
    ax_hidden.set_ylim(-1.05, 1.05)
    line = output_boundary(snapshot.w, snapshot.b, lim=1.05)
    if line is not None:
        ax_hidden.plot(*line, **BOUNDARY_STYLE)
    ax_hidden.set_aspect("equal")
    ax_hidden.set_title(hidden_title, fontsize=10)
    return ax_input, ax_hidden


# --------------------------------------------------------------------------- mini-batches

_BATCH_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")


def _check_runs(runs) -> dict:
    from .minibatch import MinibatchRun

    if not isinstance(runs, Mapping) or not runs:
        raise TypeError("runs must be the non-empty dict {batch size: run} that minibatch_paths() returns, "
                        f"got {type(runs).__name__}{' (empty)' if isinstance(runs, Mapping) else ''}.")
    if not all(isinstance(run, MinibatchRun) for run in runs.values()):
        raise TypeError("every value of runs must be a MinibatchRun, as minibatch_paths() returns.")
    return dict(runs)


def _batch_label(run) -> str:
    return f"full batch ({run.batch_size})" if run.batch_size == run.n_samples else f"batch {run.batch_size}"


def plot_minibatch_paths(ax, runs, x, y, *, epochs: int | None = None, n_levels: int = 14):
    """Contours of the line's loss in the ``(w, b)`` plane and each run's path on them.

    ``runs`` is ``{batch size: run}`` as :func:`~latentedu.descent.minibatch_paths`
    returns; ``epochs`` limits every path to its first ``epochs`` epochs (all
    of it by default). The least-squares line is marked with a star, the
    common start with a dot.
    """
    from .minibatch import _check_data, _line_loss

    runs = _check_runs(runs)
    x, y = _check_data(x, y)
    n_levels = check_int(n_levels, "n_levels", low=2)
    epochs = None if epochs is None else check_int(epochs, "epochs", low=1)
    check_axes(ax)
    shown = {}
    for size, run in runs.items():
        last = len(run.path) if epochs is None else int(np.searchsorted(run.epochs, epochs, side="right"))
        shown[size] = run.path[:max(last, 1)]
    points = np.concatenate(list(shown.values()))
    w_best, b_best = np.polyfit(x, y, deg=1)
    lo = np.minimum(points.min(0), (w_best, b_best))
    hi = np.maximum(points.max(0), (w_best, b_best))
    pad = 0.08 * np.maximum(hi - lo, 1e-3)
    lo, hi = lo - pad, hi + pad
    gw, gb = np.meshgrid(np.linspace(lo[0], hi[0], 90), np.linspace(lo[1], hi[1], 90))
    surface = _line_loss(np.stack([gw, gb], axis=-1), x, y)
    least = _line_loss((w_best, b_best), x, y)
    levels = least + np.geomspace(max(surface.max() - least, 1e-9) * 1e-3, surface.max() - least, n_levels)
    ax.contour(gw, gb, surface, levels=levels, colors="grey", linewidths=0.6, alpha=0.8)
    for colour, (size, path) in zip(_BATCH_COLORS, shown.items()):
        run = runs[size]
        ax.plot(path[:, 0], path[:, 1], ".-", color=colour, lw=0.8, markersize=2.5 if len(path) > 60 else 5,
                alpha=0.85, label=_batch_label(run))
    first = next(iter(shown.values()))
    ax.plot(*first[0], **START_STYLE, zorder=6)
    ax.plot(w_best, b_best, "*", color="gold", markeredgecolor="black", markersize=14, zorder=7)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("w")
    ax.set_ylabel("b")
    ax.legend(fontsize=8, frameon=True, framealpha=0.8, loc="best")
    return ax


def plot_minibatch_losses(ax, runs, *, against: str = "epochs", log: bool = True):
    """Each run's loss on all the samples, against ``"epochs"`` (samples seen / n) or ``"steps"``.

    Against epochs every run has done the same amount of gradient work at a
    given x; against steps every run has moved the same number of times.
    """
    from .._validation import check_choice

    runs = _check_runs(runs)
    check_choice(against, "against", ("epochs", "steps"))
    check_axes(ax)
    for colour, run in zip(_BATCH_COLORS, runs.values()):
        where = run.epochs if against == "epochs" else np.arange(len(run.loss))
        ax.plot(where, run.loss, color=colour, lw=1, label=_batch_label(run))
    if log:
        ax.set_yscale("log")
        if against == "steps":  # many steps for small batches: a log axis, linear below step 1
            ax.set_xscale("symlog", linthresh=1)
            ax.set_xlim(left=0)
    ax.set_xlabel("epochs (samples seen / number of samples)" if against == "epochs" else "steps (batches used)")
    ax.set_ylabel("loss on all the samples")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8, frameon=False)
    return ax
