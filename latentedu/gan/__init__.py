"""Generative adversarial networks: a generator maps noise to data, a discriminator judges.

Used by notebook 06 (GANs) and its 2-D GAN lab (``latentedu.widgets.gan``).
One module per part, in the order of the lesson; every name below is
importable from ``latentedu.gan`` itself:

1. :mod:`~latentedu.gan.networks`: :class:`Generator` and :class:`Discriminator`
   (small MLPs), and :func:`discriminator_loss` / :func:`generator_loss`, the
   three classic objectives: "minimax" and "non_saturating" (Goodfellow et al.,
   2014) and "least_squares" (Mao et al., 2017).
2. :mod:`~latentedu.gan.trainer`: :class:`GAN` holds both networks, their
   optimizers and the data, and trains step by step (``train_discriminator(n)``,
   ``train_generator(n)``, ``step(n)``) so a widget can drive it and a test can check it.
3. :mod:`~latentedu.gan.plots`: what a GAN on the plane looks like,
   :func:`decision_map`, :func:`warped_grid` and :func:`generator_gradients`,
   and the ``plot_*`` functions that draw them.
4. :mod:`~latentedu.gan.scoring`: :func:`mode_report` scores 2-D samples
   against the modes of a mixture with the standard protocol (high quality
   within 3 std of the nearest mode; a mode is covered when a high-quality
   sample is nearest to it); :func:`calibration_sets` calibrates the digits'
   quality meter.
5. :mod:`~latentedu.gan.recipes`: the lab's toy sets (:func:`make_toy_data`),
   the ring-of-8 recipe (:func:`train_ring_gan`), the digits GAN
   (:func:`train_digit_gan`) and :func:`interpolate_noise`.
"""

from .networks import ACTIVATIONS, LOSSES, Discriminator, Generator, discriminator_loss, generator_loss
from .plots import (decision_map, generator_gradients, noise_grid_lines, plot_decision_map, plot_gan_plane,
                    plot_losses, plot_mode_counts, plot_warped_grid, warped_grid)
from .recipes import (RING_SCHEDULE, TOY_DATA, interpolate_noise, make_toy_data, toy_centers, toy_gan,
                      train_digit_gan, train_ring_gan)
from .scoring import ModeReport, calibration_sets, mode_report, nearest_mode_counts
from .trainer import GAN

__all__ = [
    "ACTIVATIONS",
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
    "make_toy_data",
    "mode_report",
    "nearest_mode_counts",
    "noise_grid_lines",
    "plot_decision_map",
    "plot_gan_plane",
    "plot_losses",
    "plot_mode_counts",
    "plot_warped_grid",
    "toy_centers",
    "toy_gan",
    "train_digit_gan",
    "train_ring_gan",
    "warped_grid",
]
