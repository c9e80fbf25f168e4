"""The two players of a GAN and the objectives they are trained with.

- :class:`Generator` maps noise to a sample and :class:`Discriminator` maps a
  sample to one logit; both are small MLPs (:func:`latentedu.nets.mlp`).
- :func:`discriminator_loss` and :func:`generator_loss` are the three classic
  objectives: "minimax" and "non_saturating" (Goodfellow et al., 2014,
  "Generative Adversarial Nets") and "least_squares" (Mao et al., 2017,
  "Least Squares Generative Adversarial Networks").
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .._validation import check_choice, check_int
from ..nets import LAYER_ACTIVATIONS, mlp

__all__ = ["ACTIVATIONS", "LOSSES", "Discriminator", "Generator", "discriminator_loss", "generator_loss"]

LOSSES = ("minimax", "non_saturating", "least_squares")
ACTIVATIONS = {name: LAYER_ACTIVATIONS[name] for name in ("relu", "leaky_relu", "tanh")}


def _hidden_sizes(hidden) -> list[int]:
    if isinstance(hidden, int):
        hidden = (hidden, hidden)
    if isinstance(hidden, (str, bytes)) or not hasattr(hidden, "__iter__"):
        raise TypeError(f"hidden must be layer widths such as (128, 128), got {type(hidden).__name__}.")
    hidden = [check_int(h, "each of hidden", low=1, high=4096) for h in hidden]
    if not hidden:
        raise ValueError("hidden needs at least one layer width, e.g. hidden=(128, 128).")
    return hidden


class Generator(nn.Module):
    """Noise in, a sample out: ``noise_dim -> hidden... -> data_dim``.

    ``output="sigmoid"`` squeezes the output into [0, 1] (pixels); ``None``
    leaves it unbounded (points in the plane).
    """

    def __init__(self, noise_dim: int = 2, data_dim: int = 2, hidden=(128, 128), activation: str = "relu",
                 output: str | None = None):
        super().__init__()
        check_choice(activation, "activation", ACTIVATIONS)
        check_choice(output, "output", (None, "sigmoid"))
        self.noise_dim = check_int(noise_dim, "noise_dim", low=1, high=4096)
        self.data_dim = check_int(data_dim, "data_dim", low=1, high=100_000)
        self.net = mlp([self.noise_dim, *_hidden_sizes(hidden), self.data_dim], activation)
        self.output = output

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = self.net(z)  # (batch, data_dim)
        return torch.sigmoid(x) if self.output == "sigmoid" else x


class Discriminator(nn.Module):
    """A sample in, one logit out (``sigmoid(logit)`` = the probability it thinks the sample is real).

    With ``pack=m`` (PacGAN, Lin et al., 2018) it judges ``m`` samples at once: ``forward``
    takes (n, data_dim) with n a multiple of m, lays each run of m consecutive rows side by
    side into one input of ``m * data_dim`` numbers and returns n / m logits. Seeing several
    samples together lets it notice when they are all alike, which is what mode collapse looks
    like. :meth:`verdict` scores single points (each one packed with copies of itself).
    """

    def __init__(self, data_dim: int = 2, hidden=(128, 128), activation: str = "leaky_relu", pack: int = 1):
        super().__init__()
        check_choice(activation, "activation", ACTIVATIONS)
        self.data_dim = check_int(data_dim, "data_dim", low=1, high=100_000)
        self.pack = check_int(pack, "pack", low=1, high=64)
        self.net = mlp([self.data_dim * self.pack, *_hidden_sizes(hidden), 1], activation)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.pack > 1:
            if x.shape[0] % self.pack:
                raise ValueError(f"A discriminator with pack={self.pack} judges groups of {self.pack} samples: "
                                 f"got {x.shape[0]} samples, not a multiple of {self.pack}.")
            x = x.reshape(x.shape[0] // self.pack, self.pack * x.shape[1])  # (n / pack, pack * data_dim)
        return self.net(x).squeeze(-1)  # (batch / pack,): logits

    def verdict(self, x: torch.Tensor) -> torch.Tensor:
        """One logit per point of ``x`` (n, data_dim); with packing, each point is packed with copies of itself."""
        return self(x.repeat_interleave(self.pack, 0)) if self.pack > 1 else self(x)


def _check_logits(logits, name: str) -> None:
    """Logits must be a non-empty float tensor of finite values (what the discriminator returns)."""
    if not isinstance(logits, torch.Tensor):
        raise TypeError(f"{name} must be a torch tensor of the discriminator's outputs, got {type(logits).__name__}; "
                        "use torch.as_tensor(...) (a loss needs the tensor to carry gradients).")
    if not logits.is_floating_point():
        raise TypeError(f"{name} must be a float tensor, got dtype {logits.dtype}; logits are real numbers "
                        "(use .float()).")
    if logits.numel() == 0:
        raise ValueError(f"{name} is empty: a loss over no samples is undefined.")
    if not torch.isfinite(logits).all():  # FloatingPointError, as the trainer's own divergence check raises
        raise FloatingPointError(f"{name} contains NaN or infinite values: the discriminator has diverged "
                                 "(try a smaller learning rate) or its input is bad.")


def discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor, loss: str = "non_saturating"
                       ) -> torch.Tensor:
    """The discriminator's loss on a batch of real and a batch of generated samples.

    "minimax" and "non_saturating" share it (Goodfellow et al., 2014): binary
    cross-entropy with real = 1 and fake = 0,
    ``-mean(log D(x)) - mean(log(1 - D(G(z))))`` with ``D = sigmoid(logit)``.
    "least_squares" (Mao et al., 2017) reads the raw output as a score and asks
    for 1 on real and 0 on fake: ``0.5 mean((s_real - 1)^2) + 0.5 mean(s_fake^2)``.
    """
    check_choice(loss, "loss", LOSSES)
    _check_logits(real_logits, "real_logits")
    _check_logits(fake_logits, "fake_logits")
    if loss == "least_squares":
        return 0.5 * ((real_logits - 1) ** 2).mean() + 0.5 * (fake_logits ** 2).mean()
    # log D(x) = -softplus(-logit) and log(1 - D(x)) = -softplus(logit), computed stably
    return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()


def generator_loss(fake_logits: torch.Tensor, loss: str = "non_saturating") -> torch.Tensor:
    """The generator's loss on a batch of its samples.

    - "minimax" (Goodfellow et al., 2014): minimise ``mean(log(1 - D(G(z))))``,
      the discriminator's loss with the sign flipped. Its gradient vanishes
      exactly when the generator is bad and D is sure (D(G(z)) near 0).
    - "non_saturating" (the same paper's fix): minimise ``-mean(log D(G(z)))``;
      strong gradients where the fakes are rejected.
    - "least_squares" (Mao et al., 2017): ``0.5 mean((s_fake - 1)^2)``.
    """
    check_choice(loss, "loss", LOSSES)
    _check_logits(fake_logits, "fake_logits")
    if loss == "least_squares":
        return 0.5 * ((fake_logits - 1) ** 2).mean()
    if loss == "minimax":
        return -F.softplus(fake_logits).mean()
    return F.softplus(-fake_logits).mean()
