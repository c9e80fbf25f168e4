"""Chapter 03's questions: the reference answers pass, typical mistakes are caught."""

import numpy as np

from latentedu.exercises import autoencoders
from questions_helper import question_tests


def _codes_right(x, mean, components, k):
    return (x - mean) @ components[:k].T


def _rebuild_right(x, mean, components, k):
    top = components[:k]
    return mean + (x - mean) @ top.T @ top


def _needed_right(s, share):
    shares = np.cumsum(s**2) / np.sum(s**2)
    return int(np.argmax(shares >= share)) + 1


def _round_trip_right(model, x):
    codes = model.encode(x)
    return codes, model.decode(codes)


RIGHT = {
    "q1": lambda: _codes_right,
    "q2": lambda: _rebuild_right,
    "q3": lambda: _needed_right,
    "q4": lambda: (lambda x, x_hat: ((x - x_hat) ** 2).mean()),
    "q5": lambda: _round_trip_right,
    "q6": lambda: (lambda sizes, errors, budget: min(s for s, e in zip(sizes, errors) if e <= budget)),
}

WRONG = {
    "q1": [
        lambda: (lambda x, mean, components, k: x @ components[:k].T),                 # not centred
        lambda: (lambda x, mean, components, k: (x - mean) @ components[:, :k]),      # columns, not rows
        lambda: (lambda x, mean, components, k: (x - mean) @ components.T),           # all directions
    ],
    "q2": [
        lambda: (lambda x, mean, components, k: (x - mean) @ components[:k].T @ components[:k]),  # no mean back
        lambda: (lambda x, mean, components, k: mean + x @ components[:k].T @ components[:k]),   # not centred
        lambda: (lambda x, mean, components, k: mean + (x - mean) @ components.T @ components),  # all k
    ],
    "q3": [
        lambda: (lambda s, share: int(np.argmax(np.cumsum(s) / np.sum(s) >= share)) + 1),        # s, not s**2
        lambda: (lambda s, share: int(np.argmax(np.cumsum(s**2) / np.sum(s**2) >= share))),     # an index
        lambda: (lambda s, share: int(np.argmax(np.cumsum(s**2) / np.sum(s**2) > share)) + 1),  # strict
    ],
    "q4": [
        lambda: (lambda x, x_hat: ((x - x_hat) ** 2).sum()),               # sum, not mean
        lambda: (lambda x, x_hat: (x - x_hat).abs().mean()),               # absolute error
        lambda: (lambda x, x_hat: ((x - x_hat) ** 2).mean().sqrt()),       # root mean square
        lambda: (lambda x, x_hat: ((x - x_hat) ** 2).mean().item()),       # a float: no backward
        lambda: (lambda x, x_hat: ((x - x_hat) ** 2).mean(dim=1)),         # one number per sample
    ],
    "q5": [
        lambda: (lambda model, x: (model.encode(x), model.decode(x))),     # decoding the images
        lambda: (lambda model, x: (model.encode(x), model.encode(x))),
        lambda: (lambda model, x: (model(x), model.encode(x))),            # swapped
    ],
    "q6": [
        lambda: (lambda sizes, errors, budget: sizes[int(np.argmin(errors))]),              # lowest error
        lambda: (lambda sizes, errors, budget: next(s for s, e in zip(sizes, errors) if e <= budget)),  # first listed
        lambda: (lambda sizes, errors, budget: min(s for s, e in zip(sizes, errors) if e < budget)),    # strict
        lambda: (lambda sizes, errors, budget: min(i for i, e in enumerate(errors) if e <= budget)),    # index
    ],
}

test_right, test_wrong, test_covered = question_tests(autoencoders, RIGHT, WRONG)
