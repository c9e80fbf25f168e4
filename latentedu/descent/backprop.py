"""Backpropagation by hand for a tiny two-layer network, checked two ways.

:func:`two_layer_backward` applies the chain rule line by line;
:func:`numerical_gradient` (central differences) and :func:`torch_gradient`
(autograd) check it, and :func:`compare_gradients` reports "matches / max
difference". Used by ``notebooks/02_gradient_descent.ipynb`` and its exercises.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from .._validation import as_array, check_int, check_number, check_random_state, check_same_length

__all__ = ["GradientReport", "compare_gradients", "init_two_layer", "numerical_gradient", "torch_gradient",
           "two_layer_backward", "two_layer_forward"]


def init_two_layer(n_in: int = 3, n_hidden: int = 4, n_out: int = 1, random_state=None) -> dict[str, np.ndarray]:
    """Small random weights for :func:`two_layer_forward`: ``{"W1", "b1", "W2", "b2"}`` (float64)."""
    n_in, n_hidden, n_out = (check_int(n, name, low=1, high=10_000) for n, name in
                             ((n_in, "n_in"), (n_hidden, "n_hidden"), (n_out, "n_out")))
    rng = np.random.default_rng(check_random_state(random_state))
    return {"W1": rng.normal(0, 1 / math.sqrt(n_in), (n_in, n_hidden)), "b1": rng.normal(0, 0.1, n_hidden),
            "W2": rng.normal(0, 1 / math.sqrt(n_hidden), (n_hidden, n_out)), "b2": rng.normal(0, 0.1, n_out)}


def _check_params(params) -> dict[str, np.ndarray]:
    if not isinstance(params, Mapping) or set(params) != {"W1", "b1", "W2", "b2"}:
        got = sorted(params) if isinstance(params, Mapping) else type(params).__name__
        raise TypeError(f"params must be a dict with keys W1, b1, W2, b2 (as init_two_layer returns), got {got}.")
    out = {name: as_array(params[name], name, ndim=2 if name.startswith("W") else 1) for name in params}
    if out["b1"].shape[0] != out["W1"].shape[1] or out["W2"].shape[0] != out["W1"].shape[1] \
            or out["b2"].shape[0] != out["W2"].shape[1]:
        raise ValueError(f"The parameter shapes do not fit together: W1 {out['W1'].shape}, b1 {out['b1'].shape}, "
                         f"W2 {out['W2'].shape}, b2 {out['b2'].shape}. W1 is (n_in, n_hidden), b1 (n_hidden,), "
                         "W2 (n_hidden, n_out), b2 (n_out,).")
    return out


def _check_xy(params, x, y) -> tuple[np.ndarray, np.ndarray]:
    x = as_array(x, "x", ndim=2, n_features=params["W1"].shape[0])
    y = as_array(y, "y")
    if y.ndim == 1:
        y = y[:, None]
    check_same_length(x=x, y=y)
    if y.shape[1:] != (params["W2"].shape[1],):
        raise ValueError(f"y has shape {y.shape}, but the network gives outputs of shape "
                         f"{(len(x), params['W2'].shape[1])} for x; pass one target column per output.")
    return x, y


def two_layer_forward(params, x) -> dict[str, np.ndarray]:
    """The forward pass of ``x -> tanh(x @ W1 + b1) -> @ W2 + b2``; returns every intermediate.

    ``{"z1": pre-activation, "h": hidden layer, "out": output}``: the backward
    pass needs them.
    """
    params = _check_params(params)
    x = as_array(x, "x", ndim=2, n_features=params["W1"].shape[0])
    z1 = x @ params["W1"] + params["b1"]  # (n, n_hidden)
    h = np.tanh(z1)                         # (n, n_hidden)
    out = h @ params["W2"] + params["b2"]   # (n, n_out)
    return {"z1": z1, "h": h, "out": out}


def _mse(out, y) -> float:
    return float(np.mean((out - y) ** 2))


def two_layer_backward(params, x, y) -> tuple[float, dict[str, np.ndarray]]:
    """The mean squared error of the two-layer network and its gradient, by the chain rule.

    Returns ``(loss, {"W1": ..., "b1": ..., "W2": ..., "b2": ...})`` where the
    loss is ``mean((out - y)**2)`` over every sample and output. Each line of the
    backward pass is one application of the chain rule (Rumelhart, Hinton and
    Williams 1986), from the loss back to the first layer.
    """
    params = _check_params(params)
    x, y = _check_xy(params, x, y)
    cache = two_layer_forward(params, x)
    h, out = cache["h"], cache["out"]
    d_out = 2 * (out - y) / out.size          # dL/d out          (n, n_out)
    d_W2 = h.T @ d_out                        # dL/dW2            (n_hidden, n_out)
    d_b2 = d_out.sum(axis=0)                  # dL/db2            (n_out,)
    d_h = d_out @ params["W2"].T              # dL/dh             (n, n_hidden)
    d_z1 = d_h * (1 - h ** 2)                 # through tanh      (n, n_hidden)
    d_W1 = x.T @ d_z1                         # dL/dW1            (n_in, n_hidden)
    d_b1 = d_z1.sum(axis=0)                   # dL/db1            (n_hidden,)
    return _mse(out, y), {"W1": d_W1, "b1": d_b1, "W2": d_W2, "b2": d_b2}


def numerical_gradient(loss_fn: Callable[[dict], float], params, eps: float = 1e-6) -> dict[str, np.ndarray]:
    """Central differences ``(L(p + eps) - L(p - eps)) / (2 eps)``, one parameter entry at a time.

    Slow (two loss evaluations per entry) but needs no calculus: the check
    that a hand-written gradient is right. ``loss_fn`` takes a dict like ``params``.
    """
    if not callable(loss_fn):
        raise TypeError("loss_fn must be a function of the parameter dict, e.g. "
                        "lambda p: two_layer_backward(p, x, y)[0].")
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict of arrays, got {type(params).__name__}.")
    eps = check_number(eps, "eps", low=0.0, low_inclusive=False, high=1.0)
    if not params:
        raise ValueError("params is empty: give the dict of arrays to differentiate, e.g. init_two_layer().")
    shifted = {name: as_array(value, name).copy() for name, value in params.items()}
    grads = {}
    for name, value in shifted.items():
        grad = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            keep = value[index]
            value[index] = keep + eps
            up = loss_fn(shifted)
            value[index] = keep - eps
            down = loss_fn(shifted)
            value[index] = keep
            grad[index] = (up - down) / (2 * eps)
        grads[name] = grad
    return grads


def torch_gradient(params, x, y) -> tuple[float, dict[str, np.ndarray]]:
    """Loss and gradient of the two-layer network computed by PyTorch's autograd (float64)."""
    import torch

    params = _check_params(params)
    x, y = _check_xy(params, x, y)
    p = {name: torch.tensor(value, requires_grad=True) for name, value in params.items()}
    out = torch.tanh(torch.from_numpy(x) @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
    loss = ((out - torch.from_numpy(y)) ** 2).mean()
    loss.backward()
    return float(loss.detach()), {name: t.grad.numpy() for name, t in p.items()}


@dataclass
class GradientReport:
    """How far two gradients are apart, parameter by parameter.

    ``rows`` holds ``(name, shape, max_difference, matches)``; a parameter
    matches when every entry agrees within ``atol + rtol * |reference|``.
    Prints as a table; ``bool(report)`` is True when everything matches.
    """

    label: str
    rows: list[tuple[str, tuple, float, bool]]
    rtol: float
    atol: float

    @property
    def max_difference(self) -> float:
        return max((row[2] for row in self.rows), default=0.0)

    @property
    def matches(self) -> bool:
        return all(row[3] for row in self.rows)

    def __bool__(self) -> bool:
        return self.matches

    def __str__(self) -> str:
        lines = [f"{self.label}: {'matches' if self.matches else 'DOES NOT MATCH'} "
                 f"(max difference {self.max_difference:.2e}; tolerance {self.atol:g} + {self.rtol:g} x |value|)"]
        for name, shape, diff, ok in self.rows:
            lines.append(f"  {name:<4} {str(shape):<10} max difference {diff:.2e}  {'ok' if ok else 'MISMATCH'}")
        return "\n".join(lines)

    __repr__ = __str__


def compare_gradients(reference: Mapping, other: Mapping, *, label: str = "gradients", rtol: float = 1e-5,
                      atol: float = 1e-8) -> GradientReport:
    """Compare two gradients (dicts of arrays with the same keys and shapes) entry by entry."""
    if not isinstance(reference, Mapping) or not isinstance(other, Mapping):
        raise TypeError("Pass two dicts of arrays, e.g. compare_gradients(by_hand, autograd).")
    rtol = check_number(rtol, "rtol", low=0.0)
    atol = check_number(atol, "atol", low=0.0)
    if set(reference) != set(other):
        raise ValueError(f"The gradients name different parameters: {sorted(reference)} and {sorted(other)}.")
    rows = []
    for name in reference:
        a = as_array(reference[name], f"reference[{name!r}]")
        b = as_array(other[name], f"other[{name!r}]")
        if a.shape != b.shape:
            raise ValueError(f"{name} has shape {a.shape} in one gradient and {b.shape} in the other; "
                             "a gradient has the shape of its parameter.")
        diff = np.abs(a - b)
        rows.append((name, a.shape, float(diff.max(initial=0.0)), bool((diff <= atol + rtol * np.abs(a)).all())))
    return GradientReport(label, rows, rtol, atol)
