"""Questions for notebook 01 (weights and biases): ``exercises/01_weights_and_biases.ipynb``.

q1 a neuron's forward pass, q2 a layer as ``relu(X @ W + b)``, q3 one neuron's
weights and bias chosen by hand to separate a data set, q4 a two-layer
network's weights chosen by hand for a data set one neuron cannot separate,
q5 counting a network's parameters. The data for q3 and q4 is built here
(seeded), so the checks never depend on the notebook's state;
:func:`line_data` and :func:`stripe_data` give the learner the same points to plot.
"""

from __future__ import annotations

import numpy as np
import torch

from .engine import Case, Incorrect, Question, function_check

__all__ = ["line_data", "q1", "q2", "q3", "q4", "q5", "stripe_data"]

CHAPTER = "weights_and_biases"
MIN_ACCURACY = 0.97


# --------------------------------------------------------------------------- data for q3 and q4

def _points(rule, random_state: int, n: int = 400, margin: float = 0.15):
    """``n`` points spread over [-3, 3]^2, labelled by ``rule``, none closer than ``margin`` to its edge."""
    rng = np.random.default_rng(random_state)
    kept = []
    while sum(len(k) for k in kept) < n:
        x = rng.uniform(-3, 3, size=(4 * n, 2))
        kept.append(x[np.abs(rule(x)) > margin])
    x = np.concatenate(kept)[:n]
    y = (rule(x) > 0).astype(np.int64)
    return torch.from_numpy(x.astype(np.float32)), torch.from_numpy(y)


def line_data():
    """q3's points: class 1 lies on one side of a straight line."""
    return _points(lambda x: x[:, 1] - x[:, 0] - 1.0, random_state=3)


def stripe_data():
    """q4's points: class 1 is a vertical stripe through the middle (no single line separates it)."""
    return _points(lambda x: 1.0 - np.abs(x[:, 0]), random_state=4)


def _params(value, shape: tuple, name: str) -> torch.Tensor:
    """The learner's numbers as a float tensor of ``shape``, or a message saying what is wrong."""
    try:
        tensor = torch.as_tensor(np.asarray(value, dtype=np.float64), dtype=torch.float32)
    except (TypeError, ValueError):
        raise Incorrect(f"{name} should hold numbers only, like {list(np.zeros(shape).tolist())}.") from None
    if tuple(tensor.shape) != shape:
        raise Incorrect(f"{name} has shape {tuple(tensor.shape)}, but it should have shape {shape}.")
    if not torch.isfinite(tensor).all():
        raise Incorrect(f"{name} contains NaN or infinity; use ordinary numbers.")
    return tensor


def _unpack(answer, names: tuple[str, ...]) -> tuple:
    if not isinstance(answer, (tuple, list)) or len(answer) != len(names):
        raise Incorrect(f"Pass a tuple of {len(names)} values, ({', '.join(names)}), "
                        f"e.g. `q.check(({', '.join(names)}))`.")
    return tuple(answer)


def _judge(accuracy: float) -> None:
    if accuracy < 0.1:
        raise Incorrect(f"Your weights classify only {accuracy:.0%} of the points right: almost every "
                        "point lands on the wrong side, so the boundary is right but the sides are "
                        "swapped. Flip the sign of all your output weights and the output bias.")
    if accuracy < MIN_ACCURACY:
        raise Incorrect(f"Your weights classify {accuracy:.1%} of the points right; at least "
                        f"{MIN_ACCURACY:.0%} is needed. Plot the points and your boundary to see which "
                        "ones are on the wrong side.")


# --------------------------------------------------------------------------- q1 a neuron

def _neuron(x, w, b):
    return torch.sigmoid(x @ w + b)


_g = torch.Generator().manual_seed(1)
q1 = Question(
    "q1", "One neuron's forward pass",
    """
A neuron multiplies each input by its weight, adds the products and the bias, and passes the
sum `z` through an activation. Write `neuron(x, w, b)` that returns `sigmoid(z)` for every row
of `x` at once: `x` is a tensor of shape `(n, d)` (n samples, d features), `w` has shape `(d,)`,
`b` is a number. The result has shape `(n,)`.
""",
    check=function_check(_neuron, [
        Case((torch.tensor([[1.0, 2.0]]), torch.tensor([0.5, -1.0]), 1.0), about="one sample"),
        Case((torch.randn(6, 3, generator=_g), torch.randn(3, generator=_g), -0.3),
             about="six samples with three features"),
        Case((torch.randn(4, 2, generator=_g), torch.tensor([0.0, 0.0]), 2.0), about="zero weights"),
    ], kind="torch"),
    hints=[
        "First compute `z`, one number per sample. The weighted sum of every row at once is a "
        "matrix-vector product: `x @ w` has shape `(n,)`.",
        "Add the bias to every sample's sum, then squash with `torch.sigmoid`: "
        "`torch.sigmoid(x @ w + b)`.",
    ],
    starter="""
import torch

def neuron(x, w, b):
    z = ____            # the weighted sum plus the bias, shape (n,)
    return ____         # sigmoid of z

print(neuron(torch.tensor([[1.0, 2.0]]), torch.tensor([0.5, -1.0]), 1.0))
q1.check(neuron)
""",
    solution="""
import torch

def neuron(x, w, b):
    z = x @ w + b            # the weighted sum plus the bias, shape (n,)
    return torch.sigmoid(z)  # sigmoid of z

print(neuron(torch.tensor([[1.0, 2.0]]), torch.tensor([0.5, -1.0]), 1.0))
q1.check(neuron)
""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q2 a layer

def _layer(X, W, b):
    return torch.relu(X @ W + b)


q2 = Question(
    "q2", "A layer is X @ W + b, then a nonlinearity",
    """
A layer is many neurons side by side, each with its own column of weights and its own bias.
Write `layer(X, W, b)` for a ReLU layer: `X` has shape `(n, n_in)`, `W` has shape
`(n_in, n_out)` (column j holds neuron j's weights), `b` has shape `(n_out,)`. Return the
layer's output, shape `(n, n_out)`.
""",
    check=function_check(_layer, [
        Case((torch.tensor([[1.0, -1.0]]), torch.tensor([[1.0, 0.5, -1.0], [2.0, 0.5, 1.0]]),
              torch.tensor([0.5, 0.0, 3.0])), about="one sample, three neurons"),
        Case((torch.randn(5, 3, generator=_g), torch.randn(3, 4, generator=_g), torch.randn(4, generator=_g)),
             about="five samples, three inputs, four neurons"),
        Case((torch.randn(7, 4, generator=_g), torch.randn(4, 2, generator=_g), torch.tensor([-5.0, 5.0])),
             about="biases that switch a neuron off and on"),
    ], kind="torch"),
    hints=[
        "`X @ W` gives every neuron's weighted sum for every sample at once: shape `(n, n_out)`. "
        "Adding `b` (shape `(n_out,)`) adds each neuron's bias to its own column (broadcasting).",
        "Apply the nonlinearity last, to the whole sum including the bias: `torch.relu(X @ W + b)`.",
    ],
    starter="""
def layer(X, W, b):
    return ____

q2.check(layer)
""",
    solution="""
def layer(X, W, b):
    return torch.relu(X @ W + b)   # (n, n_in) @ (n_in, n_out) + (n_out,) -> (n, n_out)

q2.check(layer)
""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q3 one neuron by hand

def _check_line(answer) -> None:
    w, b = _unpack(answer, ("w", "b"))
    w = _params(w, (2,), "w")
    b = _params(b, (), "b")
    if float(w.abs().sum()) == 0:
        raise Incorrect("With both weights 0 the neuron ignores its inputs: every point gets the same "
                        "class. Give the weights non-zero values.")
    x, y = line_data()
    _judge(float(((x @ w + b > 0).long() == y).float().mean()))


q3 = Question(
    "q3", "Weights and a bias that separate the data",
    """
`line_data()` gives 400 points `x` (shape `(400, 2)`) and labels `y`. Choose a weight vector
`w = [w1, w2]` and a bias `b` so that one neuron, calling a point class 1 where
`w1*x1 + w2*x2 + b > 0`, gets at least 97% of the points right. Plot the data first: the
classes are split by a straight line. Pass `(w, b)`.
""",
    check=_check_line,
    hints=[
        "Read the boundary off the plot: the points of class 1 lie above the line x2 = x1 + 1. "
        "The neuron's boundary is where w1*x1 + w2*x2 + b = 0; rewrite the line in that form.",
        "x2 = x1 + 1 is the same as -x1 + x2 - 1 = 0, so w = [-1, 1] and b = -1 give exactly that "
        "line. Check the sign: is a point above the line (say x = [0, 2]) positive?",
    ],
    starter="""
w = [____, ____]
b = ____
q3.check((w, b))
""",
    solution="""
w = [-1.0, 1.0]   # class 1 where -x1 + x2 - 1 > 0: above the line x2 = x1 + 1
b = -1.0
q3.check((w, b))
""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q4 two layers by hand

def _check_stripe(answer) -> None:
    W, b, v, c = _unpack(answer, ("W", "b", "v", "c"))
    W = _params(W, (2, 2), "W")
    b = _params(b, (2,), "b")
    v = _params(v, (2,), "v")
    c = _params(c, (), "c")
    x, y = stripe_data()
    h = torch.relu(x @ W + b)  # (400, 2): the hidden layer
    _judge(float(((h @ v + c > 0).long() == y).float().mean()))


q4 = Question(
    "q4", "A hidden layer by hand for a stripe",
    """
In `stripe_data()` class 1 is the vertical stripe `-1 < x1 < 1`: no single straight line
separates it, so one neuron cannot. Build a tiny network by hand: a hidden layer of two ReLU
neurons, `h = relu(x @ W + b)` with `W` of shape `(2, 2)` and `b` of shape `(2,)`, then one output
neuron that calls a point class 1 where `h @ v + c > 0`. Get at least 97% of the points right.
Pass `(W, b, v, c)`.
""",
    check=_check_stripe,
    hints=[
        "Let each hidden neuron watch one edge of the stripe. Neuron 1 can be `relu(x1 - 1)`: zero "
        "inside the stripe and on its left, positive to the right of it. Neuron 2 can be "
        "`relu(-x1 - 1)`, positive only to the left. Neither needs x2, so its weights are 0.",
        "Column j of W holds neuron j's weights: W = [[1, -1], [0, 0]] and b = [-1, -1]. Inside "
        "the stripe h = (0, 0); outside, one of them is positive. So the output neuron should say "
        "class 1 when both are 0: v = [-1, -1] and a small positive c, e.g. c = 0.1.",
    ],
    starter="""
W = [[____, ____],
     [____, ____]]
b = [____, ____]
v = [____, ____]
c = ____
q4.check((W, b, v, c))
""",
    solution="""
W = [[1.0, -1.0],    # neuron 1 sees +x1, neuron 2 sees -x1 (column j = neuron j)
     [0.0, 0.0]]     # neither needs x2
b = [-1.0, -1.0]     # each switches on only beyond one edge of the stripe
v = [-1.0, -1.0]     # any activity means "outside"
c = 0.1              # nothing active: class 1
q4.check((W, b, v, c))
""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q5 counting parameters

def _count(sizes):
    return sum(m * n + n for m, n in zip(sizes[:-1], sizes[1:]))


q5 = Question(
    "q5", "Counting a network's parameters",
    """
A fully connected network is described by its layer sizes, e.g. `[2, 16, 2, 2]` for the
playground's network (2 inputs, hidden layers of 16 and 2 units, 2 outputs). Write
`count_parameters(sizes)` that returns how many weights and biases it has in all (an int).
""",
    check=function_check(_count, [
        Case(([2, 1],), about="[2, 1] (one neuron)"),
        Case(([2, 16, 2, 2],), about="[2, 16, 2, 2]"),
        Case(([64, 128, 32, 2],), about="[64, 128, 32, 2]"),
        Case(([3, 5, 5, 5, 1],), about="[3, 5, 5, 5, 1]"),
    ]),
    hints=[
        "Count layer by layer. A layer from m units to n units has an m x n weight matrix "
        "(one weight per connection) and n biases (one per neuron it feeds).",
        "Pair each size with the next: `zip(sizes[:-1], sizes[1:])` gives (m, n) for every layer; "
        "sum `m * n + n` over the pairs.",
    ],
    starter="""
def count_parameters(sizes):
    total = 0
    for m, n in zip(sizes[:-1], sizes[1:]):
        total += ____
    return total

print(count_parameters([2, 16, 2, 2]))
q5.check(count_parameters)
""",
    solution="""
def count_parameters(sizes):
    total = 0
    for m, n in zip(sizes[:-1], sizes[1:]):
        total += m * n + n   # weights of every connection, plus one bias per receiving neuron
    return total

print(count_parameters([2, 16, 2, 2]))
q5.check(count_parameters)
""",
    chapter=CHAPTER,
)
