"""Chapter 01's questions accept a right answer and reject typical mistakes."""

import torch

from latentedu.exercises import weights_and_biases as module
from latentedu.exercises.engine import Outcome
from questions_helper import question_tests


def _count(sizes):
    return sum(m * n + n for m, n in zip(sizes[:-1], sizes[1:]))


RIGHT = {
    "q1": lambda: (lambda x, w, b: torch.sigmoid(x @ w + b)),
    "q2": lambda: (lambda X, W, b: torch.relu(X @ W + b)),
    "q3": lambda: ([-1.0, 1.0], -1.0),
    "q4": lambda: ([[1.0, -1.0], [0.0, 0.0]], [-1.0, -1.0], [-1.0, -1.0], 0.1),
    "q5": lambda: _count,
}

WRONG = {
    "q1": [
        lambda: (lambda x, w, b: x @ w + b),                    # forgot the activation
        lambda: (lambda x, w, b: torch.sigmoid(x @ w) + b),     # bias added after the squash
        lambda: (lambda x, w, b: torch.relu(x @ w + b)),        # another activation
        lambda: (lambda x, w, b: (x * w).sum() + b),            # summed over every sample too
    ],
    "q2": [
        lambda: (lambda X, W, b: X @ W + b),                    # no nonlinearity
        lambda: (lambda X, W, b: torch.relu(X @ W)),            # no bias
        lambda: (lambda X, W, b: torch.relu(X @ W) + b),        # bias after the ReLU
        lambda: (lambda X, W, b: torch.relu(W.T @ X.T + b)),    # transposed output
    ],
    "q3": [
        lambda: ([1.0, -1.0], 1.0),       # sides swapped
        lambda: ([-1.0, 1.0], 0.0),       # right direction, bias forgotten
        lambda: ([1.0, 1.0], -1.0),       # wrong direction
        lambda: ([0.0, 0.0], 1.0),        # no weights at all
        lambda: ([-1.0, 1.0, 0.0], -1.0), # wrong shape
        lambda: [-1.0, 1.0],              # only the weights
    ],
    "q4": [
        lambda: ([[1.0, -1.0], [0.0, 0.0]], [0.0, 0.0], [-1.0, -1.0], 0.1),    # no hidden biases
        lambda: ([[1.0, -1.0], [0.0, 0.0]], [-1.0, -1.0], [1.0, 1.0], -0.1),   # output flipped
        lambda: ([[1.0, 0.0], [-1.0, 0.0]], [-1.0, -1.0], [-1.0, -1.0], 0.1),  # W transposed
        lambda: ([[1.0, 1.0], [0.0, 0.0]], [-1.0, -1.0], [-1.0, -1.0], 0.1),   # watches one edge only
    ],
    "q5": [
        lambda: (lambda sizes: sum(m * n for m, n in zip(sizes[:-1], sizes[1:]))),      # no biases
        lambda: (lambda sizes: sum(m * n + m for m, n in zip(sizes[:-1], sizes[1:]))),  # biases of the inputs
        lambda: (lambda sizes: sum(sizes[:-1]) * sum(sizes[1:])),                       # all-to-all
    ],
}

test_right, test_wrong, test_covered = question_tests(module, RIGHT, WRONG)


def test_swapped_sides_get_a_specific_message():
    result = module.q3.check(([1.0, -1.0], 1.0))
    assert result.outcome is Outcome.INCORRECT
    assert "swapped" in result.message


def test_data_is_fixed_and_needs_the_bias():
    x1, y1 = module.line_data()
    x2, y2 = module.line_data()
    assert torch.equal(x1, x2) and torch.equal(y1, y2)
    assert x1.shape == (400, 2) and 0.2 < y1.float().mean() < 0.8
    no_bias = float(((x1 @ torch.tensor([-1.0, 1.0]) > 0).long() == y1).float().mean())
    assert no_bias < module.MIN_ACCURACY  # the bias matters: a boundary through the origin fails
    xs, ys = module.stripe_data()
    assert 0.2 < ys.float().mean() < 0.5 and bool((xs[ys == 1, 0].abs() < 1).all())


def test_scaled_weights_are_also_right():
    assert module.q3.check(([-3.0, 3.0], -3.0))
    assert module.q4.check(([[2.0, -2.0], [0.0, 0.0]], [-2.0, -2.0], [-5.0, -5.0], 0.5))
