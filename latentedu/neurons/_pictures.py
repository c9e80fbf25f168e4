"""The pieces chapter 01's pictures are made of, shared by the ``plot_*`` functions and the demos.

:mod:`latentedu.neurons.plots` draws these on an axes; the one-neuron lab and
the network playground (``latentedu.widgets.neurons``) add the same pieces to a
figure over a pre-drawn backdrop. One drawing per picture: the tests compare
the two. Nothing here is part of the lesson's story.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch

from ..plotting import CLASS_COLORS
from .network import Playground, output_boundaries
from .neuron import _check_weights, activation, boundary_line

__all__ = ["GRID_LINE_STYLE", "HIDDEN_TITLE", "NEURON_LINE_STYLE", "OUTPUT_EDGE_STYLE", "REGIONS_TITLE", "PanelView",
           "activation_curve", "boundary_marks", "hidden_space_view", "loss_lines", "network_regions_view",
           "neuron_axes", "projection_axes", "projection_rows", "surface_norm"]

REGIONS_TITLE = "input space (x1, x2): decision regions"
HIDDEN_TITLE = "hidden space (unit 1 →, unit 2 ↑)"
NEURON_LINE_STYLE = {"color": "k", "lw": 2}  # the neuron's boundary z = 0 and the curve f(z)
GRID_LINE_STYLE = {"colors": "0.55", "linewidths": 0.5, "alpha": 0.6}  # the input grid, carried into hidden space
OUTPUT_EDGE_STYLE = {"colors": "k", "linewidths": 1.2}  # where the output layer's winning class changes


# --------------------------------------------------------------------------- one neuron

def surface_norm(activation_name: str):
    """The grey scale of :func:`~latentedu.neurons.plot_neuron`'s surface: light = low output, darker = higher."""
    from matplotlib.colors import Normalize

    vmin, vmax = {"tanh": (-1, 1), "linear": (-4, 4), "relu": (0, 4)}.get(activation_name, (0, 1))
    return Normalize(vmin, vmax + 0.6 * (vmax - vmin))


def boundary_marks(w, b, lim: float = 3.0) -> tuple[np.ndarray | None, np.ndarray | None]:
    """``(line, arrow)`` that :func:`~latentedu.neurons.plot_neuron` draws: two points of the boundary ``z = 0``
    across ``[-lim, lim]``, and the arrow (from, to) of ``w`` from the boundary's point
    nearest the origin; ``None`` for either when there is none to draw."""
    w_t, b = _check_weights(w, b, 2)
    if float(w_t.abs().sum()) == 0:
        return None, None
    line = boundary_line(w_t, b, (-lim, lim))
    foot = w_t.numpy() * (-b / float((w_t ** 2).sum()))
    if not np.all(np.abs(foot) < lim):
        return line, None
    return line, np.stack([foot, foot + w_t.numpy() / max(1.0, float(w_t.norm()))])


def neuron_axes(ax, lim: float = 3.0):
    """The frame of :func:`~latentedu.neurons.plot_neuron`: limits, a few ticks and the axis names."""
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ticks = [-round(lim * 2 / 3), 0, round(lim * 2 / 3)]  # few ticks: each costs drawing time in a demo
    ax.set_xticks(ticks)
    ax.set_yticks(ticks)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    return ax


def activation_curve(activation_name: str, z_lim: float = 6.0) -> tuple[np.ndarray, np.ndarray]:
    """``(z, f(z))`` over ``[-z_lim, z_lim]``, the curve of :func:`~latentedu.neurons.plot_neuron_projection`."""
    grid = torch.linspace(-z_lim, z_lim, 241)
    return grid.numpy(), activation(activation_name)(grid).numpy()


def projection_axes(ax, activation_name: str, classes, *, z_lim: float = 6.0) -> dict[int, float]:
    """The frame of :func:`~latentedu.neurons.plot_neuron_projection` (the line ``z = 0``, a named row per class,
    limits, ticks, axis names); returns the height of each class's row."""
    top = {"relu": z_lim, "linear": z_lim}.get(activation_name, 1.0)
    bottom = {"tanh": -1.0, "linear": -z_lim}.get(activation_name, 0.0)
    span = top - bottom
    ax.axvline(0, color="k", lw=1, ls="--")
    levels = {}
    for row, label in enumerate(classes):
        levels[int(label)] = level = bottom - span * (0.15 + 0.15 * row)
        ax.text(-0.98 * z_lim, level, f"class {label}", color=CLASS_COLORS[int(label) % len(CLASS_COLORS)],
                va="center", fontsize=8)
    ax.set_xlim(-z_lim, z_lim)
    ax.set_ylim(bottom - span * (0.2 + 0.15 * len(levels)), top + 0.08 * span)
    ax.set_yticks([bottom, top])
    ax.set_xticks([-round(z_lim * 2 / 3), 0, round(z_lim * 2 / 3)])
    ax.axhline(bottom - span * 0.07, color="0.8", lw=0.8)
    ax.set_xlabel("z = w1·x1 + w2·x2 + b")
    ax.set_ylabel(f"{activation_name}(z)")
    return levels


def projection_rows(z, y, levels: dict[int, float], z_lim: float = 6.0) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """``[(label, z of its points clipped to [-z_lim, z_lim], the row's height)]``: where
    :func:`~latentedu.neurons.plot_neuron_projection` places each class's points."""
    z, y = np.asarray(z), np.asarray(y)
    rows = []
    for label, level in levels.items():
        inside = y == label
        rows.append((label, np.clip(z[inside], -z_lim, z_lim), np.full(inside.sum(), level)))
    return rows


# --------------------------------------------------------------------------- the playground

def _mix_colors(probs: np.ndarray) -> np.ndarray:
    """RGB image from class probabilities: each class's colour weighted by its probability."""
    from matplotlib.colors import to_rgb

    colors = np.array([to_rgb(c) for c in CLASS_COLORS[: probs.shape[-1]]])
    mixed = probs @ colors  # (..., 3)
    return np.clip(1.0 - 0.45 * (1.0 - mixed), 0.0, 1.0)  # pale, so the points stay readable


def _grid(lo, hi, resolution: int) -> tuple[np.ndarray, torch.Tensor]:
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    return gx, torch.from_numpy(np.stack([gx.ravel(), gy.ravel()], 1).astype(np.float32))


class PanelView(NamedTuple):
    """One panel of the playground as numbers: what :func:`~latentedu.neurons.plot_network_regions` and
    :func:`~latentedu.neurons.plot_hidden_space` draw, for a demo to draw the same its own way.

    ``lo``, ``hi``: the panel's corners; ``image``: its RGB shading, row 0 at
    ``lo[1]``; ``points``, ``labels``: the data placed in it; ``boundaries`` and
    ``grid_lines``: lists of (m, 2) polylines (empty where a panel has none).
    """

    lo: np.ndarray
    hi: np.ndarray
    image: np.ndarray
    points: np.ndarray
    labels: np.ndarray
    boundaries: list
    grid_lines: list


def network_regions_view(playground: Playground, *, resolution: int = 60, margin: float = 0.4,
                         test: bool = False) -> PanelView:
    """The decision regions over the input plane (shade = confidence) and the data, as numbers."""
    x = (playground.x_test if test else playground.x).numpy()
    y = (playground.y_test if test else playground.y).numpy()
    lo, hi = x.min(0) - margin, x.max(0) + margin
    gx, grid = _grid(lo, hi, resolution)
    probs = playground.predict_proba(grid).numpy().reshape(*gx.shape, -1)
    return PanelView(lo, hi, _mix_colors(probs), x, y, [], [])


def hidden_space_view(playground: Playground, *, resolution: int = 50, grid_lines: int = 7,
                      test: bool = False) -> PanelView:
    """The data in the 2-unit hidden layer, the output layer's regions and boundaries, and a
    square grid of the input plane carried through the hidden layers, as numbers."""
    model = playground.model
    if model.latent_dim != 2:
        raise ValueError("plot_hidden_space needs a network whose last hidden layer has 2 units.")
    x = playground.x_test if test else playground.x
    y = (playground.y_test if test else playground.y).numpy()
    h = playground.hidden(x).numpy()
    lo, hi = h.min(0), h.max(0)
    pad = np.maximum((hi - lo) * 0.08, 0.05)
    lo, hi = lo - pad, hi + pad
    gh, grid = _grid(lo, hi, resolution)
    with torch.no_grad():
        probs = torch.softmax(model.output(grid), dim=1).numpy().reshape(*gh.shape, -1)
    boundaries = output_boundaries(model.output.weight.detach().numpy(), model.output.bias.detach().numpy(),
                                   lo, hi)
    mapped = []
    if grid_lines:
        xs = x.numpy()
        a, c = xs.min(0) - 0.3, xs.max(0) + 0.3
        t = np.linspace(0, 1, 30, dtype=np.float32)
        lines = []
        for s in np.linspace(0, 1, grid_lines, dtype=np.float32):
            lines.append(np.stack([a[0] + t * (c[0] - a[0]), np.full_like(t, a[1] + s * (c[1] - a[1]))], 1))
            lines.append(np.stack([np.full_like(t, a[0] + s * (c[0] - a[0])), a[1] + t * (c[1] - a[1])], 1))
        mapped = list(playground.hidden(torch.from_numpy(np.concatenate(lines))).numpy().reshape(len(lines), -1, 2))
    return PanelView(lo, hi, _mix_colors(probs), h, y, boundaries, mapped)



def loss_lines(playground: Playground) -> list[tuple[np.ndarray, list[float], dict]]:
    """``[(steps, losses, style)]``: the training and the test cross-entropy per step (empty before
    the first step)."""
    if not playground.loss_history:
        return []
    steps = np.arange(1, len(playground.loss_history) + 1)
    return [(steps, playground.loss_history, {"color": CLASS_COLORS[0], "label": "train"}),
            (steps, playground.test_loss_history, {"color": CLASS_COLORS[1], "label": "test"})]
