"""The bottleneck sweep: one autoencoder per latent size, measured against PCA on held-out data."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import torch

from .._stacks import AutoencoderStack, check_settings, remember
from .._stacks import clear_caches as clear_sweep_cache
from .._validation import as_tensor, check_int, check_number
from ..training import _hooks, fit, reset_parameters, tensor_digest
from .model import Autoencoder, reconstruction_error
from .pca import PCA, pca_errors, pca_fit

__all__ = ["DEFAULT_SIZES", "Sweep", "bottleneck_sweep", "clear_sweep_cache"]

DEFAULT_SIZES = (1, 2, 3, 4, 6, 8, 12, 16, 24, 32)  # the latent sizes of the bottleneck sweep


def _check_sizes(sizes, n_features: int) -> tuple[int, ...]:
    return check_settings(sizes, "sizes", lambda k: check_int(k, "each of sizes", low=1, high=n_features), "[2, 8]")


@dataclass
class Sweep:
    """The bottleneck sweep: held-out errors of PCA and of an autoencoder at each latent size."""

    sizes: tuple[int, ...]
    pca_errors: np.ndarray  # (len(sizes),) held-out mean squared error with k components
    ae_errors: np.ndarray   # (len(sizes),) held-out mean squared error of the k-D autoencoder
    models: dict[int, Autoencoder]
    pca: PCA
    seconds: float          # training time of the autoencoders
    history: list[float] = field(default_factory=list)  # summed training loss per epoch

    def model(self, latent_dim: int) -> Autoencoder:
        """The trained autoencoder with this latent size."""
        if isinstance(latent_dim, bool) or latent_dim not in self.models:
            raise ValueError(f"latent_dim={latent_dim!r} is not a latent size of the sweep; "
                             f"choose one of {list(self.sizes)}.")
        return self.models[latent_dim]

    def errors_at(self, latent_dim: int) -> tuple[float, float]:
        """(PCA error, autoencoder error) at one latent size of the sweep."""
        self.model(latent_dim)
        j = self.sizes.index(latent_dim)
        return float(self.pca_errors[j]), float(self.ae_errors[j])


def bottleneck_sweep(x_train, x_test, sizes: Sequence[int] = DEFAULT_SIZES, *, epochs: int = 60,
                     lr: float = 3e-3, batch_size: int = 128, hidden: Sequence[int] = (128, 32),
                     random_state: int = 0, on_epoch_end=None, progress: bool | None = None) -> Sweep:
    """Train one autoencoder per latent size and measure it against PCA on held-out data.

    PCA is fitted on ``x_train``; each autoencoder (``n_features-hidden-k``,
    ReLU, sigmoid output) is trained on ``x_train`` as
    :func:`train_autoencoder` would (same start, same batches), all at once,
    stacked (``latentedu._stacks.AutoencoderStack``). Errors are mean squared
    errors on ``x_test``. The result is cached by data and settings
    (:func:`clear_sweep_cache` empties the cache), so a widget asking again (the
    bottleneck explorer in ``notebooks/03_autoencoders.ipynb``) gets it at once.
    """
    x_train = as_tensor(x_train, "x_train", ndim=2)
    x_test = as_tensor(x_test, "x_test", ndim=2, n_features=x_train.shape[1])
    for name, part in (("x_train", x_train), ("x_test", x_test)):
        if len(part) == 0:
            raise ValueError(f"{name} is empty: the sweep needs samples to train on and to measure.")
    sizes = _check_sizes(sizes, x_train.shape[1])
    key = ("bottleneck_sweep", tensor_digest(x_train, x_test), sizes, check_int(epochs, "epochs", low=1),
           check_number(lr, "lr", low=0.0, low_inclusive=False), check_int(batch_size, "batch_size", low=1),
           Autoencoder(x_train.shape[1], 1, hidden).hidden, check_int(random_state, "random_state", low=0),
           len(_hooks(on_epoch_end, "on_epoch_end")))

    def train() -> Sweep:
        members = [Autoencoder(x_train.shape[1], k, hidden, "relu", "sigmoid") for k in sizes]
        for m in members:  # the start each model gets from train_autoencoder(random_state=...)
            reset_parameters(m, random_state)
        stack = AutoencoderStack(members)

        def loss_fn(s: AutoencoderStack, x: torch.Tensor) -> torch.Tensor:
            return ((s(x) - x) ** 2).mean(dim=(1, 2)).sum()  # each member's own mean squared error, summed

        start = time.perf_counter()
        history = fit(stack, loss_fn, x_train, epochs=epochs, lr=lr, batch_size=batch_size,
                      random_state=random_state, on_epoch_end=on_epoch_end, progress=progress,
                      desc=f"{len(sizes)} autoencoders")
        seconds = time.perf_counter() - start
        models = {k: stack.member(k) for k in sizes}
        pca = pca_fit(x_train)
        return Sweep(sizes, pca_errors(pca, x_test, sizes),
                     np.array([reconstruction_error(models[k], x_test).mean().item() for k in sizes]),
                     models, pca, seconds, history)

    return remember(key, train)
