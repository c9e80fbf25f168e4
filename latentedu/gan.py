"""Generative adversarial networks: a generator maps noise to data, a discriminator judges.

Used by notebook 06 (GANs) and its 2-D GAN lab (``latentedu.widgets.gan``).

- :class:`Generator` and :class:`Discriminator` are small MLPs.
- :func:`discriminator_loss` and :func:`generator_loss` are the three classic
  objectives: "minimax" and "non_saturating" (Goodfellow et al., 2014,
  "Generative Adversarial Nets") and "least_squares" (Mao et al., 2017,
  "Least Squares Generative Adversarial Networks").
- :class:`GAN` holds both networks, their optimizers and the data, and trains
  step by step (``train_discriminator(n)``, ``train_generator(n)``, ``step(n)``)
  so a widget can drive it and a test can check it.
- :func:`mode_report` scores 2-D samples against the modes of a mixture with
  the standard protocol (high quality within 3 std of the nearest mode; a mode
  is covered when a high-quality sample is nearest to it).
- :func:`decision_map`, :func:`warped_grid` and :func:`generator_gradients`
  are what the GAN lab draws; the ``plot_*`` functions draw them.
- :func:`train_digit_gan`, :func:`interpolate_noise`
  and :func:`calibration_sets` serve the digits part of the notebook.
"""

from __future__ import annotations

import math
import time
from typing import NamedTuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ._validation import as_array, as_tensor, check_choice, check_int, check_number

__all__ = [
    "ACTIVATIONS",
    "ARROW_COLOR",
    "GAN",
    "LOSSES",
    "RING_SCHEDULE",
    "TOY_DATA",
    "Discriminator",
    "Generator",
    "ModeReport",
    "calibration_sets",
    "decision_map",
    "discriminator_loss",
    "generator_gradients",
    "generator_loss",
    "interpolate_noise",
    "loss_box_contents",
    "loss_box_frame",
    "make_toy_data",
    "mode_report",
    "plot_decision_map",
    "plot_gan_plane",
    "plot_losses",
    "plot_warped_grid",
    "scaled_arrows",
    "toy_centers",
    "toy_gan",
    "train_digit_gan",
    "train_ring_gan",
    "verdict_cmap",
    "warped_grid",
]

LOSSES = ("minimax", "non_saturating", "least_squares")
ACTIVATIONS = {
    "relu": nn.ReLU,
    "leaky_relu": lambda: nn.LeakyReLU(0.2),
    "tanh": nn.Tanh,
}


# --------------------------------------------------------------------------- the two networks

def _mlp(sizes: list[int], activation: str) -> nn.Sequential:
    layers: list[nn.Module] = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(n_in, n_out))
        if i < len(sizes) - 2:
            layers.append(ACTIVATIONS[activation]())
    return nn.Sequential(*layers)


def _hidden_sizes(hidden) -> list[int]:
    if isinstance(hidden, int):
        hidden = (hidden, hidden)
    hidden = [check_int(h, "hidden layer width", low=1, high=4096) for h in hidden]
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
        self.net = _mlp([self.noise_dim, *_hidden_sizes(hidden), self.data_dim], activation)
        self.output = output

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = self.net(z)  # (batch, data_dim)
        return torch.sigmoid(x) if self.output == "sigmoid" else x


class Discriminator(nn.Module):
    """A sample in, one logit out (``sigmoid(logit)`` = the probability it thinks the sample is real)."""

    def __init__(self, data_dim: int = 2, hidden=(128, 128), activation: str = "leaky_relu"):
        super().__init__()
        check_choice(activation, "activation", ACTIVATIONS)
        self.data_dim = check_int(data_dim, "data_dim", low=1, high=100_000)
        self.net = _mlp([self.data_dim, *_hidden_sizes(hidden), 1], activation)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).squeeze(-1)  # (batch,): logits


# --------------------------------------------------------------------------- losses

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
    if loss == "least_squares":
        return 0.5 * ((fake_logits - 1) ** 2).mean()
    if loss == "minimax":
        return -F.softplus(fake_logits).mean()
    return F.softplus(-fake_logits).mean()


# --------------------------------------------------------------------------- toy data

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
    from . import data

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
    from . import data

    check_choice(name, "name", TOY_DATA)
    return {"ring": data.ring_centers(8, 2.0), "grid": data.grid_centers(5, 2.0)}.get(name)


# --------------------------------------------------------------------------- scoring modes

class ModeReport(NamedTuple):
    """How generated 2-D samples sit on a mixture's modes."""

    modes_covered: int          # modes with at least one high-quality sample nearest to them
    n_modes: int
    high_quality: float         # share of samples within 3 std of their nearest mode
    counts: np.ndarray          # high-quality samples per mode, shape (n_modes,)


def mode_report(samples, centers, std: float, *, n_std: float = 3.0) -> ModeReport:
    """Score ``samples`` (n, 2) against mode ``centers`` (k, 2) of Gaussians with ``std``.

    The standard protocol on the ring of 8 (Srivastava et al., 2017, VEEGAN;
    Lin et al., 2018, PacGAN): a sample is high quality when it lies within
    ``n_std`` standard deviations of its nearest centre; a mode is covered when
    at least one high-quality sample is nearest to it. Centres must be distinct:
    a ring built with ``np.linspace(0, 2*pi, 8)`` repeats its first centre.
    """
    x = as_array(samples, "samples", ndim=2, n_features=2)
    c = as_array(centers, "centers", ndim=2, n_features=2)
    std = check_number(std, "std", low=0.0, low_inclusive=False)
    n_std = check_number(n_std, "n_std", low=0.0, low_inclusive=False)
    if len(x) == 0:
        raise ValueError("samples is empty: generate some samples first, e.g. gan.sample(2500).")
    gaps = np.sqrt(((c[:, None] - c[None]) ** 2).sum(-1))
    np.fill_diagonal(gaps, np.inf)
    if len(c) > 1 and gaps.min() < 1e-6:
        i, j = np.argwhere(gaps < 1e-6)[0]
        raise ValueError(f"centers {i} and {j} are the same point, so there are fewer distinct modes than "
                         f"centres. A ring built with np.linspace(0, 2*np.pi, k) includes the end point "
                         f"and repeats the first centre: use np.arange(k) * 2*np.pi / k "
                         f"(or latentedu.data.ring_centers(k)).")
    distances = np.sqrt(((x[:, None] - c[None]) ** 2).sum(-1))  # (n, k)
    nearest = distances.argmin(1)
    good = distances[np.arange(len(x)), nearest] <= n_std * std
    counts = np.bincount(nearest[good], minlength=len(c))
    return ModeReport(int((counts > 0).sum()), len(c), float(good.mean()), counts)


# --------------------------------------------------------------------------- the trainer

class GAN:
    """A generator and a discriminator trained against each other on ``data``, step by step.

    ``train_discriminator(n)`` takes ``n`` steps on the discriminator only,
    ``train_generator(n)`` ``n`` steps on the generator only, and ``step(n)``
    ``n`` rounds of ``d_steps`` discriminator steps then one generator step.
    Every step draws a fresh batch of real samples and of noise from the GAN's
    own seeded generator; ``reset()`` goes back to the same initial weights.
    Histories: ``d_losses`` and ``g_losses`` (one entry per step of each),
    ``steps`` (generator steps), ``d_step_count``.

    >>> gan = GAN(make_toy_data("ring"), lr=1e-3)
    >>> gan.step(2000).mode_report().modes_covered  # doctest: +SKIP
    8
    """

    def __init__(self, data, *, noise_dim: int = 2, hidden=(128, 128), d_hidden=None, g_activation: str = "relu",
                 d_activation: str = "leaky_relu", loss: str = "non_saturating", lr: float = 1e-3,
                 d_lr: float | None = None, betas=(0.5, 0.999), batch_size: int = 256, d_steps: int = 1,
                 output: str | None = None, noise: str = "normal", centers=None, std: float | None = None,
                 random_state: int = 0):
        self.data = as_tensor(data, "data", ndim=2)
        if len(self.data) < 2:
            raise ValueError(f"data needs at least 2 samples to train on, got {len(self.data)}.")
        self.noise_dim = check_int(noise_dim, "noise_dim", low=1, high=4096)
        self.hidden = _hidden_sizes(hidden)
        self.d_hidden = self.hidden[::-1] if d_hidden is None else _hidden_sizes(d_hidden)  # default: mirrors G
        self.g_activation = check_choice(g_activation, "g_activation", ACTIVATIONS)
        self.d_activation = check_choice(d_activation, "d_activation", ACTIVATIONS)
        self.loss = check_choice(loss, "loss", LOSSES)
        self.batch_size = check_int(batch_size, "batch_size", low=1, high=1_000_000)
        self.d_steps = check_int(d_steps, "d_steps", low=1, high=100)
        self.output = check_choice(output, "output", (None, "sigmoid"))
        self.noise = check_choice(noise, "noise", ("normal", "uniform"))
        self.betas = tuple(betas)
        self.random_state = check_int(random_state, "random_state", low=0)
        self.centers = None if centers is None else torch.as_tensor(
            as_array(centers, "centers", ndim=2, n_features=self.data.shape[1]), dtype=torch.float32)
        self.std = None if std is None else check_number(std, "std", low=0.0, low_inclusive=False)
        self.lr = check_number(lr, "lr", low=0.0, low_inclusive=False, high=1.0)
        self.d_lr = self.lr if d_lr is None else check_number(d_lr, "d_lr", low=0.0, low_inclusive=False, high=1.0)
        self.reset()

    # ------------------------------------------------------------------ state
    def reset(self) -> "GAN":
        """Fresh (seeded) weights and optimizers, empty histories."""
        with torch.random.fork_rng(devices=[]):  # a private seed; the global generator is left alone
            torch.manual_seed(self.random_state)
            dim = self.data.shape[1]
            self.generator = Generator(self.noise_dim, dim, self.hidden, self.g_activation, self.output)
            self.discriminator = Discriminator(dim, self.d_hidden, self.d_activation)
        # fused=True: one kernel per step instead of a Python loop over the tensors (~2x faster here)
        self.g_optimizer = torch.optim.Adam(self.generator.parameters(), lr=self.lr, betas=self.betas, fused=True)
        self.d_optimizer = torch.optim.Adam(self.discriminator.parameters(), lr=self.d_lr, betas=self.betas,
                                            fused=True)
        self._g_params = list(self.generator.parameters())
        self.rng = torch.Generator().manual_seed(self.random_state + 1)
        self.steps = 0
        self.d_step_count = 0
        self.d_losses: list[float] = []
        self.g_losses: list[float] = []
        self.seconds = 0.0       # wall-clock training time
        self.cpu_seconds = 0.0   # CPU time of this process while training (less sensitive to a busy machine)
        return self

    def set_lr(self, lr: float, d_lr: float | None = None) -> "GAN":
        """Change the learning rates (both, or G's and D's) and keep training from here."""
        self.lr = check_number(lr, "lr", low=0.0, low_inclusive=False, high=1.0)
        self.d_lr = self.lr if d_lr is None else check_number(d_lr, "d_lr", low=0.0, low_inclusive=False, high=1.0)
        for group in self.g_optimizer.param_groups:
            group["lr"] = self.lr
        for group in self.d_optimizer.param_groups:
            group["lr"] = self.d_lr
        return self

    def set_loss(self, loss: str) -> "GAN":
        """Switch the objective (see :func:`generator_loss`) and keep training from here."""
        self.loss = check_choice(loss, "loss", LOSSES)
        return self

    def noise_batch(self, n: int, generator: torch.Generator | None = None) -> torch.Tensor:
        """``n`` noise vectors (n, noise_dim): standard normal, or uniform on [-1, 1]."""
        rng = generator or self.rng
        if self.noise == "uniform":
            return torch.rand(n, self.noise_dim, generator=rng) * 2 - 1
        return torch.randn(n, self.noise_dim, generator=rng)

    def _real_batch(self) -> torch.Tensor:
        index = torch.randint(len(self.data), (self.batch_size,), generator=self.rng)
        return self.data[index]  # (batch, data_dim)

    # ------------------------------------------------------------------ training
    def _d_step(self) -> None:
        real = self._real_batch()
        with torch.no_grad():
            fake = self.generator(self.noise_batch(self.batch_size))  # (batch, data_dim)
        logits = self.discriminator(torch.cat([real, fake]))  # (2 * batch,): one pass for both
        loss = discriminator_loss(logits[:len(real)], logits[len(real):], self.loss)
        self.d_optimizer.zero_grad()
        loss.backward()
        self.d_optimizer.step()
        self.d_step_count += 1
        self.d_losses.append(self._checked(loss, "discriminator"))

    def _g_step(self) -> None:
        fake = self.generator(self.noise_batch(self.batch_size))
        loss = generator_loss(self.discriminator(fake), self.loss)
        # gradients for G's weights only: the path runs through D, but D's weights stay as they are
        grads = torch.autograd.grad(loss, self._g_params)
        for param, grad in zip(self._g_params, grads):
            param.grad = grad
        self.g_optimizer.step()
        self.steps += 1
        self.g_losses.append(self._checked(loss, "generator"))

    def _checked(self, loss: torch.Tensor, who: str) -> float:
        value = loss.item()
        if not math.isfinite(value):
            raise FloatingPointError(f"The {who}'s loss became {value} after {self.steps} steps: "
                                     f"training diverged; try a smaller learning rate than {self.lr}.")
        return value

    def _run(self, n: int, d_steps: int, g_steps: int) -> "GAN":
        n = check_int(n, "n", low=0, high=10_000_000)
        start, cpu_start = time.perf_counter(), time.process_time()
        self.generator.train()
        self.discriminator.train()
        for _ in range(n):
            for _ in range(d_steps):
                self._d_step()
            for _ in range(g_steps):
                self._g_step()
        self.seconds += time.perf_counter() - start
        self.cpu_seconds += time.process_time() - cpu_start
        return self

    def train_discriminator(self, n: int = 1) -> "GAN":
        """``n`` steps on the discriminator alone (the generator stands still)."""
        return self._run(n, 1, 0)

    def train_generator(self, n: int = 1) -> "GAN":
        """``n`` steps on the generator alone (the discriminator stands still)."""
        return self._run(n, 0, 1)

    def step(self, n: int = 1) -> "GAN":
        """``n`` rounds of ``d_steps`` discriminator steps followed by one generator step."""
        return self._run(n, self.d_steps, 1)

    # ------------------------------------------------------------------ looking at it
    @torch.no_grad()
    def sample(self, n: int = 2500, random_state: int | None = None) -> torch.Tensor:
        """``n`` generated samples (n, data_dim); ``random_state`` fixes the noise."""
        n = check_int(n, "n", low=1, high=10_000_000)
        rng = None if random_state is None else torch.Generator().manual_seed(random_state)
        return self.generator(self.noise_batch(n, rng))

    @torch.no_grad()
    def probability_real(self, x) -> torch.Tensor:
        """The discriminator's ``sigmoid(logit)`` for each row of ``x``."""
        x = as_tensor(x, "x", ndim=2, n_features=self.data.shape[1])
        return torch.sigmoid(self.discriminator(x))

    def mode_report(self, n: int = 2500, random_state: int = 1234) -> ModeReport:
        """:func:`mode_report` of ``n`` samples against the data's modes (needs ``centers`` and ``std``)."""
        if self.centers is None or self.std is None:
            raise ValueError("This GAN was built without mode centres: pass centers=... and std=... "
                             "(e.g. toy_centers('ring') and 0.02) to score modes.")
        return mode_report(self.sample(n, random_state), self.centers, self.std)


def _noise_extent(gan: GAN) -> float:
    return 1.0 if gan.noise == "uniform" else 2.0


@torch.no_grad()
def decision_map(gan: GAN, lim: float = 3.0, resolution: int = 48) -> np.ndarray:
    """The discriminator's verdict over the square ``[-lim, lim]^2``: (resolution, resolution)
    values in [0, 1], 1 = "real" (row 0 is the bottom edge, as ``imshow(origin="lower")`` wants).

    For the cross-entropy losses this is ``sigmoid(logit)``; for "least_squares" the raw score
    (targets 1 real, 0 fake) clipped to [0, 1].
    """
    lim = check_number(lim, "lim", low=0.0, low_inclusive=False)
    resolution = check_int(resolution, "resolution", low=2, high=1000)
    ticks = torch.linspace(-lim, lim, resolution)
    gy, gx = torch.meshgrid(ticks, ticks, indexing="ij")
    grid = torch.stack([gx.reshape(-1), gy.reshape(-1)], 1)  # (resolution^2, 2)
    return _verdict(gan, grid).reshape(resolution, resolution).numpy()


def _verdict(gan: GAN, x: torch.Tensor) -> torch.Tensor:
    score = gan.discriminator(x)
    return score.clamp(0, 1) if gan.loss == "least_squares" else torch.sigmoid(score)


def noise_grid_lines(noise_dim: int = 2, n_lines: int = 9, n_points: int = 40, extent: float = 2.0) -> torch.Tensor:
    """Horizontal and vertical lines across the 2-D noise square ``[-extent, extent]^2``:
    shape (2 * n_lines, n_points, 2)."""
    if noise_dim != 2:
        raise ValueError(f"The warped grid needs 2-D noise (it draws the noise plane), got noise_dim={noise_dim}. "
                         "Build the GAN with noise_dim=2.")
    n_lines = check_int(n_lines, "n_lines", low=2, high=200)
    n_points = check_int(n_points, "n_points", low=2, high=2000)
    levels = torch.linspace(-extent, extent, n_lines)
    along = torch.linspace(-extent, extent, n_points)
    rows = torch.stack([along.expand(n_lines, -1), levels[:, None].expand(-1, n_points)], -1)
    return torch.cat([rows, rows.flip(-1)])  # (2 * n_lines, n_points, 2)


@torch.no_grad()
def warped_grid(gan: GAN, n_lines: int = 9, n_points: int = 40, lines: torch.Tensor | None = None) -> np.ndarray:
    """Where the generator sends a square grid of the 2-D noise space: (2 * n_lines, n_points, 2).

    Lines cover the central square of the noise (+-2 std for normal noise, all of [-1, 1] for
    uniform). Where lines bunch up the generator piles probability up; where they stretch
    it spreads it thin.
    """
    if lines is None:
        lines = noise_grid_lines(gan.noise_dim, n_lines, n_points, _noise_extent(gan))
    return gan.generator(lines.reshape(-1, 2)).reshape(*lines.shape[:2], -1).numpy()


def generator_gradients(gan: GAN, fakes) -> np.ndarray:
    """For each fake point (n, 2), the direction the generator's loss pushes it: ``-dL_G/dx``.

    These are the forces the generator feels through the discriminator: it moves its samples
    towards where D says "real" (for the current loss, see :func:`generator_loss`).
    """
    x = as_tensor(fakes, "fakes", ndim=2, n_features=gan.data.shape[1]).clone().requires_grad_(True)
    loss = generator_loss(gan.discriminator(x), gan.loss) * len(x)  # per-sample gradients, not / n
    (grad,) = torch.autograd.grad(loss, x)
    return (-grad).numpy()


# --------------------------------------------------------------------------- drawing

_CMAP = None


def verdict_cmap():
    """Pale orange (D says "fake") through white to pale blue (D says "real"): the course's colours."""
    global _CMAP
    if _CMAP is None:
        from matplotlib.colors import LinearSegmentedColormap

        _CMAP = LinearSegmentedColormap.from_list("fake_real", ["#ffc98f", "#ffffff", "#9cc3e6"])
    return _CMAP


def plot_decision_map(ax, values, lim: float = 3.0):
    """Show :func:`decision_map` values as an image (blue = D says real, orange = fake)."""
    values = as_array(values, "values", ndim=2)
    ax.imshow(values, origin="lower", extent=(-lim, lim, -lim, lim), cmap=verdict_cmap(), vmin=0, vmax=1,
              interpolation="bilinear", aspect="equal")
    return ax


def plot_warped_grid(ax, lines, *, color: str = "#555555", alpha: float = 0.45):
    """Draw :func:`warped_grid` lines as one collection (cheap to draw)."""
    from matplotlib.collections import LineCollection

    lines = as_array(lines, "lines", ndim=3)
    ax.add_collection(LineCollection(lines, colors=color, linewidths=0.6, alpha=alpha))
    return ax


ARROW_COLOR = "#7a3b00"  # the generator's gradient arrows


def scaled_arrows(arrows, lim: float = 3.0) -> np.ndarray:
    """The generator's gradient arrows as :func:`plot_gan_plane` draws them: the longest is 15 % of
    the half-width ``lim``, the others in proportion."""
    v = as_array(arrows, "arrows", ndim=2)
    return v / (np.linalg.norm(v, axis=1).max(initial=0.0) + 1e-12) * lim * 0.15


def plot_gan_plane(ax, real, fake, *, decision=None, lines=None, arrows=None, arrow_points=None,
                   centers=None, lim: float = 3.0, size: float = 5, xlim=None):
    """The GAN lab's main picture: D's verdict, G's warped noise grid, real (blue) and
    generated (orange) samples, and arrows of the generator's gradient on some fakes."""
    from .plotting import GENERATED, REAL

    if decision is not None:
        plot_decision_map(ax, decision, lim)
    if lines is not None:
        plot_warped_grid(ax, lines)
    real, fake = as_array(real, "real", ndim=2), as_array(fake, "fake", ndim=2)
    ax.scatter(real[:, 0], real[:, 1], s=size, color=REAL, linewidths=0, alpha=0.6)
    ax.scatter(fake[:, 0], fake[:, 1], s=size, color=GENERATED, linewidths=0, alpha=0.8)
    if centers is not None:
        c = as_array(centers, "centers", ndim=2)
        ax.scatter(c[:, 0], c[:, 1], s=40, facecolors="none", edgecolors="black", linewidths=0.7)
    if arrows is not None and arrow_points is not None:
        p, v = as_array(arrow_points, "arrow_points", ndim=2), scaled_arrows(arrows, lim)
        ax.quiver(p[:, 0], p[:, 1], v[:, 0], v[:, 1], angles="xy", scale_units="xy", scale=1, color=ARROW_COLOR,
                  width=0.004, headwidth=4)
    ax.set_xlim(*(xlim or (-lim, lim)))
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_axis_off()  # no ticks: the plane's coordinates carry no meaning of their own (and ticks are slow)
    return ax


def _smooth(values, window: int) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    window = min(window, len(values) // 5)  # short histories get a shorter window, so they still show
    if window <= 1:
        return values
    kernel = np.ones(window) / window
    return np.convolve(values, kernel, mode="valid")


def _loss_curves(gan: GAN, window: int) -> tuple[np.ndarray, np.ndarray]:
    d = np.asarray(gan.d_losses, dtype=float)
    if gan.d_step_count and gan.steps:  # D's losses grouped per G step, so both share the x axis
        per = max(1, gan.d_step_count // gan.steps)
        d = d[: len(d) // per * per].reshape(-1, per).mean(1)
    return _smooth(d, window), _smooth(gan.g_losses, window)


def plot_losses(ax, gan: GAN, *, window: int = 20, box=None):
    """Both losses per generator step (moving average over ``window`` steps).

    With ``box=(x0, y0, x1, y1)`` the curves are drawn, without axes or ticks, into that
    rectangle of ``ax``'s data coordinates (the GAN lab does this: ticks are slow to draw).
    """
    from .plotting import GENERATED, REAL

    d, g = _loss_curves(gan, window)
    if box is None:
        from matplotlib.ticker import MaxNLocator

        ax.plot(d, color=REAL, lw=1, label="D loss")
        ax.plot(g, color=GENERATED, lw=1, label="G loss")
        ax.set_xlabel("step")
        ax.xaxis.set_major_locator(MaxNLocator(4))
        if len(d) or len(g):
            ax.legend(frameon=False, loc="upper right")
        return ax
    x0, y0, x1, y1 = box
    loss_box_frame(ax, box)
    curves, texts = loss_box_contents(gan, box, window=window)
    for xs, ys, color in curves:
        ax.plot(xs, ys, color=color, lw=1)
    for x, y, text, style in texts:
        ax.text(x, y, text, **style)
    return ax


def loss_box_frame(ax, box):
    """What stays put in :func:`plot_losses`'s box: its outline and the two curves' names."""
    from .plotting import GENERATED, REAL

    x0, y0, x1, y1 = box
    ax.plot([x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0], color="#999999", lw=0.6)
    ax.text(x0, y1, "D loss", va="bottom", ha="left", fontsize=8, color=REAL)
    ax.text(x1, y1, "G loss", va="bottom", ha="right", fontsize=8, color=GENERATED)
    return ax


def loss_box_contents(gan: GAN, box, *, window: int = 20) -> tuple[list, list]:
    """What moves in :func:`plot_losses`'s box: ``[(xs, ys, colour)]`` of both curves scaled into
    it, and ``[(x, y, text, text style)]`` of the labels (the range and the step)."""
    from .plotting import GENERATED, REAL

    x0, y0, x1, y1 = box
    d, g = _loss_curves(gan, window)
    values = np.concatenate([d, g])
    if len(values) == 0:
        return [], [((x0 + x1) / 2, (y0 + y1) / 2, "losses appear here\nonce training starts",
                     {"ha": "center", "va": "center", "fontsize": 8, "color": "#666666"})]
    low, high = float(values.min()), float(values.max())
    span = high - low or 1.0
    curves = []
    for curve, color in ((d, REAL), (g, GENERATED)):
        if len(curve):
            xs = x0 + (x1 - x0) * np.arange(len(curve)) / max(len(curve) - 1, 1)
            curves.append((xs, y0 + (y1 - y0) * (0.05 + 0.9 * (curve - low) / span), color))
    small = {"fontsize": 7, "color": "#555555"}
    texts = [(x0, y1, f" {high:.2f}", {"va": "top", "ha": "left", **small}),
             (x0, y0, f" {low:.2f}", {"va": "bottom", "ha": "left", **small}),
             (x1, y0, f"step {gan.steps} ", {"va": "bottom", "ha": "right", **small})]
    return curves, texts


# --------------------------------------------------------------------------- GANs on the plane and on digits

def toy_gan(name: str = "ring", *, lr: float = 1e-3, d_activation: str = "leaky_relu",
            loss: str = "non_saturating", random_state: int = 0, **kwargs) -> GAN:
    """A :class:`GAN` on one of the lab's toy sets, with its mode centres attached (ring, grid)."""
    data = make_toy_data(name, random_state=random_state)
    std = TOY_DATA[name][1]
    return GAN(data, lr=lr, d_activation=d_activation, loss=loss, centers=toy_centers(name), std=std,
               random_state=random_state, **kwargs)





RING_SCHEDULE = ((4500, 1e-3), (1000, 3e-4), (500, 1e-4))


def train_ring_gan(random_state: int = 0, schedule=RING_SCHEDULE, *, hidden=(128, 128), batch_size: int = 128,
                   d_activation: str = "leaky_relu", loss: str = "non_saturating") -> GAN:
    """The ring-of-8 recipe: LeakyReLU(0.2) discriminator, Adam (beta1 0.5), and a learning rate
    lowered in steps (``schedule`` = (steps, lr) pairs; the lower rates settle the samples onto
    their modes). Used by notebook 06 and ``benchmarks/gan_ring.py``."""
    gan = toy_gan("ring", hidden=hidden, batch_size=batch_size, d_activation=d_activation, loss=loss,
                  random_state=random_state)
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
    from .data import load_digits

    steps = check_int(steps, "steps", low=0, high=1_000_000)
    gan = GAN(load_digits().x_train, noise_dim=noise_dim, hidden=hidden, g_activation="leaky_relu",
              d_activation="leaky_relu", lr=lr, batch_size=batch_size, output="sigmoid",
              random_state=random_state)
    return gan.step(steps)


def interpolate_noise(z0, z1, n_steps: int = 8) -> torch.Tensor:
    """``n_steps`` noise vectors on the straight line from ``z0`` to ``z1`` (both ends included):
    chapter 04's :func:`latentedu.latent.linear_path`, as a float32 tensor of shape (n_steps, noise_dim)."""
    from .latent import linear_path

    return torch.from_numpy(linear_path(z0, z1, n_steps).astype(np.float32))


def calibration_sets(n: int = 225, random_state: int = 0) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Reference sets for calibrating the quality meter, and the real digits they are measured against.

    The 450 held-out digits are split in two: every other one is the *reference*
    (what samples are compared with), the rest are "new real digits" (real, never
    trained on, not in the reference). The other sets: copies of training digits,
    training digits of classes 0-4 only, one training image repeated, uniform noise.
    Each set has ``n`` images (at most 225).
    """
    from .data import load_digits

    n = check_int(n, "n", low=10, high=225)
    digits = load_digits()
    x_train, x_test = digits.x_train.numpy(), digits.x_test.numpy()
    y_train = digits.y_train.numpy()
    rng = np.random.default_rng(random_state)
    sets = {
        "new real digits": x_test[1::2][:n],
        "copies of training digits": x_train[:n],
        "half the classes (0-4)": x_train[y_train < 5][:n],
        "one image repeated": np.repeat(x_train[:1], n, axis=0),
        "uniform noise": rng.uniform(0, 1, (n, 64)).astype(np.float32),
    }
    return sets, x_test[::2]


