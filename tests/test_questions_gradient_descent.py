"""Chapter 02's questions accept right answers and reject typical mistakes."""

import numpy as np
import torch

from latentedu.exercises import gradient_descent as module
from questions_helper import question_tests

# --------------------------------------------------------------------------- q1


def _mse_right(w, b, x, y):
    r = w * x + b - y
    return np.mean(2 * r * x), np.mean(2 * r)


def _mse_no_two(w, b, x, y):
    r = w * x + b - y
    return np.mean(r * x), np.mean(r)


def _mse_sign(w, b, x, y):
    r = y - (w * x + b)
    return np.mean(2 * r * x), np.mean(2 * r)


def _mse_sum(w, b, x, y):
    r = w * x + b - y
    return np.sum(2 * r * x), np.sum(2 * r)


# --------------------------------------------------------------------------- q3


def _mom_right(w, v, grad, lr, beta):
    v_new = beta * v + grad
    return w - lr * v_new, v_new


def _mom_old_velocity(w, v, grad, lr, beta):
    return w - lr * v, beta * v + grad


def _mom_dampened(w, v, grad, lr, beta):
    v_new = beta * v + (1 - beta) * grad
    return w - lr * v_new, v_new


def _mom_in_place(w, v, grad, lr, beta):
    v *= beta
    v += grad
    return w - lr * v, v


# --------------------------------------------------------------------------- q4


def _forward(x, W1, b1, W2, b2):
    h = np.tanh(x @ W1 + b1)
    return h, h @ W2 + b2


def _bp_right(x, y, W1, b1, W2, b2):
    h, out = _forward(x, W1, b1, W2, b2)
    d_out = 2 * (out - y) / out.size
    d_z1 = (d_out @ W2.T) * (1 - h ** 2)
    return x.T @ d_z1, d_z1.sum(0), h.T @ d_out, d_out.sum(0)


def _bp_no_tanh_derivative(x, y, W1, b1, W2, b2):
    h, out = _forward(x, W1, b1, W2, b2)
    d_out = 2 * (out - y) / out.size
    d_z1 = d_out @ W2.T
    return x.T @ d_z1, d_z1.sum(0), h.T @ d_out, d_out.sum(0)


def _bp_sum_not_mean(x, y, W1, b1, W2, b2):
    h, out = _forward(x, W1, b1, W2, b2)
    d_out = 2 * (out - y)
    d_z1 = (d_out @ W2.T) * (1 - h ** 2)
    return x.T @ d_z1, d_z1.sum(0), h.T @ d_out, d_out.sum(0)


def _bp_preactivation(x, y, W1, b1, W2, b2):
    h, out = _forward(x, W1, b1, W2, b2)
    z1 = x @ W1 + b1
    d_out = 2 * (out - y) / out.size
    d_z1 = (d_out @ W2.T) * (1 - h ** 2)
    return x.T @ d_z1, d_z1.sum(0), z1.T @ d_out, d_out.sum(0)


def _mse_loops(w, b, x, y):
    dw = db = 0.0
    for xi, yi in zip(x, y):
        r = w * xi + b - yi
        dw += 2 * r * xi / len(x)
        db += 2 * r / len(x)
    return dw, db


def _mse_torch(w, b, x, y):
    wt = torch.tensor(float(w), dtype=torch.float64, requires_grad=True)
    bt = torch.tensor(float(b), dtype=torch.float64, requires_grad=True)
    loss = ((wt * torch.as_tensor(x) + bt - torch.as_tensor(y)) ** 2).mean()
    loss.backward()
    return wt.grad.item(), bt.grad.item()


def _mom_list(w, v, grad, lr, beta):
    v_new = np.array([beta * vi + gi for vi, gi in zip(v, grad)])
    return np.array([wi - lr * vi for wi, vi in zip(w, v_new)]), v_new


def _bp_einsum(x, y, W1, b1, W2, b2):
    z1 = np.einsum("ni,ih->nh", x, W1) + b1
    h = np.tanh(z1)
    out = h @ W2 + b2
    d_out = 2 * (out - y) / np.prod(out.shape)
    d_z1 = (d_out @ W2.T) / np.cosh(z1) ** 2
    return np.einsum("ni,nh->ih", x, d_z1), d_z1.sum(0), np.einsum("nh,no->ho", h, d_out), d_out.sum(0)


def _bp_torch(x, y, W1, b1, W2, b2):
    params = [torch.tensor(p, requires_grad=True) for p in (W1, b1, W2, b2)]
    h = torch.tanh(torch.as_tensor(x) @ params[0] + params[1])
    loss = ((h @ params[2] + params[3] - torch.as_tensor(y)) ** 2).mean()
    loss.backward()
    return tuple(p.grad.numpy() for p in params)


# --------------------------------------------------------------------------- q8


def _eb_right(n, b, rng):
    order = rng.permutation(n)
    return [order[start:start + b] for start in range(0, n, b)]


def _eb_split(n, b, rng):  # np.split at the batch boundaries: the same fixed sizes
    return np.split(rng.permutation(n), range(b, n, b))


def _eb_loop(n, b, rng):  # shuffled in place, batches as Python lists
    idx = np.arange(n)
    rng.shuffle(idx)
    batches = []
    for start in range(0, n, b):
        batches.append(idx[start:start + b].tolist())
    return batches


def _eb_choice(n, b, rng):  # a permutation by sampling without replacement, a tuple of tensors
    order = torch.from_numpy(rng.choice(n, size=n, replace=False))
    return tuple(order[start:start + b] for start in range(0, n, b))


def _eb_no_shuffle(n, b, rng):
    return [np.arange(n)[start:start + b] for start in range(0, n, b)]


def _eb_replacement(n, b, rng):  # random indices, some twice, some never
    order = rng.integers(0, n, size=n)
    return [order[start:start + b] for start in range(0, n, b)]


def _eb_drop_last(n, b, rng):  # drops the short last batch
    order = rng.permutation(n)
    return [order[start:start + b] for start in range(0, n - b + 1, b)]


def _eb_array_split(n, b, rng):  # evens out the sizes
    return np.array_split(rng.permutation(n), -(-n // b))


def _eb_global(n, b, rng):  # ignores rng: numpy's global generator
    order = np.random.permutation(n)
    return [order[start:start + b] for start in range(0, n, b)]


def _eb_off_by_one(n, b, rng):
    order = rng.permutation(n)
    return [order[start:start + b - 1] for start in range(0, n, b)]


def _eb_one_array(n, b, rng):  # the shuffled order, never cut
    return rng.permutation(n)


def _eb_fresh_seed(n, b, rng):  # a generator of its own: the same batches whatever rng is
    order = np.random.default_rng(0).permutation(n)
    return [order[start:start + b] for start in range(0, n, b)]


RIGHT = {
    "q1": [lambda: _mse_right, lambda: _mse_loops, lambda: _mse_torch],
    "q2": [lambda: np.array([0.6, -0.4]), lambda: np.array([0.0, 0.0]) - 0.1 * np.array([-6.0, 4.0]),
           lambda: np.array([0.6000000001, -0.4])],
    "q3": [lambda: _mom_right, lambda: _mom_list,
           lambda: (lambda w, v, grad, lr, beta: (w - lr * (beta * v + grad), beta * v + grad))],
    "q4": [lambda: _bp_right, lambda: _bp_einsum, lambda: _bp_torch],
    "q5": [lambda: 1.8, lambda: np.float32(1.5), lambda: torch.tensor(1.9)],
    "q6": [lambda: (2.5, 0.7), lambda: [3.3, 0.67], lambda: (np.float64(1.9), 0.8)],
    "q7": [lambda: "b", lambda: "(b)", lambda: "B."],
    "q8": [lambda: _eb_right, lambda: _eb_split, lambda: _eb_loop, lambda: _eb_choice],
}

WRONG = {
    "q1": [lambda: _mse_no_two, (lambda: _mse_sign, "`dL/dw`"), lambda: _mse_sum,
           (lambda: (lambda w, b, x, y: (np.mean(2 * (w * x + b - y) * x), np.mean(w * x + b - y))),
            "`dL/db`"),                                                   # the 2 forgotten in db only
           (lambda: (lambda w, b, x, y: np.mean(2 * (w * x + b - y) * x)), "tuple (dL/dw, dL/db)")],  # dw only
    "q2": [lambda: np.array([-0.6, 0.4]),   # stepped uphill
           lambda: np.array([6.0, -4.0]),   # forgot the learning rate
           lambda: np.array([0.6, -0.2]),   # derivative of 2 (w1 + 1)**2 taken as 2 (w1 + 1)
           lambda: np.array([-6.0, 4.0]),   # the gradient itself
           lambda: [0.6, -0.4, 0.0]],       # three numbers
    "q3": [lambda: _mom_old_velocity, (lambda: _mom_dampened, "`w_new`"), (lambda: _mom_in_place, "in place"),
           (lambda: (lambda w, v, grad, lr, beta: (w - lr * grad, beta * v + grad)), "`w_new`"),  # ignores v
           (lambda: (lambda w, v, grad, lr, beta: (beta * v + grad, w - lr * (beta * v + grad))), "`w_new`")],
    "q4": [lambda: _bp_no_tanh_derivative, lambda: _bp_sum_not_mean, (lambda: _bp_preactivation, "`dW2`"),
           (lambda: (lambda *a: _bp_right(*a)[::-1]), "`dW1`"),                       # reversed order
           lambda: (lambda *a: tuple(g.T for g in _bp_right(*a)))],                     # transposed
    "q5": [(lambda: 2.5, "diverged"),    # diverges
           (lambda: 0.1, "too slow"),    # far too slow
           lambda: 1.0,                  # stable but not fast enough
           lambda: -1.0,                 # not a learning rate
           lambda: "1.8",                # a string
           (lambda: 2.05, "diverging"),  # grows, but stays finite for 100 steps
           (lambda: 1.99, "smaller")],   # steep direction still zigzagging
    "q6": [(lambda: (1.0, 0.0), "Add momentum"),
           (lambda: (1.0, 0.95), "swings back"),
           (lambda: (4.0, 0.7), "ran off"),
           (lambda: (0.5, 0.5), "too slowly"),
           (lambda: (2.0, 0.9), "Too much momentum"),
           (lambda: 2.5, "pair"),
           (lambda: (2.5, 1.0), "not including")],
    "q7": [(lambda: "a", "flat direction"), (lambda: "c", "circles"), lambda: "d", lambda: "momentum!", lambda: 2],
    "q8": [(lambda: _eb_no_shuffle, "stored order"), (lambda: _eb_replacement, "more than one place"),
           (lambda: _eb_drop_last, "leaves out the last 2 samples"), (lambda: _eb_array_split, "[4, 3, 3]"),
           (lambda: _eb_global, "global generator"), (lambda: _eb_off_by_one, "[3, 3, 2]"),
           (lambda: _eb_one_array, "return a list"), (lambda: _eb_fresh_seed, "different seeds")],
}

test_right, test_wrong, test_covered = question_tests(module, RIGHT, WRONG)


def test_wrong_messages_name_the_problem():
    assert "diverged" in module.q5.check(2.5).message
    assert "too slow" in module.q5.check(0.1).message
    assert "in place" in module.q3.check(_mom_in_place).message
    grows = module.q5.check(2.05).message
    assert "grew" in grows and "larger" not in grows


def test_the_race_settles_the_prediction():
    result = module.race_result()
    assert result["gd"] is None and result["momentum"] < result["adam"]
    assert module.q7._check.correct_choices == ["b"]


def test_the_experiment_starts_are_unseen_and_plain_descent_cannot_pass():
    starts = module._momentum_starts()
    assert starts.shape == (5, 2) and np.allclose(np.linalg.norm(starts, axis=1), 2.5)
    for lr in (0.5, 1.0, 1.5, 1.9):
        assert not module.q6.check((lr, 0.0))
