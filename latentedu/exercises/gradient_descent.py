"""Questions for chapter 02, gradient descent and backpropagation (``exercises/02_gradient_descent.ipynb``).

Every check builds its own data here (seeded), so it does not depend on the
learner's notebook state. The backpropagation check compares with PyTorch's
autograd; the learning-rate check (q5) and the experiment (q6: a learning rate
and a momentum that reach a loss target from start points the learner never
saw) run the descent themselves; q7 asks for a prediction (which optimizer
reaches the minimum of an ill-conditioned bowl first) before a race settles it; q8 cuts one epoch
into shuffled mini-batches.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..descent import descent_path, init_two_layer, make_surface, race, steps_to_reach, torch_gradient
from ..descent.surfaces import BOWL_ANGLE
from .engine import Case, Incorrect, Question, call_learner, choice_check, function_check, kind_of, value_check

__all__ = ["MOMENTUM_CONDITION", "MOMENTUM_STEPS", "MOMENTUM_TARGET", "RACE_CONDITION", "RACE_STEPS",
           "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "race_result"]

CHAPTER = "gradient_descent"

# --------------------------------------------------------------------------- q1: gradient of MSE


def _mse_gradient(w, b, x, y):
    residual = w * x + b - y
    return float(np.mean(2 * residual * x)), float(np.mean(2 * residual))


def _regression_case(n, seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-2, 2, n)
    return x, 1.5 * x - 0.5 + rng.normal(0, 0.3, n)


_Q1_CASES = [
    Case((0.0, 0.0, *_regression_case(20, 1)), about="w=0, b=0 and 20 points"),
    Case((2.0, -1.0, *_regression_case(7, 2)), about="w=2, b=-1 and 7 points"),
    Case((-0.5, 0.3, *_regression_case(50, 3)), about="w=-0.5, b=0.3 and 50 points"),
]

q1 = Question(
    "q1", "The gradient of mean squared error",
    """A line `pred = w * x + b` is fitted to points `(x, y)` by the mean squared error
`L = mean((pred - y)**2)`. Write `mse_gradient(w, b, x, y)` that returns the pair
`(dL/dw, dL/db)` as two numbers. `x` and `y` are 1-D numpy arrays of the same length.""",
    check=function_check(_mse_gradient, _Q1_CASES, rtol=1e-6, names=("dL/dw", "dL/db")),
    hints=[
        'Differentiate one term `(w * x_i + b - y_i)**2` first, with the chain rule: the outer square, times the derivative of the inside with respect to w (or b).',
        'The outer square gives `2 * (w * x_i + b - y_i)`; the inside `w * x_i + b - y_i` has derivative `x_i` with respect to w and `1` with respect to b. The loss is a mean, so its gradient is the mean of these per-point derivatives.',
        'With `residual = w * x + b - y`: `dw = np.mean(2 * residual * x)` and `db = np.mean(2 * residual)`.',
    ],
    starter="""import numpy as np

def mse_gradient(w, b, x, y):
    residual = ____            # pred - y, one entry per point
    dw = ____
    db = ____
    return dw, db

q1.check(mse_gradient)""",
    solution="""import numpy as np

def mse_gradient(w, b, x, y):
    residual = w * x + b - y   # pred - y, one entry per point
    dw = np.mean(2 * residual * x)
    db = np.mean(2 * residual)
    return dw, db

q1.check(mse_gradient)""",
    chapter=CHAPTER,
)

# --------------------------------------------------------------------------- q2: one descent step

q2 = Question(
    "q2", "One step of gradient descent",
    """The loss `L(w) = (w[0] - 3)**2 + 2 * (w[1] + 1)**2` has its minimum at `(3, -1)`.
Start at `w = (0, 0)` and take **one** step of gradient descent with learning rate `0.1`.
Fill in the gradient at the start (by hand: differentiate each term), then the new
point `w_new`, a numpy array of two numbers.""",
    check=value_check(np.array([0.6, -0.4]), rtol=1e-6),
    hints=[
        'Two steps: the gradient at the start, then a step against it. Which way does a descent step go, uphill or downhill?',
        'Differentiate each term on its own: `d/dw[0] (w[0] - 3)**2 = 2 * (w[0] - 3)` and `d/dw[1] 2 * (w[1] + 1)**2 = 4 * (w[1] + 1)`. Evaluate both at `w = (0, 0)`, then move against the gradient, scaled by the learning rate.',
        '`grad = np.array([2 * (w[0] - 3), 4 * (w[1] + 1)])`, that is `(-6, 4)`, and `w_new = w - lr * grad`.',
    ],
    starter="""import numpy as np

w = np.array([0.0, 0.0])
lr = 0.1
grad = np.array([____, ____])   # (dL/dw[0], dL/dw[1]) at w
w_new = ____

q2.check(w_new)""",
    solution="""import numpy as np

w = np.array([0.0, 0.0])
lr = 0.1
grad = np.array([2 * (w[0] - 3), 4 * (w[1] + 1)])   # (dL/dw[0], dL/dw[1]) at w
w_new = w - lr * grad

q2.check(w_new)""",
    chapter=CHAPTER,
)

# --------------------------------------------------------------------------- q3: a momentum update


def _momentum_step(w, v, grad, lr, beta):
    v_new = beta * v + grad
    return w - lr * v_new, v_new


def _momentum_case(seed, lr, beta):
    rng = np.random.default_rng(seed)
    return Case((rng.normal(size=3), rng.normal(size=3), rng.normal(size=3), lr, beta),
                about=f"lr={lr}, beta={beta}")


q3 = Question(
    "q3", "A momentum update",
    """Momentum keeps a velocity `v`: a running sum of past gradients that fades by a factor
`beta` each step. In the convention of `torch.optim.SGD(momentum=beta)`:

    v_new = beta * v + grad
    w_new = w - lr * v_new

Write `momentum_step(w, v, grad, lr, beta)` that returns the pair `(w_new, v_new)`
(numpy arrays of the shape of `w`). Do not change the inputs in place.""",
    check=function_check(_momentum_step, [_momentum_case(0, 0.1, 0.9), _momentum_case(1, 0.5, 0.0),
                                          _momentum_case(2, 0.01, 0.99)], rtol=1e-6,
                         names=("w_new", "v_new")),
    hints=[
        'Momentum first updates the velocity, then moves `w` with it. Which velocity moves `w`: the old one or the new one?',
        "The velocity keeps `beta` of its old value and adds the new gradient (no `1 - beta` factor in torch's convention); `w` then moves by `lr` times the *new* velocity. Build new arrays: `v += ...` would change the caller's `v` in place.",
        '`v_new = beta * v + grad`, then `w_new = w - lr * v_new`; return `w_new, v_new`.',
    ],
    starter="""def momentum_step(w, v, grad, lr, beta):
    v_new = ____
    w_new = ____
    return w_new, v_new

q3.check(momentum_step)""",
    solution="""def momentum_step(w, v, grad, lr, beta):
    v_new = beta * v + grad
    w_new = w - lr * v_new
    return w_new, v_new

q3.check(momentum_step)""",
    chapter=CHAPTER,
)

# --------------------------------------------------------------------------- q4: backprop, checked by autograd


def _autograd_backward(x, y, W1, b1, W2, b2):
    _, grads = torch_gradient({"W1": W1, "b1": b1, "W2": W2, "b2": b2}, x, y)
    return grads["W1"], grads["b1"], grads["W2"], grads["b2"]


def _backprop_case(seed, n, n_in, n_hidden, n_out):
    rng = np.random.default_rng(seed)
    params = init_two_layer(n_in, n_hidden, n_out, random_state=seed)
    x = rng.normal(size=(n, n_in))
    y = rng.normal(size=(n, n_out))
    return Case((x, y, params["W1"], params["b1"], params["W2"], params["b2"]),
                about=f"{n} samples, a {n_in}-{n_hidden}-{n_out} network")


q4 = Question(
    "q4", "Backpropagation through a two-layer network",
    """The network is `h = tanh(x @ W1 + b1)` then `out = h @ W2 + b2`, and the loss is
`L = mean((out - y)**2)` over every entry of `out`. Write `backward(x, y, W1, b1, W2, b2)`
that returns the gradients `(dW1, db1, dW2, db2)` with the chain rule, in numpy (each has
the shape of its parameter). The check compares them with PyTorch's autograd.""",
    check=function_check(_autograd_backward, [_backprop_case(0, 8, 3, 4, 1), _backprop_case(1, 5, 2, 6, 3)],
                         rtol=1e-6, atol=1e-9, names=("dW1", "db1", "dW2", "db2")),
    hints=[
        "Go backwards one step at a time, from the loss to the output, to the hidden layer, to the first layer's weights. Each step multiplies by one local derivative (the chain rule).",
        'The mean divides by every entry of `out`, so `d_out = 2 * (out - y) / out.size`. A layer `out = h @ W2 + b2` passes gradients back as `h.T @ d_out` (its weights), `d_out.sum(axis=0)` (its bias) and `d_out @ W2.T` (its input). Through tanh, multiply by its derivative `1 - h**2`. Then the first layer works like the second.',
        '`d_out = 2 * (out - y) / out.size`, `dW2 = h.T @ d_out`, `db2 = d_out.sum(axis=0)`, `d_h = d_out @ W2.T`, `d_z1 = d_h * (1 - h**2)`, `dW1 = x.T @ d_z1`, `db1 = d_z1.sum(axis=0)`.',
    ],
    starter="""import numpy as np

def backward(x, y, W1, b1, W2, b2):
    h = np.tanh(x @ W1 + b1)        # (n, n_hidden)
    out = h @ W2 + b2               # (n, n_out)
    d_out = ____                    # dL/d out
    dW2 = ____
    db2 = ____
    d_h = ____                      # dL/dh
    d_z1 = ____                     # through tanh
    dW1 = ____
    db1 = ____
    return dW1, db1, dW2, db2

q4.check(backward)""",
    solution="""import numpy as np

def backward(x, y, W1, b1, W2, b2):
    h = np.tanh(x @ W1 + b1)        # (n, n_hidden)
    out = h @ W2 + b2               # (n, n_out)
    d_out = 2 * (out - y) / out.size  # dL/d out
    dW2 = h.T @ d_out
    db2 = d_out.sum(axis=0)
    d_h = d_out @ W2.T              # dL/dh
    d_z1 = d_h * (1 - h**2)         # through tanh
    dW1 = x.T @ d_z1
    db1 = d_z1.sum(axis=0)
    return dW1, db1, dW2, db2

q4.check(backward)""",
    chapter=CHAPTER,
)

# --------------------------------------------------------------------------- q5: a learning rate that converges

Q5_CONDITION = 25.0
Q5_STEPS = 100
Q5_TOLERANCE = 1e-6


def _number(value, name: str) -> float:
    """A learner's single number (a 0-d tensor or array counts), or a message saying what it is instead."""
    if hasattr(value, "shape") and getattr(value, "ndim", None) == 0:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise Incorrect(f"Your {name} should be a single number, but it is {kind_of(value)}.")
    value = float(value)
    if not np.isfinite(value):
        raise Incorrect(f"Your {name} is {value}; it must be a finite number.")
    return value


def _check_learning_rate(lr) -> None:
    lr = _number(lr, "learning rate")
    if lr <= 0:
        raise Incorrect(f"A learning rate must be positive; {lr:g} would not move downhill.")
    surface = make_surface("bowl", condition=Q5_CONDITION)
    path = descent_path(surface, surface.start, "gd", lr, Q5_STEPS)
    if not np.isfinite(path[-1]).all():
        raise Incorrect(f"With lr={lr:g} gradient descent diverged: each step overshoots the steep direction "
                        "by more than it corrects. Try a smaller learning rate.")
    start_gap, gap = float(surface.gap(path[0])), float(surface.gap(path[-1]))
    if gap > start_gap:
        raise Incorrect(f"With lr={lr:g} the loss grew from {start_gap:.3g} to {gap:.3g} in {Q5_STEPS} steps: "
                        "gradient descent is diverging. Each step overshoots the steep direction by more than "
                        "it corrects, so the overshoot grows. Try a smaller learning rate.")
    if gap >= Q5_TOLERANCE:
        flat, steep = _bowl_parts(path[-1], Q5_CONDITION)
        if steep > flat:
            raise Incorrect(f"With lr={lr:g} the path is stable, but after {Q5_STEPS} steps the loss is still "
                            f"{gap:.2g} above its minimum, mostly along the steep direction: there each step "
                            f"multiplies the distance by 1 - lr = {1 - lr:.2g}, which barely shrinks it, so the "
                            "path still zigzags across the valley. Try a slightly smaller learning rate.")
        raise Incorrect(f"With lr={lr:g} the path is stable, but after {Q5_STEPS} steps the loss is still "
                        f"{gap:.2g} above its minimum: too slow along the flat direction. "
                        "Try a larger learning rate.")


def _bowl_parts(point, condition: float) -> tuple[float, float]:
    """The bowl's loss at ``point`` split into its flat and its steep direction's share."""
    c, s = np.cos(BOWL_ANGLE), np.sin(BOWL_ANGLE)
    u, v = c * point[0] + s * point[1], -s * point[0] + c * point[1]  # the bowl's own axes
    return float(0.5 * u * u / condition), float(0.5 * v * v)


q5 = Question(
    "q5", "Choose a learning rate that converges",
    f"""`le.descent.make_surface("bowl", condition={Q5_CONDITION:g})` is a tilted bowl whose steepest
direction has curvature 1 and whose flattest has curvature 1/{Q5_CONDITION:g}. Choose a learning
rate `lr` for plain gradient descent so that, from the surface's start point, the loss is
within {Q5_TOLERANCE:g} of its minimum after {Q5_STEPS} steps. You may try values with
`descent_path` and `steps_to_reach` before you answer.""",
    check=_check_learning_rate,
    hints=[
        'Along a direction of curvature `c`, one step multiplies the distance to the minimum by `(1 - lr * c)`. It shrinks only when `|1 - lr * c| < 1`, that is when `lr < 2 / c`.',
        "The steep direction (c = 1) caps the learning rate below 2; the flat direction (c = 1/25) shrinks by only `1 - lr / 25` per step, so you want lr as large as the cap allows. Try `steps_to_reach(surface, descent_path(surface, surface.start, 'gd', lr, 100))` for a few values between 1 and 2.",
        '`lr = 1.8`: stable (|1 - 1.8| < 1) and fast enough along the flat direction.',
    ],
    starter="""from latentedu.descent import descent_path, make_surface, steps_to_reach

surface = make_surface("bowl", condition=25)
# Try a few values first, e.g.:
# print(steps_to_reach(surface, descent_path(surface, surface.start, "gd", 0.5, 100)))
lr = ____

q5.check(lr)""",
    solution="""from latentedu.descent import descent_path, make_surface, steps_to_reach

surface = make_surface("bowl", condition=25)
for trial in [0.5, 1.0, 1.5, 1.8, 2.1]:
    print(trial, steps_to_reach(surface, descent_path(surface, surface.start, "gd", trial, 100)))
lr = 1.8

q5.check(lr)""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q6 experiment: lr and momentum

MOMENTUM_CONDITION = 100.0   # the bowl's steepest curvature over its flattest
MOMENTUM_STEPS = 80
MOMENTUM_TARGET = 1e-6       # the loss must end within this of its minimum, from every start
_TARGET_TEXT = "1e-6"
_START_SEED = 6021           # the check's start points; the notebook only shows the surface's own start


def _momentum_starts(n: int = 5, radius: float = 2.5) -> np.ndarray:
    angles = np.random.default_rng(_START_SEED).uniform(0, 2 * np.pi, n)
    return np.stack([radius * np.cos(angles), radius * np.sin(angles)], axis=1)  # (n, 2)


def _gaps(surface, path) -> np.ndarray:
    """The loss above its minimum along ``path`` (steps, n, 2): shape (steps, n), inf where it ran off."""
    with np.errstate(invalid="ignore", over="ignore"):
        finite = np.isfinite(path).all(axis=-1)
        gaps = surface.gap(np.where(finite[..., None], path, 0.0))
    return np.where(finite, gaps, np.inf)


def _check_lr_momentum(answer) -> None:
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        raise Incorrect(f"Pass the pair `(lr, momentum)`, e.g. `q6.check((lr, momentum))`; you passed "
                        f"{kind_of(answer)}.")
    lr, momentum = _number(answer[0], "learning rate `lr`"), _number(answer[1], "`momentum`")
    if lr <= 0:
        raise Incorrect(f"A learning rate must be positive; lr={lr:g} would not move downhill.")
    if not 0 <= momentum < 1:
        raise Incorrect(f"`momentum` keeps that share of the velocity each step: a number from 0 up to (not "
                        f"including) 1; you gave {momentum:g}.")
    surface = make_surface("bowl", condition=MOMENTUM_CONDITION)
    starts = _momentum_starts()
    if momentum == 0:
        path = descent_path(surface, starts, "gd", lr, MOMENTUM_STEPS)
    else:
        path = descent_path(surface, starts, "momentum", lr, MOMENTUM_STEPS, momentum=momentum)
    gaps = _gaps(surface, path)                  # (steps + 1, n_starts)
    worst = int(np.argmax(gaps[-1]))
    final = float(gaps[-1, worst])
    if final < MOMENTUM_TARGET:
        return
    curve = gaps[:, worst]
    if not np.isfinite(final):
        raise Incorrect(f"With lr={lr:g} and momentum={momentum:g} the path ran off to infinity from one of the "
                        "start points: each step overshoots by more than it corrects. Lower the learning rate "
                        "(momentum makes the effective step larger, so with momentum the limit is higher than "
                        "2, but not unlimited).")
    said = (f"From {len(starts)} start points you had not seen, after {MOMENTUM_STEPS} steps the loss is still "
            f"{final:.2g} above its minimum at the worst one (the target is {_TARGET_TEXT}). ")
    if final > curve[0]:
        raise Incorrect(said + "It grew instead of shrinking: the path is diverging. Each step overshoots by "
                        "more than it corrects: lower the learning rate (momentum makes the effective step "
                        "larger, so with momentum the limit is higher than 2, but not unlimited).")
    if momentum == 0:
        raise Incorrect(said + f"Plain gradient descent cannot get there: a stable lr is below 2 (the steep "
                        f"curvature is 1), and then the flat direction (curvature 1/{MOMENTUM_CONDITION:g}) "
                        f"loses at most {2 / MOMENTUM_CONDITION:.0%} of its distance per step. Add momentum.")
    rises = int((np.diff(curve[-MOMENTUM_STEPS // 2:]) > 0).sum())
    if rises >= 3:
        raise Incorrect(said + f"In the last {MOMENTUM_STEPS // 2} steps the loss went up again {rises} times: "
                        "the path overshoots the minimum and swings back, like a ball on a spring that is "
                        "hardly damped. Too much momentum (or too large a learning rate): lower one of them.")
    raise Incorrect(said + "The loss falls steadily but too slowly: the steps along the flat direction are "
                    "still too short. Raise the learning rate or the momentum.")


q6 = Question(
    "q6", "Experiment: a learning rate and a momentum that get there",
    f"""On `make_surface("bowl", condition={MOMENTUM_CONDITION:g})` the steepest direction has curvature 1 and
the flattest 1/{MOMENTUM_CONDITION:g}. Choose a learning rate and a momentum for
`descent_path(surface, start, "momentum", lr, {MOMENTUM_STEPS}, momentum=momentum)` so that the loss ends
within {_TARGET_TEXT} of its minimum after {MOMENTUM_STEPS} steps. The check starts from several
points you never see (all at distance 2.5 from the minimum, in different directions), so a choice tuned
to one start is not enough. Pass `(lr, momentum)`.""",
    check=_check_lr_momentum,
    hints=[
        "Plain gradient descent is stuck between two limits: lr below 2 for the steep direction, yet then "
        f"tiny steps along the flat one. Momentum lets steps add up along the flat direction while the "
        "zigzags across the steep one cancel. Too little and it is slow; too much and it swings past the "
        "minimum again and again.",
        "Explore on a grid: for a few learning rates (1, 2, 3) and momenta (0.5, 0.7, 0.9), compute "
        f"`surface.gap(descent_path(surface, start, 'momentum', lr, {MOMENTUM_STEPS}, momentum=m)[-1])` from "
        "two or three start points of your own (e.g. `(2.5, 0)`, `(0, 2.5)`, `(-1.8, 1.8)`), and keep the "
        "pair whose worst gap is smallest. Theory agrees: for curvatures from mu to L the best momentum is "
        "about `((sqrt(L/mu) - 1) / (sqrt(L/mu) + 1))**2`.",
        "`(lr, momentum) = (2.5, 0.7)` ends far below the target from every start.",
    ],
    starter=f"""import numpy as np
from latentedu.descent import descent_path, make_surface

surface = make_surface("bowl", condition={MOMENTUM_CONDITION:g})
for start in [(2.5, 0.0), (0.0, 2.5), (-1.8, 1.8)]:
    path = descent_path(surface, start, "momentum", lr=1.0, num_steps={MOMENTUM_STEPS}, momentum=0.5)
    print(start, surface.gap(path[-1]))

lr = ____
momentum = ____
q6.check((lr, momentum))""",
    solution=f"""import numpy as np
from latentedu.descent import descent_path, make_surface

surface = make_surface("bowl", condition={MOMENTUM_CONDITION:g})
starts = [(2.5, 0.0), (0.0, 2.5), (-1.8, 1.8)]
for lr in (1.0, 2.0, 2.5, 3.0):
    for m in (0.5, 0.7, 0.9):
        worst = max(surface.gap(descent_path(surface, s, "momentum", lr, {MOMENTUM_STEPS}, momentum=m)[-1])
                    for s in starts)
        print(f"lr={{lr}}, momentum={{m}}: worst gap {{worst:.1e}}")

lr = 2.5
momentum = 0.7
q6.check((lr, momentum))""",
    chapter=CHAPTER,
)


# --------------------------------------------------------------------------- q7 predict: the race

RACE_CONDITION = 100.0
RACE_STEPS = 300
_RACE_OPTIONS = {
    "a": "gradient descent (lr 1.0)",
    "b": "momentum (lr 1.0, momentum 0.9)",
    "c": "Adam (lr 0.3)",
    "d": f"none of them gets within 1e-6 in {RACE_STEPS} steps",
}

q7 = Question(
    "q7", "Predict: who reaches the bottom of a narrow valley first?",
    f"""Predict before you run the race. On the bowl with condition number {RACE_CONDITION:g} (curvatures 1 and
1/{RACE_CONDITION:g}), three optimizers start from the surface's start point with the race's default
learning rates. Which one first gets within 1e-6 of the minimum's loss, within {RACE_STEPS} steps?

""" + "\n".join(f"- ({letter}) {text}" for letter, text in _RACE_OPTIONS.items()) + """

Set `prediction` to one letter and check it; the cell below it runs the race.""",
    check=choice_check("b", _RACE_OPTIONS, reasons={
        "a": "Plain gradient descent at lr 1 is held back by the flat direction: with curvature "
             f"1/{RACE_CONDITION:g} each step removes only 1% of the remaining distance along it, so after "
             f"{RACE_STEPS} steps about 5% of it is still left. Run the race to see its curve flatten out.",
        "c": "Adam's steps have a size of about its learning rate whatever the gradient, so it crosses the "
             "valley fast; but near the minimum, where the gradients are tiny, its steps stay comparatively "
             "large, and it circles the minimum for a long time before it settles. Run the race and compare.",
        "d": "One of them does get there within the budget. Run the race and look at the loss curves.",
    }, explain="Momentum lets the small, consistent gradients along the flat direction add up to long "
               "steps, while its zigzags across the steep direction largely cancel, so it wins on a narrow "
               "valley. Plain gradient descent crawls along the flat direction; Adam arrives but circles "
               "before it settles. The next cell runs the race."),
    hints=[
        "Think about the flat direction: the gradient along it is small everywhere. Which optimizer turns many "
        "small gradients that point the same way into long steps?",
        "Gradient descent's step along the flat direction is lr times a small gradient, and lr cannot exceed 2. "
        "Momentum accumulates: with momentum 0.9, a steady gradient builds a velocity up to 10 times as large. "
        "Adam rescales every step to a size of about lr, which helps far away but not close to the minimum.",
        'Momentum: `prediction = "b"`.',
    ],
    starter="""prediction = ____   # "a", "b", "c" or "d"
q7.check(prediction)""",
    solution="""prediction = "b"   # "a", "b", "c" or "d"
q7.check(prediction)""",
    chapter=CHAPTER,
)


def race_result() -> dict:
    """q7's race: the first step at which each optimizer is within 1e-6 of the minimum (None: never)."""
    surface = make_surface("bowl", condition=RACE_CONDITION)
    paths = race(surface, num_steps=RACE_STEPS, optimizers=("gd", "momentum", "adam"))
    return {name: steps_to_reach(surface, path) for name, path in paths.items()}


# --------------------------------------------------------------------------- q8: one epoch in mini-batches

_Q8_CASES = [(10, 4, 11), (12, 4, 12), (7, 1, 13), (9, 9, 14), (50, 16, 15)]  # (n_samples, batch_size, seed)


def _q8_batches(fn, n, size, seed) -> list[np.ndarray]:
    """The learner's batches for one case, as integer arrays, or Incorrect with what is wrong."""
    about = f"with n_samples={n}, batch_size={size}"
    out = call_learner(fn, n, size, np.random.default_rng(seed), rng_untouched=True)
    if isinstance(out, np.ndarray) or type(out).__module__.split(".")[0] == "torch":
        raise Incorrect(f"Your function returned {kind_of(out)} {about}; return a list with one batch (an array "
                        "or a list of sample indices) per item, since the last batch can be smaller.")
    if not isinstance(out, (list, tuple)):
        raise Incorrect(f"Your function should return a list of batches, but {about} it returned {kind_of(out)}.")
    batches = []
    for i, batch in enumerate(out):
        if type(batch).__module__.split(".")[0] == "torch":
            batch = batch.detach().cpu().numpy()
        if isinstance(batch, numbers.Integral) and not isinstance(batch, bool):
            raise Incorrect(f"Batch {i} {about} is a single number; each batch should be an array (or list) of "
                            "sample indices. Slice the shuffled order: `order[start:start + batch_size]`.")
        try:
            arr = np.asarray(batch)
        except (TypeError, ValueError):
            raise Incorrect(f"Batch {i} {about} is {kind_of(batch)}, not an array of sample indices.") from None
        if arr.ndim != 1 or arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
            raise Incorrect(f"Batch {i} {about} is {kind_of(batch)}; each batch should be a 1-D array (or list) "
                            "of whole-number sample indices.")
        batches.append(arr.astype(np.int64))
    return batches


def _check_epoch_batches(fn) -> None:
    for n, size, seed in _Q8_CASES:
        about = f"With n_samples={n}, batch_size={size}"
        batches = _q8_batches(fn, n, size, seed)
        expected = -(-n // size)
        sizes = [len(b) for b in batches]
        if sum(sizes) < n and len(batches) == n // size:
            raise Incorrect(f"{about} your epoch leaves out the last {n - sum(sizes)} samples: when n_samples is "
                            "not a multiple of batch_size, the last batch holds what is left.")
        if len(batches) != expected:
            raise Incorrect(f"{about} your epoch has {len(batches)} batches; it should have ceil(n_samples / "
                            "batch_size) of them.")
        if sizes[:-1] != [size] * (expected - 1):
            raise Incorrect(f"{about} your batches hold {sizes} samples: every batch should hold batch_size "
                            "samples except the last, which holds what is left (np.array_split evens the sizes "
                            "out instead).")
        every = np.concatenate(batches) if batches else np.array([], dtype=np.int64)
        if every.min(initial=0) < 0 or every.max(initial=0) >= n:
            raise Incorrect(f"{about} a batch holds an index outside 0 .. n_samples - 1.")
        if len(np.unique(every)) != len(every):
            raise Incorrect(f"{about} a sample appears in more than one place: an epoch uses every sample exactly "
                            "once. Draw a random order of all the samples (a permutation), not random indices "
                            "with replacement.")
        if n >= 10 and np.array_equal(every, np.arange(n)):
            raise Incorrect(f"{about} the batches follow the samples' stored order. Shuffle first: take the "
                            "samples in the random order `rng` gives.")
        again = np.concatenate(_q8_batches(fn, n, size, seed))
        if not np.array_equal(every, again):
            raise Incorrect(f"{about} two calls with identically seeded generators gave different batches: draw "
                            "the order from `rng`, the generator passed in, and from nothing else.")
    first = np.concatenate(_q8_batches(fn, 50, 16, 1))
    if np.array_equal(first, np.concatenate(_q8_batches(fn, 50, 16, 2))):
        raise Incorrect("Generators with different seeds gave the same batches: draw the order from `rng`.")


q8 = Question(
    "q8", "One epoch in mini-batches",
    """An epoch of mini-batch training uses every sample once, in a random order, cut into batches.
Write `epoch_batches(n_samples, batch_size, rng)` that returns a list of batches: each batch an array (or
a list) of sample indices from `0` to `n_samples - 1`. Put the samples in a random order drawn from
`rng`, a `np.random.default_rng(...)` generator (not from `np.random`'s global functions), then cut
that order into consecutive pieces of `batch_size`. Every batch holds `batch_size` samples except the
last, which holds what is left, so there are `ceil(n_samples / batch_size)` batches.""",
    check=_check_epoch_batches,
    hints=[
        "Two steps: a random order of all the sample indices, then slices of it. Which generator method "
        "returns the numbers 0 .. n - 1 in a random order, each exactly once?",
        "`rng.permutation(n_samples)` gives the shuffled order. Then slice it with a start that runs "
        "`range(0, n_samples, batch_size)`: `order[start:start + batch_size]`; slicing past the end simply "
        "stops there, which makes the last batch the short one.",
        "`order = rng.permutation(n_samples)` and "
        "`return [order[start:start + batch_size] for start in range(0, n_samples, batch_size)]`.",
    ],
    starter="""import numpy as np

def epoch_batches(n_samples, batch_size, rng):
    order = ____        # the indices 0 .. n_samples - 1 in a random order, drawn from rng
    return [____ for start in range(0, n_samples, batch_size)]

print(epoch_batches(10, 4, np.random.default_rng(0)))
q8.check(epoch_batches)""",
    solution="""import numpy as np

def epoch_batches(n_samples, batch_size, rng):
    order = rng.permutation(n_samples)        # the indices 0 .. n_samples - 1 in a random order, drawn from rng
    return [order[start:start + batch_size] for start in range(0, n_samples, batch_size)]

print(epoch_batches(10, 4, np.random.default_rng(0)))
q8.check(epoch_batches)""",
    chapter=CHAPTER,
)
