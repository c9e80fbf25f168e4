"""The GANs notebook 06 trains: on the plane's toy sets (the ring of 8 first) and on the digits.

- :func:`make_toy_data` and :func:`toy_centers` give the GAN lab's data sets and
  their mode centres; :func:`toy_gan` builds a :class:`~latentedu.gan.GAN` on one.
- :func:`train_ring_gan` is the ring-of-8 recipe (``benchmarks/gan_ring.py``
  measures it on several seeds); :func:`train_digit_gan` a small MLP GAN on the
  bundled digits, and :func:`interpolate_noise` walks between two of its noise vectors.
"""

from __future__ import annotations

import numpy as np
import torch

from .._validation import as_array, check_choice, check_int
from .trainer import GAN

__all__ = ["RING_SCHEDULE", "TOY_DATA", "interpolate_noise", "make_toy_data", "toy_centers", "toy_gan",
           "train_digit_gan", "train_ring_gan"]

TOY_DATA = {
    # name: (label, std of each mode or None for a set without modes)
    "ring": ("ring of 8", 0.02),
    "grid": ("5x5 grid", 0.05),
    "moons": ("moons", None),
    "spirals": ("spirals", None),
}


def make_toy_data(name: str, n_samples: int = 5000, random_state: int = 0) -> torch.Tensor:
    """The GAN lab's data sets, (n, 2) float32: "ring" (8 modes, radius 2, std 0.02), "grid"
    (5x5 modes, spacing 2, std 0.05), "moons" and "spirals" (scaled to a similar size)."""
    from .. import data

    check_choice(name, "name", TOY_DATA)
    n_samples = check_int(n_samples, "n_samples", low=1, high=10_000_000)
    if name == "ring":
        return data.make_ring(n_samples, std=0.02, random_state=random_state)[0]
    if name == "grid":
        return data.make_grid(n_samples, std=0.05, random_state=random_state)[0]
    if name == "moons":
        x = data.make_moons(n_samples, noise=0.05, random_state=random_state)[0]
        return (x - torch.tensor([0.5, 0.25])) * 1.6
    return data.make_spirals(n_samples, noise=0.05, random_state=random_state)[0]


def toy_centers(name: str) -> torch.Tensor | None:
    """The mode centres of a toy set ("ring" or "grid"), or None when it has no modes."""
    from .. import data

    check_choice(name, "name", TOY_DATA)
    return {"ring": data.ring_centers(8, 2.0), "grid": data.grid_centers(5, 2.0)}.get(name)


def toy_gan(name: str = "ring", *, lr: float = 1e-3, d_activation: str = "leaky_relu",
            loss: str = "non_saturating", random_state: int = 0, **kwargs) -> GAN:
    """A :class:`GAN` on one of the lab's toy sets, with its mode centres attached (ring, grid)."""
    data = make_toy_data(name, random_state=random_state)
    std = TOY_DATA[name][1]
    return GAN(data, lr=lr, d_activation=d_activation, loss=loss, centers=toy_centers(name), std=std,
               random_state=random_state, **kwargs)


RING_SCHEDULE = ((2100, 1e-3), (450, 3e-4), (450, 1e-4))


def train_ring_gan(random_state: int = 0, schedule=RING_SCHEDULE, *, hidden=(128, 128), batch_size: int = 128,
                   d_activation: str = "leaky_relu", loss: str = "non_saturating", noise: str = "mixture",
                   noise_dim: int = 4) -> GAN:
    """The ring-of-8 recipe: LeakyReLU(0.2) discriminator, Adam (beta1 0.5), a learning rate
    lowered in steps (``schedule`` = (steps, lr) pairs; the lower rates settle the samples onto
    their modes), and noise from 50 narrow Gaussians in 4 dimensions (``noise="mixture"``, see
    :class:`GAN`), which is what lifts the share of high-quality samples: from one wide Gaussian
    (``noise="normal"``) the generator strings samples between the modes.
    Used by notebook 06 and ``benchmarks/gan_ring.py``."""
    gan = toy_gan("ring", hidden=hidden, batch_size=batch_size, d_activation=d_activation, loss=loss,
                  noise=noise, noise_dim=noise_dim, random_state=random_state)
    if isinstance(schedule, (str, bytes)) or not hasattr(schedule, "__iter__"):
        raise TypeError(f"schedule must be (steps, lr) pairs such as ((2100, 1e-3), (450, 3e-4)), got {schedule!r}.")
    schedule = list(schedule)
    if not schedule or not all(hasattr(p, "__len__") and len(p) == 2 for p in schedule):
        raise ValueError(f"schedule must be a non-empty list of (steps, lr) pairs, got {schedule!r}.")
    for steps, lr in schedule:
        gan.set_lr(lr).step(steps)
    return gan


def train_digit_gan(steps: int = 3000, *, noise_dim: int = 16, hidden=(128, 256), lr: float = 1e-3,
                    batch_size: int = 64, random_state: int = 0) -> GAN:
    """A small MLP GAN on the bundled training digits, trained for a fixed number of steps.

    Generator ``noise_dim -> 128 -> 256 -> 64`` (sigmoid pixels), discriminator
    ``64 -> 256 -> 128 -> 1``, LeakyReLU(0.2) in both, non-saturating loss, Adam
    with lr 1e-3 and beta1 = 0.5 (Radford et al., 2016, DCGAN), batches of 64.
    ``gan.seconds`` is the training time. Used by notebook 06 and ``benchmarks/gan_ring.py``.
    """
    from ..data import load_digits

    steps = check_int(steps, "steps", low=0, high=1_000_000)
    gan = GAN(load_digits().x_train, noise_dim=noise_dim, hidden=hidden, g_activation="leaky_relu",
              d_activation="leaky_relu", lr=lr, batch_size=batch_size, output="sigmoid",
              random_state=random_state)
    return gan.step(steps)


def interpolate_noise(z0, z1, num_steps: int = 8) -> torch.Tensor:
    """``num_steps`` noise vectors on the straight line from ``z0`` to ``z1`` (both ends included):
    chapter 04's :func:`latentedu.latent.linear_path`, as a float32 tensor of shape (num_steps, noise_dim)."""
    from ..latent import linear_path

    z0, z1 = as_array(z0, "z0", ndim=1), as_array(z1, "z1", ndim=1)
    if len(z0) == 0:
        raise ValueError("z0 is empty: give a noise vector of noise_dim numbers.")
    if len(z0) != len(z1):
        raise ValueError(f"z0 and z1 must have the same length (noise_dim), got {len(z0)} and {len(z1)}.")
    return torch.from_numpy(linear_path(z0, z1, num_steps).astype(np.float32))
