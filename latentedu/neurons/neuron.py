"""One neuron: ``z = x @ w + b``, an activation ``a = f(z)``, and its decision boundary ``z = 0``.

The weights turn the boundary and the bias shifts it (:func:`boundary_line`);
:func:`neuron_grid` gives the neuron's output over the plane, which the
one-neuron lab (``latentedu.widgets.neurons``) shades. A layer does the same
for many neurons at once, ``f(X @ W + b)``. Used by ``notebooks/01_weights_and_biases.ipynb``.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np
import torch

from .._validation import as_tensor, check_choice, check_int, check_number, check_pair

__all__ = ["ACTIVATIONS", "NETWORK_ACTIVATIONS", "activation", "boundary_line", "neuron_grid", "neuron_output"]

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
    xlim = check_pair(xlim, "xlim")
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
    lo, hi = check_pair(lo, "lo"), check_pair(hi, "hi")
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.stack([gx.ravel(), gy.ravel()], axis=1)
    values = neuron_output(grid, w, b, activation_name).numpy().reshape(gx.shape)
    return gx, gy, values

