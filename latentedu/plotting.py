"""Shared drawing primitives: ``plot_*(ax, ...) -> ax``, and the course's colours.

Every helper draws on the ``ax`` it is given (matplotlib's object-oriented
style) and returns it; nothing here calls ``plt.show()`` or changes rcParams.
Topic modules keep their own special plots (``plot_descent_path`` lives in
``descent.py``) and use these colours, so a meaning keeps its colour across
the whole course.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_array, as_labels, check_axes, check_int, check_number, check_same_length

__all__ = [
    "ANOMALY",
    "CLASS_COLORS",
    "GENERATED",
    "NORMAL",
    "REAL",
    "class_cmap",
    "class_legend",
    "digit_mosaic",
    "image_rows",
    "plot_curve",
    "plot_decision_regions",
    "plot_digits",
    "plot_points",
    "square_images",
]

# One colour per meaning, everywhere in the course.
REAL = "#1f77b4"       # real data
GENERATED = "#ff7f0e"  # samples a model generated
NORMAL = "#2ca02c"     # normal (inlier) data
ANOMALY = "#d62728"    # anomalies
CLASS_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]  # labels 0-9


def class_cmap(n_classes: int = 10):
    """A listed colormap with the course's class colours (for regions and images)."""
    from matplotlib.colors import ListedColormap

    n_classes = check_int(n_classes, "n_classes", low=1)
    return ListedColormap(CLASS_COLORS[:n_classes])


def _colors_for(labels) -> list[str]:
    return [CLASS_COLORS[int(label) % len(CLASS_COLORS)] for label in labels]


def plot_points(ax, x, labels=None, *, color=None, size: float = 12, alpha: float = 0.8,
                legend: bool = True, annotate: bool = False, **kwargs):
    """Scatter 2-D points, coloured by integer ``labels`` (or one ``color``)."""
    x = as_array(x, "x", ndim=2, n_features=2)
    size = check_number(size, "size", low=0.0)
    alpha = None if alpha is None else check_number(alpha, "alpha", low=0.0, high=1.0)
    check_axes(ax)
    if labels is None:
        ax.scatter(x[:, 0], x[:, 1], s=size, alpha=alpha, color=color or REAL, linewidths=0, **kwargs)
        return ax
    labels = as_labels(labels, "labels")
    check_same_length(x=x, labels=labels)
    for label in np.unique(labels):
        mask = labels == label
        ax.scatter(x[mask, 0], x[mask, 1], s=size, alpha=alpha, color=_colors_for([label])[0],
                   linewidths=0, label=str(label), **kwargs)
        if annotate:
            cx, cy = np.median(x[mask], axis=0)
            ax.annotate(str(label), (cx, cy), fontsize=12, weight="bold", ha="center", va="center",
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "alpha": 0.7})
    if legend and len(np.unique(labels)) <= 10:
        class_legend(ax, labels, title=None, loc="best", fontsize=8)
    return ax


def class_legend(target, labels=range(10), *, title: str | None = "digit", size: float = 5, **kwargs):
    """A legend that names the colour of each label: one dot per distinct label, in the course's
    class colours, with the label as its text (``"0"`` to ``"9"`` for digits).

    ``target`` is the ``Axes`` (or ``Figure``) to put it on. The dots are stand-ins, so the legend
    works for a scatter drawn in one call with a colour per point (as the latent maps draw theirs).
    ``kwargs`` go to ``legend`` (``loc``, ``ncol``, ``fontsize``, ...). Returns the ``Legend``.
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    if not isinstance(target, (Axes, Figure)):
        raise TypeError(f"target must be a matplotlib Axes or Figure, got {type(target).__name__}.")
    shown = np.unique(as_labels(list(labels) if isinstance(labels, range) else labels, "labels"))
    if len(shown) == 0:
        raise ValueError("labels is empty: the legend needs at least one label to name.")
    size = check_number(size, "size", low=0.0, low_inclusive=False)
    handles = [Line2D([], [], linestyle="none", marker="o", markersize=size, markeredgewidth=0,
                      color=_colors_for([label])[0]) for label in shown]
    options = {"fontsize": 8, "frameon": False, "handletextpad": 0.2, "borderaxespad": 0.2, "title": title}
    options.update(kwargs)
    if options["title"] is not None:
        options.setdefault("title_fontsize", options["fontsize"])
    return target.legend(handles, [str(int(label)) for label in shown], **options)


def plot_digits(axes_or_fig, images, *, labels=None, n_cols: int | None = None, cmap: str = "gray_r",
                vmin: float = 0.0, vmax: float = 1.0, titles=None):
    """Draw 8x8 (or any square) images in a grid.

    ``axes_or_fig`` is a ``Figure`` (a grid of subplots is made on it) or an
    ``Axes`` (the images are tiled into one picture on it). Returns the
    figure or the axes.
    """
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if not isinstance(axes_or_fig, (Axes, Figure)):
        raise TypeError(f"axes_or_fig must be a matplotlib Figure or Axes, got {type(axes_or_fig).__name__}. "
                        "Make one with fig = plt.figure() or fig, ax = plt.subplots().")
    images = square_images(images)
    n = len(images)
    if n == 0:
        raise ValueError("images is empty: there is nothing to draw.")
    if labels is not None:
        labels = as_labels(labels, "labels")
        check_same_length(images=images, labels=labels)
    n_cols = min(n, 10) if n_cols is None else check_int(n_cols, "n_cols", low=1)
    n_rows = int(np.ceil(n / n_cols))
    if hasattr(axes_or_fig, "add_subplot"):
        fig = axes_or_fig
        axes = fig.subplots(n_rows, n_cols, squeeze=False)
        for i, ax in enumerate(axes.ravel()):
            ax.set_axis_off()
            if i < n:
                ax.imshow(images[i], cmap=cmap, vmin=vmin, vmax=vmax)
                title = titles[i] if titles is not None else (str(int(labels[i])) if labels is not None else None)
                if title is not None:
                    ax.set_title(title, fontsize=8)
        return fig
    ax = axes_or_fig
    ax.imshow(digit_mosaic(images, n_cols), cmap=cmap, vmin=vmin, vmax=vmax)
    ax.set_axis_off()
    return ax


def square_images(images, name: str = "images") -> np.ndarray:
    """Square images as an ``(n, side, side)`` float array, from one image of ``side * side`` pixels,
    ``(n, side * side)`` rows or ``(n, side, side)`` images; NaN stays NaN (a blank)."""
    images = as_array(images, name, allow_nan=True)
    if np.isinf(images).any():
        raise ValueError(f"{name} contains infinite values; pixels must be finite (NaN marks a blank).")
    if images.ndim == 1:
        images = images[None]
    if images.ndim == 2:
        side = int(round(np.sqrt(images.shape[1])))
        if side * side != images.shape[1]:
            raise ValueError(f"Each image of {name} must have a square number of pixels, got {images.shape[1]}.")
        images = images.reshape(len(images), side, side)
    if images.ndim != 3:
        raise ValueError(f"Expected {name} of shape (n, pixels) or (n, height, width), got shape {images.shape}.")
    return images


def digit_mosaic(images, n_cols: int, n_rows: int | None = None, *, row_gap: int = 1,
                 col_gap: int = 1) -> np.ndarray:
    """Images tiled into one array, row by row, with ``row_gap`` blank lines between rows and
    ``col_gap`` between columns (one pixel each by default).

    ``images`` are square images in any form :func:`square_images` takes. Gaps
    and unused tiles are NaN (transparent when drawn). ``n_rows`` fixes the
    height (a demo whose number of images varies keeps its picture the same size).
    """
    images = square_images(images)
    n, h, wdt = images.shape
    if n == 0:
        raise ValueError("images is empty: there is nothing to tile.")
    n_cols = check_int(n_cols, "n_cols", low=1)
    n_rows = int(np.ceil(n / n_cols)) if n_rows is None else check_int(n_rows, "n_rows", low=1)
    row_gap = check_int(row_gap, "row_gap", low=0)
    col_gap = check_int(col_gap, "col_gap", low=0)
    canvas = np.full((n_rows * (h + row_gap) - row_gap, n_cols * (wdt + col_gap) - col_gap), np.nan)
    for i, image in enumerate(images[:n_rows * n_cols]):
        r, c = divmod(i, n_cols)
        top, left = r * (h + row_gap), c * (wdt + col_gap)
        canvas[top:top + h, left:left + wdt] = image
    return canvas


def image_rows(rows: dict) -> tuple[np.ndarray, dict]:
    """Named rows of images as one picture: the :func:`digit_mosaic` of the rows (NaN = blank), each
    with three blank lines above it for its name, and per name the ``(x, y)`` in the picture's pixel
    coordinates where it is written. ``rows`` maps a name to an array of images (all of one size);
    shorter rows are padded with blanks."""
    if not isinstance(rows, dict) or not rows:
        raise TypeError("rows must be a non-empty dict such as {'pixel path': frames}.")
    blocks = {name: square_images(r, f"rows[{name!r}]") for name, r in rows.items()}
    sizes = {b.shape[1:] for b in blocks.values()}
    if len(sizes) != 1:
        raise ValueError(f"All rows must hold images of the same size; got sizes {sorted(sizes)}.")
    n_cols = max(len(b) for b in blocks.values())
    side = sizes.pop()
    tiles = np.full((len(blocks), n_cols, *side), np.nan)
    for r, block in enumerate(blocks.values()):
        tiles[r, :len(block)] = block
    label_space = 3  # blank lines above each row for its name
    mosaic = digit_mosaic(tiles.reshape(-1, *side), n_cols, row_gap=label_space)
    canvas = np.vstack([np.full((label_space, mosaic.shape[1]), np.nan), mosaic])
    band = side[0] + label_space
    return canvas, {name: (-0.5, r * band + 2.2) for r, name in enumerate(blocks)}


def plot_decision_regions(ax, predict, x, labels=None, *, resolution: int = 120, margin: float = 0.5,
                          n_classes: int | None = None, alpha: float = 0.25):
    """Shade the plane by ``predict(grid) -> labels`` and draw the points on top.

    ``predict`` takes an (n, 2) float32 numpy array and returns integer labels.
    """
    if not callable(predict):
        raise TypeError(f"predict must be a function from (n, 2) points to labels, got {type(predict).__name__}.")
    x = as_array(x, "x", ndim=2, n_features=2)
    if len(x) == 0:
        raise ValueError("x is empty: the regions are drawn around the points, so give at least one.")
    if labels is not None:
        labels = as_labels(labels, "labels")
        check_same_length(x=x, labels=labels)
    resolution = check_int(resolution, "resolution", low=2)
    margin = check_number(margin, "margin", low=0.0)
    n_classes = None if n_classes is None else check_int(n_classes, "n_classes", low=1)
    alpha = None if alpha is None else check_number(alpha, "alpha", low=0.0, high=1.0)
    lo, hi = x.min(axis=0) - margin, x.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32)
    regions = np.asarray(predict(grid)).reshape(gx.shape)
    k = n_classes or int(max(regions.max(), 0 if labels is None else np.max(labels))) + 1
    check_axes(ax)
    ax.contourf(gx, gy, regions, levels=np.arange(k + 1) - 0.5, cmap=class_cmap(k), alpha=alpha)
    plot_points(ax, x, labels, legend=False)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    return ax


def plot_curve(ax, values, *, label: str | None = None, log: bool = False, xlabel: str = "step",
               ylabel: str = "loss", color=None):
    """A training curve (loss per step or epoch); ``log`` puts the y axis on a log scale."""
    values = as_array(values, "values", ndim=1, allow_nan=True)
    check_axes(ax)
    ax.plot(np.arange(len(values)), values, label=label, color=color)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if label:
        ax.legend(frameon=False)
    return ax
