"""Properties nobody labelled: the ink and slant of a digit, and the latent direction that tracks one."""

from __future__ import annotations

import numpy as np

from .._validation import as_array, check_same_length
from ..plotting import square_images

__all__ = ["best_direction", "correlation", "ink", "projection_correlation", "slant"]


def ink(images) -> np.ndarray:
    """Amount of ink of each image: its mean pixel intensity, shape (n,).

    Thick strokes light up more pixels, so this is a simple measure of stroke
    thickness (for 8x8 digits it also grows with the digit's size).
    """
    return _pixels(images).mean(axis=(1, 2))


def _pixels(images) -> np.ndarray:
    """Square images with no blank (NaN) pixels: ink and slant need every pixel's value."""
    arr = square_images(images)
    if np.isnan(arr).any():
        raise ValueError("images contains NaN pixels; ink and slant need every pixel's value.")
    return arr


def slant(images) -> np.ndarray:
    """Slant of each image from its second-order image moments, shape (n,).

    With the ink as a weight, ``slant = -cov(column, row) / var(row)``: how many
    columns the stroke moves to the right per row it goes up. Positive means
    leaning right (like /), negative leaning left (like \\). An image with all
    its ink in one row has slant 0.
    """
    arr = _pixels(images)
    mass = arr.sum(axis=(1, 2))
    if (mass <= 0).any():
        blank = int(np.flatnonzero(mass <= 0)[0])
        raise ValueError(f"Image {blank} has no ink (all pixels 0 or below), so its slant is undefined. "
                         "Leave blank images out.")
    rows = np.arange(arr.shape[1], dtype=np.float64)[None, :, None]
    cols = np.arange(arr.shape[2], dtype=np.float64)[None, None, :]
    row_mean = (arr * rows).sum(axis=(1, 2)) / mass
    col_mean = (arr * cols).sum(axis=(1, 2)) / mass
    d_row = rows - row_mean[:, None, None]
    d_col = cols - col_mean[:, None, None]
    cov = (arr * d_row * d_col).sum(axis=(1, 2)) / mass
    var_row = (arr * d_row ** 2).sum(axis=(1, 2)) / mass
    safe = np.where(var_row > 0, var_row, 1.0)
    return np.where(var_row > 0, -cov / safe, 0.0)


def correlation(a, b) -> float:
    """Pearson correlation of two equally long 1-D arrays."""
    a = as_array(a, "a", ndim=1)
    b = as_array(b, "b", ndim=1)
    check_same_length(a=a, b=b)
    if len(a) < 2 or a.std() == 0 or b.std() == 0:
        raise ValueError("A correlation needs at least 2 values that are not all equal in each array.")
    return float(np.corrcoef(a, b)[0, 1])


def best_direction(z, prop) -> np.ndarray:
    """The unit direction ``w`` in the latent space along which ``z @ w`` best tracks ``prop``.

    It is the least-squares fit ``prop ~ z @ beta + c`` with ``w = beta / |beta|``
    (ordinary linear regression); the correlation of ``prop`` with ``z @ w`` is
    then the largest any direction reaches on this data. Shape (latent_dim,).
    """
    z = as_array(z, "z", ndim=2)
    prop = as_array(prop, "prop", ndim=1)
    check_same_length(z=z, prop=prop)
    if len(z) <= z.shape[1] + 1:
        raise ValueError(f"Need more samples ({len(z)}) than latent dimensions + 1 ({z.shape[1] + 1}) "
                         "to fit a direction.")
    design = np.hstack([z, np.ones((len(z), 1))])
    coef, *_ = np.linalg.lstsq(design, prop, rcond=None)
    beta = coef[:-1]
    norm = np.linalg.norm(beta)
    if norm == 0:
        raise ValueError("prop does not vary linearly with z at all, so no direction tracks it.")
    return beta / norm


def projection_correlation(z, prop, direction) -> float:
    """Correlation of ``prop`` with the coordinate ``z @ direction`` (fit the direction on other data
    with :func:`best_direction` to get an honest, held-out number)."""
    z = as_array(z, "z", ndim=2)
    direction = as_array(direction, "direction", ndim=1)
    if len(direction) != z.shape[1]:
        raise ValueError(f"direction has {len(direction)} entries but z has {z.shape[1]} columns.")
    prop = as_array(prop, "prop", ndim=1)
    check_same_length(z=z, prop=prop)
    return correlation(z @ direction, prop)
