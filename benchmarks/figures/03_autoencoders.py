"""Quality figures of chapter 03, read from the lesson's kernel after it ran.

The headline: held-out reconstruction error (mean squared error on the 450 held-out digits) of
the 64-128-32-k autoencoder and of PCA with k components, at k = 2 and k = 8, and their ratio
(below 1 means the autoencoder is better). Also the linear autoencoder's agreement with PCA, the
denoising comparison, the classifier accuracies on codes, the sweep's training time, and section 9's
few-label learning curves (1-NN accuracy on the held-out digits, mean of five draws of the labelled
images, at 1, 3 and 30 labels per class; clean digits, and digits with noise of std 0.4).
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
    "few_label_1nn_clean_pixels_n1": "few_clean.mean('pixels')[0]",
    "few_label_1nn_clean_pixels_n3": "few_clean.mean('pixels')[1]",
    "few_label_1nn_clean_pixels_n30": "few_clean.mean('pixels')[3]",
    "few_label_1nn_clean_pca4_n1": "few_clean.mean('PCA, 4 numbers')[0]",
    "few_label_1nn_clean_pca4_n3": "few_clean.mean('PCA, 4 numbers')[1]",
    "few_label_1nn_clean_pca4_n30": "few_clean.mean('PCA, 4 numbers')[3]",
    "few_label_1nn_clean_ae4_n1": "few_clean.mean('autoencoder, 4 numbers')[0]",
    "few_label_1nn_clean_ae4_n3": "few_clean.mean('autoencoder, 4 numbers')[1]",
    "few_label_1nn_clean_ae4_n30": "few_clean.mean('autoencoder, 4 numbers')[3]",
    "few_label_1nn_clean_pca8_n1": "few_clean.mean('PCA, 8 numbers')[0]",
    "few_label_1nn_clean_pca8_n3": "few_clean.mean('PCA, 8 numbers')[1]",
    "few_label_1nn_clean_pca8_n30": "few_clean.mean('PCA, 8 numbers')[3]",
    "few_label_1nn_clean_ae8_n1": "few_clean.mean('autoencoder, 8 numbers')[0]",
    "few_label_1nn_clean_ae8_n3": "few_clean.mean('autoencoder, 8 numbers')[1]",
    "few_label_1nn_clean_ae8_n30": "few_clean.mean('autoencoder, 8 numbers')[3]",
    "few_label_1nn_noisy_pixels_n1": "few_noisy.mean('pixels')[0]",
    "few_label_1nn_noisy_pixels_n3": "few_noisy.mean('pixels')[1]",
    "few_label_1nn_noisy_pixels_n30": "few_noisy.mean('pixels')[3]",
    "few_label_1nn_noisy_pca8_n1": "few_noisy.mean('PCA, 8 numbers')[0]",
    "few_label_1nn_noisy_pca8_n3": "few_noisy.mean('PCA, 8 numbers')[1]",
    "few_label_1nn_noisy_pca8_n30": "few_noisy.mean('PCA, 8 numbers')[3]",
    "few_label_1nn_noisy_ae8_n1": "few_noisy.mean('autoencoder, 8 numbers')[0]",
    "few_label_1nn_noisy_ae8_n3": "few_noisy.mean('autoencoder, 8 numbers')[1]",
    "few_label_1nn_noisy_ae8_n30": "few_noisy.mean('autoencoder, 8 numbers')[3]",
    "few_label_1nn_noisy_dae8_n1": "few_noisy.mean('denoising autoencoder, 8 numbers')[0]",
    "few_label_1nn_noisy_dae8_n3": "few_noisy.mean('denoising autoencoder, 8 numbers')[1]",
    "few_label_1nn_noisy_dae8_n30": "few_noisy.mean('denoising autoencoder, 8 numbers')[3]",
}
