"""Demos for the chapter "Visualising and exploring latent space" (notebooks/04_latent_maps.ipynb).

``latent_map_explorer``: pick a map (method and its main parameter), a space
(pixels or the autoencoder's codes) and a digit; see where it lies, its image,
its nearest neighbours in latent space and in pixel space, and the map's
quality figures. ``interpolation_explorer``: two digits, the straight path
between them in pixel space and through the latent space, decoded frame by frame.

Everything expensive (the maps, the codes) is computed once when a demo is
built, so moving a control only redraws; each map's panel, with its points and
title, is a backdrop drawn then too.
"""

from __future__ import annotations

import functools

import numpy as np
from ipywidgets import Dropdown, IntSlider, ToggleButtons
from matplotlib.colors import Normalize
from matplotlib.lines import Line2D

from .. import latent as lt
from ..autoencoders import encode
from .._validation import as_array, check_int
from ..dimensions import pairwise_distances
from ..latent.plots import _neighbor_rows
from ..plotting import image_rows
from ._base import Backdrop, Demo, register

__all__ = ["interpolation_explorer", "latent_map_explorer"]

_SPACE_LABELS = {"pixels": "pixels (64)", "codes": "codes"}


def _rows_panel(fig, rect, rows: dict):
    """An empty panel sized for :func:`~latentedu.plotting.image_rows` of rows shaped like ``rows``
    (part of a backdrop; :func:`_draw_rows` fills it)."""
    ax = fig.add_axes(rect)
    height, width = image_rows(rows)[0].shape
    ax.set(xlim=(-0.5, width - 0.5), ylim=(height - 0.5, -0.5), aspect="equal")
    ax.set_axis_off()
    return ax


def _draw_rows(fig, backdrop: Backdrop, rows: dict) -> None:
    """Named rows of images in the backdrop's "rows" panel, as :func:`latentedu.latent.plot_rows` draws them."""
    canvas, names = image_rows(rows)
    height, width = canvas.shape
    backdrop.image(fig, "rows", canvas, (-0.5, width - 0.5, height - 0.5, -0.5), cmap="gray_r",
                   norm=Normalize(0, 1), interpolation="nearest")
    to_rows = backdrop.lay_transform(fig, "rows")
    for name, xy in names.items():
        fig.text(*xy, name, fontsize=8, va="bottom", ha="left", transform=to_rows)


def _default_data(n_points: int):
    """Held-out digits and an autoencoder with 8-number codes trained on the rest (a few seconds)."""
    from ..autoencoders import Autoencoder, train_autoencoder
    from ..data import load_digits

    digits = load_digits()
    model = Autoencoder(64, latent_dim=8)
    train_autoencoder(model, digits.x_train)
    x = digits.x_test.numpy()[:n_points].astype(np.float64)
    return x, digits.y_test.numpy()[:n_points], model


@register
def latent_map_explorer(atlas: lt.Atlas | None = None, *, k: int = 6, n_points: int = 450) -> Demo:
    """The latent map explorer, over an :class:`~latentedu.latent.Atlas` of precomputed maps.

    The atlas needs the spaces "pixels" (the images, 64 pixels each) and
    "codes". Without one, a small default is built: held-out digits, an
    autoencoder's 8-number codes, PCA, t-SNE (perplexity 30) and UMAP (15
    neighbours) of both (several seconds, UMAP's compile included).
    """
    if atlas is None:
        x, y, model = _default_data(check_int(n_points, "n_points", low=20, high=450))
        atlas = lt.build_atlas({"pixels": x, "codes": encode(model, x).numpy().astype(np.float64)}, y)
    if not isinstance(atlas, lt.Atlas):
        raise TypeError(f"atlas must be a latentedu.latent.Atlas (see build_atlas), got {type(atlas).__name__}.")
    for needed in ("pixels", "codes"):
        if needed not in atlas.spaces:
            raise ValueError(f"The atlas needs a space named {needed!r}; it has {sorted(atlas.spaces)}.")
    images, codes, labels = atlas.spaces["pixels"], atlas.spaces["codes"], atlas.labels
    n = len(labels)
    k = check_int(k, "k", low=1, high=min(12, n - 1))
    options = [(lt.setting_name(m, p), (m, p)) for m, p in atlas.settings]

    figsize, dpi = (10.0, 4.4), 72
    n_cols = k + 2  # the query, a blank, its k neighbours
    blank_row = np.zeros((n_cols, images.shape[1]))
    blank_rows = {"code space": blank_row, "pixel space": blank_row}

    @functools.cache
    def backdrop(setting, space) -> Backdrop:  # the map with its points and title, and an empty panel
        method, param = setting

        def draw_static(fig):
            ax_map = fig.add_axes((0.01, 0.02, 0.42, 0.86))
            lt.plot_map(ax_map, atlas.get(space, method, param), labels,
                        title=f"{lt.setting_name(method, param)} of {space}",
                        quality=atlas.quality[(space, method, param)])
            ax_rows = _rows_panel(fig, (0.47, 0.25, 0.52, 0.66), blank_rows)
            return {"map": ax_map, "rows": ax_rows}

        return Backdrop(draw_static, figsize, dpi)

    for _label, setting in options:  # drawn now, so that no control change has to
        for space in ("pixels", "codes"):
            backdrop(setting, space)

    def draw(fig, setting, space, index):
        method, param = setting
        emb = atlas.get(space, method, param)
        quality = atlas.quality[(space, method, param)]
        near_codes = lt.nearest_neighbors(codes, index, k)
        near_pixels = lt.nearest_neighbors(images, index, k)
        static = backdrop(setting, space)
        place = static.lay(fig)
        rings = emb[near_codes]
        fig.add_artist(Line2D(rings[:, 0], rings[:, 1], ls="none", marker="o", ms=70 ** 0.5, mfc="none",
                              mec="black", mew=1.2, transform=place["map"]))
        fig.add_artist(Line2D([emb[index, 0]], [emb[index, 1]], marker="*", ms=180 ** 0.5, color="black",
                              mec="white", transform=place["map"], zorder=5))
        _draw_rows(fig, static, _neighbor_rows(images, index, {
            "nearest in code space (ringed on the map)": near_codes, "nearest in pixel space": near_pixels}, labels))
        shared = len(set(near_codes.tolist()) & set(near_pixels.tolist()))
        fig.text(0.47, 0.05, f"digit #{index}, label {labels[index]} (the star)\n"
                 f"{shared} of {k} neighbours are the same in both spaces", fontsize=9)
        return (f"{lt.setting_name(method, param)} of {space}: trustworthiness "
                f"{quality.trustworthiness:.3f}, kNN accuracy in the map {quality.knn_accuracy:.3f}; "
                f"{shared}/{k} neighbours shared by code and pixel space")

    controls = {
        "setting": Dropdown(options=options, description="map",
                            value=("tsne", 30.0) if ("tsne", 30.0) in atlas.settings else options[0][1]),
        "space": ToggleButtons(options=[(_SPACE_LABELS.get(s, s), s) for s in ("pixels", "codes")],
                               value="codes", description="space"),
        "index": IntSlider(value=0, min=0, max=n - 1, description="digit #", continuous_update=True),
    }
    return Demo("Latent map explorer", controls, draw, figsize=figsize, dpi=dpi)


@register
def interpolation_explorer(model=None, images=None, labels=None, *, a: int = 0, b: int = 1,
                           num_steps: int = 8, n_points: int = 450) -> Demo:
    """Two digits and the straight path between them: in pixel space and through the latent space.

    ``model`` is a trained :class:`~latentedu.autoencoders.Autoencoder` and
    ``images`` the digits to choose from (one per row). The lower rows show,
    for every frame, how far it is from the nearest of ``images`` (Euclidean,
    in pixels).
    """
    if model is None:
        images, labels, model = _default_data(check_int(n_points, "n_points", low=20, high=450))
    if images is None:
        raise ValueError("Pass the images to choose from together with the model.")
    images = as_array(images, "images", ndim=2, n_features=model.n_features)
    n = len(images)
    labels = np.zeros(n, dtype=int) if labels is None else as_array(labels, "labels", ndim=1, dtype=np.int64)
    num_steps = check_int(num_steps, "num_steps", low=3, high=16)
    codes = encode(model, images).numpy().astype(np.float64)
    center = codes.mean(axis=0)
    _, _, axes_pca = np.linalg.svd(codes - center, full_matrices=False)
    project = axes_pca[:2].T  # (latent_dim, 2): the plane of the codes' two main directions
    code_map = (codes - center) @ project
    gaps = pairwise_distances(images)
    np.fill_diagonal(gaps, np.inf)
    typical = float(np.median(gaps.min(axis=1)))  # a digit's distance to its nearest other digit

    figsize, dpi = (10.0, 3.4), 72
    blank = np.zeros((num_steps, images.shape[1]))
    styles = {"latent path": "-", "pixel path, encoded": "--"}

    def draw_static(fig):  # the map of every code, its legend, and an empty panel for the frames
        rows = _rows_panel(fig, (0.01, 0.05, 0.66, 0.8), {"pixel path": blank, "latent path": blank})
        ax = fig.add_axes((0.70, 0.02, 0.29, 0.86))
        lt.plot_map(ax, code_map, labels, title="codes on their two main axes", size=5)
        ax.legend([Line2D([], [], ls=style, color="black", lw=1.5, marker="o", ms=3) for style in styles.values()],
                  list(styles), fontsize=7, loc="lower left", frameon=False)
        return {"rows": rows, "map": ax}

    backdrop = Backdrop(draw_static, figsize, dpi)

    def draw(fig, a, b):
        pixel_frames = lt.linear_path(images[a], images[b], num_steps)
        z_path, latent_frames = lt.latent_path(model, images[a], images[b], num_steps)
        pixel_in_codes = encode(model, pixel_frames).numpy()  # where the cross-fade lands in code space
        gap_pixel = lt.nearest_distance(pixel_frames, images)
        gap_latent = lt.nearest_distance(latent_frames, images)
        place = backdrop.lay(fig)
        _draw_rows(fig, backdrop, {"pixel path (cross-fade)": pixel_frames, "latent path, decoded": latent_frames})
        for path, style in zip((z_path, pixel_in_codes), styles.values()):
            p = (path - center) @ project
            fig.add_artist(Line2D(p[:, 0], p[:, 1], ls=style, color="black", lw=1.5, marker="o", ms=3,
                                  transform=place["map"], clip_box=backdrop.area(fig, "map")))
        middle = num_steps // 2
        return (f"digit #{a} (label {labels[a]}) to digit #{b} (label {labels[b]}). Distance from the "
                f"middle frame to the nearest of the {n} digits: pixel path {gap_pixel[middle]:.2f}, "
                f"latent path {gap_latent[middle]:.2f} (a digit's nearest other digit: median {typical:.2f})")

    controls = {
        "a": IntSlider(value=check_int(a, "a", low=0, high=n - 1), min=0, max=n - 1, description="from #"),
        "b": IntSlider(value=check_int(b, "b", low=0, high=n - 1), min=0, max=n - 1, description="to #"),
    }
    return Demo("Interpolation: pixel space versus latent space", controls, draw, figsize=figsize, dpi=dpi)
