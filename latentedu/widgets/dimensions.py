"""Demos for ``notebooks/00_latent_space.ipynb``: distances concentrate, noise features drown kNN.

Both demos compute everything once when they are built (a fraction of a
second and about a second) and only draw on a control change.
"""

from __future__ import annotations

import numpy as np
from ipywidgets import Dropdown, IntSlider, SelectionSlider

from .. import dimensions as dm
from ..plotting import CLASS_COLORS
from ._base import Demo, register

__all__ = ["distance_concentration_explorer", "noise_dimensions_explorer"]

_LABELS = {"uniform": "uniform cube", "gaussian": "Gaussian"}
_COLORS = {"uniform": CLASS_COLORS[0], "gaussian": CLASS_COLORS[1]}


def _grid(fig, n_rows: int, n_cols: int, **margins):
    """A grid with fixed margins instead of constrained layout, which takes about half of the
    drawing time; the margins fit these pictures, so the result looks the same."""
    fig.set_layout_engine("none")
    return fig.add_gridspec(n_rows, n_cols, **margins)


@register
def distance_concentration_explorer(n_points: int = 200, random_state: int = 0) -> Demo:
    """Dimension slider (1 to 1000) and a distribution menu.

    Left: histogram of the distances between ``n_points`` random points,
    divided by their mean. Right: the mean nearest/farthest ratio against the
    dimension for both distributions, with the current setting circled.
    """
    studies = {name: dm.distance_concentration(dm.DIMENSIONS, n_points, name, random_state=random_state)
               for name in dm.DISTRIBUTIONS}

    def draw(fig, dim, distribution):
        study = studies[distribution]
        i = list(study.dims).index(dim)
        grid = _grid(fig, 1, 2, left=0.07, right=0.98, bottom=0.14, top=0.9, wspace=0.22)
        left, right = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
        dm.plot_distance_histogram(left, study.bin_edges, study.density[i], color=_COLORS[distribution])
        left.set_title(f"{_LABELS[distribution]}, d = {dim}: distances between {n_points} points", fontsize=10)
        top = max(3.0, study.density[i].max() * 1.05)
        left.set_ylim(0, top)
        left.set_xticks([0, 1, 2, 3])
        left.set_yticks(np.linspace(0, top, 5).round(1))
        for name, other in studies.items():
            dm.plot_concentration_curve(right, other.dims, other.nf_ratio, label=_LABELS[name],
                                        color=_COLORS[name], highlight=dim if name == distribution else None)
        right.set_ylim(0, 1)
        right.set_yticks([0, 0.25, 0.5, 0.75, 1])
        right.set_title("nearest / farthest (1 = all equally far)", fontsize=10)
        return (f"d = {dim}: nearest/farthest ratio {study.nf_ratio[i]:.3f}, relative contrast "
                f"(max-min)/min {study.contrast[i]:.3g}, spread std/mean {study.cv[i]:.3f}")

    controls = {
        "dim": SelectionSlider(options=list(dm.DIMENSIONS), value=2, description="dimension d"),
        "distribution": Dropdown(options=[(_LABELS[n], n) for n in dm.DISTRIBUTIONS], value="uniform",
                                 description="points"),
    }
    return Demo("Distances between random points as the dimension grows", controls, draw)


@register
def noise_dimensions_explorer(curve: dm.NoiseCurve | None = None, k: int = 5, random_state: int = 0) -> Demo:
    """Slider for the number of noise features added to the digits, and one for a test digit.

    Left: the test digit and its ``k`` nearest training digits once the noise
    is added (a red title marks a neighbour of another class). Right: the kNN
    test accuracy against the noise, with the current setting circled. Pass
    the ``curve`` a notebook already computed with
    :func:`latentedu.dimensions.knn_noise_curve` to reuse it.
    """
    from ..data import load_digits

    digits = load_digits()
    if curve is None:
        curve = dm.knn_noise_curve(digits.x_train, digits.y_train, digits.x_test, digits.y_test, k=k,
                                   random_state=random_state)
    if not isinstance(curve, dm.NoiseCurve):
        raise TypeError(f"curve must be what knn_noise_curve returns, got {type(curve).__name__}.")
    n_queries = curve.neighbours.shape[1]
    if n_queries == 0:
        raise ValueError("curve has no stored neighbours; compute it with n_queries >= 1.")
    x_train, y_train = digits.x_train.numpy(), digits.y_train.numpy()
    x_test, y_test = digits.x_test.numpy(), digits.y_test.numpy()

    def draw(fig, noise, query):
        level = list(curve.noise_dims).index(noise)
        found = curve.neighbours[level, query]
        outer = _grid(fig, 1, 2, width_ratios=[1.1, 1], left=0.01, right=0.98, bottom=0.16, top=0.9,
                      wspace=0.12)
        grid = outer[0, 0].subgridspec(2, len(found), wspace=0.15, hspace=0.3)
        ax = fig.add_subplot(grid[0, 0])
        ax.imshow(x_test[query].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(f"test digit ({y_test[query]})", fontsize=9)
        ax.set_axis_off()
        for j, index in enumerate(found):
            ax = fig.add_subplot(grid[1, j])
            ax.imshow(x_train[index].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
            wrong = y_train[index] != y_test[query]
            ax.set_title(str(y_train[index]), fontsize=9, color="red" if wrong else "black")
            ax.set_axis_off()
        note = fig.add_subplot(grid[0, 1:])
        note.set_axis_off()
        note.text(0.0, 0.3, f"its {len(found)} nearest training digits\nwith {noise} noise features:",
                  fontsize=10, va="center")
        right = fig.add_subplot(outer[0, 1])
        dm.plot_knn_noise(right, curve.noise_dims, curve.accuracy, highlight=noise)
        agree = int(np.sum(y_train[found] == y_test[query]))
        return (f"{noise} noise features: test accuracy {curve.accuracy[level]:.3f}; "
                f"{agree} of {len(found)} neighbours of this digit share its label")

    controls = {
        "noise": SelectionSlider(options=[int(n) for n in curve.noise_dims], value=int(curve.noise_dims[0]),
                                 description="noise features"),
        "query": IntSlider(value=0, min=0, max=n_queries - 1, description="test digit"),
    }
    return Demo("Irrelevant features and the nearest neighbours", controls, draw, figsize=(10.0, 3.6))
