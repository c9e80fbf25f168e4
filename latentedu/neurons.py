"""Weights and biases: one neuron, one layer, and a small network that learns a latent space.

Used by notebook ``01_weights_and_biases`` and its two widget demos (the
one-neuron lab and the network playground in ``latentedu.widgets.neurons``).

The story in code:

* a neuron computes ``z = x @ w + b`` and then an activation ``a = f(z)``
  (:func:`neuron_output`); its decision boundary is the line ``z = 0``
  (:func:`boundary_line`), which the weights turn and the bias shifts;
* a layer does the same for many neurons at once, ``f(X @ W + b)``;
* :class:`PlaygroundNet` stacks layers ``2 -> width -> 2 -> classes``, and
  :class:`Playground` trains it step by step with cross-entropy and a
  ``torch.optim`` optimizer, so a widget can advance it a few steps per tick.

Why the playground's last hidden layer has exactly 2 units: the output layer
is linear, so the network can only be right when the data, as that last
hidden layer represents it, is *linearly separable*. With 2 units that space
is a plane we can draw exactly, with the output layer's straight class
boundaries on it, instead of a PCA shadow of a wider layer (a projection
can hide or invent separations). The wide first layer does the bending; the
2-unit layer is the learned latent space the learner watches.
"""

from __future__ import annotations

import math
from typing import Callable, NamedTuple

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from ._validation import as_array, as_tensor, check_choice, check_int, check_number
from .data import make_circles, make_moons, make_spirals, make_xor
from .plotting import CLASS_COLORS, plot_points

__all__ = [
    "ACTIVATIONS",
    "DATASETS",
    "HIDDEN_TITLE",
    "NETWORK_ACTIVATIONS",
    "REGIONS_TITLE",
    "PanelView",
    "Playground",
    "PlaygroundNet",
    "activation",
    "activation_curve",
    "boundary_line",
    "boundary_marks",
    "count_parameters",
    "hidden_space_view",
    "layer_parameter_counts",
    "linear_accuracy",
    "make_dataset",
    "network_regions_view",
    "neuron_axes",
    "neuron_grid",
    "neuron_output",
    "output_boundaries",
    "plot_activations",
    "plot_hidden_space",
    "plot_loss",
    "plot_network_regions",
    "plot_neuron",
    "plot_neuron_projection",
    "projection_axes",
    "surface_norm",
]

# --------------------------------------------------------------------------- activations

ACTIVATIONS: dict[str, Callable[[torch.Tensor], torch.Tensor]] = {
    "step": lambda z: (z > 0).to(z.dtype),  # the perceptron's all-or-nothing (Rosenblatt, 1958)
    "sigmoid": torch.sigmoid,               # 1 / (1 + e^-z), between 0 and 1
    "tanh": torch.tanh,                     # between -1 and 1, 0 at z = 0
    "relu": torch.relu,                     # max(0, z)
    "linear": lambda z: z,                  # no nonlinearity at all
}

# Activations a network can be trained with: the step's gradient is zero almost everywhere.
NETWORK_ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")

_MODULES = {"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid, "linear": nn.Identity}


def activation(name: str) -> Callable[[torch.Tensor], torch.Tensor]:
    """The activation function called ``name`` (one of ``ACTIVATIONS``), acting on tensors."""
    check_choice(name, "activation", ACTIVATIONS)
    return ACTIVATIONS[name]


# --------------------------------------------------------------------------- one neuron

def _check_weights(w, b, n_features: int | None = None) -> tuple[torch.Tensor, float]:
    w = as_tensor(w, "w", ndim=1)
    if n_features is not None and len(w) != n_features:
        raise ValueError(f"w has {len(w)} weights but each sample has {n_features} features; "
                         "give one weight per input feature.")
    b = check_number(b.item() if hasattr(b, "item") else b, "b")
    return w, b


def neuron_output(x, w, b, activation_name: str = "sigmoid") -> torch.Tensor:
    """One neuron on every row of ``x``: ``f(x @ w + b)``, shape ``(n,)``.

    ``x`` is ``(n, d)``, ``w`` has ``d`` weights, ``b`` is a number.

    >>> neuron_output([[1.0, 2.0]], [0.5, -1.0], 1.0, "linear")
    tensor([-0.5000])
    """
    x = as_tensor(x, "x", ndim=2)
    w, b = _check_weights(w, b, x.shape[1])
    return activation(activation_name)(x @ w + b)  # (n,)


def boundary_line(w, b, xlim=(-3.0, 3.0)) -> np.ndarray:
    """Two points on the neuron's decision boundary ``w1*x1 + w2*x2 + b = 0``, shape (2, 2).

    Every activation in ``ACTIVATIONS`` switches at ``z = 0`` (step jumps,
    sigmoid crosses 0.5, tanh crosses 0, ReLU starts to rise), so this one line
    is the boundary for all of them. The weights set its direction (it is
    perpendicular to ``w``); the bias moves it: its distance from the origin is
    ``-b / |w|`` along ``w``. Raises ``ValueError`` when both weights are 0.
    """
    w, b = _check_weights(w, b, 2)
    w1, w2 = float(w[0]), float(w[1])
    norm2 = w1 * w1 + w2 * w2
    if norm2 == 0:
        raise ValueError("With w1 = w2 = 0 the neuron ignores its inputs and has no boundary; "
                         "give at least one weight a non-zero value.")
    foot = np.array([w1, w2]) * (-b / norm2)  # the boundary's point nearest the origin
    along = np.array([-w2, w1]) / math.sqrt(norm2)
    span = 2 * max(abs(xlim[0]), abs(xlim[1])) + np.linalg.norm(foot)
    return np.stack([foot - span * along, foot + span * along])


def neuron_grid(w, b, activation_name: str = "sigmoid", *, lo=(-3.0, -3.0), hi=(3.0, 3.0),
                resolution: int = 80) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The neuron's output over a grid of the plane: ``(gx, gy, values)``, each (res, res)."""
    resolution = check_int(resolution, "resolution", low=2, high=2000)
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.stack([gx.ravel(), gy.ravel()], axis=1)
    values = neuron_output(grid, w, b, activation_name).numpy().reshape(gx.shape)
    return gx, gy, values


# --------------------------------------------------------------------------- data

DATASETS = {
    "moons": lambda n, seed: make_moons(n, noise=0.1, random_state=seed),
    "circles": lambda n, seed: make_circles(n, noise=0.08, random_state=seed),
    "xor": lambda n, seed: make_xor(n, noise=0.3, random_state=seed),
    "spirals": lambda n, seed: make_spirals(n, n_classes=2, noise=0.1, random_state=seed),
    "spirals3": lambda n, seed: make_spirals(n, n_classes=3, noise=0.1, random_state=seed),
}


def make_dataset(name: str, n_samples: int = 300, random_state: int = 0):
    """A playground data set by name: moons, circles, xor, spirals or spirals3 (3 classes)."""
    check_choice(name, "dataset", DATASETS)
    n_samples = check_int(n_samples, "n_samples", low=4, high=1_000_000)
    return DATASETS[name](n_samples, random_state)


# --------------------------------------------------------------------------- networks

class PlaygroundNet(nn.Module):
    """``2 -> width -> 2 -> n_classes``: a wide hidden layer, a 2-unit hidden layer, a linear output.

    ``width=0`` drops the wide layer, and ``latent=False`` drops the 2-unit
    one; with both gone the net is one linear layer (logistic regression,
    i.e. one neuron per class).
    """

    def __init__(self, width: int = 16, activation_name: str = "tanh", n_classes: int = 2,
                 n_features: int = 2, latent: bool = True):
        super().__init__()
        check_choice(activation_name, "activation", NETWORK_ACTIVATIONS)
        self.width = check_int(width, "width", low=0, high=1024)
        self.n_classes = check_int(n_classes, "n_classes", low=2, high=100)
        self.n_features = check_int(n_features, "n_features", low=1)
        self.activation_name = activation_name
        layers: list[nn.Module] = []
        size = self.n_features
        for units in ([self.width] if self.width else []) + ([2] if latent else []):
            layers += [nn.Linear(size, units), _MODULES[activation_name]()]
            size = units
        self.hidden_layers = nn.Sequential(*layers)
        self.output = nn.Linear(size, self.n_classes)

    @property
    def latent_dim(self) -> int:
        return self.output.in_features

    def hidden(self, x: torch.Tensor, layer: int = -1) -> torch.Tensor:
        """The representation after hidden layer ``layer`` (default: the last one)."""
        n_hidden = len(self.hidden_layers) // 2
        if n_hidden == 0:
            return x
        layer = range(n_hidden)[layer]
        return self.hidden_layers[: 2 * layer + 2](x)  # (batch, units of that layer)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.hidden_layers(x)  # (batch, latent_dim)
        return self.output(h)      # (batch, n_classes): logits


def count_parameters(model: nn.Module) -> int:
    """The number of trainable numbers (weights and biases) in ``model``."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}.")
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def layer_parameter_counts(sizes) -> list[int]:
    """Parameters of each fully connected layer for layer sizes ``[n_in, h1, ..., n_out]``.

    A layer from ``m`` to ``n`` units has an ``m x n`` weight matrix and ``n`` biases.

    >>> layer_parameter_counts([2, 16, 2, 3])
    [48, 34, 9]
    """
    sizes = [check_int(s, "layer size", low=1) for s in sizes]
    if len(sizes) < 2:
        raise ValueError(f"Give at least two layer sizes (inputs and outputs), got {sizes}.")
    return [m * n + n for m, n in zip(sizes[:-1], sizes[1:])]


def linear_accuracy(features, labels, *, random_state: int = 0) -> float:
    """How well straight boundaries separate the classes of ``features``: a training accuracy.

    A logistic regression (nearly unregularised) is fitted to the points and
    scored on them; when always answering the most common class scores
    better (on XOR, a fitted line can do worse than that), that score is
    returned instead, since a boundary with every point on one side is a line
    too. Near 1.0 means the classes are linearly separable in that
    representation. Used by notebook ``01_weights_and_biases``.
    """
    from sklearn.linear_model import LogisticRegression

    features = as_array(features, "features", ndim=2)
    labels = as_array(labels, "labels", ndim=1, dtype=np.int64)
    if len(labels) != len(features):
        raise ValueError(f"labels has {len(labels)} entries but features has {len(features)} rows.")
    model = LogisticRegression(C=1e4, max_iter=2000, random_state=random_state)
    fitted = float(model.fit(features, labels).score(features, labels))
    majority = float(np.bincount(labels).max() / len(labels))
    return max(fitted, majority)


class Playground:
    """The network playground's model, data and optimizer, trained a few steps at a time.

    Every step is one full-batch gradient step on the cross-entropy loss of
    the training points (``torch.nn.functional.cross_entropy``) with a
    ``torch.optim`` optimizer. The optimizer keeps its state between calls,
    which is why this is a small object and not a call of ``training.fit``
    (each ``fit`` call starts a fresh optimizer). The test points come from
    the same generator with another seed and are never trained on.

    >>> pg = Playground("circles", width=8, activation_name="tanh", lr=0.03)
    >>> pg.step(300).accuracy() > 0.95
    True
    """

    def __init__(self, dataset: str = "moons", width: int = 16, activation_name: str = "tanh",
                 lr: float = 0.03, *, optimizer: str = "adam", n_train: int = 300, n_test: int = 300,
                 random_state: int = 0):
        check_choice(dataset, "dataset", DATASETS)
        check_choice(activation_name, "activation", NETWORK_ACTIVATIONS)
        check_choice(optimizer, "optimizer", ("adam", "sgd"))
        self.dataset = dataset
        self.width = check_int(width, "width", low=1, high=1024)
        self.activation_name = activation_name
        self.lr = check_number(lr, "lr", low=0.0, low_inclusive=False, high=10.0)
        self.optimizer_name = optimizer
        self.random_state = check_int(random_state, "random_state", low=0)
        self.x, self.y = make_dataset(dataset, n_train, random_state=self.random_state)
        self.x_test, self.y_test = make_dataset(dataset, n_test, random_state=self.random_state + 1)
        self._x_all = torch.cat([self.x, self.x_test])
        self.n_classes = int(self.y.max()) + 1
        self.reset()

    def reset(self) -> "Playground":
        """Fresh weights (the same ones every time: seeded), a fresh optimizer, no history."""
        with torch.random.fork_rng(devices=[]):  # a private seed; the global generator is left as it was
            torch.manual_seed(self.random_state)
            self.model = PlaygroundNet(self.width, self.activation_name, self.n_classes)
        maker = torch.optim.Adam if self.optimizer_name == "adam" else torch.optim.SGD
        self.optimizer = maker(self.model.parameters(), lr=self.lr)
        self.steps = 0
        self.loss_history: list[float] = []
        self.test_loss_history: list[float] = []
        return self

    def set_lr(self, lr: float) -> "Playground":
        """Change the learning rate and keep training from where the network is."""
        self.lr = check_number(lr, "lr", low=0.0, low_inclusive=False, high=10.0)
        for group in self.optimizer.param_groups:
            group["lr"] = self.lr
        return self

    def step(self, n: int = 1) -> "Playground":
        """Train ``n`` full-batch steps; records the training and test loss after each."""
        n = check_int(n, "n", low=0, high=1_000_000)
        self.model.train()
        n_train = len(self.x)
        for _ in range(n):
            logits = self.model(self._x_all)  # (n_train + n_test, n_classes): one pass for both
            loss = F.cross_entropy(logits[:n_train], self.y)
            if not torch.isfinite(loss):
                raise FloatingPointError(f"The loss became {loss.item()} at step {self.steps + 1}: "
                                         f"training diverged; try a smaller learning rate than {self.lr}.")
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
            self.steps += 1
            self.loss_history.append(loss.item())
            self.test_loss_history.append(F.cross_entropy(logits[n_train:].detach(), self.y_test).item())
        self.model.eval()
        return self

    def loss(self) -> float:
        """Cross-entropy on the training points with the current weights."""
        with torch.no_grad():
            return F.cross_entropy(self.model(self.x), self.y).item()

    def predict_proba(self, x) -> torch.Tensor:
        """Class probabilities (softmax of the logits), shape (n, n_classes)."""
        x = as_tensor(x, "x", ndim=2, n_features=2)
        with torch.no_grad():
            return torch.softmax(self.model(x), dim=1)

    def predict(self, x) -> torch.Tensor:
        return self.predict_proba(x).argmax(dim=1)

    def accuracy(self, split: str = "test") -> float:
        """Share of points classified right, on the held-out ``"test"`` points or ``"train"``."""
        check_choice(split, "split", ("test", "train"))
        x, y = (self.x_test, self.y_test) if split == "test" else (self.x, self.y)
        return float((self.predict(x) == y).float().mean())

    def hidden(self, x=None, layer: int = -1) -> torch.Tensor:
        """The data as hidden layer ``layer`` represents it (default: the 2-unit latent layer)."""
        x = self.x if x is None else as_tensor(x, "x", ndim=2, n_features=2)
        with torch.no_grad():
            return self.model.hidden(x, layer)


def output_boundaries(weight, bias, lo, hi, *, n_points: int = 200) -> list[np.ndarray]:
    """The straight pieces where a linear layer's winning class changes, inside the box [lo, hi].

    ``weight`` is ``(n_classes, 2)`` and ``bias`` ``(n_classes,)``, as in
    ``nn.Linear(2, n_classes)``. Classes i and j tie on the line
    ``(w_i - w_j) @ h + (b_i - b_j) = 0``; the part of it where no third class
    scores higher is a boundary. Returns a list of (m, 2) arrays, one per piece.
    """
    weight = as_array(weight, "weight", ndim=2, n_features=2)
    bias = as_array(bias, "bias", ndim=1)
    lo, hi = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    pieces = []
    for i in range(len(weight)):
        for j in range(i + 1, len(weight)):
            normal, offset = weight[i] - weight[j], bias[i] - bias[j]
            if not np.any(normal):
                continue
            foot = -offset * normal / (normal @ normal)
            along = np.array([-normal[1], normal[0]]) / np.linalg.norm(normal)
            reach = np.linalg.norm(hi - lo) + np.linalg.norm(foot - (lo + hi) / 2)
            t = np.linspace(-reach, reach, n_points)
            centre = foot + ((lo + hi) / 2 - foot) @ along * along
            points = centre + t[:, None] * along  # (n_points, 2) on the tie line
            scores = points @ weight.T + bias      # (n_points, n_classes)
            top = np.maximum(scores[:, i], scores[:, j])
            others = np.delete(scores, [i, j], axis=1)
            keep = np.all((points >= lo) & (points <= hi), axis=1)
            if others.size:
                keep &= top >= others.max(axis=1) - 1e-9
            if keep.sum() >= 2:
                pieces.append(points[keep])
    return pieces


# --------------------------------------------------------------------------- drawing

def _mix_colors(probs: np.ndarray) -> np.ndarray:
    """RGB image from class probabilities: each class's colour weighted by its probability."""
    from matplotlib.colors import to_rgb

    colors = np.array([to_rgb(c) for c in CLASS_COLORS[: probs.shape[-1]]])
    mixed = probs @ colors  # (..., 3)
    return np.clip(1.0 - 0.45 * (1.0 - mixed), 0.0, 1.0)  # pale, so the points stay readable


def plot_activations(ax, names=("step", "sigmoid", "tanh", "relu"), *, z_range=(-4.0, 4.0)):
    """Each activation ``f(z)`` against ``z`` on one axes."""
    z = torch.linspace(z_range[0], z_range[1], 401)
    for name in names:
        ax.plot(z.numpy(), activation(name)(z).numpy(), label=name, lw=2)
    ax.axhline(0, color="0.7", lw=0.8)
    ax.axvline(0, color="0.7", lw=0.8)
    ax.set_xlabel("z = x @ w + b")
    ax.set_ylabel("f(z)")
    ax.set_ylim(-1.5, 3.0)
    ax.legend(frameon=False, fontsize=8)
    return ax


def plot_neuron(ax, x, y, w, b, activation_name: str = "sigmoid", *, lim: float = 3.0,
                resolution: int = 60, colorbar: bool = False):
    """The neuron's activation surface over the plane, its boundary ``z = 0``, ``w`` and the data."""
    _gx, _gy, values = neuron_grid(w, b, activation_name, lo=(-lim, -lim), hi=(lim, lim),
                                   resolution=resolution)
    image = ax.imshow(values, origin="lower", extent=(-lim, lim, -lim, lim), cmap="Greys",
                      norm=surface_norm(activation_name), interpolation="bilinear",
                      aspect="equal")  # light grey = low output, darker = higher
    if colorbar:
        ax.figure.colorbar(image, ax=ax, shrink=0.8, label=f"{activation_name}(z)")
    plot_points(ax, x, y, legend=False, size=10)
    line, arrow = boundary_marks(w, b, lim)
    if line is not None:
        ax.plot(line[:, 0], line[:, 1], color="k", lw=2)
    if arrow is not None:
        ax.annotate("", xy=arrow[1], xytext=arrow[0], arrowprops={"arrowstyle": "->", "lw": 2, "color": "k"})
    neuron_axes(ax, lim)
    return ax


def surface_norm(activation_name: str):
    """The grey scale of :func:`plot_neuron`'s surface: light = low output, darker = higher."""
    from matplotlib.colors import Normalize

    vmin, vmax = {"tanh": (-1, 1), "linear": (-4, 4), "relu": (0, 4)}.get(activation_name, (0, 1))
    return Normalize(vmin, vmax + 0.6 * (vmax - vmin))


def boundary_marks(w, b, lim: float = 3.0) -> tuple[np.ndarray | None, np.ndarray | None]:
    """``(line, arrow)`` that :func:`plot_neuron` draws: two points of the boundary ``z = 0``
    across ``[-lim, lim]``, and the arrow (from, to) of ``w`` from the boundary's point
    nearest the origin; ``None`` for either when there is none to draw."""
    w_t, b = _check_weights(w, b, 2)
    if float(w_t.abs().sum()) == 0:
        return None, None
    line = boundary_line(w_t, b, (-lim, lim))
    foot = w_t.numpy() * (-b / float((w_t ** 2).sum()))
    if not np.all(np.abs(foot) < lim):
        return line, None
    return line, np.stack([foot, foot + w_t.numpy() / max(1.0, float(w_t.norm()))])


def neuron_axes(ax, lim: float = 3.0):
    """The frame of :func:`plot_neuron`: limits, a few ticks and the axis names."""
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ticks = [-round(lim * 2 / 3), 0, round(lim * 2 / 3)]  # few ticks: each costs drawing time in a demo
    ax.set_xticks(ticks)
    ax.set_yticks(ticks)
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    return ax


def plot_neuron_projection(ax, x, y, w, b, activation_name: str = "sigmoid", *, z_lim: float = 6.0):
    """What the neuron sees: the curve ``f(z)`` and every point placed at its own ``z``.

    The points sit in one row per class under the curve; the boundary is the
    vertical line ``z = 0``. Weights spread or squeeze the rows (and flip them
    when negative); the bias slides them all left or right together.
    """
    y = as_array(y, "y", ndim=1, dtype=np.int64)
    z = neuron_output(x, w, b, "linear").numpy()
    levels = projection_axes(ax, activation_name, np.unique(y), z_lim=z_lim)
    ax.plot(*activation_curve(activation_name, z_lim), color="k", lw=2)
    for label, level in levels.items():
        mask = y == label
        ax.scatter(np.clip(z[mask], -z_lim, z_lim), np.full(mask.sum(), level), s=8, alpha=0.5,
                   color=CLASS_COLORS[int(label) % len(CLASS_COLORS)], linewidths=0)
    return ax


def activation_curve(activation_name: str, z_lim: float = 6.0) -> tuple[np.ndarray, np.ndarray]:
    """``(z, f(z))`` over ``[-z_lim, z_lim]``, the curve of :func:`plot_neuron_projection`."""
    grid = torch.linspace(-z_lim, z_lim, 241)
    return grid.numpy(), activation(activation_name)(grid).numpy()


def projection_axes(ax, activation_name: str, classes, *, z_lim: float = 6.0) -> dict[int, float]:
    """The frame of :func:`plot_neuron_projection` (the line ``z = 0``, a named row per class,
    limits, ticks, axis names); returns the height of each class's row."""
    top = {"relu": z_lim, "linear": z_lim}.get(activation_name, 1.0)
    bottom = {"tanh": -1.0, "linear": -z_lim}.get(activation_name, 0.0)
    span = top - bottom
    ax.axvline(0, color="k", lw=1, ls="--")
    levels = {}
    for row, label in enumerate(classes):
        levels[int(label)] = level = bottom - span * (0.15 + 0.15 * row)
        ax.text(-0.98 * z_lim, level, f"class {label}", color=CLASS_COLORS[int(label) % len(CLASS_COLORS)],
                va="center", fontsize=8)
    ax.set_xlim(-z_lim, z_lim)
    ax.set_ylim(bottom - span * (0.2 + 0.15 * len(levels)), top + 0.08 * span)
    ax.set_yticks([bottom, top])
    ax.set_xticks([-round(z_lim * 2 / 3), 0, round(z_lim * 2 / 3)])
    ax.axhline(bottom - span * 0.07, color="0.8", lw=0.8)
    ax.set_xlabel("z = w1·x1 + w2·x2 + b")
    ax.set_ylabel(f"{activation_name}(z)")
    return levels


def _scatter(ax, x, y, size: float = 9):
    """All points in one scatter call, coloured by class (one artist: cheaper to draw in a demo)."""
    from matplotlib.colors import to_rgba_array

    colors = to_rgba_array(CLASS_COLORS)[np.asarray(y) % len(CLASS_COLORS)]
    ax.scatter(x[:, 0], x[:, 1], s=size, c=colors, alpha=0.85, linewidths=0)


def _grid(lo, hi, resolution: int) -> tuple[np.ndarray, torch.Tensor]:
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    return gx, torch.from_numpy(np.stack([gx.ravel(), gy.ravel()], 1).astype(np.float32))


class PanelView(NamedTuple):
    """One panel of the playground as numbers: what :func:`plot_network_regions` and
    :func:`plot_hidden_space` draw, for a demo to draw the same its own way.

    ``lo``, ``hi``: the panel's corners; ``image``: its RGB shading, row 0 at
    ``lo[1]``; ``points``, ``labels``: the data placed in it; ``boundaries`` and
    ``grid_lines``: lists of (m, 2) polylines (empty where a panel has none).
    """

    lo: np.ndarray
    hi: np.ndarray
    image: np.ndarray
    points: np.ndarray
    labels: np.ndarray
    boundaries: list
    grid_lines: list


def network_regions_view(playground: Playground, *, resolution: int = 60, margin: float = 0.4,
                         test: bool = False) -> PanelView:
    """The decision regions over the input plane (shade = confidence) and the data, as numbers."""
    x = (playground.x_test if test else playground.x).numpy()
    y = (playground.y_test if test else playground.y).numpy()
    lo, hi = x.min(0) - margin, x.max(0) + margin
    gx, grid = _grid(lo, hi, resolution)
    probs = playground.predict_proba(grid).numpy().reshape(*gx.shape, -1)
    return PanelView(lo, hi, _mix_colors(probs), x, y, [], [])


def hidden_space_view(playground: Playground, *, resolution: int = 50, grid_lines: int = 7,
                      test: bool = False) -> PanelView:
    """The data in the 2-unit hidden layer, the output layer's regions and boundaries, and a
    square grid of the input plane carried through the hidden layers, as numbers."""
    model = playground.model
    if model.latent_dim != 2:
        raise ValueError("plot_hidden_space needs a network whose last hidden layer has 2 units.")
    x = playground.x_test if test else playground.x
    y = (playground.y_test if test else playground.y).numpy()
    h = playground.hidden(x).numpy()
    lo, hi = h.min(0), h.max(0)
    pad = np.maximum((hi - lo) * 0.08, 0.05)
    lo, hi = lo - pad, hi + pad
    gh, grid = _grid(lo, hi, resolution)
    with torch.no_grad():
        probs = torch.softmax(model.output(grid), dim=1).numpy().reshape(*gh.shape, -1)
    boundaries = output_boundaries(model.output.weight.detach().numpy(), model.output.bias.detach().numpy(),
                                   lo, hi)
    mapped = []
    if grid_lines:
        xs = x.numpy()
        a, c = xs.min(0) - 0.3, xs.max(0) + 0.3
        t = np.linspace(0, 1, 30, dtype=np.float32)
        lines = []
        for s in np.linspace(0, 1, grid_lines, dtype=np.float32):
            lines.append(np.stack([a[0] + t * (c[0] - a[0]), np.full_like(t, a[1] + s * (c[1] - a[1]))], 1))
            lines.append(np.stack([np.full_like(t, a[0] + s * (c[0] - a[0])), a[1] + t * (c[1] - a[1])], 1))
        mapped = list(playground.hidden(torch.from_numpy(np.concatenate(lines))).numpy().reshape(len(lines), -1, 2))
    return PanelView(lo, hi, _mix_colors(probs), h, y, boundaries, mapped)


def _plot_panel(ax, view: PanelView, title: str):
    from matplotlib.collections import LineCollection

    ax.imshow(view.image, origin="lower", extent=(view.lo[0], view.hi[0], view.lo[1], view.hi[1]),
              interpolation="bilinear", aspect="auto")
    if view.grid_lines:
        ax.add_collection(LineCollection(view.grid_lines, colors="0.55", linewidths=0.5, alpha=0.6))
    if view.boundaries:
        ax.add_collection(LineCollection(view.boundaries, colors="k", linewidths=1.2))
    _scatter(ax, view.points, view.labels)
    ax.set_xlim(view.lo[0], view.hi[0])
    ax.set_ylim(view.lo[1], view.hi[1])
    ax.set_xticks([])  # no tick labels or axis labels: they cost more to draw than the picture
    ax.set_yticks([])
    ax.set_title(title, fontsize=10, y=1.01)  # a fixed y skips a costly title layout
    return ax


REGIONS_TITLE = "input space (x1, x2): decision regions"
HIDDEN_TITLE = "hidden space (unit 1 →, unit 2 ↑)"


def plot_network_regions(ax, playground: Playground, *, resolution: int = 60, margin: float = 0.4,
                         test: bool = False):
    """The playground's decision regions over the input plane (shade = confidence) and its data."""
    return _plot_panel(ax, network_regions_view(playground, resolution=resolution, margin=margin, test=test),
                       REGIONS_TITLE)


def plot_hidden_space(ax, playground: Playground, *, resolution: int = 50, grid_lines: int = 7,
                      test: bool = False):
    """The data as the 2-unit hidden layer represents it, with the output layer's regions.

    The output layer is linear, so its class boundaries here are straight
    lines: where the coloured points sit in separate regions, the hidden layer
    has made the data linearly separable. Thin grey lines are a square grid
    of the input plane, carried through the hidden layers: they show how the
    network bends and folds the plane. Black lines mark where the output
    layer's winning class changes.
    """
    return _plot_panel(ax, hidden_space_view(playground, resolution=resolution, grid_lines=grid_lines, test=test),
                       HIDDEN_TITLE)


def plot_loss(ax, playground: Playground, *, log: bool = True):
    """Training and test cross-entropy per step (log scale unless ``log=False``)."""
    from matplotlib.ticker import MaxNLocator

    if playground.loss_history:
        steps = np.arange(1, len(playground.loss_history) + 1)
        ax.plot(steps, playground.loss_history, color=CLASS_COLORS[0], label="train")
        ax.plot(steps, playground.test_loss_history, color=CLASS_COLORS[1], label="test")
        ax.legend(frameon=False, fontsize=8)
        if log:
            from matplotlib.ticker import LogLocator, NullLocator

            ax.set_yscale("log")
            ax.yaxis.set_major_locator(LogLocator(numticks=4))
            ax.yaxis.set_minor_locator(NullLocator())  # few ticks: each costs drawing time in a demo
        ax.xaxis.set_major_locator(MaxNLocator(3, integer=True))
    else:
        ax.text(0.5, 0.5, "press Play or step", ha="center", va="center", transform=ax.transAxes)
        ax.set_xticks([])
        ax.set_yticks([])
    ax.set_xlabel("step")
    ax.set_ylabel("cross-entropy")
    ax.set_title("loss", fontsize=10, y=1.01)
    return ax
