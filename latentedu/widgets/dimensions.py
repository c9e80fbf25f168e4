"""Demos for ``notebooks/00_latent_space.ipynb``: distances concentrate, noise features drown kNN.

Both demos compute their numbers once when they are built and only draw on
a control change. To keep a change well under 0.1 s, the parts of the
picture that never change (frames, ticks, labels, the fixed curves) are a
:class:`~latentedu.widgets._base.Backdrop`, drawn once; a change adds only
what moved (a histogram, a marker, a few images and words).
"""

from __future__ import annotations

import numpy as np
from ipywidgets import Dropdown, IntSlider, SelectionSlider
from matplotlib.colors import Normalize
from matplotlib.patches import StepPatch

from .. import dimensions as dm
from ..dimensions.plots import _level_marker
from ..plotting import CLASS_COLORS, digit_mosaic, square_images
from ._base import Backdrop, Demo, register

__all__ = ["distance_concentration_explorer", "noise_dimensions_explorer"]

_LABELS = {"uniform": "uniform cube", "gaussian": "Gaussian"}
_COLORS = {"uniform": CLASS_COLORS[0], "gaussian": CLASS_COLORS[1]}
_DPI = 80


@register
def distance_concentration_explorer(n_points: int = 200, random_state: int = 0) -> Demo:
    """Dimension slider (1 to 1000) and a distribution menu.

    Left: histogram of the distances between ``n_points`` random points,
    divided by their mean (its height is rescaled to fit each setting). Right:
    the mean nearest/farthest ratio against the dimension for both
    distributions, with the current setting circled.
    """
    studies = {name: dm.distance_concentration(dm.DIMENSIONS, n_points, name, random_state=random_state)
               for name in dm.DISTRIBUTIONS}
    edges = studies["uniform"].bin_edges
    figsize = (9.0, 4.0)

    def draw_static(fig):
        grid = fig.add_gridspec(1, 2, left=0.05, right=0.98, bottom=0.14, top=0.9, wspace=0.18)
        left, right = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
        left.axvline(1.0, color="k", lw=0.8, ls=":")
        left.set(xlim=(edges[0], edges[-1]), ylim=(0, 1), xticks=[0, 1, 2, 3], yticks=[],
                 xlabel="distance / mean distance", ylabel="share of pairs (height rescaled to fit)")
        for name, study in studies.items():
            dm.plot_concentration_curve(right, study.dims, study.nf_ratio, label=_LABELS[name], color=_COLORS[name])
        right.set(ylim=(0, 1), yticks=[0, 0.25, 0.5, 0.75, 1])
        right.set_title("nearest / farthest (1 = all equally far)", fontsize=10)
        return {"left": left, "right": right}

    backdrop = Backdrop(draw_static, figsize, dpi=_DPI)

    def draw(fig, dim, distribution):
        study = studies[distribution]
        i = list(study.dims).index(dim)
        place = backdrop.lay(fig)
        heights = study.density[i] / study.density[i].max() * 0.93  # the tallest bar fills the panel
        fig.add_artist(StepPatch(heights, edges, baseline=0, fill=True, alpha=0.6,
                                 color=_COLORS[distribution], transform=place["left"]))
        fig.add_artist(_level_marker(i, study.nf_ratio[i], size=10, color=_COLORS[distribution],
                                     transform=place["right"]))
        fig.text(*backdrop.top_centre("left"), f"{_LABELS[distribution]}, d = {dim}: distances between "
                 f"{n_points} points", fontsize=10, ha="center", va="bottom")
        return (f"d = {dim}: nearest/farthest ratio {study.nf_ratio[i]:.3f}, relative contrast "
                f"(max-min)/min {study.contrast[i]:.3g}, spread std/mean {study.cv[i]:.3f}")

    controls = {
        "dim": SelectionSlider(options=list(dm.DIMENSIONS), value=2, description="dimension d"),
        "distribution": Dropdown(options=[(_LABELS[n], n) for n in dm.DISTRIBUTIONS], value="uniform",
                                 description="points"),
    }
    return Demo("Distances between random points as the dimension grows", controls, draw,
                figsize=figsize, dpi=_DPI)


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
    n_queries, n_found = curve.neighbors.shape[1:]
    if n_queries == 0:
        raise ValueError("curve has no stored neighbors; compute it with n_queries >= 1.")
    x_train, y_train = digits.x_train.numpy(), digits.y_train.numpy()
    x_test, y_test = digits.x_test.numpy(), digits.y_test.numpy()
    levels = [int(n) for n in curve.noise_dims]
    figsize = (10.0, 3.6)
    side = square_images(x_test[:1]).shape[1]  # pixels of an image's side
    gap, title = 2, 3  # pixels between images, and above an image for its title
    width = n_found * (side + gap) - gap
    height = 2 * (title + side) + gap
    tops = [(title, 0)] + [(2 * title + side + gap, j * (side + gap)) for j in range(n_found)]  # (row, column)
    blanks = np.full((n_found - 1, side * side), np.nan)  # the rest of the test digit's row

    def draw_static(fig):
        outer = fig.add_gridspec(1, 2, width_ratios=[1.1, 1], left=0.01, right=0.98, bottom=0.16, top=0.92,
                                 wspace=0.12)
        digits_ax = fig.add_subplot(outer[0, 0])
        digits_ax.set(xlim=(-0.5, width - 0.5), ylim=(height - 0.5, -0.5), aspect="equal")
        digits_ax.set_axis_off()
        curve_ax = fig.add_subplot(outer[0, 1])
        dm.plot_knn_noise(curve_ax, curve.noise_dims, curve.accuracy)
        return {"digits": digits_ax, "curve": curve_ax}

    backdrop = Backdrop(draw_static, figsize, dpi=_DPI)

    def draw(fig, noise, query):
        level = levels.index(noise)
        found = curve.neighbors[level, query]
        place = backdrop.lay(fig)
        on_digits = place["digits"]
        # the test digit above its neighbors, a title above each (NaN stays transparent)
        tiles = np.concatenate([x_test[[query]], blanks, x_train[found]])
        mosaic = np.vstack([np.full((title, width), np.nan),
                            digit_mosaic(tiles, n_found, 2, row_gap=title + gap, col_gap=gap)])
        titles = [f"test digit ({y_test[query]})"] + [str(y_train[i]) for i in found]
        colors = ["black"] + ["red" if y_train[i] != y_test[query] else "black" for i in found]
        for (row, col), text, color in zip(tops, titles, colors):
            fig.text(col + side / 2 - 0.5, row - 1, text, ha="center", va="bottom", fontsize=9, color=color,
                     transform=on_digits)
        backdrop.image(fig, "digits", mosaic, (-0.5, width - 0.5, height - 0.5, -0.5), cmap="gray_r",
                       norm=Normalize(0, 1), interpolation="nearest")
        fig.text(side + gap, title + side / 2, f"its {len(found)} nearest training digits\n"
                 f"with {noise} noise features:", fontsize=10, va="center", transform=on_digits)
        fig.add_artist(_level_marker(level, curve.accuracy[level], size=11, color=CLASS_COLORS[3],
                                     transform=place["curve"]))
        agree = int(np.sum(y_train[found] == y_test[query]))
        return (f"{noise} noise features: test accuracy {curve.accuracy[level]:.3f}; "
                f"{agree} of {len(found)} neighbours of this digit share its label")

    controls = {
        "noise": SelectionSlider(options=levels, value=levels[0], description="noise features"),
        "query": IntSlider(value=0, min=0, max=n_queries - 1, description="test digit"),
    }
    return Demo("Irrelevant features and the nearest neighbours", controls, draw, figsize=figsize, dpi=_DPI)
