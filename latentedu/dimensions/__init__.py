"""High-dimensional spaces and the curse of dimensionality, measured.

Used by ``notebooks/00_latent_space.ipynb`` (and its exercises). The story:
a digit is a point in a 64-D space of pixels; in many dimensions volume
hides in the corners, data gets sparse, distances between random points
become nearly equal, and irrelevant features drown a nearest-neighbour
classifier. A learned 2-D map of the digits then shows properties nobody
labelled (slant, amount of ink) as directions.

One file per part of that story: ``volume.py`` (the ball in the cube,
sparsity), ``distances.py`` (random points, their distances, irrelevant
features), ``properties.py`` (ink, slant and the directions that track them),
``plots.py`` (``plot_*(ax, ...) -> ax``). Compute functions are pure and
return numbers or arrays; the widget views live in
:mod:`latentedu.widgets.dimensions`.
"""

from .distances import (DIMENSIONS, DISTRIBUTIONS, Concentration, NoiseCurve, add_noise_dimensions,
                        distance_concentration, distance_samples, knn_noise_curve, nearest_farthest_ratio,
                        noise_fit_curve, pairwise_distances, relative_contrast, sample_points)
from .plots import (plot_ball_cube, plot_concentration_curve, plot_distance_histogram, plot_knn_noise,
                    plot_property_map)
from .properties import best_direction, correlation, ink, projection_correlation, slant
from .volume import ball_to_cube_ratio, ball_volume, cells_to_cover, edge_for_fraction, fraction_in_ball

__all__ = [
    "DIMENSIONS",
    "DISTRIBUTIONS",
    "Concentration",
    "NoiseCurve",
    "add_noise_dimensions",
    "ball_to_cube_ratio",
    "ball_volume",
    "best_direction",
    "cells_to_cover",
    "correlation",
    "distance_concentration",
    "distance_samples",
    "edge_for_fraction",
    "fraction_in_ball",
    "ink",
    "knn_noise_curve",
    "nearest_farthest_ratio",
    "noise_fit_curve",
    "pairwise_distances",
    "plot_ball_cube",
    "plot_concentration_curve",
    "plot_distance_histogram",
    "plot_knn_noise",
    "plot_property_map",
    "projection_correlation",
    "relative_contrast",
    "sample_points",
    "slant",
]
