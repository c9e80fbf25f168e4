"""Questions for chapter 02, gradient descent and backpropagation (``exercises/02_gradient_descent.ipynb``).

Every check builds its own data here (seeded), so it does not depend on the
learner's notebook state. The backpropagation check compares with PyTorch's
autograd; the learning-rate check runs the descent itself.
"""

from __future__ import annotations

import numbers

import numpy as np

from ..descent import descent_path, init_two_layer, make_surface, torch_gradient
from .engine import Case, Incorrect, Question, function_check, value_check

__all__ = ["q1", "q2", "q3", "q4", "q5"]

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
    check=function_check(_mse_gradient, _Q1_CASES, rtol=1e-6),
    hints=[
        "Differentiate one term `(w * x_i + b - y_i)**2` first: the chain rule gives "
        "`2 * (w * x_i + b - y_i)` times the derivative of the inside with respect to w (or b).",
        "The inside `w * x_i + b - y_i` has derivative `x_i` with respect to w and `1` with respect to b. "
        "The mean of the loss has the mean of these as its gradient.",
        "With `residual = w * x + b - y`: `dw = np.mean(2 * residual * x)` and `db = np.mean(2 * residual)`.",
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
        "`dL/dw[0] = 2 * (w[0] - 3)` and `dL/dw[1] = 4 * (w[1] + 1)`; evaluate both at `w = (0, 0)`.",
        "A descent step moves *against* the gradient: `w_new = w - lr * grad`.",
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
                                          _momentum_case(2, 0.01, 0.99)], rtol=1e-6),
    hints=[
        "Update the velocity first, then move `w` with the *new* velocity.",
        "`v_new = beta * v + grad`, then `w_new = w - lr * v_new`; return `w_new, v_new`. "
        "`v += ...` would change the caller's array in place: build a new one instead.",
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
                         rtol=1e-6, atol=1e-9),
    hints=[
        "Go backwards one step at a time: `d_out = 2 * (out - y) / out.size` (the mean divides by every entry), "
        "then `dW2 = h.T @ d_out` and `db2 = d_out.sum(axis=0)`.",
        "Into the hidden layer: `d_h = d_out @ W2.T`; through tanh multiply by its derivative, `1 - h**2`, "
        "to get `d_z1`; then `dW1 = x.T @ d_z1` and `db1 = d_z1.sum(axis=0)`.",
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


def _check_learning_rate(lr) -> None:
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        raise Incorrect(f"Your learning rate should be a single number, but it is a {type(lr).__name__}.")
    lr = float(lr)
    if not np.isfinite(lr):
        raise Incorrect(f"Your learning rate is {lr}; it must be a finite number.")
    if lr <= 0:
        raise Incorrect(f"A learning rate must be positive; {lr:g} would not move downhill.")
    surface = make_surface("bowl", condition=Q5_CONDITION)
    path = descent_path(surface, surface.start, "gd", lr, Q5_STEPS)
    if not np.isfinite(path[-1]).all():
        raise Incorrect(f"With lr={lr:g} gradient descent diverged: each step overshoots the steep direction "
                        "by more than it corrects. Try a smaller learning rate.")
    gap = float(surface.gap(path[-1]))
    if gap >= Q5_TOLERANCE:
        raise Incorrect(f"With lr={lr:g} the path is stable, but after {Q5_STEPS} steps the loss is still "
                        f"{gap:.2g} above its minimum: too slow along the flat direction. "
                        "Try a larger learning rate.")


q5 = Question(
    "q5", "Choose a learning rate that converges",
    f"""`le.descent.make_surface("bowl", condition={Q5_CONDITION:g})` is a tilted bowl whose steepest
direction has curvature 1 and whose flattest has curvature 1/{Q5_CONDITION:g}. Choose a learning
rate `lr` for plain gradient descent so that, from the surface's start point, the loss is
within {Q5_TOLERANCE:g} of its minimum after {Q5_STEPS} steps. You may try values with
`descent_path` and `steps_to_reach` before you answer.""",
    check=_check_learning_rate,
    hints=[
        "Along a direction of curvature `c`, one step multiplies the distance to the minimum by `(1 - lr * c)`. "
        "It shrinks only when `|1 - lr * c| < 1`, that is when `lr < 2 / c`.",
        f"The steep direction (c = 1) caps the learning rate below 2. The flat direction (c = 1/{Q5_CONDITION:g}) "
        f"shrinks by `1 - lr / {Q5_CONDITION:g}` per step, so you want lr as large as the cap allows.",
        "Try `steps_to_reach(surface, descent_path(surface, surface.start, 'gd', lr, 100))` for a few values "
        "between 1 and 2.",
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
