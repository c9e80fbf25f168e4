"""The pieces the anomaly pictures are made of, shared by the ``plot_*`` functions and the threshold lab.

Each piece is numbers and a style: :mod:`latentedu.anomaly.plots` draws them
on an axes, and the threshold lab (``latentedu.widgets.anomaly``) adds the same
pieces to a figure over a pre-drawn backdrop. One drawing per picture: a test
compares the two.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validation import as_array, check_int
from ..plotting import ANOMALY, digit_mosaic

__all__ = ["CONFUSION_CMAP", "FRAME_STYLE", "ROC_POINT_STYLE", "THRESHOLD_STYLE", "FlaggedPicture",
           "confusion_cells", "confusion_frame", "flagged_picture", "flagged_rows"]

THRESHOLD_STYLE = {"color": "black", "lw": 1.5, "ls": "--"}  # the threshold on the score histograms
ROC_POINT_STYLE = {"marker": "o", "color": "black", "ms": 8}  # where the threshold sits on the ROC curve
FRAME_STYLE = {"fill": False, "ec": ANOMALY, "lw": 2}  # around a flagged image that is a true anomaly
CONFUSION_CMAP = "Blues"


def confusion_frame(ax):
    """What the confusion matrix's axes say whatever the counts: which cell is which."""
    ax.set_xticks([0, 1], ["said normal", "flagged"])
    ax.set_yticks([0, 1], ["normal", "anomaly"])
    return ax


def confusion_cells(confusion) -> list[tuple[int, int, str, str]]:
    """``[(column, row, text, colour)]`` written in the confusion matrix's cells: the name and
    count of each, white on the darker half of the blues."""
    confusion = np.asarray(confusion)
    names = [["TN", "FP"], ["FN", "TP"]]
    return [(j, i, f"{names[i][j]}\n{confusion[i, j]}", "white" if confusion[i, j] > confusion.max() / 2 else "black")
            for i in range(2) for j in range(2)]


def flagged_rows(anomaly_score, *, n: int = 8, threshold: float | None = None) -> list[np.ndarray]:
    """Indices of the flagged images shown: the ``n`` most anomalous flagged samples and, when more
    than ``n`` are flagged, the ``n`` least anomalous ones (each row highest score first); ``[]``
    when nothing reaches ``threshold``."""
    score = as_array(anomaly_score, "anomaly_score", ndim=1)
    n = check_int(n, "n", low=1, high=50)
    chosen = np.flatnonzero(score >= threshold) if threshold is not None else np.arange(len(score))
    order = chosen[np.argsort(-score[chosen], kind="stable")]
    if len(order) == 0:
        return []
    return [order[:n], order[::-1][:n][::-1]] if len(order) > n else [order]


class FlaggedPicture(NamedTuple):
    """The flagged images as one picture."""

    mosaic: np.ndarray   # the images tiled n per row, one blank pixel apart (NaN = blank)
    frames: list         # (x, y) of the top-left corner of each framed image, in the mosaic's pixels
    side: int            # the images' side in pixels (a frame is side x side)
    title: str


def flagged_picture(tiles: np.ndarray, anomaly_score, is_anomaly=None, *, n: int = 8,
                    threshold: float | None = None, n_rows: int | None = None) -> FlaggedPicture | None:
    """:func:`flagged_rows` of ``tiles`` (n_images, side, side) as a mosaic, the true anomalies among
    them framed when ``is_anomaly`` is given; ``None`` when nothing is flagged. ``n_rows`` fixes the
    mosaic's height (2 keeps a demo's picture the same size whatever is flagged)."""
    rows = flagged_rows(anomaly_score, n=n, threshold=threshold)
    if not rows:
        return None
    chosen = np.full(((n_rows or len(rows)) * n,), -1)
    for r, row in enumerate(rows):
        chosen[r * n: r * n + len(row)] = row
    blank = np.full(tiles.shape[1:], np.nan)
    mosaic = digit_mosaic(np.array([tiles[i] if i >= 0 else blank for i in chosen]), n_cols=n, n_rows=n_rows)
    side = tiles.shape[1]
    frames = [] if is_anomaly is None else [(c * (side + 1) - 0.5, r * (side + 1) - 0.5)
                                            for r, row in enumerate(rows) for c, i in enumerate(row) if is_anomaly[i]]
    title = "most anomalous (top) and least anomalous (bottom) flagged" if len(rows) == 2 else "flagged"
    return FlaggedPicture(mosaic, frames, side, title)
