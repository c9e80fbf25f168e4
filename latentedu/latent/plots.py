"""Pictures of maps and of rows of images: ``plot_*(ax, ...) -> ax``."""

from __future__ import annotations

import numpy as np

from .._validation import as_array, as_labels, check_axes, check_index, check_number, check_same_length
from ..plotting import CLASS_COLORS, image_rows
from .maps import MapQuality, _check_points

__all__ = ["plot_map", "plot_neighbors", "plot_rows"]


def plot_map(ax, embedding, labels, *, title: str | None = None, quality: MapQuality | None = None,
             highlight: int | None = None, marked=None, size: float = 8):
    """Draw a 2-D map coloured by label; a star on point ``highlight``, rings round the points in ``marked``.

    With ``quality`` the title carries its trustworthiness and kNN accuracy.
    One scatter call for all points, so a widget can redraw it quickly.
    """
    embedding = _check_points(embedding, "embedding")
    labels = as_labels(labels, "labels")
    if len(labels) != len(embedding) or embedding.shape[1] != 2:
        raise ValueError(f"Expected a map of shape (n, 2) and n labels; got {embedding.shape} and {len(labels)}.")
    size = check_number(size, "size", low=0.0)
    colors = np.array(CLASS_COLORS)[labels % len(CLASS_COLORS)]
    check_axes(ax)
    ax.scatter(embedding[:, 0], embedding[:, 1], s=size, c=colors, alpha=0.7, linewidths=0)
    if marked is not None and len(marked):
        pts = embedding[np.asarray(marked, dtype=int)]
        ax.scatter(pts[:, 0], pts[:, 1], s=70, facecolors="none", edgecolors="black", linewidths=1.2)
    if highlight is not None:
        index = check_index(highlight, len(embedding), "highlight")
        ax.scatter(*embedding[index], s=180, marker="*", color="black", edgecolors="white", zorder=5)
    text = title or ""
    if quality is not None:
        text += f"\ntrust {quality.trustworthiness:.3f} · kNN acc {quality.knn_accuracy:.3f}"
    ax.set_title(text, fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def plot_rows(ax, rows: dict):
    """Rows of images tiled into one picture on ``ax``, each row named on its left.

    ``rows`` maps a row's name to an array of images (one per row of the
    array, all rows of the dict with the same image size); shorter rows are
    padded with white. One ``imshow`` (of :func:`latentedu.plotting.image_rows`),
    so a widget can redraw it quickly.
    """
    canvas, names = image_rows(rows)
    check_axes(ax)
    for name, (x, y) in names.items():
        ax.text(x, y, name, fontsize=8, va="bottom", ha="left")
    ax.imshow(canvas, cmap="gray_r", vmin=0.0, vmax=1.0)
    ax.set_axis_off()
    return ax


def plot_neighbors(ax, images, query: int, neighbors: dict, labels=None):
    """The query image, then its neighbors, one row per entry of ``neighbors`` (``{name: indices}``).

    With ``labels`` each row's name says how many neighbors share the query's label.
    """
    check_axes(ax)
    return plot_rows(ax, _neighbor_rows(images, query, neighbors, labels))


def _neighbor_rows(images, query: int, neighbors: dict, labels=None) -> dict:
    """The rows :func:`plot_neighbors` draws (and the latent map explorer with it):
    ``{name: the query, a blank, then its neighbors}``."""
    images = _check_points(images, "images")
    query = check_index(query, len(images), "query")
    if not isinstance(neighbors, dict) or not neighbors:
        raise TypeError("neighbors must be a non-empty dict {name: indices}, e.g. {'pixels': nearest_neighbors(x, 0)}.")
    if labels is not None:
        labels = as_labels(labels, "labels")
        check_same_length(images=images, labels=labels)
    rows = {}
    for name, idx in neighbors.items():
        idx = np.asarray(idx, dtype=int)
        if labels is not None:
            same = int((np.asarray(labels)[idx] == np.asarray(labels)[query]).sum())
            name = f"{name}: {same}/{len(idx)} share its label"
        rows[name] = np.concatenate([images[[query]], np.zeros((1, images.shape[1])), images[idx]])
    return rows
