"""Chapter 06's questions accept a right answer and reject typical mistakes."""

import numpy as np

from latentedu.exercises import gans as module
from questions_helper import question_tests


def _distances(a, b):
    return np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(-1))


RIGHT = {
    "q1": lambda: (lambda pr, pf: -np.mean(np.log(pr)) - np.mean(np.log(1 - pf))),
    "q2": lambda: (lambda pf: -np.mean(np.log(pf))),
    "q3": lambda: (lambda s, c, std: len(np.unique(_distances(s, c).argmin(1)[_distances(s, c).min(1) <= 3 * std]))),
    "q4": lambda: (lambda m1, v1, m2, v2: float(((m1 - m2) ** 2).sum() + ((np.sqrt(v1) - np.sqrt(v2)) ** 2).sum())),
    "q5": lambda: (lambda s, t, thr: float((_distances(s, t).min(1) <= thr).mean())),
}

WRONG = {
    "q1": [
        lambda: (lambda pr, pf: np.mean(np.log(pr)) + np.mean(np.log(1 - pf))),     # sign flipped
        lambda: (lambda pr, pf: -np.mean(np.log(pr)) - np.mean(np.log(pf))),         # log D(fake), not log(1 - D)
        lambda: (lambda pr, pf: -np.mean(np.log(pr))),                               # forgot the fakes
        lambda: (lambda pr, pf: -np.mean(np.log(np.concatenate([pr, 1 - pf])))),     # one pooled mean
    ],
    "q2": [
        lambda: (lambda pf: np.mean(np.log(1 - pf))),                                # the minimax (saturating) loss
        lambda: (lambda pf: np.mean(np.log(pf))),                                    # sign flipped
        lambda: (lambda pf: -np.sum(np.log(pf))),                                    # sum, not mean
    ],
    "q3": [
        lambda: (lambda s, c, std: len(np.unique(_distances(s, c).argmin(1)))),      # no quality threshold
        lambda: (lambda s, c, std: int((_distances(s, c) <= 3 * std).any(0).sum())),  # any centre, not the nearest
        lambda: (lambda s, c, std: len(np.unique(_distances(s, c).argmin(1)[_distances(s, c).min(1) <= std]))),  # 1 std
        lambda: (lambda s, c, std: int((_distances(s, c).min(1) <= 3 * std).sum())),  # counts samples, not modes
    ],
    "q4": [
        lambda: (lambda m1, v1, m2, v2: float(((m1 - m2) ** 2).sum() + (v1 + v2).sum())),        # no cross term
        lambda: (lambda m1, v1, m2, v2: float(((m1 - m2) ** 2).sum() + ((v1 - v2) ** 2).sum())),  # variances as std
        lambda: (lambda m1, v1, m2, v2: float(np.abs(m1 - m2).sum() + ((np.sqrt(v1) - np.sqrt(v2)) ** 2).sum())),
    ],
    "q5": [
        lambda: (lambda s, t, thr: float((_distances(s, t).mean(1) <= thr).mean())),   # mean, not nearest
        lambda: (lambda s, t, thr: float((_distances(s, t).min(1) > thr).mean())),     # the other side
        lambda: (lambda s, t, thr: int((_distances(s, t).min(1) <= thr).sum())),       # a count, not a share
    ],
}

test_right, test_wrong, test_covered = question_tests(module, RIGHT, WRONG)
