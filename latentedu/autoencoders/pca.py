"""PCA from the singular value decomposition, and the angles between two subspaces.

PCA is the linear special case of an autoencoder: a linear autoencoder
trained to the end finds PCA's subspace (Baldi & Hornik 1989), which
:func:`principal_angles` measures.
"""

from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy as np

from .._validation import as_array, check_int, check_int_list

__all__ = ["PCA", "pca_errors", "pca_fit", "pca_project", "pca_reconstruct", "principal_angles"]


class PCA(NamedTuple):
    """A fitted PCA: the data's mean, orthonormal directions, and the variance along each."""

    mean: np.ndarray                      # (n_features,)
    components: np.ndarray                # (n_components, n_features), orthonormal rows
    explained_variance: np.ndarray        # (n_components,), variance of the data along each row
    explained_variance_ratio: np.ndarray  # (n_components,), share of the total variance


def pca_fit(x, n_components: int | None = None) -> PCA:
    """PCA of ``x`` (n_samples, n_features) from the singular value decomposition.

    Centre the data, take ``x_c = U S V^T``; the rows of ``V^T`` are the
    principal directions and ``S**2 / (n - 1)`` the variance along each
    (Pearson 1901; Hotelling 1933). Signs are fixed so that the largest entry of
    each direction is positive, as scikit-learn does, so results compare
    directly. Used by ``notebooks/03_autoencoders.ipynb`` and its widgets.
    """
    x = as_array(x, "x", ndim=2)
    n, d = x.shape
    if n < 2:
        raise ValueError(f"x has {n} sample(s); PCA needs at least 2 samples to measure variance.")
    limit = min(n, d)
    n_components = limit if n_components is None else check_int(n_components, "n_components", low=1, high=limit)
    mean = x.mean(axis=0)
    _, s, vt = np.linalg.svd(x - mean, full_matrices=False)
    signs = np.sign(vt[np.arange(len(vt)), np.abs(vt).argmax(axis=1)])
    vt = vt * signs[:, None]
    variance = s**2 / (n - 1)
    return PCA(mean, vt[:n_components], variance[:n_components], (variance / variance.sum())[:n_components])


def _check_pca(pca) -> PCA:
    if not isinstance(pca, PCA):
        raise TypeError(f"pca must be the result of pca_fit(x), got {type(pca).__name__}.")
    return pca


def _check_k(pca: PCA, k) -> int:
    n = len(pca.components)
    if k is None:
        return n
    return check_int(k, "k (the number of components)", low=1, high=n)


def pca_project(pca: PCA, x, k: int | None = None) -> np.ndarray:
    """The codes of ``x`` on the first ``k`` principal directions: (n_samples, k)."""
    pca = _check_pca(pca)
    k = _check_k(pca, k)
    x = as_array(x, "x", ndim=2, n_features=len(pca.mean))
    return (x - pca.mean) @ pca.components[:k].T


def pca_reconstruct(pca: PCA, codes) -> np.ndarray:
    """Rebuild samples from PCA codes (n_samples, k): ``mean + codes @ components[:k]``."""
    pca = _check_pca(pca)
    codes = as_array(codes, "codes", ndim=2)
    k = codes.shape[1]
    if not 1 <= k <= len(pca.components):
        raise ValueError(f"codes have {k} columns, but this PCA has {len(pca.components)} components; "
                         "pass codes from pca_project(pca, x, k) with k between 1 and that number.")
    return pca.mean + codes @ pca.components[:k]


def pca_errors(pca: PCA, x, ks: Sequence[int]) -> np.ndarray:
    """Mean squared reconstruction error of ``x`` with ``k`` components, for each ``k`` in ``ks``."""
    x = as_array(x, "x", ndim=2, n_features=len(_check_pca(pca).mean))
    if len(x) == 0:
        raise ValueError("x is empty: a mean error over no samples is undefined.")
    ks = check_int_list(ks, "ks", low=1, example="(1, 2, 8)")
    return np.array([((pca_reconstruct(pca, pca_project(pca, x, k)) - x) ** 2).mean() for k in ks])


def principal_angles(basis_a, basis_b) -> np.ndarray:
    """Principal angles in degrees between the subspaces spanned by the rows of two matrices.

    ``basis_a`` is (k_a, n_features) and ``basis_b`` (k_b, n_features); the rows
    need not be orthonormal (a decoder's weights transposed are fine). All
    angles near 0 mean the same subspace; 90 means a direction of one is
    orthogonal to the whole other. Returned largest first (scipy's
    ``subspace_angles`` order; Bjorck & Golub 1973).
    """
    from scipy.linalg import subspace_angles

    a = as_array(basis_a, "basis_a", ndim=2)
    b = as_array(basis_b, "basis_b", ndim=2, n_features=a.shape[1])
    for name, m in (("basis_a", a), ("basis_b", b)):
        if len(m) == 0:
            raise ValueError(f"{name} is empty: give at least one row to span a subspace.")
        if np.linalg.matrix_rank(m) < len(m):
            raise ValueError(f"The rows of {name} are linearly dependent, so they do not span a "
                             f"{len(m)}-dimensional subspace; drop the redundant rows.")
    return np.degrees(subspace_angles(a.T, b.T))
