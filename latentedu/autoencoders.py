"""Autoencoders: an encoder squeezes the input into a small latent code, a decoder
rebuilds the input from it, and training makes the rebuilt input match.

Used by the chapters on autoencoders (03), latent maps (04), anomaly detection
(05) and VAEs (07).
"""

from __future__ import annotations

from typing import Sequence

import torch
from torch import nn

from ._validation import as_tensor, check_int, check_number
from .training import fit

__all__ = ["Autoencoder", "reconstruction_error", "train_autoencoder"]

_ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "leaky_relu": lambda: nn.LeakyReLU(0.2), "identity": nn.Identity}


def _mlp(sizes: Sequence[int], activation: str, last: nn.Module | None) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(n_in, n_out))
        if i < len(sizes) - 2:
            layers.append(_ACTIVATIONS[activation]())
    if last is not None:
        layers.append(last)
    return nn.Sequential(*layers)


class Autoencoder(nn.Module):
    """A fully connected autoencoder: ``n_features -> hidden... -> latent_dim -> ...hidden -> n_features``.

    The default 64-128-32-k shape with ReLU and a sigmoid output suits the 8x8
    digits in [0, 1]. ``activation="identity"`` with ``hidden=()`` and
    ``output="identity"`` gives a linear autoencoder, which learns the same
    subspace as PCA.
    """

    def __init__(self, n_features: int = 64, latent_dim: int = 2, hidden: Sequence[int] = (128, 32),
                 activation: str = "relu", output: str = "sigmoid"):
        super().__init__()
        self.n_features = check_int(n_features, "n_features", low=1)
        self.latent_dim = check_int(latent_dim, "latent_dim", low=1, high=self.n_features)
        if activation not in _ACTIVATIONS:
            raise ValueError(f"activation must be one of {', '.join(_ACTIVATIONS)}; got {activation!r}.")
        if output not in ("sigmoid", "identity"):
            raise ValueError(f"output must be 'sigmoid' (data in [0, 1]) or 'identity'; got {output!r}.")
        hidden = [check_int(h, "hidden size", low=1) for h in hidden]
        self.encoder = _mlp([self.n_features, *hidden, self.latent_dim], activation, None)
        self.decoder = _mlp([self.latent_dim, *reversed(hidden), self.n_features], activation,
                            nn.Sigmoid() if output == "sigmoid" else None)

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return self.encoder(x)  # (batch, latent_dim)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return self.decoder(z)  # (batch, n_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decode(self.encode(x))  # (batch, n_features)


def train_autoencoder(model: Autoencoder, x_train, *, epochs: int = 60, lr: float = 3e-3,
                      batch_size: int = 128, noise: float = 0.0, random_state: int = 0,
                      on_epoch_end=None, progress: bool | None = None) -> list[float]:
    """Train ``model`` to rebuild ``x_train`` (mean squared error, Adam). Returns the loss per epoch.

    With ``noise > 0`` it becomes a denoising autoencoder: each batch is
    corrupted with Gaussian noise of that standard deviation (clipped to
    [0, 1]) and the model must rebuild the clean batch.
    """
    if not isinstance(model, Autoencoder):
        raise TypeError(f"model must be an Autoencoder, got {type(model).__name__}.")
    x_train = as_tensor(x_train, "x_train", ndim=2, n_features=model.n_features)
    noise = check_number(noise, "noise", low=0.0)
    generator = torch.Generator().manual_seed(random_state)

    def loss_fn(m: Autoencoder, x: torch.Tensor) -> torch.Tensor:
        x_in = x
        if noise > 0:
            x_in = (x + noise * torch.randn(x.shape, generator=generator)).clamp(0.0, 1.0)
        return ((m(x_in) - x) ** 2).mean()

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(random_state)
        for layer in model.modules():  # a seeded start, whatever the global seed
            if isinstance(layer, nn.Linear):
                layer.reset_parameters()
    return fit(model, loss_fn, x_train, epochs=epochs, lr=lr, batch_size=batch_size,
               random_state=random_state, on_epoch_end=on_epoch_end, progress=progress,
               desc="autoencoder")


@torch.no_grad()
def reconstruction_error(model: Autoencoder, x) -> torch.Tensor:
    """Mean squared error of each sample's reconstruction: shape (n_samples,)."""
    x = as_tensor(x, "x", ndim=2, n_features=model.n_features)
    model.eval()
    return ((model(x) - x) ** 2).mean(dim=1)
