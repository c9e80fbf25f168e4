"""Chapter 01's questions accept right answers written several ways and reject typical mistakes."""

import numpy as np
import torch

from latentedu.exercises import weights_and_biases as module
from latentedu.exercises.engine import Outcome
from questions_helper import question_tests


def _count(sizes):
    return sum(m * n + n for m, n in zip(sizes[:-1], sizes[1:]))


def _count_loop(sizes):
    total = 0
    for i in range(len(sizes) - 1):
        total += sizes[i] * sizes[i + 1] + sizes[i + 1]
    return total


def _neuron_loop(x, w, b):
    z = torch.stack([(row * w).sum() for row in x]) + b
    return 1 / (1 + torch.exp(-z))


def _layer_by_neuron(X, W, b):
    columns = [torch.clamp(X @ W[:, j] + b[j], min=0) for j in range(W.shape[1])]
    return torch.stack(columns, dim=1)


def _bce_where(p, y):  # the probability each point gave its own class, then -log, then the mean
    return -torch.log(torch.where(y == 1, p, 1 - p)).mean()


def _bce_log1p(p, y):
    return -torch.mean(y * torch.log(p) + (1 - y) * torch.log1p(-p))


def _bce_torch(p, y):
    return torch.nn.functional.binary_cross_entropy(p, y)


def _bce_no_minus(p, y):
    return (y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


def _bce_sum(p, y):
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).sum()


def _bce_one_term(p, y):  # forgets the class-0 points
    return -(y * torch.log(p)).mean()


def _bce_swapped(p, y):
    return -(y * torch.log(1 - p) + (1 - y) * torch.log(p)).mean()


def _bce_log10(p, y):
    return -(y * torch.log10(p) + (1 - y) * torch.log10(1 - p)).mean()


def _bce_float(p, y):  # a Python number: nothing to call .backward() on
    return float(-(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean())


RIGHT = {
    "q1": [lambda: (lambda x, w, b: torch.sigmoid(x @ w + b)),
           lambda: _neuron_loop,
           lambda: (lambda x, w, b: torch.sigmoid(torch.matmul(x, w) + b))],
    "q2": [lambda: (lambda X, W, b: torch.relu(X @ W + b)),
           lambda: _layer_by_neuron,
           lambda: (lambda X, W, b: torch.nn.functional.relu(torch.addmm(b, X, W)))],
    "q3": [lambda: ([-1.0, 1.0], -1.0),
           lambda: (np.array([-3.0, 3.0]), -3.0),                   # scaled: the same line
           lambda: (torch.tensor([-1.0, 1.2]), torch.tensor(-1.1)),  # tensors, a slightly other line
           lambda: [[-1, 1], -1]],                                   # a list and ints
    "q4": [lambda: ([[1.0, -1.0], [0.0, 0.0]], [-1.0, -1.0], [-1.0, -1.0], 0.1),
           lambda: ([[2.0, -2.0], [0.0, 0.0]], [-2.0, -2.0], [-5.0, -5.0], 0.5),
           lambda: (np.array([[1.0, -1.0], [0.0, 0.0]]), np.array([-1.0, -1.0]), np.array([1.0, 1.0]) * -2, 0.05)],
    "q5": [lambda: _count, lambda: _count_loop,
           lambda: (lambda sizes: int(np.sum([m * n + n for m, n in zip(sizes, sizes[1:])])))],
    "q6": [lambda: {"width": 32, "activation": "tanh", "lr": 0.05},
           lambda: {"lr": 0.05, "activation": "tanh", "width": 24}],
    "q7": [lambda: "c", lambda: "(C)", lambda: "c."],
    "q8": [lambda: module._bce, lambda: _bce_where, lambda: _bce_log1p, lambda: _bce_torch],
}

WRONG = {
    "q1": [
        lambda: (lambda x, w, b: x @ w + b),                    # forgot the activation
        lambda: (lambda x, w, b: torch.sigmoid(x @ w) + b),     # bias added after the squash
        lambda: (lambda x, w, b: torch.relu(x @ w + b)),        # another activation
        lambda: (lambda x, w, b: (x * w).sum() + b),            # summed over every sample too
        (lambda: (lambda x, w, b: torch.sigmoid(x @ w + b).numpy()), "torch"),  # numpy out
        lambda: (lambda x, w, b: torch.sigmoid(x @ w + b)[:, None]),             # shape (n, 1)
    ],
    "q2": [
        lambda: (lambda X, W, b: X @ W + b),                    # no nonlinearity
        lambda: (lambda X, W, b: torch.relu(X @ W)),            # no bias
        lambda: (lambda X, W, b: torch.relu(X @ W) + b),        # bias after the ReLU
        lambda: (lambda X, W, b: torch.relu(W.T @ X.T + b)),    # transposed output
        lambda: (lambda X, W, b: torch.sigmoid(X @ W + b)),     # another nonlinearity
    ],
    "q3": [
        (lambda: ([1.0, -1.0], 1.0), "swapped"),  # sides swapped
        lambda: ([-1.0, 1.0], 0.0),       # right direction, bias forgotten
        lambda: ([1.0, 1.0], -1.0),       # wrong direction
        (lambda: ([0.0, 0.0], 1.0), "weights 0"),   # no weights at all
        (lambda: ([-1.0, 1.0, 0.0], -1.0), "`w` has shape (3,)"),  # wrong shape
        lambda: [-1.0, 1.0],              # only the weights
        (lambda: ([-1.0, 1.0], [-1.0]), "single number"),   # b as a list of one
        (lambda: ([-1.0, 1.0], "-1"), "`b` should be a single number"),  # b as a string
    ],
    "q4": [
        lambda: ([[1.0, -1.0], [0.0, 0.0]], [0.0, 0.0], [-1.0, -1.0], 0.1),    # no hidden biases
        lambda: ([[1.0, -1.0], [0.0, 0.0]], [-1.0, -1.0], [1.0, 1.0], -0.1),   # output flipped
        lambda: ([[1.0, 0.0], [-1.0, 0.0]], [-1.0, -1.0], [-1.0, -1.0], 0.1),  # W transposed
        lambda: ([[1.0, 1.0], [0.0, 0.0]], [-1.0, -1.0], [-1.0, -1.0], 0.1),   # watches one edge only
        (lambda: ([[1.0, -1.0], [0.0, 0.0]], [-1.0, -1.0], [-1.0, -1.0]), "(W, b, v, c)"),  # c missing
        (lambda: ([[1.0, -1.0], [0.0, 0.0]], [-1.0, -1.0], [-1.0, -1.0], [0.1]), "`c`"),  # c as a list
    ],
    "q5": [
        lambda: (lambda sizes: sum(m * n for m, n in zip(sizes[:-1], sizes[1:]))),      # no biases
        lambda: (lambda sizes: sum(m * n + m for m, n in zip(sizes[:-1], sizes[1:]))),  # biases of the inputs
        lambda: (lambda sizes: sum(sizes[:-1]) * sum(sizes[1:])),                       # all-to-all
        (lambda: (lambda sizes: float(_count(sizes))), "a float"),                     # not an int
        lambda: (lambda sizes: sum(m * n + n for m, n in zip(sizes[:-2], sizes[1:-1]))),  # last layer left out
        lambda: (lambda sizes: [m * n + n for m, n in zip(sizes[:-1], sizes[1:])]),      # per layer, not summed
    ],
    "q6": [
        (lambda: {"width": 32, "activation": "linear", "lr": 0.05}, "straight line"),
        (lambda: {"width": 16, "activation": "relu", "lr": 0.3}, "smaller learning rate"),
        (lambda: {"width": 2, "activation": "tanh", "lr": 0.05}, "wider layer"),
        (lambda: {"width": 32, "activation": "tanh", "lr": 0.0005}, "larger learning rate"),
        (lambda: {"width": 32, "activation": "tanh"}, "missing: 'lr'"),
        (lambda: (32, "tanh", 0.05), "dict"),
        (lambda: {"width": 32.0, "activation": "tanh", "lr": 0.05}, "whole number"),
        (lambda: {"width": 32, "activation": "softmax", "lr": 0.05}, "must be one of"),
    ],
    "q7": [(lambda: "a", "Multiply the whole equation"), (lambda: "b", "ratio"), (lambda: "d", "closer to 0 or 1"),
           lambda: "e", lambda: 3],
    "q8": [(lambda: _bce_no_minus, "wrong sign"), (lambda: _bce_sum, "too large"), lambda: _bce_one_term,
           lambda: _bce_swapped, lambda: _bce_log10, lambda: _bce_float],
}

test_right, test_wrong, test_covered = question_tests(module, RIGHT, WRONG)


def test_data_is_fixed_and_needs_the_bias():
    x1, y1 = module.line_data()
    x2, y2 = module.line_data()
    assert torch.equal(x1, x2) and torch.equal(y1, y2)
    assert x1.shape == (400, 2) and 0.2 < y1.float().mean() < 0.8
    no_bias = float(((x1 @ torch.tensor([-1.0, 1.0]) > 0).long() == y1).float().mean())
    assert no_bias < module.MIN_ACCURACY  # the bias matters: a boundary through the origin fails
    xs, ys = module.stripe_data()
    assert 0.2 < ys.float().mean() < 0.5 and bool((xs[ys == 1, 0].abs() < 1).all())


def test_spiral_trial_reports_and_tolerates_blanks():
    from latentedu.exercises.engine import ____

    report = module.spiral_trial({"width": 8, "activation": "tanh", "lr": 0.05}, random_state=0)
    assert set(report) == {"train accuracy", "test accuracy", "first loss", "last loss"}
    assert report["last loss"] < report["first loss"]
    assert repr(module.spiral_trial({"width": ____, "activation": "tanh", "lr": ____})) == "____"


def test_the_check_uses_spirals_the_notebook_does_not_show():
    assert 0 not in module._SPIRAL_SEEDS and 1 not in module._SPIRAL_SEEDS
    result = module.q3.check(([-1.0, 1.0], -1.0))
    assert result.outcome is Outcome.CORRECT
