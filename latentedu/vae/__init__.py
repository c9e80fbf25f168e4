"""Variational autoencoders: a latent space you can sample.

A plain autoencoder maps each digit to one point, and nothing tells the codes
where to go: the training codes form clusters with empty space between them,
and a code picked from that space decodes to something that is not a digit.
A variational autoencoder (VAE) encodes each digit as a small Gaussian cloud,
``N(mean, exp(log_var))``, decodes a point drawn from that cloud, and pays a
price (the KL divergence) for every cloud that strays from the prior
``N(0, I)``. The codes end up packed around the origin, so any point drawn
from ``N(0, I)`` decodes to something digit-like (Kingma & Welling, 2014,
"Auto-Encoding Variational Bayes"; Rezende, Mohamed & Wierstra, 2014).

Used by ``notebooks/07_vaes.ipynb`` and its widget (``latentedu.widgets.vae``).
The story, one file each:

1. ``model.py``, the VAE itself: :class:`VAE` with ``encode`` (mean and
   log-variance), ``reparameterize``, ``decode`` and ``forward``; the loss
   :func:`reconstruction_loss`, :func:`kl_divergence` and :func:`vae_loss`
   (the two parts returned separately, weighted by beta as in Higgins et al.,
   2017); :func:`train_vae` trains through :func:`latentedu.training.fit`;
   :func:`evaluate` measures a trained model.
2. ``sampling.py``, codes, grids and samples, for a VAE or a plain
   :class:`~latentedu.autoencoders.Autoencoder` alike: :func:`codes`,
   :func:`decode_codes`, :func:`code_limits`, :func:`latent_grid`,
   :func:`decode_grid`, :func:`empty_cells`, :func:`sample_prior`,
   :func:`sample_fitted_gaussian`, :func:`interpolate`.
3. ``sweep.py``, the beta sweep: :func:`beta_sweep` trains one VAE per beta
   side by side and caches the result; :func:`plain_autoencoder` trains (and
   caches) the chapter 03 autoencoder to compare with.
4. ``plots.py``: ``plot_*(ax, ...) -> ax``.
5. ``compare.py``, does the regular latent space pay? :func:`train_pair` trains
   a VAE and a plain autoencoder of the same shape and budget;
   :func:`compare_with_autoencoder` scores their samples (N(0, I), and a
   Gaussian fitted to the autoencoder's codes) and the decoded midpoints of
   :func:`interpolation_midpoints` between :func:`different_class_pairs` of
   held-out digits, with :func:`judge` (the quality meter plus the
   classifier's :func:`digit_confidence`).
"""

from .compare import (Comparison, compare_with_autoencoder, different_class_pairs, digit_confidence,
                      interpolation_midpoints, judge, train_pair)
from .model import VAE, VAELoss, evaluate, kl_divergence, reconstruction_loss, train_vae, vae_loss
from .plots import plot_beta_tradeoff, plot_codes, plot_manifold, plot_prior_contours
from .sampling import (code_limits, codes, decode_codes, decode_grid, empty_cells, interpolate, latent_grid,
                       sample_fitted_gaussian, sample_prior)
from .sweep import DEFAULT_BETAS, BetaSweep, beta_sweep, clear_sweep_cache, plain_autoencoder

__all__ = [
    "DEFAULT_BETAS",
    "VAE",
    "BetaSweep",
    "Comparison",
    "VAELoss",
    "beta_sweep",
    "clear_sweep_cache",
    "code_limits",
    "codes",
    "compare_with_autoencoder",
    "decode_codes",
    "decode_grid",
    "different_class_pairs",
    "digit_confidence",
    "empty_cells",
    "evaluate",
    "interpolate",
    "interpolation_midpoints",
    "judge",
    "kl_divergence",
    "latent_grid",
    "plot_beta_tradeoff",
    "plot_codes",
    "plot_manifold",
    "plot_prior_contours",
    "plain_autoencoder",
    "reconstruction_loss",
    "sample_fitted_gaussian",
    "sample_prior",
    "train_pair",
    "train_vae",
    "vae_loss",
]
