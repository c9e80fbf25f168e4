"""Quality figures of chapter 00, read from the lesson's kernel after it ran."""

NOTEBOOK = "notebooks/00_latent_space.ipynb"

FIGURES = {
    "pixel_1nn_accuracy": "pixel_1nn_accuracy",
    "nf_ratio_uniform_d2": "float(study.nf_ratio[list(study.dims).index(2)])",
    "nf_ratio_uniform_d1000": "float(study.nf_ratio[list(study.dims).index(1000)])",
    "nf_ratio_digits_64d": "nf_digits",
    "knn_accuracy_0_noise": "float(curve.accuracy[0])",
    "knn_accuracy_1024_noise": "float(curve.accuracy[list(curve.noise_dims).index(1024)])",
    # section 3.5: the logistic regression's training and test accuracy, and their gap, with 0 and 1024 noise features
    "overfit_gap_0_noise": "float(fit_curve['gap'][0])",
    "overfit_gap_1024_noise": "float(fit_curve['gap'][-1])",
    "overfit_train_accuracy_1024_noise": "float(fit_curve['train'][-1])",
    "overfit_test_accuracy_1024_noise": "float(fit_curve['test'][-1])",
    "autoencoder_final_mse": "float(history[-1])",
    "knn_accuracy_two_pixels": "pixels2_acc",
    "knn_accuracy_pca_2d": "pca2_acc",
    "knn_accuracy_latent_2d": "latent_acc",
    "slant_latent_r": "slant_r",
    "ink_latent_r": "ink_r",
    "slant_r_best_digit": "per_digit[best_digit][0]",
    "slant_within_digit_mean_r": "float(within_slant.mean())",
}
