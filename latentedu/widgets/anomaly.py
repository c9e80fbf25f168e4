"""The threshold lab of the anomaly-detection lesson (``notebooks/05_anomaly_detection.ipynb``).

- :func:`threshold_lab`: move a threshold along the score distribution and
  watch the confusion matrix, precision, recall, F1, the point on the ROC
  curve and the flagged images change. Scores are computed once when the demo
  is built, and the axes of each score are a backdrop drawn once; a change only
  counts and draws the threshold, the counts and the flagged images, from the
  same pieces as the ``plot_*`` functions of :mod:`latentedu.anomaly` (see
  ``latentedu.anomaly._pictures``).
"""

from __future__ import annotations

import functools

import numpy as np
from ipywidgets import Dropdown, FloatSlider
from matplotlib.colors import Normalize
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from .. import anomaly
from .._validation import as_array, check_same_length
from ..anomaly._pictures import (CONFUSION_CMAP, FRAME_STYLE, ROC_POINT_STYLE, THRESHOLD_STYLE, confusion_cells,
                                 confusion_frame, flagged_picture)
from ..plotting import digit_mosaic, square_images
from ._base import Backdrop, Demo, register

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
    tiles = square_images(images)
    scores = {name: as_array(s, f"scores[{name!r}]", ndim=1) for name, s in scores.items()}
    for name, s in scores.items():
        check_same_length(**{f"scores[{name!r}]": s, "is_anomaly": truth, "images": tiles})
    # precomputed once: the sorted scores give any quantile's threshold instantly
    sorted_scores = {name: np.sort(s) for name, s in scores.items()}
    mosaic_shape = digit_mosaic(tiles[:1], n_cols=n_images, n_rows=2).shape
    figsize, dpi = (10.0, 6.5), 64

    @functools.cache
    def backdrop(score_name: str) -> Backdrop:  # one per score
        def draw_static(fig):
            axes = fig.subplots(2, 2, gridspec_kw={"width_ratios": [1.25, 1], "left": 0.07, "right": 0.98,
                                                   "bottom": 0.08, "top": 0.95, "wspace": 0.25, "hspace": 0.32})
            hist, roc, flagged, confusion = axes[0, 0], axes[0, 1], axes[1, 0], axes[1, 1]
            anomaly.plot_score_distributions(hist, scores[score_name], truth, bins=30,
                                             xlabel=f"{score_name} (higher = more abnormal)")
            handles, labels = hist.get_legend_handles_labels()
            hist.legend(handles + [Line2D([], [], **THRESHOLD_STYLE)], labels + ["threshold"],
                        frameon=False, fontsize=8)
            anomaly.plot_roc(roc, scores[score_name], truth)
            for ax in (hist, roc):
                ax.locator_params(nbins=4)  # fewer tick labels: less text to draw
            confusion.imshow(np.zeros((2, 2)), cmap=CONFUSION_CMAP, vmin=0, vmax=1)  # the frame; the counts move
            confusion_frame(confusion)
            height, width = mosaic_shape
            flagged.set(xlim=(-0.5, width - 0.5), ylim=(height - 0.5, -0.5), aspect="equal")
            flagged.set_axis_off()
            return {"hist": hist, "roc": roc, "flagged": flagged, "confusion": confusion}

        return Backdrop(draw_static, figsize, dpi)

    for name in scores:  # drawn now, so that no control change has to
        backdrop(name)

    def draw(fig, score_name, quantile):
        score = scores[score_name]
        threshold = float(np.quantile(sorted_scores[score_name], quantile))
        m = anomaly.threshold_metrics(score, truth, threshold)
        static = backdrop(score_name)
        place = static.lay(fig)
        low, high = static.limits("hist").intervaly
        fig.add_artist(Line2D([threshold, threshold], [low, high], **THRESHOLD_STYLE,
                              transform=place["hist"], clip_box=static.area(fig, "hist")))
        fig.add_artist(Line2D([m["fpr"]], [m["recall"]], **ROC_POINT_STYLE, transform=place["roc"]))
        _draw_confusion(fig, static, place["confusion"], m["confusion"])
        _draw_flagged(fig, static, place["flagged"], tiles, score, truth, threshold, n_images, mosaic_shape)
        return (f"threshold {threshold:.4g} flags {m['n_flagged']} of {len(score)} · precision "
                f"{m['precision']:.2f} · recall {m['recall']:.2f} · F1 {m['f1']:.2f} · "
                f"false-positive rate {m['fpr']:.3f}")

    controls = {
        "score_name": Dropdown(options=list(scores), value=next(iter(scores)), description="score"),
        "quantile": FloatSlider(value=0.9, min=0.5, max=0.995, step=0.005, readout_format=".3f",
                                description="threshold q", continuous_update=True),
    }
    return Demo("Threshold lab", controls, draw, figsize=figsize, dpi=dpi)


def _draw_confusion(fig, backdrop, to_fig, confusion) -> None:
    """The counts of :func:`latentedu.anomaly.plot_confusion`, over the backdrop's empty matrix."""
    backdrop.image(fig, "confusion", confusion, (-0.5, 1.5, 1.5, -0.5), cmap=CONFUSION_CMAP,
                   norm=Normalize(0, max(1, confusion.max())), interpolation="nearest")
    for x, y, text, color in confusion_cells(confusion):
        fig.text(x, y, text, ha="center", va="center", fontsize=10, color=color, transform=to_fig)


def _draw_flagged(fig, backdrop, to_fig, tiles, score, truth, threshold, n, shape) -> None:
    """What :func:`latentedu.anomaly.plot_flagged` shows, on the backdrop's empty panel."""
    picture = flagged_picture(tiles, score, truth, n=n, threshold=threshold, n_rows=2)
    height, width = shape
    if picture is None:
        fig.text((width - 1) / 2, (height - 1) / 2, "nothing flagged", ha="center", va="center",
                 transform=to_fig)
        return
    backdrop.image(fig, "flagged", picture.mosaic, (-0.5, width - 0.5, height - 0.5, -0.5), cmap="gray_r",
                   norm=Normalize(0, 1), interpolation="nearest")
    for corner in picture.frames:
        fig.add_artist(Rectangle(corner, picture.side, picture.side, **FRAME_STYLE, transform=to_fig))
    fig.text(*backdrop.top_centre("flagged"), picture.title, ha="center", va="bottom", fontsize=9)
