"""Autoencoders: an encoder squeezes the input into a small code, a decoder rebuilds it.

The model, its training (plain or denoising), its codes and reconstructions,
and the properties nobody labelled that its latent dimensions pick up.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import torch
from torch import nn

from .._validation import as_array, as_tensor, check_int, check_number, check_pair
from ..nets import LAYER_ACTIVATIONS, mlp
from ..training import fit, reset_parameters, seeded_generator

__all__ = ["Autoencoder", "add_noise", "decode", "encode", "latent_ranges", "linear_autoencoder",
           "reconstruction_error", "train_autoencoder", "traverse"]


class Autoencoder(nn.Module):
    """A fully connected autoencoder: ``n_features -> hidden... -> latent_dim -> ...hidden -> n_features``.

    The default 64-128-32-k shape with ReLU and a sigmoid output suits the 8x8
    digits in [0, 1]. ``activation="identity"`` with ``hidden=()`` and
    ``output="identity"`` gives a linear autoencoder, which learns the same
    subspace as PCA (see :func:`linear_autoencoder`).
    """

    def __init__(self, n_features: int = 64, latent_dim: int = 2, hidden: Sequence[int] = (128, 32),
                 activation: str = "relu", output: str = "sigmoid"):
        super().__init__()
        self.n_features = check_int(n_features, "n_features", low=1)
        self.latent_dim = check_int(latent_dim, "latent_dim", low=1, high=self.n_features)
        if activation not in LAYER_ACTIVATIONS:
            raise ValueError(f"activation must be one of {', '.join(LAYER_ACTIVATIONS)}; got {activation!r}.")
        if output not in ("sigmoid", "identity"):
            raise ValueError(f"output must be 'sigmoid' (data in [0, 1]) or 'identity'; got {output!r}.")
        if isinstance(hidden, (str, bytes)) or not hasattr(hidden, "__iter__"):
            raise TypeError(f"hidden must be a sequence of layer sizes such as (128, 32), or (), got {hidden!r}.")
        self.hidden = tuple(check_int(h, "each of hidden", low=1) for h in hidden)
        self.activation = activation
        self.output = output
        self.encoder = mlp([self.n_features, *self.hidden, self.latent_dim], activation)
        self.decoder = mlp([self.latent_dim, *reversed(self.hidden), self.n_features], activation,
                           last=nn.Sigmoid() if output == "sigmoid" else None)

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return self.encoder(x)  # (batch, latent_dim)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return self.decoder(z)  # (batch, n_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decode(self.encode(x))  # (batch, n_features)


def add_noise(x, std: float, random_state: int = 0) -> torch.Tensor:
    """``x`` plus Gaussian noise of standard deviation ``std``, clipped to [0, 1] (a corrupted input)."""
    x = as_tensor(x, "x")
    std = check_number(std, "std", low=0.0)
    generator = seeded_generator(random_state)
    return (x + std * torch.randn(x.shape, generator=generator)).clamp(0.0, 1.0)


def train_autoencoder(model: Autoencoder, x_train, *, epochs: int = 60, lr: float = 3e-3,
                      batch_size: int = 128, noise: float = 0.0, random_state: int = 0,
                      on_epoch_end=None, progress: bool | None = None) -> list[float]:
    """Train ``model`` to rebuild ``x_train`` (mean squared error, Adam). Returns the loss per epoch.

    The loss is the mean over pixels and samples of ``(decode(encode(x)) - x)**2``
    (Rumelhart, Hinton & Williams 1986; Hinton & Salakhutdinov 2006). The
    starting weights are drawn from ``random_state``. With ``noise > 0`` it
    becomes a denoising autoencoder (Vincent et al. 2008): each batch is
    corrupted with Gaussian noise of that standard deviation (clipped to
    [0, 1]) and the model must rebuild the clean batch.
    """
    if not isinstance(model, Autoencoder):
        raise TypeError(f"model must be an Autoencoder, got {type(model).__name__}.")
    x_train = as_tensor(x_train, "x_train", ndim=2, n_features=model.n_features)
    if len(x_train) == 0:
        raise ValueError("x_train is empty: there is nothing to train on.")
    noise = check_number(noise, "noise", low=0.0)
    generator = seeded_generator(random_state)

    def loss_fn(m: Autoencoder, x: torch.Tensor) -> torch.Tensor:
        x_in = x
        if noise > 0:
            x_in = (x + noise * torch.randn(x.shape, generator=generator)).clamp(0.0, 1.0)
        return ((m(x_in) - x) ** 2).mean()

    reset_parameters(model, random_state)
    return fit(model, loss_fn, x_train, epochs=epochs, lr=lr, batch_size=batch_size,
               random_state=random_state, on_epoch_end=on_epoch_end, progress=progress,
               desc="autoencoder")


def _check_model(model) -> Autoencoder:
    if not isinstance(model, Autoencoder):
        raise TypeError(f"model must be an Autoencoder, got {type(model).__name__}.")
    return model


def _inputs(model: Autoencoder, x) -> torch.Tensor:
    """``x`` checked against the model, which is switched to evaluation mode."""
    x = as_tensor(x, "x", ndim=2, n_features=_check_model(model).n_features)
    model.eval()
    return x


@torch.no_grad()
def reconstruction_error(model: Autoencoder, x) -> torch.Tensor:
    """Mean squared error of each sample's reconstruction: shape (n_samples,)."""
    x = _inputs(model, x)
    return ((model(x) - x) ** 2).mean(dim=1)


@torch.no_grad()
def encode(model: Autoencoder, x) -> torch.Tensor:
    """The latent codes of ``x`` (n_samples, n_features): shape (n_samples, latent_dim)."""
    x = _inputs(model, x)
    return model.encode(x)


@torch.no_grad()
def decode(model: Autoencoder, z) -> torch.Tensor:
    """Decode latent codes ``z`` (n_codes, latent_dim), or one code (latent_dim,): (n_codes, n_features)."""
    model = _check_model(model)
    z = as_tensor(z, "z")
    if z.ndim == 1:
        z = z[None]
    if z.ndim != 2 or z.shape[1] != model.latent_dim:
        raise ValueError(f"z must hold codes of size {model.latent_dim} (this model's latent_dim), "
                         f"got shape {tuple(z.shape)}; encode(model, x) gives codes of the right size.")
    model.eval()
    return model.decode(z)


def linear_autoencoder(n_features: int = 64, latent_dim: int = 2) -> "Autoencoder":
    """An autoencoder with no hidden layer and no nonlinearity: ``x -> W_e x + b_e -> W_d z + b_d``.

    Trained on squared error it reaches PCA's subspace (Baldi & Hornik 1989),
    though its code axes can be any mix of the principal directions.
    """
    return Autoencoder(n_features, latent_dim, hidden=(), activation="identity", output="identity")


# --------------------------------------------------------------------------- properties nobody labelled
# Ink and slant are measured by ``latentedu.dimensions.ink`` and ``.slant`` (chapter 00's measures).

def latent_ranges(model: Autoencoder, x, quantiles: tuple[float, float] = (0.01, 0.99)) -> np.ndarray:
    """The range each latent dimension takes on ``x``: array (latent_dim, 2) of low and high quantiles."""
    lo, hi = check_pair(quantiles, "quantiles")
    lo = check_number(lo, "quantiles[0]", low=0.0, high=1.0)
    hi = check_number(hi, "quantiles[1]", low=lo, high=1.0)
    codes = encode(model, x).numpy()
    if len(codes) == 0:
        raise ValueError("x is empty: the range of the codes needs at least one sample.")
    return np.stack([np.quantile(codes, lo, axis=0), np.quantile(codes, hi, axis=0)], axis=1)


def traverse(model: Autoencoder, code, dim: int, values) -> torch.Tensor:
    """Decode ``code`` with latent dimension ``dim`` set to each of ``values``: (len(values), n_features)."""
    model = _check_model(model)
    dim = check_int(dim, "dim", low=0, high=model.latent_dim - 1)
    # as_array, not as_tensor: as_tensor's feature check misreads a 1-D tensor
    code = torch.from_numpy(as_array(code, "code", ndim=1, n_features=model.latent_dim, dtype=np.float32))
    values = torch.from_numpy(as_array(values, "values", ndim=1, dtype=np.float32))
    if len(values) == 0:
        raise ValueError("values is empty: give the values latent dimension dim should take, e.g. np.linspace(-2, 2, 8).")
    codes = code.repeat(len(values), 1)  # (n_values, latent_dim)
    codes[:, dim] = values
    return decode(model, codes)
