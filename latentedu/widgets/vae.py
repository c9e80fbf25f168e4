"""Widget demos for ``notebooks/07_vaes.ipynb``: the beta explorer and VAE-versus-autoencoder interpolation.

Thin views over :mod:`latentedu.vae`. Every model is trained once, when the
demo is built (the beta sweep and the plain autoencoder are cached, so the
lesson's own calls and the demos share them), and every picture a control
can ask for is computed then too: a control move only looks results up and
draws two images and one scatter.
"""

from __future__ import annotations

import functools

import numpy as np
from ipywidgets import IntSlider, SelectionSlider, ToggleButtons
from matplotlib.lines import Line2D

from .. import vae
from .._validation import as_array, as_tensor, check_int, check_number, check_same_length
from ..latent import linear_path
from ..plotting import class_legend, digit_mosaic, plot_digits, square_images
from ._base import Backdrop, Demo, digits_frame, register

__all__ = ["beta_explorer", "interpolation_explorer"]

PRIOR_BOX = np.array([[-2.5, 2.5], [-2.5, 2.5]])  # holds about 97.5% of the draws from a 2-D N(0, I)


def _digits(x_train, x_test, y_test):
    if x_train is None or x_test is None:
        from ..data import load_digits

        split = load_digits()
        x_train = split.x_train if x_train is None else x_train
        if x_test is None:
            x_test, y_test = split.x_test, split.y_test if y_test is None else y_test
    x_train = as_tensor(x_train, "x_train", ndim=2)
    x_test = as_tensor(x_test, "x_test", ndim=2, n_features=x_train.shape[1])
    if y_test is not None:
        y_test = as_array(y_test, "y_test", ndim=1, dtype=np.int64)
        check_same_length(x_test=x_test, y_test=y_test)
    return x_train, x_test, y_test


@register
def beta_explorer(x_train=None, x_test=None, y_test=None, *, betas=vae.DEFAULT_BETAS, beta: float = 1.0,
                  epochs: int = 60, n_grid: int = 12, n_show: int = 8, quality: bool = True) -> Demo:
    """Pick beta, the weight of the KL term, and see what it buys and what it costs.

    For each beta of a :func:`~latentedu.vae.beta_sweep` (trained once, 2-D
    latent space): held-out digits and their reconstructions, the map of the
    held-out codes (with the prior's 1 and 2 standard-deviation circles), and
    the decoded grid over the box the codes fill or over the prior's box
    (``grid`` control). The readout gives the reconstruction error, the KL per
    digit, the share of empty grid cells and, with ``quality``, the FID-like
    score of 500 samples drawn from the prior (:mod:`latentedu.metrics`).
    """
    x_train, x_test, y_test = _digits(x_train, x_test, y_test)
    n_grid = check_int(n_grid, "n_grid", low=2, high=30)
    n_show = check_int(n_show, "n_show", low=1, high=min(12, len(x_test)))
    sweep = vae.beta_sweep(x_train, x_test, betas, epochs=epochs)
    beta = check_number(beta, "beta", low=0.0)
    if beta not in sweep.betas:
        raise ValueError(f"beta={beta!r} is not one of the sweep's betas {list(sweep.betas)}.")
    shown = x_test[:n_show].numpy()
    views = {}  # beta -> everything a redraw needs, computed once
    for b in sweep.betas:
        model = sweep.model(b)
        test_codes = vae.codes(model, x_test)
        box = vae.code_limits(model, x_train)
        train_codes = vae.codes(model, x_train)
        fid = None
        if quality:
            from ..metrics import quality_report

            fid = quality_report(vae.sample_prior(model, 500))["fid"]
        views[b] = {
            "rebuilt": vae.decode_codes(model, vae.codes(model, shown)),
            "codes": test_codes,
            "boxes": {"codes": box, "prior": PRIOR_BOX},
            "grids": {"codes": digit_mosaic(vae.decode_grid(model, box, n_grid), n_grid),
                      "prior": digit_mosaic(vae.decode_grid(model, PRIOR_BOX, n_grid), n_grid)},
            "empty": {"codes": vae.empty_cells(train_codes, box, n_grid),
                      "prior": vae.empty_cells(train_codes, PRIOR_BOX, n_grid)},
            "fid": fid,
        }
    top_row = np.concatenate([shown, np.zeros_like(shown)])  # originals above, reconstructions below

    def paint(fig, beta, grid):
        view = views[beta]
        left = fig.add_axes([0.01, 0.30, 0.30, 0.50])
        top_row[n_show:] = view["rebuilt"]
        plot_digits(left, top_row, n_cols=n_show)
        left.set_title("held-out digits (top)\nand their reconstructions", fontsize=9)
        box = view["boxes"][grid]
        middle = fig.add_axes([0.37, 0.09, 0.28, 0.78])
        z = view["codes"]
        vae.plot_codes(middle, z, y_test, size=4, alpha=1.0, legend=False)
        if y_test is not None:
            _digit_key(fig, y_test)
        vae.plot_prior_contours(middle)
        middle.add_patch(_rectangle(box))
        span = max(np.abs(z).max(), 2.6) * 1.05
        middle.set_xlim(-span, span)
        middle.set_ylim(-span, span)
        middle.set_aspect("equal")
        middle.tick_params(labelsize=7, length=2, pad=1)
        middle.set_title("codes of held-out digits", fontsize=9)
        right = fig.add_axes([0.69, 0.09, 0.30, 0.78])
        right.imshow(view["grids"][grid], cmap="gray_r", vmin=0, vmax=1, interpolation="nearest",
                     aspect="equal")
        right.set_axis_off()
        right.set_title("decoded grid over the red box", fontsize=9)
        return {}  # nothing is drawn on top of these pictures

    # Every picture the two controls can ask for, drawn once to pixels: a control move then only
    # pastes one image (drawing the scatter and the axes again took most of a redraw's time).
    figsize, dpi = (9.0, 3.4), 72
    pictures = {(b, g): Backdrop(functools.partial(paint, beta=b, grid=g), figsize, dpi)
                for b in sweep.betas for g in ("codes", "prior")}

    def draw(fig, beta, grid):
        pictures[beta, grid].lay(fig)
        view, s = views[beta], sweep.scores[beta]
        text = (f"β = {beta:g}: held-out reconstruction error {s['mse']:.4f} per pixel "
                f"({s['reconstruction']:.1f} nats per digit), KL {s['kl']:.2f} nats per digit, "
                f"{s['active_dims']} of 2 latent dimensions in use; "
                f"{view['empty'][grid]:.0%} of the grid's cells hold no training code")
        if view["fid"] is not None:
            text += f"; 500 samples from N(0, I): FID-like {view['fid']:.1f}"
        return text

    controls = {
        "beta": SelectionSlider(options=list(sweep.betas), value=beta, description="β (KL weight)"),
        "grid": ToggleButtons(options=[("grid over the codes", "codes"), ("grid over the prior", "prior")],
                              value="codes", description="grid"),
    }
    return Demo("β explorer: reconstruction against a regular latent space", controls, draw, figsize=figsize,
                dpi=dpi)


def _digit_key(fig, labels):
    """Which colour is which digit: a legend in the beta explorer's lower left corner, under the reconstructions."""
    return class_legend(fig, labels, loc="lower left", bbox_to_anchor=(0.01, 0.02), ncol=5, fontsize=7,
                        columnspacing=0.8)


def _rectangle(box):
    from matplotlib.patches import Rectangle

    return Rectangle((box[0, 0], box[1, 0]), box[0, 1] - box[0, 0], box[1, 1] - box[1, 0], fill=False,
                     linewidth=1.0, color="#d62728")


def _path_title(start: int, end: int, labels=None) -> str:
    """"from held-out #3 (a 9) to #4 (a 0)": the two ends by their place among the held-out digits
    and, when the labels are known, by the digit each one is (a place is not a digit)."""
    if labels is None:
        return f"from held-out #{start} to #{end}"
    return f"from held-out #{start} (a {int(labels[start])}) to #{end} (a {int(labels[end])})"


@register
def interpolation_explorer(x_train=None, x_test=None, y_test=None, *, start: int = 0, end: int = 1,
                           beta: float = 1.0, epochs: int = 60, num_steps: int = 10) -> Demo:
    """Walk in a straight line between the codes of two held-out digits, in the VAE and in the autoencoder.

    Both latent spaces are 2-D, so the map shows where each path runs: a VAE
    path stays among the codes, an autoencoder path may cross empty space,
    and the decoded strips show what that costs.
    """
    x_train, x_test, y_test = _digits(x_train, x_test, y_test)
    num_steps = check_int(num_steps, "num_steps", low=2, high=16)
    start = check_int(start, "start", low=0, high=len(x_test) - 1)
    end = check_int(end, "end", low=0, high=len(x_test) - 1)
    models = {"VAE": vae.beta_sweep(x_train, x_test, epochs=epochs).model(beta),
              "autoencoder": vae.plain_autoencoder(x_train, epochs=epochs)}
    test = x_test.numpy()
    all_codes = {name: vae.codes(m, test) for name, m in models.items()}
    width, height, dpi, split = 648, 187, 72, 0.6  # figure pixels; the two maps take the right 40%
    side = square_images(test[:1]).shape[1]

    def draw_static(fig):  # the digit strips' frame and row names, and the maps' dots and titles
        strips = digits_frame(fig.add_axes([0.11, 0.06, 0.48, 0.76]), np.zeros((2 * num_steps, side * side)),
                              num_steps)
        for r, name in enumerate(models):
            strips.text(-1, r * (side + 1) + side / 2 - 0.5, name, ha="right", va="center", fontsize=8)
        places = {"strips": strips}
        for row, name in enumerate(models):
            ax = places[name] = fig.add_axes([split + (0.04 + 0.5 * row) * (1 - split), 0.04, 0.42 * (1 - split), 0.8])
            z = all_codes[name]
            ax.scatter(z[:, 0], z[:, 1], s=3, color="0.7", linewidths=0)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(name, fontsize=9)
        return places

    backdrop = Backdrop(draw_static, (width / dpi, height / dpi), dpi)

    def draw(fig, start, end):
        place = backdrop.lay(fig)
        strips = []
        for name, model in models.items():
            z = all_codes[name]
            path = linear_path(z[start], z[end], num_steps)  # (num_steps, 2)
            strips.append(vae.decode_codes(model, path))
            fig.add_artist(Line2D(path[:, 0], path[:, 1], marker=".", color="#d62728", markersize=4, linewidth=1,
                                  transform=place[name]))
        backdrop.digits(fig, "strips", np.concatenate(strips), num_steps)
        fig.text(0.35, 0.9, _path_title(start, end, y_test), ha="center", fontsize=9)
        return f"a straight line between the two codes, {_path_title(start, end, y_test)}"

    controls = {"start": IntSlider(value=start, min=0, max=len(x_test) - 1, description="from #"),
                "end": IntSlider(value=end, min=0, max=len(x_test) - 1, description="to #")}
    return Demo("Interpolation: VAE against plain autoencoder", controls, draw, figsize=(width / dpi, height / dpi),
                dpi=dpi)
