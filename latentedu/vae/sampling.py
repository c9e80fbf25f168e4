"""Codes, grids and samples of a 2-D latent space, for a VAE or a plain autoencoder alike.

Where does each digit's code go, which parts of the latent space hold no code
at all, and what does the decoder make of a point drawn from the prior
``N(0, I)``? The same questions for both kinds of model, so that
``notebooks/07_vaes.ipynb`` can hold them side by side.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from .._validation import as_array, as_tensor, check_int, check_number, check_pair
from ..autoencoders import Autoencoder
from ..latent import latent_path
from ..training import seeded_generator
from .model import VAE

__all__ = ["code_limits", "codes", "decode_codes", "decode_grid", "empty_cells", "interpolate", "latent_grid",
           "sample_fitted_gaussian", "sample_prior"]


def _check_model(model) -> nn.Module:
    if not isinstance(model, (VAE, Autoencoder)):
        raise TypeError(f"model must be a VAE or an Autoencoder, got {type(model).__name__}.")
    return model


@torch.no_grad()
def codes(model, x) -> np.ndarray:
    """The latent code of each row of ``x``: the encoder's mean for a VAE, the code for an Autoencoder."""
    model = _check_model(model)
    x = as_tensor(x, "x", ndim=2, n_features=model.n_features)
    model.eval()
    out = model.encode(x)
    return (out[0] if isinstance(model, VAE) else out).numpy()  # (n, latent_dim)


@torch.no_grad()
def decode_codes(model, z) -> np.ndarray:
    """Decode latent codes ``z`` (n, latent_dim) with a VAE or an Autoencoder: (n, n_features)."""
    model = _check_model(model)
    z = as_array(z, "z", ndim=2, n_features=model.latent_dim, dtype=np.float32)
    model.eval()
    return model.decode(torch.from_numpy(z)).numpy()


def _check_limits(limits) -> np.ndarray:
    """``limits`` as a (2, 2) array ((x_low, x_high), (y_low, y_high)), each low below its high."""
    box = as_array(limits, "limits", ndim=2, n_features=2)
    if box.shape != (2, 2) or (box[:, 1] <= box[:, 0]).any():
        raise ValueError(f"limits must be ((x_low, x_high), (y_low, y_high)) with each low below its high, "
                         f"got {box.tolist()}.")
    return box


def code_limits(model, x, quantiles: tuple[float, float] = (0.01, 0.99)) -> np.ndarray:
    """The box the codes of ``x`` fill in a 2-D latent space: ((x_low, x_high), (y_low, y_high)).

    Each side is the given low and high quantile of the codes along that axis.
    """
    z = codes(model, x)
    if z.shape[1] != 2:
        raise ValueError(f"code_limits is for a 2-D latent space; this model's codes have {z.shape[1]} "
                         "dimensions. Train a model with latent_dim=2.")
    if len(z) == 0:
        raise ValueError("x is empty: the box of the codes needs at least one sample.")
    lo, hi = check_pair(quantiles, "quantiles")
    lo = check_number(lo, "quantiles[0]", low=0.0, high=1.0)
    hi = check_number(hi, "quantiles[1]", low=lo, high=1.0, low_inclusive=False)
    return np.stack([np.quantile(z, lo, axis=0), np.quantile(z, hi, axis=0)], axis=1)


def latent_grid(limits, n: int = 15) -> np.ndarray:
    """An ``n`` x ``n`` grid of 2-D codes at the centers of the cells of the box ``limits``.

    Returned as (n * n, 2) in reading order: the top row (largest second
    coordinate) first, each row from left to right, so the decoded images
    tile straight into a picture (see :func:`~latentedu.vae.plot_manifold`).
    """
    box = _check_limits(limits)
    n = check_int(n, "n", low=1, high=100)
    centers = (np.arange(n) + 0.5) / n
    xs = box[0, 0] + centers * (box[0, 1] - box[0, 0])
    ys = box[1, 0] + centers[::-1] * (box[1, 1] - box[1, 0])
    gx, gy = np.meshgrid(xs, ys)
    return np.stack([gx.ravel(), gy.ravel()], axis=1)


def decode_grid(model, limits, n: int = 15) -> np.ndarray:
    """The decoded manifold: the images of an ``n`` x ``n`` :func:`latent_grid`, shape (n * n, n_features)."""
    model = _check_model(model)
    if model.latent_dim != 2:
        raise ValueError(f"The decoded grid needs a 2-D latent space; this model has latent_dim={model.latent_dim}.")
    return decode_codes(model, latent_grid(limits, n))


def empty_cells(z, limits, n: int = 15) -> float:
    """The share of the ``n`` x ``n`` cells of the box ``limits`` that no code in ``z`` (m, 2) falls in.

    A measure of holes: decoding such a cell asks the decoder about a place
    no training digit was ever encoded to.
    """
    z = as_array(z, "z", ndim=2, n_features=2)
    if len(z) == 0:
        raise ValueError("z is empty: give the codes whose holes to measure.")
    box = _check_limits(limits)
    n = check_int(n, "n", low=1, high=100)
    counts, _, _ = np.histogram2d(z[:, 0], z[:, 1], bins=n, range=box)
    return float((counts == 0).mean())


def sample_prior(model, n_samples: int = 500, *, random_state: int = 0) -> np.ndarray:
    """Draw ``n_samples`` codes from the prior N(0, I) and decode them: (n_samples, n_features).

    For a VAE this is how it generates. For a plain Autoencoder nothing tied
    its codes to N(0, I), so the same recipe shows what goes wrong.
    """
    model = _check_model(model)
    n_samples = check_int(n_samples, "n_samples", low=1, high=1_000_000)
    z = torch.randn(n_samples, model.latent_dim, generator=seeded_generator(random_state))  # (n, latent_dim)
    return decode_codes(model, z.numpy())


def sample_fitted_gaussian(model, x, n_samples: int = 500, *, random_state: int = 0) -> np.ndarray:
    """Fit a Gaussian (mean and full covariance) to the codes of ``x``, draw codes from it, decode them.

    The fair way to sample a plain autoencoder: the Gaussian sits where its
    codes are, even though the clusters and holes inside it are not modelled.
    """
    z = codes(model, x).astype(np.float64)
    n_samples = check_int(n_samples, "n_samples", low=1, high=1_000_000)
    mean, cov = z.mean(axis=0), np.atleast_2d(np.cov(z, rowvar=False))
    root = np.linalg.cholesky(cov + 1e-9 * np.eye(len(mean)))
    eps = torch.randn(n_samples, len(mean), generator=seeded_generator(random_state), dtype=torch.float64).numpy()
    return decode_codes(model, mean + eps @ root.T)


def interpolate(model, x_start, x_end, num_steps: int = 10) -> np.ndarray:
    """Decode ``num_steps`` evenly spaced codes on the straight line between the codes of two inputs.

    ``x_start`` and ``x_end`` are single inputs (n_features,). Returns
    (num_steps, n_features); the first and last images are the two
    reconstructions. The decoded frames of :func:`latentedu.latent.latent_path`.
    """
    model = _check_model(model)
    as_array(x_start, "x_start", ndim=1, n_features=model.n_features)
    as_array(x_end, "x_end", ndim=1, n_features=model.n_features)
    return latent_path(model, x_start, x_end, num_steps)[1]
