"""The pictures of notebook 05: score histograms, the ROC curve, the confusion matrix, the flagged
images and the comparison of methods. The threshold lab (``latentedu.widgets.anomaly``) draws the
same pieces (see ``_pictures``).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .._validation import as_array, as_flags, check_axes, check_int, check_number, check_pair, check_same_length
from ..plotting import ANOMALY, NORMAL, square_images
from ._pictures import (CONFUSION_CMAP, FRAME_STYLE, ROC_POINT_STYLE, THRESHOLD_STYLE, confusion_cells,
                        confusion_frame, flagged_picture)
from .evaluation import _check_rows, roc_points

__all__ = ["plot_confusion", "plot_flagged", "plot_method_comparison", "plot_roc", "plot_score_distributions"]


def plot_score_distributions(ax, anomaly_score, is_anomaly, *, threshold: float | None = None,
                             bins: int = 40, xlabel: str = "anomaly score (higher = more abnormal)"):
    """Histograms of the anomaly scores of normal and anomalous samples (course colours)."""
    score = as_array(anomaly_score, "anomaly_score", ndim=1)
    truth = as_flags(is_anomaly, "is_anomaly")
    check_same_length(anomaly_score=score, is_anomaly=truth)
    threshold = None if threshold is None else check_number(threshold, "threshold")
    bins = check_int(bins, "bins", low=1)
    edges = np.histogram_bin_edges(score, bins=bins)
    check_axes(ax)
    for mask, color, label in ((~truth, NORMAL, "normal"), (truth, ANOMALY, "anomaly")):
        counts, _ = np.histogram(score[mask], bins=edges, density=mask.any())
        ax.stairs(counts, edges, fill=True, alpha=0.45, color=color, label=f"{label} ({int(mask.sum())})")
    if threshold is not None:
        ax.axvline(threshold, **THRESHOLD_STYLE, label="threshold")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("density")
    ax.legend(frameon=False, fontsize=8)
    return ax


def plot_roc(ax, anomaly_score, is_anomaly, *, point: tuple[float, float] | None = None,
             label: str | None = None, color=None):
    """The ROC curve (``sklearn.metrics.roc_curve``), its area in the legend, and an optional
    (false-positive rate, true-positive rate) point to mark."""
    point = None if point is None else check_pair(point, "point")
    fpr, tpr, auc = roc_points(anomaly_score, is_anomaly)
    check_axes(ax)
    ax.plot(fpr, tpr, color=color or ANOMALY, label=f"{label + ': ' if label else ''}ROC-AUC {auc:.3f}")
    ax.plot([0, 1], [0, 1], color="grey", lw=0.8, ls=":")
    if point is not None:
        ax.plot(*point, ls="none", **ROC_POINT_STYLE)
    ax.set_xlabel("false-positive rate")
    ax.set_ylabel("true-positive rate (recall)")
    ax.set_xlim(-0.01, 1.01)
    ax.set_ylim(-0.01, 1.01)
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    return ax


def plot_confusion(ax, confusion):
    """A 2x2 confusion matrix ``[[TN, FP], [FN, TP]]`` with counts written in the cells."""
    confusion = as_array(confusion, "confusion", ndim=2)
    if (confusion < 0).any() or not np.equal(np.mod(confusion, 1), 0).all():
        raise ValueError("confusion must hold counts (whole numbers >= 0), as threshold_metrics returns.")
    confusion = confusion.astype(np.int64)
    if confusion.shape != (2, 2):
        raise ValueError(f"confusion must be 2x2 ([[TN, FP], [FN, TP]]), got shape {confusion.shape}.")
    check_axes(ax)
    ax.imshow(confusion, cmap=CONFUSION_CMAP, vmin=0, vmax=max(1, confusion.max()))
    for x, y, text, color in confusion_cells(confusion):
        ax.text(x, y, text, ha="center", va="center", color=color, fontsize=10)
    return confusion_frame(ax)


def plot_flagged(ax, images, anomaly_score, *, n: int = 8, threshold: float | None = None,
                 is_anomaly=None):
    """The ``n`` most and ``n`` least anomalous flagged images (two rows; all if none is given
    a threshold). Anomalies get a red frame when ``is_anomaly`` is given."""
    from matplotlib.patches import Rectangle

    tiles = square_images(images)
    score = as_array(anomaly_score, "anomaly_score", ndim=1)
    truth = None if is_anomaly is None else as_flags(is_anomaly, "is_anomaly")
    check_same_length(images=tiles, anomaly_score=score, **({} if truth is None else {"is_anomaly": truth}))
    n = check_int(n, "n", low=1)
    threshold = None if threshold is None else check_number(threshold, "threshold")
    picture = flagged_picture(tiles, score, truth, n=n, threshold=threshold)
    check_axes(ax)
    if picture is None:
        ax.text(0.5, 0.5, "nothing flagged", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return ax
    ax.imshow(picture.mosaic, cmap="gray_r", vmin=0, vmax=1)
    ax.set_axis_off()
    for corner in picture.frames:
        ax.add_patch(Rectangle(corner, picture.side, picture.side, **FRAME_STYLE))
    ax.set_title(picture.title, fontsize=9)
    return ax


def plot_method_comparison(ax, summary: Sequence[dict], protocol: str = "novelty"):
    """Horizontal bars: mean ROC-AUC of every method on one protocol, with seconds per fold."""
    _check_rows(summary, "summary", "summarize")
    rows = [r for r in summary if r["protocol"] == protocol]
    if not rows:
        raise ValueError(f"summary has no rows for protocol {protocol!r}.")
    rows = sorted(rows, key=lambda r: r["roc_auc"])
    y = np.arange(len(rows))
    colors = [ANOMALY if r["method"].startswith("AE") else "#7f7f7f" for r in rows]
    check_axes(ax)
    ax.barh(y, [r["roc_auc"] for r in rows], color=colors)
    for i, r in enumerate(rows):
        ax.text(r["roc_auc"] + 0.005, i, f"{r['roc_auc']:.3f} ({r['seconds']:.2f} s)", va="center", fontsize=8)
    ax.set_yticks(y, [r["method"] for r in rows])
    ax.set_xlim(min(0.5, min(r["roc_auc"] for r in rows) - 0.05), 1.12)
    ax.set_xlabel("mean ROC-AUC (seconds per fold)")
    ax.set_title(f"protocol: {protocol}", fontsize=10)
    return ax
