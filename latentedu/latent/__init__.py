"""Maps of a latent space, and what they can and cannot be trusted for.

A map squeezes points from a high-dimensional space (64 pixels, or an
autoencoder's codes) onto a plane so we can look at them. This module makes
such maps (PCA, t-SNE through scikit-learn, UMAP through umap-learn), scores
them (trustworthiness, kNN accuracy), compares nearest neighbours in latent
space and in pixel space, walks straight lines in both spaces, and builds a
controlled example of what a t-SNE picture hides.

Used by the chapter "Visualising and exploring latent space"
(``notebooks/04_latent_maps.ipynb``) and its widgets in
``latentedu/widgets/latent.py``. One file per idea: ``maps.py`` (making,
judging and collecting maps), ``neighbors.py`` (nearest neighbors and
straight paths), ``blobs.py`` (the controlled example), ``plots.py``.

References: L. van der Maaten and G. Hinton, "Visualizing Data using t-SNE",
JMLR 9 (2008); L. McInnes, J. Healy and J. Melville, "UMAP: Uniform Manifold
Approximation and Projection for Dimension Reduction", arXiv:1802.03426 (2018);
J. Venna and S. Kaski, "Neighborhood preservation in nonlinear projection
methods", ICANN 2001 (trustworthiness); M. Wattenberg, F. Viégas and I. Johnson,
"How to Use t-SNE Effectively", Distill (2016).
"""

from .blobs import centroid_distances, cluster_spread, make_uneven_blobs
from .maps import (DEFAULT_PARAM, METHODS, TSNE_ITERATIONS, Atlas, MapQuality, build_atlas, embed, knn_accuracy,
                   map_quality, setting_name, trustworthiness)
from .neighbors import latent_path, linear_path, nearest_distance, nearest_neighbors
from .plots import plot_map, plot_neighbors, plot_rows

__all__ = [
    "Atlas",
    "DEFAULT_PARAM",
    "METHODS",
    "MapQuality",
    "build_atlas",
    "centroid_distances",
    "cluster_spread",
    "embed",
    "knn_accuracy",
    "latent_path",
    "linear_path",
    "make_uneven_blobs",
    "map_quality",
    "nearest_distance",
    "nearest_neighbors",
    "plot_map",
    "plot_neighbors",
    "plot_rows",
    "TSNE_ITERATIONS",
    "setting_name",
    "trustworthiness",
]
