"""Demos for notebook 01 (weights and biases): the one-neuron lab and the network playground.

Thin views over :mod:`latentedu.neurons`: every number and picture comes from
its pure functions and its :class:`~latentedu.neurons.Playground`.
"""

from __future__ import annotations

import functools

import ipywidgets as w
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch
from matplotlib.ticker import FuncFormatter

from .. import neurons
from ..neurons import _pictures as pieces
from ..plotting import CLASS_COLORS
from ._base import Backdrop, Demo, DivergenceGuard, register

__all__ = ["network_playground", "neuron_lab"]

_DATASET_OPTIONS = [("moons", "moons"), ("circles", "circles"), ("XOR", "xor"), ("spirals", "spirals"),
                    ("spirals, 3 classes", "spirals3")]
_STYLE = {"description_width": "initial"}
_LOSS_RANGE = (-4.0, 0.7)  # log10 of the cross-entropy the playground's loss panel shows


@register
def neuron_lab(dataset: str = "moons", w1: float = 1.0, w2: float = -1.0, b: float = 0.0,
               activation_name: str = "sigmoid") -> Demo:
    """One neuron ``f(w1*x1 + w2*x2 + b)`` over a toy data set.

    Left: the activation over the plane, the boundary ``z = 0`` (black line)
    and the weight vector (arrow, perpendicular to it). Right: the activation
    curve with every point placed at its own ``z``. A larger weight makes the
    neuron more sensitive to that input (a steeper surface); a weight of 0
    cuts the connection; the bias slides the boundary without turning it.
    """
    data = {name: neurons.make_dataset(name, 200, random_state=0) for _label, name in _DATASET_OPTIONS}
    classes = {name: tuple(np.unique(y.numpy()).tolist()) for name, (_x, y) in data.items()}
    activations = ["step", "sigmoid", "tanh", "relu"]
    figsize = (9.0, 3.8)

    @functools.cache
    def backdrop(activation: str, classes: tuple[int, ...]) -> tuple[Backdrop, dict]:
        """Both frames, drawn once per activation and set of classes; and the height of each class's row."""
        levels = {}

        def draw_static(fig):
            left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.25], "wspace": 0.25, "left": 0.07,
                                                          "right": 0.98, "bottom": 0.14, "top": 0.91})
            pieces.neuron_axes(left)
            left.set_aspect("equal")  # as plot_neuron's picture makes it
            levels.update(pieces.projection_axes(right, activation, classes))
            right.set_title("each point at its z; class 1 wanted right of the dashed line", fontsize=10, y=1.01)
            return {"plane": left, "z": right}

        return Backdrop(draw_static, figsize), levels

    for labels in set(classes.values()):  # drawn now, so that no control change has to
        for name in activations:
            backdrop(name, labels)

    def draw(fig, dataset, w1, w2, b, activation):
        x, y = data[dataset]
        static, levels = backdrop(activation, classes[dataset])
        place = static.lay(fig)
        _, _, values = neurons.neuron_grid([w1, w2], b, activation, resolution=60)
        static.image(fig, "plane", values[::-1], (-3.0, 3.0, -3.0, 3.0), cmap="Greys",  # row 0 is the lowest x2
                     norm=pieces.surface_norm(activation), interpolation="bilinear")
        static.points(fig, "plane", x.numpy(), y.numpy(), size=10)
        line, arrow = pieces.boundary_marks([w1, w2], b)  # as plot_neuron draws them
        if line is not None:
            fig.add_artist(Line2D(line[:, 0], line[:, 1], **pieces.NEURON_LINE_STYLE, transform=place["plane"],
                                  clip_box=static.area(fig, "plane")))
        if arrow is not None:
            fig.add_artist(FancyArrowPatch(arrow[0], arrow[1], arrowstyle="->", lw=2, color="k", shrinkA=0,
                                           shrinkB=0, mutation_scale=10, transform=place["plane"]))
        fig.text(*static.top_centre("plane"), f"{activation}({w1:+.1f}·x1 {w2:+.1f}·x2 {b:+.1f})", fontsize=10,
                 ha="center", va="bottom")
        z = neurons.neuron_output(x, [w1, w2], b, "linear")
        fig.add_artist(Line2D(*pieces.activation_curve(activation), **pieces.NEURON_LINE_STYLE, transform=place["z"],
                              clip_box=static.area(fig, "z")))
        for label, zs, heights in pieces.projection_rows(z.numpy(), y.numpy(), levels):  # as plot_neuron_projection
            fig.add_artist(Line2D(zs, heights, ls="none", marker="o", ms=8 ** 0.5, mew=0, alpha=0.5,
                                  color=CLASS_COLORS[label % len(CLASS_COLORS)], transform=place["z"]))
        accuracy = float(((z > 0).long() == y).float().mean())
        norm = float((w1 ** 2 + w2 ** 2) ** 0.5)
        where = (f"the boundary lies {-b / norm:+.2f} from the origin along w" if norm > 0
                 else "with both weights 0 there is no boundary: the output is the same everywhere")
        return (f"z = {w1:.1f}·x1 + {w2:.1f}·x2 + {b:.1f}; calling z &gt; 0 class 1 gets "
                f"{accuracy:.0%} of the points right; {where}.")

    slider = dict(min=-3.0, max=3.0, step=0.1, continuous_update=True, style=_STYLE)
    controls = {
        "dataset": w.Dropdown(options=_DATASET_OPTIONS, value=dataset, description="data"),
        "w1": w.FloatSlider(value=w1, description="w1", **slider),
        "w2": w.FloatSlider(value=w2, description="w2", **slider),
        "b": w.FloatSlider(value=b, description="b", **slider),
        "activation": w.Dropdown(options=activations, value=activation_name, description="activation"),
    }
    return Demo("One-neuron lab", controls, draw, figsize=figsize)


@register
def network_playground(dataset: str = "moons", width: int = 16, activation_name: str = "tanh",
                       lr: float = 0.03, steps_per_tick: int = 5, steps: int = 0) -> Demo:
    """Train a ``2 -> width -> 2 -> classes`` network live and watch its hidden space.

    Play trains ``steps_per_tick`` steps on every tick (pause is Play's own
    button); "step" trains one tick's worth, "reset" starts again from the same
    initial weights. Changing the data set, width or activation builds a new
    network; changing the learning rate keeps training the current one.
    Panels: decision regions in the input plane, the data in the 2-unit hidden
    layer with the output layer's straight boundaries, and the loss.
    ``steps`` trains that many steps before the first picture (the static
    picture a notebook keeps then shows a network part-way through training).
    """
    state = {"pg": neurons.Playground(dataset, width, activation_name, lr).step(steps)}
    guard = DivergenceGuard("the network")  # a learning rate too large: say so, keep the demo alive

    def rebuild(_value=None):
        state["pg"] = neurons.Playground(controls["dataset"].value, controls["width"].value,
                                         controls["activation"].value, controls["lr"].value)

    def train(_value=None):
        guard.train(state["pg"].step, steps_per_tick)

    figsize, dpi = (11.0, 3.6), 72

    def grid(fig):
        return fig.add_gridspec(1, 3, wspace=0.22, left=0.03, right=0.975, bottom=0.15, top=0.91)

    @functools.cache
    def backdrop(dataset: str) -> Backdrop:
        """The two tickless frames with their titles, drawn once per data set."""
        def draw_static(fig):
            a, b, c = (fig.add_subplot(grid(fig)[0, i]) for i in range(3))
            for ax, title in ((a, pieces.REGIONS_TITLE), (b, pieces.HIDDEN_TITLE)):
                ax.set(xticks=[], yticks=[])
                ax.set_title(title, fontsize=10, y=1.01)
            # the loss as log10 on fixed axes, so the curve does not jump about as training goes on
            c.set(xlim=(0, 1), xticks=[], ylim=_LOSS_RANGE, yticks=range(int(_LOSS_RANGE[0]), 1))
            c.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"1e{value:.0f}"))
            c.set_xlabel("step", labelpad=15)  # room for the step numbers drawn with the curve
            c.set_ylabel("cross-entropy (log scale)")
            c.grid(True, axis="y", alpha=0.3)
            c.legend([Line2D([], [], color=CLASS_COLORS[i]) for i in (0, 1)], ["train", "test"], frameon=False,
                     fontsize=8, loc="upper right")
            return {"input": a, "hidden": b, "loss": c}

        return Backdrop(draw_static, figsize, dpi)

    for _label, name in _DATASET_OPTIONS:  # drawn now, so that no control change has to
        backdrop(name)

    def panel(fig, static, name, view):  # what plot_network_regions / plot_hidden_space draw
        limits = (view.lo[0], view.hi[0], view.lo[1], view.hi[1])
        to_fig, area = static.lay_transform(fig, name, limits), static.area(fig, name)
        static.image(fig, name, view.image[::-1], limits, limits=limits, interpolation="bilinear")
        if view.grid_lines:
            fig.add_artist(LineCollection(view.grid_lines, **pieces.GRID_LINE_STYLE, transform=to_fig, clip_box=area))
        if view.boundaries:
            fig.add_artist(LineCollection(view.boundaries, **pieces.OUTPUT_EDGE_STYLE, transform=to_fig, clip_box=area))
        static.points(fig, name, view.points, view.labels, size=9, alpha=0.85, limits=limits)

    def loss_curves(fig, static, pg):  # what plot_loss draws, on the backdrop's fixed log axes
        if not pg.loss_history:
            fig.text(0.5, np.mean(_LOSS_RANGE), "press Play or step", ha="center", va="center",
                     transform=static.lay_transform(fig, "loss", (0, 1, *_LOSS_RANGE)))
            return
        end = max(len(pg.loss_history), 10)
        limits = (0, end, *_LOSS_RANGE)
        to_fig = static.lay_transform(fig, "loss", limits)
        for steps, losses, style in pieces.loss_lines(pg):
            with np.errstate(divide="ignore", invalid="ignore"):
                fig.add_artist(Line2D(steps, np.log10(losses), color=style["color"], transform=to_fig,
                                      clip_box=static.area(fig, "loss")))
        static.x_labels(fig, "loss", (0, end // 2, end), limits, fontsize=9)

    def draw(fig, dataset, width, activation, lr, play):
        pg = state["pg"]
        warning = guard.reset_if_diverged(pg.reset)
        static = backdrop(dataset)
        static.lay(fig)
        panel(fig, static, "input", pieces.network_regions_view(pg))
        panel(fig, static, "hidden", pieces.hidden_space_view(pg))
        loss_curves(fig, static, pg)
        fig.text(*static.top_centre("loss"), f"loss (learning rate {lr:.3g})", fontsize=9, ha="center",
                 va="bottom")  # the rate shows where it acts
        loss = f"{pg.loss_history[-1]:.3f}" if pg.loss_history else f"{pg.loss():.3f}"
        return warning + (f"step {pg.steps} · train loss {loss} · accuracy: train {pg.accuracy('train'):.1%}, "
                f"test {pg.accuracy('test'):.1%} · {neurons.count_parameters(pg.model)} parameters "
                f"(2 → {pg.width} → 2 → {pg.n_classes})")

    controls = {
        "dataset": w.Dropdown(options=_DATASET_OPTIONS, value=dataset, description="data"),
        "width": w.IntSlider(value=width, min=1, max=32, description="hidden width", style=_STYLE),
        "activation": w.Dropdown(options=list(neurons.NETWORK_ACTIVATIONS), value=activation_name,
                                 description="activation"),
        "lr": w.FloatLogSlider(value=lr, base=10, min=-3, max=0, step=0.25, description="learning rate",
                               readout_format=".3f", style=_STYLE),
        "play": w.Play(value=0, min=0, max=1_000_000, step=1, interval=150, description="play"),
    }
    return Demo("Network playground", controls, draw, figsize=figsize, dpi=dpi,
                buttons={"step": train, "reset": lambda: state["pg"].reset()},
                on_change={"dataset": rebuild, "width": rebuild, "activation": rebuild,
                           "lr": lambda value: state["pg"].set_lr(value), "play": train})
