"""Dimensionality reduction and autoencoders: PCA, the linear case, and learned bottlenecks.

An encoder squeezes the input into a small latent code, a decoder rebuilds the
input from it, and training makes the rebuilt input match. PCA is the linear
special case (a linear autoencoder trained to the end finds PCA's subspace).

Used by the chapters on autoencoders (03, ``notebooks/03_autoencoders.ipynb``),
latent maps (04), anomaly detection (05) and VAEs (07). The story, in order
(``pca.py`` holds 1 and the angles of 2, ``model.py`` 3, 5 and the linear
autoencoder, ``sweep.py`` 4, ``plots.py`` 6):

1. PCA from the SVD: :func:`pca_fit`, :func:`pca_project`, :func:`pca_reconstruct`.
2. Comparing subspaces: :func:`principal_angles`, :func:`linear_autoencoder`.
3. Autoencoders: :class:`Autoencoder`, :func:`train_autoencoder`,
   :func:`reconstruction_error`, :func:`encode`, :func:`decode`.
4. The bottleneck sweep: :func:`bottleneck_sweep` trains one model per latent
   size (side by side, stacked: ``latentedu._stacks``) and measures them against PCA.
5. Properties nobody labelled: :func:`latent_ranges`, :func:`traverse` (ink and slant
   are measured by :mod:`latentedu.dimensions`, as in chapter 00).
6. Plots: ``plot_*(ax, ...) -> ax``.
7. Few labels (``few_labels.py``): :func:`draw_per_class` and :func:`few_label_curve` measure
   whether codes learned without labels help a 1-nearest-neighbour classifier that sees only a
   few labelled images per class; :func:`plot_learning_curves` draws the result.
"""

from .few_labels import DEFAULT_COUNTS, LearningCurves, draw_per_class, few_label_curve, plot_learning_curves
from .model import (Autoencoder, add_noise, decode, encode, latent_ranges, linear_autoencoder, reconstruction_error,
                    train_autoencoder, traverse)
from .pca import PCA, pca_errors, pca_fit, pca_project, pca_reconstruct, principal_angles
from .plots import plot_bottleneck_curve, plot_explained_variance, plot_reconstructions, plot_traversal
from .sweep import DEFAULT_SIZES, Sweep, bottleneck_sweep, clear_sweep_cache

__all__ = [
    "DEFAULT_COUNTS",
    "DEFAULT_SIZES",
    "LearningCurves",
    "PCA",
    "Autoencoder",
    "Sweep",
    "add_noise",
    "bottleneck_sweep",
    "clear_sweep_cache",
    "decode",
    "draw_per_class",
    "encode",
    "few_label_curve",
    "latent_ranges",
    "linear_autoencoder",
    "pca_errors",
    "pca_fit",
    "pca_project",
    "pca_reconstruct",
    "plot_bottleneck_curve",
    "plot_explained_variance",
    "plot_learning_curves",
    "plot_reconstructions",
    "plot_traversal",
    "principal_angles",
    "reconstruction_error",
    "train_autoencoder",
    "traverse",
]
