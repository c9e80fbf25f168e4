"""The benchmark's quality figures stay inside bands, so a change that quietly spoils a demonstration fails.

``benchmarks/run.py`` records each lesson's quality figures (``benchmarks/figures/NN_topic.py``)
in ``benchmarks/results/bench-*.json``. The bands below are what the lessons rely on: wide enough
for the spread over training seeds that ``benchmarks/seeds.py`` measured (its report is checked
against the same bands), narrow enough that a demonstration that stopped working falls outside.
The headline, the autoencoder-to-PCA error ratio at sizes 2 and 8, is also measured live here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# figure: (lowest allowed, highest allowed), with what the band protects
BANDS = {
    # chapter 00: two numbers keep much of a digit's identity; noise features drown 5-NN; distances concentrate
    "00_latent_space/pixel_1nn_accuracy": (0.96, 0.995),
    "00_latent_space/knn_accuracy_0_noise": (0.96, 0.995),
    "00_latent_space/knn_accuracy_1024_noise": (0.4, 0.85),          # well below the noise-free 0.98
    "00_latent_space/nf_ratio_uniform_d2": (0.0, 0.15),
    "00_latent_space/nf_ratio_uniform_d1000": (0.85, 0.97),
    "00_latent_space/nf_ratio_digits_64d": (0.15, 0.4),
    "00_latent_space/knn_accuracy_two_pixels": (0.28, 0.37),
    "00_latent_space/knn_accuracy_pca_2d": (0.58, 0.66),
    "00_latent_space/knn_accuracy_latent_2d": (0.66, 0.8),          # seeds 0-4: 0.713 to 0.736
    "00_latent_space/slant_within_digit_mean_r": (0.4, 0.8),        # seeds 0-4: 0.473 to 0.641
    "00_latent_space/overfit_gap_0_noise": (0.0, 0.04),              # seeds 0-4: 0.014
    "00_latent_space/overfit_gap_1024_noise": (0.08, 0.2),           # seeds 0-4: 0.107 to 0.133
    "00_latent_space/overfit_train_accuracy_1024_noise": (0.995, 1.0),
    "00_latent_space/overfit_test_accuracy_1024_noise": (0.8, 0.95),  # seeds 0-4: 0.867 to 0.893
    "01_weights_and_biases/cross_entropy_three_points": (0.4148, 0.4150),  # no seed enters it
    # chapter 01: the playground separates every data set; without a nonlinearity it stays at chance
    "01_weights_and_biases/playground_test_accuracy_moons": (0.95, 1.0),
    "01_weights_and_biases/playground_test_accuracy_circles": (0.95, 1.0),
    "01_weights_and_biases/playground_test_accuracy_xor": (0.95, 1.0),
    "01_weights_and_biases/playground_test_accuracy_spirals": (0.95, 1.0),
    "01_weights_and_biases/playground_test_accuracy_spirals3": (0.8, 1.0),  # seeds 0-4: 0.86 to 0.997
    "01_weights_and_biases/line_in_input_min": (0.3, 0.65),
    "01_weights_and_biases/line_in_hidden_min": (0.9, 1.0),
    "01_weights_and_biases/xor_hand_layer_accuracy": (0.95, 1.0),
    "01_weights_and_biases/circles_linear_activation_test_accuracy": (0.45, 0.55),
    "01_weights_and_biases/playground_parameters_moons": (88, 88),
    # chapter 02: the numpy rules are torch.optim's; backprop matches autograd and the numerical gradient
    "02_gradient_descent/max_diff_torch": (0.0, 1e-6),
    "02_gradient_descent/backprop_max_diff_autograd": (0.0, 1e-12),
    "02_gradient_descent/backprop_max_diff_numerical": (0.0, 1e-7),
    "02_gradient_descent/gd_steps_kappa_256": (800, 1100),
    "02_gradient_descent/momentum_steps_kappa_256": (80, 130),
    "02_gradient_descent/hidden_final_accuracy": (0.99, 1.0),
    "02_gradient_descent/regression_gap_to_least_squares": (0.0, 1e-6),
    "02_gradient_descent/minibatch_full_after_epoch1": (9.0, 11.0),            # no seed enters it: 9.951
    "02_gradient_descent/minibatch_b32_after_epoch1": (0.7, 2.0),             # seeds 0-4: 0.961 to 1.179
    "02_gradient_descent/minibatch_b32_over_full_after_7_steps": (0.8, 1.2),  # seeds 0-4: 0.90 to 1.10
    "02_gradient_descent/minibatch_b1_last_epoch_range": (0.2, 0.7),          # seeds 0-4: 0.308 to 0.442
    "02_gradient_descent/minibatch_b32_last_epoch_range": (0.0, 0.02),        # seeds 0-4: 0.0013 to 0.0054
    "02_gradient_descent/gradient_spread_b32": (0.1, 0.3),                    # seeds 0-4: 0.153 to 0.216
    # chapter 03: the autoencoder beats PCA at 2 and 8; a slow one does not; a linear one is PCA
    "03_autoencoders/ae_over_pca_k2": (0.55, 0.85),                  # seeds 0-4: 0.66 to 0.74
    "03_autoencoders/ae_over_pca_k8": (0.6, 0.92),                   # seeds 0-4: 0.74 to 0.84
    "03_autoencoders/ae_over_pca_k8_lr3e-4": (1.2, 2.2),             # seeds 0-4: 1.55 to 1.81
    "03_autoencoders/linear_ae_over_pca_k4": (0.999, 1.02),          # seeds 0-4: 1.0002 to 1.0106
    "03_autoencoders/slant_r2_from_4d_code": (0.4, 0.85),
    "03_autoencoders/ink_r2_from_4d_code": (-0.1, 0.3),
    "03_autoencoders/denoise_mse_denoising_ae_k8": (0.025, 0.0385),  # below PCA's 0.0386
    "03_autoencoders/denoise_mse_pca_k8": (0.037, 0.040),
    "03_autoencoders/logreg_accuracy_raw_pixels": (0.95, 0.99),
    "03_autoencoders/logreg_accuracy_pca_k2": (0.55, 0.62),
    "03_autoencoders/logreg_accuracy_ae_k2": (0.64, 0.8),            # seeds 0-4: 0.69 to 0.73
    # few labels (1-NN, mean over 5 label draws): pixels lead on clean digits, codes pay on noisy ones
    "03_autoencoders/few_label_1nn_clean_pixels_n3": (0.76, 0.83),   # seeds 0-4: 0.786 to 0.800
    "03_autoencoders/few_label_1nn_clean_ae8_n3": (0.67, 0.8),       # seeds 0-4: 0.712 to 0.778
    "03_autoencoders/few_label_1nn_clean_pixels_n30": (0.93, 0.97),
    "03_autoencoders/few_label_1nn_noisy_pixels_n3": (0.38, 0.48),
    "03_autoencoders/few_label_1nn_noisy_dae8_n3": (0.49, 0.6),      # seeds 0-4: 0.530 to 0.558
    "03_autoencoders/few_label_1nn_noisy_pca8_n3": (0.48, 0.58),
    "03_autoencoders/few_label_1nn_noisy_ae8_n3": (0.25, 0.42),
    # chapter 04: t-SNE and UMAP keep neighbourhoods far better than PCA; 8 numbers keep most of the
    # kNN accuracy; the blobs' sizes and distances are not kept; decoded frames lie on the decoder's surface
    "04_latent_maps/trust_pixels_pca": (0.78, 0.86),
    "04_latent_maps/trust_pixels_tsne": (0.97, 1.0),                 # seeds 0-4: 0.990 to 0.990
    "04_latent_maps/trust_pixels_umap": (0.97, 1.0),                 # seeds 0-4: 0.985 to 0.987
    "04_latent_maps/trust_codes_pca": (0.78, 0.93),                  # seeds 0-4: 0.827 to 0.883
    "04_latent_maps/trust_codes_tsne": (0.97, 1.0),
    "04_latent_maps/trust_codes_umap": (0.97, 1.0),
    "04_latent_maps/knn_acc_map_pixels_tsne": (0.92, 0.98),          # seeds 0-4: 0.949 to 0.951
    "04_latent_maps/knn_acc_map_pixels_umap": (0.91, 0.97),          # seeds 0-4: 0.933 to 0.947
    "04_latent_maps/knn_acc_map_codes_tsne": (0.83, 0.92),           # seeds 0-4: 0.864 to 0.889
    "04_latent_maps/knn_acc_map_codes_umap": (0.83, 0.92),           # seeds 0-4: 0.860 to 0.882
    "04_latent_maps/knn_acc_pixels_64d": (0.95, 0.965),
    "04_latent_maps/knn_acc_pca_8d": (0.91, 0.94),
    "04_latent_maps/knn_acc_ae_codes_8d": (0.86, 0.92),              # seeds 0-4: 0.871 to 0.898
    "04_latent_maps/blobs_true_spread_ratio": (12.0, 20.0),
    "04_latent_maps/blobs_tsne_spread_ratio": (0.5, 3.0),            # seeds 0-4: 1.01 to 1.28
    "04_latent_maps/blobs_true_far_near_ratio": (5.5, 8.0),
    "04_latent_maps/blobs_tsne_far_near_ratio": (0.5, 2.5),          # seeds 0-4: 0.97 to 2.02
    "04_latent_maps/interp_middle_latent_rebuild_change": (0.0, 0.005),
    "04_latent_maps/interp_middle_pixel_rebuild_change": (0.005, 0.012),
    # chapter 05: the tuned SVM and the kNN distance lead on novelty; contamination costs everyone,
    # LOF most; the kNN distance stays best under contamination
    "05_anomaly_detection/roc_auc_novelty_ocsvm_tuned": (0.975, 0.995),   # seeds 0-4: 0.987 to 0.989
    "05_anomaly_detection/roc_auc_novelty_knn_pixels": (0.975, 0.995),    # seeds 0-4: 0.984 to 0.986
    "05_anomaly_detection/roc_auc_novelty_ae_latent_knn": (0.91, 0.96),   # seeds 0-4: 0.927 to 0.939
    "05_anomaly_detection/roc_auc_novelty_ae_reconstruction": (0.89, 0.945),  # seeds 0-4: 0.912 to 0.928
    "05_anomaly_detection/roc_auc_novelty_lof_k5": (0.94, 0.985),
    "05_anomaly_detection/roc_auc_novelty_pca_reconstruction": (0.86, 0.90),  # seeds 0-4: 0.877 to 0.887
    "05_anomaly_detection/roc_auc_novelty_isolation_forest": (0.64, 0.76),    # seeds 0-4: 0.676 to 0.716
    "05_anomaly_detection/roc_auc_novelty_ocsvm_default": (0.65, 0.71),       # seeds 0-4: 0.674 to 0.682
    "05_anomaly_detection/roc_auc_contaminated_knn_pixels": (0.80, 0.86),     # seeds 0-4: 0.825 to 0.834
    "05_anomaly_detection/roc_auc_contaminated_lof_k5": (0.50, 0.66),         # seeds 0-4: 0.552 to 0.601
    "05_anomaly_detection/roc_auc_contaminated_ae_latent_knn": (0.72, 0.80),  # seeds 0-4: 0.755 to 0.774
    "05_anomaly_detection/roc_auc_contaminated_ae_reconstruction": (0.73, 0.83),  # seeds 0-4: 0.759 to 0.798
    "05_anomaly_detection/average_precision_novelty_knn_pixels": (0.8, 0.95),
    "05_anomaly_detection/average_precision_novelty_ae_latent_knn": (0.5, 0.8),
    "05_anomaly_detection/sensor_roc_auc_knn": (0.95, 0.99),
    "05_anomaly_detection/sensor_roc_auc_autoencoder": (0.88, 0.995),         # seeds 0-4: 0.923 to 0.974
    # chapter 06: 5 G steps per D step put every sample nearest one or two modes, off the modes; one step
    # each covers all 8; the digits GAN stays within 5x of real-against-real on FID-like
    "06_gans/ring_collapse_share_on_two_modes": (0.99, 1.0),
    "06_gans/ring_collapse_high_quality": (0.0, 0.02),               # seeds 0-4: 0 to 0.003
    "06_gans/ring_collapse_median_distance": (0.3, 0.8),             # seeds 0-4: 0.45 to 0.60
    "06_gans/ring_fast_modes": (8, 8),
    "06_gans/ring_fast_settled_modes": (8, 8),
    "06_gans/ring_fast_settled_high_quality": (0.5, 0.85),           # seeds 0-4: 0.615 to 0.759
    "06_gans/ring_fixed_smallest_mode_share": (0.01, 0.125),         # seeds 0-4: 0.016 to 0.095
    "06_gans/digits_gan_fid_ratio": (1.5, 5.0),                      # seeds 0-4: 2.94 to 4.37
    "06_gans/digits_gan_precision": (0.6, 0.8),                      # seeds 0-4: 0.676 to 0.738
    "06_gans/ink_shift_in_sd": (1.5, 4.0),                           # seeds 0-4: 2.36 to 3.15
    # chapter 07: in 12-D the VAE's prior samples beat the autoencoder's; a fitted Gaussian does better still
    # on FID-like; the VAE's midpoints are judged more digit-like
    "07_vaes/vae12_prior_fid": (6.0, 25.0),                     # seeds 0-4: 10.7 to 14.5
    "07_vaes/ae12_prior_fid": (60.0, 250.0),                    # seeds 0-4: 99.6 to 166.8
    "07_vaes/ae12_fitted_gaussian_fid": (5.0, 16.0),            # seeds 0-4: 8.0 to 10.8
    "07_vaes/vae12_prior_precision": (0.8, 0.96),               # seeds 0-4: 0.862 to 0.910
    "07_vaes/ae12_prior_precision": (0.25, 0.75),               # seeds 0-4: 0.358 to 0.638
    "07_vaes/vae12_midpoint_confidence": (0.85, 0.9),           # seeds 0-4: 0.871 to 0.877
    "07_vaes/ae12_midpoint_confidence": (0.81, 0.875),          # seeds 0-4: 0.837 to 0.863
}

# Figures added with issue 10; a benchmark result written before them lacks them.
NEW_FIGURES = {"00_latent_space/knn_accuracy_pca_2d", "00_latent_space/slant_within_digit_mean_r"}

# The same quantities in the seed report: (figure, claim name, value name)
IN_SEED_REPORT = [
    ("00_latent_space/knn_accuracy_latent_2d", "the 2-D latent code beats PCA's 2-D projection in 5-NN accuracy", "latent code"),
    ("00_latent_space/knn_accuracy_pca_2d", "the 2-D latent code beats PCA's 2-D projection in 5-NN accuracy", "PCA-2"),
    ("00_latent_space/slant_within_digit_mean_r",
     "inside the digits' clusters a latent direction follows slant (mean r over the ten digits above 0.4)", "mean r"),
    ("01_weights_and_biases/playground_test_accuracy_spirals3",
     "the network sorts the 3-class spirals, test points included (accuracy at least 0.8)", "test spirals3"),
    ("03_autoencoders/ae_over_pca_k2", "the autoencoder beats PCA at k = 2 and k = 8", "AE / PCA, k=2"),
    ("03_autoencoders/ae_over_pca_k8", "the autoencoder beats PCA at k = 2 and k = 8", "AE / PCA, k=8"),
    ("03_autoencoders/ae_over_pca_k8_lr3e-4", "at lr 3e-4 the autoencoder loses to PCA at k = 8", "AE / PCA, k=8"),
    ("03_autoencoders/linear_ae_over_pca_k4", "the linear autoencoder's held-out error is within 2% of PCA's at k = 4",
     "linear AE / PCA"),
    ("03_autoencoders/denoise_mse_denoising_ae_k8", "the denoising autoencoder beats PCA with 8 components on noisy digits",
     "denoising AE"),
    ("03_autoencoders/logreg_accuracy_ae_k2", "a 2-D autoencoder code beats PCA's 2-D code for the linear classifier", "AE-2"),
    *[(f"04_latent_maps/trust_{space}_{method}", "t-SNE and UMAP keep neighbourhoods better than PCA, in both spaces",
       f"{method} of {space}") for space in ("pixels", "codes") for method in ("pca", "tsne", "umap")],
    *[(f"04_latent_maps/knn_acc_map_{space}_{method}",
       "t-SNE and UMAP maps of the pixels keep digits apart better than maps of the codes", f"{method} of {space}")
      for space in ("pixels", "codes") for method in ("tsne", "umap")],
    ("04_latent_maps/knn_acc_ae_codes_8d", "8-number codes keep at least 90% of the pixels' kNN accuracy", "autoencoder codes"),
    ("04_latent_maps/blobs_tsne_spread_ratio",
     "t-SNE and UMAP both shrink the true size ratio and the true distance ratio of the blobs", "t-SNE wide/tight"),
    ("04_latent_maps/blobs_tsne_far_near_ratio",
     "t-SNE and UMAP both shrink the true size ratio and the true distance ratio of the blobs", "t-SNE far/near"),
    *[(f"05_anomaly_detection/roc_auc_contaminated_{short}", "the plain kNN distance is the best method under contamination",
       name) for short, name in (("knn_pixels", "kNN distance (pixels)"), ("lof_k5", "LOF (k=5)"),
                                 ("ae_latent_knn", "AE latent kNN"), ("ae_reconstruction", "AE reconstruction"))],
    ("05_anomaly_detection/roc_auc_novelty_ae_latent_knn", "latent distance beats reconstruction error on novelty ROC-AUC",
     "latent"),
    ("05_anomaly_detection/roc_auc_novelty_ae_reconstruction", "latent distance beats reconstruction error on novelty ROC-AUC",
     "reconstruction"),
    ("05_anomaly_detection/roc_auc_novelty_knn_pixels",
     "the tuned SVM and the pixel kNN distance lead on novelty ROC-AUC, ahead of latent kNN", "kNN distance (pixels)"),
    ("05_anomaly_detection/roc_auc_novelty_isolation_forest",
     "IsolationForest and the default-gamma SVM are the weakest on novelty, PCA reconstruction next", "IsolationForest"),
    ("05_anomaly_detection/sensor_roc_auc_autoencoder",
     "on the sensor windows the kNN distance is within 0.02 ROC-AUC of the autoencoder or better", "AE reconstruction"),
]


def _latest(pattern: str) -> dict:
    found = sorted((ROOT / "benchmarks" / "results").glob(pattern))
    assert found, f"no benchmarks/results/{pattern}"
    return json.loads(found[-1].read_text())


def _outside(value, band) -> bool:
    low, high = band
    return not (low <= value <= high)


def test_the_latest_benchmark_keeps_every_figure_in_its_band():
    quality = _latest("bench-*.json")["quality"]
    missing = [name for name in BANDS if name not in quality and name not in NEW_FIGURES]
    assert not missing, f"the latest benchmark lacks the figures {missing} (benchmarks/figures/ renamed them?)"
    outside = {name: (quality[name], band) for name, band in BANDS.items()
               if name in quality and _outside(quality[name], band)}
    assert not outside, f"figures outside their bands (value, band): {outside}"


def test_the_seed_report_stays_in_the_same_bands():
    claims = {e["name"]: e for e in _latest("seeds-*.json")["claims"]}
    outside = []
    for figure, name, key in IN_SEED_REPORT:
        assert name in claims, f"the latest seed report lacks “{name}”"
        values = [v[key] for v in claims[name]["values"]]
        outside += [(figure, seed, v) for seed, v in zip(claims[name]["seeds"], values) if _outside(v, BANDS[figure])]
    assert not outside, f"seed runs outside the figure's band (figure, seed, value): {outside}"


def test_bands_catch_a_figure_that_moved():
    assert _outside(1.01, BANDS["03_autoencoders/ae_over_pca_k2"])  # an autoencoder no better than PCA
    assert not _outside(0.69, BANDS["03_autoencoders/ae_over_pca_k2"])


@pytest.mark.parametrize("seed", [0])
def test_the_autoencoder_to_pca_ratio_at_2_and_8_measured_now(seed):
    """The headline, live: the lesson's sweep (sizes 2 and 8 only, the same per-size models)."""
    from latentedu import autoencoders as ae
    from latentedu.data import load_digits

    digits = load_digits()
    sweep = ae.bottleneck_sweep(digits.x_train, digits.x_test, sizes=[2, 8], epochs=60, lr=3e-3, random_state=seed)
    for k in (2, 8):
        pca_error, ae_error = sweep.errors_at(k)
        assert not _outside(ae_error / pca_error, BANDS[f"03_autoencoders/ae_over_pca_k{k}"]), (
            f"autoencoder / PCA at k = {k} is {ae_error / pca_error:.3f}, outside {BANDS[f'03_autoencoders/ae_over_pca_k{k}']}")
