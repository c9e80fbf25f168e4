"""Anomaly detection: learn what normal looks like, then score how far a sample is from it.

Used by notebook 05 (``notebooks/05_anomaly_detection.ipynb``), its exercises
and its threshold lab (``latentedu.widgets.anomaly``). One module per part, in
the order of the lesson; every name below is importable from
``latentedu.anomaly`` itself:

1. :mod:`~latentedu.anomaly.detectors`: three detectors with the scikit-learn
   outlier-detector shape (``fit`` / ``score_samples`` / ``decision_function`` /
   ``predict``; lower scores mean more abnormal, ``predict`` gives -1 for an
   outlier and +1 for an inlier): :class:`AutoencoderDetector` (reconstruction
   error, or the distance from a latent code to the nearest training codes),
   :class:`KNNDistanceDetector` (distance to the nearest training samples, a
   strong, simple baseline) and :class:`PCAReconstructionDetector` (PCA, the
   linear autoencoder).
2. :mod:`~latentedu.anomaly.evaluation`: the two honest protocols of the
   notebook (:func:`protocol_splits`, :func:`evaluate_detectors`),
   :func:`summarize` / :func:`format_table` for a readable table, and what a
   threshold decides (:func:`threshold_metrics`, :func:`roc_points`).
3. :mod:`~latentedu.anomaly.plots`: the ``plot_*`` functions.

:func:`make_sensor_signal` and :func:`sliding_windows` (a second kind of data)
live in :mod:`latentedu.data` and are importable from here too.
"""

from ..data import make_sensor_signal, sliding_windows
from .detectors import AutoencoderDetector, KNNDistanceDetector, PCAReconstructionDetector
from .evaluation import (PROTOCOLS, anomaly_labels, evaluate_detectors, format_table, protocol_splits, roc_points,
                         summarize, threshold_metrics)
from .plots import plot_confusion, plot_flagged, plot_method_comparison, plot_roc, plot_score_distributions

__all__ = [
    "PROTOCOLS",
    "AutoencoderDetector",
    "KNNDistanceDetector",
    "PCAReconstructionDetector",
    "anomaly_labels",
    "evaluate_detectors",
    "format_table",
    "make_sensor_signal",
    "plot_confusion",
    "plot_flagged",
    "plot_method_comparison",
    "plot_roc",
    "plot_score_distributions",
    "protocol_splits",
    "roc_points",
    "sliding_windows",
    "summarize",
    "threshold_metrics",
]
