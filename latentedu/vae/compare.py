"""Does the VAE's regular latent space pay? The VAE against a plain autoencoder of the same shape.

Two questions, each answered with the quality meter of :mod:`latentedu.metrics`
(chapter 06), for a VAE and a plain :class:`~latentedu.autoencoders.Autoencoder`
with the same layers, latent size and training budget:

1. **Sampling.** Decode codes drawn from N(0, I): the VAE's own recipe. The
   autoencoder gets the same recipe, and the fairer one of a Gaussian fitted
   to its training codes (:func:`~latentedu.vae.sample_fitted_gaussian`).
2. **Interpolation.** Take pairs of held-out digits of *different* classes
   (:func:`different_class_pairs`), go halfway along the straight line between
   their codes, and decode (:func:`interpolation_midpoints`): does the middle
   of the path still look like a digit?

:func:`judge` scores a set of images: the quality report plus the digit
classifier's mean confidence (its largest class probability, averaged over
the images). :func:`compare_with_autoencoder` runs both questions on one
trained pair, and :func:`train_pair` trains (and caches) such a pair. Used by
``notebooks/07_vaes.ipynb`` (section 8) and ``benchmarks/seed_claims/07_vaes.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .._stacks import remember
from .._validation import as_array, as_labels, as_tensor, check_int, check_number, check_same_length
from ..autoencoders import Autoencoder
from ..training import tensor_digest
from .model import VAE, _check_pixels, train_vae
from .sampling import _check_model, codes, decode_codes, sample_fitted_gaussian, sample_prior
from .sweep import plain_autoencoder

__all__ = ["Comparison", "compare_with_autoencoder", "different_class_pairs", "digit_confidence",
           "interpolation_midpoints", "judge", "train_pair"]


def different_class_pairs(labels, n_pairs: int = 1000, *, random_state: int = 0) -> np.ndarray:
    """``n_pairs`` random pairs of indices ``(i, j)`` whose labels differ: shape (n_pairs, 2), int64.

    Drawn with replacement from all such pairs (a pair may come twice), from
    ``np.random.default_rng(random_state)``, so the same labels and seed give
    the same pairs.
    """
    labels = as_labels(labels, "labels")
    n_pairs = check_int(n_pairs, "n_pairs", low=1, high=1_000_000)
    if len(np.unique(labels)) < 2:
        raise ValueError("labels must hold at least two different classes to pair digits of different classes, "
                         f"got only {np.unique(labels).tolist()}.")
    rng = np.random.default_rng(check_int(random_state, "random_state", low=0))
    pairs = np.empty((0, 2), dtype=np.int64)
    while len(pairs) < n_pairs:
        draw = rng.integers(0, len(labels), size=(2 * n_pairs, 2))
        pairs = np.concatenate([pairs, draw[labels[draw[:, 0]] != labels[draw[:, 1]]]])
    return pairs[:n_pairs]


def interpolation_midpoints(model, x, pairs, t: float = 0.5) -> np.ndarray:
    """Decode the point at fraction ``t`` of the straight line between the codes of each pair of rows of ``x``.

    ``pairs`` is an (m, 2) array of row indices (:func:`different_class_pairs`);
    the code of each row is the encoder's mean for a VAE. Returns (m, n_features):
    ``decode((1 - t) * code[i] + t * code[j])`` for each pair ``(i, j)``; ``t = 0.5``
    is the midpoint, ``t = 0`` the reconstruction of ``x[i]``.
    """
    model = _check_model(model)
    x = as_tensor(x, "x", ndim=2, n_features=model.n_features)
    pairs = as_array(pairs, "pairs", ndim=2, dtype=np.int64)
    if pairs.shape[1] != 2 or len(pairs) == 0:
        raise ValueError(f"pairs must be an (m, 2) array of row indices with m >= 1, got shape {pairs.shape}.")
    if pairs.min() < 0 or pairs.max() >= len(x):
        raise ValueError(f"pairs holds indices from {pairs.min()} to {pairs.max()}, but x has {len(x)} rows.")
    t = check_number(t, "t", low=0.0, high=1.0)
    z = codes(model, x).astype(np.float64)                       # (n, latent_dim)
    mixed = (1.0 - t) * z[pairs[:, 0]] + t * z[pairs[:, 1]]      # (m, latent_dim)
    return decode_codes(model, mixed)


def digit_confidence(images, random_state: int = 0) -> float:
    """The digit classifier's mean confidence: its largest class probability, averaged over ``images``.

    Near 1 when every image is clearly one digit; lower for blends and shapes
    that are no digit (the least it can be is 0.1, for ten equal probabilities).
    """
    from ..metrics import class_probabilities

    images = as_array(images, "images", ndim=2)
    return float(class_probabilities(images, random_state).max(axis=1).mean())


def judge(images, *, reference=None, random_state: int = 0) -> dict[str, float]:
    """:func:`latentedu.metrics.quality_report` of ``images`` plus ``"confidence"`` (:func:`digit_confidence`)."""
    from ..metrics import quality_report

    images = as_array(images, "images", ndim=2)
    report = quality_report(images, reference=reference, random_state=random_state)
    report["confidence"] = digit_confidence(images, random_state)
    return report


@dataclass
class Comparison:
    """What :func:`compare_with_autoencoder` measured.

    ``samples`` and ``reports``: for "VAE, N(0, I)", "autoencoder, N(0, I)" and
    "autoencoder, fitted Gaussian", the decoded samples and their :func:`judge`
    scores. ``midpoints`` and ``midpoint_reports``: for "VAE" and "autoencoder",
    the decoded midpoints of the ``pairs`` and their scores.
    """

    samples: dict[str, np.ndarray]
    reports: dict[str, dict[str, float]]
    pairs: np.ndarray
    midpoints: dict[str, np.ndarray]
    midpoint_reports: dict[str, dict[str, float]]


def compare_with_autoencoder(vae_model, autoencoder, x_train, x_test, y_test, *, n_samples: int = 500,
                             n_pairs: int = 1000, random_state: int = 0) -> Comparison:
    """Sampling and interpolation, the VAE against the autoencoder, scored by :func:`judge` against ``x_test``.

    ``n_samples`` codes from N(0, I) for each model and from a Gaussian fitted
    to the autoencoder's codes of ``x_train``; the midpoints of ``n_pairs``
    pairs of held-out digits of different classes (:func:`different_class_pairs`
    of ``y_test``). Every draw comes from ``random_state``.
    """
    if not isinstance(vae_model, VAE):
        raise TypeError(f"vae_model must be a VAE, got {type(vae_model).__name__}.")
    if not isinstance(autoencoder, Autoencoder):
        raise TypeError(f"autoencoder must be an Autoencoder, got {type(autoencoder).__name__}.")
    x_train = _check_pixels(x_train, "x_train", vae_model.n_features)
    x_test = _check_pixels(x_test, "x_test", vae_model.n_features)
    y_test = as_labels(y_test, "y_test")
    check_same_length(x_test=x_test, y_test=y_test)
    samples = {
        "VAE, N(0, I)": sample_prior(vae_model, n_samples, random_state=random_state),
        "autoencoder, N(0, I)": sample_prior(autoencoder, n_samples, random_state=random_state),
        "autoencoder, fitted Gaussian": sample_fitted_gaussian(autoencoder, x_train, n_samples,
                                                               random_state=random_state),
    }
    pairs = different_class_pairs(y_test, n_pairs, random_state=random_state)
    midpoints = {name: interpolation_midpoints(model, x_test, pairs)
                 for name, model in (("VAE", vae_model), ("autoencoder", autoencoder))}
    return Comparison(samples, {name: judge(images, reference=x_test) for name, images in samples.items()}, pairs,
                      midpoints, {name: judge(images, reference=x_test) for name, images in midpoints.items()})


def train_pair(x_train, *, latent_dim: int = 12, beta: float = 0.5, epochs: int = 100,
               hidden: Sequence[int] = (64, 32), random_state: int = 0) -> tuple[VAE, Autoencoder]:
    """A VAE and a plain autoencoder of the same shape, trained on ``x_train`` with the same budget.

    Both are ``n_features -> hidden -> latent_dim`` and back (ReLU, sigmoid
    output), trained for ``epochs`` epochs with Adam (learning rate 3e-3, batch
    128) from starting weights drawn from ``random_state``: the VAE on its loss
    with weight ``beta`` on the KL term (:func:`~latentedu.vae.train_vae`), the
    autoencoder on squared error (:func:`~latentedu.vae.plain_autoencoder`).
    Cached by data and settings. Returns ``(vae, autoencoder)``.
    """
    x_train = _check_pixels(x_train, "x_train")
    latent_dim = check_int(latent_dim, "latent_dim", low=1, high=x_train.shape[1])
    beta = check_number(beta, "beta", low=0.0)
    epochs = check_int(epochs, "epochs", low=1)
    random_state = check_int(random_state, "random_state", low=0)
    shape = VAE(x_train.shape[1], latent_dim, hidden).hidden
    key = ("train_pair", tensor_digest(x_train), latent_dim, beta, epochs, shape, random_state)

    def train() -> VAE:
        model = VAE(x_train.shape[1], latent_dim, shape)
        train_vae(model, x_train, beta=beta, epochs=epochs, random_state=random_state, progress=False)
        return model

    return remember(key, train), plain_autoencoder(x_train, latent_dim=latent_dim, hidden=shape, epochs=epochs,
                                                   random_state=random_state)
