"""The variational autoencoder itself: encode, reparameterize, decode, and its loss.

A reference implementation in the shape of pytorch/examples' ``vae/``
(Kingma & Welling, 2014, "Auto-Encoding Variational Bayes"): the encoder gives
a Gaussian ``N(mean, exp(log_var))`` per input, a code is drawn from it with
the reparameterisation trick, the decoder rebuilds the input from the code,
and the loss is the reconstruction error plus beta times the KL divergence
from the prior ``N(0, I)`` (beta as in Higgins et al., 2017).
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

import torch
from torch import nn

from .._validation import as_tensor, check_int, check_number
from ..nets import mlp
from ..training import fit, reset_parameters, seeded_generator

__all__ = ["VAE", "VAELoss", "evaluate", "kl_divergence", "reconstruction_loss", "train_vae", "vae_loss"]


class VAE(nn.Module):
    """A fully connected VAE: ``n_features -> hidden -> (mean, log_var) | z -> reversed(hidden) -> n_features``.

    The default 64-64-32-2 shape (ReLU, sigmoid output) is chapter 03's
    :class:`~latentedu.autoencoders.Autoencoder` with hidden layers of 64 and
    32 (half the first layer, to train faster on a CPU); the plain autoencoder
    of ``notebooks/07_vaes.ipynb`` (:func:`~latentedu.vae.plain_autoencoder`)
    has the same shape, so the two compare directly: the only differences are
    the second head that outputs a log-variance, the sampled code, and the KL
    term of the loss.
    """

    def __init__(self, n_features: int = 64, latent_dim: int = 2, hidden: Sequence[int] = (64, 32)):
        super().__init__()
        self.n_features = check_int(n_features, "n_features", low=1)
        self.latent_dim = check_int(latent_dim, "latent_dim", low=1, high=self.n_features)
        if isinstance(hidden, (str, bytes)) or not hasattr(hidden, "__len__") or len(hidden) == 0:
            raise ValueError(f"hidden must be a non-empty list of layer sizes, e.g. (128, 32), got {hidden!r}.")
        self.hidden = tuple(check_int(h, "hidden size", low=1) for h in hidden)
        self.body = mlp([self.n_features, *self.hidden], last_activation=True)
        self.to_mean = nn.Linear(self.hidden[-1], self.latent_dim)
        self.to_log_var = nn.Linear(self.hidden[-1], self.latent_dim)
        self.decoder = mlp([self.latent_dim, *reversed(self.hidden), self.n_features], last=nn.Sigmoid())

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The Gaussian each input is encoded as: its mean and its log-variance."""
        h = self.body(x)                                   # (batch, hidden[-1])
        return self.to_mean(h), self.to_log_var(h)         # (batch, latent_dim) each

    @staticmethod
    def reparameterize(mean: torch.Tensor, log_var: torch.Tensor,
                       generator: torch.Generator | None = None) -> torch.Tensor:
        """A draw from ``N(mean, exp(log_var))`` written as ``mean + std * eps`` with ``eps ~ N(0, I)``.

        The randomness sits in ``eps``, which does not depend on the weights,
        so gradients flow through ``mean`` and ``std`` (the reparameterisation
        trick of Kingma & Welling, 2014).
        """
        eps = torch.randn(mean.shape, generator=generator)  # (batch, latent_dim)
        return mean + torch.exp(0.5 * log_var) * eps       # (batch, latent_dim)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return self.decoder(z)  # (batch, n_features), pixels in (0, 1)

    def forward(self, x: torch.Tensor, generator: torch.Generator | None = None):
        """``(x_hat, mean, log_var)``: the decoded sample, and the Gaussian it was drawn from."""
        mean, log_var = self.encode(x)
        z = self.reparameterize(mean, log_var, generator)  # (batch, latent_dim)
        return self.decode(z), mean, log_var


def _check_pixels(x, name: str, n_features: int | None = None) -> torch.Tensor:
    """``x`` as a float tensor (batch, n_features) of pixel values in [0, 1], at least one row
    (binary cross-entropy is only defined there, and a mean over no rows is NaN)."""
    x = as_tensor(x, name, ndim=2, n_features=n_features)
    if len(x) == 0:
        raise ValueError(f"{name} is empty: give at least one sample.")
    if x.min() < 0 or x.max() > 1:
        raise ValueError(f"{name} must hold pixel values in [0, 1] (the VAE's loss is a binary cross-entropy), "
                         f"got values from {x.min().item():g} to {x.max().item():g}. Scale your data first.")
    return x


def _check_vae(model) -> VAE:
    """``model`` if it is a :class:`VAE`, else a ``TypeError`` that says how to build one."""
    if not isinstance(model, VAE):
        raise TypeError(f"model must be a VAE, got {type(model).__name__}. Build one with VAE(64, latent_dim=2).")
    return model


# --------------------------------------------------------------------------- the loss

def kl_divergence(mean, log_var) -> torch.Tensor:
    """KL( N(mean, diag(exp(log_var))) || N(0, I) ) for each row: shape (batch,).

    In closed form, summed over the latent dimensions:
    ``0.5 * sum(exp(log_var) + mean**2 - 1 - log_var)`` (Kingma & Welling,
    2014, appendix B). It is zero only when mean = 0 and log_var = 0.
    """
    mean = as_tensor(mean, "mean", ndim=2) if not isinstance(mean, torch.Tensor) else mean
    log_var = as_tensor(log_var, "log_var", ndim=2) if not isinstance(log_var, torch.Tensor) else log_var
    for name, t in (("mean", mean), ("log_var", log_var)):
        if not t.is_floating_point():
            raise TypeError(f"{name} must be a float tensor, got dtype {t.dtype}.")
        if not torch.isfinite(t).all():
            raise ValueError(f"{name} contains NaN or infinite values: the encoder has diverged or its input is bad.")
    if mean.ndim != 2 or mean.shape != log_var.shape:
        raise ValueError(f"mean and log_var must both have shape (batch, latent_dim), got "
                         f"{tuple(mean.shape)} and {tuple(log_var.shape)}; pass what model.encode(x) returns.")
    return 0.5 * (torch.exp(log_var) + mean**2 - 1.0 - log_var).sum(dim=1)


def reconstruction_loss(x_hat: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """Binary cross-entropy summed over pixels, for each row: shape (batch,).

    This is the negative log-likelihood of ``x`` under independent Bernoulli
    pixels with means ``x_hat``, the decoder Kingma & Welling (2014) used for
    MNIST. The digits' pixels are grey levels in [0, 1] rather than 0 or 1, so
    it is not an exact likelihood, but it is smallest when ``x_hat == x``.
    """
    x_hat = x_hat if isinstance(x_hat, torch.Tensor) and x_hat.is_floating_point() else _check_pixels(x_hat, "x_hat")
    x = x if isinstance(x, torch.Tensor) and x.is_floating_point() else _check_pixels(x, "x")
    for name, t in (("x", x), ("x_hat", x_hat)):
        if t.numel() and not (torch.isfinite(t).all() and t.min() >= 0 and t.max() <= 1):
            raise ValueError(f"{name} must hold values in [0, 1] (a binary cross-entropy), got values from "
                             f"{t.min().item():g} to {t.max().item():g}.")
    if x_hat.shape != x.shape or x.ndim != 2:
        raise ValueError(f"x_hat and x must have the same shape (batch, n_features), got "
                         f"{tuple(x_hat.shape)} and {tuple(x.shape)}.")
    return nn.functional.binary_cross_entropy(x_hat, x, reduction="none").sum(dim=1)


class VAELoss(NamedTuple):
    """The loss of a batch and its two parts (means over the batch, in nats per digit)."""

    total: torch.Tensor           # reconstruction + beta * kl: what training minimises
    reconstruction: torch.Tensor  # how badly the sampled code rebuilds the input
    kl: torch.Tensor              # how far the encoder's Gaussians stray from the prior N(0, I)


def vae_loss(model: VAE, x, beta: float = 1.0, *, generator: torch.Generator | None = None) -> VAELoss:
    """The VAE's loss on a batch, with its reconstruction and KL parts returned separately.

    With ``beta = 1`` the total is the negative evidence lower bound (ELBO) of
    Kingma & Welling (2014), estimated with one sampled code per input.
    ``beta`` weighs the KL term as in the beta-VAE of Higgins et al. (2017):
    larger values pull the codes harder toward the prior, at the cost of
    reconstruction; ``beta = 0`` leaves a noisy autoencoder whose codes are
    free to go anywhere.
    """
    model = _check_vae(model)
    beta = check_number(beta, "beta", low=0.0)
    if not isinstance(x, torch.Tensor) or not x.is_floating_point() or x.ndim != 2 or len(x) == 0:
        x = _check_pixels(x, "x", model.n_features)
    if x.ndim != 2 or x.shape[1] != model.n_features:
        raise ValueError(f"x must have shape (batch, {model.n_features}), got {tuple(x.shape)}.")
    x_hat, mean, log_var = model(x, generator)
    reconstruction = reconstruction_loss(x_hat, x).mean()
    kl = kl_divergence(mean, log_var).mean()
    return VAELoss(reconstruction + beta * kl, reconstruction, kl)


def train_vae(model: VAE, x_train, *, beta: float = 1.0, epochs: int = 60, lr: float = 3e-3,
              batch_size: int = 128, random_state: int = 0, on_epoch_end=None,
              progress: bool | None = None) -> list[float]:
    """Train ``model`` on ``x_train`` by minimising :func:`vae_loss` with Adam. Returns the loss per epoch.

    The starting weights and the sampled codes are drawn from ``random_state``,
    and the batches come from :func:`latentedu.training.fit`.
    """
    model = _check_vae(model)
    x_train = _check_pixels(x_train, "x_train", model.n_features)
    beta = check_number(beta, "beta", low=0.0)
    generator = seeded_generator(random_state)
    reset_parameters(model, random_state)
    return fit(model, lambda m, x: vae_loss(m, x, beta, generator=generator).total, x_train, epochs=epochs,
               lr=lr, batch_size=batch_size, random_state=random_state, on_epoch_end=on_epoch_end,
               progress=progress, desc=f"VAE, beta={beta:g}")


@torch.no_grad()
def evaluate(model: VAE, x) -> dict[str, float]:
    """How a trained VAE does on ``x``, without sampling (each code is the encoder's mean).

    ``"mse"``: mean squared error per pixel of the decoded means (comparable
    with chapter 03's ``reconstruction_error``); ``"reconstruction"``: binary
    cross-entropy per digit (nats); ``"kl"``: KL divergence per digit (nats);
    ``"active_dims"``: latent dimensions whose means vary across ``x`` (variance
    above 0.01): a dimension the KL term has shut off carries no information.
    """
    model = _check_vae(model)
    x = _check_pixels(x, "x", model.n_features)
    model.eval()
    mean, log_var = model.encode(x)
    x_hat = model.decode(mean)
    return {
        "mse": ((x_hat - x) ** 2).mean().item(),
        "reconstruction": reconstruction_loss(x_hat, x).mean().item(),
        "kl": kl_divergence(mean, log_var).mean().item(),
        "active_dims": int((mean.var(dim=0) > 0.01).sum()),
    }
