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
from ..plotting import plot_digits
from ._base import Demo, register

__all__ = ["bottleneck_explorer", "latent_traversal", "pca_reconstruction"]

MAX_TRAVERSAL_DIMS = 8  # one slider per latent dimension; more would not fit on a screen


def _two_panels(fig, width_ratios, *, left=0.02, right=0.98, bottom=0.16, top=0.9, wspace=0.25):
    """Two side-by-side axes at fixed positions.

    A fixed layout instead of the figure's constrained layout: measuring every
    tick label for the layout took about half of each redraw, and these
    pictures never change shape, so fixed margins keep a slider move fast.
    """
    fig.set_layout_engine("none")
    grid = fig.add_gridspec(1, 2, width_ratios=width_ratios, left=left, right=right, bottom=bottom,
                            top=top, wspace=wspace)
    return fig.add_subplot(grid[0]), fig.add_subplot(grid[1])


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

    def draw(fig, k):
        left, right = _two_panels(fig, [1.6, 1], right=0.97, wspace=0.22)
        rebuilt = ae.pca_reconstruct(pca, ae.pca_project(pca, shown, k))
        ae.plot_reconstructions(left, shown, rebuilt, title=f"held-out digits (top) and PCA with k={k} (bottom)")
        ae.plot_explained_variance(right, pca, k)
        share = pca.explained_variance_ratio[:k].sum()
        return (f"k = {k}: {share:.1%} of the training variance kept; "
                f"held-out mean squared error {errors[k - 1]:.4f}")

    slider = IntSlider(value=k, min=1, max=n_max, description="k")
    return Demo("PCA reconstruction from k components", {"k": slider}, draw, figsize=(9.0, 3.2), dpi=72)


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

    def draw(fig, latent_dim):
        left, right = _two_panels(fig, [1.2, 1], left=0.07, right=0.97, wspace=0.25)
        pca_rebuilt, ae_rebuilt = pictures[latent_dim]
        rows = np.concatenate([shown.numpy(), np.clip(pca_rebuilt, 0, 1), ae_rebuilt])
        plot_digits(left, rows, n_cols=n_show)
        side = int(round(np.sqrt(rows.shape[1])))
        for r, name in enumerate(("digit", "PCA", "AE")):
            left.text(-1, r * (side + 1) + side / 2 - 0.5, name, ha="right", va="center", fontsize=9)
        left.set_title(f"held-out digits, PCA and autoencoder with k={latent_dim}", fontsize=10)
        ae.plot_bottleneck_curve(right, sweep, highlight=latent_dim)
        pca_err, ae_err = sweep.errors_at(latent_dim)
        verdict = "lower" if ae_err < pca_err else "higher"
        return (f"k = {latent_dim}: held-out error PCA {pca_err:.4f}, autoencoder {ae_err:.4f} "
                f"({ae_err / pca_err:.2f} times PCA's, so {verdict})")

    slider = SelectionSlider(options=list(sweep.sizes), value=latent_dim, description="latent size")
    return Demo("Bottleneck explorer", {"latent_dim": slider}, draw, figsize=(9.5, 3.6), dpi=72)


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

    def draw(fig, **values):
        z = np.array([values[f"z{d}"] for d in range(model.latent_dim)], dtype=np.float32)
        image = ae.decode(model, z).numpy()  # (1, n_features)
        picture, bars = _two_panels(fig, [1, 1.3], left=0.03, right=0.97, bottom=0.18, wspace=0.3)
        plot_digits(picture, image)
        picture.set_title("decoded digit", fontsize=10)
        spans = ranges[:, 1] - ranges[:, 0]
        bars.barh(np.arange(len(z)), (z - ranges[:, 0]) / np.where(spans > 0, spans, 1), color="#1f77b4")
        bars.set_yticks(np.arange(len(z)), [f"z[{d}]" for d in range(len(z))])
        bars.invert_yaxis()
        bars.set_xlim(0, 1)
        bars.set_xticks([0.0, 0.5, 1.0], ["low", "middle", "high"])
        bars.set_xlabel("position within the range seen in the data")
        return (f"decoded digit: ink (mean intensity) {ink(image)[0]:.3f}, "
                f"slant {slant(image)[0]:+.2f} columns per row")

    return Demo(f"Latent traversal ({model.latent_dim}-D autoencoder)", controls, draw, figsize=(7.0, 3.0), dpi=72)
