"""Quality figures of chapter 07, read from the lesson's kernel after it ran.

The headline: the FID-like and IS-like scores (chapter 06's quality meter, against the held-out
digits) of 500 samples drawn from N(0, I) and decoded, for the 2-D VAE (beta = 1) and the plain
2-D autoencoder, plus the autoencoder sampled from a Gaussian fitted to its codes and the reference
of 500 real training digits. Also the grid measures of holes, the beta sweep's reconstruction and
KL figures, and its training time. Section 8's 12-D comparison: the VAE's N(0, I) samples against
the autoencoder's N(0, I) and fitted-Gaussian samples (FID-like, precision, recall, classifier
confidence), and the decoded midpoints of 1000 pairs of held-out digits of different classes.
"""

NOTEBOOK = "notebooks/07_vaes.ipynb"

FIGURES = {
    "vae_prior_fid": "reports['VAE, beta=1, N(0, I)']['fid']",
    "vae_prior_is": "reports['VAE, beta=1, N(0, I)']['inception_score']",
    "vae_prior_precision": "reports['VAE, beta=1, N(0, I)']['precision']",
    "vae_prior_recall": "reports['VAE, beta=1, N(0, I)']['recall']",
    "ae_prior_fid": "reports['autoencoder, N(0, I)']['fid']",
    "ae_prior_is": "reports['autoencoder, N(0, I)']['inception_score']",
    "ae_fitted_gaussian_fid": "reports['autoencoder, fitted Gaussian']['fid']",
    "ae_fitted_gaussian_is": "reports['autoencoder, fitted Gaussian']['inception_score']",
    "vae_beta0_prior_fid": "reports['VAE, beta=0, N(0, I)']['fid']",
    "real_train_digits_fid": "reports['500 training digits']['fid']",
    "real_train_digits_is": "reports['500 training digits']['inception_score']",
    "ae_grid_empty_cells": "ae_empty",
    "vae_grid_empty_cells": "vae_empty",
    "ae_grid_precision": "ae_grid_precision",
    "vae_grid_precision": "vae_grid_precision",
    "vae_beta1_heldout_mse": "sweep.score(1.0, 'mse')",
    "vae_beta1_kl_nats": "sweep.score(1.0, 'kl')",
    "vae_beta4_active_dims": "sweep.score(4.0, 'active_dims')",
    "beta_sweep_seconds_6_models": "sweep.seconds",
    "vae12_heldout_mse": "pair_scores['mse']",
    "ae12_heldout_mse": "float(pair_ae_mse)",
    "vae12_active_dims": "pair_scores['active_dims']",
}
for _name, _key in (("VAE, N(0, I)", "vae12_prior"), ("autoencoder, N(0, I)", "ae12_prior"),
                    ("autoencoder, fitted Gaussian", "ae12_fitted_gaussian")):
    for _figure in ("fid", "precision", "recall", "confidence"):
        FIGURES[f"{_key}_{_figure}"] = f"compared.reports[{_name!r}][{_figure!r}]"
for _name, _key in (("VAE", "vae12_midpoint"), ("autoencoder", "ae12_midpoint")):
    for _figure in ("precision", "confidence"):
        FIGURES[f"{_key}_{_figure}"] = f"compared.midpoint_reports[{_name!r}][{_figure!r}]"
