"""Scoring what a GAN generates: modes covered on the plane, reference sets for digits.

- :func:`mode_report` scores 2-D samples against the modes of a mixture with
  the standard protocol (high quality within 3 std of the nearest mode; a mode
  is covered when a high-quality sample is nearest to it).
- :func:`nearest_mode_counts` counts all samples by their nearest mode, good or not.
- :func:`calibration_sets` gives the sets that calibrate the digits' quality
  meter (:func:`latentedu.metrics.quality_report`) before it judges a GAN.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import as_array, check_int, check_number, check_random_state
from ..dimensions import pairwise_distances

__all__ = ["ModeReport", "calibration_sets", "mode_report", "nearest_mode_counts"]


class ModeReport(NamedTuple):
    """How generated 2-D samples sit on a mixture's modes."""

    modes_covered: int          # modes with at least one high-quality sample nearest to them
    n_modes: int
    high_quality: float         # share of samples within 3 std of their nearest mode
    counts: np.ndarray          # high-quality samples per mode, shape (n_modes,)
    spread: float | None        # per axis, RMS offset of the high-quality samples from their mode's centre
                                # (about std for real data; smaller when modes are drawn too tight; None if none)


def mode_report(samples, centers, std: float, *, n_std: float = 3.0) -> ModeReport:
    """Score ``samples`` (n, 2) against mode ``centers`` (k, 2) of Gaussians with ``std``.

    The standard protocol on the ring of 8 (Srivastava et al., 2017, VEEGAN;
    Lin et al., 2018, PacGAN): a sample is high quality when it lies within
    ``n_std`` standard deviations of its nearest centre; a mode is covered when
    at least one high-quality sample is nearest to it. ``spread`` tells whether the
    modes are drawn as wide as the data's: the high-quality rule cannot, since a
    generator that draws each mode too tight scores better on it. Centres must be distinct:
    a ring built with ``np.linspace(0, 2*pi, 8)`` repeats its first centre.
    """
    x = as_array(samples, "samples", ndim=2, n_features=2)
    c = as_array(centers, "centers", ndim=2, n_features=2)
    if len(c) == 0:
        raise ValueError("centers is empty: give the (k, 2) mode centres, e.g. toy_centers('ring').")
    std = check_number(std, "std", low=0.0, low_inclusive=False)
    n_std = check_number(n_std, "n_std", low=0.0, low_inclusive=False)
    if len(x) == 0:
        raise ValueError("samples is empty: generate some samples first, e.g. gan.sample(2500).")
    gaps = pairwise_distances(c)
    np.fill_diagonal(gaps, np.inf)
    if len(c) > 1 and gaps.min() < 1e-6:
        i, j = np.argwhere(gaps < 1e-6)[0]
        raise ValueError(f"centers {i} and {j} are the same point, so there are fewer distinct modes than "
                         f"centres. A ring built with np.linspace(0, 2*np.pi, k) includes the end point "
                         f"and repeats the first centre: use np.arange(k) * 2*np.pi / k "
                         f"(or latentedu.data.ring_centers(k)).")
    distances = pairwise_distances(x, c)  # (n, k)
    nearest = distances.argmin(1)
    good = distances[np.arange(len(x)), nearest] <= n_std * std
    counts = np.bincount(nearest[good], minlength=len(c))
    offsets = x[good] - c[nearest[good]]
    spread = float(np.sqrt((offsets ** 2).mean())) if good.any() else None
    return ModeReport(int((counts > 0).sum()), len(c), float(good.mean()), counts, spread)


def nearest_mode_counts(samples, centers) -> np.ndarray:
    """How many of ``samples`` (n, 2) lie nearest to each mode centre (k, 2), good or not: shape (k,).

    :func:`mode_report` counts only the high-quality samples, so a generator whose samples all
    sit in one blob a little off a mode scores 0 modes, just like one that has not converged;
    these counts tell the two apart (one mode gets everything, against a spread over all of them).
    """
    x = as_array(samples, "samples", ndim=2, n_features=2)
    c = as_array(centers, "centers", ndim=2, n_features=2)
    if len(c) == 0:
        raise ValueError("centers is empty: give the (k, 2) mode centres, e.g. toy_centers('ring').")
    if len(x) == 0:
        raise ValueError("samples is empty: generate some samples first, e.g. gan.sample(2500).")
    return np.bincount(pairwise_distances(x, c).argmin(1), minlength=len(c))


def calibration_sets(n: int = 225, random_state: int = 0) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Reference sets for calibrating the quality meter, and the real digits they are measured against.

    The 450 held-out digits are split in two: every other one is the *reference*
    (what samples are compared with), the rest are "new real digits" (real, never
    trained on, not in the reference). The other sets: copies of training digits,
    training digits of classes 0-4 only, one training image repeated, uniform noise.
    Each set has ``n`` images (at most 225).
    """
    from ..data import load_digits

    n = check_int(n, "n", low=10, high=225)
    digits = load_digits()
    x_train, x_test = digits.x_train.numpy(), digits.x_test.numpy()
    y_train = digits.y_train.numpy()
    rng = np.random.default_rng(check_random_state(random_state))
    sets = {
        "new real digits": x_test[1::2][:n],
        "copies of training digits": x_train[:n],
        "half the classes (0-4)": x_train[y_train < 5][:n],
        "one image repeated": np.repeat(x_train[:1], n, axis=0),
        "uniform noise": rng.uniform(0, 1, (n, 64)).astype(np.float32),
    }
    return sets, x_test[::2]
