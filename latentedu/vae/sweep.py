"""The beta sweep: one VAE per weight of the KL term, and chapter 03's autoencoder to compare with.

Both are trained once per data and settings and kept in one cache
(:func:`clear_sweep_cache` empties it), so ``notebooks/07_vaes.ipynb`` and its
demos share the same models.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Sequence

import torch

from .._stacks import VAEStack, check_settings, remember
from .._stacks import clear_caches as clear_sweep_cache
from .._validation import as_tensor, check_int, check_number
from ..autoencoders import Autoencoder, train_autoencoder
from ..training import _hooks, fit, reset_parameters, seeded_generator, tensor_digest
from .model import VAE, _check_pixels, evaluate, kl_divergence, reconstruction_loss

__all__ = ["DEFAULT_BETAS", "BetaSweep", "beta_sweep", "clear_sweep_cache", "plain_autoencoder"]

DEFAULT_BETAS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0)  # the weights of the KL term in the beta sweep


def _check_betas(betas) -> tuple[float, ...]:
    return check_settings(betas, "betas", lambda b: check_number(b, "each of betas", low=0.0), "[0, 1, 4]")


@dataclass
class BetaSweep:
    """One trained 2-D VAE per beta, and how each does on held-out digits."""

    betas: tuple[float, ...]
    models: dict[float, VAE]
    scores: dict[float, dict[str, float]]  # beta -> evaluate(model, x_test)
    seconds: float                         # training time of the whole stack
    history: list[float] = field(default_factory=list)  # summed training loss per epoch

    def model(self, beta: float) -> VAE:
        """The VAE trained with this beta."""
        if beta not in self.models:
            raise ValueError(f"The sweep has no model with beta={beta!r}; choose one of {list(self.betas)}.")
        return self.models[beta]

    def score(self, beta: float, name: str) -> float:
        """One figure of :func:`~latentedu.vae.evaluate` ("mse", "reconstruction", "kl", "active_dims") for one beta."""
        self.model(beta)
        if name not in self.scores[beta]:
            raise ValueError(f"name must be one of {', '.join(map(repr, self.scores[beta]))}; got {name!r}.")
        return self.scores[beta][name]


def _stack_loss(stack: VAEStack, x: torch.Tensor, generator: torch.Generator | None = None) -> torch.Tensor:
    """The sum over the stack's members of each member's own :func:`~latentedu.vae.vae_loss` total."""
    x_hat, mean, log_var = stack(x, generator)  # (members, batch, n_features), (members, batch, latent_dim) x 2
    members, batch = x_hat.shape[:2]
    target = x.unsqueeze(0).expand_as(x_hat)
    reconstruction = reconstruction_loss(x_hat.reshape(members * batch, -1), target.reshape(members * batch, -1))
    kl = kl_divergence(mean.reshape(members * batch, -1), log_var.reshape(members * batch, -1))
    per_member = reconstruction.view(members, batch).mean(1) + stack.beta_values * kl.view(members, batch).mean(1)
    return per_member.sum()


def beta_sweep(x_train, x_test, betas: Sequence[float] = DEFAULT_BETAS, *, latent_dim: int = 2,
               epochs: int = 60, lr: float = 3e-3, batch_size: int = 128, hidden: Sequence[int] = (64, 32),
               random_state: int = 0, on_epoch_end=None, progress: bool | None = None) -> BetaSweep:
    """Train one VAE per beta (same start, same batches) and score each on held-out ``x_test``.

    All members train at once, stacked (``latentedu._stacks.VAEStack``), through
    :func:`latentedu.training.fit`. The result is cached by data and settings,
    so the beta explorer in ``notebooks/07_vaes.ipynb`` gets it at once.
    """
    x_train = _check_pixels(x_train, "x_train")
    x_test = _check_pixels(x_test, "x_test", x_train.shape[1])
    betas = _check_betas(betas)
    latent_dim = check_int(latent_dim, "latent_dim", low=1, high=x_train.shape[1])
    key = ("beta_sweep", tensor_digest(x_train, x_test), betas, latent_dim, check_int(epochs, "epochs", low=1),
           check_number(lr, "lr", low=0.0, low_inclusive=False), check_int(batch_size, "batch_size", low=1),
           VAE(x_train.shape[1], latent_dim, hidden).hidden, check_int(random_state, "random_state", low=0),
           len(_hooks(on_epoch_end, "on_epoch_end")))

    def train() -> BetaSweep:
        template = VAE(x_train.shape[1], latent_dim, hidden)
        reset_parameters(template, random_state)  # every member starts from the same weights: only beta differs
        stack = VAEStack(template, betas)
        generator = seeded_generator(random_state)
        start = time.perf_counter()
        history = fit(stack, lambda s, x: _stack_loss(s, x, generator), x_train, epochs=epochs, lr=lr,
                      batch_size=batch_size, random_state=random_state, on_epoch_end=on_epoch_end,
                      progress=progress, desc=f"{len(betas)} VAEs")
        seconds = time.perf_counter() - start
        models = {b: stack.member(b) for b in betas}
        return BetaSweep(betas, models, {b: evaluate(models[b], x_test) for b in betas}, seconds, history)

    return remember(key, train)


def plain_autoencoder(x_train, *, latent_dim: int = 2, hidden: Sequence[int] = (64, 32), epochs: int = 60,
                      random_state: int = 0) -> Autoencoder:
    """Chapter 03's autoencoder (64-64-32-k by default, ReLU, sigmoid output, squared error), trained on ``x_train``.

    Trained with :func:`latentedu.autoencoders.train_autoencoder` and cached by
    data and settings, so the lesson and its demos share one model: the plain
    autoencoder that ``notebooks/07_vaes.ipynb`` holds up against the VAE.
    """
    x_train = as_tensor(x_train, "x_train", ndim=2)
    if len(x_train) == 0:
        raise ValueError("x_train is empty: there is nothing to train on.")
    latent_dim = check_int(latent_dim, "latent_dim", low=1, high=x_train.shape[1])
    key = ("plain_autoencoder", tensor_digest(x_train), latent_dim, Autoencoder(x_train.shape[1], latent_dim, hidden).hidden,
           check_int(epochs, "epochs", low=1), check_int(random_state, "random_state", low=0))

    def train() -> Autoencoder:
        model = Autoencoder(x_train.shape[1], latent_dim, hidden)
        train_autoencoder(model, x_train, epochs=epochs, random_state=random_state)
        return model

    return remember(key, train)
