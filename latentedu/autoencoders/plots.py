"""Pictures of PCA and autoencoders: ``plot_*(ax, ...) -> ax``."""

from __future__ import annotations

import numpy as np

from .._validation import as_array, check_axes
from ..plotting import GENERATED, REAL, plot_digits
from .model import Autoencoder, traverse
from .pca import PCA, _check_k, _check_pca
from .sweep import Sweep

__all__ = ["plot_bottleneck_curve", "plot_explained_variance", "plot_reconstructions", "plot_traversal"]


def plot_explained_variance(ax, pca: PCA, k: int | None = None):
    """Cumulative share of variance explained by the first components; marks ``k`` if given."""
    pca = _check_pca(pca)
    cumulative = np.cumsum(pca.explained_variance_ratio)
    steps = np.arange(1, len(cumulative) + 1)
    check_axes(ax)
    ax.plot(steps, cumulative, color=REAL)
    if k is not None:
        k = _check_k(pca, k)
        ax.axvline(k, color="0.5", linestyle=":")
        ax.plot([k], [cumulative[k - 1]], "o", color=GENERATED)
        ax.annotate(f"{cumulative[k - 1]:.0%} with k={k}", (k, cumulative[k - 1]), xytext=(6, -14),
                    textcoords="offset points", fontsize=9)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))  # few labels: cheap to redraw in a demo
    ax.set_yticks([0.0, 0.5, 1.0])
    ax.set_xlabel("number of components k")
    ax.set_ylabel("share of variance explained")
    ax.set_ylim(0, 1.02)
    return ax


def plot_reconstructions(ax, originals, reconstructions, *, title: str | None = None):
    """Originals on the top row, their reconstructions below, tiled into one picture."""
    originals = as_array(originals, "originals", ndim=2)
    reconstructions = as_array(reconstructions, "reconstructions", ndim=2)
    if originals.shape != reconstructions.shape:
        raise ValueError(f"originals {originals.shape} and reconstructions {reconstructions.shape} "
                         "must have the same shape: one reconstruction per original.")
    check_axes(ax)
    plot_digits(ax, np.clip(np.concatenate([originals, reconstructions]), 0, 1), n_cols=len(originals))
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def plot_bottleneck_curve(ax, sweep: Sweep, highlight: int | None = None):
    """Held-out reconstruction error against latent size, PCA and autoencoder side by side."""
    if not isinstance(sweep, Sweep):
        raise TypeError(f"sweep must be the result of bottleneck_sweep(...), got {type(sweep).__name__}.")
    from matplotlib.ticker import MaxNLocator

    where = np.arange(len(sweep.sizes))  # evenly spaced positions, labelled with the sizes
    check_axes(ax)
    ax.plot(where, sweep.pca_errors, "o-", color=REAL, label="PCA", markersize=4)
    ax.plot(where, sweep.ae_errors, "s-", color=GENERATED, label="autoencoder", markersize=4)
    if highlight is not None:
        if isinstance(highlight, bool) or highlight not in sweep.sizes:
            raise ValueError(f"highlight={highlight!r} is not a latent size of the sweep; use one of {list(sweep.sizes)}.")
        pca_err, ae_err = sweep.errors_at(highlight)
        at = sweep.sizes.index(highlight)
        ax.axvline(at, color="0.5", linestyle=":")
        ax.plot([at, at], [pca_err, ae_err], "k.", markersize=9)
    ax.set_xticks(where, [str(k) for k in sweep.sizes], fontsize=8)
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.set_xlabel("latent size k (uneven steps)")
    ax.set_ylabel("held-out mean squared error")
    ax.legend(frameon=False)
    return ax


def plot_traversal(ax, model: Autoencoder, code, dim: int, values):
    """A strip of decoded images as latent dimension ``dim`` moves through ``values``."""
    images = traverse(model, code, dim, values)
    check_axes(ax)
    plot_digits(ax, images, n_cols=len(images))
    ax.set_title(f"latent dimension {dim} from {float(values[0]):.2f} to {float(values[-1]):.2f}", fontsize=10)
    return ax
