"""Data for the course: the bundled 8x8 digits, generated 2-D toy sets and a sensor-like signal.

Everything here works offline. Features come back as float32 torch tensors
and labels as int64 tensors, so they go straight into a model; matplotlib and
scikit-learn accept them too (``x.numpy()`` when a numpy array is needed).
The sensor signal of notebook 05 (:func:`make_sensor_signal`) and its
:func:`sliding_windows` are numpy arrays, cut and scored with scikit-learn.
Every random set takes ``random_state`` (``None``, a whole number or a
``numpy.random.Generator``); nothing here seeds globally.

MNIST and Fashion-MNIST are optional, for learners with a network:
``load_mnist("fashion")`` downloads them once into a cache (checked by
SHA-256) and ``load_images("mnist")`` falls back to the bundled digits with a
clear message when there is no network (see ``latentedu.downloads``).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import torch

from ._validation import (as_array, as_flags, check_choice, check_int, check_number, check_random_state,
                          check_same_length)
from .downloads import DataUnavailable, load_images, load_mnist

__all__ = [
    "DataUnavailable",
    "Split",
    "TOY_SETS",
    "grid_centers",
    "load_digits",
    "load_images",
    "load_mnist",
    "make_circles",
    "make_grid",
    "make_moons",
    "make_ring",
    "make_sensor_signal",
    "make_spirals",
    "make_toy",
    "make_xor",
    "ring_centers",
    "sliding_windows",
]


class Split(NamedTuple):
    """A fixed train/test split: features in [0, 1] and integer labels."""

    x_train: torch.Tensor
    x_test: torch.Tensor
    y_train: torch.Tensor
    y_test: torch.Tensor


def load_digits(test_size: float = 0.25, random_state: int = 0) -> Split:
    """scikit-learn's bundled 8x8 digits (1,797 images), scaled to [0, 1].

    Each image is a row of 64 pixels (``x.view(-1, 8, 8)`` gives the
    pictures). The split is stratified by digit and fixed by ``random_state``,
    so every notebook that asks for it gets the same images.

    >>> digits = load_digits()
    >>> digits.x_train.shape, digits.x_test.shape
    (torch.Size([1347, 64]), torch.Size([450, 64]))
    """
    from sklearn.datasets import load_digits as _sk_load_digits
    from sklearn.model_selection import train_test_split

    test_size = check_number(test_size, "test_size", low=0.0, high=1.0,
                             low_inclusive=False, high_inclusive=False)
    bunch = _sk_load_digits()
    x = (bunch.data / 16.0).astype(np.float32)
    y = bunch.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=test_size, random_state=_sklearn_seed(random_state), stratify=y)
    return Split(*(torch.from_numpy(a) for a in (x_train, x_test, y_train, y_test)))


def _as_tensors(x: np.ndarray, y: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    return torch.from_numpy(x.astype(np.float32)), torch.from_numpy(y.astype(np.int64))


def _check_size(n_samples, noise, name: str = "noise") -> tuple[int, float]:
    return (check_int(n_samples, "n_samples", low=1, high=10_000_000),
            check_number(noise, name, low=0.0))


def _rng(random_state) -> np.random.Generator:
    return np.random.default_rng(check_random_state(random_state))


def _sklearn_seed(random_state):
    """``random_state`` as scikit-learn takes it: a Generator gives a seed drawn from it."""
    random_state = check_random_state(random_state)
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(2**31))
    return random_state


def make_moons(n_samples: int = 300, noise: float = 0.1, random_state=None):
    """Two interleaving half circles, labels 0 and 1."""
    from sklearn.datasets import make_moons as _sk_moons

    n_samples, noise = _check_size(n_samples, noise)
    return _as_tensors(*_sk_moons(n_samples, noise=noise, random_state=_sklearn_seed(random_state)))


def make_circles(n_samples: int = 300, noise: float = 0.08, factor: float = 0.5, random_state=None):
    """A small circle (label 1) inside a large one (label 0)."""
    from sklearn.datasets import make_circles as _sk_circles

    n_samples, noise = _check_size(n_samples, noise)
    factor = check_number(factor, "factor", low=0.0, high=1.0, low_inclusive=False, high_inclusive=False)
    return _as_tensors(*_sk_circles(n_samples, noise=noise, factor=factor, random_state=_sklearn_seed(random_state)))


def make_xor(n_samples: int = 300, noise: float = 0.3, random_state=None):
    """Four blobs at the corners of a square; opposite corners share a label."""
    n_samples, noise = _check_size(n_samples, noise)
    rng = _rng(random_state)
    corners = np.array([[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [1.0, -1.0]])
    which = rng.integers(0, 4, size=n_samples)
    x = corners[which] + rng.normal(0.0, noise, size=(n_samples, 2))
    return _as_tensors(x, (which >= 2).astype(np.int64))


def make_spirals(n_samples: int = 300, n_classes: int = 2, noise: float = 0.1, turns: float = 1.25,
                 random_state=None):
    """``n_classes`` interleaved spiral arms, one label per arm (2 or more classes)."""
    n_samples, noise = _check_size(n_samples, noise)
    n_classes = check_int(n_classes, "n_classes", low=2, high=10)
    turns = check_number(turns, "turns", low=0.1, high=5.0)
    rng = _rng(random_state)
    y = np.arange(n_samples) % n_classes
    t = rng.uniform(0.05, 1.0, size=n_samples)  # position along the arm
    angle = 2 * math.pi * (turns * t + y / n_classes)
    x = np.stack([t * np.cos(angle), t * np.sin(angle)], axis=1) * 2.0
    x += rng.normal(0.0, noise, size=x.shape) * 0.5
    return _as_tensors(x, y)


def ring_centers(n_modes: int = 8, radius: float = 2.0) -> torch.Tensor:
    """The centres of the ring's modes, at angles 2*pi*k/n_modes for k = 0..n_modes-1.

    The end point is excluded on purpose: ``np.linspace(0, 2*pi, 8)`` would put
    the last centre on top of the first and leave only 7 distinct modes.
    """
    n_modes = check_int(n_modes, "n_modes", low=1, high=1000)
    radius = check_number(radius, "radius", low=0.0, low_inclusive=False)
    angles = 2 * np.pi * np.arange(n_modes) / n_modes
    return torch.from_numpy(np.stack([np.cos(angles), np.sin(angles)], 1).astype(np.float32) * radius)


def grid_centers(size: int = 5, spacing: float = 2.0) -> torch.Tensor:
    """The ``size`` x ``size`` centres of the grid of Gaussians, centred on the origin."""
    size = check_int(size, "size", low=1, high=100)
    spacing = check_number(spacing, "spacing", low=0.0, low_inclusive=False)
    ticks = (np.arange(size) - (size - 1) / 2) * spacing
    gx, gy = np.meshgrid(ticks, ticks)
    return torch.from_numpy(np.stack([gx.ravel(), gy.ravel()], 1).astype(np.float32))


def _mixture(centers: torch.Tensor, n_samples: int, std: float, random_state):
    n_samples, std = _check_size(n_samples, std, "std")
    rng = _rng(random_state)
    which = rng.integers(0, len(centers), size=n_samples)
    x = centers.numpy()[which] + rng.normal(0.0, std, size=(n_samples, 2))
    return _as_tensors(x, which)


def make_ring(n_samples: int = 2500, n_modes: int = 8, radius: float = 2.0, std: float = 0.02,
              random_state=None):
    """A ring of Gaussians, the standard GAN mode-collapse benchmark; labels name the mode."""
    return _mixture(ring_centers(n_modes, radius), n_samples, std, random_state)


def make_grid(n_samples: int = 2500, size: int = 5, spacing: float = 2.0, std: float = 0.05,
              random_state=None):
    """A ``size`` x ``size`` grid of Gaussians (25 modes by default); labels name the mode."""
    return _mixture(grid_centers(size, spacing), n_samples, std, random_state)


TOY_SETS = {
    "moons": make_moons,
    "circles": make_circles,
    "xor": make_xor,
    "spirals": make_spirals,
    "ring": make_ring,
    "grid": make_grid,
}


def make_toy(name: str, n_samples: int = 300, random_state=None, **kwargs):
    """Any toy set by name: one of ``TOY_SETS``."""
    check_choice(name, "name", TOY_SETS)
    return TOY_SETS[name](n_samples=n_samples, random_state=random_state, **kwargs)


# --------------------------------------------------------------------------- a sensor-like signal (notebook 05)

def make_sensor_signal(num_steps: int = 6000, *, n_faults: int = 12, fault_length: int = 40,
                       noise: float = 0.05, random_state=None):
    """A sensor-like signal (two daily-like cycles plus noise) with injected faults.

    Returns ``(signal, is_fault)``: float arrays of shape (num_steps,). Three
    kinds of fault are injected, each over ``fault_length`` steps at random
    places after the first fifth of the signal (which stays clean, for
    training): a spike, a stuck sensor (flat line) and a burst of extra noise.
    Used by notebook 05.
    """
    num_steps = check_int(num_steps, "num_steps", low=200)
    n_faults = check_int(n_faults, "n_faults", low=0)
    fault_length = check_int(fault_length, "fault_length", low=1, high=num_steps // 10)
    noise = check_number(noise, "noise", low=0.0)
    rng = _rng(random_state)
    t = np.arange(num_steps)
    signal = np.sin(2 * np.pi * t / 100) + 0.5 * np.sin(2 * np.pi * t / 37 + 1.0)
    signal = signal + rng.normal(0.0, noise, num_steps)
    is_fault = np.zeros(num_steps)
    clean_until = num_steps // 5
    starts = np.sort(rng.choice(np.arange(clean_until, num_steps - fault_length, fault_length * 2),
                                size=n_faults, replace=False)) if n_faults else []
    for i, start in enumerate(starts):
        part = slice(start, start + fault_length)
        kind = i % 3
        if kind == 0:    # spike
            signal[start + fault_length // 2] += 2.5
            is_fault[start + fault_length // 2 - 2: start + fault_length // 2 + 3] = 1
            continue
        if kind == 1:    # stuck sensor
            signal[part] = signal[start]
        else:            # noise burst
            signal[part] += rng.normal(0.0, 0.4, fault_length)
        is_fault[part] = 1
    return signal, is_fault


def sliding_windows(signal, width: int = 50, step: int = 10, is_fault=None):
    """Cut a 1-D signal into overlapping windows, one window per row.

    Returns ``windows`` of shape (n_windows, width), and, when ``is_fault`` is
    given, also a boolean per window: True when any step inside it is faulty.
    Used by notebook 05.
    """
    signal = as_array(signal, "signal", ndim=1)
    if len(signal) < 2:
        raise ValueError(f"signal holds {len(signal)} value(s); cutting windows needs at least 2.")
    width = check_int(width, "width", low=2, high=len(signal))
    step = check_int(step, "step", low=1)
    starts = np.arange(0, len(signal) - width + 1, step)
    index = starts[:, None] + np.arange(width)[None, :]
    windows = signal[index]
    if is_fault is None:
        return windows
    is_fault = as_flags(is_fault, "is_fault")
    check_same_length(signal=signal, is_fault=is_fault)
    return windows, is_fault[index].max(axis=1) > 0
