"""Volume and sparsity: the ball in the cube, grid cells to cover, the edge of a neighbourhood."""

from __future__ import annotations

import math

import numpy as np

from .._validation import check_int, check_number, check_random_state

__all__ = ["ball_to_cube_ratio", "ball_volume", "cells_to_cover", "edge_for_fraction", "fraction_in_ball"]


def ball_volume(dim: int, radius: float = 1.0) -> float:
    """Volume of the ``dim``-dimensional ball: ``pi^(d/2) r^d / Gamma(d/2 + 1)``.

    Computed through ``math.lgamma`` so it stays finite where ``math.gamma``
    alone would overflow (d > 340); it underflows to 0.0 for huge ``dim``.
    """
    dim = check_int(dim, "dim", low=1, high=10_000_000)
    radius = check_number(radius, "radius", low=0.0)
    if radius == 0:
        return 0.0
    log_volume = dim / 2 * math.log(math.pi) + dim * math.log(radius) - math.lgamma(dim / 2 + 1)
    return math.exp(log_volume) if log_volume < 700 else math.inf


def ball_to_cube_ratio(dim: int) -> float:
    """Share of the cube [-1, 1]^d taken by the unit ball inside it: ``ball_volume(d) / 2^d``.

    1 in 1-D, pi/4 in 2-D, pi/6 in 3-D, and about 0.0025 in 10-D: almost
    all of a high-dimensional cube lies in its corners.
    """
    dim = check_int(dim, "dim", low=1, high=10_000_000)
    log_ratio = dim / 2 * math.log(math.pi) - math.lgamma(dim / 2 + 1) - dim * math.log(2.0)
    return math.exp(log_ratio)


def fraction_in_ball(dim: int, n_samples: int = 100_000, random_state=None, chunk: int = 20_000) -> float:
    """Monte Carlo estimate of :func:`ball_to_cube_ratio`: the share of uniform points of
    [-1, 1]^d whose distance from the centre is at most 1 (drawn in chunks to bound memory)."""
    dim = check_int(dim, "dim", low=1, high=100_000)
    n_samples = check_int(n_samples, "n_samples", low=1, high=100_000_000)
    chunk = check_int(chunk, "chunk", low=1)
    rng = np.random.default_rng(check_random_state(random_state))
    inside = 0
    for start in range(0, n_samples, chunk):
        size = min(chunk, n_samples - start)
        points = rng.uniform(-1.0, 1.0, size=(size, dim))
        inside += int(((points ** 2).sum(1) <= 1.0).sum())
    return inside / n_samples


def cells_to_cover(dim: int, per_axis: int = 10) -> int:
    """Number of cells in a grid with ``per_axis`` cells along each of ``dim`` axes: ``per_axis ** dim``.

    A data set needs about this many points to put one in every cell; the
    result is an exact Python integer, however large.
    """
    dim = check_int(dim, "dim", low=1, high=100_000)
    per_axis = check_int(per_axis, "per_axis", low=1)
    return per_axis ** dim


def edge_for_fraction(fraction: float, dim: int) -> float:
    """Edge of the sub-cube of the unit cube that holds ``fraction`` of uniform data: ``fraction ** (1/d)``.

    In 1-D, 1% of the data sits in 1% of the range; in 100-D the cube that
    holds 1% of it must span about 95% of every axis, so a "neighbourhood"
    is no longer local (Hastie, Tibshirani & Friedman, *The Elements of
    Statistical Learning*, section 2.5).
    """
    fraction = check_number(fraction, "fraction", low=0.0, high=1.0, low_inclusive=False)
    dim = check_int(dim, "dim", low=1, high=10_000_000)
    return fraction ** (1.0 / dim)
