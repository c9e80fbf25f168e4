"""Chapter 03's questions: right answers written several ways pass, typical mistakes are caught."""

import warnings

import numpy as np
import torch
from torch import nn

from latentedu import autoencoders as ae
from latentedu.exercises import autoencoders
from latentedu.exercises.engine import ____
from questions_helper import question_tests

# --------------------------------------------------------------------------- q1-q3


def _codes_right(x, mean, components, k):
    return (x - mean) @ components[:k].T


def _codes_loop(x, mean, components, k):
    return np.array([[np.dot(row - mean, components[j]) for j in range(k)] for row in x])


def _rebuild_right(x, mean, components, k):
    top = components[:k]
    return mean + (x - mean) @ top.T @ top


def _rebuild_projector(x, mean, components, k):
    projector = components[:k].T @ components[:k]   # (d, d): projection onto the subspace
    return (x - mean) @ projector + mean


def _needed_right(s, share):
    shares = np.cumsum(s**2) / np.sum(s**2)
    return int(np.argmax(shares >= share)) + 1


def _needed_loop(s, share):
    total, running = sum(v * v for v in s), 0.0
    for k, v in enumerate(s, start=1):
        running += v * v
        if running >= share * total - 1e-12:
            return k
    return len(s)


# --------------------------------------------------------------------------- q5


def _round_trip_right(model, x):
    codes = model.encode(x)
    return codes, model.decode(codes)


# --------------------------------------------------------------------------- q7


def _centroid_loop(z_train, y_train, z_test, y_test):
    labels = sorted(set(y_train.tolist()))
    means = {c: z_train[y_train == c].mean(axis=0) for c in labels}
    right = 0
    for z, y in zip(z_test, y_test):
        best = min(labels, key=lambda c: (np.linalg.norm(z - means[c]), c))
        right += best == y
    return right / len(y_test)


def _centroid_torch(z_train, y_train, z_test, y_test):
    zt, yt = torch.as_tensor(z_train), torch.as_tensor(y_train)
    labels = torch.unique(yt)
    means = torch.stack([zt[yt == c].mean(dim=0) for c in labels])
    guess = labels[torch.cdist(torch.as_tensor(z_test), means).argmin(dim=1)]
    return (guess == torch.as_tensor(y_test)).double().mean()   # a 0-d tensor


def _centroid_range10(z_train, y_train, z_test, y_test):   # assumes labels 0..9 that all occur
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")   # the empty classes' means
        means = np.stack([z_train[y_train == c].mean(axis=0) for c in range(int(y_train.max()) + 1)])
    d = ((z_test[:, None] - means[None]) ** 2).sum(-1)
    return float((d.argmin(1) == y_test).mean())


def _centroid_largest_wins(z_train, y_train, z_test, y_test):   # the tie goes the wrong way
    labels = np.unique(y_train)[::-1]
    means = np.stack([z_train[y_train == c].mean(axis=0) for c in labels])
    d = ((z_test[:, None] - means[None]) ** 2).sum(-1)
    return float((labels[d.argmin(1)] == y_test).mean())


def _one_nearest_neighbour(z_train, y_train, z_test, y_test):   # nearest point, not nearest mean
    d = ((z_test[:, None] - z_train[None]) ** 2).sum(-1)
    return float((y_train[d.argmin(1)] == y_test).mean())


def _centroid_count(z_train, y_train, z_test, y_test):   # how many, not what share
    labels = np.unique(y_train)
    means = np.stack([z_train[y_train == c].mean(axis=0) for c in labels])
    d = ((z_test[:, None] - means[None]) ** 2).sum(-1)
    return int((labels[d.argmin(1)] == y_test).sum())


# --------------------------------------------------------------------------- q8


def _train_library(x_train):
    model = ae.Autoencoder(64, latent_dim=2)
    ae.train_autoencoder(model, x_train, epochs=30, lr=3e-3, progress=False)
    return model


class _Handmade(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 2))
        self.decoder = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.Sigmoid())

    def encode(self, x):
        return self.encoder(x)

    def decode(self, z):
        return self.decoder(z)


def _train_handmade(x_train):   # a learner's own module and loop
    g = torch.Generator().manual_seed(0)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(0)
        model = _Handmade()
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(30):
        for idx in torch.randperm(len(x_train), generator=g).split(128):
            batch = x_train[idx]
            loss = ((model.decode(model.encode(batch)) - batch) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model


def _train_linear(x_train):   # no nonlinearity: at best PCA
    model = ae.Autoencoder(64, 2, hidden=(), activation="identity", output="identity")
    ae.train_autoencoder(model, x_train, epochs=15, lr=1e-2, progress=False)
    return model


def _train_three(x_train):   # a 3-number bottleneck
    model = ae.Autoencoder(64, latent_dim=3)
    ae.train_autoencoder(model, x_train, epochs=1, progress=False)
    return model


def _train_history(x_train):   # returns the loss history
    return ae.train_autoencoder(ae.Autoencoder(64, 2), x_train, epochs=1, progress=False)


class _NumpyCodes:   # a model whose encoder works in numpy
    def encode(self, x):
        return x.numpy()[:, :2]

    def decode(self, z):
        return torch.zeros(len(z), 64)


class _BrokenEncoder:
    def encode(self, x):
        raise RuntimeError("mat1 and mat2 shapes cannot be multiplied")

    def decode(self, z):
        return z


def _train_too_long(x_train):
    import time
    while True:
        time.sleep(0.5)


# --------------------------------------------------------------------------- q10


def _few_permutation(labels, n, seed):
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.permutation(np.flatnonzero(labels == c))[:n] for c in np.unique(labels)])


def _few_list(labels, n, seed):   # a list, classes in another order, Python's own generator seeded locally
    import random

    rng = random.Random(seed)
    return [i for c in sorted(set(labels.tolist()), reverse=True)
            for i in rng.sample([j for j, y in enumerate(labels.tolist()) if y == c], n)]


def _few_shuffle_once(labels, n, seed):   # shuffle every position once, keep the first n met of each class
    order = np.random.default_rng(seed).permutation(len(labels))
    taken, seen = [], {}
    for i in order:
        c = labels[i]
        if seen.get(c, 0) < n:
            taken.append(i)
            seen[c] = seen.get(c, 0) + 1
    return np.array(taken)


def _few_first(labels, n, seed):   # no randomness: the first n of each class
    return np.concatenate([np.flatnonzero(labels == c)[:n] for c in np.unique(labels)])


def _few_unseeded(labels, n, seed):   # a fresh generator with no seed: not reproducible
    rng = np.random.default_rng()
    return np.concatenate([rng.choice(np.flatnonzero(labels == c), n, replace=False) for c in np.unique(labels)])


def _few_global(labels, n, seed):   # numpy's global generator, reseeded
    np.random.seed(seed)
    return np.concatenate([np.random.choice(np.flatnonzero(labels == c), n, replace=False) for c in np.unique(labels)])


def _few_with_repeats(labels, n, seed):   # replace=True: the same image can come twice
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.choice(np.flatnonzero(labels == c), n) for c in np.unique(labels)])


def _few_total(labels, n, seed):   # n images in all, not per class
    return np.random.default_rng(seed).choice(len(labels), n, replace=False)


def _few_range10(labels, n, seed):   # assumes the classes are 0..9
    rng = np.random.default_rng(seed)
    return np.concatenate([rng.permutation(np.flatnonzero(labels == c))[:n] for c in range(10)])


def _few_labels_back(labels, n, seed):   # the labels of the drawn images, not their positions
    return labels[_few_permutation(labels, n, seed)]


def _few_mask(labels, n, seed):   # a True/False mask instead of positions
    mask = np.zeros(len(labels), dtype=bool)
    mask[_few_permutation(labels, n, seed)] = True
    return mask


RIGHT = {
    "q1": [lambda: _codes_right, lambda: _codes_loop,
           lambda: (lambda x, mean, components, k: np.einsum("nd,kd->nk", x - mean, components[:k]))],
    "q2": [lambda: _rebuild_right, lambda: _rebuild_projector,
           lambda: (lambda x, mean, components, k: ((x - mean) @ components[:k].T) @ components[:k] + mean)],
    "q3": [lambda: _needed_right, lambda: _needed_loop,
           lambda: (lambda s, share: int(np.searchsorted(np.cumsum(s**2) / np.sum(s**2), share - 1e-12) + 1))],
    "q4": [lambda: (lambda x, x_hat: ((x - x_hat) ** 2).mean()),
           lambda: (lambda x, x_hat: torch.nn.functional.mse_loss(x_hat, x)),
           lambda: (lambda x, x_hat: torch.square(x_hat - x).sum() / x.numel())],
    "q5": [lambda: _round_trip_right,
           lambda: (lambda model, x: (model.encode(x), model.decode(model.encode(x)))),
           lambda: (lambda model, x: (model.encoder(x), model.decoder(model.encoder(x))))],
    "q6": [lambda: (lambda sizes, errors, budget: min(s for s, e in zip(sizes, errors) if e <= budget)),
           lambda: (lambda sizes, errors, budget: next(s for s, e in sorted(zip(sizes, errors)) if e <= budget)),
           lambda: (lambda sizes, errors, budget: int(np.min(np.asarray(sizes)[np.asarray(errors) <= budget])))],
    "q7": [lambda: autoencoders._centroid_accuracy, lambda: _centroid_loop, lambda: _centroid_torch],
    "q8": [lambda: _train_library, lambda: _train_handmade],
    "q9": [lambda: "b", lambda: "(B)", lambda: " b. "],
    "q10": [lambda: autoencoders._draw_few, lambda: _few_permutation, lambda: _few_list, lambda: _few_shuffle_once],
}

WRONG = {
    "q1": [
        lambda: (lambda x, mean, components, k: x @ components[:k].T),                 # not centred
        lambda: (lambda x, mean, components, k: (x - mean) @ components[:, :k]),      # columns, not rows
        lambda: (lambda x, mean, components, k: (x - mean) @ components.T),           # all directions
        lambda: (lambda x, mean, components, k: (x - mean) @ components[:k].T @ components[:k]),  # rebuilt
        lambda: (lambda x, mean, components, k: components[:k] @ (x - mean).T),      # (k, n)
    ],
    "q2": [
        lambda: (lambda x, mean, components, k: (x - mean) @ components[:k].T @ components[:k]),  # no mean back
        lambda: (lambda x, mean, components, k: mean + x @ components[:k].T @ components[:k]),   # not centred
        lambda: (lambda x, mean, components, k: mean + (x - mean) @ components.T @ components),  # all k
        lambda: (lambda x, mean, components, k: (x - mean) @ components[:k].T),                 # the codes
        lambda: (lambda x, mean, components, k: mean + (x - mean) @ components[:k].T @ components[:k] * 0.5),
    ],
    "q3": [
        lambda: (lambda s, share: int(np.argmax(np.cumsum(s) / np.sum(s) >= share)) + 1),        # s, not s**2
        lambda: (lambda s, share: int(np.argmax(np.cumsum(s**2) / np.sum(s**2) >= share))),     # an index
        lambda: (lambda s, share: int(np.argmax(np.cumsum(s**2) / np.sum(s**2) > share)) + 1),  # strict
        lambda: (lambda s, share: float(np.argmax(np.cumsum(s**2) / np.sum(s**2) >= share)) + 1.5),  # not whole
        lambda: (lambda s, share: int(np.sum(np.cumsum(s**2) / np.sum(s**2) < share))),         # one short
        (lambda: (lambda s, share: float(_needed_right(s, share))), "a float"),                   # not an int
    ],
    "q4": [
        lambda: (lambda x, x_hat: ((x - x_hat) ** 2).sum()),               # sum, not mean
        lambda: (lambda x, x_hat: (x - x_hat).abs().mean()),               # absolute error
        lambda: (lambda x, x_hat: ((x - x_hat) ** 2).mean().sqrt()),       # root mean square
        lambda: (lambda x, x_hat: ((x - x_hat) ** 2).mean().item()),       # a float: no backward
        lambda: (lambda x, x_hat: ((x - x_hat) ** 2).mean(dim=1)),         # one number per sample
        (lambda: (lambda x, x_hat: torch.tensor(((x - x_hat) ** 2).mean().item())), "cut off"),  # rebuilt
        (lambda: (lambda x, x_hat: ((x.detach() - x_hat.detach()) ** 2).mean()), "cut off"),      # detached
    ],
    "q5": [
        lambda: (lambda model, x: (model.encode(x), model.decode(x))),     # decoding the images
        lambda: (lambda model, x: (model.encode(x), model.encode(x))),
        lambda: (lambda model, x: (model(x), model.encode(x))),            # swapped
        lambda: (lambda model, x: model.decode(model.encode(x))),          # only the reconstructions
        (lambda: (lambda model, x: (model.encode(x).numpy() if False else model.encode(x).detach().numpy(),
                                    model(x))), "torch"),                  # codes as numpy
    ],
    "q6": [
        lambda: (lambda sizes, errors, budget: sizes[int(np.argmin(errors))]),              # lowest error
        lambda: (lambda sizes, errors, budget: next(s for s, e in zip(sizes, errors) if e <= budget)),  # first listed
        lambda: (lambda sizes, errors, budget: min(s for s, e in zip(sizes, errors) if e < budget)),    # strict
        lambda: (lambda sizes, errors, budget: min(i for i, e in enumerate(errors) if e <= budget)),    # index
        lambda: (lambda sizes, errors, budget: max(s for s, e in zip(sizes, errors) if e <= budget)),   # largest
    ],
    "q7": [
        lambda: _centroid_range10,                   # labels assumed to be 0..9
        (lambda: _centroid_largest_wins, "between two class means"),   # the tie rule broken
        lambda: _one_nearest_neighbour,              # nearest point, not nearest mean
        lambda: _centroid_count,                     # a count, not a share
        lambda: (lambda zt, yt, zs, ys: autoencoders._centroid_accuracy(zs, ys, zs, ys)),  # means of the test codes
    ],
    "q8": [
        (lambda: _train_linear, "underfitting"),
        (lambda: _train_three, "2 numbers per image"),
        (lambda: _train_history, "loss history"),
        (lambda: (lambda x_train: ae.Autoencoder(64, 2)), "average digit"),   # never trained
        (lambda: (lambda x_train: _train_library(x_train[:, :32])), "raised"),   # a shape mistake
        (lambda: (lambda x_train: _NumpyCodes()), "torch tensor of codes"),
        (lambda: (lambda x_train: _BrokenEncoder()), "Your model's `encode` raised"),
    ],
    "q9": [(lambda: "a", "one linear map"), lambda: "c", (lambda: "d", "very digits"), lambda: "linear",
           lambda: 2],
    "q10": [
        (lambda: _few_first, "not a random draw"),
        (lambda: _few_unseeded, "reproducible"),
        (lambda: _few_global, "global"),
        (lambda: _few_with_repeats, "same image twice"),
        (lambda: _few_total, "exactly n=2"),
        (lambda: _few_range10, "0 of class 12"),
        (lambda: _few_labels_back, "not the labels"),
        (lambda: _few_mask, "mask"),
    ],
}

_RETURNS_A_MODEL = "q8's answer returns a trained model, not a list or an array (and each probe retrains it)"
test_right, test_wrong, test_covered = question_tests(autoencoders, RIGHT, WRONG, exempt={
    "q8": {probe: _RETURNS_A_MODEL for probe in ("as set", "as tensor", "as numpy", "reversed", "other library")}})


def test_the_tie_case_separates_the_tie_rules():
    args = (autoencoders._Z_TIE_TRAIN, autoencoders._Y_TIE_TRAIN, autoencoders._Z_TIE_TEST, autoencoders._Y_TIE_TEST)
    assert autoencoders._centroid_accuracy(*args) != _centroid_largest_wins(*args)


def test_the_experiment_uses_another_split():
    from latentedu.data import load_digits

    check_split = load_digits(random_state=autoencoders._AE_SPLIT_SEED)
    assert not torch.equal(check_split.x_test, load_digits().x_test)


def _train_with_blank(x_train):   # the untouched starter: ____ is a global, as in a notebook
    model = ae.Autoencoder(64, latent_dim=____)
    return model


def test_compare_with_pca_tolerates_a_blank():
    assert repr(autoencoders.compare_with_pca(_train_with_blank)) == "____"


def test_slow_training_is_stopped_with_advice(monkeypatch):
    monkeypatch.setattr(autoencoders, "_AE_TIME_LIMIT", 1.0)
    result = autoencoders.q8.check(_train_too_long)
    assert result.outcome.value == "incorrect" and "fewer epochs" in result.message


def test_q10_cases_tell_the_mistakes_apart():
    labels = autoencoders._FEW_LABELS
    assert sorted(np.unique(labels).tolist()) == [0, 3, 12] and np.bincount(labels).tolist()[12] == 4  # 12: not 0..9
    chosen = autoencoders._draw_few(labels, 4, 11)
    assert np.array_equal(np.sort(chosen[labels[chosen] == 12]), np.flatnonzero(labels == 12))  # all of class 12
    assert np.bincount(labels[chosen], minlength=13)[[0, 3, 12]].tolist() == [4, 4, 4]
    # with replacement, the n=4 draw of the 4 images of class 12 repeats one of them for the checked seed
    assert len(set(_few_with_repeats(labels, 4, 11).tolist())) < 12
