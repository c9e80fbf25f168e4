"""The trainer: a generator and a discriminator trained against each other, step by step.

:class:`GAN` holds both networks, their optimizers and the data, and trains
step by step (``train_discriminator(n)``, ``train_generator(n)``, ``step(n)``)
so a widget can drive it and a test can check it.
"""

from __future__ import annotations

import copy
import math
import time

import torch

from .._validation import as_array, as_tensor, check_choice, check_int, check_number
from .networks import ACTIVATIONS, LOSSES, Discriminator, Generator, _hidden_sizes, discriminator_loss, generator_loss
from .scoring import ModeReport, mode_report

__all__ = ["GAN"]

NOISES = ("normal", "uniform", "mixture")


class GAN:
    """A generator and a discriminator trained against each other on ``data``, step by step.

    ``train_discriminator(n)`` takes ``n`` steps on the discriminator only,
    ``train_generator(n)`` ``n`` steps on the generator only, and ``step(n)``
    ``n`` rounds of ``d_steps`` discriminator steps then ``g_steps`` generator steps (1 and 1 by default).
    Every step draws a fresh batch of real samples and of noise from the GAN's
    own seeded generator; ``reset()`` goes back to the same initial weights.
    Histories: ``d_losses`` and ``g_losses`` (one entry per step of each),
    ``steps`` (generator steps), ``d_step_count``.

    ``noise="mixture"`` draws the noise from ``noise_components`` fixed, narrow Gaussians
    (standard deviation ``noise_spread``) instead of one wide one. A generator is a continuous
    map, so from one connected blob of noise it must string samples between separate modes of
    the data; from separate blobs it need not (Gurumurthy et al., 2017, DeLiGAN, learn such
    centres; here they stay where they were drawn).
    ``pack=m`` packs the discriminator's input (PacGAN, Lin et al., 2018): it judges groups of
    ``m`` samples, all real or all generated (``batch_size`` must be a multiple of ``m``).
    ``ema=decay`` keeps a running average of the generator's weights after each of its steps
    (``generator_ema``; ``decay`` such as 0.999); :meth:`sample` and :meth:`mode_report` then
    draw from that average, while training and the lab's pictures use the generator itself.

    >>> gan = GAN(make_toy_data("ring"), lr=1e-3)
    >>> gan.step(2000).mode_report().modes_covered  # doctest: +SKIP
    8
    """

    def __init__(self, data, *, noise_dim: int = 2, hidden=(128, 128), d_hidden=None, g_activation: str = "relu",
                 d_activation: str = "leaky_relu", loss: str = "non_saturating", lr: float = 1e-3,
                 d_lr: float | None = None, betas=(0.5, 0.999), batch_size: int = 256, d_steps: int = 1,
                 g_steps: int = 1,
                 output: str | None = None, noise: str = "normal", noise_components: int = 50,
                 noise_spread: float = 0.01, centers=None, std: float | None = None,
                 pack: int = 1, ema: float | None = None, random_state: int = 0):
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
        self.g_steps = check_int(g_steps, "g_steps", low=1, high=100)
        self.pack = check_int(pack, "pack", low=1, high=64)
        if self.batch_size % self.pack:
            raise ValueError(f"batch_size ({self.batch_size}) must be a multiple of pack ({self.pack}): the "
                             f"discriminator judges the batch in groups of {self.pack} samples.")
        self.ema = None if ema is None else check_number(ema, "ema", low=0.0, high=1.0, high_inclusive=False)
        self.output = check_choice(output, "output", (None, "sigmoid"))
        self.noise = check_choice(noise, "noise", NOISES)
        self.noise_components = check_int(noise_components, "noise_components", low=1, high=100_000)
        self.noise_spread = check_number(noise_spread, "noise_spread", low=0.0, low_inclusive=False)
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
            self.discriminator = Discriminator(dim, self.d_hidden, self.d_activation, self.pack)
        self.generator_ema = None
        if self.ema is not None:  # a running average of G's weights; sample() draws from it
            self.generator_ema = copy.deepcopy(self.generator).requires_grad_(False)
            self._ema_pairs = list(zip(self.generator_ema.parameters(), self._g_params_of(self.generator)))
        # fused=True: one kernel per step instead of a Python loop over the tensors (~2x faster here)
        self.g_optimizer = torch.optim.Adam(self.generator.parameters(), lr=self.lr, betas=self.betas, fused=True)
        self.d_optimizer = torch.optim.Adam(self.discriminator.parameters(), lr=self.d_lr, betas=self.betas,
                                            fused=True)
        self._g_params = list(self.generator.parameters())
        self.rng = torch.Generator().manual_seed(self.random_state + 1)
        # the fixed centres of the "mixture" noise: a standard normal draw of their own
        self.noise_centers = torch.randn(self.noise_components, self.noise_dim,
                                         generator=torch.Generator().manual_seed(self.random_state + 2))
        self.steps = 0
        self.d_step_count = 0
        self.d_losses: list[float] = []
        self.g_losses: list[float] = []
        self.seconds = 0.0       # wall-clock training time
        self.cpu_seconds = 0.0   # CPU time of this process while training (less sensitive to a busy machine)
        return self

    @staticmethod
    def _g_params_of(generator) -> list:
        return list(generator.parameters())

    @property
    def sampler(self):
        """The network :meth:`sample` draws from: the running average of G's weights when the GAN
        was built with ``ema=...``, else the generator itself."""
        return self.generator if self.generator_ema is None else self.generator_ema

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
        """``n`` noise vectors (n, noise_dim): standard normal, uniform on [-1, 1], or "mixture":
        one of ``noise_components`` fixed centres (``noise_centers``) chosen at random, plus normal
        noise of standard deviation ``noise_spread``."""
        n = check_int(n, "n", low=0)
        rng = generator or self.rng
        if self.noise == "uniform":
            return torch.rand(n, self.noise_dim, generator=rng) * 2 - 1
        if self.noise == "mixture":
            which = torch.randint(self.noise_components, (n,), generator=rng)
            return self.noise_centers[which] + self.noise_spread * torch.randn(n, self.noise_dim, generator=rng)
        return torch.randn(n, self.noise_dim, generator=rng)

    def _real_batch(self) -> torch.Tensor:
        index = torch.randint(len(self.data), (self.batch_size,), generator=self.rng)
        return self.data[index]  # (batch, data_dim)

    # ------------------------------------------------------------------ training
    def _d_step(self) -> None:
        real = self._real_batch()
        with torch.no_grad():
            fake = self.generator(self.noise_batch(self.batch_size))  # (batch, data_dim)
        logits = self.discriminator(torch.cat([real, fake]))  # (2 * batch / pack,): one pass for both
        n_real = len(real) // self.pack
        loss = discriminator_loss(logits[:n_real], logits[n_real:], self.loss)
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
        if self.generator_ema is not None:  # ema <- decay * ema + (1 - decay) * weights
            with torch.no_grad():
                averages, weights = zip(*self._ema_pairs)
                torch._foreach_lerp_(list(averages), list(weights), 1.0 - self.ema)
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
        """``n`` rounds of ``d_steps`` discriminator steps followed by ``g_steps`` generator steps."""
        return self._run(n, self.d_steps, self.g_steps)

    # ------------------------------------------------------------------ looking at it
    @torch.no_grad()
    def sample(self, n: int = 2500, random_state: int | None = None) -> torch.Tensor:
        """``n`` generated samples (n, data_dim); ``random_state`` fixes the noise."""
        n = check_int(n, "n", low=1, high=10_000_000)
        if random_state is not None:
            random_state = check_int(random_state, "random_state", low=0)
        rng = None if random_state is None else torch.Generator().manual_seed(random_state)
        return self.sampler(self.noise_batch(n, rng))

    @torch.no_grad()
    def probability_real(self, x) -> torch.Tensor:
        """The discriminator's ``sigmoid(logit)`` for each row of ``x``."""
        x = as_tensor(x, "x", ndim=2, n_features=self.data.shape[1])
        return torch.sigmoid(self.discriminator.verdict(x))

    def mode_report(self, n: int = 2500, random_state: int = 1234) -> ModeReport:
        """:func:`mode_report` of ``n`` samples against the data's modes (needs ``centers`` and ``std``)."""
        if self.centers is None or self.std is None:
            raise ValueError("This GAN was built without mode centres: pass centers=... and std=... "
                             "(e.g. toy_centers('ring') and 0.02) to score modes.")
        return mode_report(self.sample(n, random_state), self.centers, self.std)
