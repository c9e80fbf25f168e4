"""Demos for notebook 01 (weights and biases): the one-neuron lab and the network playground.

Thin views over :mod:`latentedu.neurons`: every number and picture comes from
its pure functions and its :class:`~latentedu.neurons.Playground`.
"""

from __future__ import annotations

import ipywidgets as w

from .. import neurons
from ._base import Demo, register

__all__ = ["network_playground", "neuron_lab"]

_DATASET_OPTIONS = [("moons", "moons"), ("circles", "circles"), ("XOR", "xor"), ("spirals", "spirals"),
                    ("spirals, 3 classes", "spirals3")]
_STYLE = {"description_width": "initial"}


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

    def draw(fig, dataset, w1, w2, b, activation):
        x, y = data[dataset]
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.25], "wspace": 0.25, "left": 0.07,
                                                      "right": 0.98, "bottom": 0.14, "top": 0.91})
        neurons.plot_neuron(left, x, y, [w1, w2], b, activation)
        left.set_title(f"{activation}({w1:+.1f}·x1 {w2:+.1f}·x2 {b:+.1f})", fontsize=10, y=1.01)
        neurons.plot_neuron_projection(right, x, y, [w1, w2], b, activation)
        right.set_title("each point at its z; class 1 wanted right of the dashed line", fontsize=10, y=1.01)
        z = neurons.neuron_output(x, [w1, w2], b, "linear")
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
        "activation": w.Dropdown(options=["step", "sigmoid", "tanh", "relu"], value=activation_name,
                                 description="activation"),
    }
    return Demo("One-neuron lab", controls, draw, figsize=(9.0, 3.8))


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

    def rebuild(_value=None):
        state["pg"] = neurons.Playground(controls["dataset"].value, controls["width"].value,
                                         controls["activation"].value, controls["lr"].value)

    def train(_value=None):
        try:
            state["pg"].step(steps_per_tick)
        except FloatingPointError as exc:  # a learning rate too large: say so, keep the demo alive
            state["error"] = str(exc)

    def draw(fig, dataset, width, activation, lr, play):
        pg = state["pg"]
        warning = ""
        if state.pop("error", None) is not None:
            pg.reset()
            warning = "Training diverged (the loss became infinite), so the network was reset: lower the learning rate. "
        a, b, c = fig.subplots(1, 3, gridspec_kw={"wspace": 0.22, "left": 0.03, "right": 0.99,
                                                  "bottom": 0.13, "top": 0.91})
        neurons.plot_network_regions(a, pg)
        neurons.plot_hidden_space(b, pg)
        neurons.plot_loss(c, pg)
        c.set_title(f"{c.get_title()} (learning rate {lr:.3g})", fontsize=9)  # the rate shows where it acts
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
    return Demo("Network playground", controls, draw, figsize=(11.0, 3.6), dpi=72,
                buttons={"step": train, "reset": lambda: state["pg"].reset()},
                on_change={"dataset": rebuild, "width": rebuild, "activation": rebuild,
                           "lr": lambda value: state["pg"].set_lr(value), "play": train})
