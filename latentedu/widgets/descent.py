"""Widget demos for the gradient-descent lesson (``notebooks/02_gradient_descent.ipynb``).

- :func:`optimizer_race`: five optimizers on one loss surface, recomputed on every change.
- :func:`hidden_layer_epochs`: a small network's 2-D hidden layer across training (precomputed).
"""

from __future__ import annotations

import functools

import numpy as np
from ipywidgets import Dropdown, FloatLogSlider, FloatSlider, IntSlider, SelectionSlider
from matplotlib.colors import Normalize
from matplotlib.lines import Line2D

from .. import descent
from ..descent import _pictures as pieces
from ..data import make_circles, make_moons, make_xor
from ..plotting import class_cmap
from ._base import Backdrop, Demo, register

__all__ = ["hidden_layer_epochs", "optimizer_race"]

_SURFACE_LABELS = [("tilted bowl", "bowl"), ("Rosenbrock's valley", "rosenbrock"), ("Beale's function", "beale"),
                   ("saddle", "saddle")]


def _race_readout(surface, paths) -> str:
    cells = []
    for name, path in paths.items():
        color = descent.OPTIMIZER_COLORS[name]
        finite = np.isfinite(path).all(axis=1)
        if not finite.all():
            verdict = f"diverged at step {int(np.argmin(finite))}"
        else:
            reached = descent.steps_to_reach(surface, path, 1e-6)
            gap = float(surface.gap(path[-1]))
            verdict = (f"within 1e-6 at step {reached}" if reached is not None else f"still {gap:.2g} above")
        cells.append(f"<span style='color:{color}'>■</span> {descent.OPTIMIZER_NAMES[name]}: {verdict}")
    return " &nbsp;·&nbsp; ".join(cells)


@register
def optimizer_race(surface: str = "bowl", condition: float = 30.0, momentum: float = 0.7,
                   num_steps: int = 200) -> Demo:
    """Gradient descent, momentum, Nesterov, RMSprop and Adam racing on one surface.

    Controls: the surface, the bowl's condition number κ (greyed out on the
    other surfaces, which have none), the start point, the learning rate of the
    gradient family (GD, momentum, Nesterov), the learning rate of the adaptive
    pair (RMSprop, Adam), the momentum and the number of steps. Every change
    recomputes all five paths (:func:`latentedu.descent.race`) and draws them
    over the contours, with the loss above the minimum per step on a log scale.
    The loss panel's axes stay put while the paths change (its steps axis
    stretches to the number of steps), so curves can be compared from one
    setting to the next; the contours are drawn once per surface and κ, the
    empty loss panel once per surface. Choosing a surface
    moves the start and the learning rates to values that work there. Returns
    the demo; does not display it.
    """
    first = descent.make_surface(surface, condition)
    figsize = (9.5, 4.2)
    controls = {
        "surface": Dropdown(options=_SURFACE_LABELS, value=surface, description="surface"),
        # the description says what a tooltip would (ipywidgets 7 drops `tooltip=`): only the bowl has a κ
        "condition": FloatLogSlider(value=condition, base=10, min=0, max=3, step=0.05,
                                    description="κ (bowl only)", readout_format=".3g", disabled=surface != "bowl",
                                    style={"description_width": "initial"}),
        "x0": FloatSlider(value=first.start[0], min=first.xlim[0], max=first.xlim[1], step=0.05,
                          description="start x"),
        "y0": FloatSlider(value=first.start[1], min=first.ylim[0], max=first.ylim[1], step=0.001,
                          description="start y", readout_format=".3f"),
        "lr": FloatLogSlider(value=first.lr, base=10, min=-4, max=0.5, step=0.05,
                             description="lr GD/mom.", readout_format=".2g"),
        "adaptive_lr": FloatLogSlider(value=first.adaptive_lr, base=10, min=-3, max=0, step=0.05,
                                      description="lr RMS/Adam", readout_format=".2g"),
        "momentum": FloatSlider(value=momentum, min=0.0, max=0.99, step=0.01, description="momentum β"),
        "num_steps": IntSlider(value=num_steps, min=10, max=400, step=10, description="steps"),
    }

    def on_surface(name: str) -> None:
        chosen = descent.make_surface(name, controls["condition"].value)
        x0, y0 = controls["x0"], controls["y0"]
        controls["condition"].disabled = name != "bowl"  # only the bowl has a κ: say so, not a dead slider
        with demo.holding(), x0.hold_trait_notifications(), y0.hold_trait_notifications():
            x0.max, x0.min = max(x0.max, chosen.xlim[1]), min(x0.min, chosen.xlim[0])  # widen first
            y0.max, y0.min = max(y0.max, chosen.ylim[1]), min(y0.min, chosen.ylim[0])
            x0.value, y0.value = chosen.start
            x0.min, x0.max = chosen.xlim
            y0.min, y0.max = chosen.ylim
            controls["lr"].value = chosen.lr
            controls["adaptive_lr"].value = chosen.adaptive_lr

    def grid(fig):  # the contours left, the loss curves right
        return fig.add_gridspec(1, 2, width_ratios=[1.0, 1.15], left=0.05, right=0.98, bottom=0.12, top=0.93,
                                wspace=0.22)

    @functools.lru_cache(maxsize=16)
    def contours(surface: str, condition: float | None) -> Backdrop:
        """The contour panel, drawn once per surface (and κ, for the bowl)."""
        chosen = descent.make_surface(surface, 10.0 if condition is None else condition)

        def draw_static(fig):
            ax_path = fig.add_subplot(grid(fig)[0, 0])
            descent.plot_contours(ax_path, chosen)
            return {"path": ax_path}

        return Backdrop(draw_static, figsize)

    @functools.cache
    def loss_frame(surface: str) -> tuple[Backdrop, tuple[float, float]]:
        """The empty loss panel, drawn once per surface, and its y range: from the floor to the highest
        loss in the picture (the bowl's at κ = 1, its steepest), fixed so curves compare across settings."""
        chosen = descent.make_surface(surface, 1.0)
        xs, ys = np.linspace(*chosen.xlim, 50), np.linspace(*chosen.ylim, 50)
        top = np.log10(chosen.gap(np.stack(np.meshgrid(xs, ys), axis=-1)).max())
        y_range = (np.log10(pieces.LOSS_FLOOR) - 0.5, np.ceil(top) + 0.5)

        def draw_static(fig):
            ax_loss = fig.add_subplot(grid(fig)[0, 1])
            descent.plot_loss_curves(ax_loss, chosen, {})
            ax_loss.set(xlim=(0, 1), xticks=[], ylim=y_range)  # the step numbers move with the number of steps
            ax_loss.set_xlabel("step", labelpad=15)
            return {"loss": ax_loss}

        return Backdrop(draw_static, figsize, transparent=True), y_range

    def contours_for(surface: str, condition: float) -> Backdrop:
        return contours(surface, condition if surface == "bowl" else None)  # only the bowl has a κ

    for name in descent.SURFACES:  # drawn now; a new κ draws its bowl when it is chosen
        contours_for(name, condition)
        loss_frame(name)

    @functools.lru_cache(maxsize=64)  # a slider dragged back and forth meets its values again
    def race(surface, condition, x0, y0, lr, adaptive_lr, momentum, num_steps):
        chosen = descent.make_surface(surface, condition)
        return chosen, descent.race(chosen, (x0, y0), lr=lr, adaptive_lr=adaptive_lr, num_steps=num_steps,
                                    momentum=momentum)

    def draw(fig, surface, condition, x0, y0, lr, adaptive_lr, momentum, num_steps):
        chosen, paths = race(surface, condition, x0, y0, lr, adaptive_lr, momentum, num_steps)
        static = contours_for(surface, condition)
        place = static.lay(fig)
        for _name, path, style in pieces.path_lines(paths):  # as plot_paths draws them; the readout is the key
            fig.add_artist(Line2D(path[:, 0], path[:, 1], **style, transform=place["path"],
                                  clip_box=static.area(fig, "path")))
        fig.add_artist(Line2D([x0], [y0], **pieces.START_STYLE, transform=place["path"]))
        for (x, y), style in pieces.landmarks(chosen):  # again on top of the paths, as plot_contours has them
            fig.add_artist(Line2D([x], [y], **style, transform=place["path"]))
        frame, y_range = loss_frame(surface)
        frame.lay(fig)
        to_fig, area = frame.lay_transform(fig, "loss", (0, num_steps, *y_range)), frame.area(fig, "loss")
        for name, (steps, log_gap) in pieces.log_gap_curves(chosen, paths).items():  # as plot_loss_curves
            fig.add_artist(Line2D(steps, log_gap, **pieces.loss_style(name), transform=to_fig, clip_box=area))
        frame.x_labels(fig, "loss", (0, num_steps // 2, num_steps), (0, num_steps, *y_range))
        return _race_readout(chosen, paths)

    demo = Demo("Optimizer race", controls, draw, figsize=figsize, on_change={"surface": on_surface})
    return demo


_TOY = {"circles": make_circles, "moons": make_moons, "xor": make_xor}


@register
def hidden_layer_epochs(epochs=(0, 5, 20, 60, 150, 400), n_samples: int = 300) -> Demo:
    """Scrub through training and watch a 2-D hidden layer make the classes separable.

    A 2 -> 16 -> 2 -> 1 tanh network is trained once per data set when the
    demo is built (:func:`latentedu.descent.hidden_snapshots`); the epoch slider
    then only draws stored snapshots. Left: the decision regions in the input
    plane; right: the data in the 2-D hidden layer, with the output neuron's
    dividing line dashed.
    """
    stored = {}
    for name, maker in _TOY.items():
        x, y = maker(n_samples=n_samples, random_state=0)
        snapshots, grid = descent.hidden_snapshots(x, y, epochs=epochs, random_state=0)
        stored[name] = (x.numpy(), y.numpy(), {s.epoch: s for s in snapshots}, grid)
    epoch_options = sorted(stored["circles"][2])
    figsize = (8.0, 4.0)
    controls = {
        "data": Dropdown(options=list(_TOY), value="circles", description="data"),
        "epoch": SelectionSlider(options=epoch_options, value=epoch_options[-1], description="epoch"),
    }

    @functools.cache
    def backdrop(data: str) -> Backdrop:  # the two empty panels of one data set, drawn once
        def draw_static(fig):
            grid = stored[data][3]
            ax_input, ax_hidden = fig.subplots(1, 2, gridspec_kw={"left": 0.02, "right": 0.98, "bottom": 0.08,
                                                                   "top": 0.92, "wspace": 0.08})
            ax_input.set(xlim=(grid[0].min(), grid[0].max()), ylim=(grid[1].min(), grid[1].max()),
                         xticks=[], yticks=[])
            ax_hidden.set(xlim=(-1.05, 1.05), ylim=(-1.05, 1.05), aspect="equal")
            return {"input": ax_input, "hidden": ax_hidden}

        return Backdrop(draw_static, figsize)

    for name in stored:  # drawn now, so that no control change has to
        backdrop(name)

    def draw(fig, data, epoch):
        x, y, by_epoch, _grid = stored[data]
        snapshot = by_epoch[epoch]
        static = backdrop(data)
        place = static.lay(fig)
        box = static.limits("input")
        static.image(fig, "input", snapshot.regions[::-1], (box.x0, box.x1, box.y0, box.y1), cmap=class_cmap(2),
                     norm=Normalize(-0.5, 1.5), alpha=0.25, interpolation="bilinear")  # row 0 is the lowest y
        static.points(fig, "input", x, y)
        static.points(fig, "hidden", snapshot.hidden, y)
        line = pieces.output_boundary(snapshot.w, snapshot.b, lim=1.05)  # as plot_snapshot draws it
        if line is not None:
            fig.add_artist(Line2D(*line, **pieces.BOUNDARY_STYLE, transform=place["hidden"],
                                  clip_box=static.area(fig, "hidden")))
        for name, title in zip(("input", "hidden"), pieces.snapshot_titles(snapshot)):
            fig.text(*static.top_centre(name), title, ha="center", va="bottom", fontsize=10)
        return f"epoch {epoch}: training loss {snapshot.loss:.3f}, accuracy {snapshot.accuracy:.1%}"

    return Demo("A hidden layer taking shape", controls, draw, figsize=figsize)
