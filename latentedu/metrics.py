"""How far to trust generated digits: a sample-quality meter.

Every figure here looks at samples through a small classifier trained on the
real 8x8 digits (its last hidden layer gives the *features*, its softmax the
class probabilities), in the spirit of the Inception network behind FID and
IS, scaled down to digits:

- :func:`frechet_distance` / :func:`fid_like`: the Fréchet distance between
  Gaussians fitted to real and generated features (Heusel et al., 2017,
  "GANs Trained by a Two Time-Scale Update Rule Converge to a Local Nash
  Equilibrium"). Lower is better; it sees quality and diversity together.
- :func:`inception_score_like`: exp(E[KL(p(y|x) || p(y))]) (Salimans et al.,
  2016, "Improved Techniques for Training GANs"). Higher is better: confident
  *and* varied class predictions; at most the number of classes (10).
- :func:`precision_recall`: the share of samples that fall on the real data's
  manifold (precision, fidelity) and of real data covered by the samples'
  manifold (recall, diversity), with k-nearest-neighbour balls (Kynkäänniemi
  et al., 2019, "Improved Precision and Recall Metric for Assessing
  Generative Models").
- :func:`memorised_fraction`: the share of samples that sit closer to a
  training image than almost any genuinely new digit does: copies.

:func:`quality_report` gives all of them at once. Used by the GAN (06) and
VAE (07) notebooks.
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np
import torch
from torch import nn

from ._validation import as_array, check_int, check_number
from .dimensions import pairwise_distances
from .latent import nearest_distance

__all__ = [
    "class_probabilities",
    "digit_classifier",
    "features",
    "fid_like",
    "frechet_distance",
    "inception_score_like",
    "memorised_fraction",
    "precision_recall",
    "quality_report",
]


def _samples(x, name: str = "samples", n_min: int = 2) -> np.ndarray:
    x = as_array(x, name, ndim=2, n_features=64)
    if len(x) < n_min:
        raise ValueError(f"{name} needs at least {n_min} images to be measured, got {len(x)}.")
    return x


@lru_cache(maxsize=4)
def digit_classifier(random_state: int = 0) -> nn.Sequential:
    """The small classifier behind every figure: 64 -> 128 -> 64 -> 10, trained on the real
    training digits (about a second, once per process and seed). Its test accuracy is ~97%."""
    from .data import load_digits
    from .training import fit

    random_state = check_int(random_state, "random_state", low=0)
    digits = load_digits()
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(random_state)
        model = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
    with torch.enable_grad():  # callers may sit inside torch.no_grad()
        fit(model, lambda m, x, y: nn.functional.cross_entropy(m(x), y), digits.x_train, digits.y_train,
            epochs=30, lr=3e-3, batch_size=64, random_state=random_state, progress=False)
    model.eval()
    return model


@torch.no_grad()
def _classifier_layers(x, random_state: int, layers: slice) -> torch.Tensor:
    """The images ``x`` passed through ``layers`` of :func:`digit_classifier`."""
    x = torch.as_tensor(_samples(x, "x", 1), dtype=torch.float32)
    return digit_classifier(check_int(random_state, "random_state", low=0))[layers](x)


def features(x, random_state: int = 0) -> np.ndarray:
    """The classifier's last hidden layer for each image: shape (n, 64)."""
    return _classifier_layers(x, random_state, slice(0, 4)).double().numpy()


def class_probabilities(x, random_state: int = 0) -> np.ndarray:
    """The classifier's softmax for each image: shape (n, 10)."""
    return torch.softmax(_classifier_layers(x, random_state, slice(None)), dim=1).double().numpy()


def frechet_distance(mu1, cov1, mu2, cov2) -> float:
    """Fréchet distance between N(mu1, cov1) and N(mu2, cov2):
    ``|mu1 - mu2|^2 + trace(cov1 + cov2 - 2 (cov1 cov2)^(1/2))``."""
    from scipy import linalg

    mu1, mu2 = as_array(mu1, "mu1", ndim=1), as_array(mu2, "mu2", ndim=1)
    cov1, cov2 = as_array(cov1, "cov1", ndim=2), as_array(cov2, "cov2", ndim=2)
    d = len(mu1)
    if d == 0:
        raise ValueError("mu1 is empty: the means need at least one feature.")
    for name, value, shape in (("mu2", mu2, (d,)), ("cov1", cov1, (d, d)), ("cov2", cov2, (d, d))):
        if value.shape != shape:
            raise ValueError(f"{name} has shape {value.shape}, but mu1 has {d} features, so {name} must have "
                             f"shape {shape}: means and covariances must match.")
    # ReLU features leave some units always zero, so covariances are often singular: a tiny
    # ridge keeps the matrix square root well defined (FID implementations do the same).
    ridge = np.eye(d) * 1e-6
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", linalg.LinAlgWarning)
        root = np.real(linalg.sqrtm((cov1 + ridge) @ (cov2 + ridge)))
    return float(np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2 * np.trace(root))


def _gaussian(feats: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return feats.mean(axis=0), np.cov(feats, rowvar=False)


def fid_like(samples, reference, random_state: int = 0) -> float:
    """Fréchet distance between the classifier features of ``samples`` and of ``reference`` images."""
    a = features(_samples(samples, n_min=10), random_state)
    b = features(_samples(reference, "reference", n_min=10), random_state)
    return frechet_distance(*_gaussian(a), *_gaussian(b))


def inception_score_like(samples, random_state: int = 0) -> float:
    """exp of the mean KL divergence between each sample's class probabilities and their average."""
    p = class_probabilities(_samples(samples), random_state)
    marginal = p.mean(axis=0, keepdims=True)
    kl = np.sum(p * (np.log(p + 1e-12) - np.log(marginal + 1e-12)), axis=1)
    return float(np.exp(kl.mean()))


def _kth_neighbor_radius(points: np.ndarray, k: int) -> np.ndarray:
    from sklearn.neighbors import NearestNeighbors

    distances, _ = NearestNeighbors(n_neighbors=k + 1).fit(points).kneighbors(points)
    return distances[:, k]  # column 0 is the point itself


def _inside_any_ball(queries: np.ndarray, centers: np.ndarray, radii: np.ndarray) -> np.ndarray:
    return (pairwise_distances(queries, centers) <= radii[None, :]).any(axis=1)


def precision_recall(samples, reference, k: int = 3, random_state: int = 0) -> tuple[float, float]:
    """(precision, recall) of ``samples`` against ``reference`` in the classifier's feature space."""
    k = check_int(k, "k", low=1, high=50)
    a = features(_samples(samples, n_min=k + 1), random_state)
    b = features(_samples(reference, "reference", n_min=k + 1), random_state)
    precision = _inside_any_ball(a, b, _kth_neighbor_radius(b, k)).mean()
    recall = _inside_any_ball(b, a, _kth_neighbor_radius(a, k)).mean()
    return float(precision), float(recall)


def memorised_fraction(samples, train, held_out, quantile: float = 0.01) -> float:
    """The share of samples closer (in pixels) to their nearest training image than all but
    ``quantile`` of genuinely new digits (``held_out``) are to theirs. New digits score about
    ``quantile``; copies of training images score 1."""
    quantile = check_number(quantile, "quantile", low=0.0, high=0.5, low_inclusive=False)
    train = _samples(train, "train")
    threshold = np.quantile(nearest_distance(_samples(held_out, "held_out"), train), quantile)
    return float((nearest_distance(_samples(samples), train) <= threshold).mean())


def quality_report(samples, *, reference=None, random_state: int = 0) -> dict[str, float]:
    """All the figures for ``samples`` (n, 64) in [0, 1], against the bundled digits.

    "fid" and "precision"/"recall" compare with ``reference``, real digits never
    trained on (the held-out test digits by default); "inception_score" needs no
    reference; "memorised" compares with the training digits, with its threshold
    taken from how close the ``reference`` digits sit to them.
    """
    from .data import load_digits

    samples = _samples(samples, n_min=10)
    digits = load_digits()
    reference = digits.x_test if reference is None else _samples(reference, "reference", n_min=10)
    precision, recall = precision_recall(samples, reference, random_state=random_state)
    return {
        "fid": fid_like(samples, reference, random_state),
        "inception_score": inception_score_like(samples, random_state),
        "precision": precision,
        "recall": recall,
        "memorised": memorised_fraction(samples, digits.x_train, reference),
    }
