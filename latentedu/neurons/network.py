"""A small network that learns a latent space: the playground's data, network and trainer.

:class:`PlaygroundNet` stacks layers ``2 -> width -> 2 -> classes``, and
:class:`Playground` trains it step by step with cross-entropy and a
``torch.optim`` optimizer, so a widget can advance it a few steps per tick.

Why the last hidden layer has exactly 2 units: the output layer is linear, so
the network can only be right when the data, as that last hidden layer
represents it, is *linearly separable* (:func:`linear_accuracy` measures it).
With 2 units that space is a plane we can draw exactly, with the output
layer's straight class boundaries on it (:func:`output_boundaries`), instead
of a PCA shadow of a wider layer. Used by ``notebooks/01_weights_and_biases.ipynb``
and the network playground.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from .._validation import (as_array, as_labels, as_tensor, check_choice, check_int, check_number, check_pair,
                           check_same_length)
from ..data import make_circles, make_moons, make_spirals, make_xor
from .neuron import NETWORK_ACTIVATIONS

__all__ = ["DATASETS", "Playground", "PlaygroundNet", "count_parameters", "layer_parameter_counts",
           "linear_accuracy", "make_dataset", "output_boundaries"]

_MODULES = {"tanh": nn.Tanh, "relu": nn.ReLU, "sigmoid": nn.Sigmoid, "linear": nn.Identity}


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
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__iter__"):
        raise TypeError(f"sizes must be a list of layer sizes such as [2, 16, 2], got {type(sizes).__name__}.")
    sizes = [check_int(s, "each of sizes", low=1) for s in sizes]
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
    labels = as_labels(labels, "labels")
    check_same_length(features=features, labels=labels)
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
        check_int(n_train, "n_train", low=4, high=1_000_000)
        check_int(n_test, "n_test", low=4, high=1_000_000)
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
    if len(weight) < 2:
        raise ValueError(f"weight needs a row per class and at least 2 classes, got {len(weight)}.")
    check_same_length(weight=weight, bias=bias)
    lo, hi = np.array(check_pair(lo, "lo")), np.array(check_pair(hi, "hi"))
    n_points = check_int(n_points, "n_points", low=2)
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
