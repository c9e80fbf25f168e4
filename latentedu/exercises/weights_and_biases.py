"""Questions for notebook 01 (weights and biases): ``exercises/01_weights_and_biases.ipynb``.

q1 a neuron's forward pass, q2 a layer as ``relu(X @ W + b)``, q3 one neuron's
weights and bias chosen by hand to separate a data set, q4 a two-layer
network's weights chosen by hand for a data set one neuron cannot separate,
q5 counting a network's parameters, q6 an experiment (configure the
playground network so it classifies spirals it never saw after 200 steps),
q7 a prediction (what scaling a neuron's weights and bias does), q8 binary
cross-entropy, the loss the playground trains with, written out. The data for
q3 and q4 is built here (seeded), so the checks never depend on the
notebook's state; :func:`line_data` and :func:`stripe_data` give the learner
the same points to plot, :func:`spiral_trial` tries q6's settings on the
notebook's own spirals.
"""

from __future__ import annotations

import numpy as np
import torch

from .engine import Case, Incorrect, Placeholder, Question, call_learner, choice_check, function_check, kind_of

__all__ = ["SPIRAL_STEPS", "SPIRAL_TARGET", "line_data", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8",
           "spiral_trial", "stripe_data"]

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
    like = "a single number, like 0.5" if shape == () else f"numbers only, like {np.zeros(shape).tolist()}"
    if hasattr(value, "detach"):
        value = value.detach().cpu().numpy()
    try:
        if any(isinstance(v, str) for v in np.ravel(np.asarray(value, dtype=object))):
            raise TypeError("text is not a number")  # np.asarray would turn "-1" into -1.0
        tensor = torch.as_tensor(np.asarray(value, dtype=np.float64), dtype=torch.float32)
    except (TypeError, ValueError):
        raise Incorrect(f"`{name}` should be {like}; it is {kind_of(value)}.") from None
    if shape == () and tensor.numel() == 1 and tensor.ndim > 0:
        raise Incorrect(f"`{name}` should be a single number, not a list or array holding one: "
                        f"write `{name} = {tensor.item():g}`.")
    if tuple(tensor.shape) != shape:
        raise Incorrect(f"`{name}` has shape {tuple(tensor.shape)}, but it should have shape {shape}.")
    if not torch.isfinite(tensor).all():
        raise Incorrect(f"`{name}` contains NaN or infinity; use ordinary numbers.")
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
        'A neuron does two things in order: a weighted sum plus the bias (one number `z` per sample), then the activation. Do the first for all samples at once.',
        "The weighted sum of every row of `x` is the matrix-vector product `x @ w`, shape `(n,)`; add the bias `b` to every sample's sum, and only then squash the result with `torch.sigmoid`.",
        '`z = x @ w + b`, then `return torch.sigmoid(z)`.',
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
        "A layer is many neurons side by side: each column of `W` is one neuron's weights, so one matrix product gives every neuron's sum for every sample.",
        "`X @ W` has shape `(n, n_out)`. Adding `b` (shape `(n_out,)`) adds each neuron's bias to its own column, by broadcasting. The nonlinearity comes last, applied to the whole sum including the bias.",
        '`return torch.relu(X @ W + b)`.',
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
        "Plot the data: the two classes are split by a straight line. Which line? The neuron's boundary is where `w1*x1 + w2*x2 + b = 0`.",
        'Read the line off the plot (class 1 lies above x2 = x1 + 1) and move everything to one side to get the form `w1*x1 + w2*x2 + b = 0`. Then test one point you know is class 1: the sum must be positive there, or flip every sign.',
        'x2 = x1 + 1 is -x1 + x2 - 1 = 0: `w = [-1.0, 1.0]` and `b = -1.0`; the point (0, 2) gives +1 > 0, class 1, as it should.',
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
        'Let each hidden neuron watch one edge of the stripe: one that switches on to the right of x1 = 1, one that switches on to the left of x1 = -1. The output neuron then says class 1 when neither is on.',
        "A ReLU neuron `relu(a*x1 + c)` is zero on one side of x1 = -c/a and grows on the other. Column j of `W` holds hidden neuron j's weights (the x2 weights can be 0). Inside the stripe both hidden values are 0, so give the output neuron negative weights and a small positive bias.",
        '`W = [[1.0, -1.0], [0.0, 0.0]]`, `b = [-1.0, -1.0]` (relu(x1 - 1) and relu(-x1 - 1)), `v = [-1.0, -1.0]`, `c = 0.1`.',
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


_COUNT_CASES = [
    Case(([2, 1],), about="[2, 1] (one neuron)"),
    Case(([2, 16, 2, 2],), about="[2, 16, 2, 2]"),
    Case(([64, 128, 32, 2],), about="[64, 128, 32, 2]"),
    Case(([3, 5, 5, 5, 1],), about="[3, 5, 5, 5, 1]"),
]
_count_values = function_check(_count, _COUNT_CASES)


def _check_count(answer) -> None:
    for case in _COUNT_CASES:  # first the type the prompt asks for: a count is a whole number
        got = call_learner(answer, *case.args)
        if isinstance(got, float) and got == int(got):
            raise Incorrect(f"Your function returns {got!r} on {case.about}: a float. A count is a whole "
                            "number: return an int (`/` makes floats; `*` and `+` of ints keep ints).")
        if isinstance(got, bool) or not isinstance(got, (int, np.integer)) and not isinstance(got, float):
            raise Incorrect(f"Your function returns {kind_of(got)} on {case.about}; it should return one "
                            "whole number (an int).")
    _count_values(answer)


q5 = Question(
    "q5", "Counting a network's parameters",
    """
A fully connected network is described by its layer sizes, e.g. `[2, 16, 2, 2]` for the
playground's network (2 inputs, hidden layers of 16 and 2 units, 2 outputs). Write
`count_parameters(sizes)` that returns how many weights and biases it has in all (an int).
""",
    check=_check_count,
    hints=[
        'Count layer by layer, then add up. Between a layer of m units and the next of n units, how many connections are there, and how many neurons receive them?',
        'A layer from m to n units has an m x n weight matrix (one weight per connection) and n biases (one per receiving neuron). `zip(sizes[:-1], sizes[1:])` gives every (m, n) pair; keep the total a whole number.',
        'In the loop: `total += m * n + n`.',
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


# --------------------------------------------------------------------------- q6 experiment: a network for spirals

SPIRAL_STEPS = 400      # full-batch training steps the check gives your settings
SPIRAL_TARGET = 0.95    # held-out accuracy needed on every one of the check's spiral sets
_SPIRAL_SEEDS = (101, 202)  # the check's data; the notebook explores random_state=0
_MAX_WIDTH = 256
_SETTING_NAMES = ("width", "activation", "lr")


def _settings(answer) -> tuple[int, str, float]:
    """``(width, activation, lr)`` from the learner's dict, or a message saying what is wrong."""
    from ..neurons import NETWORK_ACTIVATIONS

    if not isinstance(answer, dict):
        raise Incorrect(f"Pass a dict of settings, `{{\"width\": ..., \"activation\": ..., \"lr\": ...}}`; "
                        f"you passed {kind_of(answer)}.")
    missing = [key for key in _SETTING_NAMES if key not in answer]
    extra = [key for key in answer if key not in _SETTING_NAMES]
    if missing or extra:
        raise Incorrect("The dict needs exactly the keys \"width\", \"activation\" and \"lr\""
                        + (f"; missing: {', '.join(map(repr, missing))}" if missing else "")
                        + (f"; not used: {', '.join(map(repr, extra))}" if extra else "") + ".")
    width, act, lr = (answer[key] for key in _SETTING_NAMES)
    if isinstance(width, bool) or not isinstance(width, (int, np.integer)) or not 1 <= width <= _MAX_WIDTH:
        raise Incorrect(f"\"width\" is the number of units in the wide hidden layer: a whole number from 1 to "
                        f"{_MAX_WIDTH}; you gave {width!r}.")
    if act not in NETWORK_ACTIVATIONS:
        raise Incorrect(f"\"activation\" must be one of {', '.join(map(repr, NETWORK_ACTIVATIONS))}; "
                        f"you gave {act!r}.")
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating, np.integer)) \
            or not np.isfinite(lr) or not 0 < lr <= 10:
        raise Incorrect(f"\"lr\" is Adam's learning rate: a number above 0 and at most 10; you gave {lr!r}.")
    return int(width), act, float(lr)


def _train_spirals(width: int, act: str, lr: float, seed: int):
    from ..neurons import Playground

    playground = Playground("spirals", width, act, lr, random_state=seed)
    try:
        playground.step(SPIRAL_STEPS)
    except FloatingPointError:
        return playground, False
    return playground, True


def spiral_trial(settings, random_state: int = 0) -> dict:
    """Train the playground network with q6's ``settings`` on one spiral set; report how it went.

    Returns ``{"train accuracy", "test accuracy", "first loss", "last loss"}`` after
    :data:`SPIRAL_STEPS` steps (or the blank itself while ``settings`` still
    holds one). The notebook tries ``random_state=0``; q6's check uses others.
    """
    if any(isinstance(v, Placeholder) for v in (settings.values() if isinstance(settings, dict) else [settings])):
        return settings if isinstance(settings, Placeholder) else Placeholder()
    width, act, lr = _settings(settings)
    playground, finite = _train_spirals(width, act, lr, random_state)
    history = playground.loss_history
    return {"train accuracy": round(playground.accuracy("train"), 3) if finite else float("nan"),
            "test accuracy": round(playground.accuracy("test"), 3) if finite else float("nan"),
            "first loss": round(history[0], 4) if history else float("nan"),
            "last loss": round(history[-1], 4) if finite else float("inf")}


def _check_spirals(answer) -> None:
    width, act, lr = _settings(answer)
    for seed in _SPIRAL_SEEDS:
        playground, finite = _train_spirals(width, act, lr, seed)
        if not finite:
            raise Incorrect(f"With lr={lr:g} the loss became infinite during training: the steps were so large "
                            "that they overshot without end. Use a smaller learning rate.")
        accuracy = playground.accuracy("test")
        if accuracy >= SPIRAL_TARGET:
            continue
        history = np.array(playground.loss_history)
        said = (f"On a spiral set your settings had not seen, the network scores {accuracy:.1%} on held-out "
                f"points after {SPIRAL_STEPS} steps; at least {SPIRAL_TARGET:.0%} is needed. ")
        if act == "linear":
            raise Incorrect(said + "With the \"linear\" activation every layer is `X @ W + b`, and layers "
                            "of those add up to one linear map: its boundary is a straight line, whatever the "
                            "width. The spirals need a nonlinearity.")
        if history[-1] > 1.5 * history.min() + 0.02:
            raise Incorrect(said + f"The training loss went down to {history.min():.3f}, then rose again to "
                            f"{history[-1]:.3f}: the steps are too large and kick the weights out of the "
                            "good region (ReLU units can even switch off for good). Use a smaller learning rate.")
        if width < 4:
            raise Incorrect(said + f"With {width} unit{'s' if width > 1 else ''} in the wide layer the network "
                            "can only bend the plane a few times; a spiral needs more. Use a wider layer.")
        if history[-1] > 0.2:
            raise Incorrect(said + f"The training loss only fell from {history[0]:.3f} to {history[-1]:.3f}: "
                            f"the network is still learning when the {SPIRAL_STEPS} steps run out. A larger "
                            "learning rate (or more units) would get further in the same number of steps.")
        train = playground.accuracy("train")
        raise Incorrect(said + f"It fits its own training points ({train:.1%}) but not new ones: try another "
                        "activation or width, and check your settings on more than one seed with "
                        "`spiral_trial(settings, random_state=...)`.")


q6 = Question(
    "q6", "Experiment: a network that learns the spirals",
    f"""
The playground's network (`2 -> width -> 2 -> 2`, trained with Adam on full batches) must learn
the two interleaved spirals in only {SPIRAL_STEPS} steps. You choose three settings: the number of
units in the wide hidden layer (`"width"`, 1 to {_MAX_WIDTH}), its `"activation"` (`"tanh"`,
`"relu"`, `"sigmoid"` or `"linear"`) and the learning rate `"lr"`. The check trains a fresh
network with your settings on spiral sets you never saw and measures the accuracy on held-out
points: it must reach {SPIRAL_TARGET:.0%} on each. Try settings first with
`spiral_trial(settings)`, then pass the dict.
""",
    check=_check_spirals,
    hints=[
        "Think about what each setting does. Without a nonlinearity, stacked layers are one straight line. "
        "Too few units can bend the plane only a few times. The learning rate decides whether "
        f"{SPIRAL_STEPS} steps get far enough without overshooting.",
        "Change one setting at a time with `spiral_trial`: start from a nonlinear activation and a width of "
        "8 to 32, then try learning rates about a factor of 2 or 3 apart (0.01, 0.03, 0.05, 0.1, 0.3). Watch "
        "the last loss: still high means too slow; lower in the middle than at the end means too large. A "
        "good choice works on every `random_state` you try (0 to 5, say), as the check's sets are new draws.",
        '`settings = {"width": 32, "activation": "tanh", "lr": 0.05}` reaches about 99% on held-out points, '
        'on every seed we tried.',
    ],
    starter="""
settings = {"width": ____, "activation": ____, "lr": ____}
print(spiral_trial(settings))                  # the notebook's spirals (random_state=0)
print(spiral_trial(settings, random_state=1))  # another draw: does it hold up?
q6.check(settings)
""",
    solution="""
settings = {"width": 32, "activation": "tanh", "lr": 0.05}
print(spiral_trial(settings))                  # the notebook's spirals (random_state=0)
print(spiral_trial(settings, random_state=1))  # another draw: does it hold up?
q6.check(settings)
""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q7 predict: scale a neuron

_SCALE_OPTIONS = {
    "a": "the boundary line moves 10 times farther from the origin",
    "b": "the boundary line turns",
    "c": "the boundary line stays where it is, and the outputs move closer to 0 and 1",
    "d": "nothing changes: the same line and the same outputs",
}

q7 = Question(
    "q7", "Predict: multiply a neuron's weights and bias by 10",
    "Predict before you run it. A sigmoid neuron has weights `w = [1, -2]` and bias `b = 0.5`. You "
    "multiply both the weights and the bias by 10. What happens?\n\n"
    + "\n".join(f"- ({letter}) {text}" for letter, text in _SCALE_OPTIONS.items())
    + "\n\nSet `prediction` to one letter and check it; the cell below it shows what happens.",
    check=choice_check("c", _SCALE_OPTIONS, reasons={
        "a": "The boundary is where `w1*x1 + w2*x2 + b = 0`. Multiply the whole equation by 10: do the "
             "points that solve it change? Run the next cell and compare the two lines.",
        "b": "The line's direction comes from the ratio of the weights, `w1 : w2`, and multiplying both by 10 "
             "keeps that ratio. Run the next cell and compare the two lines.",
        "d": "The line stays, but `z` itself is 10 times larger everywhere off the line, and the sigmoid of a "
             "larger `z` is closer to 0 or 1. Run the next cell and compare the outputs.",
    }, explain="Scaling w and b together keeps the set of points where z = 0, so the line stays; but z is "
               "10 times larger everywhere else, so the sigmoid's step from 0 to 1 becomes 10 times steeper. "
               "The weights' size sets how sure the neuron is, their direction and the bias where it draws "
               "the line."),
    hints=[
        "Write down where the boundary is: the points where `z = w1*x1 + w2*x2 + b` is exactly 0. Then ask "
        "what multiplying everything by 10 does to that equation, and separately to `z` at a point off the line.",
        "Multiplying an equation `z = 0` by 10 leaves its solutions alone. But at a point where `z = 0.3`, the "
        "scaled neuron has `z = 3`: compare `sigmoid(0.3)` with `sigmoid(3)`.",
        'The line stays put and the outputs get closer to 0 and 1: `prediction = "c"`.',
    ],
    starter="""
prediction = ____   # "a", "b", "c" or "d"
q7.check(prediction)
""",
    solution="""
prediction = "c"   # "a", "b", "c" or "d"
q7.check(prediction)
""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q8 binary cross-entropy

def _bce(p, y):
    return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()


_gb = torch.Generator().manual_seed(8)
_P8 = 0.05 + 0.9 * torch.rand(12, generator=_gb)        # probabilities of class 1, away from 0 and 1
_Y8 = (torch.rand(12, generator=_gb) < 0.5).float()      # labels 0 and 1, mixed

q8 = Question(
    "q8", "Binary cross-entropy, the playground's loss",
    """A classifier gives each point a probability `p` that it belongs to class 1; the label `y` is 0 or 1.
Binary cross-entropy charges `-log(p)` for a point of class 1 and `-log(1 - p)` for a point of class 0,
that is `-(y * log(p) + (1 - y) * log(1 - p))`, and averages this over the points. Write `bce(p, y)`
for 1-D float tensors `p` and `y` of the same length; return the **mean** as a 0-dimensional torch
tensor (so that training can call `.backward()` on it). Use the natural logarithm.""",
    check=function_check(_bce, [
        Case((_P8, _Y8), about="12 points of both classes"),
        Case((torch.tensor([0.9, 0.4, 0.2]), torch.tensor([1.0, 1.0, 0.0])), about="the lesson's three points"),
        Case((torch.tensor([0.3, 0.3]), torch.tensor([0.0, 0.0])), about="two points of class 0"),
        Case((torch.tensor([0.5]), torch.tensor([1.0])), about="one hesitant point, p = 0.5"),
    ], kind="torch", differentiable=(0,)),   # training calls .backward(): gradients must reach p
    hints=[
        "Each point pays for the probability it gave to its own class: `p` if it is of class 1, `1 - p` if of "
        "class 0. The cost is minus the logarithm of that probability, so a confident right answer costs "
        "almost nothing. Then average.",
        "`y * torch.log(p) + (1 - y) * torch.log(1 - p)` picks the right logarithm for every point at once "
        "(one of the two terms is 0). It is negative (logarithms of numbers below 1), so put a minus sign in "
        "front, and take `.mean()`, not `.sum()`. Stay in torch so `.backward()` works.",
        "`return -(y * torch.log(p) + (1 - y) * torch.log(1 - p)).mean()`.",
    ],
    starter="""def bce(p, y):
    per_point = ____          # the cost of each point
    return ____


q8.check(bce)""",
    solution="""def bce(p, y):
    per_point = -(y * torch.log(p) + (1 - y) * torch.log(1 - p))          # the cost of each point
    return per_point.mean()


q8.check(bce)""",
    chapter=CHAPTER,
)
