"""Quality figures of chapter 04, read from the lesson's kernel after it ran.

For each of the six maps (PCA, t-SNE with perplexity 30, UMAP with 15 neighbours; of the 450
held-out digits' pixels and of the autoencoder's 8-number codes): trustworthiness (5 neighbours,
against the space the map draws) and leave-one-out 5-NN accuracy in the map. Also the kNN accuracy
of the spaces themselves, the controlled blobs' distortion of sizes and distances by t-SNE and UMAP, the
correlation of pair distances between the pixels and each map of them, the
seconds each map took (UMAP's first fit includes its compile), and the explorer's extra maps.
"""

NOTEBOOK = "notebooks/04_latent_maps.ipynb"

_MAPS = {f"{space}_{method}": (space, method) for space in ("pixels", "codes") for method in ("pca", "tsne", "umap")}

FIGURES = {
    **{f"trust_{name}": f"quality[{key!r}].trustworthiness" for name, key in _MAPS.items()},
    **{f"knn_acc_map_{name}": f"quality[{key!r}].knn_accuracy" for name, key in _MAPS.items()},
    **{f"seconds_{name}": f"seconds[{key!r}]" for name, key in _MAPS.items()},
    "knn_acc_pixels_64d": "knn['pixels (64 numbers)']",
    "knn_acc_pca_8d": "knn['PCA codes (8 numbers)']",
    "knn_acc_ae_codes_8d": "knn['autoencoder codes (8 numbers)']",
    "blobs_true_spread_ratio": "float(blob_ratios['data'][0])",
    "blobs_tsne_spread_ratio": "float(blob_ratios['t-SNE'][0])",
    "blobs_umap_spread_ratio": "float(blob_ratios['UMAP'][0])",
    "blobs_true_far_near_ratio": "float(blob_ratios['data'][1])",
    "blobs_tsne_far_near_ratio": "float(blob_ratios['t-SNE'][1])",
    "blobs_umap_far_near_ratio": "float(blob_ratios['UMAP'][1])",
    "knn_acc_pixels_vs_training": "float(knn_among_training)",
    **{f"distance_r_pixels_{m}": f"float(distance_r[{m!r}])" for m in ("pca", "tsne", "umap")},
    "interp_middle_latent_rebuild_change": "float(rebuild_error(latent_frames)[steps // 2])",
    "interp_middle_pixel_rebuild_change": "float(rebuild_error(pixel_frames)[steps // 2])",
    "notebook_seconds": "time.perf_counter() - start_notebook",
}
