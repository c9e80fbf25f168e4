"""Chapter 00's questions: the reference answers pass, typical mistakes are caught."""

import math

import numpy as np

from latentedu.exercises import latent_space
from questions_helper import question_tests


def _flatten_right(images):
    return images.reshape(len(images), -1)


def _distances_right(x):
    return np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(-1))


def _distances_gram(x):  # the fast formula, clipped: also right
    sq = (x ** 2).sum(1)
    return np.sqrt(np.clip(sq[:, None] + sq[None, :] - 2 * x @ x.T, 0, None))


RIGHT = {
    "q1": lambda: _flatten_right,
    "q2": lambda: _distances_gram,
    "q3": lambda: (lambda d: math.pi ** (d / 2) / math.gamma(d / 2 + 1) / 2 ** d),
    "q4": lambda: (lambda q, p: (lambda dist: (dist.max() - dist.min()) / dist.min())(
        np.linalg.norm(p - q, axis=1))),
    "q5": lambda: (lambda images, z: np.corrcoef(images.sum(axis=1), z)[0, 1]),  # sum or mean: same r
}

WRONG = {
    "q1": [
        lambda: (lambda images: images.reshape(-1)),                        # one long vector
        lambda: (lambda images: images.reshape(len(images), 64)),           # only works for 8x8
        lambda: (lambda images: images.swapaxes(1, 2).reshape(len(images), -1)),  # column order
        lambda: (lambda images: np.asarray(images).reshape(len(images), -1)),    # numpy for torch input
    ],
    "q2": [
        lambda: (lambda x: ((x[:, None] - x[None]) ** 2).sum(-1)),          # squared distances
        lambda: (lambda x: np.abs(x[:, None] - x[None]).sum(-1)),           # Manhattan
        lambda: (lambda x: x[:, None] - x[None]),                           # differences, not distances
    ],
    "q3": [
        lambda: (lambda d: math.pi ** (d / 2) / math.gamma(d / 2 + 1)),             # ball only
        lambda: (lambda d: math.pi ** (d / 2) / math.gamma(d / 2) / 2 ** d),        # gamma(d/2)
        lambda: (lambda d: math.pi ** (d / 2) / math.gamma(d / 2 + 1) / d ** 2),    # wrong cube
    ],
    "q4": [
        lambda: (lambda q, p: (lambda dist: (dist.max() - dist.min()) / dist.min())(
            ((p - q) ** 2).sum(1))),                                                 # squared distances
        lambda: (lambda q, p: (lambda dist: (dist.max() - dist.min()) / dist.max())(
            np.linalg.norm(p - q, axis=1))),                                         # divides by the farthest
        lambda: (lambda q, p: (lambda dist: dist.max() / dist.min())(
            np.linalg.norm(p - q, axis=1))),                                         # plain ratio
    ],
    "q5": [
        lambda: (lambda images, z: np.cov(images.mean(axis=1), z)[0, 1]),   # covariance
        lambda: (lambda images, z: np.corrcoef(images.mean(axis=1), z)),    # the whole matrix
        lambda: (lambda images, z: np.corrcoef(images.max(axis=1), z)[0, 1]),  # brightest pixel, not ink
        lambda: (lambda images, z: np.corrcoef(images.mean(axis=0), z)[0, 1]),  # mean over images
    ],
}

test_right, test_wrong, test_covered = question_tests(latent_space, RIGHT, WRONG)


def test_reference_distance_matrix_is_right_too():
    assert latent_space.q2.check(_distances_right).outcome.value == "correct"


def test_torch_input_keeps_torch():
    result = latent_space.q1.check(lambda images: images.numpy().reshape(len(images), -1)
                                   if hasattr(images, "numpy") else images.reshape(len(images), -1))
    assert result.outcome.value == "incorrect" and "torch" in result.message
