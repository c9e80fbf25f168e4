"""Widget demos for ``notebooks/03_autoencoders.ipynb``: PCA reconstruction, the bottleneck, latent traversal.

Thin views over :mod:`latentedu.autoencoders`: every expensive step (the PCA,
the sweep of trained autoencoders, the reconstructions) is done once when the
demo is built, and each demo's frames, curves and labels are drawn once as a
:class:`~._base.Backdrop`, so moving a slider only looks results up and draws
the digits and marks that moved.
"""

from __future__ import annotations

import numpy as np
from ipywidgets import FloatSlider, IntSlider, SelectionSlider
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from .. import autoencoders as ae
from ..dimensions import ink, slant
from .._validation import as_tensor, check_int
from ..plotting import GENERATED
from ._base import Backdrop, Demo, digits_frame, register

__all__ = ["bottleneck_explorer", "latent_traversal", "pca_reconstruction"]

MAX_TRAVERSAL_DIMS = 8  # one slider per latent dimension; more would not fit on a screen


def _curve_rect(split: float, rect=(0.17, 0.2, 0.78, 0.7)) -> list[float]:
    """Where a side panel's axes go: ``rect`` within the part of the figure right of ``split``."""
    x, y, width, height = rect
    return [split + x * (1 - split), y, width * (1 - split), height]


def _digits(x_train, x_test):
    if x_train is None or x_test is None:
        from ..data import load_digits

        split = load_digits()
        x_train = split.x_train if x_train is None else x_train
        x_test = split.x_test if x_test is None else x_test
    x_train = as_tensor(x_train, "x_train", ndim=2)
    return x_train, as_tensor(x_test, "x_test", ndim=2, n_features=x_train.shape[1])


@register
def pca_reconstruction(x_train=None, x_test=None, n_show: int = 8, k: int = 8) -> Demo:
    """Slide the number of principal components k and watch held-out digits come back.

    PCA is fitted once on ``x_train`` (the bundled digits by default); each
    move projects ``n_show`` held-out digits on k components and rebuilds them.
    """
    x_train, x_test = _digits(x_train, x_test)
    n_show = check_int(n_show, "n_show", low=1, high=min(16, len(x_test)))
    pca = ae.pca_fit(x_train)
    n_max = len(pca.components)
    k = check_int(k, "k", low=1, high=n_max)
    errors = ae.pca_errors(pca, x_test, range(1, n_max + 1))  # held-out error for every k, once
    shown = x_test[:n_show].numpy()

    width, height, dpi, split = 648, 234, 72, 0.6  # figure pixels; the curve takes the right 40%
    cumulative = np.cumsum(pca.explained_variance_ratio)

    def draw_static(fig):
        digits = digits_frame(fig.add_axes([0.01, 0.04, split - 0.03, 0.84]), np.concatenate([shown, shown]), n_show)
        curve = fig.add_axes(_curve_rect(split))
        ae.plot_explained_variance(curve, pca)
        return {"digits": digits, "curve": curve}

    backdrop = Backdrop(draw_static, (width / dpi, height / dpi), dpi)

    def draw(fig, k):
        place = backdrop.lay(fig)
        rebuilt = ae.pca_reconstruct(pca, ae.pca_project(pca, shown, k))
        backdrop.digits(fig, "digits", np.concatenate([shown, rebuilt]), n_show)
        fig.text(*backdrop.top_centre("digits"), f"held-out digits (top) and PCA with k={k} (bottom)",
                 ha="center", va="bottom", fontsize=10)
        fig.add_artist(Line2D([k, k], [0.0, 1.02], color="0.5", linestyle=":", transform=place["curve"]))
        fig.add_artist(Line2D([k], [cumulative[k - 1]], ls="none", marker="o", color=GENERATED,
                              transform=place["curve"]))
        x, y = place["curve"].transform((k, cumulative[k - 1]))
        fig.text(x + 6, y - 12, f"{cumulative[k - 1]:.0%} with k={k}", fontsize=9, transform=None)  # pixels
        share = pca.explained_variance_ratio[:k].sum()
        return (f"k = {k}: {share:.1%} of the training variance kept; "
                f"held-out mean squared error {errors[k - 1]:.4f}")

    slider = IntSlider(value=k, min=1, max=n_max, description="k")
    return Demo("PCA reconstruction from k components", {"k": slider}, draw, figsize=(width / dpi, height / dpi),
                dpi=dpi)


@register
def bottleneck_explorer(x_train=None, x_test=None, sizes=ae.DEFAULT_SIZES, *, epochs: int = 60,
                        n_show: int = 6, latent_dim: int = 2) -> Demo:
    """Latent size slider: reconstructions by PCA and by an autoencoder, and the error curve.

    The models come from :func:`latentedu.autoencoders.bottleneck_sweep` with
    the same data and settings, so when the notebook has run the sweep the
    demo reuses it; otherwise it trains it once here (a few seconds).
    """
    x_train, x_test = _digits(x_train, x_test)
    n_show = check_int(n_show, "n_show", low=1, high=min(12, len(x_test)))
    sweep = ae.bottleneck_sweep(x_train, x_test, sizes, epochs=epochs)
    if latent_dim not in sweep.sizes:
        raise ValueError(f"latent_dim={latent_dim!r} is not one of the sweep's sizes {list(sweep.sizes)}.")
    shown = x_test[:n_show]
    pictures = {}  # latent size -> (PCA rebuilt, autoencoder rebuilt), computed once
    for k in sweep.sizes:
        pca_rebuilt = ae.pca_reconstruct(sweep.pca, ae.pca_project(sweep.pca, shown, k))
        ae_rebuilt = ae.decode(sweep.model(k), ae.encode(sweep.model(k), shown)).numpy()
        pictures[k] = (pca_rebuilt, ae_rebuilt)

    width, height, dpi, split = 684, 270, 72, 0.55  # figure pixels; the curve takes the right 45%
    side = shown.shape[1] ** 0.5
    shown = shown.numpy()

    def draw_static(fig):
        digits = digits_frame(fig.add_axes([0.07, 0.03, split - 0.09, 0.85]), np.concatenate([shown] * 3), n_show)
        for r, name in enumerate(("digit", "PCA", "AE")):
            digits.text(-1, r * (side + 1) + side / 2 - 0.5, name, ha="right", va="center", fontsize=9)
        curve = fig.add_axes(_curve_rect(split))
        ae.plot_bottleneck_curve(curve, sweep)
        return {"digits": digits, "curve": curve}

    backdrop = Backdrop(draw_static, (width / dpi, height / dpi), dpi)
    bottom, top = backdrop.limits("curve").intervaly

    def draw(fig, latent_dim):
        place = backdrop.lay(fig)
        pca_rebuilt, ae_rebuilt = pictures[latent_dim]
        backdrop.digits(fig, "digits", np.concatenate([shown, pca_rebuilt, ae_rebuilt]), n_show)
        fig.text(*backdrop.top_centre("digits"), f"held-out digits, PCA and autoencoder with k={latent_dim}",
                 ha="center", va="bottom", fontsize=10)
        pca_err, ae_err = sweep.errors_at(latent_dim)
        at = sweep.sizes.index(latent_dim)  # the curve puts the sizes at evenly spaced positions
        fig.add_artist(Line2D([at, at], [bottom, top], color="0.5", linestyle=":", transform=place["curve"]))
        fig.add_artist(Line2D([at, at], [pca_err, ae_err], ls="none", marker=".", markersize=9, color="k",
                              transform=place["curve"]))
        verdict = "lower" if ae_err < pca_err else "higher"
        return (f"k = {latent_dim}: held-out error PCA {pca_err:.4f}, autoencoder {ae_err:.4f} "
                f"({ae_err / pca_err:.2f} times PCA's, so {verdict})")

    slider = SelectionSlider(options=list(sweep.sizes), value=latent_dim, description="latent size")
    return Demo("Bottleneck explorer", {"latent_dim": slider}, draw, figsize=(width / dpi, height / dpi), dpi=dpi)


@register
def latent_traversal(model=None, x=None, *, start: int = 0) -> Demo:
    """One slider per latent dimension of a small autoencoder; the decoded digit follows.

    ``model`` is a trained :class:`~latentedu.autoencoders.Autoencoder` with at
    most 8 latent dimensions (by default the 4-D model of the bottleneck
    sweep on the digits) and ``x`` the data whose codes set each slider's range
    (1st to 99th percentile). The sliders start at the code of ``x[start]``.
    """
    if model is None:
        x_train, x_test = _digits(None, None)
        model = ae.bottleneck_sweep(x_train, x_test).model(4)
        x = x_train if x is None else x
    elif x is None:
        raise ValueError("Pass the data the model was trained on as x, so the sliders get sensible ranges.")
    if not isinstance(model, ae.Autoencoder):
        raise TypeError(f"model must be a trained Autoencoder, got {type(model).__name__}.")
    if model.latent_dim > MAX_TRAVERSAL_DIMS:
        raise ValueError(f"This model has {model.latent_dim} latent dimensions; the traversal shows one slider "
                         f"per dimension, so use a model with at most {MAX_TRAVERSAL_DIMS}.")
    x = as_tensor(x, "x", ndim=2, n_features=model.n_features)
    start = check_int(start, "start", low=0, high=len(x) - 1)
    ranges = ae.latent_ranges(model, x)
    code = ae.encode(model, x[start:start + 1])[0].numpy().clip(ranges[:, 0], ranges[:, 1])
    controls = {}
    for d, (lo, hi) in enumerate(ranges):
        step = float(hi - lo) / 100
        controls[f"z{d}"] = FloatSlider(value=float(code[d]), min=float(lo), max=float(hi), step=step,
                                        description=f"z[{d}]", readout_format=".2f")

    n_dims = model.latent_dim
    spans = np.where(ranges[:, 1] > ranges[:, 0], ranges[:, 1] - ranges[:, 0], 1.0)
    width, height, dpi, split = 504, 216, 72, 0.4  # figure pixels; the bars take the right 60%

    def draw_static(fig):  # the digit's frame and title, and everything of the bar panel except the bars
        picture = digits_frame(fig.add_axes([0.03, 0.05, split - 0.06, 0.8]), np.zeros((1, model.n_features)), 1)
        picture.set_title("decoded digit", fontsize=10)
        bars = fig.add_axes(_curve_rect(split, (0.14, 0.22, 0.76, 0.68)))
        bars.set_ylim(n_dims - 0.5, -0.5)
        bars.set_yticks(np.arange(n_dims), [f"z[{d}]" for d in range(n_dims)])
        bars.set_xlim(0, 1)
        bars.set_xticks([0.0, 0.5, 1.0], ["low", "middle", "high"])
        bars.set_xlabel("position within the range seen in the data")
        return {"digit": picture, "bars": bars}

    backdrop = Backdrop(draw_static, (width / dpi, height / dpi), dpi)

    def draw(fig, **values):
        place = backdrop.lay(fig)
        z = np.array([values[f"z{d}"] for d in range(n_dims)], dtype=np.float32)
        image = ae.decode(model, z).numpy()  # (1, n_features)
        backdrop.digits(fig, "digit", image, 1)
        share = np.clip((z - ranges[:, 0]) / spans, 0, 1)
        for d in range(n_dims):
            fig.add_artist(Rectangle((0, d - 0.35), share[d], 0.7, facecolor="#1f77b4", linewidth=0,
                                     transform=place["bars"]))
        return (f"decoded digit: ink (mean intensity) {ink(image)[0]:.3f}, "
                f"slant {slant(image)[0]:+.2f} columns per row")

    return Demo(f"Latent traversal ({n_dims}-D autoencoder)", controls, draw, figsize=(width / dpi, height / dpi),
                dpi=dpi)
