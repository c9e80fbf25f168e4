"""The threshold lab of the anomaly-detection lesson (``notebooks/05_anomaly_detection.ipynb``).

- :func:`threshold_lab`: move a threshold along the score distribution and
  watch the confusion matrix, precision, recall, F1, the point on the ROC
  curve and the flagged images change. Scores are computed once when the demo
  is built; a change only counts and draws.
"""

from __future__ import annotations

import numpy as np
from ipywidgets import Dropdown, FloatSlider

from .. import anomaly
from .._validation import as_array
from ._base import Demo, register

__all__ = ["default_lab_scores", "threshold_lab"]


def default_lab_scores(anomaly_class: int = 8, random_state: int = 0) -> dict:
    """Scores for the lab: an :class:`~latentedu.anomaly.AutoencoderDetector` trained on the
    digits' training split without ``anomaly_class``, scoring the test split.

    Returns ``{"scores": {name: anomaly score}, "is_anomaly", "images"}``
    (anomaly score = ``-score_samples``, higher = more abnormal).
    """
    from ..data import load_digits

    digits = load_digits()
    x_train = digits.x_train[digits.y_train != anomaly_class]
    detector = anomaly.AutoencoderDetector(random_state=random_state).fit(x_train)
    recon = detector.rescored(score_type="reconstruction")
    return {
        "scores": {"latent kNN distance": -detector.score_samples(digits.x_test),
                   "reconstruction error": -recon.score_samples(digits.x_test)},
        "is_anomaly": (digits.y_test == anomaly_class).numpy(),
        "images": digits.x_test.numpy(),
    }


@register
def threshold_lab(scores=None, is_anomaly=None, images=None, *, n_images: int = 8) -> Demo:
    """A threshold control moving along the score distribution, with everything it decides.

    ``scores`` is a dict ``{name: anomaly score}`` (higher = more abnormal) or
    one array; ``is_anomaly`` the truth; ``images`` the samples as rows of
    pixels (for the flagged pictures). With no arguments the lab builds its
    own scores with :func:`default_lab_scores` (a second or two).

    Controls: which score, and the threshold as a quantile of that score
    (0.90 flags the top 10 %). The picture: both score histograms with the
    threshold, the ROC curve with the current point, the confusion matrix, and
    the most and least anomalous flagged images (anomalies framed in red).
    Returns the demo; does not display it.
    """
    if scores is None:
        if is_anomaly is not None or images is not None:
            raise ValueError("Pass scores together with is_anomaly and images, or none of them.")
        built = default_lab_scores()
        scores, is_anomaly, images = built["scores"], built["is_anomaly"], built["images"]
    if not isinstance(scores, dict):
        scores = {"anomaly score": scores}
    if is_anomaly is None or images is None:
        raise ValueError("threshold_lab needs is_anomaly and images along with scores.")
    truth = as_array(is_anomaly, "is_anomaly", ndim=1).astype(bool)
    images = as_array(images, "images", ndim=2)
    scores = {name: as_array(s, f"scores[{name!r}]", ndim=1) for name, s in scores.items()}
    for name, s in scores.items():
        if len(s) != len(truth) or len(images) != len(truth):
            raise ValueError(f"scores[{name!r}] has {len(s)} entries, is_anomaly {len(truth)} and images "
                             f"{len(images)}: give one score, one flag and one image per sample.")
    # precomputed once: the sorted scores give any quantile's threshold instantly
    sorted_scores = {name: np.sort(s) for name, s in scores.items()}
    curves = {name: anomaly.roc_points(s, truth) for name, s in scores.items()}

    def draw(fig, score_name, quantile):
        score = scores[score_name]
        threshold = float(np.quantile(sorted_scores[score_name], quantile))
        m = anomaly.threshold_metrics(score, truth, threshold)
        tpr = m["recall"]
        # fixed margins instead of constrained layout: laying out four axes costs more than drawing them
        axes = fig.subplots(2, 2, gridspec_kw={"width_ratios": [1.25, 1], "left": 0.07, "right": 0.98,
                                               "bottom": 0.08, "top": 0.95, "wspace": 0.25, "hspace": 0.32})
        anomaly.plot_score_distributions(axes[0, 0], score, truth, threshold=threshold, bins=30,
                                         xlabel=f"{score_name} (higher = more abnormal)")
        anomaly.plot_roc(axes[0, 1], score, truth, point=(m["fpr"], tpr), curve=curves[score_name])
        for ax in (axes[0, 0], axes[0, 1]):
            ax.locator_params(nbins=4)  # fewer tick labels: text is the slowest thing to draw
        anomaly.plot_confusion(axes[1, 1], m["confusion"])
        anomaly.plot_flagged(axes[1, 0], images, score, n=n_images, threshold=threshold, is_anomaly=truth)
        return (f"threshold {threshold:.4g} flags {m['n_flagged']} of {len(score)} · precision "
                f"{m['precision']:.2f} · recall {m['recall']:.2f} · F1 {m['f1']:.2f} · "
                f"false-positive rate {m['fpr']:.3f}")

    controls = {
        "score_name": Dropdown(options=list(scores), value=next(iter(scores)), description="score"),
        "quantile": FloatSlider(value=0.9, min=0.5, max=0.995, step=0.005, readout_format=".3f",
                                description="threshold q", continuous_update=True),
    }
    return Demo("Threshold lab", controls, draw, figsize=(10.0, 6.5), dpi=64)
