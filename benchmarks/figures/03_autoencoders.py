"""Quality figures of chapter 03, read from the lesson's kernel after it ran.

The headline: held-out reconstruction error (mean squared error on the 450 held-out digits) of
the 64-128-32-k autoencoder and of PCA with k components, at k = 2 and k = 8, and their ratio
(below 1 means the autoencoder is better). Also the linear autoencoder's agreement with PCA, the
denoising comparison, the classifier accuracies on codes, and the sweep's training time.
"""

NOTEBOOK = "notebooks/03_autoencoders.ipynb"

FIGURES = {
    "ae_heldout_mse_k2": "ae_err_2",
    "pca_heldout_mse_k2": "pca_err_2",
    "ae_over_pca_k2": "ae_err_2 / pca_err_2",
    "ae_heldout_mse_k8": "ae_err_8",
    "pca_heldout_mse_k8": "pca_err_8",
    "ae_over_pca_k8": "ae_err_8 / pca_err_8",
    "ae_over_pca_k8_lr3e-4": "slow.errors_at(8)[1] / slow.errors_at(8)[0]",
    "ae_over_pca_k12": "ratios[12]",
    "logreg_disagreements_k4": "disagree[4]",
    "logreg_disagreements_k8": "disagree[8]",
    "sweep_seconds_10_models": "sweep.seconds",
    "linear_ae_over_pca_k4": "linear_error / pca4_error",
    "linear_ae_max_principal_angle_deg": "float(angles.max())",
    "slant_r2_from_4d_code": "r_squared['slant']",
    "ink_r2_from_4d_code": "r_squared['ink']",
    "denoise_mse_noisy_input": "results['noisy input as it is']",
    "denoise_mse_plain_ae_k8": "results['plain autoencoder, k=8']",
    "denoise_mse_denoising_ae_k8": "results['denoising autoencoder, k=8']",
    "denoise_mse_pca_k8": "results['PCA, 8 components']",
    "logreg_accuracy_raw_pixels": "accuracies['raw']",
    "logreg_accuracy_pca_k2": "accuracies['pca2']",
    "logreg_accuracy_ae_k2": "accuracies['ae2']",
    "logreg_accuracy_pca_k8": "accuracies['pca8']",
    "logreg_accuracy_ae_k8": "accuracies['ae8']",
}
