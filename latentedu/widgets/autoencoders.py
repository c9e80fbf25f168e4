"""Widget demos for ``notebooks/03_autoencoders.ipynb``: PCA reconstruction, the bottleneck, latent traversal.

Thin views over :mod:`latentedu.autoencoders`: every expensive step (the PCA,
the sweep of trained autoencoders, the reconstructions) is done once when the
demo is built, so moving a slider only looks results up and draws.
"""

from __future__ import annotations

import numpy as np
from ipywidgets import FloatSlider, IntSlider, SelectionSlider

from .. import autoencoders as ae
from ..dimensions import ink, slant
from .._validation import as_tensor, check_int
from ..plotting import GENERATED, plot_digits, square_images
from ._base import Demo, register
from ._panel_views import PaintedPanel

__all__ = ["bottleneck_explorer", "latent_traversal", "pca_reconstruction"]

MAX_TRAVERSAL_DIMS = 8  # one slider per latent dimension; more would not fit on a screen


def _panel(paint_axes, width_px: int, height_px: int, dpi: int, rect=(0.17, 0.2, 0.78, 0.7)) -> PaintedPanel:
    """A panel of one axes at ``rect``, drawn by ``paint_axes(ax)`` once, when the demo is built."""
    return PaintedPanel(lambda fig: {"panel": paint_axes(fig.add_axes(rect))}, (width_px / dpi, height_px / dpi), dpi)


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
    curve = _panel(lambda ax: ae.plot_explained_variance(ax, pca), round(width * (1 - split)), height, dpi)
    cumulative = np.cumsum(pca.explained_variance_ratio)

    def draw(fig, k):
        left = fig.add_axes([0.01, 0.04, split - 0.03, 0.84])
        rebuilt = ae.pca_reconstruct(pca, ae.pca_project(pca, shown, k))
        ae.plot_reconstructions(left, shown, rebuilt, title=f"held-out digits (top) and PCA with k={k} (bottom)")
        right = curve.paste(fig, [split, 0.0, 1 - split, 1.0])
        px, py = curve.to_pixels("panel", [k, k, k], [0.0, 1.02, cumulative[k - 1]])
        right.plot(px[:2], py[:2], color="0.5", linestyle=":")
        right.plot(px[2:], py[2:], "o", color=GENERATED)
        right.text(px[2] + 6, py[2] + 12, f"{cumulative[k - 1]:.0%} with k={k}", fontsize=9)
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
    curve = _panel(lambda ax: ae.plot_bottleneck_curve(ax, sweep), round(width * (1 - split)), height, dpi)
    side = square_images(shown[:1]).shape[1]

    def draw(fig, latent_dim):
        left = fig.add_axes([0.07, 0.03, split - 0.09, 0.85])
        pca_rebuilt, ae_rebuilt = pictures[latent_dim]
        rows = np.concatenate([shown.numpy(), np.clip(pca_rebuilt, 0, 1), ae_rebuilt])
        plot_digits(left, rows, n_cols=n_show)
        for r, name in enumerate(("digit", "PCA", "AE")):
            left.text(-1, r * (side + 1) + side / 2 - 0.5, name, ha="right", va="center", fontsize=9)
        left.set_title(f"held-out digits, PCA and autoencoder with k={latent_dim}", fontsize=10)
        right = curve.paste(fig, [split, 0.0, 1 - split, 1.0])
        pca_err, ae_err = sweep.errors_at(latent_dim)
        at = sweep.sizes.index(latent_dim)  # the curve puts the sizes at evenly spaced positions
        bottom, top = curve.limits["panel"][1]
        px, py = curve.to_pixels("panel", [at, at, at, at], [bottom, top, pca_err, ae_err])
        right.plot(px[:2], py[:2], color="0.5", linestyle=":")
        right.plot(px[2:], py[2:], "k.", markersize=9)
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

    def paint_axes(ax):  # everything of the bar panel except the bars
        ax.set_ylim(n_dims - 0.5, -0.5)
        ax.set_yticks(np.arange(n_dims), [f"z[{d}]" for d in range(n_dims)])
        ax.set_xlim(0, 1)
        ax.set_xticks([0.0, 0.5, 1.0], ["low", "middle", "high"])
        ax.set_xlabel("position within the range seen in the data")
        return ax

    panel = _panel(paint_axes, round(width * (1 - split)), height, dpi, rect=(0.14, 0.22, 0.76, 0.68))

    def draw(fig, **values):
        z = np.array([values[f"z{d}"] for d in range(n_dims)], dtype=np.float32)
        image = ae.decode(model, z).numpy()  # (1, n_features)
        picture = fig.add_axes([0.03, 0.05, split - 0.06, 0.8])
        plot_digits(picture, image)
        picture.set_title("decoded digit", fontsize=10)
        bars = panel.paste(fig, [split, 0.0, 1 - split, 1.0])
        share = (z - ranges[:, 0]) / spans
        rows = np.arange(n_dims)
        x0, y0 = panel.to_pixels("panel", np.zeros(n_dims), rows - 0.35)
        x1, y1 = panel.to_pixels("panel", np.clip(share, 0, 1), rows + 0.35)
        bars.barh((y0 + y1) / 2, x1 - x0, height=np.abs(y1 - y0), left=x0, color="#1f77b4")
        return (f"decoded digit: ink (mean intensity) {ink(image)[0]:.3f}, "
                f"slant {slant(image)[0]:+.2f} columns per row")

    return Demo(f"Latent traversal ({n_dims}-D autoencoder)", controls, draw, figsize=(width / dpi, height / dpi),
                dpi=dpi)
