"""Chapter 00's questions: right answers written several ways pass, typical mistakes are caught."""

import math
import warnings

import numpy as np
import torch

from latentedu.exercises import latent_space
from questions_helper import question_tests

# --------------------------------------------------------------------------- q1


def _flatten_loop(images):
    rows = [images[i].reshape(-1) for i in range(len(images))]
    return torch.stack(rows) if isinstance(images, torch.Tensor) else np.stack(rows)


# --------------------------------------------------------------------------- q2


def _distances_right(x):
    return np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(-1))


def _distances_gram(x):  # the fast formula, clipped: also right
    sq = (x ** 2).sum(1)
    return np.sqrt(np.clip(sq[:, None] + sq[None, :] - 2 * x @ x.T, 0, None))


def _distances_loops(x):
    n = len(x)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            out[i, j] = math.sqrt(sum((a - b) ** 2 for a, b in zip(x[i], x[j])))
    return out


# --------------------------------------------------------------------------- q5


def _ink_torch(images, z):
    ink = torch.as_tensor(images).mean(dim=1)
    return torch.corrcoef(torch.stack([ink, torch.as_tensor(z)]))[0, 1]  # a 0-d tensor


def _ink_by_hand(images, z):
    ink = images.mean(axis=1)
    a, b = ink - ink.mean(), z - z.mean()
    return (a * b).sum() / np.sqrt((a ** 2).sum() * (b ** 2).sum())


# --------------------------------------------------------------------------- q7


def _between_share(x, y):
    means = np.stack([x[y == c].mean(axis=0) for c in range(10)])
    counts = np.bincount(y, minlength=10)[:, None]
    between = (counts * (means - x.mean(axis=0)) ** 2).sum(axis=0) / len(x)
    return between / np.maximum(x.var(axis=0), 1e-12)


def _keep_by_share(x, y):
    return np.flatnonzero(_between_share(x, y) > 0.05)


def _keep_f_classif_mask(x, y):  # sklearn's F score, as a boolean mask
    from sklearn.feature_selection import f_classif

    with np.errstate(divide="ignore", invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the constant (always blank) pixels
        f, _ = f_classif(x, y)
    return np.nan_to_num(f) > 20


def _keep_top_50_list(x, y):  # the 50 best columns, as a Python list
    return [int(i) for i in np.argsort(-_between_share(x, y))[:50]]


_SEEN = latent_space.decoy_data(0)
_SEEN_COLUMNS = _keep_by_share(_SEEN[0], _SEEN[1])


# --------------------------------------------------------------------------- q8


def _weights_loop(encode, n_features):
    blank = encode(np.zeros((1, n_features)))[0]
    rows = []
    for i in range(n_features):
        image = np.zeros((1, n_features))
        image[0, i] = 1.0
        rows.append(encode(image)[0] - blank)
    return np.array(rows)


def _weights_half_step(encode, n_features):  # any step size works for a linear map
    return (encode(0.5 * np.eye(n_features)) - encode(np.zeros((n_features, n_features)))) / 0.5


RIGHT = {
    "q1": [lambda: (lambda images: images.reshape(len(images), -1)),
           lambda: _flatten_loop,
           lambda: (lambda images: images.reshape(images.shape[0], images.shape[1] * images.shape[2]))],
    "q2": [lambda: _distances_gram, lambda: _distances_right, lambda: _distances_loops,
           lambda: (lambda x: np.linalg.norm(x[:, None] - x[None], axis=-1))],
    "q3": [lambda: (lambda d: math.pi ** (d / 2) / math.gamma(d / 2 + 1) / 2 ** d),
           lambda: (lambda d: (math.sqrt(math.pi) / 2) ** d / math.gamma(d / 2 + 1)),
           lambda: (lambda d: math.exp(d / 2 * math.log(math.pi) - math.lgamma(d / 2 + 1) - d * math.log(2)))],
    "q4": [lambda: (lambda q, p: (lambda dist: (dist.max() - dist.min()) / dist.min())(
               np.linalg.norm(p - q, axis=1))),
           lambda: (lambda q, p: (lambda dist: dist.max() / dist.min() - 1)(
               np.sqrt(((p - q) ** 2).sum(axis=1)))),
           lambda: (lambda q, p: (lambda dist: (max(dist) - min(dist)) / min(dist))(
               [math.dist(q, row) for row in p]))],
    "q5": [lambda: (lambda images, z: np.corrcoef(images.sum(axis=1), z)[0, 1]),  # sum or mean: same r
           lambda: _ink_torch, lambda: _ink_by_hand,
           lambda: (lambda images, z: np.corrcoef(z, images.mean(axis=1))[1, 0])],
    "q6": [lambda: "c", lambda: "(c)", lambda: "C", lambda: " c. "],
    "q7": [lambda: _keep_by_share, lambda: _keep_f_classif_mask, lambda: _keep_top_50_list],
    "q8": [lambda: (lambda encode, n: encode(np.eye(n)) - encode(np.zeros((1, n)))),
           lambda: _weights_loop, lambda: _weights_half_step],
}

WRONG = {
    "q1": [
        lambda: (lambda images: images.reshape(-1)),                        # one long vector
        lambda: (lambda images: images.reshape(len(images), 64)),           # only works for 8x8
        lambda: (lambda images: images.swapaxes(1, 2).reshape(len(images), -1)),  # column order
        lambda: (lambda images: np.asarray(images).reshape(len(images), -1)),    # numpy for torch input
        lambda: (lambda images: images.reshape(-1, len(images))),           # pixels as rows
        lambda: (lambda images: images.mean(axis=1)),                       # averaged, not flattened
    ],
    "q2": [
        lambda: (lambda x: ((x[:, None] - x[None]) ** 2).sum(-1)),          # squared distances
        lambda: (lambda x: np.abs(x[:, None] - x[None]).sum(-1)),           # Manhattan
        lambda: (lambda x: x[:, None] - x[None]),                           # differences, not distances
        lambda: (lambda x: np.sqrt(((x[:, None] - x[None]) ** 2).sum(0))),  # summed over the points
        lambda: (lambda x: np.sqrt(np.abs(x @ x.T))),                       # dot products
    ],
    "q3": [
        lambda: (lambda d: math.pi ** (d / 2) / math.gamma(d / 2 + 1)),             # ball only
        lambda: (lambda d: math.pi ** (d / 2) / math.gamma(d / 2) / 2 ** d),        # gamma(d/2)
        lambda: (lambda d: math.pi ** (d / 2) / math.gamma(d / 2 + 1) / d ** 2),    # wrong cube
        lambda: (lambda d: math.pi ** d / math.gamma(d + 1) / 2 ** d),              # d, not d/2
        lambda: (lambda d: math.pi / 4),                                            # the 2-D answer
    ],
    "q4": [
        lambda: (lambda q, p: (lambda dist: (dist.max() - dist.min()) / dist.min())(
            ((p - q) ** 2).sum(1))),                                                 # squared distances
        lambda: (lambda q, p: (lambda dist: (dist.max() - dist.min()) / dist.max())(
            np.linalg.norm(p - q, axis=1))),                                         # divides by the farthest
        lambda: (lambda q, p: (lambda dist: dist.max() / dist.min())(
            np.linalg.norm(p - q, axis=1))),                                         # plain ratio
        lambda: (lambda q, p: (lambda dist: dist.max() - dist.min())(
            np.linalg.norm(p - q, axis=1))),                                         # not relative
        lambda: (lambda q, p: (lambda dist: (dist.max() - dist.min()) / dist.min())(
            np.abs(p - q).sum(1))),                                                  # Manhattan
    ],
    "q5": [
        lambda: (lambda images, z: np.cov(images.mean(axis=1), z)[0, 1]),   # covariance
        lambda: (lambda images, z: np.corrcoef(images.mean(axis=1), z)),    # the whole matrix
        lambda: (lambda images, z: np.corrcoef(images.max(axis=1), z)[0, 1]),  # brightest pixel, not ink
        lambda: (lambda images, z: np.corrcoef(images.mean(axis=0), z)[0, 1]),  # mean over images
        lambda: (lambda images, z: torch.corrcoef(torch.stack([torch.as_tensor(images).mean(1),
                                                                torch.as_tensor(z)]))),  # torch, whole matrix
        lambda: (lambda images, z: np.corrcoef(images.mean(axis=1), z)[0, 0]),  # the diagonal: always 1
    ],
    "q6": [(lambda: "a", "2-D"), lambda: "b", (lambda: "d", "same"), lambda: 1, lambda: "close"],
    "q7": [
        lambda: (lambda x, y: np.arange(x.shape[1])),                        # everything
        lambda: (lambda x, y: np.arange(64)),                                # the first 64 positions
        lambda: (lambda x, y: np.argsort(-x.var(axis=0))[:64]),              # the most varying: decoys too
        lambda: (lambda x, y: _SEEN_COLUMNS),                                # hard-coded from decoy_data(0)
        lambda: (lambda x, y: np.flatnonzero(_between_share(x, y) < 0.05)),  # the decoys
        lambda: (lambda x, y: []),                                           # nothing
        lambda: (lambda x, y: np.argsort(_between_share(x, y))[:64]),       # sorted the wrong way round
        (lambda: (lambda x, y: 0.05 < _between_share(x, y)[0]), "it returned a numpy bool"),  # one column's test
    ],
    "q8": [
        lambda: (lambda encode, n: encode(np.eye(n))),                       # offset left in
        lambda: (lambda encode, n: (encode(np.eye(n)) - encode(np.zeros((1, n)))).T),  # (k, n)
        lambda: (lambda encode, n: encode(np.ones((n, n))) - encode(np.zeros((1, n)))),  # all pixels on
        lambda: (lambda encode, n: encode(np.eye(n))[:, :1] - encode(np.zeros((1, n)))[:, :1]),  # one axis
        lambda: (lambda encode, n: encode(np.eye(n)) - encode(np.ones((1, n)))),  # wrong baseline
    ],
}

test_right, test_wrong, test_covered = question_tests(latent_space, RIGHT, WRONG)


def test_torch_input_keeps_torch():
    result = latent_space.q1.check(lambda images: images.numpy().reshape(len(images), -1)
                                   if hasattr(images, "numpy") else images.reshape(len(images), -1))
    assert result.outcome.value == "incorrect" and "torch" in result.message


def test_a_torch_correlation_is_checked_not_crashed():
    assert latent_space.q5.check(_ink_torch)
    message = latent_space.q5.check(WRONG["q5"][4]()).message
    assert "one number" in message and "could not be checked" not in message


def test_prediction_messages_explain():
    right = latent_space.q6.check("c")
    assert "spread" in right.message
    assert "2-D" in latent_space.q6.check("a").message
    assert "same" in latent_space.q6.check("d").message


def test_decoy_messages_count_real_pixels_and_data_is_fresh():
    message = latent_space.q7.check(WRONG["q7"][3]()).message  # the columns that worked on the notebook's data
    assert "real pixels" in message and "had not seen" in message
    assert latent_space.knn_accuracy(_SEEN_COLUMNS, *_SEEN) >= latent_space.DECOY_TARGET
    x_train, _, _, _, real = latent_space._decoys(latent_space._DECOY_SEEDS[0])
    assert x_train.shape[1] == 512 and real.sum() == 64
    assert not np.array_equal(real, latent_space._decoys(0)[4])  # another column order than the notebook's


def test_axis_weights_find_one_pixel_per_feature_axis():
    encode = latent_space._pixel_encoder((19, 44))
    weights = latent_space._axis_weights(encode, 64)
    assert (weights != 0).sum(axis=0).tolist() == [1, 1] and weights[19, 0] == 1 and weights[44, 1] == 1
