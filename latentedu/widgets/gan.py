"""The 2-D GAN lab of notebook 06: train a generator and a discriminator live on a toy set.

A thin view over :mod:`latentedu.gan`: a :class:`~latentedu.gan.GAN` trains a
few steps per Play tick or per button press, and every picture and number
comes from the module's pure functions (``decision_map``, ``warped_grid``,
``generator_gradients``, ``mode_report``).
"""

from __future__ import annotations

import functools
import time

import ipywidgets as w
import numpy as np
import torch
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.colors import Normalize
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow
from matplotlib.transforms import Bbox, TransformedBbox

from .. import gan as G
from ..plotting import GENERATED, REAL
from ._base import Backdrop, Demo, register

__all__ = ["gan_lab"]

_DATASETS = [(label, name) for name, (label, _std) in G.TOY_DATA.items()]
_LOSSES = [("non-saturating", "non_saturating"), ("minimax", "minimax"), ("least squares", "least_squares")]
_D_ACTIVATIONS = [("LeakyReLU(0.2)", "leaky_relu"), ("ReLU", "relu")]
_NAMES = {value: label for label, value in _LOSSES + _D_ACTIVATIONS}
_LIMITS = {"ring": 3.0, "grid": 5.5, "moons": 3.0, "spirals": 3.0}
_STYLE = {"description_width": "initial"}
_N_SHOWN = 250      # real and generated points drawn
_N_ARROWS = 30      # fakes that get a gradient arrow
_N_SCORED = 2500    # samples scored for the readout (the standard protocol)
_NEAR = 0.15        # moons and spirals: a sample is "on the data" within this distance of a real point


class _Scene:
    """What stays fixed for one data set (computed once): the points drawn, the noise, the trees."""

    def __init__(self, dataset: str):
        from scipy.spatial import cKDTree

        self.dataset = dataset
        self.lim = _LIMITS[dataset]
        data = G.make_toy_data(dataset, 5000, random_state=0)
        self.data = data
        self.real_shown = data[:_N_SHOWN].numpy()
        rng = torch.Generator().manual_seed(7)
        self.noise_shown = torch.randn(_N_SHOWN, 2, generator=rng)
        self.noise_scored = torch.randn(_N_SCORED, 2, generator=rng)
        self.lines = G.noise_grid_lines(2, 9, 32, 2.0)
        self.centers = G.toy_centers(dataset)
        self.std = G.TOY_DATA[dataset][1]
        self.real_tree = cKDTree(data[:2000].numpy())
        self.real_probe = data[2000:2500].numpy()


def _readout_quality(scene: _Scene, gan: G.GAN) -> str:
    with torch.no_grad():
        scored = gan.generator(scene.noise_scored).numpy()
    if scene.centers is not None:
        report = G.mode_report(scored, scene.centers, scene.std)
        return (f"modes covered <b>{report.modes_covered}/{report.n_modes}</b> · high-quality samples "
                f"<b>{report.high_quality:.1%}</b> (within 3 std of a mode; {_N_SCORED:,} samples)")
    from scipy.spatial import cKDTree

    near = scene.real_tree.query(scored[:500], distance_upper_bound=_NEAR)[0] < np.inf
    covered = cKDTree(scored[:2000]).query(scene.real_probe, distance_upper_bound=_NEAR)[0] < np.inf
    return (f"samples on the data <b>{near.mean():.0%}</b> · data covered by samples <b>{covered.mean():.0%}</b> "
            f"(within {_NEAR} of each other)")


@register
def gan_lab(dataset: str = "ring", lr: float = 1e-3, d_steps: int = 1, steps_per_tick: int = 10,
            d_activation: str = "leaky_relu", loss: str = "non_saturating") -> Demo:
    """Train a GAN on a 2-D toy set and watch both networks.

    Picture: the discriminator's verdict (blue = "real", orange = "fake"), the
    generator's warped grid of the 2-D noise space (grey lines), real (blue) and
    generated (orange) points, and on some fakes the direction the generator's
    loss pushes them (brown arrows). Right: both losses. Buttons train D only,
    G only, or both for ``steps_per_tick`` steps; Play does "both" on every tick
    (pause is Play's own button); reset restores the first weights. Changing the
    data set or D's activation builds a new GAN; lr, D steps and the loss apply
    from the next step on. The readout counts covered modes and the share of
    high-quality samples (ring, grid), and the training speed with redraws.
    """
    scenes: dict[str, _Scene] = {}
    state: dict = {"rate": None}

    def scene() -> _Scene:
        name = controls["dataset"].value
        if name not in scenes:
            scenes[name] = _Scene(name)
        return scenes[name]

    def rebuild(_value=None):
        s = scene()
        state["gan"] = G.GAN(s.data, hidden=(64, 64), d_activation=controls["d_activation"].value,
                             loss=controls["loss"].value, lr=controls["lr"].value,
                             d_steps=controls["d_steps"].value, centers=s.centers, std=s.std)
        state["rate"] = None

    def train(kind: str):
        def run(_value=None):
            gan = state["gan"]
            start = time.perf_counter()
            try:
                {"D": gan.train_discriminator, "G": gan.train_generator, "both": gan.step}[kind](steps_per_tick)
            except FloatingPointError as exc:  # too large a learning rate: say so, keep the lab alive
                state["error"] = str(exc)
            train_s = time.perf_counter() - start
            state["rate"] = steps_per_tick / (train_s + demo_ms() / 1000)
        return run

    def demo_ms() -> float:
        return state["demo"].last_ms if "demo" in state else 0.0

    figsize, dpi = (8.4, 3.9), 72

    @functools.lru_cache(maxsize=32)
    def backdrop(dataset: str, loss: str, d_activation: str, lr: float, d_steps: int) -> Backdrop:
        """The plane's frame, the loss box with its names and the settings line, drawn once per setting."""
        lim = _LIMITS[dataset]

        def draw_static(fig):
            # one axes without ticks holds everything: the plane left, the loss curves boxed on the right
            ax = fig.add_axes((0.0, 0.0, 1.0, 0.93))
            ax.set(xlim=(-lim, 2.25 * lim), ylim=(-lim, lim), aspect="equal")
            ax.set_axis_off()
            G.loss_box_frame(ax, _loss_box(lim))
            fig.text(0.99, 0.99, f"{_NAMES[loss]} loss · lr {lr:.0e} · {d_steps} D step(s) per G step · "
                     f"D: {_NAMES[d_activation]}", ha="right", va="top", fontsize=9)
            return {"plane": ax}

        return Backdrop(draw_static, figsize, dpi)

    for _label, name in _DATASETS:  # drawn now for the starting settings; others when first chosen
        backdrop(name, loss, d_activation, lr, d_steps)

    def draw(fig, dataset, loss, d_activation, lr, d_steps, play):
        gan, s = state["gan"], scene()
        warning = ""
        if state.pop("error", None) is not None:
            gan.reset()
            warning = "Training diverged (a loss became infinite), so the GAN was reset: lower the learning rate. "
        gan.set_lr(lr).set_loss(loss)
        gan.d_steps = d_steps
        with torch.no_grad():
            fake = gan.generator(s.noise_shown).numpy()
        static = backdrop(dataset, loss, d_activation, lr, d_steps)
        to_fig = static.lay(fig)["plane"]
        _draw_plane(fig, static, to_fig, s, gan, fake)
        curves, texts = G.loss_box_contents(gan, _loss_box(s.lim))
        for xs, ys, color in curves:
            fig.add_artist(Line2D(xs, ys, color=color, lw=1, transform=to_fig))
        for x, y, text, style in texts:
            fig.text(x, y, text, transform=to_fig, **style)
        fig.text(0.01, 0.99, f"step {gan.steps} (D steps {gan.d_step_count})", va="top", fontsize=9)
        speed = f" · {state['rate']:.0f} training steps/s with redraws" if state["rate"] else ""
        return warning + f"step {gan.steps} · " + _readout_quality(s, gan) + speed

    controls = {
        "dataset": w.Dropdown(options=_DATASETS, value=dataset, description="data"),
        "loss": w.Dropdown(options=_LOSSES, value=loss, description="loss"),
        "d_activation": w.Dropdown(options=_D_ACTIVATIONS, value=d_activation, description="D activation",
                                   style=_STYLE),
        "lr": w.FloatLogSlider(value=lr, base=10, min=-4, max=-2, step=0.25, description="learning rate",
                               readout_format=".0e", style=_STYLE),
        "d_steps": w.IntSlider(value=d_steps, min=1, max=5, description="D steps", style=_STYLE),
        "play": w.Play(value=0, min=0, max=1_000_000, step=1, interval=100, description="play"),
    }
    rebuild()
    demo = Demo("GAN lab", controls, draw, figsize=figsize, dpi=dpi,
                buttons={f"train D ×{steps_per_tick}": train("D"), f"train G ×{steps_per_tick}": train("G"),
                         f"train both ×{steps_per_tick}": train("both"), "reset": lambda: state["gan"].reset()},
                on_change={"dataset": rebuild, "d_activation": rebuild, "play": train("both")})
    state["demo"] = demo
    return demo


def _loss_box(lim: float) -> tuple[float, float, float, float]:
    """Where the lab draws the loss curves: a box right of the plane, in the plane's coordinates."""
    return 1.12 * lim, -0.75 * lim, 2.2 * lim, 0.75 * lim


def _draw_plane(fig, backdrop: Backdrop, to_fig, scene: _Scene, gan: G.GAN, fake: np.ndarray) -> None:
    """What :func:`latentedu.gan.plot_gan_plane` draws, added to ``fig`` over the backdrop."""
    lim = scene.lim
    area = TransformedBbox(Bbox.from_extents(-lim, -lim, lim, lim), to_fig)  # the plane, not the loss box
    backdrop.image(fig, "plane", G.decision_map(gan, lim, 40)[::-1], (-lim, lim, -lim, lim),  # row 0 lowest
                   cmap=G.verdict_cmap(), norm=Normalize(0, 1), interpolation="bilinear")
    fig.add_artist(LineCollection(G.warped_grid(gan, lines=scene.lines), colors="#555555", linewidths=0.6,
                                  alpha=0.45, transform=to_fig, clip_box=area))
    for points, color, alpha in ((scene.real_shown, REAL, 0.6), (fake, GENERATED, 0.8)):
        fig.add_artist(Line2D(points[:, 0], points[:, 1], ls="none", marker="o", ms=5 ** 0.5, mew=0, color=color,
                              alpha=alpha, transform=to_fig, clip_box=area))
    if scene.centers is not None:
        c = np.asarray(scene.centers)
        fig.add_artist(Line2D(c[:, 0], c[:, 1], ls="none", marker="o", ms=40 ** 0.5, mfc="none", mec="black",
                              mew=0.7, transform=to_fig))
    tails = fake[:_N_ARROWS]
    arrows = G.scaled_arrows(G.generator_gradients(gan, tails), lim)
    shaft = 0.01 * lim  # about what quiver's width=0.004 of the axes gave
    heads = {"width": shaft, "head_width": 4 * shaft, "head_length": 4 * shaft, "length_includes_head": True}
    fig.add_artist(PatchCollection([FancyArrow(x, y, dx, dy, **heads) for (x, y), (dx, dy) in zip(tails, arrows)
                                    if dx or dy], color=G.ARROW_COLOR, lw=0, transform=to_fig, clip_box=area))
