"""The 2-D GAN lab of notebook 06: train a generator and a discriminator live on a toy set.

A thin view over :mod:`latentedu.gan`: a :class:`~latentedu.gan.GAN` trains a
few steps per Play tick or per button press, and every picture and number
comes from the module's pure functions (``decision_map``, ``warped_grid``,
``generator_gradients``, ``mode_report``). The plane is drawn from the same
layers as :func:`latentedu.gan.plot_gan_plane` (see ``_gan_views``).
"""

from __future__ import annotations

import functools
import time

import ipywidgets as w
import numpy as np
import torch

from .. import gan as G
from ..gan._pictures import PlaneLayers, plane_layers
from ._base import Backdrop, Demo, DivergenceGuard, register
from ._gan_views import draw_loss_box, draw_plane, loss_box, loss_box_frame

__all__ = ["PRESETS", "gan_lab"]

_DATASETS = [(label, name) for name, (label, _std) in G.TOY_DATA.items()]
_LOSSES = [("non-saturating", "non_saturating"), ("minimax", "minimax"), ("least squares", "least_squares")]
_D_ACTIVATIONS = [("LeakyReLU(0.2)", "leaky_relu"), ("ReLU", "relu")]
_NAMES = {value: label for label, value in _LOSSES + _D_ACTIVATIONS}
_LIMITS = {"ring": 3.0, "grid": 5.5, "moons": 3.0, "spirals": 3.0}
_STYLE = {"description_width": "initial"}
# The two GANs of notebook 06's section 4: one setting apart (generator steps per discriminator step).
# The lab's other settings are set to the lesson's too; choosing a preset starts a fresh GAN.
PRESETS = {
    "collapse avoided: 1 G step per D step": dict(dataset="ring", loss="non_saturating", d_activation="leaky_relu",
                                                  lr=1e-3, d_steps=1, g_steps=1),
    "mode collapse: 5 G steps per D step": dict(dataset="ring", loss="non_saturating", d_activation="leaky_relu",
                                                lr=1e-3, d_steps=1, g_steps=5),
}
_NO_PRESET = "(settings below)"
_N_SHOWN = 250      # real and generated points drawn
_N_ARROWS = 30      # fakes that get a gradient arrow
_N_SCORED = 2500    # samples scored for the readout (the standard protocol)
_NEAR = 0.15        # moons and spirals: a sample is "on the data" within this distance of a real point
# Training per Play tick stops after this many seconds (at least one round, at most steps_per_tick): with
# 5 G or D steps per round, 10 rounds took 60-100 ms and the picture fell to 6 a second in the browser.
_PLAY_TRAIN_S = 0.025


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

    def plane(self, gan: G.GAN) -> PlaneLayers:
        """What the lab's plane shows for ``gan``: the layers :func:`latentedu.gan.plot_gan_plane` draws."""
        with torch.no_grad():
            fake = gan.generator(self.noise_shown).numpy()
        tails = fake[:_N_ARROWS]
        return plane_layers(self.real_shown, fake, decision=G.decision_map(gan, self.lim, 40),
                            lines=G.warped_grid(gan, lines=self.lines), arrows=G.generator_gradients(gan, tails),
                            arrow_points=tails, centers=self.centers, lim=self.lim)


def _readout_quality(scene: _Scene, gan: G.GAN) -> str:
    with torch.no_grad():
        scored = gan.generator(scene.noise_scored).numpy()
    if scene.centers is not None:
        report = G.mode_report(scored, scene.centers, scene.std)
        return (f"modes covered <b>{report.modes_covered}/{report.n_modes}</b> · high-quality samples "
                f"<b>{report.high_quality:.1%}</b> (within 3 std of a mode; {_N_SCORED:,} samples)"
                + _mode_counts(report))
    from scipy.spatial import cKDTree

    near = scene.real_tree.query(scored[:500], distance_upper_bound=_NEAR)[0] < np.inf
    covered = cKDTree(scored[:2000]).query(scene.real_probe, distance_upper_bound=_NEAR)[0] < np.inf
    return (f"samples on the data <b>{near.mean():.0%}</b> · data covered by samples <b>{covered.mean():.0%}</b> "
            f"(within {_NEAR} of each other)")


def _preset_label(preset: str, values: dict) -> str:
    """" · preset: <name>" while the chosen preset's settings are all in place, else nothing."""
    settings = PRESETS.get(preset)
    if settings is None or any(values[key] != value for key, value in settings.items()):
        return ""
    return f" · preset: {preset}"


def _mode_counts(report) -> str:
    """The high-quality samples per mode, live: a count per mode (the ring's 8; the grid's 25 in rows
    of 5), so a generator that piles its good samples onto a few modes shows at once."""
    counts = [int(c) for c in report.counts]
    if len(counts) > 8:
        rows = [" ".join(f"{c:>4}" for c in counts[i:i + 5]) for i in range(0, len(counts), 5)]
        return "<br>high-quality samples per mode (grid rows): " + " | ".join(rows)
    return "<br>high-quality samples per mode: " + " · ".join(f"<b>{c}</b>" for c in counts)


@register
def gan_lab(dataset: str = "ring", lr: float = 1e-3, d_steps: int = 1, steps_per_tick: int = 10,
            d_activation: str = "leaky_relu", loss: str = "non_saturating", g_steps: int = 1) -> Demo:
    """Train a GAN on a 2-D toy set and watch both networks.

    Picture: the discriminator's verdict (blue = "real", orange = "fake"), the
    generator's warped grid of the 2-D noise space (grey lines), real (blue) and
    generated (orange) points, and on some fakes the direction the generator's
    loss pushes them (brown arrows). Right: both losses. Buttons train D only,
    G only, or both for ``steps_per_tick`` steps; Play does "both" on every tick,
    for at most 25 ms of training (pause is Play's own button); reset restores
    the first weights. Changing the data set or D's activation builds a new
    GAN; lr, D steps, G steps (per
    round of D steps) and the loss apply from the next step on. A preset
    (:data:`PRESETS`: "mode collapse" and "collapse avoided", the two GANs of
    notebook 06) sets the controls and starts a fresh GAN. The readout counts covered modes and the share of
    high-quality samples (ring, grid) with the count of high-quality samples on each mode, and the
    training speed with redraws.
    """
    scenes: dict[str, _Scene] = {}
    state: dict = {"rate": None}
    guard = DivergenceGuard("the GAN", loss="a loss")  # too large a learning rate: say so, keep the lab alive

    def scene() -> _Scene:
        name = controls["dataset"].value
        if name not in scenes:
            scenes[name] = _Scene(name)
        return scenes[name]

    def rebuild(_value=None):
        s = state["scene"] = scene()
        state["gan"] = G.GAN(s.data, hidden=(64, 64), batch_size=128, d_activation=controls["d_activation"].value,
                             loss=controls["loss"].value, lr=controls["lr"].value, d_steps=controls["d_steps"].value,
                             g_steps=controls["g_steps"].value, centers=s.centers, std=s.std)
        state["rate"] = None

    def apply_preset(name):
        if name not in PRESETS:
            return
        for key, value in PRESETS[name].items():
            controls[key].value = value
        rebuild()

    def train(kind: str, budget_s: float | None = None):
        """``steps_per_tick`` rounds of ``kind``; with ``budget_s``, fewer once that much time is spent."""
        def run(_value=None):
            gan = state["gan"]
            start = time.perf_counter()
            steps = {"D": gan.train_discriminator, "G": gan.train_generator, "both": gan.step}[kind]
            done = 0
            while done < steps_per_tick and guard.error is None:
                guard.train(steps, 1)
                done += 1
                if budget_s is not None and time.perf_counter() - start > budget_s:
                    break
            train_s = time.perf_counter() - start
            state["rate"] = done / (train_s + demo_ms() / 1000)
        return run

    def demo_ms() -> float:
        return state["demo"].last_ms if "demo" in state else 0.0

    figsize, dpi = (8.4, 3.9), 72

    @functools.cache
    def backdrop(dataset: str) -> Backdrop:
        """The plane's frame and the loss box with its names, drawn once per data set (and the settings
        line apart: one backdrop for both cost a full draw at every change of a setting)."""
        lim = _LIMITS[dataset]

        def draw_static(fig):
            # one axes without ticks holds everything: the plane left, the loss curves boxed on the right
            ax = fig.add_axes((0.0, 0.0, 1.0, 0.93))
            ax.set(xlim=(-lim, 2.25 * lim), ylim=(-lim, lim), aspect="equal")
            ax.set_axis_off()
            loss_box_frame(ax, loss_box(lim))
            return {"plane": ax}

        return Backdrop(draw_static, figsize, dpi)

    @functools.lru_cache(maxsize=64)
    def settings_line(loss: str, lr: float, d_steps: int, g_steps: int, d_activation: str) -> Backdrop:
        """The line naming the settings, top right: drawn once per setting, on a transparent backdrop."""
        def draw_static(fig):
            fig.text(0.99, 0.99, f"{_NAMES[loss]} loss · lr {lr:.0e} · {d_steps} D : {g_steps} G steps · "
                     f"D: {_NAMES[d_activation]}", ha="right", va="top", fontsize=9)
            return {}

        return Backdrop(draw_static, figsize, dpi, transparent=True)

    for _label, name in _DATASETS:  # drawn now, so that no control change has to
        backdrop(name)

    def draw(fig, preset, dataset, loss, d_activation, lr, d_steps, g_steps, play):
        gan, s = state["gan"], scene()
        warning = guard.reset_if_diverged(gan.reset)
        gan.set_lr(lr).set_loss(loss)
        gan.d_steps, gan.g_steps = d_steps, g_steps
        static = backdrop(dataset)
        to_fig = static.lay(fig)["plane"]
        settings_line(loss, lr, d_steps, g_steps, d_activation).lay(fig)
        draw_plane(fig, static, "plane", to_fig, s.plane(gan))
        draw_loss_box(fig, to_fig, gan, loss_box(s.lim))
        fig.text(0.01, 0.99, f"step {gan.steps} (D steps {gan.d_step_count})" + _preset_label(preset, locals()),
                 va="top", fontsize=9)
        speed = f" · {state['rate']:.0f} training steps/s with redraws" if state["rate"] else ""
        return warning + f"step {gan.steps} · " + _readout_quality(s, gan) + speed

    controls = {
        "preset": w.Dropdown(options=[_NO_PRESET, *PRESETS], value=_NO_PRESET, description="preset"),
        "dataset": w.Dropdown(options=_DATASETS, value=dataset, description="data"),
        "loss": w.Dropdown(options=_LOSSES, value=loss, description="loss"),
        "d_activation": w.Dropdown(options=_D_ACTIVATIONS, value=d_activation, description="D activation",
                                   style=_STYLE),
        "lr": w.FloatLogSlider(value=lr, base=10, min=-4, max=-2, step=0.25, description="learning rate",
                               readout_format=".0e", style=_STYLE),
        "d_steps": w.IntSlider(value=d_steps, min=1, max=5, description="D steps", style=_STYLE),
        "g_steps": w.IntSlider(value=g_steps, min=1, max=5, description="G steps", style=_STYLE),
        # a tick every 80 ms: room for 10+ pictures a second where the kernel keeps up (one draws in ~65 ms
        # of CPU here, training included); where it cannot, ticks merge and the newest wins (see _base)
        "play": w.Play(value=0, min=0, max=1_000_000, step=1, interval=80, description="play"),
    }
    rebuild()
    demo = Demo("GAN lab", controls, draw, figsize=figsize, dpi=dpi,
                buttons={f"train D ×{steps_per_tick}": train("D"), f"train G ×{steps_per_tick}": train("G"),
                         f"train both ×{steps_per_tick}": train("both"), "reset": lambda: state["gan"].reset()},
                on_change={"preset": apply_preset, "dataset": rebuild, "d_activation": rebuild,
                           "play": train("both", _PLAY_TRAIN_S)})
    state["demo"] = demo
    demo.state = state  # the lab's GAN (state["gan"]) and data set (state["scene"]), for a notebook or a test
    return demo

