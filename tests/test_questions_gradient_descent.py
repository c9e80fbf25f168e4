"""Chapter 02's questions accept right answers and reject typical mistakes."""

import numpy as np

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


RIGHT = {
    "q1": lambda: _mse_right,
    "q2": lambda: np.array([0.6, -0.4]),
    "q3": lambda: _mom_right,
    "q4": lambda: _bp_right,
    "q5": lambda: 1.8,
}

WRONG = {
    "q1": [lambda: _mse_no_two, lambda: _mse_sign, lambda: _mse_sum],
    "q2": [lambda: np.array([-0.6, 0.4]),   # stepped uphill
           lambda: np.array([6.0, -4.0]),   # forgot the learning rate
           lambda: np.array([0.6, -0.2])],  # derivative of 2 (w1 + 1)**2 taken as 2 (w1 + 1)
    "q3": [lambda: _mom_old_velocity, lambda: _mom_dampened, lambda: _mom_in_place],
    "q4": [lambda: _bp_no_tanh_derivative, lambda: _bp_sum_not_mean, lambda: _bp_preactivation],
    "q5": [lambda: 2.5,    # diverges
           lambda: 0.1,    # far too slow
           lambda: 1.0,    # stable but not fast enough
           lambda: -1.0,   # not a learning rate
           lambda: "1.8"],  # a string
}

test_right, test_wrong, test_covered = question_tests(module, RIGHT, WRONG)


def test_wrong_messages_name_the_problem():
    assert "diverged" in module.q5.check(2.5).message
    assert "too slow" in module.q5.check(0.1).message
    assert "in place" in module.q3.check(_mom_in_place).message
